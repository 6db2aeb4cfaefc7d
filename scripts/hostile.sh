#!/usr/bin/env bash
# The server under hostile input (issue 22): a server under a memory cap — a cgroup v2
# memory.max where this machine lets us make one, `ulimit -v` otherwise — is sent
# scripts/hostile.py's cases (documents at and over every limit, several at once; long
# keys and huge differences; thousands of distinct oversized and unknown credentials;
# connections that never finish their headers; hostile texts in the Markdown decision
# basis; the portfolio of assessments at the limits) while /health is asked every 50 ms.
# It fails unless every answer is a 4xx or a bounded 2xx, /health answers within 100 ms
# throughout, the server's peak memory (VmHWM) stays under CEILING_MIB, and the server
# ends still serving with the data it started with.
#
#   bash scripts/hostile.sh                          the debug build, as CI runs it
#   HALLBAR_BIN=target/release/hallbar bash scripts/hostile.sh
#
# CEILING_MIB (default 320) is the documented ceiling of docs/deploy.md; the cap is
# twice that, so that going over the ceiling is reported rather than killed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ceiling=${CEILING_MIB:-320}
if [ -z "${HALLBAR_BIN:-}" ]; then
  cargo build --quiet --locked -p hallbar-cli
fi
bin=${HALLBAR_BIN:-"$target/debug/hallbar"}
work=$(mktemp -d)
server=""
group=""
cleanup() {
  [ -n "$server" ] && { kill "$server" && wait "$server"; } 2>/dev/null || true
  [ -n "$group" ] && rmdir "$group" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

db="$work/hallbar.db"
token() { "$bin" token create --db "$db" --role "$1" --org "Region Fientlig" --label "$1" 2>/dev/null | head -1; }
reader=$(token lasare)
writer=$(token handlaggare)
analyst=$(token analytiker)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cap_bytes=$((ceiling * 2 * 1024 * 1024))
if grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null \
  && mkdir "/sys/fs/cgroup/hallbar-hostile-$$" 2>/dev/null; then
  group="/sys/fs/cgroup/hallbar-hostile-$$"          # cgroup v2
  echo "$cap_bytes" > "$group/memory.max"
  echo 0 > "$group/memory.swap.max" 2>/dev/null || true
  cap="cgroup memory.max $((ceiling * 2)) MiB"
elif [ -d /sys/fs/cgroup/memory ] && mkdir "/sys/fs/cgroup/memory/hallbar-hostile-$$" 2>/dev/null; then
  group="/sys/fs/cgroup/memory/hallbar-hostile-$$"   # cgroup v1
  echo "$cap_bytes" > "$group/memory.limit_in_bytes"
  cap="cgroup memory.limit_in_bytes $((ceiling * 2)) MiB"
else
  cap="ulimit -v $((ceiling * 2 + 1024)) MiB (virtual: thread stacks and reservations count too)"
fi
echo "hostile: $bin under $cap"
(
  if [ -n "$group" ]; then echo $BASHPID > "$group/cgroup.procs"; else ulimit -v $(((ceiling * 2 + 1024) * 1024)); fi
  HALLBAR_LOG=warn exec "$bin" serve --db "$db" --addr "127.0.0.1:$port" --header-timeout-secs 2
) 2>"$work/server.log" &
server=$!
for _ in $(seq 100); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/health', timeout=1)" 2>/dev/null && break
  sleep 0.1
done
status=0
python3 scripts/hostile.py "http://127.0.0.1:$port" "$server" "$reader" "$writer" "$analyst" "$ceiling" || status=$?
if ! kill -0 "$server" 2>/dev/null; then
  echo "hostile: the server is gone"; tail -5 "$work/server.log"; status=1
fi
# SIGTERM while requests are in flight: the server stops accepting, lets them finish
# within the request timeout (10 s) and a second, and exits.
python3 - "$port" "$reader" <<'PY' &
import http.client, json, sys, threading, time
port, token = int(sys.argv[1]), sys.argv[2]
body = json.dumps({"format_version": 1, "insats": {"id": "x", "titel": "T", "typ": "projekt", "agare": "R"},
    "effekter": [{"id": f"e{i}", "mal": ["8", "13"][i % 2], "riktning": ["positiv", "negativ"][i % 2], "styrka": 3,
                  "typ": "direkt", "motivering": "m", "sakerhet": "hog"} for i in range(500)]}).encode()
def load():
    end = time.monotonic() + 5
    while time.monotonic() < end:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
            c.request("POST", "/v1/assess", body=body, headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
            c.getresponse().read()
        except OSError:
            return
for t in [threading.Thread(target=load) for _ in range(4)]:
    t.start()
PY
sleep 1
started=$(date +%s%N)
kill -TERM "$server"
wait "$server" || true
server=""
took=$(( ($(date +%s%N) - started) / 1000000 ))
if [ "$took" -le 12000 ]; then
  echo "  ok    SIGTERM under load: stopped in $took ms (bound: the request timeout + 2 s)"
else
  echo "  FAIL  SIGTERM under load: stopped in $took ms (bound: 12 000 ms)"; status=1
fi
wait 2>/dev/null || true
if grep -q '"level":"ERROR"' "$work/server.log"; then
  echo "hostile: the server logged errors:"; grep '"level":"ERROR"' "$work/server.log" | head -5; status=1
fi
exit $status
