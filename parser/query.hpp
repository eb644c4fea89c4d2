// Reading and printing kg queries. The grammar is in query_grammar.cpp.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "parser/diagnostic.hpp"
#include "parser/keywords.hpp"
#include "parser/modifiers.hpp"
#include "parser/prefixes.hpp"
#include "parser/query_ast.hpp"

namespace kg::query {

// How deeply groups and expressions may nest; deeper input is an error,
// never a stack overflow.
inline constexpr int max_nesting = 64;

// Byte offsets [begin, end) of a node in the query text.
struct span {
  std::size_t begin = 0, end = 0;
};

// One position of a CONSTRUCT template: a constant term, a variable or a
// blank node (a fresh one for each answer row).
struct template_node {
  std::optional<kg::term> constant;
  std::string variable, blank;
};

struct parsed_query {
  ast::query tree;
  // SPARQL's CONSTRUCT: the tree is the select of its WHERE, and the
  // answer is this template instantiated by each row (engine::run_query).
  bool construct = false;
  std::vector<std::array<template_node, 3>> construct_template;
  bool explain = false;                // the statement began with "explain"
  std::vector<std::size_t> positions;  // byte offsets, indexed by the nodes' position tags
  bool sparql = false;                 // read by the SPARQL front-end (parser/sparql.hpp)
  // What SPARQL does to the solutions of the tree's patterns that SQL does
  // not (parser/modifiers.hpp): when set, the tree selects the variables
  // they read, and engine::run_query applies them to its rows.
  std::shared_ptr<const modifiers> solution_modifiers;
  // SPARQL: makes the same query with every filter of its own group (and
  // its ORDER BY) computed by the solution stage, for when SQL finds values
  // it cannot compare (dateTimes in different time zones); null when it
  // cannot be made. Translated only then: most queries never need it.
  std::function<std::shared_ptr<const parsed_query>()> fallback;
  // The prefixes the statement declares (`prefix ex: <...>`); when it is
  // nothing but declarations, `declarations_only` is set and the tree is
  // empty: a script or shell then knows them for its later statements.
  prefix_list declared;
  bool declarations_only = false;
  // Where a node of the tree stands in the text (0, 0 when unknown).
  span span_of(const boost::spirit::x3::position_tagged& node) const;
};

// Parses one statement: the whole of `text`, or its bytes [begin, end)
// when a script holds several. Positions (of nodes and of errors) are
// byte offsets of the whole text; errors are reported under the name
// `source` with the line and column in the whole text, as one diagnostic
// of an error whose kind is `incomplete` when the text ends before the
// statement does (a shell reads on), else `syntax`. A prefixed name
// (ex:name) is read with the prefixes `known` declares (the well-known
// ones when null) and those the statement declares before its query.
tl::expected<parsed_query, error> parse(std::string_view text, std::string_view source = "query",
                                        std::size_t begin = 0, std::size_t end = std::string_view::npos,
                                        const prefix_list* known = nullptr);

// Whether an error is a question that lacks only its closing '?'.
bool lacks_question_mark(const error& e);

// The query in canonical form: parsing it again gives the same tree.
std::string to_string(const ast::query& q);

// Replaces one-operand condition chains by their operand; parse() applies
// it, so trees compare equal exactly when their canonical texts do.
void normalize(ast::query& q);

}  // namespace kg::query
