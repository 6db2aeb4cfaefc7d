# Sourced by the scripts, from the project root: `$target` is where cargo puts what it
# builds — CARGO_TARGET_DIR, a target folder shared by several checkouts, or ./target —
# as cargo itself says, so that no script assumes the folder.
target=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
export HALLBAR_TARGET_DIR="$target"

# The path of the integration test binary `name` as `cargo test --workspace --locked` builds
# it: the same selection, so nothing is built again.
test_binary() {
  cargo test --workspace --locked --no-run --message-format=json 2>/dev/null |
    python3 -c '
import json, sys
name = sys.argv[1]
found = [m["executable"] for m in map(json.loads, sys.stdin)
         if m.get("reason") == "compiler-artifact" and m.get("executable")
         and m["target"]["name"] == name and m["target"]["kind"] == ["test"]]
if len(found) != 1:
    sys.exit(f"expected one test binary named {name}, found {found}")
print(found[0])
' "$1"
}
