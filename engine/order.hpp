// Order: each group of a bound plan (bind.hpp) in the order it runs, as
// SPARQL's algebra allows (docs/query-language.md, "What a query means"):
// patterns and or groups join, an optional group extends what precedes
// it, filters and not groups hold for the whole group. Runs of patterns
// are joined cheapest first by the statistics' estimates, and each pattern
// gets the way it is read: the permutation table keyed by the positions
// bound when it is read, a union of edges, a walk or a closure.
#pragma once

#include <set>
#include <string>

#include "engine/plan.hpp"
#include "engine/statistics.hpp"

namespace kg::engine {

void order(plan::select& s, statistics& stats);

// How a pattern is read when the variables in `bound` are bound in every
// answer before it (and its constants always are).
void choose_access(plan::pattern& p, const std::set<std::string>& bound);

}  // namespace kg::engine
