// Plain questions (who met Huang? which products were announced?) read
// through the store's names, lexicon and facts into pattern queries
// (reader.hpp). Nothing here knows the store's subjects: verbs, passives,
// classes and the qualifiers answering when/where are facts (see names.hpp
// and docs/lexicon.md).
#pragma once

#include <vector>

#include "engine/reader.hpp"
#include "parser/query.hpp"
#include "store/names.hpp"

namespace kg::engine {

using store::names;

// The pattern query a question asks for; throws kg::error at a position when
// no reading of the question fits the store. `readings`, when given, gets the
// reading chosen and its runners-up, with their scores (for explain);
// `caveat`, what the reader guessed (read_question).
query::ast::pattern_query translate_question(names& n, const query::parsed_query& q,
                                             const query::ast::question& question,
                                             std::vector<reading_note>* readings = nullptr,
                                             std::string* caveat = nullptr);

// Every fact about an entity or value, either way round, and the facts it
// is the source of (an article id, in the curated facts):
//   select distinct ?subject ?predicate ?object where
//     { ?subject ?predicate ?object filter ?subject = X } or { ... filter ?object = X }
//     or { ?subject ?predicate ?object {source: X} }
// (the last only when the store has sources). Generated nodes carry the
// position of `at`, for errors.
query::ast::pattern_query card_query(const query::ast::node& entity,
                                     const boost::spirit::x3::position_tagged& at, bool has_sources);

// describe X: the card of X.
query::ast::pattern_query describe_query(store::names& n, const query::parsed_query& q,
                                         const query::ast::describe& d);

}  // namespace kg::engine
