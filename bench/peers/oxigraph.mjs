#!/usr/bin/env node
// The Oxigraph peer: loads an N-Triples file into Oxigraph's in-memory Store
// (the npm package, WebAssembly) and times SPARQL queries on it.
//
// usage: node oxigraph.mjs DATA.nt QUERIES.tsv RUNS [ROUNDS]
//
// Prints one JSON object, as the other runners do (see peer_common.py):
// {"peer", "version", "triples", "load_seconds", "peak_rss_kib",
//  "queries": [{"name", "count", "runs", "median_ms", "min_ms", "max_ms",
//  "times_ms"}]}.
// With ROUNDS, the queries are timed in that many rounds of RUNS runs each
// (after one untimed run, for queries under a second), every round waiting
// for a line on standard input and printing its own object (with "round"),
// so that a driver can run another engine's rounds in between
// (peer_bench.sh interleaves kg's).
// The package is the one install.sh puts under bench/data/peers/oxigraph.
// Each timed run parses the query text, evaluates it and reads every
// solution. The count of a query is its number of solutions; for an answer
// of one solution with the single variable ?count, that value; for ASK, 1
// or 0; for CONSTRUCT, the triples. A query repeats RUNS times, but no more
// once its runs have taken PEER_BUDGET_SECONDS (default 60) in all.
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { basename } from "node:path";
import { performance } from "node:perf_hooks";

const self = basename(process.argv[1] ?? "oxigraph.mjs");

function fail(message, code = 1) {
  process.stderr.write(`${self}: error: ${message}\n`);
  process.exit(code);
}

// The package installed by install.sh, else one node finds on its own.
function loadOxigraph() {
  const require = createRequire(new URL("../data/peers/oxigraph/", import.meta.url));
  try {
    return { oxigraph: require("oxigraph"), version: require("oxigraph/package.json").version };
  } catch {
    fail("the oxigraph package is not installed (run install.sh)");
  }
}

// Reads `name<TAB>SPARQL` lines; blank lines and `#` comments are skipped.
function readQueries(path) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    fail(`cannot read ${path}: ${e.message}`, 2);
  }
  const queries = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (!line.trim() || line.startsWith("#")) return;
    const tab = line.indexOf("\t");
    if (tab <= 0 || !line.slice(tab + 1).trim()) fail(`${path}:${i + 1}: expected NAME<TAB>QUERY`);
    queries.push({ name: line.slice(0, tab), text: line.slice(tab + 1) });
  });
  if (queries.length === 0) fail(`${path}: no queries`);
  return queries;
}

// The file in chunks, so that the parser streams it rather than holding a
// copy of the whole file.
function* chunks(path, size = 1 << 22) {
  const fd = openSync(path, "r");
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(size);
      const n = readSync(fd, buffer, 0, size, null);
      if (n === 0) return;
      yield buffer.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

function answerCount(result) {
  if (typeof result === "boolean") return result ? 1 : 0;
  if (typeof result === "string") fail("the query answered a serialized string");
  if (result.length === 1 && result[0] instanceof Map) {
    const keys = [...result[0].keys()];
    if (keys.length === 1 && keys[0] === "count") return Number(result[0].get("count").value);
  }
  return result.length;
}

function peakRssKib() {
  const m = /^VmHWM:\s+(\d+)/m.exec(readFileSync("/proc/self/status", "ascii"));
  return m ? Number(m[1]) : null;
}

function median(sorted) {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

const round3 = (x) => Math.round(x * 1000) / 1000;

// The fastest run of each query so far, by name (rounds mode).
const fastest = new Map();

function timeQuery(store, { name, text }, runs, budgetMs, warmup = false) {
  const times = [];
  let count = null;
  let spent = 0;
  try {
    // One untimed run first, as kg's rounds have: the other engine's round
    // ran in between. Not for a query that takes over a second anyway.
    if (warmup && !(fastest.get(name) > 1000)) answerCount(store.query(text));
    while (times.length < runs && (times.length === 0 || spent < budgetMs)) {
      const t0 = performance.now();
      const n = answerCount(store.query(text));
      const elapsed = performance.now() - t0;
      spent += elapsed;
      times.push(elapsed);
      if (count !== null && n !== count) throw new Error(`the count changed between runs: ${count}, then ${n}`);
      count = n;
    }
  } catch (e) {
    const message = String(e?.message ?? e).replace(/\s+/g, " ").trim();
    process.stderr.write(`${self}: query ${name}: ${message}\n`);
    return { name, count: null, error: message };
  }
  times.sort((a, b) => a - b);
  fastest.set(name, Math.min(fastest.get(name) ?? Infinity, times[0]));
  return {
    name,
    count,
    runs: times.length,
    median_ms: round3(median(times)),
    min_ms: round3(times[0]),
    max_ms: round3(times[times.length - 1]),
    times_ms: times.map(round3),
  };
}

// Blocks until a line arrives on standard input; false at its end.
function awaitLine() {
  const byte = Buffer.alloc(1);
  for (;;) {
    let n;
    try {
      n = readSync(0, byte, 0, 1, null);
    } catch (e) {
      if (e.code === "EAGAIN") continue;
      throw e;
    }
    if (n === 0) return false;
    if (byte[0] === 0x0a) return true;
  }
}

function main() {
  const [data, queriesPath, runsArg, roundsArg] = process.argv.slice(2);
  if (process.argv.length !== 5 && process.argv.length !== 6) fail(`usage: ${self} DATA.nt QUERIES.tsv RUNS [ROUNDS]`, 2);
  try {
    if (!statSync(data).isFile()) throw new Error();
  } catch {
    fail(`no such file: ${data}`, 2);
  }
  const runs = /^\d+$/.test(runsArg) ? Number(runsArg) : 0;
  if (runs < 1) fail(`RUNS must be a positive integer, not '${runsArg}'`, 2);
  const rounds = roundsArg === undefined ? 0 : /^\d+$/.test(roundsArg) ? Number(roundsArg) : -1;
  if (rounds < 0 || (roundsArg !== undefined && rounds < 1))
    fail(`ROUNDS must be a positive integer, not '${roundsArg}'`, 2);
  const budgetMs = 1000 * Number(process.env.PEER_BUDGET_SECONDS ?? "60");
  const queries = readQueries(queriesPath);
  const { oxigraph, version } = loadOxigraph();

  const store = new oxigraph.Store();
  const t0 = performance.now();
  try {
    store.load(chunks(data), { format: "application/n-triples" });
  } catch (e) {
    fail(`cannot load ${data}: ${e?.message ?? e}`);
  }
  const loadSeconds = (performance.now() - t0) / 1000;

  const report = (entries, round) => {
    const out = {
      peer: "oxigraph",
      version,
      triples: store.size,
      load_seconds: round3(loadSeconds),
      peak_rss_kib: peakRssKib(),
      queries: entries,
      note: "in-memory Store of the npm package (WebAssembly); each run parses the query",
    };
    if (round) out.round = round;
    process.stdout.write(`${JSON.stringify(out)}\n`);
  };
  if (!rounds) {
    report(queries.map((q) => timeQuery(store, q, runs, budgetMs)));
    return;
  }
  for (let round = 1; round <= rounds && awaitLine(); ++round)
    report(queries.map((q) => timeQuery(store, q, runs, budgetMs / rounds, true)), round);
}

main();
