#!/usr/bin/env python3
"""Turns the figures of bench/peer_bench.sh (JSON lines) into RESULTS.md."""
import json
import statistics
import sys
from collections import defaultdict

TARGET_IMPORT_VS_OXIGRAPH = 5.0
TARGET_IMPORT_VS_CEILING = 0.5
TARGET_QUERY_VS_OXIGRAPH = 3.0
TARGET_ONESHOT_MS = 20.0
TARGET_10M_RSS_GIB = 2.0


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def values_floor(imports, oxigraph_rate):
    """What 5x Oxigraph's load rate leaves kg, given the time SQLite takes
    to write the rows from statement values (kg-insert-floor) and as whole
    records (the ceiling), costs taken in proportion to the rows."""
    kg = imports["kg"]
    budget = kg["triples"] / (TARGET_IMPORT_VS_OXIGRAPH * oxigraph_rate)
    copy = med(imports["sqlite"]["seconds"])
    values = med(imports["sqlite-values"]["seconds"])
    text = (f"That rate means the whole import in {budget:.2f} s. SQLite's part of kg's import alone, the same "
            f"statements fed from rows already in memory (`kg-insert-floor`), takes {values:.2f} s; the ceiling, "
            f"copying whole records, {copy:.2f} s.")
    if values <= budget:
        return text + " SQLite's part fits in that time: the gap is kg's own work."
    # One connection writes the store. It can only shed work by copying in
    # records that a second connection, on the other core, wrote from
    # values into a side file: a share f of the rows then costs copy on
    # the first core and values on the second.
    share = (values - budget) / (values - copy) if values > copy else 1.0
    if share >= 1 or share * values > budget:
        return text + " Not even two cores writing in parallel could reach it: the target is bounded by SQLite."
    used = values + share * copy
    left = 2 * budget - used
    parse = med(kg.get("parse_seconds", []))
    mib = kg.get("file_bytes", 0) / 2**20
    text += (f" So no import writing these statements on one connection can reach it. With a second core writing "
             f"{share:.0%} of the rows into a side file (costs in proportion to rows), SQLite would use {used:.2f} "
             f"of the {2 * budget:.2f} core-seconds")
    if left <= 0:
        return text + ", leaving nothing to read the file: the target is bounded by SQLite."
    return text + (f", leaving {left:.2f} core-seconds to read, parse and number the {kg['triples']:,} triples "
                   f"({mib:,.0f} MiB, {mib / left:,.0f} MiB/s); kg's reading and parsing alone takes {parse:.2f} s "
                   f"on two threads.")


def main(path):
    rows = [json.loads(line) for line in open(path) if line.strip()]
    by = defaultdict(list)
    for r in rows:
        by[(r["shape"], r["size"])].append(r)

    out = ["# Benchmark results", "",
           "Written by `bench/peer_bench.sh` (run by `make bench`); do not edit by hand.",
           "All engines load the same N-Triples file and answer the same queries (kg's",
           "language and SPARQL, `bench/mix/`); the bench fails when an answer count differs.",
           "Import rates count the file's triples per second (N-Triples lines; kg stores",
           "reified statements as facts with qualifiers). Times: median of the runs, (min-max).",
           "Virtuoso, Oxigraph, RDFLib and Redland answer in SPARQL, DuckDB in SQL over a",
           "dictionary-encoded triple table, Kuzu in Cypher over a property graph (a rel table",
           "per predicate). Virtuoso, DuckDB, Kuzu and Oxigraph each alternate their query runs",
           "with kg's in five rounds (each round: 4 runs of each query in kg, 1 in the peer,",
           "after an untimed one), so that both engines' figures come from the same stretch of",
           "time; kg's column pools all of its rounds. Store sizes are bytes on disk per fact",
           "(kg's count of facts) after the load's checkpoint; a peer's peak RSS is its",
           "process's (Virtuoso: the server's).",
           ""]
    checks = []
    bounds = []  # what bounds a missed import target
    for (shape, size) in sorted(by, key=lambda k: (k[0], k[1])):
        group = by[(shape, size)]
        out += [f"## {shape}, {size:,} facts generated", ""]
        imports = {r["engine"]: r for r in group if r["kind"] == "import"}
        peers = {r["engine"]: r["result"] for r in group if r["kind"] == "peer"}
        skipped = [r["engine"] for r in group if r["kind"] in ("skipped", "failed")]
        kg_q = next((r["result"] for r in group if r["engine"] == "kg" and r["kind"] == "queries"), None)
        oneshot = next((r["ms"] for r in group if r["kind"] == "oneshot"), [])

        out += ["| engine | load, triples/s | (min-max) | peak RSS | bytes/fact |", "|---|---:|---:|---:|---:|"]
        kg_rate = None
        if "kg" in imports:
            k = imports["kg"]
            rates = [k["triples"] / s for s in k["seconds"]]
            kg_rate = med(rates)
            out.append(f"| kg | {kg_rate:,.0f} | {min(rates):,.0f}-{max(rates):,.0f} | "
                       f"{max(k['peak_rss_kib']) / 1024:,.0f} MiB | {k['bytes'] / max(k['facts'], 1):.1f} |")
            if size >= 10_000_000:
                gib = max(k["peak_rss_kib"]) / 1024 / 1024
                checks.append((f"{shape} {size:,}: import peak RSS < {TARGET_10M_RSS_GIB} GiB", f"{gib:.2f} GiB",
                               gib < TARGET_10M_RSS_GIB))
        if "sqlite" in imports:
            c = imports["sqlite"]
            rate = c["triples"] / med(c["seconds"])
            out.append(f"| raw SQLite ceiling (same rows, no parsing) | {rate:,.0f} | | | |")
            if kg_rate:
                checks.append((f"{shape} {size:,}: kg import >= 50% of the raw SQLite ceiling",
                               f"{kg_rate / rate:.0%}", kg_rate / rate >= TARGET_IMPORT_VS_CEILING))
        ceiling_rate = imports["sqlite"]["triples"] / med(imports["sqlite"]["seconds"]) if "sqlite" in imports else None
        facts = imports["kg"]["facts"] if "kg" in imports else 0
        for name, p in peers.items():
            rate = p["triples"] / p["load_seconds"] if p["load_seconds"] else float("nan")
            per_fact = f"{p['store_bytes'] / facts:.1f}" if p.get("store_bytes") and facts else ""
            out.append(f"| {name} | {rate:,.0f} | | {(p.get('peak_rss_kib') or 0) / 1024:,.0f} MiB | {per_fact} |")
            if name == "oxigraph" and kg_rate:
                # The bound: no import into SQLite's tables beats the ceiling.
                bound = f" (the raw SQLite ceiling: {ceiling_rate / rate:.1f}x)" if ceiling_rate else ""
                checks.append((f"{shape} {size:,}: kg import >= 5x Oxigraph's load rate",
                               f"{kg_rate / rate:.1f}x{bound}", kg_rate / rate >= TARGET_IMPORT_VS_OXIGRAPH))
                if ceiling_rate and kg_rate / rate < TARGET_IMPORT_VS_OXIGRAPH:
                    need = TARGET_IMPORT_VS_OXIGRAPH * rate / ceiling_rate
                    line = (f"- {shape} {size:,}: 5x Oxigraph's load rate is {need:.0%} of the raw SQLite "
                            f"ceiling's rate" + (", beyond what any import into these tables can reach."
                                                 if need > 1 else f"; kg reached {kg_rate / ceiling_rate:.0%}."))
                    if need <= 1 and "sqlite-values" in imports:
                        line += " " + values_floor(imports, rate)
                    bounds.append(line)
        for name in skipped:
            out.append(f"| {name} | not run at this size | | | |")
        out.append("")
        for name, p in peers.items():
            if p.get("copy_seconds") is not None:
                out += [f"{name}'s load, {p['load_seconds']:.2f} s, includes writing its CSV files; its COPY "
                        f"statements alone took {p['copy_seconds']:.2f} s "
                        f"({p['triples'] / p['copy_seconds']:,.0f} triples/s).", ""]

        profile = next((r for r in group if r["kind"] == "profile"), None)
        if profile:
            g = 1e9
            other = profile["kg_total"] - profile["kg_sqlite"] - profile["kg_parse"]
            out += [f"Where the import's work goes (callgrind, instructions; `bench/profile_import.sh`): kg's whole "
                    f"import {profile['kg_total'] / g:.2f} G, of which SQLite's statements {profile['kg_sqlite'] / g:.2f} G, "
                    f"N-Triples parsing {profile['kg_parse'] / g:.2f} G (on two threads), the rest (dictionary, sorting, "
                    f"binding) {other / g:.2f} G. The raw SQLite ceiling: {profile['ceiling_total'] / g:.2f} G. "
                    f"SQLite's part of kg's import alone is {profile['kg_sqlite'] / profile['ceiling_total']:.2f}x the "
                    f"ceiling's whole work: the ceiling copies finished records table to table, which no statement "
                    f"fed from outside SQLite can do.", ""]
        if kg_q:
            names = [q["name"] for q in kg_q["queries"]]
            peer_names = list(peers)
            out += ["| query | answers | kg ms | (min-max) | " + " | ".join(f"{p} ms | kg speed-up" for p in peer_names) + " |",
                    "|---|---:|---:|---:|" + "---:|---:|" * len(peer_names)]
            peer_q = {p: {q["name"]: q for q in peers[p]["queries"]} for p in peer_names}
            for q in kg_q["queries"]:
                cells = [q["name"].replace("|", "\\|"), str(q["count"]), f"{q['median_ms']:.3f}",
                         f"{q['min_ms']:.3f}-{q['max_ms']:.3f}"]
                for p in peer_names:
                    pq = peer_q[p].get(q["name"])
                    if pq is None or pq.get("count") is None:
                        cells += ["cannot" if pq else "-", "-"]
                        continue
                    speedup = pq["median_ms"] / q["median_ms"] if q["median_ms"] else float("nan")
                    cells += [f"{pq['median_ms']:.3f}", f"{speedup:.1f}x"]
                    if p == "oxigraph":
                        checks.append((f"{shape} {size:,}: query {q['name']} >= 3x faster than Oxigraph",
                                       f"{speedup:.1f}x", speedup >= TARGET_QUERY_VS_OXIGRAPH))
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
            fastest = []
            for q in kg_q["queries"]:
                times = [(peer_q[p][q["name"]]["median_ms"], p) for p in peer_names
                         if peer_q[p].get(q["name"], {}).get("count") is not None]
                if times and q["median_ms"]:
                    ms, p = min(times)
                    fastest.append(f"{q['name']} {p} ({ms / q['median_ms']:.1f}x)")
            if len(peer_names) > 1 and fastest:
                out += ["The fastest peer per query, and kg's speed-up against it: " + "; ".join(fastest) + ".", ""]
            del names
        if oneshot:
            m = med(oneshot)
            out += [f"One-shot `kg query` (process start included, 30 runs): median {m:.2f} ms "
                    f"({min(oneshot):.2f}-{max(oneshot):.2f}).", ""]
            checks.append((f"{shape} {size:,}: one-shot kg query < {TARGET_ONESHOT_MS:.0f} ms", f"{m:.2f} ms",
                           m < TARGET_ONESHOT_MS))

    out += ["## Targets", "", "| target | figure | met |", "|---|---:|:---:|"]
    for name, figure, ok in checks:
        out.append(f"| {name} | {figure} | {'yes' if ok else '**no**'} |")
    out.append("")
    if bounds:
        out += ["Import against Oxigraph, set beside the ceiling: kg writes the rows the ceiling writes, so its "
                "rate is at most the ceiling's (see each shape's callgrind profile above for where the rest goes).",
                ""] + bounds + [""]
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
