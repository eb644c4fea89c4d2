// Writing a store's facts as TSV, CSV or N-Triples, in a form that imports
// back to the same set of facts and qualifiers.
#pragma once

#include <cstdint>
#include <ostream>
#include <tl/expected.hpp>

#include "parser/error.hpp"
#include "parser/statement.hpp"
#include "store/store.hpp"

namespace kg::store {

// Writes every statement: a row per qualified statement (one per fact
// without qualifiers) in TSV/CSV, whose header has a column per qualifier
// key; in N-Triples each fact once, plus an rdf:Statement reification per
// qualified statement. Returns the number of facts written; stops early
// once out fails (the caller checks it).
tl::expected<std::uint64_t, error> export_facts(triple_store& store, format f, std::ostream& out);

}  // namespace kg::store
