// The oracle's own model of a test case (docs/oracle.md): a small graph of
// RDF terms, and a query kept as a tree that renders both as kg's query
// language and as SPARQL, clause by clause. Nothing here depends on kg's
// parser or store beyond the term type, so the translation reads as the
// table in docs/oracle.md.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "parser/term.hpp"

namespace kg::oracle {

// A graph: facts of entities (IRIs urn:kg:e:NAME), IRIs and literals.
struct graph {
  std::vector<std::array<term, 3>> facts;

  // One fact a line, as kg's exporter writes terms.
  std::string ntriples() const;
  // Reads what ntriples() wrote (one fact a line); nullopt on a bad line.
  static std::optional<graph> from_ntriples(const std::string& text);

  // The entity a name stands for in kg: the one spelled exactly so, else
  // the only one equal case-blind. Empty when there is none or several.
  std::optional<std::string> entity_named(const std::string& name) const;
  bool has_term(const term& t) const;
};

// A position of a pattern or a leaf of a condition.
struct node {
  enum class kind { variable, name, literal } k = kind::variable;
  std::string text;     // the variable (without '?') or the name
  bool quoted = false;  // names: written in quotes (an entity, else text)
  term value;           // literals

  static node var(std::string v) { return {kind::variable, std::move(v), false, {}}; }
  static node name(std::string n, bool quoted = false) { return {kind::name, std::move(n), quoted, {}}; }
  static node literal(term t) { return {kind::literal, {}, false, std::move(t)}; }
  bool is_var() const { return k == kind::variable; }
  friend bool operator==(const node&, const node&) = default;
};

struct pattern {
  node s, p, o;
  bool inverse = false;  // ^p
  std::string repeat;    // "", "+" or "*"
};

// A filter condition. Leaves are nodes; a bare variable as a condition is
// "bound". Calls: contains, starts_with, ends_with (conditions), lower,
// upper (text), length, year, month, day (numbers).
struct expr;
using expr_ptr = std::shared_ptr<const expr>;
struct expr {
  enum class kind { leaf, call, compare, and_, or_, not_ } k = kind::leaf;
  node leaf;
  std::string function;          // calls
  std::vector<std::string> ops;  // compare: a op b op c (ops.size() == args.size() - 1)
  std::vector<expr_ptr> args;    // call arguments, compared operands, and/or/not operands
};

struct group;
struct element {
  enum class kind { pattern, optional, not_, union_, filter } k = kind::pattern;
  oracle::pattern pat;
  std::vector<group> groups;  // optional and not: one; union: the branches (one: a plain nested group)
  expr_ptr condition;
};

struct group {
  std::vector<element> elements;
};

struct query {
  enum class head_kind { none, star, select, count } head = head_kind::none;
  bool distinct = false;
  std::vector<std::string> vars;  // select: the variables; count: none or one
  group where;
  std::vector<std::string> group_by;
  std::vector<std::pair<std::string, bool>> order_by;  // variable, descending
  std::optional<unsigned> limit, offset;
};

// The variables SPARQL has in scope after a group: those of its patterns,
// nested groups, union branches and optional groups (not of not groups).
std::vector<std::string> in_scope(const group& g);
// All variables written anywhere in a condition.
void condition_variables(const expr& e, std::vector<std::string>& out);

// How a query's answers are compared.
enum class compare_mode {
  rows,     // the multiset of rows
  count,    // only the number of rows (limit or offset without a total order)
  boolean,  // an ASK: whether anything matches
};
compare_mode mode_of(const query& q);

// kg's query text.
std::string to_kg(const query& q);

// The SPARQL that means what docs/query-language.md says the kg query
// means, over the same graph (names in quotes resolve as kg resolves them:
// an entity when the graph has one so named, else text).
std::string to_sparql(const query& q, const graph& g);

// The query as a SPARQL user would write it: SPARQL's own operators and
// functions (CONTAINS, LCASE, <, ...) in place of kg's, which SPARQL
// engines, kg's SPARQL front-end among them, must answer alike. Empty,
// with the reason in `refused`, when the query has no such form.
std::string to_plain_sparql(const query& q, const graph& g, std::string& refused);

// Why a query must not be compared on a graph, or empty when it may be: it
// uses a documented difference of kg's from SPARQL, or a place where
// Oxigraph departs from SPARQL (docs/oracle.md).
std::string incomparable(const query& q, const graph& g);

}  // namespace kg::oracle
