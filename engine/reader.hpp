// Reading plain-English questions by search against the data.
//
// A question's names are linked to the store's entities and values
// (longest phrase first, articles and possessives stripped). The facts
// around them are the candidate readings: each fact's predicate, read
// forwards or as its inverse, its qualifiers and which end the question
// asks for. A reading scores by how many of the question's other words
// (stemmed) its predicate's name and lexicon forms, its qualifier keys
// (by name and by the question words they answer) and the class asked for
// account for, and by how many of the named things it uses. The best
// reading becomes a pattern query; nothing here knows a particular
// question, article or predicate. See docs/lexicon.md.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parser/query.hpp"
#include "store/names.hpp"

namespace kg::engine {

// The Snowball English stem of a word, lowercased (makes, making -> make).
std::string stem(std::string_view word);

// One reading the reader weighed, for explain: its pattern and its score.
struct reading_note {
  std::string pattern;
  double score = 0;
};

// The pattern query a question asks for. Throws kg::error at a position
// when no reading of the question fits the store. `readings`, when given,
// receives the chosen reading first, then the runners-up; `caveat`, when
// given, what the reader guessed that the user should know (a verb the
// store has no word for, read as the one predicate joining the names).
query::ast::pattern_query read_question(store::names& n, const query::parsed_query& q,
                                        const query::ast::question& question,
                                        std::vector<reading_note>* readings = nullptr,
                                        std::string* caveat = nullptr);

// What the lexicon says of a predicate, as (aspect, value) lines: its
// verb and passive forms, semantics, inverses, the question words it
// answers as a key, the stems a question meets it by, and the forms it
// lacks. Empty when no predicate has that name.
std::vector<std::pair<std::string, std::string>> lexicon_report(store::names& n,
                                                                const std::string& predicate);

}  // namespace kg::engine
