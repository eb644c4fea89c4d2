#!/usr/bin/env bash
# The query benchmark. First the latency of a fixed list of queries inside
# one process (kg-query-bench) on a store of FACTS generated facts; then the
# wall time of one-shot `kg query` processes, start-up included, on the
# store of the curated article facts and on the generated store.
#
# usage: bench/query_bench.sh [BUILD_DIR] [FACTS] [RUNS] [SHOTS]
#   RUNS   timed runs of each query inside kg-query-bench (default 200)
#   SHOTS  one-shot kg processes timed per store (default 50)
set -euo pipefail
build=${1:-build}
facts=${2:-1000000}
runs=${3:-200}
shots=${4:-50}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
data=$here/data
mkdir -p "$data"
kg=$build/kg

# The generated store, reused while it is newer than its TSV source (which
# import_bench.sh shares).
tsv=$data/news-$facts.tsv
[ -s "$tsv" ] || "$build/kg-gen" --facts "$facts" --format tsv --out "$tsv"
generated=$data/query-$facts.kg
if [ ! -s "$generated" ] || [ "$tsv" -nt "$generated" ]; then
  echo "Importing $facts generated facts into $(basename "$generated")..."
  rm -f "$generated.new" "$generated.new-wal" "$generated.new-shm"
  "$kg" --db "$generated.new" import --quiet "$tsv"
  mv "$generated.new" "$generated"
fi

# The article store, built as `make` builds it, whenever triples/ is newer.
articles=$build/default.kg
rebuild=0
[ -s "$articles" ] || rebuild=1
for f in "$root"/triples/*.tsv; do [ "$f" -nt "$articles" ] && rebuild=1; done
if [ "$rebuild" = 1 ]; then
  rm -f "$articles.new" "$articles.new-wal" "$articles.new-shm"
  "$kg" --db "$articles.new" import --quiet "$root"/triples/*.tsv
  mv "$articles.new" "$articles"
fi

echo "== Query latency inside one process, store of $facts generated facts"
"$build/kg-query-bench" "$generated" --runs "$runs"
echo

# Wall time of one process in milliseconds, from bash's own clock (no
# process is started to read it).
wall_ms() {
  local t0=$EPOCHREALTIME
  "$@" >/dev/null
  local t1=$EPOCHREALTIME
  awk -v a="${t0/,/.}" -v b="${t1/,/.}" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }'
}

# Prints median, p95 (nearest rank) and max of the numbers on stdin.
summarize() {
  sort -g | awk '{ v[NR] = $1 }
    END { k = int(NR * 0.95); if (k < NR * 0.95) k++;
          m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
          printf "%9.2f %9.2f %9.2f", m, v[k], v[NR] }'
}

one_shot() {
  local label=$1 target=$2 db=$3 query=$4 rows
  rows=$("$kg" --db "$db" query --format tsv "$query" | tail -n +2 | wc -l)
  for _ in 1 2 3; do "$kg" --db "$db" query "$query" >/dev/null; done
  printf '%-26s %6d %s %7s  %s\n' "$label" "$rows" \
    "$(for ((i = 0; i < shots; i++)); do wall_ms "$kg" --db "$db" query "$query"; done | summarize)" \
    "$target" "$query"
}

echo "== One-shot kg query: wall time of the whole process, $shots runs each"
printf '%-26s %6s %9s %9s %9s %7s  %s\n' store rows "median ms" "p95 ms" "max ms" target query
printf '%-26s %6s %s\n' "(kg --version)" - \
  "$(for ((i = 0; i < shots; i++)); do wall_ms "$kg" --version; done | summarize)"
one_shot "articles (triples/)" "< 20" "$articles" '?who met "Jensen Huang"'
one_shot "generated, $facts facts" "" "$generated" '?who met "Person 1200"'
echo "(kg --version: process start-up alone, for comparison; target: the median wall time aimed at, in ms)"
