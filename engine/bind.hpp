// Bind: a statement's syntax tree becomes a plan (plan.hpp). Names and
// values are resolved to term ids here, once, through the store's names
// (store/names.hpp); every error a query can have in itself (an unknown
// name, a variable no pattern binds, a function with the wrong arguments)
// is raised here, at its position. Elements keep their written order:
// ordering them is the next stage's job (order.hpp).
#pragma once

#include <string_view>
#include <vector>

#include "engine/plan.hpp"
#include "parser/query.hpp"
#include "store/names.hpp"

namespace kg::engine {

// Throws kg::error, at a position of the query.
plan::select bind_select(store::names& names, const query::parsed_query& q,
                         const query::ast::pattern_query& pq, bool collect_facts);

// The other statements (bind_statements.cpp). Each throws kg::error at a
// position of the statement; none writes to the store.
// With `strict`, names new to the store that may be typos are refused
// (see new_names in bind_statements.cpp).
plan::add bind_add(store::names& names, const query::parsed_query& q, const query::ast::triple& t,
                   bool strict = false);
plan::remove bind_remove(store::names& names, const query::parsed_query& q, const query::ast::triple& t);
// Relative paths start at base_dir.
plan::import bind_import(const query::parsed_query& q, const query::ast::import_file& imp,
                         const std::string& base_dir);
plan::why bind_why(store::names& names, const query::parsed_query& q, const query::ast::triple& t);
plan::search bind_search(store::names& names, const query::parsed_query& q, const query::ast::search& s);
// The search for the words of `text` (runs of letters and digits), but the
// `skipped` ones (in lower case); its match is empty when no word is left.
plan::search search_words(store::names& names, std::string_view text,
                          const std::vector<std::string_view>& skipped);
// Whether the store has the search index (stores of schema version 1 lack it).
bool has_search_index(store::names& names);

}  // namespace kg::engine
