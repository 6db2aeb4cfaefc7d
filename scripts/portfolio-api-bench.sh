#!/usr/bin/env bash
# Times GET /v1/portfolio over N stored assessments (default 10 000 generated ones),
# JSON and HTML, with hyperfine (Debian packages `hyperfine`, `curl`), against a release
# build on loopback. The assessments are stored through the API first (POST, one
# connection), so that the database is what the server itself writes.
#
#   bash scripts/portfolio-api-bench.sh [count]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
count=${1:-10000}
for tool in hyperfine curl python3; do
    command -v "$tool" >/dev/null || { echo "portfolio-api-bench: install $tool" >&2; exit 3; }
done
cargo build --quiet --locked --release -p hallbar-cli
bin="$target/release/hallbar"
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
db="$work/hallbar.db"
token=$($bin token create --role analytiker --org "Region Portfölj" --label bench --db "$db" 2>/dev/null)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
$bin serve --db "$db" --addr "127.0.0.1:$port" --timeout-secs 600 2>/dev/null &
server=$!
$bin portfolio generate --count "$count" --seed 3 -o "$work/portfolio.ndjson"
python3 - "$port" "$token" "$work/portfolio.ndjson" <<'PY'
import http.client, sys, time
port, token, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
for _ in range(200):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60); c.request("GET", "/health"); c.getresponse().read(); break
    except OSError: time.sleep(0.05)
headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
with open(path, "rb") as f:
    for n, line in enumerate(f, 1):
        c.request("POST", "/v1/assessments", body=line, headers=headers)
        r = c.getresponse(); body = r.read()
        if r.status != 201: sys.exit(f"line {n}: {r.status} {body[:300]!r}")
print(f"stored {n} assessments", file=sys.stderr)
PY
url="http://127.0.0.1:$port/v1/portfolio"
hyperfine -N --warmup 2 --runs 15 \
    -n "GET /v1/portfolio ($count stored)" "curl -sf -o /dev/null -H 'Authorization: Bearer $token' $url" \
    -n "GET /v1/portfolio?format=html" "curl -sf -o /dev/null -H 'Authorization: Bearer $token' $url?format=html"
