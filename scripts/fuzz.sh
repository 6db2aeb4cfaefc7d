#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 60) at once, each on its corpus in
# fuzz/corpus/TARGET, then minimises each corpus and prints, per target, the executions,
# the coverage reached (libFuzzer's `cov`/`ft`) and the crashes (kept in
# fuzz/artifacts/TARGET/; each fixed gets a regression test).
#
#   bash scripts/fuzz.sh 3600        # an hour each, the targets side by side
#
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`); the
# targets are built optimised (-O) with debug assertions (-a). The fuzz workspace has its own target
# folder (fuzz/target), as cargo-fuzz expects.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
targets=(document_parser rule_parser interaction_parser matrix_reader bindings_json direct_json)
log=fuzz/logs
mkdir -p "$log"
cargo +nightly fuzz build -O -a
pids=()
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  nice -n 10 cargo +nightly fuzz run -O -a "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 \
    >"$log/$t.log" 2>&1 &
  pids+=($!)
done
status=0
for i in "${!targets[@]}"; do
  wait "${pids[$i]}" || status=1
done
printf '%-20s %14s %8s %8s %8s %s\n' target executions cov ft corpus crashes
for t in "${targets[@]}"; do
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log/$t.log" | grep -o '[0-9]*$' || echo "?")
  last=$(grep -E '#[0-9]+' "$log/$t.log" | grep -E 'cov: [0-9]+' | tail -1)
  cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$last")
  # Minimise the corpus in place: the smallest set of inputs reaching the same coverage.
  cargo +nightly fuzz cmin -O -a "$t" "fuzz/corpus/$t" >"$log/$t.cmin.log" 2>&1 || true
  corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
  crashes=$(find "fuzz/artifacts/$t" -type f | wc -l)
  printf '%-20s %14s %8s %8s %8s %s\n' "$t" "${runs:-?}" "${cov:-?}" "${ft:-?}" "$corpus" "$crashes"
  [ "$crashes" -eq 0 ] || status=1
done
exit $status
