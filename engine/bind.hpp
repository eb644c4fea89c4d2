// Bind: a pattern query's syntax tree becomes a plan (plan.hpp). Names and
// values are resolved to term ids here, once, through the store's names
// (store/names.hpp); every error a query can have in itself (an unknown
// name, a variable no pattern binds, a function with the wrong arguments)
// is raised here, at its position. Elements keep their written order:
// ordering them is the next stage's job (order.hpp).
#pragma once

#include "engine/plan.hpp"
#include "parser/query.hpp"
#include "store/names.hpp"

namespace kg::engine {

// Throws kg::error, at a position of the query.
plan::select bind_select(store::names& names, const query::parsed_query& q,
                         const query::ast::pattern_query& pq, bool collect_facts);

}  // namespace kg::engine
