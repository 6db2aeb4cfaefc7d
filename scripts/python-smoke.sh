#!/usr/bin/env bash
# The Python binding: builds the extension (maturin, into a virtual environment under
# the target folder, sharing the workspace's target folder), runs the pytest suite, and assesses an
# example: prints `python: <n> findings`.
#
#   bash scripts/python-smoke.sh [FILE.toml]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
doc=${1:-fixtures/insatser/turism-fjall.toml}
venv="$target/py-venv"
if [ ! -x "$venv/bin/maturin" ] || [ ! -x "$venv/bin/pytest" ]; then
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "maturin==1.9.6" "pytest==8.4.2"
fi
export VIRTUAL_ENV=$venv
(cd crates/hallbar-py && "$venv/bin/maturin" develop --quiet --locked >/dev/null)
"$venv/bin/pytest" -q crates/hallbar-py/tests
"$venv/bin/python" - "$doc" <<'PY'
import sys, hallbar
text = open(sys.argv[1], encoding="utf-8").read()
print(f"python: {len(hallbar.assess(text, format='toml')['findings'])} findings")
PY
