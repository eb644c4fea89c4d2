"""What the Python peer runners share: reading the query file, timing the
queries, measuring memory and printing the one JSON object of a run.

Every runner is called as `RUNNER DATA.nt QUERIES.tsv RUNS` and prints

    {"peer": ..., "version": ..., "triples": N, "load_seconds": x,
     "peak_rss_kib": k, "queries": [{"name": ..., "count": n, "runs": r,
     "median_ms": m, "min_ms": a, "max_ms": b, "times_ms": [...]}, ...]}

on standard output ("runs": how many timed runs the median is of); a
runner with a store on disk adds "store_bytes". A runner that takes
`RUNNER DATA.nt QUERIES.tsv RUNS [ROUNDS]` (parse_args_rounds, run_mix)
times the queries, with ROUNDS, in that many rounds as oxigraph.mjs does
(see peer_common.mjs): each round waits for a line on standard input and
prints its own object. A query
is run RUNS times, but no more once its runs have taken PEER_BUDGET_SECONDS
(default 60) in all. A query the peer cannot run (a syntax it lacks) gets
"count": null and an "error" in its entry, and the run goes on; a file that
cannot be read or loaded is an error on stderr and a non-zero exit.
"""

import json
import os
import statistics
import sys
import time

USAGE = "usage: {} DATA.nt QUERIES.tsv RUNS"

# A query is repeated RUNS times, but no more once its runs have taken this
# many seconds in all (at least one run is always made).
BUDGET_SECONDS = float(os.environ.get("PEER_BUDGET_SECONDS", "60"))


def fail(message, code=1):
    print(f"{os.path.basename(sys.argv[0])}: error: {message}", file=sys.stderr)
    sys.exit(code)


def parse_args():
    """Returns (data path, [(name, sparql)], runs) from the command line."""
    if len(sys.argv) != 4:
        fail(USAGE.format(os.path.basename(sys.argv[0])), 2)
    return _data_queries_runs(*sys.argv[1:])


def parse_args_rounds():
    """Returns (data path, [(name, sparql)], runs, rounds) from the command
    line `DATA.nt QUERIES.tsv RUNS [ROUNDS]`; rounds is 0 without ROUNDS."""
    if len(sys.argv) not in (4, 5):
        fail(USAGE.format(os.path.basename(sys.argv[0])) + " [ROUNDS]", 2)
    rounds = 0
    if len(sys.argv) == 5:
        rounds = int(sys.argv[4]) if sys.argv[4].isdigit() else 0
        if rounds < 1:
            fail(f"ROUNDS must be a positive integer, not {sys.argv[4]!r}", 2)
    return (*_data_queries_runs(*sys.argv[1:4]), rounds)


def _data_queries_runs(data, queries_path, runs):
    if not os.path.isfile(data):
        fail(f"no such file: {data}", 2)
    try:
        runs = int(runs)
    except ValueError:
        runs = 0
    if runs < 1:
        fail(f"RUNS must be a positive integer, not {sys.argv[3]!r}", 2)
    return data, read_queries(queries_path), runs


def read_queries(path):
    """Reads `name<TAB>SPARQL` lines; blank lines and `#` comments are skipped."""
    queries = []
    try:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                line = line.rstrip("\r\n")
                if not line.strip() or line.startswith("#"):
                    continue
                name, tab, text = line.partition("\t")
                if not tab or not name or not text.strip():
                    fail(f"{path}:{number}: expected NAME<TAB>QUERY")
                queries.append((name, text))
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror}", 2)
    if not queries:
        fail(f"{path}: no queries")
    return queries


def peak_rss_kib(pid="self"):
    """A process's peak resident set size (VmHWM), in KiB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def time_load(load):
    """Runs load() and returns its wall time in seconds."""
    t0 = time.perf_counter()
    load()
    return time.perf_counter() - t0


# The fastest run of each query so far, by name (rounds).
_fastest = {}


def time_query(name, run_once, runs, budget_seconds=BUDGET_SECONDS, warmup=False):
    """Times run_once() (which returns the answer's count) up to `runs`
    times within budget_seconds and returns the query's entry for the JSON
    output. With warmup, one untimed run comes first (not for a query that
    took over a second)."""
    times = []
    count = None
    spent = 0.0
    try:
        if warmup and not _fastest.get(name, 0) > 1000:
            run_once()
        while len(times) < runs and (not times or spent < budget_seconds):
            t0 = time.perf_counter()
            n = run_once()
            elapsed = time.perf_counter() - t0
            spent += elapsed
            times.append(elapsed * 1000)
            if count is not None and n != count:
                raise RuntimeError(f"the count changed between runs: {count}, then {n}")
            count = n
    except Exception as e:  # the peer's own errors: report them and go on
        message = " ".join(str(e).split()) or type(e).__name__
        print(f"{os.path.basename(sys.argv[0])}: query {name}: {message}", file=sys.stderr)
        return {"name": name, "count": None, "error": message}
    times.sort()
    _fastest[name] = min(_fastest.get(name, float("inf")), times[0])
    return {
        "name": name,
        "count": count,
        "runs": len(times),
        "median_ms": round(statistics.median(times), 3),
        "min_ms": round(times[0], 3),
        "max_ms": round(times[-1], 3),
        "times_ms": [round(t, 3) for t in times],
    }


def run_mix(count, queries, runs, rounds, fields):
    """Times the mix once (rounds 0) or in rounds, each after a line on
    standard input, printing one object per run of the mix: fields() gives
    its other fields (peer, version, triples, load_seconds, ...);
    count(text) returns a query's count."""
    def mix(budget, warmup):
        return [time_query(name, lambda q=text: count(q), runs, budget, warmup) for name, text in queries]

    def report(entries, round_number=None):
        out = {**fields(), "queries": entries}
        if round_number:
            out["round"] = round_number
        print(json.dumps(out), flush=True)

    if not rounds:
        report(mix(BUDGET_SECONDS, False))
        return
    for round_number in range(1, rounds + 1):
        if not sys.stdin.readline():
            return
        report(mix(BUDGET_SECONDS / rounds, True), round_number)


def report(peer, version, triples, load_seconds, queries, note=None):
    """Prints the run's JSON object on standard output."""
    out = {
        "peer": peer,
        "version": version,
        "triples": triples,
        "load_seconds": round(load_seconds, 3),
        "peak_rss_kib": peak_rss_kib(),
        "queries": queries,
    }
    if note:
        out["note"] = note
    print(json.dumps(out))
