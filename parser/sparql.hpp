// SPARQL 1.1 queries as a second front-end: the grammar (sparql_grammar.cpp)
// reads a query into sparql_ast.hpp, and the translation (sparql.cpp) turns
// it into kg's own syntax tree, which the engine binds, orders and runs
// like a query of kg's language (the same plan). What kg cannot yet answer
// exactly is an error at its position, never an approximate answer; the
// supported subset is in docs/sparql.md.
#pragma once

#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>
#include <vector>

#include "parser/diagnostic.hpp"
#include "parser/query.hpp"
#include "parser/sparql_ast.hpp"

namespace kg::sparql {

struct parsed {
  ast::query tree;
  std::vector<std::size_t> positions;  // byte offsets, indexed by the nodes' position tags
};

// Reads the bytes [begin, end) of `text` as one SPARQL query; positions and
// errors are offsets of the whole text; an error of kind `incomplete`
// when the text ends before the query does.
tl::expected<parsed, error> read(std::string_view text, std::string_view source, std::size_t begin = 0,
                                 std::size_t end = std::string_view::npos);

// Whether a statement is written in SPARQL rather than kg's language: it
// starts with BASE, ASK or CONSTRUCT, or with SELECT or DESCRIBE and a
// head that only SPARQL's grammar reads, followed by a group in braces
// (see the definition). A leading `explain` and PREFIX declarations are
// passed over (declarations alone are kg's: see query::parse).
bool looks_like_sparql(std::string_view statement);

// Reads and translates one SPARQL query into kg's tree. Errors carry the
// source name and positions in the whole text, like query::parse. Prefixed
// names use the prefixes `known` declares (the well-known ones when null),
// and the query's own PREFIX declarations, which override them.
tl::expected<query::parsed_query, error> parse(std::string_view text, std::string_view source,
                                               std::size_t begin = 0,
                                               std::size_t end = std::string_view::npos,
                                               const prefix_list* known = nullptr);

// The offset of the first brace nested deeper than query::max_nesting (in
// groups, brackets and parentheses), outside strings and comments.
std::optional<std::size_t> too_deep(std::string_view text);

}  // namespace kg::sparql
