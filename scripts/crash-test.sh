#!/usr/bin/env bash
# Crash safety of the HTTP API: start `hallbar serve`, write new versions of an
# assessment in a loop, kill -9 the server at a random moment, restart it, and check that
# every write the server acknowledged (201/200) is there and PRAGMA integrity_check
# passes. Repeated ROUNDS times (default 15).
#
#   bash scripts/crash-test.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
rounds=${1:-15}
cargo build --quiet --locked -p hallbar-cli
work=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
db="$work/hallbar.db"
token=$("$target/debug/hallbar" token create --role handlaggare --org "Region Krasch" --label crash --db "$db" 2>/dev/null)
python3 - "$db" "$token" "$rounds" "$PWD" <<'PY'
import json, os, random, signal, socket, sqlite3, subprocess, sys, time, urllib.request, urllib.error

db, token, rounds, root = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
binary = os.path.join(os.environ["HALLBAR_TARGET_DIR"], "debug/hallbar")
import tomllib
with open(os.path.join(root, "fixtures/insatser/laddinfrastruktur.toml"), "rb") as f:
    doc = tomllib.load(f)
def dates(v):
    # TOML dates become ISO text, as hallbar reads them.
    if isinstance(v, dict): return {k: dates(x) for k, x in v.items()}
    if isinstance(v, list): return [dates(x) for x in v]
    if hasattr(v, "isoformat"): return v.isoformat()
    return v
doc = dates(doc)

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def call(port, method, path, body=None, timeout=5):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, json.loads(r.read())

def start():
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--db", db, "--addr", f"127.0.0.1:{port}"], stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1); return proc, port
        except Exception: time.sleep(0.05)
    raise SystemExit("server did not start")

acked = 0
for r in range(rounds):
    proc, port = start()
    if r == 0:
        status, v = call(port, "POST", "/v1/assessments", doc); acked = v["version"]
    deadline = time.time() + random.uniform(0.05, 0.6)
    n = 0
    while time.time() < deadline:
        doc["insats"]["beskrivning"] = f"round {r} write {n}"; n += 1
        try:
            status, v = call(port, "PUT", "/v1/assessments/laddstrak-2026", doc)
            acked = max(acked, v["version"])
        except Exception:
            break
    proc.send_signal(signal.SIGKILL); proc.wait()
    proc, port = start()
    status, versions = call(port, "GET", "/v1/assessments/laddstrak-2026/versions")
    stored = [v["version"] for v in versions["versions"]]
    # The listing holds the newest hundred; older ones are read by number.
    stored = [call(port, "GET", f"/v1/assessments/laddstrak-2026/versions/{n}")[1]["version"] for n in range(1, stored[0])] + stored
    proc.send_signal(signal.SIGKILL); proc.wait()
    assert stored == list(range(1, len(stored) + 1)), f"round {r}: versions not contiguous"
    assert len(stored) >= acked, f"round {r}: acknowledged {acked}, stored {len(stored)}"
    check = sqlite3.connect(db).execute("PRAGMA integrity_check").fetchall()
    assert check == [("ok",)], f"round {r}: {check}"
print(f"crash-test: {rounds} kills; all {acked} acknowledged versions present; integrity_check ok")
PY
