// The syntax tree of a SPARQL 1.1 query as the grammar (sparql_grammar.cpp)
// reads it, before prefixes are expanded and before it becomes kg's own
// tree (sparql.cpp). Nodes that an error may point at are position tagged.
#pragma once

#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kg::sparql::ast {

namespace x3 = boost::spirit::x3;

struct var : x3::position_tagged {
  std::string name;
};

// <iri> (prefixed = false, text the IRI as written, escapes decoded) or
// prefix:local (text the local part, escapes decoded).
struct iri : x3::position_tagged {
  bool prefixed = false;
  std::string prefix;
  std::string text;
};

// _:label; an anonymous [] gets a label of its own from the translation.
struct blank : x3::position_tagged {
  std::string label;
};

// A literal: a string with a language tag or a datatype, a number or a
// boolean (typed with its XSD datatype).
struct literal : x3::position_tagged {
  std::string lex;
  std::string lang;
  std::optional<iri> datatype;
};

struct property_list;
struct collection;

struct node
    : x3::variant<var, iri, blank, literal, x3::forward_ast<property_list>, x3::forward_ast<collection>> {
  using base_type::base_type;
  using base_type::operator=;
};

// Property paths: alternatives of sequences of (possibly inverse,
// possibly repeated) steps. A step is an IRI, a negated set or a
// parenthesised path.
struct path;
struct path_step : x3::position_tagged {
  bool inverse = false;
  // One of: an IRI; a parenthesised path (sub); a negated property set
  // (negated, the IRIs in negated_set, each with its direction).
  std::optional<iri> predicate;
  std::shared_ptr<path> sub;
  bool negated = false;
  std::vector<std::pair<bool, iri>> negated_set;  // (inverse, IRI) of each member
  char modifier = 0;  // 0, '?', '*' or '+'
};
struct path : x3::position_tagged {
  std::vector<std::vector<path_step>> alternatives;  // each a sequence
};

struct verb : x3::position_tagged {
  std::optional<var> variable;  // a variable verb
  path p;                       // else a path
};

struct predicate_objects : x3::position_tagged {
  verb v;
  std::vector<node> objects;
};

// [ p o ; q r ]
struct property_list : x3::position_tagged {
  std::vector<predicate_objects> properties;
};

// ( a b c )
struct collection : x3::position_tagged {
  std::vector<node> items;
};

// A subject and its predicate-object list (empty when the subject is a
// property list standing alone).
struct triples : x3::position_tagged {
  node subject;
  std::vector<predicate_objects> properties;
};

struct group;

// Expressions: one node kind with an operator name; the translation
// checks what each may hold.
struct expression : x3::position_tagged {
  // "||" "&&" "=" "!=" "<" "<=" ">" ">=" "in" "not in" "+" "-" "*" "/"
  // "!" "neg" "pos" "call" (name: the function, lower case) "aggregate"
  // (name: count, sum, ...; distinct; star) "exists" "not exists" "term"
  std::string op;
  std::string name;
  bool distinct = false;
  bool star = false;
  std::string separator;  // group_concat
  std::vector<expression> args;
  std::optional<node> leaf;        // for "term": a variable, IRI or literal
  std::shared_ptr<group> pattern;  // for exists / not exists
};

struct optional_part;
struct minus_part;
struct union_part;
struct filter_part : x3::position_tagged {
  expression condition;
};
struct bind_part : x3::position_tagged {
  expression value;
  var as;
};
struct query;
// VALUES, GRAPH, SERVICE and sub-queries: read, then refused by name.
struct unsupported_part : x3::position_tagged {
  std::string what;
  // VALUES: its variables, and the number of values in each row.
  std::vector<std::string> variables;
  std::vector<std::size_t> rows;
  std::vector<std::optional<node>> cells;  // row by row; nullopt: UNDEF
  std::shared_ptr<query> sub;  // a sub-query
};

struct element : x3::variant<triples, x3::forward_ast<optional_part>, x3::forward_ast<minus_part>,
                             x3::forward_ast<union_part>, filter_part, bind_part, unsupported_part> {
  using base_type::base_type;
  using base_type::operator=;
};

struct group : x3::position_tagged {
  std::vector<element> elements;
};

struct optional_part : x3::position_tagged {
  group body;
};
struct minus_part : x3::position_tagged {
  group body;
};
// { A } UNION { B } ...; a single braced group is a union of one.
struct union_part : x3::position_tagged {
  std::vector<group> branches;
};

// A projected item: a variable, or (expression AS ?var).
struct projection_item : x3::position_tagged {
  std::optional<expression> value;
  var as;
};

struct order_key : x3::position_tagged {
  bool descending = false;
  expression key;
};

enum class form { select, ask, construct, describe };

struct query : x3::position_tagged {
  std::vector<std::pair<std::string, std::string>> prefixes;  // in order, as declared
  std::optional<std::string> base;
  form kind = form::select;
  bool distinct = false;
  bool reduced = false;
  bool star = false;                        // SELECT * / DESCRIBE *
  std::vector<projection_item> projection;  // SELECT
  std::vector<node> described;              // DESCRIBE
  std::vector<triples> construct_template;  // CONSTRUCT
  bool has_dataset = false;                 // FROM / FROM NAMED
  std::size_t dataset_at = 0;
  std::optional<group> where;
  std::vector<expression> group_by;
  std::vector<std::string> group_aliases;  // of each GROUP BY key: (expr AS ?v), else empty
  std::vector<expression> having;
  std::vector<order_key> order_by;
  std::optional<unsigned long long> limit, offset;
  bool has_values = false;  // a trailing VALUES block
  std::size_t values_at = 0;
  std::shared_ptr<unsupported_part> values;
};

}  // namespace kg::sparql::ast
