// What the Node peer runners share (oxigraph.mjs, duckdb.mjs, kuzu.mjs):
// the command line, the query file, timing the queries, the rounds that a
// driver interleaves with kg's, and the one JSON object of a run.
//
// Every runner is called as `RUNNER DATA.nt QUERIES.tsv RUNS [ROUNDS]` and
// prints, as peer_common.py's runners do,
// {"peer", "version", "triples", "load_seconds", "peak_rss_kib",
//  "store_bytes", "queries": [{"name", "count", "runs", "median_ms",
//  "min_ms", "max_ms", "times_ms"}]}.
// With ROUNDS, the queries are timed in that many rounds of RUNS runs each
// (after one untimed run, for queries under a second), every round waiting
// for a line on standard input and printing its own object (with "round"),
// so that a driver can run another engine's rounds in between
// (peer_bench.sh interleaves kg's). A query repeats RUNS times, but no more
// once its runs have taken PEER_BUDGET_SECONDS (default 60) in all (in
// rounds: that over the rounds).
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { basename } from "node:path";
import { performance } from "node:perf_hooks";

const self = basename(process.argv[1] ?? "peer");

export function fail(message, code = 1) {
  process.stderr.write(`${self}: error: ${message}\n`);
  process.exit(code);
}

// A package that install.sh put under bench/data/peers/FOLDER, and its version.
export function requirePeer(folder, name) {
  const prefix = new URL(`../data/peers/${folder}/`, import.meta.url);
  const require = createRequire(prefix);
  try {
    // (The manifest by its path: some packages' exports hide it.)
    const manifest = JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, prefix), "utf8"));
    return { module: require(name), version: manifest.version };
  } catch (e) {
    fail(`the ${name} package is not installed (run install.sh): ${e?.message ?? e}`);
  }
}

// Reads `name<TAB>QUERY` lines; blank lines and `#` comments are skipped.
export function readQueries(path) {
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

// {data, queries, runs, rounds, budgetMs} from the command line.
export function parseArgs() {
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
  return { data, queries: readQueries(queriesPath), runs, rounds, budgetMs };
}

// The file in chunks, so that a parser streams it rather than holding a
// copy of the whole file.
export function* chunks(path, size = 1 << 22) {
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

export function peakRssKib(pid = "self") {
  const m = /^VmHWM:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "ascii"));
  return m ? Number(m[1]) : null;
}

function median(sorted) {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

export const round3 = (x) => Math.round(x * 1000) / 1000;

// The fastest run of each query so far, by name (rounds mode).
const fastest = new Map();

// Times `count(text)` (which returns, or resolves to, the answer's count)
// up to `runs` times within budgetMs, and returns the query's entry.
export async function timeQuery(count, { name, text }, runs, budgetMs, warmup = false) {
  const times = [];
  let answers = null;
  let spent = 0;
  try {
    // One untimed run first, as kg's rounds have: the other engine's round
    // ran in between. Not for a query that takes over a second anyway.
    if (warmup && !(fastest.get(name) > 1000)) await count(text);
    while (times.length < runs && (times.length === 0 || spent < budgetMs)) {
      const t0 = performance.now();
      const n = await count(text);
      const elapsed = performance.now() - t0;
      spent += elapsed;
      times.push(elapsed);
      if (answers !== null && n !== answers) throw new Error(`the count changed between runs: ${answers}, then ${n}`);
      answers = n;
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
    count: answers,
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

// Runs the mix once (no ROUNDS) or in rounds, and prints the objects:
// fields() gives the run's other fields (peer, version, triples, ...).
export async function runMix(count, { queries, runs, rounds, budgetMs }, fields) {
  const report = (entries, round) => {
    const out = { ...fields(), queries: entries };
    if (round) out.round = round;
    process.stdout.write(`${JSON.stringify(out)}\n`);
  };
  const mix = async (budget, warmup) => {
    const entries = [];
    for (const q of queries) entries.push(await timeQuery(count, q, runs, budget, warmup));
    return entries;
  };
  if (!rounds) {
    report(await mix(budgetMs, false));
    return;
  }
  for (let round = 1; round <= rounds && awaitLine(); ++round) report(await mix(budgetMs / rounds, true), round);
}
