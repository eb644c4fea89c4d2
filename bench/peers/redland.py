#!/usr/bin/python3
"""The Redland peer: loads an N-Triples file into a Redland (librdf) model
with SQLite storage and times SPARQL queries on it with Rasqal, through
Redland's Python bindings (python3-librdf, see install.sh).

usage: redland.py DATA.nt QUERIES.tsv RUNS

The store is a fresh SQLite file in a temporary folder, removed at exit;
the load is one transaction, committed before the clock stops.
Redland's SQLite storage indexes neither literals nor blank nodes, so
each new one is looked up by a scan and the load slows down quadratically
(about 400 triples/s at 160K triples). REDLAND_STORAGE=hashes uses the
in-memory hashes storage instead: it loads fast, but it has no index for
a pattern with only its predicate bound, and some joins (a triangle, the
reification of qualifiers) then take minutes at 100K facts.
Each timed run parses the query text, executes it and reads every
solution. The count of a query is its number of solutions; for an answer
of one solution with the single variable ?count, that value; for ASK, 1
or 0. Rasqal has no SPARQL 1.1 property paths: such a query is reported
with an error.
"""

import os
import pathlib
import shutil
import sys
import tempfile
import warnings

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common  # noqa: E402

try:
    import RDF
    import Redland
except ImportError:
    peer_common.fail("Redland's Python bindings are not installed for this python3 (run install.sh)")

# Rasqal warns (as Python warnings) about variables bound but not projected.
warnings.filterwarnings("ignore", category=RDF.RedlandWarning)


def open_model(kind, folder):
    if kind == "sqlite":
        args = {"storage_name": "sqlite", "name": os.path.join(folder, "store.sqlite"),
                "options_string": "new='yes'"}
    elif kind == "hashes":
        args = {"storage_name": "hashes", "name": "peer", "options_string": "hash-type='memory'"}
    else:
        peer_common.fail(f"REDLAND_STORAGE must be sqlite or hashes, not {kind!r}", 2)
    try:
        return RDF.Model(RDF.Storage(**args))
    except RDF.RedlandError as e:
        peer_common.fail(f"cannot open Redland {kind} storage (is librdf-storage-sqlite installed?): {e}")


def load(model, data):
    parser = RDF.Parser(name="ntriples")
    uri = RDF.Uri(pathlib.Path(data).resolve().as_uri())
    # One transaction for the whole file (a no-op for the hashes storage).
    in_transaction = Redland.librdf_model_transaction_start(model._model) == 0
    # The library call itself: RDF.Parser.parse_into_model also prints
    # errors on standard output, which carries the JSON.
    Redland.librdf_parser_parse_into_model(parser._parser, uri._reduri, uri._reduri, model._model)
    if in_transaction and Redland.librdf_model_transaction_commit(model._model) != 0:
        raise RuntimeError("the load's commit failed")
    model.sync()


def answer_count(model, text):
    results = RDF.Query(text, query_language="sparql").execute(model)
    if results is None:
        raise RuntimeError("the query failed")
    if results.is_boolean():
        return 1 if results.get_boolean() else 0
    if not results.is_bindings():  # CONSTRUCT or DESCRIBE: count the triples
        return sum(1 for _ in results.as_stream())
    single_count = results.get_bindings_count() == 1 and results.get_binding_name(0) == "count"
    rows = [row for row in results]
    if single_count and len(rows) == 1:
        return int(rows[0]["count"].literal_value["string"])
    return len(rows)


def main():
    data, queries, runs = peer_common.parse_args()
    kind = os.environ.get("REDLAND_STORAGE", "sqlite")
    folder = tempfile.mkdtemp(prefix="redland-peer-")
    try:
        model = open_model(kind, folder)
        try:
            load_seconds = peer_common.time_load(lambda: load(model, data))
        except Exception as e:
            peer_common.fail(f"cannot load {data}: {e}")
        entries = [peer_common.time_query(name, lambda q=text: answer_count(model, q), runs)
                   for name, text in queries]
        version = f"librdf {Redland.librdf_version_string}, rasqal {Redland.rasqal_version_string}"
        peer_common.report(f"redland-{kind}", version, model.size(), load_seconds, entries,
                           note=f"Redland {kind} storage through the Python bindings; "
                                "each run parses the query")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
