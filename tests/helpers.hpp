// Shared test helpers: temporary folders, parsing into memory, store
// fingerprints and running the real kg binary.
#pragma once

#include <doctest/doctest.h>
#include <sys/types.h>

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/run.hpp"
#include "parser/statement.hpp"
#include "store/import.hpp"
#include "store/store.hpp"

// Whether the tests are built with AddressSanitizer (make sanitize).
#if defined(__SANITIZE_ADDRESS__)
#define KG_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KG_TEST_ASAN 1
#endif
#endif
#ifndef KG_TEST_ASAN
#define KG_TEST_ASAN 0
#endif

namespace kg::test {

// A fresh folder, removed with everything in it at the end of the test.
class temp_dir {
 public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path dir_;
};

// Everything a parser produced.
struct parsed {
  std::vector<statement> statements;
  std::vector<std::string> errors;  // rendered diagnostics
};

parsed parse_text(format f, const std::string& text, const std::string& file = "in");

// The same, N-Triples only, through the parser's spelling path: each line
// of plain shape is offered as spellings, each spelling read with
// parse_ntriples_term; lines declined are parsed in full. Counts in
// `spelled` the lines that took the spelling path.
parsed parse_ntriples_spelled(const std::string& text, std::size_t& spelled, const std::string& file = "in");

// A store created empty at path (failing the test if it cannot be).
store::triple_store new_store(const std::string& path);

// Imports in-memory texts; returns the report or the error.
tl::expected<store::import_report, error> import_text(store::triple_store& s, format f,
                                                      const std::string& text,
                                                      const std::string& name = "in");

// Parses and runs one statement of the query language, named "query" in
// diagnostics: the answer, or the rendered error.
tl::expected<engine::answer, std::string> run_text(store::triple_store& s, const std::string& text,
                                                   const engine::run_options& opts = {});

// run_text for a statement whose answer is of one kind: rows (a query, a
// question, why, describe), a change report (add, remove, import) or an
// explain report. An answer of another kind is an error that names it.
tl::expected<engine::table, std::string> query_text(store::triple_store& s, const std::string& text,
                                                    const engine::run_options& opts = {});
tl::expected<engine::change_report, std::string> change_text(store::triple_store& s, const std::string& text,
                                                             const engine::run_options& opts = {});
tl::expected<engine::explain_report, std::string> explain_text(store::triple_store& s,
                                                               const std::string& text,
                                                               const engine::run_options& opts = {});

// Every statement of a store as sorted N-Triples-like lines, qualifiers
// included: equal fingerprints mean equal sets of facts and statements.
std::vector<std::string> fingerprint(store::triple_store& s);

// The schema objects (type, name, sql) of a store, to check it is unchanged.
std::vector<std::string> schema_of(store::triple_store& s);

struct run_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the kg binary with arguments (a shell-quoted string), optional stdin
// text and extra environment assignments ("NAME=value ...").
run_result run_kg(const std::string& args, const std::string& input = {}, const std::string& env = {});

std::string shell_quote(const std::string& s);

// Starts the kg binary with these arguments and extra environment
// assignments ("NAME=value"), its output to out and err (or thrown away);
// its process id. It does not wait.
pid_t spawn_kg(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
               const std::string& out = "/dev/null", const std::string& err = "/dev/null");

// The exit code of a child, or minus the signal that ended it.
int wait_for(pid_t pid);

// A file's bytes, or "" when it cannot be read.
std::string slurp(const std::string& path);

// Runs SQL on a database file behind kg's back (creating the file).
void raw_sql(const std::string& path, const std::string& sql);

// The folder of the W3C N-Triples suite beside the project, or empty.
std::string w3c_dir();
// Another folder of the W3C suites beside it (rdf-turtle, sparql11, ...),
// or empty when it is not there.
std::string w3c_suite(const std::string& name);

// A statement as four spellings (the graph empty for the default one);
// blank nodes as "_:label".
using quad = std::array<std::string, 4>;

// What kg's own readers make of an RDF file: its statements as quads (a
// source qualifier is the graph), and its errors.
struct rdf_read {
  std::vector<quad> quads;
  std::vector<diagnostic> errors;
};
rdf_read read_rdf(format f, const std::string& path, const std::string& base);

// One test of a W3C manifest: its type (the local name of its rdf:type in
// the rdft: or mf: namespace: TestTurtleEval, PositiveSyntaxTest11,
// QueryEvaluationTest, ...), its files (relative to the manifest's
// folder) and, for a query evaluation, the query and data files of its
// action.
struct w3c_test {
  std::string name, type, action, result, query, approval;
  std::vector<std::string> data, graph_data;  // a query evaluation's default graph and named graphs
};

// The tests of a manifest.ttl in dir, read with kg's own Turtle reader,
// in name order; base is set to the base the tests assume, when the
// manifest says.
std::vector<w3c_test> w3c_manifest(const std::string& dir, std::string& base);

}  // namespace kg::test
