#!/usr/bin/env bash
# Whole-process portfolio runs at 10 000, 100 000 and 1 000 000 generated insatser (the
# `dist` build: fat LTO; hyperfine from Debian's package `hyperfine`): wall time,
# insatser per second, and peak resident memory (GNU time). The portfolios are generated
# once into portfolio-bench/ in the target folder (about 2.85 KB per insats: 1M is 2.85 GB).
#
#   bash scripts/portfolio-bench.sh [sizes…]     e.g. bash scripts/portfolio-bench.sh 10000 100000
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
sizes=("${@:-10000 100000 1000000}")
read -r -a sizes <<<"${sizes[*]}"
command -v hyperfine >/dev/null || { echo "portfolio-bench: install hyperfine (apt-get install hyperfine)" >&2; exit 3; }
[ -x /usr/bin/time ] || { echo "portfolio-bench: install GNU time (apt-get install time)" >&2; exit 3; }
cargo build --quiet --locked --profile dist -p hallbar-cli
bin="$target/dist/hallbar"
dir="$target/portfolio-bench"
mkdir -p "$dir"
echo "| insatser | NDJSON | wall time (mean ± σ) | insatser/s | peak RSS |"
echo "|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
    file="$dir/portfolio-$n.ndjson"
    [ -s "$file" ] || $bin portfolio generate --count "$n" --seed 1 -o "$file"
    runs=$(( n >= 1000000 ? 3 : 5 ))
    hyperfine --style none --warmup 1 --runs "$runs" -N \
        --export-json "$dir/hyperfine-$n.json" \
        "$bin portfolio $file --format json -o /dev/null" >/dev/null
    rss_kb=$( { /usr/bin/time -f %M $bin portfolio "$file" --format json -o /dev/null; } 2>&1 | tail -1)
    python3 - "$dir/hyperfine-$n.json" "$n" "$rss_kb" "$(stat -c %s "$file")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
n, rss, size = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
print(f"| {n:,} | {size / 1e6:,.0f} MB | {r['mean']:.2f} ± {r['stddev']:.2f} s | {n / r['mean']:,.0f} | {rss / 1024:.0f} MiB |".replace(",", " "))
PY
done
