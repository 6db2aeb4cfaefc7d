#!/usr/bin/env bash
# Two server instances on one PostgreSQL, with writers through both to the same
# assessments at once, and one instance killed with SIGKILL half-way: exactly one write
# wins per version (the others get 412), and every acknowledged version is present
# afterwards. Prints `acknowledged N, present N` last; exits non-zero when they differ.
#
#   bash scripts/two-instances.sh [seconds]          default 10
# Uses $HALLBAR_PG_URL when set (postgres://user@host:port), else starts a throwaway
# PostgreSQL with scripts/pg-start.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
seconds=${1:-10}
cargo build --quiet --locked -p hallbar-cli
bin="$target/debug/hallbar"

started=""
if [ -z "${HALLBAR_PG_URL:-}" ]; then
  HALLBAR_PG_URL=$(bash scripts/pg-start.sh 54331)
  started=54331
fi
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do { kill -9 "$p" && wait "$p"; } 2>/dev/null || true; done
  [ -n "$started" ] && bash scripts/pg-stop.sh "$started"
  rm -rf "$tmp"
}
trap cleanup EXIT

db="hallbar_two_$$"
psql -q "$HALLBAR_PG_URL/postgres" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null
url="$HALLBAR_PG_URL/$db"
token=$("$bin" token create --db "$url" --role handlaggare --org "Region Två" --label skrivare 2>/dev/null | head -1)

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
a=$(port); b=$(port)
"$bin" serve --db "$url" --addr "127.0.0.1:$a" 2>"$tmp/a.log" & pids+=($!)
"$bin" serve --db "$url" --addr "127.0.0.1:$b" 2>"$tmp/b.log" & pids+=($!)
victim=${pids[1]}

rc=0
python3 - "$a" "$b" "$token" "$seconds" "$victim" "$tmp/summary" <<'PY' || rc=$?
import json, os, signal, sys, threading, time, tomllib, urllib.error, urllib.request
a, b, token, seconds, victim, summary = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]

def call(port, method, path, body=None, headers=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=None if body is None else json.dumps(body, default=str).encode())
    req.add_header("Authorization", f"Bearer {token}")
    if body is not None:
        req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, None

for _ in range(100):
    try:
        if all(call(p, "GET", "/health")[0] == 200 for p in (a, b)):
            break
    except OSError:
        time.sleep(0.1)

docs = []
for name in ["laddinfrastruktur.toml", "turism-fjall.toml"]:
    doc = tomllib.load(open(f"fixtures/insatser/{name}", "rb"))
    status, _ = call(a, "POST", "/v1/assessments", doc)
    assert status == 201, status
    docs.append(doc)

acked = {d["insats"]["id"]: {1} for d in docs}
lock = threading.Lock()
counts = {"ok": 0, "conflict": 0, "refused": 0}
stop = time.monotonic() + seconds

def writer(port, doc, n):
    insats = doc["insats"]["id"]
    i = 0
    while time.monotonic() < stop:
        i += 1
        try:
            status, latest = call(port, "GET", f"/v1/assessments/{insats}")
            if status != 200:
                continue
            doc["insats"]["beskrivning"] = f"skrivare {n}, ändring {i}"
            status, v = call(port, "PUT", f"/v1/assessments/{insats}", doc, {"If-Match": f'"{latest["version"]}"'})
        except OSError:
            with lock:
                counts["refused"] += 1
            time.sleep(0.05)
            continue
        with lock:
            if status == 200:
                assert v["version"] not in acked[insats], f"version {v['version']} acknowledged twice"
                acked[insats].add(v["version"])
                counts["ok"] += 1
            elif status == 412:
                counts["conflict"] += 1
            else:
                raise SystemExit(f"unexpected status {status}")

threads = [threading.Thread(target=writer, args=(port, dict(doc), n))
           for n, (port, doc) in enumerate((p, d) for p in (a, b) for d in docs for _ in range(3))]
for t in threads:
    t.start()
time.sleep(seconds / 2)
os.kill(victim, signal.SIGKILL)
print(f"instance on port {b} killed with SIGKILL after {seconds / 2:.0f} s", flush=True)
for t in threads:
    t.join()

present = 0
total = 0
for doc in docs:
    insats = doc["insats"]["id"]
    status, versions = call(a, "GET", f"/v1/assessments/{insats}/versions")
    stored = [v["version"] for v in versions["versions"]]
    # The listing holds the newest hundred; older ones are read by number.
    older = [call(a, "GET", f"/v1/assessments/{insats}/versions/{n}")[1]["version"] for n in range(1, stored[0])]
    stored = older + stored
    assert stored == list(range(1, len(stored) + 1)), "versions without gaps or repeats"
    present += len(acked[insats] & set(stored))
    total += len(acked[insats])
print(f"writes: {counts['ok']} acknowledged, {counts['conflict']} refused as conflicts (412), {counts['refused']} refused by the killed instance")
open(summary, "w").write(f"acknowledged {total}, present {present}\n")
sys.exit(0 if total == present else 1)
PY
# The killed instance reaped quietly, so that the summary is the last line.
wait "$victim" 2>/dev/null || true
cat "$tmp/summary" 2>/dev/null || echo "two-instances: no summary" >&2
exit "$rc"
