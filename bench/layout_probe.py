#!/usr/bin/env python3
"""What replacing facts_osp by a distinct projection would gain and cost.

Virtuoso keeps two full orderings of its quads and small distinct
projections for the rest. The same for kg: facts (SPO) and facts_pos (POS)
full, and in place of facts_osp the distinct (o, p) pairs, facts_op(o, p).
Every pattern shape stays a range scan: ?s ?p O reads O's predicates from
facts_op and each (p, O) range of facts_pos; S ?p O reads O's predicates
and probes facts for each.

This copies a kg store, adds facts_op beside facts_osp, and prints both
tables' sizes and the time per lookup of the two shapes that read
facts_osp, each way, over the same random objects and facts (best of
three passes, SQLite alone, no kg in between).

usage: bench/layout_probe.py STORE.kg [LOOKUPS]
"""
import os
import shutil
import sqlite3
import sys
import tempfile
import time


def per_lookup_us(db, sql, args):
    best = None
    rows = 0
    for _ in range(3):
        rows = 0
        start = time.perf_counter()
        for a in args:
            rows += len(db.execute(sql, a).fetchall())
        took = time.perf_counter() - start
        best = took if best is None else min(best, took)
    return best / len(args) * 1e6, rows


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    lookups = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "probe.kg")
        shutil.copyfile(sys.argv[1], copy)
        db = sqlite3.connect(copy)
        db.executescript(
            "CREATE TABLE facts_op(o INTEGER NOT NULL, p INTEGER NOT NULL, PRIMARY KEY(o, p)) WITHOUT ROWID;"
            "INSERT INTO facts_op SELECT DISTINCT o, p FROM facts_osp ORDER BY o, p;"
        )
        db.commit()
        sizes = dict(db.execute(
            "SELECT name, sum(pgsize) FROM dbstat WHERE name IN ('facts_osp', 'facts_op') GROUP BY name"))
        total = os.path.getsize(sys.argv[1])
        facts = db.execute("SELECT count(*) FROM facts").fetchone()[0]
        pairs = db.execute("SELECT count(*) FROM facts_op").fetchone()[0]
        print(f"facts {facts:,}; distinct (o, p) pairs {pairs:,}; store {total / 2**20:.1f} MiB")
        print(f"facts_osp {sizes['facts_osp'] / 2**20:.1f} MiB, facts_op {sizes['facts_op'] / 2**20:.1f} MiB: "
              f"the store {100 * (sizes['facts_osp'] - sizes['facts_op']) / total:.1f}% smaller")
        objects = [r for r in db.execute(
            "SELECT o FROM facts_op GROUP BY o ORDER BY random() LIMIT ?", (lookups,))]
        pairs_so = [r for r in db.execute("SELECT s, o FROM facts ORDER BY random() LIMIT ?", (lookups,))]
        shapes = [
            ("?s ?p O", objects,
             "SELECT s, p FROM facts_osp WHERE o = ?1",
             "SELECT f.s, f.p FROM facts_op x JOIN facts_pos f ON f.p = x.p AND f.o = x.o WHERE x.o = ?1"),
            ("S ?p O", pairs_so,
             "SELECT p FROM facts_osp WHERE o = ?2 AND s = ?1",
             "SELECT x.p FROM facts_op x WHERE x.o = ?2 AND EXISTS "
             "(SELECT 1 FROM facts f WHERE f.s = ?1 AND f.p = x.p AND f.o = ?2)"),
        ]
        print("| shape | lookups | rows | facts_osp us | facts_op us | change |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, args, full, projected in shapes:
            a, rows_a = per_lookup_us(db, full, args)
            b, rows_b = per_lookup_us(db, projected, args)
            if rows_a != rows_b:
                sys.exit(f"{name}: {rows_a} rows through facts_osp, {rows_b} through facts_op")
            print(f"| {name} | {len(args)} | {rows_a} | {a:.1f} | {b:.1f} | {100 * (b - a) / a:+.0f}% |")
        db.close()


if __name__ == "__main__":
    main()
