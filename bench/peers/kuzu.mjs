#!/usr/bin/env node
// The Kuzu peer: loads an N-Triples file into a Kuzu database as a property
// graph and times Cypher queries on it (bench/mix/*.cypher.tsv), through the
// npm package kuzu.
//
// usage: node kuzu.mjs DATA.nt QUERIES.tsv RUNS [ROUNDS]
//
// Prints one JSON object (one per round with ROUNDS), as the other runners
// do (see peer_common.mjs), with copy_seconds: the COPY statements alone.
// The graph: one node table Term(lex STRING PRIMARY KEY) for every term,
// lex its N-Triples text (an IRI in <>, a blank node _:x, a literal with
// its quotes and datatype, so that 21 the integer and "21" stay apart),
// and one rel table per predicate, FROM Term TO Term, named by the
// predicate's local name (rdf: terms as rdf_NAME; see relName). A rel
// table per predicate is Kuzu's own layout (each one a CSR adjacency
// list), and an unlabelled pattern -[r]-> still reaches every predicate,
// label(r) naming it. The reification of qualified statements stays as it
// is in RDF: blank-node Terms with rdf_subject, rdf_predicate, rdf_object
// and one rel per qualifier. Each triple is loaded once (RDF graphs are
// sets).
// The load is all of it: reading and splitting the file in Node, writing
// one CSV file for the terms and one per predicate, and Kuzu's COPY of
// each, then a checkpoint. store_bytes is the database's files then.
// The database and the CSV files live in a fresh folder under bench/data/,
// removed at exit.
// Each timed run parses, plans and runs the query and reads every row; the
// count is the rows, or for one row of one column named count, its value.
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { chunks, fail, parseArgs, peakRssKib, requirePeer, round3, runMix } from "./peer_common.mjs";

const dataDir = new URL("../data/", import.meta.url).pathname;
const RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

// The rel table of a predicate IRI: its local name (after the last #, / or
// :), rdf_ before it in the rdf namespace, characters other than letters,
// digits and _ as _, and a number after a name already taken.
function relNamer() {
  const taken = new Set(["term"]);
  return (iri) => {
    const body = iri.slice(1, -1);
    const local = body.slice(Math.max(body.lastIndexOf("#"), body.lastIndexOf("/"), body.lastIndexOf(":")) + 1);
    let name = (body.startsWith(RDF) ? "rdf_" : "") + (local.replace(/[^A-Za-z0-9_]/g, "_") || "p");
    if (/^[0-9]/.test(name)) name = `p_${name}`;
    for (let i = 2; taken.has(name.toLowerCase()); ++i) name = `${name.replace(/_\d+$/, "")}_${i}`;
    taken.add(name.toLowerCase());
    return name;
  };
}

// Lines of the file, streamed.
function* lines(path) {
  let rest = "";
  for (const chunk of chunks(path)) {
    const text = rest + chunk.toString("utf8");
    const parts = text.split("\n");
    rest = parts.pop();
    yield* parts;
  }
  if (rest) yield rest;
}

// A CSV writer with buffered output; every field quoted.
class CsvFile {
  constructor(path) {
    this.path = path;
    this.fd = openSync(path, "w");
    this.parts = [];
    this.size = 0;
  }
  row(...fields) {
    const line = `${fields.map((f) => `"${f.replaceAll('"', '""')}"`).join(",")}\n`;
    this.parts.push(line);
    this.size += line.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush() {
    writeSync(this.fd, this.parts.join(""));
    this.parts = [];
    this.size = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
  }
}

// Splits the file into a terms CSV and a CSV per predicate; returns the
// predicates' rel tables [{name, iri, path, count}].
function writeCsv(path, folder) {
  const ids = new Map(); // lex -> number, for the set of (s, o) pairs
  const terms = new CsvFile(`${folder}/terms.csv`);
  const id = (lex) => {
    let n = ids.get(lex);
    if (n === undefined) {
      n = ids.size;
      ids.set(lex, n);
      terms.row(lex);
    }
    return n;
  };
  const rels = new Map(); // predicate IRI -> {name, file, pairs}
  const namer = relNamer();
  let number = 0;
  for (const raw of lines(path)) {
    ++number;
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(\S+)\s+(\S+)\s+(.*\S)\s*\.$/.exec(line);
    if (!m) throw new Error(`line ${number} is not a triple`);
    const [, s, p, o] = m;
    let rel = rels.get(p);
    if (!rel) {
      const name = namer(p);
      rel = { name, iri: p, file: new CsvFile(`${folder}/${name}.csv`), pairs: new Set(), count: 0 };
      rels.set(p, rel);
    }
    const key = id(s) * 2 ** 26 + id(o);
    if (rel.pairs.has(key)) continue;
    rel.pairs.add(key);
    rel.file.row(s, o);
    ++rel.count;
  }
  terms.close();
  if (ids.size >= 2 ** 26) throw new Error("too many terms for the duplicate check");
  return [...rels.values()].map((r) => {
    r.file.close();
    return { name: r.name, iri: r.iri, path: r.file.path, count: r.count };
  });
}

async function load(connection, path, folder) {
  const rels = writeCsv(path, folder);
  const csv = "(HEADER = false, DELIM = ',', QUOTE = '\"', ESCAPE = '\"')";
  const t0 = performance.now();
  await connection.query("CREATE NODE TABLE Term(lex STRING, PRIMARY KEY (lex))");
  await connection.query(`COPY Term FROM '${folder}/terms.csv' ${csv}`);
  for (const r of rels) {
    await connection.query(`CREATE REL TABLE \`${r.name}\`(FROM Term TO Term)`);
    await connection.query(`COPY \`${r.name}\` FROM '${r.path}' ${csv}`);
  }
  await connection.query("CHECKPOINT");
  return { rels, copySeconds: (performance.now() - t0) / 1000 };
}

async function answerCount(connection, text) {
  const result = await connection.query(text);
  const rows = await result.getAll();
  const columns = result.getColumnNamesSync();
  result.close();
  if (rows.length === 1 && columns.length === 1 && columns[0] === "count") return Number(rows[0].count);
  return rows.length;
}

function folderBytes(folder) {
  return readdirSync(folder)
    .filter((f) => !f.endsWith(".csv") && f !== "csv")
    .reduce((sum, f) => sum + statSync(`${folder}/${f}`).size, 0);
}

async function main() {
  const args = parseArgs();
  const { module: kuzu, version } = requirePeer("kuzu", "kuzu");
  const folder = mkdtempSync(`${dataDir}kuzu-peer-`);
  process.on("exit", () => rmSync(folder, { recursive: true, force: true }));
  const database = new kuzu.Database(`${folder}/store.kuzu`);
  const connection = new kuzu.Connection(database);

  const t0 = performance.now();
  let loaded;
  try {
    loaded = await load(connection, args.data, folder);
  } catch (e) {
    fail(`cannot load ${args.data}: ${e?.message ?? e}`);
  }
  const loadSeconds = (performance.now() - t0) / 1000;
  for (const r of loaded.rels) rmSync(r.path);
  rmSync(`${folder}/terms.csv`);
  const triples = loaded.rels.reduce((sum, r) => sum + r.count, 0);
  const storeBytes = folderBytes(folder);

  await runMix((text) => answerCount(connection, text), args, () => ({
    peer: "kuzu",
    version,
    triples,
    load_seconds: round3(loadSeconds),
    copy_seconds: round3(loaded.copySeconds),
    peak_rss_kib: peakRssKib(),
    store_bytes: storeBytes,
    note: `on-disk database, Term nodes keyed by their text, ${loaded.rels.length} rel tables (one per predicate); load = CSV conversion + COPY`,
  }));
}

await main();
