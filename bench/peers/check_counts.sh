#!/usr/bin/env bash
# Checks that kg and the peers give the same number of answers to every
# query of the mix: bench/mix/news.kg.tsv on a kg store, bench/mix/news.sparql.tsv on each peer,
# all built from the same generated N-Triples file. Prints one row per
# query with every count, and exits non-zero on any mismatch. A query a peer
# cannot run (its error is in the peer's JSON) shows as "-" and is not a
# mismatch.
#
# usage: bench/peers/check_counts.sh [BUILD_DIR] [FACTS] [PEER...]
#   PEER  oxigraph, rdflib or redland (default: all three)
# The data file is bench/data/news-FACTS.nt (made by BUILD_DIR/kg-gen, as
# import_bench.sh makes it); the kg store and each peer's JSON output go
# to bench/data/peers/. Each peer runs every query PEER_RUNS times
# (default 1), so the JSON also holds its timings.
set -euo pipefail
build=${1:-build}
facts=${2:-100000}
shift $(($# < 2 ? $# : 2))
peers=("$@")
[ "${#peers[@]}" -gt 0 ] || peers=(oxigraph rdflib redland)
here=$(cd "$(dirname "$0")" && pwd)
data=$(dirname "$here")/data
out=$data/peers
mkdir -p "$out"
kg=$build/kg

nt=$data/news-$facts.nt
[ -s "$nt" ] || "$build/kg-gen" --facts "$facts" --format nt --out "$nt"
db=$out/news-$facts.kg
if [ ! -s "$db" ] || [ "$nt" -nt "$db" ]; then
  rm -f "$db" "$db-wal" "$db-shm"
  "$kg" --db "$db" import --quiet "$nt"
fi

errors=$(mktemp)
trap 'rm -f "$errors"' EXIT

# The count of a kg answer (see bench/mix/news.kg.tsv): the rows after the header,
# the value of a `count` column, or 1 for true and 0 for false.
kg_count() {
  local answer
  # "no answers" on stderr is no error; any other failure stops the check.
  answer=$("$kg" --db "$db" query --format tsv "$1" 2>"$errors") || {
    cat "$errors" >&2
    return 1
  }
  awk 'NR == 1 { header = $0; next }
       header == "count" { n = $1; next }
       header == "answer" { n = ($1 == "true"); next }
       { n++ }
       END { print n + 0 }' <<<"$answer"
}

declare -A kg_counts
names=()
while IFS=$'\t' read -r name query; do
  case $name in '' | '#'*) continue ;; esac
  names+=("$name")
  kg_counts[$name]=$(kg_count "$query") || { echo "check_counts.sh: kg failed on $name" >&2 && exit 1; }
done <"$here/../mix/news.kg.tsv"

declare -A peer_counts
for peer in "${peers[@]}"; do
  case $peer in
    oxigraph) runner=(node "$here/oxigraph.mjs") ;;
    rdflib) runner=("$here/rdflib_runner.py") ;;
    redland) runner=("$here/redland.py") ;;
    *) echo "check_counts.sh: unknown peer '$peer'" >&2 && exit 2 ;;
  esac
  json=$out/news-$facts.$peer.json
  echo "Running $peer on $(basename "$nt")..." >&2
  "${runner[@]}" "$nt" "$here/../mix/news.sparql.tsv" "${PEER_RUNS:-1}" >"$json"
  while IFS=$'\t' read -r name count; do
    peer_counts[$peer/$name]=$count
  done < <(jq -r '.queries[] | [.name, (.count // "-" | tostring)] | @tsv' "$json")
done

mismatches=0
printf '%-18s %10s' query kg
printf ' %10s' "${peers[@]}"
printf '\n'
for name in "${names[@]}"; do
  printf '%-18s %10s' "$name" "${kg_counts[$name]}"
  flag=""
  for peer in "${peers[@]}"; do
    count=${peer_counts[$peer/$name]:-missing}
    printf ' %10s' "$count"
    if [ "$count" != - ] && [ "$count" != "${kg_counts[$name]}" ]; then
      flag="  <- mismatch"
      mismatches=$((mismatches + 1))
    fi
  done
  printf '%s\n' "$flag"
done
echo "($facts generated facts; '-': the peer cannot run the query, see its JSON in $out)"
[ "$mismatches" -eq 0 ]
