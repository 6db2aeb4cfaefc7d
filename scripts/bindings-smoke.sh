#!/usr/bin/env bash
# Every binding from a clean checkout: builds each and assesses one example through it,
# printing `<binding>: <n> findings`; exits non-zero when a binding fails, prints no count,
# or counts otherwise than `hallbar assess --format json`. Bindings: the Rust facade,
# Python (its pytest suite runs inside), Node (WebAssembly; its Node tests, and the
# browser test when Chromium is installed, run inside) and C (under valgrind).
#
#   bash scripts/bindings-smoke.sh [FILE.toml]
set -euo pipefail
cd "$(dirname "$0")/.."
doc=${1:-fixtures/insatser/turism-fjall.toml}
expected=$(cargo run --quiet --locked -p hallbar-cli -- assess --format json "$doc" \
  | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["findings"]))')
echo "cli: $expected findings"

# Runs a binding's build and check; its output must hold `<name>: <n> findings` with the
# CLI's count.
check() {
  local name=$1 out line
  shift
  if ! out=$("$@"); then
    printf '%s\n' "$out" >&2
    echo "bindings-smoke: $name failed" >&2
    exit 1
  fi
  if ! line=$(printf '%s\n' "$out" | grep "^$name: "); then
    printf '%s\n' "$out" >&2
    echo "bindings-smoke: $name printed no count" >&2
    exit 1
  fi
  echo "$line"
  if [ "$(printf '%s' "$line" | cut -d' ' -f2)" != "$expected" ]; then
    echo "bindings-smoke: $name found otherwise than the CLI ($expected)" >&2
    exit 1
  fi
}

check rust cargo run --quiet --locked -p hallbar --example assess -- "$doc"
check python bash scripts/python-smoke.sh "$doc"
check node bash scripts/wasm-smoke.sh "$doc"
check c bash scripts/c-smoke.sh "$doc"
