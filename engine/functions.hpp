// What the filter functions mean: one row per function (its name is the
// grammar's, parser/keywords.hpp), with its arity, the types it reads and
// gives, and its SQL. The binder checks calls against it, the emitter
// writes a call from it, and error help lists it.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "parser/keywords.hpp"

namespace kg::engine {

// What an expression gives: a term (compared by id when both sides are
// terms), a number, text, or a truth value.
enum class value_type { term, number, text, truth };

using function = query::ast::function_kind;

struct function_info {
  function fn;
  int arity;
  value_type argument;  // every argument is read as this
  value_type result;
  // The SQL of a call in SQLite: {0}, {1} are the arguments' SQL.
  std::string_view sqlite;
  std::string_view help;
};

// The term tests (argument value_type::term) read the terms table by the
// argument's id, {0}: an unbound argument gives NULL, an error.
inline constexpr std::array<function_info, 18> functions = {{
    {function::contains, 2, value_type::text, value_type::truth, "instr({0}, {1}) > 0",
     "whether the first text contains the second"},
    {function::starts_with, 2, value_type::text, value_type::truth, "substr({0}, 1, length({1})) = {1}",
     "whether the first text starts with the second"},
    {function::ends_with, 2, value_type::text, value_type::truth, "substr({0}, -length({1})) = {1}",
     "whether the first text ends with the second"},
    {function::lower, 1, value_type::text, value_type::text, "lower({0})", "the text in lower case"},
    {function::upper, 1, value_type::text, value_type::text, "upper({0})", "the text in upper case"},
    {function::year, 1, value_type::text, value_type::number,
     "CAST(nullif(substr({0}, 1, 4), '') AS INTEGER)", "the year of a date"},
    {function::month, 1, value_type::text, value_type::number,
     "CAST(nullif(substr({0}, 6, 2), '') AS INTEGER)", "the month of a date"},
    {function::day, 1, value_type::text, value_type::number, "CAST(nullif(substr({0}, 9, 2), '') AS INTEGER)",
     "the day of a date"},
    {function::length, 1, value_type::text, value_type::number, "length({0})",
     "the length of a text, in characters"},
    {function::is_iri, 1, value_type::term, value_type::truth,
     "(SELECT kind IN (1, 2) FROM terms WHERE id = {0})", "whether a term is an IRI (an entity is one)"},
    {function::is_blank, 1, value_type::term, value_type::truth,
     "(SELECT kind = 3 FROM terms WHERE id = {0})", "whether a term is a blank node"},
    {function::is_literal, 1, value_type::term, value_type::truth,
     "(SELECT kind >= 4 FROM terms WHERE id = {0})", "whether a term is a literal"},
    {function::is_numeric, 1, value_type::term, value_type::truth,
     "(SELECT kind IN (7, 8) OR (kind = 6 AND lex = 'NaN' AND dt IN ("
     "'http://www.w3.org/2001/XMLSchema#double', 'http://www.w3.org/2001/XMLSchema#float')) OR "
     "(kind = 6 AND num IS NOT NULL AND dt IN ("
     "'http://www.w3.org/2001/XMLSchema#integer', 'http://www.w3.org/2001/XMLSchema#decimal', "
     "'http://www.w3.org/2001/XMLSchema#double', 'http://www.w3.org/2001/XMLSchema#float', "
     "'http://www.w3.org/2001/XMLSchema#int', 'http://www.w3.org/2001/XMLSchema#long', "
     "'http://www.w3.org/2001/XMLSchema#short', 'http://www.w3.org/2001/XMLSchema#byte', "
     "'http://www.w3.org/2001/XMLSchema#nonNegativeInteger', "
     "'http://www.w3.org/2001/XMLSchema#positiveInteger', "
     "'http://www.w3.org/2001/XMLSchema#nonPositiveInteger', "
     "'http://www.w3.org/2001/XMLSchema#negativeInteger', "
     "'http://www.w3.org/2001/XMLSchema#unsignedLong', 'http://www.w3.org/2001/XMLSchema#unsignedInt', "
     "'http://www.w3.org/2001/XMLSchema#unsignedShort', 'http://www.w3.org/2001/XMLSchema#unsignedByte')) "
     "FROM terms WHERE id = {0})",
     "whether a term is a number (a valid XSD numeric literal)"},
    {function::same_term, 2, value_type::term, value_type::truth, "({0} = {1})",
     "whether two terms are the same term"},
    // str, lang and datatype give NULL (an error) where SPARQL has one.
    {function::str, 1, value_type::term, value_type::text,
     "(SELECT CASE kind WHEN 1 THEN kg_entity_iri(lex) WHEN 3 THEN NULL ELSE lex END FROM terms WHERE id = "
     "{0})",
     "the text of a term: a literal's lexical form, an IRI's text"},
    {function::lang, 1, value_type::term, value_type::text,
     "(SELECT CASE WHEN kind = 5 THEN dt WHEN kind >= 4 THEN '' END FROM terms WHERE id = {0})",
     "a literal's language tag, or \"\""},
    {function::datatype, 1, value_type::term, value_type::text,
     "(SELECT CASE kind WHEN 4 THEN 'http://www.w3.org/2001/XMLSchema#string' WHEN 5 THEN "
     "'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString' WHEN 6 THEN dt WHEN 7 THEN "
     "'http://www.w3.org/2001/XMLSchema#integer' "
     "WHEN 8 THEN 'http://www.w3.org/2001/XMLSchema#decimal' WHEN 9 THEN CASE length(lex) WHEN 10 THEN "
     "'http://www.w3.org/2001/XMLSchema#date' WHEN 7 THEN "
     "'http://www.w3.org/2001/XMLSchema#gYearMonth' ELSE 'http://www.w3.org/2001/XMLSchema#gYear' END END "
     "FROM terms WHERE id = {0})",
     "a literal's datatype IRI"},
    {function::lang_matches, 2, value_type::text, value_type::truth,
     "(CASE WHEN {1} = '*' THEN {0} <> '' ELSE lower({0}) = lower({1}) OR "
     "substr(lower({0}), 1, length({1}) + 1) = lower({1}) || '-' END)",
     "whether a language tag matches a range (SPARQL's langMatches; '*' matches any tag)"},
}};

// The row of a known function (not function::unknown).
const function_info& info(function f);

// A comparison (=, !=, <, <=, >, >=) as SQL spells it.
std::string_view sql_operator(query::ast::operator_kind op);

}  // namespace kg::engine
