// Emit: an ordered plan (order.hpp) becomes one SQL statement and its
// parameters. No database is read here; what differs between SQL engines
// is asked of a dialect, so that another engine's SQL is one more dialect.
//
// A group becomes a FROM list and WHERE conditions. Each pattern reads the
// table its plan names; a predicate read several ways reads a union of its
// facts in each direction; a path reads a walk from its constant end, or a
// recursive CTE of every pair. Optional groups are LEFT JOINs, not groups
// NOT EXISTS subqueries, or groups UNION ALL subqueries. Names, values and
// limits are parameters: no text of the query reaches the SQL.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "engine/plan.hpp"

namespace kg::engine {

using param_value = std::variant<std::int64_t, double, std::string>;

// What an SQL engine spells its own way.
class dialect {
 public:
  virtual ~dialect() = default;
  // The n-th parameter (from 1).
  virtual std::string parameter(std::size_t n) const = 0;
  virtual std::string table(plan::table t) const = 0;
  // A filter function called on its arguments' SQL.
  virtual std::string call(function f, const std::vector<std::string>& arguments) const = 0;
  // The nodes (column n) reached from `start` by the encoded steps
  // (store/reach.hpp); with `zero`, start itself too.
  virtual std::string walk(const std::string& start, const std::string& steps, bool zero) const = 0;
  // A table of the bindings of a worst-case optimal join of the encoded
  // atoms (store/join.hpp), the n-th variable in column vn.
  virtual std::string join(const std::string& spec) const = 0;
  // The most tables one SELECT may join.
  virtual int max_tables() const = 0;
  // Rows (id, score) of the terms whose words match the full-text query
  // in `match` (plan::search::match), at most `most`, best (lowest score)
  // first.
  virtual std::string text_search(const std::string& match, const std::string& most) const = 0;
};

const dialect& sqlite_dialect();

struct emitted {
  std::string sql;
  std::vector<param_value> params;
  std::vector<std::string> columns;  // the answer's columns
  bool count = false;                // the last column (before sources) is a count
  bool sources = false;              // the last column is the sources text
  bool ask = false;                  // no variables: whether anything matches
  std::size_t facts = 0;             // then this many (s, p, o) term ids of the facts behind a row
};

// The statement answering an ordered select. A query joining more tables
// than the dialect allows throws a limit error (kg::error) at the place it
// overflows.
emitted emit(const plan::select& s, const dialect& d);

// SELECT EXISTS of one ordered pattern, read alone.
emitted emit_exists(const plan::pattern& p, const dialect& d);

// why: one statement per direction the predicate is read in, each row a
// statement (s, p, o, qualifier group) with one of its qualifiers (key,
// value's kind, lex, dt), or none; ordered by statement.
std::vector<emitted> emit_why(const plan::why& w, const dialect& d);

// search: rows of subject, predicate, object and sources, best first: a
// fact scores the sum of the scores of its matching terms.
emitted emit_search(const plan::search& s, const dialect& d);

}  // namespace kg::engine
