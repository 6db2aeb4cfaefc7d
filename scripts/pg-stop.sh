#!/usr/bin/env bash
# Stops the PostgreSQL that scripts/pg-start.sh started, and removes its data (with
# --keep: keeps it, and scripts/pg-start.sh starts it again as it was).
#   bash scripts/pg-stop.sh [port] [--keep]
set -euo pipefail
port=${1:-54329}
keep=${2:-}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
dir=/tmp/hallbar-pg-$port
[ -d "$dir" ] || exit 0
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
as_pg "'$bin/pg_ctl' -D '$dir' -m fast -w stop" >/dev/null 2>&1 || true
[ "$keep" = "--keep" ] || rm -rf "$dir"
