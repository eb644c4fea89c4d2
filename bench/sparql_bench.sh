#!/usr/bin/env bash
# SPARQL through kg against kg's own language: the cross-store query mix
# (bench/mix/SHAPE.sparql.tsv and SHAPE.kg.tsv, the same questions under the
# same names) on one store, in rounds taken in turn so that a slow spell of
# this shared machine falls on both. Prints each query's median in both
# languages, their ratio, and whether the answers count alike; a query kg's
# SPARQL refuses is shown as refused.
#
# usage: bench/sparql_bench.sh [BUILD_DIR] [SIZES] [ROUNDS]
set -euo pipefail
build=${1:-build}
sizes=${2:-100000 1000000}
rounds=${3:-5}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/data
mkdir -p "$data"
for shape in ${BENCH_SHAPES:-news university}; do
  for n in $sizes; do
    nt=$data/$shape-$n.nt
    [ -s "$nt" ] || "$build/kg-gen" --shape "$shape" --facts "$n" --format nt --out "$nt"
    db=$data/sparql-$shape-$n.kg
    if [ ! -s "$db" ] || [ "$nt" -nt "$db" ]; then
      rm -f "$db" "$db-wal" "$db-shm"
      "$build/kg" --db "$db" import --quiet "$nt"
    fi
    kg_rounds=$(mktemp) sparql_rounds=$(mktemp)
    for ((r = 1; r <= rounds; r++)); do
      for lang in kg sparql; do
        out=$kg_rounds
        [ "$lang" = sparql ] && out=$sparql_rounds
        "$build/kg-query-bench" "$db" --queries "$here/mix/$shape.$lang.tsv" --json --runs 4 \
          --warmup $((r == 1 ? 5 : 1)) 2>/dev/null >> "$out" || true
      done
    done
    echo "== $shape, $n facts: SPARQL through kg against kg's language (median ms of $((rounds * 4)) runs)"
    python3 - "$kg_rounds" "$sparql_rounds" <<'PY'
import json, statistics, sys
def pooled(path):
    times, counts = {}, {}
    for line in open(path):
        line = line.strip()
        if not line:
            continue
        for q in json.loads(line)["queries"]:
            if "times_ms" in q:
                times.setdefault(q["name"], []).extend(q["times_ms"])
                counts[q["name"]] = q.get("count")
            else:
                times.setdefault(q["name"], [])
    return times, counts
kg, kg_n = pooled(sys.argv[1])
sp, sp_n = pooled(sys.argv[2])
print(f"{'query':<18}{'kg ms':>10}{'SPARQL ms':>11}{'ratio':>8}  answers")
for name in kg:
    a = statistics.median(kg[name]) if kg[name] else None
    b = statistics.median(sp.get(name) or [0]) if sp.get(name) else None
    if b is None:
        print(f"{name:<18}{a:>10.3f}{'refused':>11}{'':>8}")
        continue
    same = "same" if kg_n.get(name) == sp_n.get(name) else f"{kg_n.get(name)} vs {sp_n.get(name)}"
    print(f"{name:<18}{a:>10.3f}{b:>11.3f}{b / a:>8.2f}  {same}")
PY
    rm -f "$kg_rounds" "$sparql_rounds"
  done
done
