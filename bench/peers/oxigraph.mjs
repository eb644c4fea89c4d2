#!/usr/bin/env node
// The Oxigraph peer: loads an N-Triples file into Oxigraph's in-memory Store
// (the npm package, WebAssembly) and times SPARQL queries on it.
//
// usage: node oxigraph.mjs DATA.nt QUERIES.tsv RUNS [ROUNDS]
//
// Prints one JSON object (one per round with ROUNDS), as the other runners
// do (see peer_common.mjs). Oxigraph's store is in memory: no store_bytes.
// The package is the one install.sh puts under bench/data/peers/oxigraph.
// Each timed run parses the query text, evaluates it and reads every
// solution. The count of a query is its number of solutions; for an answer
// of one solution with the single variable ?count, that value; for ASK, 1
// or 0; for CONSTRUCT, the triples.
import { chunks, fail, parseArgs, requirePeer, runMix, peakRssKib, round3 } from "./peer_common.mjs";
import { performance } from "node:perf_hooks";

function answerCount(result) {
  if (typeof result === "boolean") return result ? 1 : 0;
  if (typeof result === "string") fail("the query answered a serialized string");
  if (result.length === 1 && result[0] instanceof Map) {
    const keys = [...result[0].keys()];
    if (keys.length === 1 && keys[0] === "count") return Number(result[0].get("count").value);
  }
  return result.length;
}

async function main() {
  const args = parseArgs();
  const { module: oxigraph, version } = requirePeer("oxigraph", "oxigraph");

  const store = new oxigraph.Store();
  const t0 = performance.now();
  try {
    store.load(chunks(args.data), { format: "application/n-triples" });
  } catch (e) {
    fail(`cannot load ${args.data}: ${e?.message ?? e}`);
  }
  const loadSeconds = (performance.now() - t0) / 1000;

  await runMix((text) => answerCount(store.query(text)), args, () => ({
    peer: "oxigraph",
    version,
    triples: store.size,
    load_seconds: round3(loadSeconds),
    peak_rss_kib: peakRssKib(),
    note: "in-memory Store of the npm package (WebAssembly); each run parses the query",
  }));
}

await main();
