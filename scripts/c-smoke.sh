#!/usr/bin/env bash
# The C ABI from C: builds crates/hallbar-c (the debug build the tests share), checks
# that include/hallbar.h is what cbindgen generates, compiles tests/smoke.c with the
# warnings as errors, and runs it on an example insats — under valgrind when it is
# installed (no leak, no invalid access). Prints `c: <n> findings`.
#
#   bash scripts/c-smoke.sh [FILE.toml]      (cargo install cbindgen --locked first)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
doc=${1:-fixtures/insatser/turism-fjall.toml}
crate=crates/hallbar-c
cargo build --quiet --locked -p hallbar-c
if command -v cbindgen >/dev/null 2>&1; then
  cbindgen --quiet --config "$crate/cbindgen.toml" --crate hallbar-c --output "$target/hallbar.h" "$crate"
  if ! diff -u "$crate/include/hallbar.h" "$target/hallbar.h"; then
    echo "c-smoke: $crate/include/hallbar.h is stale: regenerate with" >&2
    echo "  cbindgen --config $crate/cbindgen.toml --crate hallbar-c --output $crate/include/hallbar.h $crate" >&2
    exit 1
  fi
else
  echo "c-smoke: cbindgen not installed; header freshness not checked" >&2
fi
cc -std=c11 -Wall -Wextra -Werror -I "$crate/include" "$crate/tests/smoke.c" \
  -L "$target/debug" -lhallbar -o "$target/c-smoke"
if command -v valgrind >/dev/null 2>&1; then
  LD_LIBRARY_PATH="$target/debug" valgrind --quiet --error-exitcode=3 --leak-check=full --show-possibly-lost=no \
    --errors-for-leak-kinds=definite "$target/c-smoke" "$doc"
else
  LD_LIBRARY_PATH="$target/debug" "$target/c-smoke" "$doc"
fi
