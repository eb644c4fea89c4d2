// Writing a store's facts as TSV, CSV, N-Triples, Turtle, TriG or
// N-Quads, in a form that imports back to the same set of facts and
// qualifiers.
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
// qualified statement; in Turtle each fact once, with an RDF 1.2
// annotation block `{| key value ; ... |}` per qualified statement; in
// N-Quads and TriG as in N-Triples and Turtle, except that a statement
// whose one qualifier is a `source` naming an IRI, entity or blank node is
// a triple of that named graph. Turtle and TriG
// declare the well-known prefixes (and kg: for entities) and group each
// subject's triples. Returns the number of facts written; stops early
// once out fails (the caller checks it).
tl::expected<std::uint64_t, error> export_facts(triple_store& store, format f, std::ostream& out);

}  // namespace kg::store
