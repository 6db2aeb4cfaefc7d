#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (Debian's package) on loopback for the tests, the
# two-instance check and the load test, and prints its URL. Stop it with
# scripts/pg-stop.sh. Runs the server as the `postgres` user when started as root.
#
#   url=$(bash scripts/pg-start.sh [port])     default port 54329
set -euo pipefail
port=${1:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "pg-start: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 3; }
dir=/tmp/hallbar-pg-$port
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
if [ ! -s "$dir/PG_VERSION" ]; then
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_pg "'$bin/initdb' -D '$dir' -U postgres --auth=trust -E UTF8 --no-locale" >/dev/null
fi
as_pg "'$bin/pg_ctl' -D '$dir' -l '$dir/log' -w -o \"-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c fsync=on -c max_connections=200\" start" >/dev/null
echo "postgres://postgres@127.0.0.1:$port"
