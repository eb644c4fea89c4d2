#!/usr/bin/env bash
# The raw SQLite ceiling for an import: the rows a kg import wrote (terms,
# facts in three orders, qualifiers, counts) written again into a fresh
# file with the same schema and settings, straight from the first store:
# no parsing, no dictionary, no encoding. kg's import can approach this
# rate but not pass it.
#
# usage: bench/raw_ceiling.sh STORE.kg [RUNS]
#   RAW_CEILING_RUNNER: a command to run sqlite3 under (a profiler)
# prints: facts, seconds (median of RUNS), facts/s
set -euo pipefail
src=$1
runs=${2:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
facts=$(sqlite3 "file:$src?immutable=1" 'SELECT count(*) FROM facts')
# A virtual table (the full-text index) makes its shadow tables itself:
# they are not created again, and their rows, not the virtual table's,
# are copied (over the rows they start with).
shadow=" $(sqlite3 "file:$src?immutable=1" "SELECT name FROM pragma_table_list WHERE type = 'shadow'" | tr '\n' ' ') "
tables=$(sqlite3 "file:$src?immutable=1" "SELECT name FROM sqlite_master WHERE type = 'table'
  AND name NOT IN (SELECT name FROM pragma_table_list WHERE type = 'virtual') ORDER BY rowid")
times=()
for ((run = 1; run <= runs; run++)); do
  db=$tmp/ceiling.db
  rm -f "$db" "$db-wal" "$db-shm"
  {
    echo "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
    # The same tables, filled, then the same secondary indexes built once
    # (the fastest order SQLite has, and the one kg uses on an empty store).
    sqlite3 "file:$src?immutable=1" "SELECT sql || ';' FROM sqlite_master WHERE type = 'table'
      AND name NOT IN (SELECT name FROM pragma_table_list WHERE type = 'shadow') ORDER BY rowid"
    echo "ATTACH 'file:$src?immutable=1' AS src;"
    echo "BEGIN IMMEDIATE;"
    for t in $tables; do
      [[ $shadow == *" $t "* ]] && echo "INSERT OR REPLACE INTO main.$t SELECT * FROM src.$t;" ||
        echo "INSERT INTO main.$t SELECT * FROM src.$t;"
    done
    sqlite3 "file:$src?immutable=1" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    echo "COMMIT;"
  } > "$tmp/load.sql"
  start=$(date +%s.%N)
  ${RAW_CEILING_RUNNER:-} sqlite3 "$db" < "$tmp/load.sql" > /dev/null
  end=$(date +%s.%N)
  times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
awk -v n="$facts" -v s="$median" 'BEGIN { printf "%d %.3f %d\n", n, s, n / s }'
