#!/usr/bin/env node
// The DuckDB peer: loads an N-Triples file into a DuckDB file database as a
// dictionary-encoded triple table and times hand-written SQL queries on it
// (bench/mix/*.duckdb.tsv), through the npm package @duckdb/node-api.
//
// usage: node duckdb.mjs DATA.nt QUERIES.tsv RUNS [ROUNDS]
//
// Prints one JSON object (one per round with ROUNDS), as the other runners
// do (see peer_common.mjs). The tables:
//   terms(id, lex)   every distinct term, lex its N-Triples text (an IRI in
//                    <>, a blank node _:x, a literal with its quotes and
//                    datatype or language), with a unique index on lex;
//   triples(s, p, o) term ids, each triple once (RDF graphs are sets),
//                    sorted by (p, s, o): a bound predicate, the mix's
//                    usual case, then prunes by zone maps.
// A macro term(LEX) gives a term's id, so that a query names its constants
// as text and pays for the look-up, as a SPARQL engine does.
// The load is all of it, from the file to the indexed tables: DuckDB reads
// the file (read_csv, one column a line), splits each line with a regular
// expression (subject and predicate hold no spaces in N-Triples; the object
// is the rest up to the final dot), numbers the distinct terms, writes the
// triples and checkpoints. store_bytes is the database file then.
// The database lives in a fresh folder under bench/data/, removed at exit.
// Each timed run parses, plans and runs the query and fetches every row;
// the count is the rows, or for one row of one column named count, its
// value.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fail, parseArgs, peakRssKib, requirePeer, round3, runMix } from "./peer_common.mjs";

const dataDir = new URL("../data/", import.meta.url).pathname;

// SQL text for a string constant.
const quoted = (s) => `'${s.replaceAll("'", "''")}'`;

async function load(connection, path) {
  // U+001F (unit separator) as the delimiter: no field splitting, one
  // column a line (N-Triples has no raw control characters but tab). Not
  // read_csv's comment option: it would cut lines at a '#' inside an IRI.
  await connection.run(`
    CREATE TEMP TABLE raw AS
    SELECT t.s, t.p, t.o FROM (
      SELECT regexp_extract(line, '^\\s*(\\S+)\\s+(\\S+)\\s+(.*\\S)\\s*\\.\\s*$', ['s', 'p', 'o']) AS t
      FROM read_csv(${quoted(path)}, columns = {'line': 'VARCHAR'}, delim = '\x1f', quote = '', escape = '',
                    header = false, auto_detect = false)
      WHERE trim(line) <> '' AND NOT starts_with(ltrim(line), '#'))`);
  const bad = await connection.runAndReadAll("SELECT count(*) FROM raw WHERE s = '' OR p = '' OR o = ''");
  if (Number(bad.getRows()[0][0]) > 0) throw new Error(`${bad.getRows()[0][0]} lines are not triples`);
  await connection.run(`
    CREATE TABLE terms AS
    SELECT (row_number() OVER ())::INTEGER AS id, lex
    FROM (SELECT s AS lex FROM raw UNION SELECT p FROM raw UNION SELECT o FROM raw)`);
  await connection.run(`
    CREATE TABLE triples AS
    SELECT s, p, o FROM (
      SELECT DISTINCT ts.id AS s, tp.id AS p, tobj.id AS o
      FROM raw JOIN terms ts ON ts.lex = raw.s JOIN terms tp ON tp.lex = raw.p JOIN terms tobj ON tobj.lex = raw.o)
    ORDER BY p, s, o`);
  await connection.run("DROP TABLE raw");
  await connection.run("CREATE UNIQUE INDEX terms_lex ON terms (lex)");
  await connection.run("CREATE MACRO term(l) AS (SELECT id FROM terms WHERE lex = l)");
  await connection.run("CHECKPOINT");
}

async function answerCount(connection, text) {
  const reader = await connection.runAndReadAll(text);
  if (reader.currentRowCount === 1 && reader.columnCount === 1 && reader.columnName(0) === "count")
    return Number(reader.getRows()[0][0]);
  return reader.currentRowCount;
}

async function main() {
  const args = parseArgs();
  const { module: duckdb, version } = requirePeer("duckdb", "@duckdb/node-api");
  const folder = mkdtempSync(`${dataDir}duckdb-peer-`);
  process.on("exit", () => rmSync(folder, { recursive: true, force: true }));
  const file = `${folder}/store.duckdb`;
  const instance = await duckdb.DuckDBInstance.create(file);
  const connection = await instance.connect();

  const t0 = performance.now();
  try {
    await load(connection, args.data);
  } catch (e) {
    fail(`cannot load ${args.data}: ${e?.message ?? e}`);
  }
  const loadSeconds = (performance.now() - t0) / 1000;
  const triples = Number((await connection.runAndReadAll("SELECT count(*) FROM triples")).getRows()[0][0]);
  const storeBytes = statSync(file).size;
  const engine = (await connection.runAndReadAll("SELECT version()")).getRows()[0][0];
  const threads = (await connection.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0];

  await runMix((text) => answerCount(connection, text), args, () => ({
    peer: "duckdb",
    version: `${engine} (@duckdb/node-api ${version})`,
    triples,
    load_seconds: round3(loadSeconds),
    peak_rss_kib: peakRssKib(),
    store_bytes: storeBytes,
    note: `file database, dictionary-encoded triples sorted by (p, s, o), ${threads} threads; each run plans the SQL`,
  }));
  connection.closeSync?.();
}

await main();
