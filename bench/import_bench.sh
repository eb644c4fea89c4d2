#!/usr/bin/env bash
# The import benchmark: 1M generated news-like facts, imported from
# N-Triples, from TSV and from Turtle (the N-Triples store exported by kg:
# prefixes, subjects grouped) into fresh stores. Prints facts/s (wall clock of
# the whole kg process, durable at commit), peak RSS and bytes per fact.
#
# usage: bench/import_bench.sh [BUILD_DIR] [FACTS] [RUNS]
set -euo pipefail
build=${1:-build}
facts=${2:-1000000}
runs=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/data
mkdir -p "$data"
kg=$build/kg
gen=$build/kg-gen

for fmt in nt tsv; do
  f=$data/news-$facts.$fmt
  [ -s "$f" ] || "$gen" --facts "$facts" --format "$fmt" --out "$f"
done
# (again when kg is newer than the Turtle: its export may have changed)
if [ ! -s "$data/news-$facts.ttl" ] || [ "$kg" -nt "$data/news-$facts.ttl" ]; then
  db=$data/bench-ttl-source.kg
  rm -f "$db" "$db-wal" "$db-shm"
  "$kg" --db "$db" import --quiet "$data/news-$facts.nt"
  "$kg" --db "$db" export "$data/news-$facts.ttl" --format ttl >/dev/null
  rm -f "$db" "$db-wal" "$db-shm"
fi

printf '%-6s %11s %11s %8s %12s %12s %10s %11s\n' \
  format statements "input rows" seconds statements/s "input rows/s" "peak RSS" bytes/fact
for fmt in nt tsv ttl; do
  f=$data/news-$facts.$fmt
  # N-Triples rows are triples (qualifiers add reification triples); TSV rows are statements;
  # Turtle's rows are counted as the triples of the N-Triples file it holds.
  src=$f
  [ "$fmt" = ttl ] && src=$data/news-$facts.nt
  rows=$(grep -cv -e '^#' -e '^subject' "$src")
  for ((run = 1; run <= runs; run++)); do
    db=$data/bench-$fmt.kg
    rm -f "$db" "$db-wal" "$db-shm"
    out=$(/usr/bin/time -f 'TIME %e %M' "$kg" --db "$db" import "$f" 2>&1)
    read_n=$(sed -n 's/.*: \([0-9,]*\) statements read.*/\1/p' <<<"$out" | tr -d ,)
    secs=$(awk '/^TIME/ {print $2}' <<<"$out")
    rss_kb=$(awk '/^TIME/ {print $3}' <<<"$out")
    size=$(stat -c %s "$db")
    stored=$("$kg" --db "$db" stats | awk '/^facts/ {gsub(",", "", $2); print $2}')
    awk -v fmt="$fmt" -v n="$read_n" -v rows="$rows" -v s="$secs" -v rss="$rss_kb" -v size="$size" \
      -v stored="$stored" 'BEGIN { printf "%-6s %11d %11d %8.2f %12d %12d %6.0f MiB %11.1f\n",
        fmt, n, rows, s, n / s, rows / s, rss / 1024, size / stored }'
  done
done
echo "(seconds: wall clock of the whole kg process, durable at commit; bytes/fact: store file / facts stored)"
