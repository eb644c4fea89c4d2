// What running a statement needs besides its SQL, shared by queries
// (execute.cpp) and why (update.cpp).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/emit.hpp"
#include "parser/term.hpp"
#include "store/sqlite.hpp"

namespace kg::engine {

// Binds an emitted statement's parameters. A value's unused forms (its id,
// or its text) may leave trailing parameters out of the statement: those
// are not bound.
void bind_parameters(store::prepared& st, const std::vector<param_value>& params);

// The term with this id.
term term_by_id(store::database& db, std::int64_t id);

}  // namespace kg::engine
