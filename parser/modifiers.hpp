// What a SPARQL query does to the solutions its patterns give, when SQL
// does not do it: BIND and VALUES in the query's group, the filters kg's
// SQL does not compute, grouping and aggregates, HAVING, expressions in
// SELECT, ORDER BY expressions, DISTINCT, OFFSET and LIMIT. The SPARQL
// front-end (sparql.cpp) writes them; the solution stage
// (engine/solutions.hpp) applies them, in SPARQL's order, to the rows the
// plan's SQL gives.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "parser/term.hpp"

namespace kg::query {

struct parsed_query;

// An expression over one solution (or, for an aggregate, over a group of
// them).
struct value_expression {
  enum class form { constant, variable, call, aggregate, exists };
  form kind = form::constant;
  // call: an operator ("+", "-", "*", "/", "neg", "pos", "!", "||", "&&",
  // "=", "!=", "<", "<=", ">", ">=", "in", "not in") or a function's name,
  // lower case (an XSD cast: the datatype's IRI); aggregate: count, sum,
  // min, max, avg, sample or group_concat.
  std::string op;
  std::optional<term> constant;
  std::string variable;
  std::vector<value_expression> args;
  bool distinct = false, star = false;  // aggregates
  std::string separator = " ";          // group_concat
  std::size_t offset = 0;               // in the query text
  // exists: the pattern, as an ASK; the solution's values stand for its
  // variables when it runs.
  std::shared_ptr<const parsed_query> pattern;
};

// BIND (expr AS ?v): seeing only the variables bound before it in its
// group.
struct bind_step {
  std::string variable;
  value_expression value;
  std::vector<std::string> visible;
};

// VALUES: a table joined with the solutions (nullopt: UNDEF).
struct values_step {
  std::vector<std::string> variables;
  std::vector<std::vector<std::optional<term>>> rows;
};

// A sub-query: its answer, computed on its own, joined with the solutions
// like a VALUES table.
struct subquery_step {
  std::shared_ptr<const parsed_query> query;
  std::vector<std::string> variables;  // it answers with
};

// MINUS { ... }: its solutions (every variable it binds), computed on
// their own; a solution compatible with one of them, sharing a variable,
// is removed.
struct minus_step {
  std::shared_ptr<const parsed_query> query;
};

struct modifiers {
  // The variables the patterns' SQL gives, and whether there are patterns
  // at all (none: one empty solution).
  std::vector<std::string> input;
  bool patterns = true;
  // Applied first, in order; then the filters.
  std::vector<std::variant<bind_step, values_step, subquery_step, minus_step>> extend;
  std::vector<value_expression> filters;
  // Grouping: by GROUP BY keys (each with the variable it binds, or
  // empty), or into one group when there are aggregates but no GROUP BY.
  bool grouped = false;
  std::vector<std::pair<value_expression, std::string>> group_by;
  std::vector<value_expression> having;
  // The answer's columns: each a name and its expression (a variable for a
  // plain one), computed in order (one may name an earlier one).
  std::vector<std::pair<std::string, value_expression>> select;
  bool distinct = false;
  bool ask = false;                                         // ASK: whether any solution is left
  std::vector<std::pair<value_expression, bool>> order_by;  // key, descending
  std::optional<unsigned long long> limit, offset;
};

}  // namespace kg::query
