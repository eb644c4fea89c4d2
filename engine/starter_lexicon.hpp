// The starter lexicon: the generic English every store's questions can
// use before its own lexicon says anything (docs/lexicon.md). It is built
// into kg, not written into stores: a new store holds only the facts
// imported into it, so counts, exports and other engines see the same
// data, and a store's own lexicon facts always come first.
//
//   - the question words a qualifier key answers, by the key's name
//     (date answers "when", place answers "where", reason answers "why"),
//     for keys the store's lexicon gives no `answers` facts;
//   - the names of the class predicate (is_a, type, instance_of), for a
//     store that declares none with `semantics type`;
//   - irregular English verbs and plurals (met: meet, people: person), so
//     that the stemmer meets every form of a predicate or class name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kg::engine::starter {

// The question phrases a key of this name answers ("when", "how long").
const std::vector<std::string_view>& answers_of(std::string_view key_name);

// The keys the starter lexicon gives answers for, as "key: phrase, phrase".
std::vector<std::string> key_lines();

// Names a class predicate is taken to have, most likely first.
const std::vector<std::string_view>& type_names();

// The base form of an irregular verb or plural (met -> meet, people ->
// person), lowercased; other words are returned as they are.
std::string base_form(std::string_view lowercase_word);

}  // namespace kg::engine::starter
