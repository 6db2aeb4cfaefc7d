#!/usr/bin/env bash
# Property-based fuzzing of the HTTP API with schemathesis (PyPI) against its own
# /openapi.json: every operation with generated valid and invalid requests, as an
# analyst (every role's operations allowed). Fails on any server error (5xx) and on
# responses that contradict the schema.
#
#   bash scripts/api-fuzz.sh [max-examples]      (needs python3; installs schemathesis)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
examples=${1:-40}
venv="$target/ci-venv"
if [ ! -x "$venv/bin/schemathesis" ]; then
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==4.32.5"
fi
cargo build --quiet --locked -p hallbar-cli
work=$(mktemp -d)
db="$work/hallbar.db"
token=$("$target/debug/hallbar" token create --role analytiker --org "Region Fuzz" --label fuzz --db "$db" 2>/dev/null)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$target/debug/hallbar" serve --db "$db" --addr "127.0.0.1:$port" 2>"$work/server.log" &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/health')" 2>/dev/null && break
  sleep 0.1
done
"$venv/bin/schemathesis" run "http://127.0.0.1:$port/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "$examples" \
  --no-color
if grep -q '"status":5' "$work/server.log"; then
  echo "api-fuzz: the server answered 5xx:" >&2
  grep '"status":5' "$work/server.log" | head >&2
  exit 1
fi
echo "api-fuzz: no server errors"
