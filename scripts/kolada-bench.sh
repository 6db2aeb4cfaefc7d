#!/usr/bin/env bash
# Measures `hallbar indikatorer hamta` against a local stand-in for Kolada (no network):
# 300 assessments naming 50 key figures with a baseline 9 years back, over Sweden's 290
# municipalities, 21 regions and the country — 50 × 312 × 10 keys. Cold (an empty cache),
# then warm (answered from the cache with --offline); requests made, time, cache size.
#
#   bash scripts/kolada-bench.sh            (hyperfine if installed, else one timed run each)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
cargo build --quiet --locked --release -p hallbar-cli
cargo build --quiet --locked --release -p hallbar-kolada --example mock_kolada
bin="$target/release/hallbar"
tmp=$(mktemp -d)
mock=""
cleanup() { [ -n "$mock" ] && kill "$mock" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
"$target/release/examples/mock_kolada" >"$tmp/base" &
mock=$!
for _ in $(seq 100); do [ -s "$tmp/base" ] && break; sleep 0.05; done
base=$(cat "$tmp/base")
python3 - "$tmp/bedomningar.ndjson" <<'PY'
import json, sys
# Sweden's counties and municipalities, from the embedded places table.
text = open("crates/hallbar-core/src/catalogue/places.rs", encoding="utf-8").read()
import re
kommuner = sorted(set(re.findall(r'code: "(\d{4})"', text)))
assert len(kommuner) >= 290, len(kommuner)
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for i in range(300):
        k = kommuner[i % len(kommuner)]
        doc = {
            "format_version": 1,
            "insats": {"id": f"bank-{i}", "titel": f"Mätning {i}", "typ": "projekt", "agare": "hallbar",
                       "beskrivning": "Mätning.", "geografi": {"lan": [k[:2]], "kommuner": [k], "omraden": []}},
            "nycklar": [{"id": "n1", "titel": "Uppföljning", "dimensioner": ["ekologisk"]}],
            "indikatorer": [{"id": f"i{j}", "namn": f"Nyckeltal {j}", "enhet": "st", "nyckel": "n1",
                             "utgangsar": 2017, "kolada": f"N{j:05d}"} for j in range(1, 51)],
        }
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
PY
fetch() { "$bin" indikatorer hamta --to-year 2026 --cache "$tmp/cache" "$@" "$tmp/bedomningar.ndjson"; }
echo "cold (an empty cache):"
rm -rf "$tmp/cache"
start=$(date +%s%N); fetch --base-url "$base"; end=$(date +%s%N)
echo "  $(( (end - start) / 1000000 )) ms; cache $(du -k "$tmp/cache/kolada.db" | cut -f1) KiB"
echo "warm (--offline, from the cache):"
start=$(date +%s%N); fetch --offline | head -1; end=$(date +%s%N)
echo "  $(( (end - start) / 1000000 )) ms"
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 1 --runs 5 --command-name "cold (empty cache)" \
    --prepare "rm -rf $tmp/cache" "$bin indikatorer hamta --to-year 2026 --cache $tmp/cache --base-url $base $tmp/bedomningar.ndjson"
  hyperfine --warmup 1 --runs 10 --command-name "warm (--offline)" \
    "$bin indikatorer hamta --to-year 2026 --cache $tmp/cache --offline $tmp/bedomningar.ndjson"
fi

# The portfolio over 100 000 generated assessments (seed 1), with the indicator values
# from the cache against without them, side by side.
count=${PORTFOLIO_COUNT:-100000}
"$bin" portfolio generate --count "$count" --seed 1 -o "$tmp/portfolio.ndjson"
rm -rf "$tmp/pcache"
"$bin" indikatorer hamta --to-year 2026 --cache "$tmp/pcache" --base-url "$base" "$tmp/portfolio.ndjson"
echo "cache for the portfolio: $(du -k "$tmp/pcache/kolada.db" | cut -f1) KiB"
without="$bin portfolio $tmp/portfolio.ndjson --format json --no-progress -o /dev/null"
with="$without --offline --cache $tmp/pcache"
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 1 --runs 5 --command-name "portfolio $count, without values" "$without" \
    --command-name "portfolio $count, with values (--offline --cache)" "$with"
else
  for cmd in "$without" "$with"; do
    start=$(date +%s%N); $cmd; end=$(date +%s%N)
    echo "$cmd: $(( (end - start) / 1000000 )) ms"
  done
fi
