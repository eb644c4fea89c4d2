// Running statements of the query language: a pattern query (or a
// question, translated through the store's lexicon) becomes one SQL
// statement over the permutation tables, with every name and value bound
// as a parameter; add, remove and import change the store, each in one
// transaction.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <variant>
#include <vector>

#include "parser/diagnostic.hpp"
#include "parser/query.hpp"
#include "parser/term.hpp"
#include "store/store.hpp"

namespace kg::engine {

using store::triple_store;

// What a query, a question, why or describe found.
struct table {
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
  // A yes/no answer: one row, whose first cell is true or false.
  bool ask = false;
  // The facts behind the rows (subject, predicate, object), each once: with
  // run_options::collect_facts, and always for describe and graph. A path
  // appears as one fact from its start to its end.
  std::vector<std::array<term, 3>> facts;
  bool graph = false;  // `graph X`: meant to be drawn
  // Set when these rows are no answer but a keyword match: a question kg
  // could not read, searched for its words (run_options::keyword_fallback);
  // says so, for stderr.
  std::string note;
  // Set when these rows answer a question read through a guess the user
  // should know of (a verb the store has no word for); for stderr.
  std::string caveat;
  // How many rows the answer has: rows.size(), or, when they were handed
  // to a row_sink as they were read (streamed; rows then stays empty),
  // how many were.
  std::size_t row_count = 0;
  bool streamed = false;
};

// How many rows an answer has, kept or streamed.
inline std::size_t rows_in(const table& a) { return a.streamed ? a.row_count : a.rows.size(); }

// Takes the rows of an answer one at a time, as they are read, so that an
// answer of any size is printed without being held in memory.
class row_sink {
 public:
  virtual ~row_sink() = default;
  // Before the first row (also when there is none): the answer's columns
  // and notes are set, its rows are not.
  virtual void begin(const table& a) = 0;
  // False to stop reading (the rows so far are the answer).
  virtual bool row(const table& a, std::vector<std::optional<term>>&& cells) = 0;
};

// What add, remove or import changed.
struct change_report {
  std::string message;       // for the user: "added 1 statement", ...
  std::int64_t added = 0;    // statements added
  std::int64_t present = 0;  // statements that were there already
  std::int64_t removed = 0;  // facts removed
  bool changed() const { return added > 0 || removed > 0; }
};

// explain: how a query would run; it was not run.
struct explain_report {
  std::string pattern_form;        // the pattern query a question became, else empty
  // For a question: the readings weighed, best first, as "score  pattern".
  std::vector<std::string> readings;
  std::vector<std::string> steps;  // kg's plan: join order, tables, estimates (explain.hpp)
  std::string sql;                 // the statement kg would run
  std::vector<std::string> plan;   // the plan SQLite chose for it
};

using answer = std::variant<table, change_report, explain_report>;

// The SQL statement a query ran, or would run; empty for updates.
inline std::string_view sql_of(const answer& a) {
  if (const auto* t = std::get_if<table>(&a)) return t->sql;
  if (const auto* x = std::get_if<explain_report>(&a)) return x->sql;
  return {};
}

// Whether an answer changed the store.
inline bool changed_store(const answer& a) {
  const auto* c = std::get_if<change_report>(&a);
  return c && c->changed();
}

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
  // A question kg cannot read is answered with the facts matching its
  // words (a search), marked as a keyword match (table::note), when any
  // match; else it is the error it was.
  bool keyword_fallback = false;
  // add refuses names new to the store that may be typos, unless it says
  // add new (the command line's default; see bind_add).
  bool strict_add = false;
  // When set, the rows of a pattern query or question (not of a count, a
  // yes/no answer, describe, or one whose facts are collected) go to the
  // sink as they are read: table::streamed.
  row_sink* sink = nullptr;
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
