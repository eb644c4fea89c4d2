#!/usr/bin/python3
"""The RDFLib peer: loads an N-Triples file into an in-memory rdflib Graph
and times SPARQL queries on it.

usage: rdflib_runner.py DATA.nt QUERIES.tsv RUNS

Runs Debian's python3 (python3-rdflib, see install.sh). Each timed run
parses the query text, evaluates it and reads every solution. The count of
a query is its number of solutions; for an answer of one solution with the
single variable ?count, that value; for ASK, 1 or 0.
"""

import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common  # noqa: E402

try:
    import rdflib
    from rdflib.term import Variable
except ImportError:
    peer_common.fail("rdflib is not installed for this python3 (run install.sh)")


def answer_count(result):
    if result.type == "ASK":
        return 1 if result.askAnswer else 0
    if result.type != "SELECT":  # CONSTRUCT or DESCRIBE: count the triples
        return len(result.graph)
    # The solutions, read from `bindings`: iterating the result would skip
    # a solution that binds no variable (the answer to a pattern of three
    # constants).
    solutions = result.bindings
    count = Variable("count")
    if list(result.vars or []) == [count] and len(solutions) == 1:
        return int(solutions[0][count].toPython())
    return len(solutions)


def main():
    data, queries, runs = peer_common.parse_args()
    graph = rdflib.Graph()
    try:
        load_seconds = peer_common.time_load(lambda: graph.parse(data, format="nt"))
    except Exception as e:
        peer_common.fail(f"cannot load {data}: {e}")
    entries = [peer_common.time_query(name, lambda q=text: answer_count(graph.query(q)), runs)
               for name, text in queries]
    peer_common.report("rdflib", rdflib.__version__, len(graph), load_seconds, entries,
                       note="in-memory Graph (default Memory store); each run parses the query")


if __name__ == "__main__":
    main()
