#!/usr/bin/env node
// The Oxigraph side of kg's differential oracle (docs/oracle.md): one
// long-lived process that answers requests, one JSON object a line, on
// standard input, each with one JSON object a line on standard output:
//
//   {"op": "load", "data": "<N-Triples>"}
//       -> {"ok": true, "triples": N}      the data replaces the last load
//   {"op": "query", "sparql": "<SPARQL>"}
//       -> {"vars": ["a", ...], "rows": [["<urn:kg:e:x>", null, ...], ...]}
//       -> {"boolean": true}               for ASK
//   any failure -> {"error": "message"}, with "fatal": true when Oxigraph
//                  panicked; the process then ends after the reply
//
// Cells are N-Triples terms written as kg writes them (to_ntriples in
// parser/term.cpp): xsd:string literals without their datatype, kg's
// escapes; null is an unbound cell.
//
// usage: node oxigraph_oracle.mjs NODE_MODULES_PARENT
// (the folder holding node_modules/oxigraph; tests/oracle/install.sh puts
// the package there). Exits 3 with a message when the package is missing.
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { resolve } from "node:path";

const prefix = process.argv[2];
if (!prefix) {
  process.stderr.write("usage: oxigraph_oracle.mjs NODE_MODULES_PARENT\n");
  process.exit(2);
}

let oxigraph;
try {
  oxigraph = createRequire(resolve(prefix) + "/")("oxigraph");
} catch (e) {
  process.stderr.write(`oxigraph_oracle.mjs: the oxigraph package is not installed under ${prefix}: ${e.message}\n`);
  process.exit(3);
}

const xsdString = "http://www.w3.org/2001/XMLSchema#string";

// kg's quote(): N-Triples escapes, \u00XX for the other control characters.
function quote(s) {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (c < 0x20 || c === 0x7f) out += "\\u" + c.toString(16).toUpperCase().padStart(4, "0");
    else out += ch;
  }
  return out + '"';
}

// A term of the SPARQL JSON results format, as N-Triples.
function cell(t) {
  if (!t) return null;
  if (t.type === "uri") return `<${t.value}>`;
  if (t.type === "bnode") return `_:${t.value}`;
  if (t["xml:lang"]) return `${quote(t.value)}@${t["xml:lang"]}`;
  if (t.datatype && t.datatype !== xsdString) return `${quote(t.value)}^^<${t.datatype}>`;
  return quote(t.value);
}

let store = new oxigraph.Store();

function answer(request) {
  if (request.op === "load") {
    const fresh = new oxigraph.Store();
    fresh.load(request.data, { format: "application/n-triples" });
    store = fresh;
    return { ok: true, triples: store.size };
  }
  if (request.op === "query") {
    const json = JSON.parse(store.query(request.sparql, { results_format: "application/sparql-results+json" }));
    if (typeof json.boolean === "boolean") return { boolean: json.boolean };
    const vars = json.head.vars ?? [];
    return { vars, rows: json.results.bindings.map((b) => vars.map((v) => cell(b[v]))) };
  }
  if (request.op === "version") return { version: createRequire(resolve(prefix) + "/")("oxigraph/package.json").version };
  throw new Error(`unknown op '${request.op}'`);
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let reply;
  try {
    reply = answer(JSON.parse(line));
  } catch (e) {
    reply = { error: String(e?.message ?? e).replace(/\s+/g, " ").trim() };
    // A panic inside Oxigraph's WebAssembly leaves its memory in an unknown
    // state: answer, then end, and the driver starts a fresh process.
    if (e instanceof WebAssembly.RuntimeError) reply.fatal = true;
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
  if (reply.fatal) break;
}
