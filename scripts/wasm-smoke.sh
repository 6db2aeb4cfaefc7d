#!/usr/bin/env bash
# The JavaScript package: builds the WebAssembly module (the core on wasm32: no threads,
# no files), generates its JavaScript glue with wasm-bindgen, runs the Node test suite,
# assesses an example in Node (`node: <n> findings`), and — when Chromium is installed —
# has a static page assess a document in headless Chromium, client side, with no server
# but a static file server on loopback.
#
#   bash scripts/wasm-smoke.sh [FILE.toml]     (cargo install wasm-bindgen-cli --version 0.2.130,
#                                               rustup target add wasm32-unknown-unknown)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
doc=${1:-fixtures/insatser/turism-fjall.toml}
crate=crates/hallbar-wasm
cargo build --quiet --locked -p hallbar-wasm --target wasm32-unknown-unknown
wasm-bindgen --target web --out-dir "$crate/js/pkg" "$target/wasm32-unknown-unknown/debug/hallbar_wasm.wasm"
node --test "$crate/tests/" >"$target/wasm-node-tests.log" 2>&1 || { cat "$target/wasm-node-tests.log"; exit 1; }
node --input-type=module - "$doc" <<'JS'
import { readFileSync } from "node:fs";
import { load } from "./crates/hallbar-wasm/js/hallbar.js";
const hallbar = await load();
const text = readFileSync(process.argv[2], "utf8");
console.log(`node: ${hallbar.assess(text, { format: "toml" }).findings.length} findings`);
JS
chromium_bin=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium_bin" ]; then
  echo "wasm-smoke: chromium not installed; the browser test did not run" >&2
  exit 0
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$crate" >/dev/null 2>&1 &
server=$!
profile=$(mktemp -d)
trap 'kill $server 2>/dev/null; rm -rf "$profile"' EXIT
for _ in $(seq 50); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break
  sleep 0.1
done
dom=$("$chromium_bin" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --virtual-time-budget=30000 --dump-dom \
  "http://127.0.0.1:$port/tests/browser/index.html" 2>/dev/null)
result=$(printf '%s' "$dom" | sed -n 's/.*<output id="result">\([^<]*\)<\/output>.*/\1/p')
echo "browser: $result"
case "$result" in
  *"conflicts: 8.2↔13.2"*) ;;
  *) echo "wasm-smoke: the page did not assess the document in the browser" >&2; exit 1 ;;
esac
