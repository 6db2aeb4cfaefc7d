#!/usr/bin/env bash
# The HTTP API under load, three stores side by side in one run (release build; server
# and load generators share this machine's cores, loopback):
#
#   mutex     SQLite behind one mutex, every token looked up in the database — the
#             server as it was before the pool (--connections 0 --credential-cache-secs 0)
#   pool      SQLite with one writer and 8 WAL readers, token lookups cached for 5 s
#   postgres  PostgreSQL (a throwaway local one, scripts/pg-start.sh), 8 connections
#
# For each: GET of a stored assessment at saturation (wrk), POST /v1/assess at
# saturation (wrk), and POST /v1/assess at half of that rate for its latency
# (hallbar-load: a constant-rate open loop, each latency counted from when its request
# was due). Needs Debian's wrk and postgresql.
#
#   bash scripts/load-test.sh [seconds] [connections]        default 10 s, 16
#
# HALLBAR_BIN=path/to/hallbar measures another build of the server (an earlier commit's,
# for a comparison side by side).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
secs=${1:-10}
conns=${2:-16}
command -v wrk >/dev/null || { echo "load-test: install wrk (apt-get install wrk)" >&2; exit 3; }
cargo build --quiet --locked --release -p hallbar-cli -p hallbar-bench --bin hallbar --bin hallbar-load
bin=${HALLBAR_BIN:-"$target/release/hallbar"}
work=$(mktemp -d)
server=""
pg=""
cleanup() {
  [ -n "$server" ] && { kill "$server" && wait "$server"; } 2>/dev/null || true
  [ -n "$pg" ] && bash scripts/pg-stop.sh 54333
  rm -rf "$work"
}
trap cleanup EXIT

python3 - "$work/doc.json" <<'PY'
import json, sys, tomllib
with open("fixtures/insatser/laddinfrastruktur.toml", "rb") as f:
    json.dump(tomllib.load(f), open(sys.argv[1], "w"), default=str)
PY

start() { # start <db> <serve options…>: a server on a free port, a token, one stored copy
  local db=$1; shift
  token=$($bin token create --role handlaggare --org "Region Last" --label load --db "$db" 2>/dev/null)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  HALLBAR_LOG=warn $bin serve --db "$db" --addr "127.0.0.1:$port" "$@" 2>"$work/server.log" &
  server=$!
  python3 - "$port" "$token" "$work/doc.json" <<'PY'
import sys, time, urllib.request
port, token, doc = sys.argv[1:]
for _ in range(200):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1); break
    except Exception: time.sleep(0.05)
req = urllib.request.Request(f"http://127.0.0.1:{port}/v1/assessments", data=open(doc, "rb").read(), method="POST",
    headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
urllib.request.urlopen(req)
PY
  cat > "$work/assess.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
local f = io.open("$work/doc.json", "r")
wrk.body = f:read("*a")
f:close()
LUA
}

stop() { { kill "$server" && wait "$server"; } 2>/dev/null || true; server=""; }

# wrk's requests/s, p50 and p99 (ms), and its non-2xx count.
saturate() {
  wrk -t2 -c"$conns" -d"${secs}s" --latency "$@" | python3 -c '
import re, sys
t = sys.stdin.read()
def ms(label):
    m = re.search(label + r"\s+([\d.]+)(us|ms|s)", t)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
p50, p99, n = ms("50%"), ms("99%"), bad.group(1) if bad else 0
print(f"{rps:.0f} {p50:.2f} {p99:.2f} {n}")'
}

# hallbar-load at a fixed rate: achieved requests/s, p50, p99 and p99.9 (ms), non-2xx.
at_rate() {
  local rate=$1 url=$2
  "$target/release/hallbar-load" --url "$url" --rate "$rate" --seconds "$secs" --connections 8 \
    --method POST --body "$work/doc.json" --header "Authorization: Bearer $token" \
    --header "Content-Type: application/json" |
    while read -r rps p50 p90 p99 p999 max bad opened; do echo "$rps $p50 $p99 $p999 $bad"; done
}

echo "| store | GET /v1/assessments/{id}: req/s | p50 | p99 | POST /v1/assess: req/s | p99 | at half that rate: req/s | p50 | p99 | p99.9 | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
row() { # row <name> <db> <serve options…>
  local name=$1 db=$2; shift 2
  start "$db" "$@"
  read -r g_rps g_p50 g_p99 g_bad < <(saturate -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/assessments/laddstrak-2026")
  read -r a_rps a_p50 a_p99 a_bad < <(saturate -s "$work/assess.lua" "http://127.0.0.1:$port/v1/assess")
  read -r h_rps h_p50 h_p99 h_p999 h_bad < <(at_rate $(( a_rps / 2 )) "http://127.0.0.1:$port/v1/assess")
  stop
  echo "| $name | $g_rps | $g_p50 ms | $g_p99 ms | $a_rps | $a_p99 ms | $h_rps | $h_p50 ms | $h_p99 ms | $h_p999 ms | $((g_bad + a_bad + h_bad)) |"
}
row "SQLite, one mutex (before)" "$work/mutex.db" --connections 0 --credential-cache-secs 0
row "SQLite, writer + 8 readers" "$work/pool.db" --connections 8
if pg_url=$(bash scripts/pg-start.sh 54333 2>/dev/null); then
  pg=1
  psql -q "$pg_url/postgres" -c "CREATE DATABASE hallbar_load" 2>/dev/null
  row "PostgreSQL, 8 connections" "$pg_url/hallbar_load" --connections 8
else
  echo "| PostgreSQL | not installed here | | | | | | | | | |"
fi
