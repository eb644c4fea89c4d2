// Explain: an ordered plan as text, one line per step, indented by depth:
// the projection, then each group's elements in the order they run - for
// a pattern, how it is read (the permutation table, a union of edges, a
// walk or a closure), its estimate and whether it joins a variable bound
// before it - then grouping, order and limit.
#pragma once

#include <string>
#include <vector>

#include "engine/plan.hpp"

namespace kg::engine {

std::vector<std::string> explain(const plan::select& s);

}  // namespace kg::engine
