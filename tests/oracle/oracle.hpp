// The differential oracle (docs/oracle.md): the same graph and query run by
// kg (in process, through the store API) and by Oxigraph (a node
// coprocess), answers compared as multisets of rows; a mismatch is shrunk
// to a small graph and query, and can be saved as a regression case that
// replays against kg alone.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/store.hpp"
#include "tests/oracle/model.hpp"

namespace kg::oracle {

// An answer of either engine, cells as N-Triples terms ("UNDEF" when
// unbound), or the error that stopped the query.
struct answer_set {
  std::string error;  // non-empty: the engine refused or failed
  bool is_boolean = false;
  bool boolean = false;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

inline constexpr const char* unbound_cell = "UNDEF";

// The answer in the form compared: columns sorted, rows sorted (or only
// counted), one line each. Two answers agree when these are equal.
std::string canonical(const answer_set& a, compare_mode mode);
// For people: the columns, then the rows as tab-separated lines.
std::string describe(const answer_set& a);

// kg, in process: a store per graph, in a temporary folder of its own.
class kg_engine {
 public:
  kg_engine();
  ~kg_engine();
  kg_engine(const kg_engine&) = delete;
  kg_engine& operator=(const kg_engine&) = delete;

  // Imports the graph into a fresh store unless it is the one loaded.
  // Returns an error message when kg refuses the data.
  std::string load(const std::string& ntriples);
  answer_set run(const std::string& kg_query);

 private:
  std::string dir_;
  std::string loaded_;
  int generation_ = 0;
  std::unique_ptr<store::triple_store> store_;
};

// Oxigraph, as a node coprocess speaking JSON lines
// (tests/oracle/oxigraph_oracle.mjs).
class oxigraph_engine {
 public:
  struct where {
    std::string node = "node";
    std::string script;   // oxigraph_oracle.mjs
    std::string modules;  // the folder holding node_modules/oxigraph
  };
  // Starts the coprocess and checks that it answers; the error says why not
  // (no node, no oxigraph package), for a test to skip with.
  static std::unique_ptr<oxigraph_engine> start(const where& w, std::string& error);
  ~oxigraph_engine();
  oxigraph_engine(const oxigraph_engine&) = delete;
  oxigraph_engine& operator=(const oxigraph_engine&) = delete;

  std::string version() const { return version_; }
  std::string load(const std::string& ntriples);  // empty, or the error
  answer_set run(const std::string& sparql);

 private:
  oxigraph_engine() = default;
  std::string request(const std::string& json_line);  // the reply line, or "" when the process failed
  bool spawn();
  void stop();

  where where_;
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string buffer_;
  std::string loaded_;
  bool loaded_valid_ = false;
  std::string version_;
};

// Where the oracle finds node, its script and the oxigraph package: from
// KG_ORACLE_NODE and KG_ORACLE_MODULES when set, else the defaults given.
oxigraph_engine::where oracle_location(const std::string& source_dir, const std::string& default_modules);

// One query checked on one graph.
struct verdict {
  enum class kind { agree, refused, oxigraph_error, too_large, mismatch } k = kind::agree;
  answer_set kg, oxigraph;
  std::string kg_text, sparql;
};

class oracle {
 public:
  oracle(kg_engine& kg, oxigraph_engine& ox) : kg_(kg), ox_(ox) {}
  verdict check(const graph& g, const query& q);

  // A mismatch made small: facts dropped, the query simplified, while kg
  // and Oxigraph still disagree. `budget` caps the checks it runs.
  struct shrunk {
    graph g;
    query q;
    verdict v;
  };
  shrunk shrink(const graph& g, const query& q, int budget = 600);

 private:
  kg_engine& kg_;
  oxigraph_engine& ox_;
};

// A saved mismatch: everything needed to replay it against kg alone.
struct regression_case {
  std::string note;   // comment lines: where it came from
  std::string graph;  // N-Triples
  std::string kg_query, sparql;
  compare_mode mode = compare_mode::rows;
  answer_set expected;  // Oxigraph's answer
  answer_set found;     // kg's answer when it was saved (informative)
};

std::string to_text(const regression_case& c);
// Reads to_text()'s format; the error says what is wrong.
std::optional<regression_case> parse_case(const std::string& text, std::string& error);
// A file name for the case that is the same for the same graph and query.
std::string case_file_name(const regression_case& c);
// Replays a case against kg: empty when kg now gives the expected answer,
// else what it gives.
std::string replay(kg_engine& kg, const regression_case& c);

// A run of many queries over many graphs (kg-oracle, the CTest test).
struct run_options {
  std::uint64_t seed = 1;
  int queries = 1000;
  int queries_per_graph = 30;
  int max_shrunk = 40;  // mismatches shrunk; later ones are only counted
  int shrink_budget = 600;
  std::function<void(const std::string&)> progress;  // a status line now and then
};

struct run_totals {
  int queries = 0, agree = 0, refused = 0, oxigraph_errors = 0, too_large = 0, mismatches = 0;
  int graphs = 0;
  std::vector<std::string> refusal_examples;  // the first few, with their queries
  std::vector<std::string> oxigraph_error_examples;
  std::vector<regression_case> cases;  // shrunk mismatches, each distinct once
  std::string summary() const;
};

run_totals run(kg_engine& kg, oxigraph_engine& ox, const run_options& opts);

// The construct a shrunk case involves, for reports: "optional+not", ...
std::string constructs_of(const query& q);

}  // namespace kg::oracle
