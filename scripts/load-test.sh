#!/usr/bin/env bash
# Load test of the HTTP API on loopback with wrk (Debian package `wrk`): throughput and
# latency percentiles of assessing a document, of reading a stored assessment, and of
# /health, against a release build. Server and wrk share this machine's cores.
#
#   bash scripts/load-test.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-16}
command -v wrk >/dev/null || { echo "load-test: install wrk (apt-get install wrk)" >&2; exit 3; }
cargo build --quiet --locked --release -p hallbar-cli
bin=./target/release/hallbar
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
db="$work/hallbar.db"
token=$($bin token create --role handlaggare --org "Region Last" --label load --db "$db" 2>/dev/null)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
$bin serve --db "$db" --addr "127.0.0.1:$port" 2>/dev/null &
server=$!
python3 - "$port" <<'PY'
import sys, time, urllib.request
for _ in range(200):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/health", timeout=1); break
    except Exception: time.sleep(0.05)
PY
# The document as JSON, and one stored copy to read.
python3 - "$work/doc.json" <<'PY'
import json, sys, tomllib
def dates(v):
    if isinstance(v, dict): return {k: dates(x) for k, x in v.items()}
    if isinstance(v, list): return [dates(x) for x in v]
    return v.isoformat() if hasattr(v, "isoformat") else v
with open("fixtures/insatser/laddinfrastruktur.toml", "rb") as f:
    json.dump(dates(tomllib.load(f)), open(sys.argv[1], "w"))
PY
curl_post() { python3 - "$port" "$token" "$work/doc.json" <<'PY'
import sys, urllib.request
req = urllib.request.Request(f"http://127.0.0.1:{sys.argv[1]}/v1/assessments", data=open(sys.argv[3], "rb").read(), method="POST",
    headers={"Authorization": "Bearer " + sys.argv[2], "Content-Type": "application/json"})
urllib.request.urlopen(req)
PY
}
curl_post
cat > "$work/assess.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
local f = io.open("$work/doc.json", "r")
wrk.body = f:read("*a")
f:close()
LUA
run() {
  echo "== $1"
  shift
  wrk -t2 -c"$conns" -d"${secs}s" --latency "$@" | grep -E "Requests/sec|Latency  |50%|99%|Non-2xx|Socket errors"
}
run "POST /v1/assess (rules, graph, method on the example insats)" -s "$work/assess.lua" "http://127.0.0.1:$port/v1/assess"
run "GET /v1/assessments/{id} (stored, latest version)" -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/assessments/laddstrak-2026"
run "GET /health" "http://127.0.0.1:$port/health"
