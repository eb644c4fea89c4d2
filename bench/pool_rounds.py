#!/usr/bin/env python3
"""Pools the rounds of one engine's query timings into one result.

usage: pool_rounds.py FILE

FILE holds one JSON object per line, each a round of the same query mix as
kg-query-bench --json or a peer runner prints it (queries with name, count
and times_ms). Prints one object of the same form: the last round's other
fields, and per query every round's runs, with their median, min and max.
A query that failed in any round (count null) keeps that round's error; a
count that differs between rounds is an error (exit 1).
"""
import json
import statistics
import sys


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: pool_rounds.py FILE", file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        rounds = [json.loads(line) for line in f if line.strip()]
    if not rounds:
        print("pool_rounds.py: no rounds", file=sys.stderr)
        return 1
    pooled = {}
    order = []
    for r in rounds:
        for q in r["queries"]:
            name = q["name"]
            if name not in pooled:
                order.append(name)
                pooled[name] = {"name": name, "count": q.get("count"), "times_ms": []}
            p = pooled[name]
            if q.get("count") is None:
                p["count"] = None
                p["error"] = q.get("error", "failed")
                continue
            if p["count"] is not None and p["count"] != q["count"]:
                print(f"pool_rounds.py: {name}: the count changed between rounds: {p['count']}, then {q['count']}",
                      file=sys.stderr)
                return 1
            p["times_ms"] += q.get("times_ms", [])
    for p in pooled.values():
        times = sorted(p["times_ms"])
        if p["count"] is None or not times:
            p.pop("times_ms")
            continue
        p.update(runs=len(times), median_ms=round(statistics.median(times), 4), min_ms=round(times[0], 4),
                 max_ms=round(times[-1], 4), times_ms=times)
    out = {k: v for k, v in rounds[-1].items() if k not in ("queries", "round")}
    out["rounds"] = len(rounds)
    out["queries"] = [pooled[name] for name in order]
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
