#!/usr/bin/env bash
# The server while its PostgreSQL is away: /ready answers 503, reads and writes answer
# 503 problem+json (nothing is half-done), and when the database is back the server
# answers again without a restart. Exits non-zero when any of that does not hold.
#
#   bash scripts/db-outage.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
cargo build --quiet --locked -p hallbar-cli
bin="$target/debug/hallbar"
port_pg=54335
url=$(bash scripts/pg-start.sh $port_pg)
tmp=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && { kill "$server" && wait "$server"; } 2>/dev/null || true
  bash scripts/pg-stop.sh $port_pg
  rm -rf "$tmp"
}
trap cleanup EXIT
psql -q "$url/postgres" -c "CREATE DATABASE hallbar_outage" 2>/dev/null
db="$url/hallbar_outage"
token=$("$bin" token create --db "$db" --role handlaggare --org R 2>/dev/null)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" serve --db "$db" --addr "127.0.0.1:$port" --credential-cache-secs 0 2>"$tmp/server.log" &
server=$!

check() { python3 - "$port" "$token" "$@" <<'PY'
import json, sys, time, tomllib, urllib.error, urllib.request
port, token, phase = sys.argv[1], sys.argv[2], sys.argv[3]
def call(method, path, body=None, headers=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
        data=None if body is None else json.dumps(body, default=str).encode())
    req.add_header("Authorization", f"Bearer {token}")
    if body is not None: req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items(): req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=15) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()
for _ in range(100):
    try:
        call("GET", "/health"); break
    except OSError: time.sleep(0.1)
doc = tomllib.load(open("fixtures/insatser/laddinfrastruktur.toml", "rb"))
def expect(what, got, want):
    ok = got == want
    print(f"  {'ok ' if ok else 'BAD'} {what}: {got}")
    if not ok: sys.exit(1)
if phase == "before":
    expect("stored while the database is up", call("POST", "/v1/assessments", doc)[0], 201)
    expect("/ready", call("GET", "/ready")[0], 200)
elif phase == "down":
    status, ctype, body = call("GET", "/ready")
    expect("/ready while the database is down", (status, ctype), (503, "application/problem+json"))
    status, ctype, body = call("PUT", "/v1/assessments/laddstrak-2026", doc, {"If-Match": '"1"'})
    expect("a write while it is down", (status, ctype), (503, "application/problem+json"))
    print("   ", json.loads(body)["title"])
    expect("a read while it is down", call("GET", "/v1/assessments/laddstrak-2026")[0], 503)
else:
    for _ in range(50):
        if call("GET", "/ready")[0] == 200: break
        time.sleep(0.2)
    expect("/ready when it is back, no restart", call("GET", "/ready")[0], 200)
    status, _, body = call("PUT", "/v1/assessments/laddstrak-2026", doc, {"If-Match": '"1"'})
    expect("the write, again", status, 200)
    expect("version", json.loads(body)["version"], 2)
PY
}
echo "database up"
check before
echo "database stopped"
bash scripts/pg-stop.sh $port_pg --keep
check down
echo "database started again"
bash scripts/pg-start.sh $port_pg >/dev/null
check after
echo "db-outage: the server recovered without a restart"
