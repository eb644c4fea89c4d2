// The statements other than queries: add, remove and import change the
// store, each in one transaction; why lists the statements of a fact.
#pragma once

#include "engine/run.hpp"
#include "store/names.hpp"

namespace kg::engine {

answer run_add(store::triple_store& store, store::names& n, const query::parsed_query& q,
               const query::ast::triple& t);
answer run_remove(store::triple_store& store, store::names& n, const query::parsed_query& q,
                  const query::ast::triple& t);
answer run_import(store::triple_store& store, const query::parsed_query& q,
                  const query::ast::import_file& imp, const run_options& opts);
answer run_why(store::names& n, const query::parsed_query& q, const query::ast::triple& t);

}  // namespace kg::engine
