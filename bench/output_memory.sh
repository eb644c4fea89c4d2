#!/usr/bin/env bash
# Peak memory of printing a whole store: `kg query '?s ?p ?o'` in every
# output mode, and `kg export`, on a store of FACTS generated facts (the
# store query_bench.sh builds, reused). Rows are streamed, so the peak
# should not grow with the answer.
#
# usage: bench/output_memory.sh [BUILD_DIR] [FACTS]
set -euo pipefail
build=${1:-build}
facts=${2:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/data
mkdir -p "$data"
kg=$build/kg
tsv=$data/news-$facts.tsv
[ -s "$tsv" ] || "$build/kg-gen" --facts "$facts" --format tsv --out "$tsv"
store=$data/query-$facts.kg
if [ ! -s "$store" ] || [ "$tsv" -nt "$store" ]; then
  rm -f "$store" "$store-wal" "$store-shm"
  "$kg" --db "$store" import --quiet "$tsv"
fi
printf '%-10s %10s %12s %14s\n' mode seconds "peak KiB" "bytes written"
for mode in tsv csv jsonl json markdown table box line; do
  out=$(mktemp)
  stats=$( { /usr/bin/time -f '%e %M' "$kg" --db "$store" query '?s ?p ?o' --format "$mode" >"$out"; } 2>&1 | tail -1)
  printf '%-10s %10s %12s %14s\n' "$mode" ${stats% *} ${stats#* } "$(stat -c %s "$out")"
  rm -f "$out"
done
out=$(mktemp)
stats=$( { /usr/bin/time -f '%e %M' "$kg" --db "$store" export --format tsv >"$out"; } 2>&1 | tail -1)
printf '%-10s %10s %12s %14s\n' "export" ${stats% *} ${stats#* } "$(stat -c %s "$out")"
rm -f "$out"
