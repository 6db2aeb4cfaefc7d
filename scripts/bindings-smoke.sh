#!/usr/bin/env bash
# Every binding from a clean checkout: builds each and assesses one example through it,
# printing `<binding>: <n> findings`; exits non-zero unless every count equals
# `hallbar assess --format json`. Bindings: the Rust facade, Python, Node (WebAssembly;
# the browser test runs inside when Chromium is installed), C.
#
#   bash scripts/bindings-smoke.sh [FILE.toml]
set -euo pipefail
cd "$(dirname "$0")/.."
doc=${1:-fixtures/insatser/turism-fjall.toml}
expected=$(cargo run --quiet --locked -p hallbar-cli -- assess --format json "$doc" \
  | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["findings"]))')
echo "cli: $expected findings"
lines=$(
  cargo run --quiet --locked -p hallbar --example assess -- "$doc"
  bash scripts/python-smoke.sh "$doc" | grep '^python: '
  bash scripts/wasm-smoke.sh "$doc" | grep '^node: '
  bash scripts/c-smoke.sh "$doc"
)
echo "$lines"
status=0
while read -r binding n _; do
  if [ "$n" != "$expected" ]; then
    echo "bindings-smoke: ${binding%:} found $n, the CLI $expected" >&2
    status=1
  fi
done <<< "$lines"
exit $status
