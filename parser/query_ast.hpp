// The syntax tree of kg's query language (see docs/query-language.md):
// plain structs and X3 variants, every node tagged with its position in
// the query text so later stages can point at it in errors.
#pragma once

#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parser/term.hpp"

namespace kg::query::ast {

namespace x3 = boost::spirit::x3;

// The closed sets of the language. Their spellings are in keywords.hpp,
// one table each, read by the grammar and written by the printer.
enum class projection_kind { select, count };
enum class sort_direction { asc, desc };
enum class update_action { add, remove };
enum class describe_verb { describe, graph };
// none: a question without a question word (did X meet Y?), read from its
// other words.
enum class question_word { who, what, which, when, where, how_many, none };
// A path's steps: p (once), p+ (one or more), p* (zero or more), and
// SPARQL's p? (zero or one; kg's own language has no spelling for it).
enum class repetition { once, one_or_more, zero_or_more, zero_or_one };
enum class operator_kind {
  logical_or,
  logical_and,
  equal,
  not_equal,
  less,
  less_equal,
  greater,
  greater_equal
};
// The filter functions; a call of any other name is `unknown`, an error
// the engine reports where the call stands.
enum class function_kind {
  contains,
  starts_with,
  ends_with,
  lower,
  upper,
  year,
  month,
  day,
  length,
  is_iri,
  is_blank,
  is_literal,
  is_numeric,
  same_term,
  str,
  lang,
  datatype,
  lang_matches,
  unknown
};

// ?name
struct variable : x3::position_tagged {
  std::string name;
};

// A bare word (Huang, part_of) or a quoted string ("Jensen Huang"): the
// name of an entity, resolved against the store later.
struct name : x3::position_tagged {
  std::string text;
  bool quoted = false;
  // The term it stands for, when a stage before binding has resolved it
  // (the question reader hands over the ids it found); the grammar never
  // sets it.
  std::optional<std::int64_t> id;
};

// A literal in kg's cell syntax: 4000, -2.5, 2025-07-15, "2025"^^xsd:gYear,
// "chat"@fr, <http://...>. The grammar reads it once: `value` is the term,
// `text` the spelling as written, which the printer gives back.
struct literal : x3::position_tagged {
  std::string text;
  kg::term value;
};

struct node : x3::variant<variable, name, literal> {
  using base_type::base_type;
  using base_type::operator=;
};

// The predicate of a pattern: a name or variable, optionally inverse (^p)
// and repeated (p+ one or more steps, p* zero or more).
struct path : x3::position_tagged {
  bool inverse = false;
  node predicate;
  repetition repeat = repetition::once;
};

// {key: value} after a pattern: a qualifier of the matching statement.
// The key is a name (date), or an IRI in angle brackets (<http://e/date>;
// a prefixed name ex:date is read as the IRI it stands for).
struct qualifier : x3::position_tagged {
  std::string key;
  node value;
};

// The term a qualifier's key names: an IRI (an entity for kg's own
// urn:kg:e: IRIs) when it is written in angle brackets, else the entity.
inline term key_term(const std::string& key) {
  if (key.size() >= 2 && key.front() == '<' && key.back() == '>')
    return make_iri(key.substr(1, key.size() - 2));
  return term{term_kind::entity, key, {}};
}

struct triple : x3::position_tagged {
  node subject;
  path predicate;
  node object;
  std::vector<qualifier> qualifiers;
};

// Filter expressions.
struct expression;
struct call;

struct operand : x3::variant<variable, literal, name, x3::forward_ast<call>, x3::forward_ast<expression>> {
  using base_type::base_type;
  using base_type::operator=;
};

struct operation {
  operator_kind op = operator_kind::equal;
  operand rhs;
};

// A left-to-right chain `first op rhs op rhs ...` at one precedence level;
// nested levels appear as operands. A leading "not" negates the chain.
struct expression : x3::position_tagged {
  bool negated = false;
  operand first;
  std::vector<operation> rest;
};

struct call : x3::position_tagged {
  function_kind function = function_kind::unknown;
  std::string name;  // as written
  std::vector<expression> arguments;
};

struct element;

// Elements joined by '.' or "and". (Single-field nodes have converting
// constructors, which X3 needs to fill them from their one attribute. The
// ones that move a group are defined below element: clang instantiates the
// vector's members where the constructor is defined, and element must be
// complete there.)
struct group : x3::position_tagged {
  std::vector<element> elements;
  group() = default;
  group(std::vector<element> e);
};

struct optional_group : x3::position_tagged {
  group body;
  optional_group() = default;
  optional_group(group g);
};

struct not_group : x3::position_tagged {
  group body;
  not_group() = default;
  not_group(group g);
};

// { ... } or { ... } or ...: a single braced group is just a group.
struct union_group : x3::position_tagged {
  std::vector<group> branches;
  union_group() = default;
  union_group(std::vector<group> b);
};

struct filter : x3::position_tagged {
  expression condition;
  filter() = default;
  filter(expression e) : condition(std::move(e)) {}
};

struct element : x3::variant<triple, optional_group, not_group, union_group, filter> {
  using base_type::base_type;
  using base_type::operator=;
};

inline group::group(std::vector<element> e) : elements(std::move(e)) {}
inline optional_group::optional_group(group g) : body(std::move(g)) {}
inline not_group::not_group(group g) : body(std::move(g)) {}
inline union_group::union_group(std::vector<group> b) : branches(std::move(b)) {}

// select [distinct] ?a ?b | select * | count [distinct] [?a]
struct projection : x3::position_tagged {
  projection_kind kind = projection_kind::select;
  bool distinct = false;
  std::vector<variable> variables;  // empty: every variable (select *) or every row (count)
};

struct order_key : x3::position_tagged {
  variable var;
  sort_direction direction = sort_direction::asc;
};

struct pattern_query : x3::position_tagged {
  std::optional<projection> head;
  group where;
  std::vector<variable> group_by;
  std::vector<order_key> order_by;
  std::optional<unsigned> limit;
  std::optional<unsigned> offset;
  bool with_sources = false;
  // Set by the SPARQL front-end (parser/sparql.hpp), never by kg's grammar:
  // ASK (whether the patterns match, whatever they bind), and the name of
  // a count's column (SELECT (COUNT(*) AS ?n)); empty: "count".
  bool ask = false;
  std::string count_name;
  // Filters follow SPARQL's operators (engine/plan.hpp, select::sparql).
  bool sparql = false;
};

struct word : x3::position_tagged {
  std::string text;
  bool quoted = false;
};

// A plain question: who met Huang? / which products were announced?
// The words after the question word are resolved against the store's
// lexicon later; the grammar only reads them.
struct question : x3::position_tagged {
  question_word asks = question_word::who;
  std::vector<word> words;
  // "... with sources" after the words or the '?': the answer also says
  // where each fact comes from.
  bool with_sources = false;
};

// add [new] S P O {key: value, ...} | remove S P O: one change to the
// store. "new" says that names new to the store are meant (strict add).
struct update : x3::position_tagged {
  update_action action = update_action::add;
  bool confirmed = false;
  triple fact;
};

// import "file": the file's facts, in one transaction.
struct import_file : x3::position_tagged {
  name file;
};

// why S P O: the statements of one fact, with their sources.
struct why : x3::position_tagged {
  triple fact;
};

// describe X | graph X: every fact about an entity, either way round; graph
// draws them (DOT).
struct describe : x3::position_tagged {
  describe_verb verb = describe_verb::describe;
  node entity;
  bool with_sources = false;
};

// search "words" [limit N]: the facts whose subject, predicate, object or
// qualifier values contain the words (in any inflection), best first.
struct search : x3::position_tagged {
  name text;
  std::optional<unsigned> limit;
};

struct query : x3::variant<question, pattern_query, update, import_file, why, describe, search> {
  using base_type::base_type;
  using base_type::operator=;
};

// prefix ex: <http://example.org/>: ex:name stands for the IRI
// <http://example.org/name> in what follows.
struct prefix_declaration : x3::position_tagged {
  std::string name;  // without the ':'
  std::string iri;
};

// A whole statement: prefixes it declares, then (`explain` before a query
// shows how it runs instead) the query; the prefixes may also follow
// `explain`.
struct statement {
  std::vector<prefix_declaration> prefixes;
  bool explain = false;
  std::vector<prefix_declaration> more_prefixes;  // after explain, as SPARQL writes them
  query body;
};

}  // namespace kg::query::ast
