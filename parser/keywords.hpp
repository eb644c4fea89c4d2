// The words of kg's query language, in one place: the reserved keywords,
// the spellings of its closed sets (select or count, asc or desc, the
// operators, the functions, ...) and what a bare name may hold. The grammar
// reads with these tables, the printer writes with them and shell
// completion offers them, so the three cannot drift apart.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "parser/query_ast.hpp"

namespace kg::query {

// The reserved words, in lower case; they are matched in any case and
// never read as names (a name spelled like one is quoted: "and").
inline constexpr std::array<std::string_view, 32> reserved_words = {
    "select", "distinct", "count",  "where", "and",     "or",       "not",   "optional",
    "filter", "group",    "by",     "order", "asc",     "desc",     "limit", "offset",
    "with",   "sources",  "who",    "what",  "which",   "when",     "how",   "many",
    "add",    "remove",   "import", "why",   "explain", "describe", "graph", "search"};

// Whether a word is one of the reserved words (any case).
bool is_keyword(std::string_view word);

// Whether `text` begins with the keyword `word` (any case) standing alone:
// not followed by a name character.
bool starts_with_keyword(std::string_view text, std::string_view word);

// The bytes of a bare name: ASCII letters and digits, '_', '-', and every
// byte of a multi-byte UTF-8 character (Huang, part_of, H20, 北京).
constexpr bool is_name_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c >= 0x80;
}

// The bytes a bare name may begin with: a name character other than a
// digit or '-', which begin numbers and dates.
constexpr bool is_name_start(unsigned char c) {
  return is_name_char(c) && !(c >= '0' && c <= '9') && c != '-';
}

// Whether a run of name characters is a name rather than a number or a
// date: it starts with a name start, or with a digit and holds something
// other than digits and '-' (000_fc729ba78c68ed91, 3rd, 20th_century;
// not 42, 2025-07-15 or 2025-07).
bool is_name_word(std::string_view word);

// Whether a name reads back as the same bare word: name characters that
// make a name word, and not a keyword. Any other name is written in quotes.
bool is_bare_name(std::string_view text);

// One spelling of a member of a closed set. A spelling of several words
// ("how many") separates them by one blank; they may be apart by any
// blanks or comments in a query.
template <class E>
struct spelling {
  std::string_view text;
  E value;
};

inline constexpr std::array<spelling<ast::projection_kind>, 2> projection_kinds = {{
    {"select", ast::projection_kind::select},
    {"count", ast::projection_kind::count},
}};

inline constexpr std::array<spelling<ast::sort_direction>, 2> sort_directions = {{
    {"asc", ast::sort_direction::asc},
    {"desc", ast::sort_direction::desc},
}};

inline constexpr std::array<spelling<ast::update_action>, 2> update_actions = {{
    {"add", ast::update_action::add},
    {"remove", ast::update_action::remove},
}};

inline constexpr std::array<spelling<ast::describe_verb>, 2> describe_verbs = {{
    {"describe", ast::describe_verb::describe},
    {"graph", ast::describe_verb::graph},
}};

inline constexpr std::array<spelling<ast::question_word>, 6> question_words = {{
    {"who", ast::question_word::who},
    {"what", ast::question_word::what},
    {"which", ast::question_word::which},
    {"when", ast::question_word::when},
    {"where", ast::question_word::where},
    {"how many", ast::question_word::how_many},
}};

// A path's repetition is written after its predicate; once is not written.
// "?" is SPARQL's; kg's grammar does not read it (it leads a variable).
inline constexpr std::array<spelling<ast::repetition>, 4> repetitions = {{
    {"", ast::repetition::once},
    {"+", ast::repetition::one_or_more},
    {"*", ast::repetition::zero_or_more},
    {"?", ast::repetition::zero_or_one},
}};

// The logical operators are keywords; the comparisons are symbols.
inline constexpr std::array<spelling<ast::operator_kind>, 8> operators = {{
    {"or", ast::operator_kind::logical_or},
    {"and", ast::operator_kind::logical_and},
    {"=", ast::operator_kind::equal},
    {"!=", ast::operator_kind::not_equal},
    {"<", ast::operator_kind::less},
    {"<=", ast::operator_kind::less_equal},
    {">", ast::operator_kind::greater},
    {">=", ast::operator_kind::greater_equal},
}};

// The filter functions. Their names are not reserved, and they are
// matched as written (lower(?x), not LOWER(?x)).
inline constexpr std::array<spelling<ast::function_kind>, 18> functions = {{
    {"contains", ast::function_kind::contains},
    {"starts_with", ast::function_kind::starts_with},
    {"ends_with", ast::function_kind::ends_with},
    {"lower", ast::function_kind::lower},
    {"upper", ast::function_kind::upper},
    {"year", ast::function_kind::year},
    {"month", ast::function_kind::month},
    {"day", ast::function_kind::day},
    {"length", ast::function_kind::length},
    {"is_iri", ast::function_kind::is_iri},
    {"is_blank", ast::function_kind::is_blank},
    {"is_literal", ast::function_kind::is_literal},
    {"is_numeric", ast::function_kind::is_numeric},
    {"same_term", ast::function_kind::same_term},
    {"str", ast::function_kind::str},
    {"lang", ast::function_kind::lang},
    {"datatype", ast::function_kind::datatype},
    {"lang_matches", ast::function_kind::lang_matches},
}};

// The spelling of a value in its table ("" when the table lacks it).
template <class E, std::size_t N>
constexpr std::string_view spelling_in(const std::array<spelling<E>, N>& table, E value) {
  for (const auto& s : table)
    if (s.value == value) return s.text;
  return {};
}

constexpr std::string_view name_of(ast::projection_kind v) { return spelling_in(projection_kinds, v); }
constexpr std::string_view name_of(ast::sort_direction v) { return spelling_in(sort_directions, v); }
constexpr std::string_view name_of(ast::update_action v) { return spelling_in(update_actions, v); }
constexpr std::string_view name_of(ast::describe_verb v) { return spelling_in(describe_verbs, v); }
constexpr std::string_view name_of(ast::question_word v) { return spelling_in(question_words, v); }
constexpr std::string_view name_of(ast::repetition v) { return spelling_in(repetitions, v); }
constexpr std::string_view name_of(ast::operator_kind v) { return spelling_in(operators, v); }
constexpr std::string_view name_of(ast::function_kind v) { return spelling_in(functions, v); }

// The function a call names, or function_kind::unknown.
ast::function_kind function_named(std::string_view name);

// The function names, joined by ", ", for help lines.
std::string function_list();

}  // namespace kg::query
