#!/usr/bin/env bash
# Reading a 169 × 169 target matrix and computing SEI's metrics, from an Excel workbook
# against from CSV, side by side: `hallbar graph metrics --matrix` (whole process,
# release build). The matrix: every target of the 2030 Agenda, each ordered pair scored
# −3 … 3 (about a third of the pairs, seeded, so the same every run).
#
#   bash scripts/matrix-bench.sh            (hyperfine if installed, else one timed run each)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
cargo build --quiet --locked --release -p hallbar-cli
bin="$target/release/hallbar"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/m169.csv" <<'PY'
import csv, random, sys
rows = list(csv.reader(open("fixtures/sdg/SDG_Target_Indicator_UNSD_2023.csv", encoding="utf-8-sig"), delimiter=";"))
targets = []
for r in rows[1:]:
    t = r[2].strip()
    if t and t not in targets:
        targets.append(t)
assert len(targets) == 169, len(targets)
rng = random.Random(169)
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write("," + ",".join(targets) + "\n")
    for a in targets:
        cells = []
        for b in targets:
            cells.append("" if a == b or rng.random() > 0.33 else str(rng.randint(-3, 3)))
        out.write(a + "," + ",".join(cells) + "\n")
PY
"$bin" graph export --matrix "$tmp/m169.csv" --to xlsx -o "$tmp/m169.xlsx"
echo "csv $(du -k "$tmp/m169.csv" | cut -f1) KiB, xlsx $(du -k "$tmp/m169.xlsx" | cut -f1) KiB"
cmp <("$bin" graph metrics --matrix "$tmp/m169.csv" --format json) \
    <("$bin" graph metrics --matrix "$tmp/m169.xlsx" --format json) && echo "the same metrics from both"
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 2 --runs 20 \
    --command-name "csv" "$bin graph metrics --matrix $tmp/m169.csv --format json" \
    --command-name "xlsx" "$bin graph metrics --matrix $tmp/m169.xlsx --format json"
else
  for f in m169.csv m169.xlsx; do
    start=$(date +%s%N); "$bin" graph metrics --matrix "$tmp/$f" --format json >/dev/null; end=$(date +%s%N)
    echo "$f: $(( (end - start) / 1000000 )) ms"
  done
fi
