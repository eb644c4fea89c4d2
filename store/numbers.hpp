// Exact comparison of the numbers kg stores: integers and decimals compared
// by the values their lexical forms stand for, not by their doubles.
#pragma once

#include <string_view>

namespace kg::store {

class database;

// The name of the collation that compares integer and decimal lexical forms
// (-?[0-9]+ and -?[0-9]+.[0-9]+) by their exact values: 5 and 5.0 are
// equal, 9007199254740993 is more than 9007199254740992 and
// 0.1000000000000000001 more than 0.1. Other text compares bytewise.
inline constexpr char exact_number_collation[] = "kg_number";

// Compares two lexical forms as that collation does: negative, zero or
// positive.
int compare_exact_numbers(std::string_view a, std::string_view b);

// Registers the collation on a connection. Throws sqlite_error when SQLite
// refuses it.
void register_exact_numbers(database& db);

// A SQL function that fails the statement with its argument as the error
// message: SPARQL's comparisons call it where kg cannot compute a value
// SPARQL defines (dateTimes in different time zones, ...), so that such a
// query is an error, never a wrong answer.
inline constexpr char unsupported_function[] = "kg_unsupported";
void register_unsupported(database& db);

// A SQL function giving the IRI of the entity of that name (entity_iri):
// SPARQL's STR of an entity.
inline constexpr char entity_iri_function[] = "kg_entity_iri";
void register_entity_iri(database& db);

}  // namespace kg::store
