// kg's logical plan: what a statement means, with every name resolved to a
// term id, between the syntax tree and SQL. Plain structs and variants,
// like the syntax tree (parser/query_ast.hpp).
//
// The stages that make and read it (docs/query-language.md, "How a query
// runs"):
//   bind     (bind.hpp)    syntax tree -> plan; every positioned error
//                          (bind_statements.cpp: add, remove, import, why)
//   order    (order.hpp)   each group's elements in the order they run,
//                          patterns joined cheapest first, and the
//                          permutation table each pattern reads
//   emit     (emit.hpp)    plan -> SQL text and parameters, per dialect
//   execute  (execute.cpp) prepare, bind, step, decode; update.cpp runs
//                          the plans of add, remove, import and why
//   explain  (explain.hpp) the plan as text
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/functions.hpp"
#include "parser/query_ast.hpp"
#include "parser/term.hpp"
#include "store/names.hpp"

namespace kg::engine::plan {

using store::edge;

// A position of a pattern: a constant term id, a variable, or both (a
// variable pinned to a constant by an equality filter in its group).
// A constant the store does not hold has an id below zero: it matches no
// fact, and two such constants are equal only when they are the same term.
struct slot {
  std::optional<std::int64_t> constant;
  std::string variable;
  std::size_t offset = 0;  // in the query text
};

// The permutation table a pattern reads: the one whose key starts with the
// positions bound when it is read (store/store.hpp).
enum class table { spo, pos, osp };
std::string_view table_name(table t);
table table_for(bool s, bool p, bool o);

enum class repeat { once, one_or_more, zero_or_more, zero_or_one };

struct pattern;
// The table one direction of a predicate is read from, in a pattern read
// as edges: keyed by the pattern's constant ends.
table edge_table(const pattern& p, const edge& e);

// How a pattern is read.
enum class access {
  scan,     // one permutation table
  edges,    // a union of the predicate's facts in each direction it holds
            // (symmetric, or with inverses)
  walk,     // a path from its constant end (kg_reach)
  closure,  // a path between two variable ends (a recursive CTE)
  counted,  // not read: a count's only pattern, whose facts are counted by
            // the counts every write keeps (predicate_stats, object_counts,
            // subject_counts; order.cpp says when)
  join,     // one atom of a worst-case optimal join of a cycle (kg_join)
};

struct qualifier {
  std::int64_t key;
  slot value;
};

// One triple pattern, with its predicate's semantics resolved.
struct pattern {
  slot s, p, o;  // s and o already swapped for ^p
  repeat rep = repeat::once;
  std::vector<edge> edges;  // how a constant predicate is matched
  std::vector<qualifier> qualifiers;
  const query::ast::triple* node = nullptr;  // as written, for messages
  std::size_t begin = 0, end = 0;            // its span in the text

  // Chosen by the order stage:
  access how = access::scan;
  table read = table::spo;        // for a scan
  bool walk_from_subject = true;  // for a walk
  std::int64_t estimate = -1;     // rows its constants match (-1: not estimated)
  bool joined = false;            // joins a variable bound before it
  // A scan of facts_pos with qualifiers reads the qualifier table instead,
  // keyed (p, o, s) too: a statement's fact is stored whenever its
  // qualifiers are, so their rows alone are the pattern's answers.
  bool qualifiers_first = false;
  // For access::join: the join it is an atom of (its number in the
  // query), and the join's variables in the order it binds them. A join's
  // atoms are consecutive in their group.
  int join = -1;
  std::vector<std::string> join_variables;
};

// --- filter expressions ------------------------------------------------------

struct expression;
using expression_ptr = std::shared_ptr<expression>;

struct variable_ref {
  std::string name;
};

// A name, a literal or a quoted string. `id` is the term it stands for
// (below zero when the store does not hold it); `number` its numeric value.
struct constant {
  std::int64_t id = -1;
  std::string text;
  std::optional<double> number;
  // The term's kind and datatype (or language tag), for SPARQL's
  // comparisons; 0 and empty for a name kg's language resolved.
  int kind = 0;
  std::string dt;
};

struct call {
  function fn;
  std::vector<expression_ptr> arguments;
};

// A comparison chain `a op b op c`: a op b and b op c.
struct comparison {
  std::vector<expression_ptr> operands;
  std::vector<query::ast::operator_kind> ops;  // one fewer than operands; comparisons only
};

// Or of ands: and binds tighter.
struct logic {
  std::vector<std::vector<expression_ptr>> disjuncts;
};

// An operand used as a condition on its own (a variable: whether it is
// bound; a function: its value).
struct truth {
  expression_ptr operand;
};

struct expression {
  std::variant<variable_ref, constant, call, comparison, logic, truth> node;
  value_type type = value_type::term;
  bool negated = false;
};

// --- groups -----------------------------------------------------------------

struct group;

// { A } or { B } ...
struct union_of {
  std::vector<group> branches;
};

// optional { G }: a left join.
struct left_join;
// not { G }: an anti-join.
struct anti_join;

struct filter {
  expression condition;
};

using element =
    std::variant<pattern, union_of, std::shared_ptr<left_join>, std::shared_ptr<anti_join>, filter>;

// A group of elements. Bound, they are in written order; ordered, they are
// in the order they run.
struct group {
  std::vector<element> elements;
  std::size_t offset = 0;
  bool ordered = false;
};

struct left_join {
  group body;
  std::size_t offset = 0;
};

struct anti_join {
  group body;
  std::size_t offset = 0;
};

// --- statements -------------------------------------------------------------

enum class projection { rows, count };

struct order_key {
  std::string variable;  // "count": the count, when no pattern binds ?count
  bool descending = false;
  bool by_count = false;
};

// A pattern query.
struct select {
  group where;
  projection kind = projection::rows;
  bool distinct = false;
  bool ask = false;                    // whether the patterns match, whatever they bind (SPARQL's ASK)
  // Filters follow SPARQL's operators rather than kg's: comparisons read
  // the terms' kinds, and a comparison SPARQL calls an error is NULL.
  bool sparql = false;
  std::string count_name;              // the count's column; empty: "count"
  std::vector<std::string> variables;  // selected, grouped or counted (empty: every one)
  std::vector<std::string> group_by;
  std::vector<order_key> order_by;
  std::optional<std::int64_t> limit, offset;
  bool with_sources = false;   // a last column of sources (file:line)
  bool collect_facts = false;  // the facts behind each row, to draw them
  // Every variable a pattern binds, in the order the text first names them
  // (select * lists them so).
  std::vector<std::string> variables_in_text;
  // Chosen by the order stage: whether the rows can repeat, so that
  // `distinct` must remove duplicates. Rows of plain patterns (no path,
  // union, optional group, qualifier or predicate read several ways) are
  // sets already when every variable is selected.
  bool remove_duplicates = false;
  // Provenance: the qualifier keys `source` and `line` (-1 when absent).
  std::int64_t source_key = -1, line_key = -1;
};

// add S P O {k: v}: one statement, its terms as written (an unknown name
// is a new entity); new terms get ids in the order an import of the
// statement gives them: subject, predicate, object, then each qualifier's
// value and key.
struct add {
  term s, p, o;
  std::vector<std::pair<term, term>> qualifiers;  // key, value
  std::vector<std::string> new_names;             // names the store did not hold: "Bob (entity)"
};

// remove S P O: the fact in every direction its predicate is read (remove
// Huang met Ren also removes Ren met Huang when met is symmetric), with
// all its statements. Empty when the store has no such fact.
struct remove {
  std::vector<std::array<std::int64_t, 3>> facts;
};

// import "file": the path resolved against the statement's folder.
struct import {
  std::string path;
  std::size_t offset = 0;  // of the file name in the query, for an error reading it
};

// why S P O {k: v}: the statements of the facts matching one pattern, read
// in every direction the predicate holds, with all their qualifiers.
struct why {
  // The ends after ^ is undone: a term id (below zero when the store has
  // no such term), or nullopt for a variable.
  std::optional<std::int64_t> s, p, o;
  std::string s_var, p_var, o_var;  // variables; one written twice means one term
  // The directions the predicate is read in; a variable predicate is one
  // edge with predicate -1.
  std::vector<edge> edges;
  std::vector<std::pair<std::string, std::optional<term>>> qualifiers;  // key, wanted value (nullopt: any)
  std::string pattern;  // as kg reads it, for an answer with no rows
};

// search "words": the facts with a term (subject, predicate, object or
// qualifier value) whose words match, best first.
struct search {
  std::string match;  // the full-text query: each word, quoted, joined by OR
  std::int64_t limit = 20;
  std::int64_t source_key = -1, line_key = -1;  // provenance (-1: absent)
};

// describe X / graph X: a select of every fact about X.
struct describe {
  select query;
  bool graph = false;
};

using statement = std::variant<select, add, remove, import, why, describe, search>;

}  // namespace kg::engine::plan
