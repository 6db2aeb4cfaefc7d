#!/usr/bin/env bash
# Renders the decision basis of every example insats, and the portfolio follow-up of a
# generated portfolio, as HTML, opens each in headless
# Chromium (Debian's `chromium`), takes a screenshot and checks that the page rendered:
# the PNG has the requested size and is not blank. Screenshots go to report-shots/ in the target folder
# for a person to look at.
#
#   bash scripts/report-screenshots.sh            (apt-get install chromium first)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
chromium_bin=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium_bin" ]; then
  echo "report-screenshots: chromium is not installed (apt-get install chromium)" >&2
  exit 3
fi
out="$target/report-shots"
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
cargo build --quiet --locked -p hallbar-cli
# Screenshots $out/$1.html and checks the picture.
shoot() {
  local name=$1
  "$chromium_bin" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --window-size=1000,3000 \
    --screenshot="$out/$name.png" "file://$out/$name.html" >/dev/null 2>&1
  python3 - "$out/$name.png" <<'PY'
import struct, sys, zlib
path = sys.argv[1]
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
width, height = struct.unpack(">II", data[16:24])
assert (width, height) == (1000, 3000), f"{path}: {width}x{height}"
# Inflate the image data and count distinct byte values: a blank or failed page is
# one or two colours; a rendered report with text, tables and figures has many.
chunks, i = [], 8
while i < len(data):
    length, kind = struct.unpack(">I4s", data[i:i + 8])
    if kind == b"IDAT":
        chunks.append(data[i + 8:i + 8 + length])
    i += 12 + length
pixels = zlib.decompress(b"".join(chunks))
distinct = len(set(pixels))
assert distinct > 100, f"{path}: looks blank ({distinct} distinct byte values)"
print(f"ok {path}: {width}x{height}, {distinct} distinct byte values")
PY

}
for f in fixtures/insatser/*.toml; do
  name=$(basename "$f" .toml)
  "$target/debug/hallbar" report "$f" -o "$out/$name.html"
  shoot "$name"
done
# The portfolio follow-up of a generated portfolio.
"$target/debug/hallbar" portfolio generate --count 2000 --seed 1 -o "$out/portfolio.ndjson"
"$target/debug/hallbar" portfolio "$out/portfolio.ndjson" --format html -o "$out/portfolio.html"
shoot portfolio
