// Running statements of the query language: a pattern query (or a
// question, translated through the store's lexicon) becomes one SQL
// statement over the permutation tables, with every name and value bound
// as a parameter; add, remove and import change the store, each in one
// transaction.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "parser/diagnostic.hpp"
#include "parser/query.hpp"
#include "parser/term.hpp"
#include "store/store.hpp"

namespace kg::engine {

using store::triple_store;

struct answer {
  std::vector<std::string> columns;                    // variable names, "count" or "sources"
  std::vector<std::vector<std::optional<term>>> rows;  // one cell per column; nullopt when unbound
  std::string sql;                                     // the statement that ran
  // When there are no rows: the first pattern (in the query's text) that
  // matches no fact on its own, as written; empty when every pattern
  // matches something and only their combination fails.
  std::string unmatched_pattern;
  // The pattern query a question became (canonical text), else empty.
  std::string pattern_form;
  // The last column holds sources as plain text ("file:line; ...").
  bool sources = false;
  // explain: the statement was not run; steps is kg's plan (the join
  // order, the table each pattern reads, estimates: engine/explain.hpp),
  // and plan the plan SQLite chose, each one line per step, indented by
  // depth.
  bool explained = false;
  std::vector<std::string> steps;
  std::vector<std::string> plan;
  // The facts behind the rows (subject, predicate, object), each once: with
  // run_options::collect_facts, and always for describe and graph. A path
  // appears as one fact from its start to its end.
  std::vector<std::array<term, 3>> facts;
  bool graph = false;  // `graph X`: meant to be drawn
  // add, remove, import: what changed, for the user; no columns or rows.
  std::string message;
  bool changed_store = false;
};

struct run_options {
  // Stop a query that runs longer than this (zero: no limit).
  std::chrono::milliseconds timeout{0};
  // Set (by a signal handler) to stop the running query.
  const std::atomic<bool>* interrupt = nullptr;
  // Where relative paths of `import "file"` start.
  std::string base_dir;
  // Also gather the facts behind the answer (answer::facts), to draw them.
  bool collect_facts = false;
  // Answer select queries as if they ended in `with sources`.
  bool with_sources = false;
};

// Whether a statement changes the store (add, remove, import).
bool is_update(const query::parsed_query& q);

// Runs one parsed statement. `text` and `source` are the statement's text
// and its name: an error at a position of the statement carries them, to
// be rendered (parser/diagnostic.hpp) by the caller.
tl::expected<answer, error> run_query(triple_store& store, const query::parsed_query& q,
                                      std::string_view text, std::string_view source,
                                      const run_options& opts = {});

}  // namespace kg::engine
