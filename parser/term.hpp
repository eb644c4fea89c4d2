// kg's term model: entities (named things), IRIs, blank nodes and literals
// (text, language-tagged, integer, decimal, date, other datatyped). Every
// kind round-trips exactly through kg's cell syntax (TSV/CSV) and through
// N-Triples; the conversions in both directions live here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kg {

// Stored in the database: the numeric values are part of the schema.
enum class term_kind : std::uint8_t {
  entity = 1,     // lex: the name, e.g. "Jensen Huang"
  iri = 2,        // lex: the IRI, without angle brackets
  blank = 3,      // lex: the label, without "_:"
  text = 4,       // lex: the string (an xsd:string literal)
  lang_text = 5,  // lex: the string; dt: the language tag as written
  typed = 6,      // lex: the lexical form; dt: the datatype IRI
  integer = 7,    // lex: -?[0-9]+ (an xsd:integer)
  decimal = 8,    // lex: -?[0-9]+.[0-9]+ (an xsd:decimal)
  date = 9,       // lex: YYYY-MM-DD, YYYY-MM or YYYY (xsd:date, gYearMonth, gYear)
};

struct term {
  term_kind kind = term_kind::entity;
  std::string lex;
  std::string dt;  // language tag or datatype IRI; empty for the other kinds

  friend bool operator==(const term&, const term&) = default;
};

inline term entity(std::string name) { return {term_kind::entity, std::move(name), {}}; }

bool is_literal(term_kind k);

namespace xsd {
inline constexpr std::string_view ns = "http://www.w3.org/2001/XMLSchema#";
}
namespace rdf {
inline constexpr std::string_view ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
}

// Entities are IRIs in this namespace when kg speaks RDF: the name follows,
// percent-encoded where IRIs forbid a character (and '%' itself).
inline constexpr std::string_view entity_namespace = "urn:kg:e:";

// The IRI of an entity name.
std::string entity_iri(std::string_view name);

// The term for an IRI: an entity when the IRI is the canonical IRI of an
// entity name, else an IRI term.
term make_iri(std::string_view iri);

// The term for a datatyped literal: xsd:string, and xsd:integer, decimal,
// date, gYearMonth and gYear literals whose lexical form is in kg's simple
// shape, become kg's own kinds; everything else stays a typed literal.
term make_typed(std::string lex, std::string_view datatype);

// Lexical shapes of kg's literal kinds.
bool is_integer_lex(std::string_view s);
bool is_decimal_lex(std::string_view s);
// YYYY-MM-DD, YYYY-MM or YYYY with a real month and day.
bool is_date_lex(std::string_view s);
// Digits in the shape NNNN-NN or NNNN-NN-NN, valid date or not: the cell
// syntax reads such cells as dates.
bool is_date_shaped(std::string_view s);

// The numeric value of an integer or decimal term, or of a literal of
// another numeric XSD datatype (double, float, int, long, ...) whose
// lexical form is valid and in range; nullopt for anything else.
std::optional<double> numeric_value(const term& t);

// The datatype IRI a literal has in RDF (empty for entities, IRIs, blanks
// and language-tagged text).
std::string datatype_iri(const term& t);

// N-Triples rendering (canonical escapes).
std::string to_ntriples(const term& t);

// kg cell syntax, as read by the TSV/CSV importer (see docs/import.md).
std::string to_cell(const term& t);

// A string in double quotes with N-Triples escapes (\" \\ \n \r \t \b \f, and
// \u00XX for other control characters): also a valid JSON string.
std::string quote(std::string_view s);

// A short human name for a term kind ("entity", "date", ...).
std::string_view kind_name(term_kind k);

}  // namespace kg
