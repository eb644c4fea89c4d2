// Running queries: a parsed pattern query becomes one SQL statement over
// the permutation tables, with every name and value bound as a parameter.
#pragma once

#include <tl/expected.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "parser/diagnostic.hpp"
#include "parser/query.hpp"
#include "parser/term.hpp"
#include "store/store.hpp"

namespace kg::store {

struct answer {
  std::vector<std::string> columns;     // variable names, or "count"
  std::vector<std::vector<term>> rows;  // one term per column
  std::string sql;                      // the statement that ran
  // When there are no rows: the first pattern (in the query's text) that
  // matches no fact on its own, as written; empty when every pattern
  // matches something and only their combination fails.
  std::string unmatched_pattern;
};

// A query failure: a positioned diagnostic for problems in the query
// (unknown names, unsupported constructs), or a store error.
struct query_error {
  errc code;
  std::string message;  // rendered
};

// Runs a parsed query. `text` and `source` are the query's text and name,
// for positioned errors.
tl::expected<answer, query_error> run_query(triple_store& store, const query::parsed_query& q,
                                            std::string_view text, std::string_view source);

}  // namespace kg::store
