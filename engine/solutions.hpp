// The solution stage: what a SPARQL query does to its patterns' solutions
// that kg's SQL does not (parser/modifiers.hpp), computed in memory on the
// rows the plan's SQL gave, in SPARQL's order (18.2.4 and 18.2.5): VALUES
// joins and BIND, the remaining filters, grouping and aggregates, HAVING,
// the SELECT expressions, ORDER BY, projection, DISTINCT, OFFSET and LIMIT.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/run.hpp"
#include "parser/modifiers.hpp"
#include "parser/query.hpp"

namespace kg::engine {

// Positioned errors for what the stage cannot compute (a function kg does
// not know, or known with another number of arguments), before anything
// runs.
void check(const query::modifiers& m);

// The answer: `patterns` holds the rows of the variables m.input (or, when
// it is a yes/no answer, whether the patterns matched); it is unused when
// m.patterns is false. `subqueries` holds the answers of m's sub-queries
// and MINUS groups, in their order; `ask` runs an EXISTS pattern with a
// solution's values put in, and says whether it matched.
using pattern_runner = std::function<bool(const query::parsed_query&)>;
table finish(const query::modifiers& m, const table& patterns, const std::vector<table>& subqueries = {},
             const pattern_runner& ask = {});

// A query with the values of a solution (columns, cells) standing for its
// variables: each bound one becomes a constant.
query::parsed_query substitute(const query::parsed_query& q, const std::vector<std::string>& columns,
                               const std::vector<std::optional<term>>& cells);

// The stage's steps, one line each, for explain.
std::vector<std::string> steps(const query::modifiers& m);

}  // namespace kg::engine
