#include "engine/functions.hpp"

namespace kg::engine {

static_assert(functions.size() == query::functions.size(), "a row for every function the grammar reads");

const function_info& info(function f) {
  for (const auto& row : functions)
    if (row.fn == f) return row;
  return functions.front();  // unreachable: the binder refuses unknown functions
}

std::string_view sql_operator(query::ast::operator_kind op) {
  return op == query::ast::operator_kind::not_equal ? "<>" : query::name_of(op);
}

}  // namespace kg::engine
