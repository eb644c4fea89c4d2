// SPARQL's operators and built-in functions on terms (SPARQL 1.1, 17): what
// an expression means when kg computes it rather than SQL does. The
// solution stage (solutions.hpp) calls these for BIND, expressions in
// SELECT, aggregates, HAVING, ORDER BY expressions and the filters SQL
// does not compute.
//
// A value is a term, or nullopt: an unbound variable or an error (SPARQL
// treats both alike: a filter on it fails, a projection leaves it unbound).
// kg's entities are IRIs here (entity_iri), and results are made with
// make_typed, so that a computed integer is the same term as a stored one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/term.hpp"

namespace kg::engine::values {

using value = std::optional<term>;

// xsd:boolean true or false.
term boolean(bool b);

// The effective boolean value (17.2.2); nullopt when it is an error.
std::optional<bool> ebv(const value& v);

// The numeric operators + - * / with numeric type promotion (integer <
// decimal < float < double; the derived integer types are integers);
// nullopt when an operand is not a number, or an integer or decimal is
// divided by zero. Integer / integer is a decimal.
value arithmetic(char op, const value& a, const value& b);
// Unary - and +: nullopt when the operand is not a number.
value negate(const value& a);
value plus(const value& a);

// = != < <= > >= as SPARQL's operators define them: numbers by value,
// strings, booleans and dateTimes by value, = and != on other terms by
// identity (RDFterm-equal: != of two literals of unknown datatypes that
// differ is an error); nullopt for a type error.
std::optional<bool> compare(std::string_view op, const value& a, const value& b);

// The order ORDER BY sorts in (15.1): unbound, then blank nodes, then
// IRIs, then literals, literals by `<` where it is defined, else by a
// fixed order of their kinds and texts; negative, zero or positive.
int order(const value& a, const value& b);

// Whether `name` (lower case; an XSD cast is the datatype's full IRI) is a
// function `call` computes, taking `arity` arguments.
bool known(std::string_view name, std::size_t arity);

// The function called on its arguments' values. The functions that see
// unbound arguments themselves (BOUND, IF, COALESCE, IN, EXISTS, BNODE)
// are not here: the caller evaluates them.
value call(std::string_view name, const std::vector<value>& args);

// An IRI term for an IRI's text (an entity when it is an entity's IRI).
term iri(std::string_view text);

}  // namespace kg::engine::values
