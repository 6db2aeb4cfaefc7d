#!/usr/bin/env bash
# Per-call cost of each binding against the Rust facade, side by side in one run: every
# binding assesses the six examples N times each (release builds), and prints the mean
# microseconds per call. Numbers go in docs/performance.md.
#
#   bash scripts/bindings-bench.sh [N]      (after bash scripts/bindings-smoke.sh has set up the tools)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
n=${1:-200}
files=(fixtures/insatser/*.toml)
cargo build --quiet --locked --release -p hallbar --example per_call
cargo build --quiet --locked --release -p hallbar-c
cargo build --quiet --locked --release -p hallbar-wasm --target wasm32-unknown-unknown
wasm-bindgen --target web --out-dir "$target/wasm-bench/pkg" "$target/wasm32-unknown-unknown/release/hallbar_wasm.wasm"
cp crates/hallbar-wasm/js/hallbar.js "$target/wasm-bench/"
venv="$target/py-venv"
export VIRTUAL_ENV=$venv
(cd crates/hallbar-py && "$venv/bin/maturin" develop --quiet --locked --release >/dev/null 2>&1)

"$target/release/examples/per_call" "$n" "${files[@]}"
"$venv/bin/python" - "$n" "${files[@]}" <<'PY'
import sys, time, hallbar
n, texts = int(sys.argv[1]), [open(p, encoding="utf-8").read() for p in sys.argv[2:]]
engine = hallbar.Engine()
start = time.perf_counter()
found = sum(len(engine.assess(t, format="toml")["findings"]) for _ in range(n) for t in texts)
print(f"python: {(time.perf_counter() - start) * 1e6 / (n * len(texts)):.1f} µs per call ({found} findings)")
PY
node --input-type=module - "$n" "${files[@]}" <<'JS'
import { readFileSync } from "node:fs";
const { load } = await import(process.env.HALLBAR_TARGET_DIR + "/wasm-bench/hallbar.js");
const [n, ...paths] = process.argv.slice(2);
const texts = paths.map((p) => readFileSync(p, "utf8"));
const hallbar = await load();
const engine = new hallbar.Engine();
const start = performance.now();
let found = 0;
for (let i = 0; i < Number(n); i++) for (const t of texts) found += engine.assess(t, { format: "toml" }).findings.length;
console.log(`node (wasm): ${(((performance.now() - start) * 1e3) / (Number(n) * texts.length)).toFixed(1)} µs per call (${found} findings)`);
JS
cat > "$target/c-bench.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "hallbar.h"
static char *request(const char *path) {
    FILE *f = fopen(path, "rb"); fseek(f, 0, SEEK_END); long n = ftell(f); fseek(f, 0, SEEK_SET);
    char *t = malloc(n + 1); if (fread(t, 1, n, f) != (size_t)n) exit(2); t[n] = 0; fclose(f);
    char *r = malloc(n * 6 + 64), *o = r; o += sprintf(o, "{\"format\": \"toml\", \"document\": \"");
    for (char *s = t; *s; s++) { unsigned char c = *s;
        if (c == '"' || c == '\\') { *o++ = '\\'; *o++ = c; } else if (c < 0x20) o += sprintf(o, "\\u%04x", c); else *o++ = c; }
    strcpy(o, "\"}"); free(t); return r;
}
int main(int argc, char **argv) {
    int n = atoi(argv[1]), k = argc - 2; char **reqs = malloc(sizeof(char *) * k);
    for (int i = 0; i < k; i++) reqs[i] = request(argv[i + 2]);
    HallbarEngine *e = hallbar_engine_builtin(); struct timespec a, b; size_t bytes = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int j = 0; j < n; j++) for (int i = 0; i < k; i++) { char *out = hallbar_assess(e, reqs[i]); bytes += strlen(out); hallbar_string_free(out); }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double us = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e3 / ((double)n * k);
    printf("c: %.1f µs per call (%zu bytes)\n", us, bytes);
    hallbar_engine_free(e); return 0;
}
C
cc -O2 -I crates/hallbar-c/include "$target/c-bench.c" -L "$target/release" -lhallbar -o "$target/c-bench"
LD_LIBRARY_PATH="$target/release" "$target/c-bench" "$n" "${files[@]}"
