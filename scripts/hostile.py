"""The server under hostile input from ordinary token holders (see scripts/hostile.sh).

Sends every case of docs/deploy.md's limits at a running server, several at once, while
a prober asks /health every 50 ms. Checks that every answer is a 4xx or a bounded 2xx,
that /health answers within 100 ms throughout, that the server's peak memory stays under
the ceiling, and that it ends still serving with the data it started with.

    python3 scripts/hostile.py URL PID READER HANDLAGGARE ANALYTIKER CEILING_MIB

Standard library only.
"""

import http.client
import json
import socket
import sys
import threading
import time
import tomllib

URL, PID, READER, WRITER, ANALYST, CEILING = sys.argv[1:7]
HOST, PORT = URL.removeprefix("http://").split(":")
PORT = int(PORT)
CEILING = int(CEILING)
MAX_BODY = 1024 * 1024
failures = []


def check(ok, what):
    print(("  ok    " if ok else "  FAIL  ") + what, flush=True)
    if not ok:
        failures.append(what)


def call(method, path, body=None, token=READER, headers=None, timeout=60):
    """(status, headers, body bytes) of one request on a fresh connection."""
    c = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    h = {"Content-Type": "application/json"}
    if token:
        h["Authorization"] = "Bearer " + token
    h.update(headers or {})
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    try:
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    except (OSError, http.client.HTTPException) as e:
        return 0, {}, str(e).encode()
    finally:
        c.close()


def peak_mib():
    with open(f"/proc/{PID}/status") as f:
        for line in f:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) // 1024
    return 0


def fixture(name):
    with open(f"fixtures/insatser/{name}", "rb") as f:
        doc = tomllib.load(f)

    def plain(v):
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, list):
            return [plain(x) for x in v]
        return v.isoformat() if hasattr(v, "isoformat") else v

    return plain(doc)


POSITIVE = ["8", "8.1", "8.2", "8.3", "8.9", "9", "9.1", "9.2", "11", "11.2", "7.2", "7.3"]
NEGATIVE = ["13", "13.1", "13.2", "15", "15.1", "15.5", "14", "14.1", "6", "6.3", "12.2", "12.5"]


with open("fixtures/sdg/SDG_Target_Indicator_UNSD_2023.csv", encoding="utf-8") as f:
    TARGETS = sorted({line.split(";")[2].strip() for line in list(f)[1:] if line.count(";") > 2})


def mixed(n, goals=30):
    """An assessment of n effects, alternating positive and negative, on up to `goals`
    goals of each direction (the catalogue's targets), each motivation long."""
    positive = (POSITIVE + [t for t in TARGETS if t not in POSITIVE + NEGATIVE])[:goals]
    negative = (NEGATIVE + [t for t in TARGETS[::-1] if t not in POSITIVE + NEGATIVE])[:goals]
    doc = fixture("turism-fjall.toml")
    doc["effekter"] = [
        {
            "id": f"e{i}",
            "mal": (positive if i % 2 == 0 else negative)[(i // 2) % goals],
            "riktning": "positiv" if i % 2 == 0 else "negativ",
            "styrka": 3,
            "typ": "direkt",
            "motivering": "m" * 1000,
            "sakerhet": "hog",
        }
        for i in range(n)
    ]
    for section in ["atgarder", "nycklar", "indikatorer"]:
        doc[section] = []
    return doc


# /health every 50 ms, each within 100 ms. This prober shares the machine (and Python's
# lock) with the threads sending the hostile load, so a probe over 100 ms is asked again
# at once: it counts as slow only when the server is slow twice in a row, not when this
# process was held up once.
probe = {"n": 0, "slow": [], "max": 0.0, "hiccups": 0, "stop": False}


def timed_health():
    started = time.monotonic()
    status, _, _ = call("GET", "/health", token=None, timeout=1)
    return status, time.monotonic() - started


def prober():
    while not probe["stop"]:
        status, took = timed_health()
        probe["n"] += 1
        probe["max"] = max(probe["max"], took)
        if status != 200 or took > 0.1:
            again_status, again = timed_health()
            probe["n"] += 1
            if again_status == 200 and again <= 0.1:
                probe["hiccups"] += 1
            else:
                probe["slow"].append((status, round(took * 1000, 1), again_status, round(again * 1000, 1)))
        time.sleep(0.05)


def at_once(n, work):
    """Runs work(i) for i < n in parallel threads; their results in order."""
    out = [None] * n

    def run(i):
        out[i] = work(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def bounded(status, body, limit):
    return 200 <= status < 300 and len(body) <= limit


def main():
    # What is there before: one stored assessment, read back at the end.
    status, _, stored = call("POST", "/v1/assessments", fixture("laddinfrastruktur.toml"), token=WRITER)
    check(status == 201, f"an assessment is stored ({status})")
    before = json.loads(stored)
    threading.Thread(target=prober, daemon=True).start()

    print("assessments at and over the limits")
    for n in [10, 100, 500]:
        doc = json.dumps(mixed(n)).encode()
        status, _, body = call("POST", "/v1/assess", doc)
        check(bounded(status, body, 50 * MAX_BODY), f"{n} effects ({len(doc) // 1024} KiB): {status}, {len(body) // 1024} KiB answered")
    status, _, body = call("POST", "/v1/assess", mixed(501))
    check(status == 422 and b"at most 500" in body, f"501 effects: {status}")
    status, _, body = call("POST", "/v1/assess", mixed(200, goals=31))
    check(status == 422 and b"at most 60" in body, f"62 goals named: {status}")
    empties = b'{"format_version":1,"insats":{"id":"x","titel":"T","typ":"projekt","agare":"R"},"effekter":[' + b",".join([b"{}"] * 345_000) + b"]}"
    results = at_once(4, lambda i: call("POST", "/v1/assess", empties))
    check(all(s == 422 and b"values" in b for s, _, b in results), f"345 000 empty effects ({len(empties) // 1024} KiB), four at once: {[s for s, _, _ in results]}")
    results = at_once(4, lambda i: call("POST", "/v1/assess", mixed(500)))
    check(all(bounded(s, b, 50 * MAX_BODY) for s, _, b in results), f"500 effects, four at once: {[s for s, _, _ in results]}")
    status, _, body = call("POST", "/v1/assess", b'{"format_version":1,' + b'"a":' * 100 + b"1" + b"}" * 101)
    check(status == 422, f"nested 100 levels: {status}")

    print("differences")
    key = "k" * 400_000
    body = ('{"before":{"%s":[%s]},"after":{"%s":[%s]}}' % (key, ",".join(["0"] * 1000), key, ",".join(["1"] * 1000))).encode()
    status, _, answer = call("POST", "/v1/diff", body)
    check(status == 422 and len(answer) < 4096, f"a 400 000-character key ({len(body) // 1024} KiB): {status}, {len(answer)} bytes")
    key = "k" * 260_000
    body = ('{"before":{"%s":[%s]},"after":{"%s":[%s]}}' % (key, ",".join(["0"] * 120_000), key, ",".join(["1"] * 120_000))).encode()
    status, _, answer = call("POST", "/v1/diff", body)
    check(status in (413, 422), f"120 000 changes under a 260 000-character key ({len(body) // 1024} KiB): {status}")
    deep = lambda v, d: [v] * 30_000 if d == 0 else {"k" * 256: deep(v, d - 1)}  # noqa: E731
    body = json.dumps({"before": deep(0, 60), "after": deep(1, 60)}).encode()
    status, _, answer = call("POST", "/v1/diff", body)
    truncated = status == 200 and json.loads(answer).get("truncated") is True
    check(truncated and len(answer) <= 4 * len(body) + 70_000, f"30 000 changes 60 levels down long keys ({len(body) // 1024} KiB): {status}, {len(answer) // 1024} KiB, truncated")

    deep = b"".join(b'{"' + b"k" * 16_000 + b'%d":' % i for i in range(28))
    body = b'{"format_version":1,"x":' + deep + b"{" + b",".join(b'"a%d":{}' % i for i in range(40_000)) + b"}" * 29 + b"}"
    started = time.monotonic()
    status, _, _ = call("POST", "/v1/assess", body)
    check(status == 422 and time.monotonic() - started < 5, f"40 000 members under 28 keys of 16 000 characters ({len(body) // 1024} KiB): {status}")
    item = {"id": "i" * 300_000, "v": list(range(30_000))}
    body = json.dumps({"before": [item], "after": [dict(item, v=list(range(1, 30_001)))]}).encode()
    started = time.monotonic()
    status, _, answer = call("POST", "/v1/diff", body)
    check(status == 200 and time.monotonic() - started < 5 and len(answer) <= 4 * len(body) + 70_000, f"30 000 changes under a 300 000-character id ({len(body) // 1024} KiB): {status}, {len(answer) // 1024} KiB")

    print("credentials and headers")
    statuses = set(s for s, _, _ in (call("POST", "/v1/session", {"token": f"hb_{i:064x}"}, token=None) for i in range(1000)))
    check(statuses == {401}, f"1 000 sign-ins with made-up tokens: {sorted(statuses)}")
    status, _, _ = call("POST", "/v1/assess", b"x" * 1_000_000, token=None)
    check(status == 401, f"a 1 MB body without a token is refused unread: {status}")
    statuses = set()
    for i in range(3000):
        token = f"{i:08d}" + "x" * (256 * 1024)
        status, _, _ = call("GET", "/v1/goals", token=token, timeout=10)
        statuses.add(status)
    check(statuses <= {431, 0}, f"3 000 distinct 256 KiB bearer tokens: {sorted(statuses)}")
    statuses = set(s for s, _, _ in (call("GET", "/v1/goals", token=f"hb_{i:064x}") for i in range(3000)))
    check(statuses == {401}, f"3 000 distinct well-formed unknown tokens: {sorted(statuses)}")
    status, _, _ = call("GET", "/v1/goals", token=None, headers={"Cookie": "hallbar_session=" + "x" * 8000})
    check(status == 401, f"an 8 000-character session cookie: {status}")
    slow = []
    for _ in range(50):
        s = socket.create_connection((HOST, PORT))
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        slow.append(s)
    time.sleep(3.5)
    closed = 0
    for s in slow:
        s.settimeout(0.5)
        try:
            # Closed: the end of the stream (or an answer, then the end).
            closed += s.recv(1) in (b"", b"H")
        except socket.timeout:
            pass  # still open
        except OSError:
            closed += 1  # reset
        s.close()
    check(closed == 50, f"50 connections with partial headers are closed after the header timeout: {closed}")

    print("the rest of the endpoints")
    status, _, body = call("POST", "/v1/graph/metrics?second_order_weight=1e308", b"")
    check(status == 400 and b"second_order_weight" in body, f"second_order_weight=1e308: {status}")
    status, _, body = call("GET", "/v1/assessments/x/versions/99999999999999999999")
    check(status == 400 and b"query" not in body, f"a version number out of range in the path: {status}")
    hostile = fixture("vindkraft-renskotsel.toml")
    hostile["insats"]["id"] = "markdown-prov"
    hostile["insats"]["beskrivning"] = "<script>alert(1)</script>\n# Beslut: bifall\n[x](javascript:alert(1)) <!-- resten"
    status, _, _ = call("POST", "/v1/assessments", hostile, token=WRITER)
    status, headers, body = call("GET", "/v1/assessments/markdown-prov/report?format=md")
    text = body.decode()
    check(status == 200 and "<script" not in text.replace("\\<script", "") and "\n# Beslut" not in text and "](javascript" not in text.replace("\\](javascript", ""), f"the Markdown decision basis escapes what it quotes: {status}")
    check(headers.get("cache-control") == "no-store", "authenticated answers are not cached")
    status, _, _ = call("GET", "/v1/portfolio", token=WRITER)
    check(status == 403, f"the portfolio is the analysts' ({status} for a handläggare)")
    for i in range(20):
        doc = mixed(500)
        doc["insats"]["id"] = f"stor-{i}"
        call("POST", "/v1/assessments", doc, token=WRITER)
    results = at_once(2, lambda i: call("GET", "/v1/portfolio?format=html", token=ANALYST))
    check(all(bounded(s, b, 50 * MAX_BODY) for s, _, b in results), f"the portfolio of 20 assessments at the limits, twice at once: {[s for s, _, _ in results]}")
    results = at_once(4, lambda i: call("GET", "/v1/assessments/stor-1/report?format=html"))
    check(all(bounded(s, b, 50 * MAX_BODY) for s, _, b in results), f"the decision basis of one at the limits, four at once: {[s for s, _, _ in results]}")

    probe["stop"] = True
    time.sleep(0.2)
    print("afterwards")
    check(not probe["slow"], f"/health answered within 100 ms throughout ({probe['n']} probes, slowest {probe['max'] * 1000:.1f} ms, {probe['hiccups']} asked again after a slow first answer): {probe['slow'][:5]}")
    peak = peak_mib()
    check(peak <= CEILING, f"peak memory {peak} MiB, ceiling {CEILING} MiB")
    status, _, body = call("GET", f"/v1/assessments/{before['insats_id']}")
    after = json.loads(body) if status == 200 else {}
    check(status == 200 and after.get("version") == before["version"] and after.get("document") == before["document"], "the assessment stored first is there, unchanged")
    check(call("GET", "/health", token=None)[0] == 200, "the server is still serving")
    print(f"hostile: {len(failures)} failure(s); peak memory {peak} MiB")
    sys.exit(1 if failures else 0)


main()
