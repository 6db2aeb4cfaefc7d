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
  cargo build --quiet --locked --release -p hallbar-kolada --example mock_kolada
  bin="$target/release/hallbar"
  stand_in="$target/release/examples/mock_kolada"
else
  cargo build --quiet --locked -p hallbar-cli
  cargo build --quiet --locked -p hallbar-kolada --example mock_kolada
  bin="$target/debug/hallbar"
  stand_in="$target/debug/examples/mock_kolada"
fi

tmp=$(mktemp -d)
server=""
kolada=""
cleanup() {
  [ -n "$server" ] && { kill "$server" && wait "$server"; } 2>/dev/null || true
  [ -n "$kolada" ] && { kill "$kolada" && wait "$kolada"; } 2>/dev/null || true
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
# A local stand-in for Kolada: the interface's key figures never reach the network.
"$stand_in" >"$tmp/kolada-url" &
kolada=$!
for _ in $(seq 100); do [ -s "$tmp/kolada-url" ] && break; sleep 0.05; done
"$bin" serve --db "$db" --addr "127.0.0.1:$port" --organisations "$tmp/organisations.toml" \
  --kolada-url "$(head -1 "$tmp/kolada-url")" 2>"$tmp/server.log" &
server=$!
[ "$measure" = "--measure" ] || rm -rf "$target/ui-shots"
HALLBAR_URL="http://127.0.0.1:$port" HALLBAR_TOKEN="$analyst" HALLBAR_READER="$reader" \
  HALLBAR_SCHEMA="$tmp/schemas/hallbarhetssakring.schema.json" \
  "$venv/bin/python" scripts/ui_test.py $measure
