# Sourced by the scripts, from the project root: `$target` is where cargo puts what it
# builds — CARGO_TARGET_DIR, a target folder shared by several checkouts, or ./target —
# as cargo itself says, so that no script assumes the folder.
target=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
export HALLBAR_TARGET_DIR="$target"
