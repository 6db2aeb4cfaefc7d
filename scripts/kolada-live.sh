#!/usr/bin/env bash
# Checks hallbar's Kolada client against the real API (https://api.kolada.se/v3): fetches
# a handful of real key figures for one county's units into a throwaway cache, then reads
# them back offline. Needs network; not part of CI (whose tests use a local stand-in).
#
#   bash scripts/kolada-live.sh [COUNTY]        default 23, Jämtland Härjedalen
#
# What to look for: exit 0, a summary ending "Källa: Kolada", values with numbers, and
# the offline check finding every key. A change in Kolada's API shows as an error that
# names the URL and what was not as documented.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
county="${1:-23}"
case "$county" in [0-2][0-9]) ;; *) echo "kolada-live: a county code such as 23" >&2; exit 2 ;; esac
cargo build --quiet --locked -p hallbar-cli
bin="$target/debug/hallbar"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
year=$(date +%Y)
# An assessment of the county's region naming three common key figures.
cat >"$tmp/live.toml" <<TOML
format_version = 1

[insats]
id = "kolada-live"
titel = "Kontroll mot Kolada"
typ = "strategi"
agare = "hallbar"
beskrivning = "Hämtar några verkliga nyckeltal."
geografi = { lan = ["$county"], kommuner = [], omraden = [] }

[[nycklar]]
id = "n1"
titel = "Uppföljning"
beskrivning = "Verkliga nyckeltal."
dimensioner = ["ekologisk"]

[[indikatorer]]
id = "i1"
namn = "Växthusgasutsläpp per invånare"
enhet = "ton CO2e/inv"
nyckel = "n1"
utgangsar = $((year - 5))
kolada = "N00401"

[[indikatorer]]
id = "i2"
namn = "Förnybar energi, andel"
enhet = "%"
nyckel = "n1"
utgangsar = $((year - 5))
kolada = "N00914"
TOML
"$bin" validate "$tmp/live.toml" >/dev/null
"$bin" indikatorer hamta --cache "$tmp/cache" "$tmp/live.toml"
"$bin" indikatorer hamta --cache "$tmp/cache" --offline "$tmp/live.toml"
if command -v sqlite3 >/dev/null 2>&1; then
  echo "a few values as cached:"
  sqlite3 "$tmp/cache/kolada.db" "SELECT kpi, unit, year, gender, value FROM kolada_values ORDER BY kpi, unit, year LIMIT 12"
fi
echo "kolada-live: ok"
