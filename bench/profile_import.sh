#!/usr/bin/env bash
# Where an import's work goes, in instructions (callgrind counts them the
# same on a busy machine as on an idle one): kg importing an N-Triples file
# into a fresh store (all of it, the part inside SQLite, the parsing), and
# the raw SQLite ceiling writing the same rows. kg's import can reach half
# the ceiling's rate only if all its work fits in about twice the ceiling's.
#
# usage: bench/profile_import.sh BUILD_DIR FILE.nt
# prints one JSON object: {"kg_total", "kg_sqlite", "kg_parse", "ceiling_total"}
set -euo pipefail
build=$1
nt=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The inclusive count of the first function whose name starts so.
inclusive() {
  callgrind_annotate --inclusive=yes "$1" 2>/dev/null |
    awk -v name="$2" 'index($0, name) { gsub(",", "", $1); print $1; exit }'
}
total() {
  callgrind_annotate "$1" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }'
}

valgrind --tool=callgrind --callgrind-out-file="$tmp/kg.out" \
  "$build/kg" --db "$tmp/kg.kg" import -q "$nt" > /dev/null 2>&1
# The ceiling's statements, as raw_ceiling.sh runs them, under callgrind.
RAW_CEILING_RUNNER="valgrind --tool=callgrind --callgrind-out-file=$tmp/ceiling.out" \
  "$here/raw_ceiling.sh" "$tmp/kg.kg" 1 > /dev/null 2>&1
printf '{"kg_total": %s, "kg_sqlite": %s, "kg_parse": %s, "ceiling_total": %s}\n' \
  "$(total "$tmp/kg.out")" "$(inclusive "$tmp/kg.out" "sqlite3_step")" \
  "$(inclusive "$tmp/kg.out" "kg::parse_ntriples(")" "$(total "$tmp/ceiling.out")"
