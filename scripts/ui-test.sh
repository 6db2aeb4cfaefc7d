#!/usr/bin/env bash
# The web interface in headless Chromium (Debian's chromium and chromium-driver, driven
# by Selenium from Python): a server on a temporary database whose organisation starts
# on the Jämtland–Härjedalen profile, sign-in, a new assessment from scratch, a goal
# conflict appearing as effects are typed, the checkpoint after A, save and reload
# (version 2), the decision basis, versions, the workshop view, the portfolio; the
# form against the assessment schema (every field has a control, or docs/web.md says
# why not; every range and list of values as the schema's); the referral flow of
# issue 24 written from scratch to a decision basis printed to PDF, with its actions
# counted; drafts; English, tablet width, a document whose texts hold HTML and script
# (nothing runs), the session cookie and CSRF. A screenshot of each page goes to
# ui-shots/ in the target folder, each checked to be non-blank; any console error or
# CSP violation fails the run.
#
#   bash scripts/ui-test.sh            the test
#   bash scripts/ui-test.sh --measure  also the time from a keystroke to updated
#                                      findings over the six examples (release build)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
measure=${1:-}

for tool in chromium chromedriver; do
  command -v "$tool" >/dev/null || { echo "ui-test: $tool is missing (apt-get install chromium chromium-driver)" >&2; exit 3; }
done

venv="$target/py-venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import selenium, PIL, pypdf" 2>/dev/null ||
  "$venv/bin/pip" install --quiet --disable-pip-version-check selenium==4.27.1 pillow==11.0.0 pypdf==5.1.0

if [ "$measure" = "--measure" ]; then
  cargo build --quiet --locked --release -p hallbar-cli
  bin="$target/release/hallbar"
else
  cargo build --quiet --locked -p hallbar-cli
  bin="$target/debug/hallbar"
fi

tmp=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && { kill "$server" && wait "$server"; } 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

db="$tmp/ui.db"
token() { "$bin" token create --db "$db" --role "$1" --org "Region Testlän" --label "$2" 2>/dev/null | head -1; }
analyst=$(token analytiker "Anna Analytiker")
reader=$(token lasare "Lars Läsare")
port=$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# The tokens' organisation starts on Jämtland–Härjedalen's profile and its RUS.
cat >"$tmp/organisations.toml" <<'TOML'
format_version = 1

[[organisation]]
namn = "Region Testlän"
metod = "jamtland-harjedalen"
ramverk = "rus-exempel"
TOML
mkdir -p "$tmp/schemas"
"$bin" schema --out "$tmp/schemas" >/dev/null
"$bin" serve --db "$db" --addr "127.0.0.1:$port" --organisations "$tmp/organisations.toml" 2>"$tmp/server.log" &
server=$!
[ "$measure" = "--measure" ] || rm -rf "$target/ui-shots"
HALLBAR_URL="http://127.0.0.1:$port" HALLBAR_TOKEN="$analyst" HALLBAR_READER="$reader" \
  HALLBAR_SCHEMA="$tmp/schemas/hallbarhetssakring.schema.json" \
  "$venv/bin/python" scripts/ui_test.py $measure
