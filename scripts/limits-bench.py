"""Time and peak memory of the costliest requests, for one or more builds side by side.

For each build and each case, a fresh server (`hallbar serve` on a temporary SQLite
file, a 600 s timeout so that nothing is cut short): one warm-up assessment of an
example, then the case's request five times. Prints the status, the body and answer
sizes, the median time, and the server's peak resident memory (VmHWM) above what it
held before the case.

    python3 scripts/limits-bench.py BIN [BIN …]

The cases: POST /v1/assess with 10, 100 and 500 effects (alternately positive and
negative, 30 goals of each direction: the most an assessment may name), 500 effects on
two goals, 345 000 empty effects, and POST /v1/diff with a 400 000-character key over
1 000 changes (the worst difference under the body limit before the key limit).
Standard library only.
"""

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.argv = [sys.argv[0], "http://127.0.0.1:1", "0", "", "", "", "0"] + sys.argv[1:]
with open(os.path.join(os.path.dirname(__file__), "hostile.py")) as f:
    exec(f.read().split("# /health every")[0])  # mixed(), fixture(): the suite's documents
BINS = sys.argv[7:]


def two_goals(n):
    doc = mixed(n)
    for i, e in enumerate(doc["effekter"]):
        e["mal"] = "8.9" if i % 2 == 0 else "13"
    return doc


def status_of(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) // 1024
    return 0


key = "k" * 400_000
CASES = [
    ("assess, 10 effects", "/v1/assess", json.dumps(mixed(10)).encode()),
    ("assess, 100 effects", "/v1/assess", json.dumps(mixed(100)).encode()),
    ("assess, 500 effects (the limit)", "/v1/assess", json.dumps(mixed(500)).encode()),
    ("assess, 500 effects on two goals", "/v1/assess", json.dumps(two_goals(500)).encode()),
    ("assess, 345 000 empty effects", "/v1/assess",
     b'{"format_version":1,"insats":{"id":"x","titel":"T","typ":"projekt","agare":"R"},"effekter":[' + b",".join([b"{}"] * 345_000) + b"]}"),
    ("diff, 400 000-character key", "/v1/diff",
     ('{"before":{"%s":[%s]},"after":{"%s":[%s]}}' % (key, ",".join(["0"] * 1000), key, ",".join(["1"] * 1000))).encode()),
]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def post(port, token, path, body):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    c.request("POST", path, body=body, headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    r = c.getresponse()
    out = r.read()
    c.close()
    return r.status, out


print(f"{'case':36} {'build':24} {'status':>6} {'body KiB':>9} {'answer KiB':>11} {'median ms':>10} {'peak +MiB':>10}")
for name, path, body in CASES:
    for binary in BINS:
        work = tempfile.mkdtemp()
        db = os.path.join(work, "h.db")
        token = subprocess.run([binary, "token", "create", "--role", "analytiker", "--org", "R", "--db", db],
                               capture_output=True, text=True).stdout.strip()
        port = free_port()
        server = subprocess.Popen([binary, "serve", "--db", db, "--addr", f"127.0.0.1:{port}", "--timeout-secs", "600"],
                                  stderr=subprocess.DEVNULL, env=dict(os.environ, HALLBAR_LOG="error"))
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        post(port, token, "/v1/assess", json.dumps(fixture("turism-fjall.toml")).encode())
        before = status_of(server.pid, "VmRSS")
        times = []
        for _ in range(5):
            started = time.monotonic()
            status, answer = post(port, token, path, body)
            times.append((time.monotonic() - started) * 1000)
        peak = status_of(server.pid, "VmHWM") - before
        server.terminate()
        server.wait()
        print(f"{name:36} {os.path.basename(os.path.dirname(binary)) + '/' + os.path.basename(binary):24} {status:>6} "
              f"{len(body) / 1024:>9.1f} {len(answer) / 1024:>11.1f} {statistics.median(times):>10.1f} {peak:>10}", flush=True)
