// Plain questions (who met Huang? which products were announced?) read
// through the store's lexicon into pattern queries. Nothing here knows the
// store's subjects: verbs, passives, classes and the qualifiers answering
// when/where are facts (see names.hpp and docs/lexicon.md).
#pragma once

#include "parser/query.hpp"
#include "store/names.hpp"

namespace kg::engine {

using store::names;

// The pattern query a question asks for; throws kg::error at a position when the
// question has a word the lexicon does not know, or a shape kg does not read.
query::ast::pattern_query translate_question(names& n, const query::parsed_query& q,
                                             const query::ast::question& question);

// describe X: every fact about X, either way round, as
//   select ?subject ?predicate ?object where
//     { ?subject ?predicate ?object filter ?subject = X } or { ... filter ?object = X }
query::ast::pattern_query describe_query(const query::parsed_query& q, const query::ast::describe& d);

}  // namespace kg::engine
