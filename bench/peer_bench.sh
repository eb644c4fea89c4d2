#!/usr/bin/env bash
# kg beside its peers, in one run, on the same files: for each shape (news,
# university) and size, kg imports the N-Triples file (RUNS times: median,
# min, max of facts/s, peak RSS, bytes per fact), the raw SQLite ceiling
# writes the same rows, kg answers the query mix, one-shot kg query is
# timed, and the peers load the same file and answer the same mix:
# Virtuoso, Oxigraph, RDFLib and Redland in SPARQL, DuckDB in SQL over a
# triple table, Kuzu in Cypher over a property graph (bench/mix/). Any
# answer count that differs from kg's fails the bench. bench/results.py
# turns the figures into bench/RESULTS.md.
#
# usage: bench/peer_bench.sh [BUILD_DIR] [SIZES] [RUNS]
#   SIZES: facts per data set (default "100000 1000000"; make bench adds
#   10000000); BENCH_SHAPES picks shapes (default "news university");
#   BENCH_LARGE_RUNS: import runs from 10M facts on (default 3);
#   PEER_BUDGET_SECONDS: what each query's runs may take in all (default 20);
#   BENCH_PEERS: the peers to run (default "virtuoso duckdb kuzu oxigraph
#   rdflib redland").
#   Peers too slow for a size are skipped there; RESULTS.md
#   says so.
set -euo pipefail
build=${1:-build}
sizes=${2:-100000 1000000}
runs=${3:-3}
large_runs=${BENCH_LARGE_RUNS:-3}
# Seconds each query's runs may take in all, for kg and for every peer.
export PEER_BUDGET_SECONDS=${PEER_BUDGET_SECONDS:-20}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/data
mkdir -p "$data"
kg=$build/kg
results=$data/results.jsonl
: > "$results"

"$here/peers/install.sh" >&2

# The largest size each peer is run at (its load past that takes too long
# or too much memory on this machine).
peer_limit() {
  case $1 in
    virtuoso | duckdb | kuzu) echo 10000000 ;;
    oxigraph) echo 1000000 ;;
    rdflib) echo 100000 ;;
    redland) echo 100000 ;;
  esac
}

# The runner of a peer that takes rounds (see bench/peers/peer_common.mjs),
# with its mix for the shape, less the RUNS and ROUNDS arguments.
peer_runner() {
  local peer=$1 nt=$2 shape=$3
  case $peer in
    oxigraph) echo node "$here/peers/oxigraph.mjs" "$nt" "$here/mix/$shape.sparql.tsv" ;;
    virtuoso) echo "$here/peers/virtuoso.py" "$nt" "$here/mix/$shape.sparql.tsv" ;;
    duckdb) echo node "$here/peers/duckdb.mjs" "$nt" "$here/mix/$shape.duckdb.tsv" ;;
    kuzu) echo node "$here/peers/kuzu.mjs" "$nt" "$here/mix/$shape.cypher.tsv" ;;
  esac
}

# kg's query mix and a peer's, in rounds taken in turn: the peer loads the
# file once, then each round runs kg's mix (kg-query-bench, 4 runs of each
# query) and the peer's (1 run of each), so that a slow spell of this
# shared machine falls on both engines, not on one. Sets kg_json and
# peer_json, each the rounds pooled (pool_rounds.py), and adds kg's rounds
# to the file $kg_all_rounds; fails when the peer fails.
interleave_peer() {
  local peer=$1 db=$2 nt=$3 shape=$4 rounds=5 round kg_rounds peer_rounds line status=0
  local -a runner
  read -r -a runner <<<"$(peer_runner "$peer" "$nt" "$shape")"
  kg_rounds=$(mktemp) peer_rounds=$(mktemp)
  coproc round_peer { "${runner[@]}" 1 "$rounds"; }
  local to_peer from_peer peer_pid=$round_peer_PID
  # Copies of the coprocess's descriptors: bash hides its own from subshells.
  exec {to_peer}>&"${round_peer[1]}" {from_peer}<&"${round_peer[0]}"
  local budget
  budget=$(awk -v s="$PEER_BUDGET_SECONDS" -v r="$rounds" 'BEGIN { print s / r }')
  for ((round = 1; round <= rounds; round++)); do
    # The first round warms kg's caches as the load warmed the peer's.
    "$build/kg-query-bench" "$db" --queries "$here/mix/$shape.kg.tsv" --json --runs 4 \
      --warmup $((round == 1 ? 5 : 1)) --budget "$budget" >> "$kg_rounds" || status=1
    # (A subshell that ignores SIGPIPE: if the peer has died, the write
    # fails rather than ending the bench.)
    if ! (trap '' PIPE; echo go >&"$to_peer") 2>/dev/null || ! IFS= read -r line <&"$from_peer"; then
      status=1
      break
    fi
    printf '%s\n' "$line" >> "$peer_rounds"
  done
  exec {to_peer}>&- {from_peer}<&-
  wait "$peer_pid" || status=1
  if ((status == 0)); then
    kg_json=$(python3 "$here/pool_rounds.py" "$kg_rounds") && peer_json=$(python3 "$here/pool_rounds.py" "$peer_rounds") || status=1
  fi
  ((status != 0)) || cat "$kg_rounds" >> "$kg_all_rounds"
  rm -f "$kg_rounds" "$peer_rounds"
  return "$status"
}

# kg's answers to the mix, as a results record.
kg_mix_record() {
  printf '{"shape": "%s", "size": %d, "engine": "kg", "kind": "queries", "result": %s}\n' "$shape" "$n" "$kg_json" >> "$results"
}

# kg's answers to the mix on their own, 20 runs of each query.
kg_mix_alone() {
  kg_json=$("$build/kg-query-bench" "$db" --queries "$here/mix/$shape.kg.tsv" --json --runs 20 \
    --budget "$PEER_BUDGET_SECONDS")
  kg_mix_record
}

mismatch=0
for shape in ${BENCH_SHAPES:-news university}; do
  for n in $sizes; do
    nt=$data/$shape-$n.nt
    [ -s "$nt" ] || "$build/kg-gen" --shape "$shape" --facts "$n" --format nt --out "$nt"
    echo "== $shape, $n facts" >&2

    # kg import, RUNS times into fresh stores (LARGE_RUNS times from 10M
    # facts on), each run followed by one of the raw SQLite ceiling for the
    # same rows: interleaved, a slow spell of this shared machine falls on
    # both rather than on one.
    # Where kg is set against Oxigraph's load rate, SQLite's part of the
    # import is timed alone too (kg-insert-floor: the same statements, fed
    # from rows in memory).
    db=$data/peer-$shape-$n.kg
    secs=() rss=() parse_secs=() ceiling_secs=() floor_secs=()
    size_runs=$runs
    ((n < 10000000)) || size_runs=$large_runs
    for ((r = 1; r <= size_runs; r++)); do
      rm -f "$db" "$db-wal" "$db-shm"
      out=$(/usr/bin/time -f 'TIME %e %M' "$kg" --db "$db" import --timings "$nt" 2>&1)
      secs+=("$(awk '/^TIME/ {print $2}' <<<"$out")")
      rss+=("$(awk '/^TIME/ {print $3}' <<<"$out")")
      parse_secs+=("$(awk '/^read and parse/ {s += $4} END {print s + 0}' <<<"$out")")
      read -r _ ceiling_run _ < <("$here/raw_ceiling.sh" "$db" 1)
      ceiling_secs+=("$ceiling_run")
      if ((n <= $(peer_limit oxigraph))); then
        # (Left out, with a warning, where kg-insert-floor cannot write this
        # store's tables.)
        if floor_out=$("$build/kg-insert-floor" "$db" --runs 1); then
          read -r _ floor_run _ <<<"$floor_out"
          floor_secs+=("$floor_run")
        fi
      fi
    done
    triples=$(grep -c . "$nt")
    facts=$("$kg" --db "$db" stats | awk '/^facts/ {gsub(",", "", $2); print $2}')
    size=$(stat -c %s "$db")
    printf '{"shape": "%s", "size": %d, "engine": "kg", "kind": "import", "triples": %d, "facts": %d, "seconds": [%s], "parse_seconds": [%s], "peak_rss_kib": [%s], "bytes": %d, "file_bytes": %d}\n' \
      "$shape" "$n" "$triples" "$facts" "$(IFS=,; echo "${secs[*]}")" "$(IFS=,; echo "${parse_secs[*]}")" \
      "$(IFS=,; echo "${rss[*]}")" "$size" "$(stat -c %s "$nt")" >> "$results"

    printf '{"shape": "%s", "size": %d, "engine": "sqlite", "kind": "import", "triples": %d, "facts": %d, "seconds": [%s]}\n' \
      "$shape" "$n" "$triples" "$facts" "$(IFS=,; echo "${ceiling_secs[*]}")" >> "$results"
    if ((${#floor_secs[@]})); then
      printf '{"shape": "%s", "size": %d, "engine": "sqlite-values", "kind": "import", "triples": %d, "facts": %d, "seconds": [%s]}\n' \
        "$shape" "$n" "$triples" "$facts" "$(IFS=,; echo "${floor_secs[*]}")" >> "$results"
    fi

    # kg's answers to the mix: in rounds interleaved with each peer's that
    # takes rounds (below), all of them pooled; alone where no such peer
    # runs at this size.
    kg_json="" kg_recorded=0
    kg_all_rounds=$(mktemp)

    # Where the import's work goes, in instructions, at the smallest size.
    if [ "$n" = "$(echo $sizes | awk '{print $1}')" ]; then
      profile=$("$here/profile_import.sh" "$build" "$nt")
      printf '{"shape": "%s", "size": %d, "kind": "profile", "engine": "kg", %s\n' "$shape" "$n" "${profile#\{}" >> "$results"
    fi

    # One-shot kg query: the whole process, 30 runs.
    first_query=$(grep -v '^#' "$here/mix/$shape.kg.tsv" | head -n 1 | cut -f2)
    walls=()
    for ((r = 0; r < 30; r++)); do
      t0=$EPOCHREALTIME
      "$kg" --db "$db" query "$first_query" > /dev/null
      t1=$EPOCHREALTIME
      walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) * 1000 }')")
    done
    printf '{"shape": "%s", "size": %d, "engine": "kg", "kind": "oneshot", "ms": [%s]}\n' \
      "$shape" "$n" "$(IFS=,; echo "${walls[*]}")" >> "$results"

    # The peers, on the same file and the same mix in their languages:
    # those that take rounds first, so that kg's answers are there for
    # the others' counts.
    for peer in virtuoso duckdb kuzu oxigraph rdflib redland; do
      [[ " ${BENCH_PEERS:-virtuoso duckdb kuzu oxigraph rdflib redland} " == *" $peer "* ]] || continue
      if ((n > $(peer_limit "$peer"))); then
        printf '{"shape": "%s", "size": %d, "engine": "%s", "kind": "skipped"}\n' "$shape" "$n" "$peer" >> "$results"
        continue
      fi
      echo "   $peer" >&2
      case $peer in
        virtuoso | duckdb | kuzu | oxigraph)
          if ! interleave_peer "$peer" "$db" "$nt" "$shape"; then
            printf '{"shape": "%s", "size": %d, "engine": "%s", "kind": "failed"}\n' "$shape" "$n" "$peer" >> "$results"
            continue
          fi
          ;;
        rdflib | redland)
          if [ -z "$kg_json" ]; then
            kg_mix_alone
            kg_recorded=1
          fi
          [ "$peer" = rdflib ] && runner=("$here/peers/rdflib_runner.py") || runner=("$here/peers/redland.py")
          if ! peer_json=$("${runner[@]}" "$nt" "$here/mix/$shape.sparql.tsv" 5); then
            printf '{"shape": "%s", "size": %d, "engine": "%s", "kind": "failed"}\n' "$shape" "$n" "$peer" >> "$results"
            continue
          fi
          ;;
      esac
      printf '{"shape": "%s", "size": %d, "engine": "%s", "kind": "peer", "result": %s}\n' \
        "$shape" "$n" "$peer" "$peer_json" >> "$results"
      # Every answer count must be kg's.
      if ! python3 - "$kg_json" "$peer_json" "$peer" "$shape" "$n" <<'EOF'; then
import json, sys
kg = {q["name"]: q["count"] for q in json.loads(sys.argv[1])["queries"]}
peer = {q["name"]: q["count"] for q in json.loads(sys.argv[2])["queries"]}
# A query the peer cannot run (count null, with its error) is reported, not compared.
bad = [(k, kg[k], peer.get(k)) for k in kg if peer.get(k) is not None and peer[k] != kg[k]]
for name, a, b in bad:
    print(f"count mismatch: {sys.argv[3]} on {sys.argv[4]}-{sys.argv[5]}, {name}: kg {a}, {sys.argv[3]} {b}", file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
        mismatch=1
      fi
    done
    # kg's record: every round interleaved with a peer's, pooled; or alone.
    if [ -s "$kg_all_rounds" ]; then
      kg_json=$(python3 "$here/pool_rounds.py" "$kg_all_rounds")
      kg_mix_record
    elif ((!kg_recorded)); then
      kg_mix_alone
    fi
    rm -f "$kg_all_rounds"
  done
done

python3 "$here/results.py" "$results" > "$here/RESULTS.md"
echo "wrote bench/RESULTS.md" >&2
exit "$mismatch"
