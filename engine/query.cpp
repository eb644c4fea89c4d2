// Compiling pattern queries to one SQL statement.
//
// A group of elements becomes a FROM list and WHERE conditions. Each
// pattern reads the permutation table whose key starts with its bound
// positions (constants, and variables bound by patterns joined before it);
// patterns are joined most-bound first, then by the predicate's fact
// count. A predicate that is symmetric or has inverses reads a union of
// its facts in each direction; a path (p+, p*, or a transitive predicate)
// reads a walk from its constant end (kg_reach, store/reach.hpp), or a
// recursive CTE of every pair when both ends are variables. Optional
// groups are LEFT JOINs, not groups NOT EXISTS subqueries, or groups UNION
// ALL subqueries. Names, values and limits are bound parameters; no text
// of the query reaches the SQL.
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <variant>

#include "engine/question.hpp"
#include "engine/run.hpp"
#include "engine/update.hpp"
#include "parser/statement.hpp"
#include "store/import.hpp"
#include "store/names.hpp"
#include "store/reach.hpp"

namespace kg::engine {
namespace {

using namespace store;

namespace ast = query::ast;
namespace x3 = boost::spirit::x3;

using param_value = std::variant<std::int64_t, double, std::string>;

// SQLite joins at most 64 tables in one SELECT.
constexpr int max_tables = 64;

term load_term_at(prepared& st, int col) {
  return term{static_cast<term_kind>(st.int64(col)), std::string(st.text(col + 1)),
              std::string(st.text(col + 2))};
}

const x3::position_tagged& tagged(const ast::node& n) {
  return boost::apply_visitor([](const auto& x) -> const x3::position_tagged& { return x; }, n);
}

// A position of a pattern: a constant term id, a variable, or both (a
// variable pinned to a constant by an equality filter).
struct slot {
  std::optional<std::int64_t> constant;
  std::string variable;
  std::size_t offset = 0;
};

struct pattern {
  slot s, p, o;
  ast::repetition repeat = ast::repetition::once;
  std::vector<edge> edges;                                // how a constant predicate is matched
  std::vector<std::pair<std::int64_t, slot>> qualifiers;  // key id, value
  const ast::triple* node = nullptr;
  query::span span;                  // where the pattern stands in the text
  std::int64_t predicate_facts = 0;  // from predicate_stats, for join order
};

// Where a variable's value is, in SQL: a column (or an expression of
// columns) that is NULL where the variable is unbound. Only optional groups
// and or branches that do not bind it leave a variable unbound.
struct binding {
  std::string column;
  bool maybe_null = false;
};

using bindings = std::map<std::string, binding>;

// The SQL of one group: FROM items and conditions, and its variables, kept
// apart by where SQL can name them and by what SPARQL's algebra lets the
// group see (docs/query-language.md, "What a query means"):
//   own   - bound by the group's own patterns and groups;
//   outer - of the answer an optional group extends: its patterns and
//           filters see them (they go to the LEFT JOIN's ON), groups nested
//           in it do not (they are evaluated on their own, and their ON
//           clauses cannot name tables outside the parenthesized join);
//   fixed - of the answer a not group tests, substituted everywhere in it.
struct scope {
  std::string from;
  std::vector<std::string> where;
  bindings own, outer, fixed;
  int tables = 0;
};

std::string join_and(const std::vector<std::string>& conditions) {
  std::string out;
  for (const auto& c : conditions) out += (out.empty() ? "" : " AND ") + c;
  return out.empty() ? "1" : out;
}

// A variable's value as a group sees it: its own binding merged with the
// one from outside. The two agree wherever both are bound (every binding
// is checked against the other when made), so the merge is the first of
// them that is not NULL.
std::optional<binding> lookup(const scope& sc, const std::string& v) {
  const binding* outside = nullptr;
  if (auto it = sc.outer.find(v); it != sc.outer.end())
    outside = &it->second;
  else if (auto f = sc.fixed.find(v); f != sc.fixed.end())
    outside = &f->second;
  auto own = sc.own.find(v);
  if (own == sc.own.end()) return outside ? std::optional(*outside) : std::nullopt;
  if (!outside || !own->second.maybe_null) return own->second;
  if (!outside->maybe_null) return *outside;
  return binding{"coalesce(" + outside->column + ", " + own->second.column + ")", true};
}

// Every variable the group sees, as lookup gives it.
bindings visible(const scope& sc) {
  bindings out;
  for (const auto* m : {&sc.fixed, &sc.outer, &sc.own})
    for (const auto& [v, b] : *m) out[v] = *lookup(sc, v);
  return out;
}

// The condition that a value in `column` is compatible with a binding:
// equal to it, or one of the two unbound.
std::string compatible(const binding& b, const std::string& column, bool column_maybe_null) {
  if (!b.maybe_null && !column_maybe_null) return column + " = " + b.column;
  return "(" + (b.maybe_null ? b.column + " IS NULL OR " : std::string()) +
         (column_maybe_null ? column + " IS NULL OR " : std::string()) + column + " = " + b.column + ")";
}

// Joins a value in `column` to the group's variable v (SPARQL's join of
// compatible solutions): the two must be compatible, and the group binds v
// from now on wherever either does.
void join_variable(scope& sc, const std::string& v, const std::string& column, bool maybe_null) {
  if (auto seen = lookup(sc, v)) sc.where.push_back(compatible(*seen, column, maybe_null));
  auto it = sc.own.find(v);
  if (it == sc.own.end())
    sc.own.emplace(v, binding{column, maybe_null});
  else if (!it->second.maybe_null)
    return;  // already bound in every answer
  else if (!maybe_null)
    it->second = binding{column, false};
  else
    it->second = binding{"coalesce(" + it->second.column + ", " + column + ")", true};
}

// The variables of a group's patterns, at any depth, in the order the text
// first names them.
void textual_variables(const ast::group& g, std::vector<std::string>& out) {
  auto see = [&](const ast::node& n) {
    const auto* v = boost::get<ast::variable>(&n.get());
    if (v && std::find(out.begin(), out.end(), v->name) == out.end()) out.push_back(v->name);
  };
  for (const auto& e : g.elements) {
    if (const auto* t = boost::get<ast::triple>(&e.get())) {
      see(t->subject);
      see(t->predicate.predicate);
      see(t->object);
      for (const auto& q : t->qualifiers) see(q.value);
    } else if (const auto* o = boost::get<ast::optional_group>(&e.get())) {
      textual_variables(o->body, out);
    } else if (const auto* n = boost::get<ast::not_group>(&e.get())) {
      textual_variables(n->body, out);
    } else if (const auto* u = boost::get<ast::union_group>(&e.get())) {
      for (const auto& b : u->branches) textual_variables(b, out);
    }
  }
}

// The variables a group mentions anywhere, or only those its patterns
// (and their qualifiers) bind, at any depth.
void variables_in(const ast::operand& o, std::set<std::string>& out);
void variables_in(const ast::expression& e, std::set<std::string>& out) {
  variables_in(e.first, out);
  for (const auto& op : e.rest) variables_in(op.rhs, out);
}
void variables_in(const ast::operand& o, std::set<std::string>& out) {
  if (const auto* v = boost::get<ast::variable>(&o.get()))
    out.insert(v->name);
  else if (const auto* c = boost::get<x3::forward_ast<ast::call>>(&o.get()))
    for (const auto& a : c->get().arguments) variables_in(a, out);
  else if (const auto* e = boost::get<x3::forward_ast<ast::expression>>(&o.get()))
    variables_in(e->get(), out);
}
void variables_in(const ast::triple& t, std::set<std::string>& out) {
  for (const ast::node* n : {&t.subject, &t.predicate.predicate, &t.object})
    if (const auto* v = boost::get<ast::variable>(&n->get())) out.insert(v->name);
  for (const auto& q : t.qualifiers)
    if (const auto* v = boost::get<ast::variable>(&q.value.get())) out.insert(v->name);
}
void variables_in(const ast::group& g, std::set<std::string>& out, bool patterns_only) {
  for (const auto& e : g.elements) {
    if (const auto* t = boost::get<ast::triple>(&e.get()))
      variables_in(*t, out);
    else if (const auto* o = boost::get<ast::optional_group>(&e.get()))
      variables_in(o->body, out, patterns_only);
    else if (const auto* n = boost::get<ast::not_group>(&e.get()))
      variables_in(n->body, out, patterns_only);
    else if (const auto* u = boost::get<ast::union_group>(&e.get()))
      for (const auto& b : u->branches) variables_in(b, out, patterns_only);
    else if (!patterns_only)
      variables_in(boost::get<ast::filter>(e.get()).condition, out);
  }
}

class compiler {
 public:
  compiler(names& n, const query::parsed_query& q) : names_(n), db_(n.db()), q_(q) {}

  struct output {
    std::string sql;
    std::vector<param_value> params;
    std::vector<std::string> columns;
    bool count = false;     // the last column is a count
    bool sources = false;   // the last column is the sources text
    bool ask = false;       // no variables: whether anything matches
    std::size_t facts = 0;  // then this many (s, p, o) term ids of the facts behind a row
  };

  output compile(const ast::pattern_query& pq, bool collect_facts = false) {
    output out;
    variables_in(pq.where, pattern_variables_, true);
    textual_variables(pq.where, textual_);
    scope top;
    compile_group(pq.where, top, true);
    if (top.from.empty()) fail(pq.where, "a query needs at least one pattern");

    const bool counting = pq.head && pq.head->kind == ast::projection_kind::count;
    // count distinct with no variable counts distinct answers: per group,
    // the groups are read from a derived table of those answers.
    const bool distinct_rows = counting && pq.head->distinct && pq.head->variables.empty();
    std::map<std::string, std::string> derived;
    std::string distinct_answers;
    if (distinct_rows && !pq.group_by.empty()) {
      for (const auto& [v, b] : top.own) {
        derived[v] = "d.v" + std::to_string(derived.size());
        distinct_answers +=
            (distinct_answers.empty() ? "" : ", ") + b.column + " AS v" + std::to_string(derived.size() - 1);
      }
    }
    std::vector<std::string> selected;
    std::string select;
    std::string joins;
    auto decode = [&](const std::string& var, const std::string& column) {
      const std::string t = "t" + std::to_string(decoded_++);
      joins += " LEFT JOIN terms " + t + " ON " + t + ".id = " + column;
      select += std::string(select.empty() ? "" : ", ") + t + ".kind, " + t + ".lex, " + t + ".dt";
      out.columns.push_back(var);
    };
    auto column_of = [&](const ast::variable& v) {
      auto column = variable_column(v, top);
      if (auto it = derived.find(v.name); it != derived.end()) return it->second;
      return column;
    };

    std::string group_sql;
    if (!pq.group_by.empty()) {
      for (const auto& v : pq.group_by) {
        group_sql += (group_sql.empty() ? " GROUP BY " : ", ") + column_of(v);
        decode(v.name, column_of(v));
      }
      if (pq.head && pq.head->kind == ast::projection_kind::select)
        for (const auto& v : pq.head->variables)
          if (std::none_of(pq.group_by.begin(), pq.group_by.end(),
                           [&](const auto& g) { return g.name == v.name; }))
            fail(v, "?" + v.name + " is not grouped",
                 "with group by, select the grouped variables, or count");
    } else if (!counting) {
      if (pq.head && !pq.head->variables.empty()) {
        for (const auto& v : pq.head->variables) selected.push_back(v.name), column_of(v);
      } else {
        for (const auto& v : textual_)
          if (top.own.count(v)) selected.push_back(v);  // select * lists variables as first written
      }
      for (const auto& v : selected) decode(v, lookup(top, v) ? lookup(top, v)->column : "NULL");
      out.ask = selected.empty();
    }

    std::string count_sql;
    if (counting) {
      out.count = true;
      if (pq.head->variables.empty()) {
        // count distinct without a variable counts distinct rows: see below.
        count_sql = "count(*)";
      } else {
        count_sql = std::string("count(") + (pq.head->distinct ? "DISTINCT " : "") +
                    column_of(pq.head->variables.front()) + ")";
      }
      select += std::string(select.empty() ? "" : ", ") + count_sql;
      out.columns.push_back("count");
    }
    if (select.empty()) select = "1";

    if (pq.with_sources) {
      if (counting || !pq.group_by.empty())
        fail(pq, "'with sources' needs answer rows, not counts or groups");
      select += ", " + sources_sql();
      out.columns.push_back("sources");
      out.sources = true;
    }
    if (collect_facts && !counting && pq.group_by.empty()) {
      for (const auto& f : fact_columns_) select += ", " + f[0] + ", " + f[1] + ", " + f[2];
      out.facts = fact_columns_.size();
    }

    std::string order;
    for (const auto& key : pq.order_by) {
      const std::string dir = key.direction == ast::sort_direction::desc ? " DESC" : "";
      if (key.var.name == "count" && counting && !top.own.count("count")) {
        order += (order.empty() ? " ORDER BY " : ", ") + count_sql + dir;
        continue;
      }
      const auto column = column_of(key.var);
      if (!pq.group_by.empty() && std::none_of(pq.group_by.begin(), pq.group_by.end(),
                                               [&](const auto& g) { return g.name == key.var.name; }))
        fail(key.var, "?" + key.var.name + " is not grouped", "order by a grouped variable or ?count");
      const std::string t = "o" + std::to_string(&key - pq.order_by.data());
      joins += " LEFT JOIN terms " + t + " ON " + t + ".id = " + column;
      order += (order.empty() ? " ORDER BY " : ", ") + t + ".num" + dir + ", " + t + ".lex" + dir;
    }
    if (top.tables + decoded_ + static_cast<int>(pq.order_by.size()) > max_tables)
      fail(pq.where,
           "this query joins " + std::to_string(top.tables + decoded_ + pq.order_by.size()) +
               " tables; a query joins " + std::to_string(max_tables) + " at the most",
           "split the query, or select fewer variables");

    // Rows of plain patterns are sets already when every variable is
    // selected: a row is one fact per pattern, and the variables name them.
    const bool rows_distinct =
        one_fact_per_pattern_ && pq.group_by.empty() &&
        std::all_of(top.own.begin(), top.own.end(), [&](const auto& v) {
          return std::find(selected.begin(), selected.end(), v.first) != selected.end();
        });
    const bool distinct = pq.head && pq.head->distinct && !counting && !rows_distinct;
    std::string with;
    for (const auto& c : ctes_) with += (with.empty() ? "WITH RECURSIVE " : ", ") + c;
    if (!with.empty()) with += " ";
    std::string where = top.where.empty() ? "" : " WHERE " + join_and(top.where);
    if (distinct_rows && pq.group_by.empty())
      out.sql = with + "SELECT count(*) FROM (SELECT DISTINCT " + all_variables(top) + " FROM " + top.from +
                where + ")";
    else if (distinct_rows)
      out.sql = with + "SELECT " + select + " FROM (SELECT DISTINCT " + distinct_answers + " FROM " +
                top.from + where + ") d" + joins + group_sql + order;
    else
      out.sql = with + "SELECT " + (distinct ? "DISTINCT " : "") + select + " FROM " + top.from + joins +
                where + group_sql + order;
    if (pq.limit || pq.offset) {
      out.sql += " LIMIT " + bind(pq.limit ? static_cast<std::int64_t>(*pq.limit) : -1);
      if (pq.offset) out.sql += " OFFSET " + bind(static_cast<std::int64_t>(*pq.offset));
    }
    out.params = std::move(params_);
    return out;
  }

  // The first pattern in the query's text that matches nothing alone.
  const ast::triple* unmatched() {
    std::vector<const pattern*> by_text;
    for (const auto& p : all_patterns_) by_text.push_back(&p);
    std::sort(by_text.begin(), by_text.end(),
              [](const pattern* a, const pattern* b) { return a->span.begin < b->span.begin; });
    for (const auto* p : by_text)
      if (!matches_alone(*p)) return p->node;
    return nullptr;
  }

 private:
  // --- groups -------------------------------------------------------------

  // A group's elements combine as SPARQL's algebra says, in the order
  // written: patterns and or groups join, an optional group extends what
  // precedes it (a left join), and filters and not groups hold for the
  // whole group. A join written after an optional group is done before it
  // when the result is the same: when the optional group shares with it
  // only variables that every answer binds before the optional group.
  void compile_group(const ast::group& g, scope& sc, bool top) {
    struct later {  // an element kept after an optional group, in order
      std::optional<pattern> p;
      const ast::union_group* u = nullptr;
      const ast::optional_group* o = nullptr;
    };
    struct passed {  // an optional group that later joins may move before
      std::set<std::string> mentioned, certain_before;
    };
    std::vector<pattern> patterns;
    std::vector<const ast::union_group*> unions;
    std::vector<later> rest;
    std::vector<passed> optionals;
    std::vector<const ast::not_group*> nots;
    std::vector<const ast::filter*> filters;
    std::set<std::string> certain;
    // Certain for the group's own evaluation: not the outer answer an
    // optional group extends, which groups nested in it do not see.
    for (const auto* m : {&sc.own, &sc.fixed})
      for (const auto& [v, b] : *m)
        if (!b.maybe_null) certain.insert(v);
    auto may_move = [&](const std::set<std::string>& vars) {
      for (const auto& o : optionals)
        for (const auto& v : vars)
          if (o.mentioned.count(v) && !o.certain_before.count(v)) return false;
      return true;
    };
    auto add_triple = [&](const ast::triple& t) {
      std::set<std::string> vars;
      variables_in(t, vars);
      if (may_move(vars))
        patterns.push_back(to_pattern(t));
      else
        rest.push_back({to_pattern(t), nullptr, nullptr});
      certain.insert(vars.begin(), vars.end());
    };
    for (const auto& e : g.elements) {
      if (const auto* t = boost::get<ast::triple>(&e.get())) {
        add_triple(*t);
      } else if (const auto* u = boost::get<ast::union_group>(&e.get())) {
        // { patterns } alone, or nested in more braces, is just those patterns.
        std::vector<const ast::triple*> inlined;
        if (inline_patterns(*u, inlined)) {
          for (const auto* t : inlined) add_triple(*t);
          continue;
        }
        std::set<std::string> vars;
        for (const auto& b : u->branches) variables_in(b, vars, false);
        if (may_move(vars))
          unions.push_back(u);
        else
          rest.push_back({std::nullopt, u, nullptr});
      } else if (const auto* o = boost::get<ast::optional_group>(&e.get())) {
        passed p;
        variables_in(o->body, p.mentioned, false);
        p.certain_before = certain;
        optionals.push_back(std::move(p));
        rest.push_back({std::nullopt, nullptr, o});
      } else if (const auto* n = boost::get<ast::not_group>(&e.get())) {
        nots.push_back(n);
      } else {
        filters.push_back(&boost::get<ast::filter>(e.get()));
      }
    }
    // An equality filter with a constant pins its variable: the pattern
    // that binds it reads the table keyed by that constant. (The filter
    // still holds, and the pattern still joins on the variable.)
    auto pin = [&](pattern& p) {
      for (const auto* f : filters)
        if (auto pinned_to = pinned(f->condition))
          for (slot* sl : {&p.s, &p.p, &p.o})
            if (!sl->constant && sl->variable == pinned_to->first) sl->constant = pinned_to->second;
    };
    auto add_patterns = [&](std::vector<pattern>& run) {
      for (auto& p : run) pin(p);
      order_patterns(run, sc);
      for (auto& p : run) {
        add_pattern(p, sc);
        if (top) all_patterns_.push_back(p);
      }
      run.clear();
    };
    add_patterns(patterns);
    for (const auto* u : unions) add_union(*u, sc);
    for (auto& r : rest) {
      if (r.p) {
        patterns.push_back(std::move(*r.p));  // a run of patterns is ordered as one
        continue;
      }
      add_patterns(patterns);
      if (r.u)
        add_union(*r.u, sc);
      else
        add_optional(*r.o, sc);
    }
    add_patterns(patterns);
    for (const auto* n : nots) add_not(*n, sc);
    for (const auto* f : filters) {
      const auto* saved = filter_scope_;
      filter_scope_ = &sc;
      sc.where.push_back(condition(f->condition));
      filter_scope_ = saved;
    }
  }

  // Appends the patterns of a group of one branch holding only patterns and
  // such groups; false (appending nothing) for any other group.
  bool inline_patterns(const ast::union_group& u, std::vector<const ast::triple*>& out) {
    const auto only_patterns = [](const ast::union_group& g, auto& self) -> bool {
      if (g.branches.size() != 1) return false;
      for (const auto& x : g.branches.front().elements) {
        if (boost::get<ast::triple>(&x.get())) continue;
        const auto* inner = boost::get<ast::union_group>(&x.get());
        if (!inner || !self(*inner, self)) return false;
      }
      return true;
    };
    if (!only_patterns(u, only_patterns)) return false;
    for (const auto& x : u.branches.front().elements) {
      if (const auto* t = boost::get<ast::triple>(&x.get()))
        out.push_back(t);
      else
        inline_patterns(boost::get<ast::union_group>(x.get()), out);
    }
    return true;
  }

  // ?v = constant, as (variable, term id), when the filter is exactly that.
  std::optional<std::pair<std::string, std::int64_t>> pinned(const ast::expression& e) {
    if (e.negated || e.rest.size() != 1 || e.rest.front().op != ast::operator_kind::equal)
      return std::nullopt;
    const ast::operand* sides[2] = {&e.first, &e.rest.front().rhs};
    for (int i = 0; i < 2; ++i) {
      const auto* v = boost::get<ast::variable>(&sides[i]->get());
      if (!v) continue;
      const auto& other = *sides[1 - i];
      if (const auto* n = boost::get<ast::name>(&other.get())) {
        auto id = names_.entity(n->text, q_.span_of(*n).begin);
        if (!id && n->quoted) id = names_.term_id(term{term_kind::text, n->text, {}});
        if (id) return std::pair{v->name, *id};
      } else if (const auto* l = boost::get<ast::literal>(&other.get())) {
        // Numbers compare by value (4000 = 4000.0), so they pin nothing.
        const term& t = l->value;
        if (numeric_value(t)) return std::nullopt;
        if (auto id = names_.term_id(t)) return std::pair{v->name, *id};
      }
    }
    return std::nullopt;
  }

  void add_from(scope& sc, const std::string& item, const ast::triple* at) {
    sc.from += (sc.from.empty() ? "" : " CROSS JOIN ") + item;
    if (++sc.tables > max_tables && at)
      fail(*at, "too many patterns: a query joins " + std::to_string(max_tables) + " of them at the most",
           "split the query into smaller ones");
  }

  std::string alias(const char* prefix) { return prefix + std::to_string(aliases_++); }

  // Places a slot at a column: a constant becomes a condition, and a
  // variable joins the column (a condition when the group sees it bound).
  void place(const slot& sl, const std::string& column, scope& sc) {
    if (sl.constant) sc.where.push_back(column + " = " + bind(*sl.constant));
    if (!sl.variable.empty()) join_variable(sc, sl.variable, column, false);
  }

  // Whether a position is bound when its pattern is read: a constant, or a
  // variable every answer so far binds.
  bool bound(const slot& sl, const scope& sc) const {
    if (sl.constant) return true;
    auto b = lookup(sc, sl.variable);
    return b && !b->maybe_null;
  }

  void add_pattern(pattern& pt, scope& sc) {
    if (pt.repeat != ast::repetition::once) return add_path(pt, sc);
    if (pt.edges.size() > 1) return add_rewritten(pt, sc);
    const std::string f = alias("f");
    add_from(sc, std::string(facts_table_for(bound(pt.s, sc), bound(pt.p, sc), bound(pt.o, sc))) + " " + f,
             pt.node);
    place(pt.s, f + ".s", sc);
    place(pt.p, f + ".p", sc);
    place(pt.o, f + ".o", sc);
    add_qualifiers(pt, f + ".s", f + ".p", f + ".o", sc);
    if (!hidden_) {
      // With qualifiers, the sources are those of the matching statement only.
      const std::string grp = pt.qualifiers.empty() ? "" : " AND {q}.grp = " + first_qualifier_ + ".grp";
      fact_conditions_.push_back([f, grp](const std::string& q) {
        std::string g = grp;
        if (!g.empty()) g.replace(g.find("{q}"), 3, q);
        return q + ".s = " + f + ".s AND " + q + ".p = " + f + ".p AND " + q + ".o = " + f + ".o" + g;
      });
      fact_columns_.push_back({f + ".s", f + ".p", f + ".o"});
    }
  }

  void add_qualifiers(const pattern& pt, const std::string& s, const std::string& p, const std::string& o,
                      scope& sc) {
    if (!pt.qualifiers.empty()) one_fact_per_pattern_ = false;  // a fact may have several statements
    for (std::size_t j = 0; j < pt.qualifiers.size(); ++j) {
      const std::string q = alias("q");
      add_from(sc, "qualifiers " + q, pt.node);
      sc.where.push_back(q + ".s = " + s + " AND " + q + ".p = " + p + " AND " + q + ".o = " + o);
      sc.where.push_back(q + ".key = " + bind(pt.qualifiers[j].first));
      if (j > 0)
        sc.where.push_back(q + ".grp = " + first_qualifier_ + ".grp");  // one statement's qualifiers
      else
        first_qualifier_ = q;
      place(pt.qualifiers[j].second, q + ".value", sc);
    }
  }

  // (s o) pairs of a predicate read in every direction it holds, each pair
  // once: an arm skips pairs that an earlier arm gives. With fact keys,
  // one row per supporting fact, with columns fs fp fo.
  // s_bound and o_bound say which end will be constrained, so that each
  // arm reads the table keyed by it.
  std::string edge_relation(const std::vector<edge>& edges, bool fact_keys, bool s_bound = false,
                            bool o_bound = false) {
    std::string sql = "(";
    for (std::size_t i = 0; i < edges.size(); ++i) {
      const auto& e = edges[i];
      const std::string x = alias("e");
      const std::string ls = x + (e.swapped ? ".o" : ".s"), lo = x + (e.swapped ? ".s" : ".o");
      const bool fact_s = e.swapped ? o_bound : s_bound, fact_o = e.swapped ? s_bound : o_bound;
      sql += i ? " UNION ALL " : "";
      sql += "SELECT " + ls + " AS s, " + lo + " AS o";
      if (fact_keys) sql += ", " + x + ".s AS fs, " + x + ".p AS fp, " + x + ".o AS fo";
      sql += " FROM " + std::string(facts_table_for(fact_s, true, fact_o)) + " " + x + " WHERE " + x +
             ".p = " + bind(e.predicate);
      if (!fact_keys)
        for (std::size_t j = 0; j < i; ++j) {
          const auto& earlier = edges[j];
          const std::string y = alias("x");
          sql += " AND NOT EXISTS (SELECT 1 FROM facts " + y + " WHERE " + y +
                 ".s = " + (earlier.swapped ? lo : ls) + " AND " + y + ".p = " + bind(earlier.predicate) +
                 " AND " + y + ".o = " + (earlier.swapped ? ls : lo) + ")";
        }
    }
    return sql + ")";
  }

  void add_rewritten(pattern& pt, scope& sc) {
    one_fact_per_pattern_ = false;
    const bool keys = !pt.qualifiers.empty();
    const std::string r = alias("r");
    add_from(sc,
             edge_relation(pt.edges, keys, pt.s.constant.has_value(), pt.o.constant.has_value()) + " " + r,
             pt.node);
    place(pt.s, r + ".s", sc);
    place(pt.o, r + ".o", sc);
    if (!hidden_)
      fact_columns_.push_back(keys ? std::array{r + ".fs", r + ".fp", r + ".fo"}
                                   : std::array{r + ".s", bind(*pt.p.constant), r + ".o"});
    if (keys) {
      add_qualifiers(pt, r + ".fs", r + ".fp", r + ".fo", sc);
      const std::string first = first_qualifier_;
      if (!hidden_)
        fact_conditions_.push_back([r, first](const std::string& q) {
          return q + ".s = " + r + ".fs AND " + q + ".p = " + r + ".fp AND " + q + ".o = " + r + ".fo AND " +
                 q + ".grp = " + first + ".grp";
        });
    } else {
      auto edges = pt.edges;
      std::vector<std::string> preds;
      for (const auto& e : edges) preds.push_back(bind(e.predicate));
      if (!hidden_)
        fact_conditions_.push_back([r, edges, preds](const std::string& q) {
          std::string c = "(";
          for (std::size_t i = 0; i < edges.size(); ++i) {
            const std::string a = r + (edges[i].swapped ? ".o" : ".s"),
                              b = r + (edges[i].swapped ? ".s" : ".o");
            c += std::string(i ? " OR " : "") + "(" + q + ".s = " + a + " AND " + q + ".p = " + preds[i] +
                 " AND " + q + ".o = " + b + ")";
          }
          return c + ")";
        });
    }
  }

  // p+ and p*: from a constant end, a walk (kg_reach); between two
  // variable ends, a recursive CTE of every pair.
  void add_path(pattern& pt, scope& sc) {
    one_fact_per_pattern_ = false;
    if (!pt.p.constant || !pt.p.variable.empty())
      fail(pt.node->predicate, "a path needs a named predicate, not a variable");
    if (!pt.qualifiers.empty())
      fail(pt.node->qualifiers.front(), "a path has no qualifiers: it may cross several facts");
    const bool from_subject = pt.s.constant.has_value(),
               from_object = !from_subject && pt.o.constant.has_value();
    const bool star = pt.repeat == ast::repetition::zero_or_more;
    const auto& start_slot = from_subject ? pt.s : pt.o;
    const auto& end_slot = from_subject ? pt.o : pt.s;
    if (star && (from_subject || from_object) && *start_slot.constant < 0 && !end_slot.constant)
      throw positioned_error{start_slot.offset,
                             "no fact holds this value, so zero steps would answer a term kg cannot show",
                             "use p+ for one or more steps, or ask whether a value is reached: X p* Y"};
    std::string relation;
    if (from_subject || from_object) {
      // From a constant end, a walk in kg (store/reach.hpp) gives the nodes
      // reached; the constant rides along in the relation read from it.
      std::vector<walk_step> steps;
      for (const auto& e : pt.edges) steps.push_back({e.predicate, from_subject != e.swapped});
      const std::string start = bind(from_subject ? *pt.s.constant : *pt.o.constant);
      const std::string reached = "SELECT n FROM kg_reach(" + start + ", " + bind(encode_steps(steps)) +
                                  ", " + (star ? "1" : "0") + ")";
      relation = from_subject ? "(SELECT " + start + " AS s, n AS o FROM (" + reached + "))"
                              : "(SELECT n AS s, " + start + " AS o FROM (" + reached + "))";
    } else {
      const std::string c = alias("c");
      ctes_.push_back(c + "(s, o) AS (SELECT s, o FROM " + edge_relation(pt.edges, false) + " UNION SELECT " +
                      c + ".s, n.o FROM " + c + " JOIN " + edge_relation(pt.edges, false, true) +
                      " n ON n.s = " + c + ".o)");
      relation = c;
      if (star) {
        // Zero steps: every node the predicate touches.
        relation = "(SELECT s, o FROM " + c + " UNION SELECT s, s FROM " + edge_relation(pt.edges, false) +
                   " UNION SELECT o, o FROM " + edge_relation(pt.edges, false) + ")";
      }
    }
    const std::string r = alias("r");
    add_from(sc, relation + " " + r, pt.node);
    place(pt.s, r + ".s", sc);
    place(pt.o, r + ".o", sc);
    if (!hidden_)
      fact_columns_.push_back({r + ".s", bind(*pt.p.constant), r + ".o"});  // the path, drawn as one edge
  }

  // { A } or { B }: each branch is a SELECT of its own, evaluated on its
  // own (a not group's answer aside, which it sees); variables a branch
  // leaves unbound are NULL in its rows. The union joins the group.
  void add_union(const ast::union_group& u, scope& sc) {
    one_fact_per_pattern_ = false;
    std::vector<scope> branches;
    std::vector<std::string> vars;
    ++hidden_;  // a branch's tables are not visible outside its SELECT
    for (const auto& b : u.branches) {
      scope inner;
      inner.fixed = sc.fixed;
      compile_group(b, inner, false);
      if (inner.from.empty()) fail(b, "a group needs at least one pattern");
      if (inner.tables > max_tables)
        fail(b, "too many patterns: a query joins " + std::to_string(max_tables) + " of them at the most",
             "split the query into smaller ones");
      for (const auto& v : textual_)
        if (inner.own.count(v) && std::find(vars.begin(), vars.end(), v) == vars.end()) vars.push_back(v);
      branches.push_back(std::move(inner));
    }
    --hidden_;
    std::string sql = "(";
    for (std::size_t i = 0; i < branches.size(); ++i) {
      auto& b = branches[i];
      sql += i ? " UNION ALL SELECT " : "SELECT ";
      for (std::size_t k = 0; k < vars.size(); ++k) {
        auto it = b.own.find(vars[k]);
        sql += (k ? ", " : "") + (it == b.own.end() ? std::string("NULL") : it->second.column) + " AS v" +
               std::to_string(k);
      }
      if (vars.empty()) sql += "1";
      sql += " FROM " + b.from + (b.where.empty() ? "" : " WHERE " + join_and(b.where));
    }
    sql += ")";
    const std::string r = alias("u");
    add_from(sc, sql + " " + r, nullptr);
    for (std::size_t k = 0; k < vars.size(); ++k) {
      const bool maybe_null = std::any_of(branches.begin(), branches.end(), [&](const scope& b) {
        auto it = b.own.find(vars[k]);
        return it == b.own.end() || it->second.maybe_null;
      });
      join_variable(sc, vars[k], r + ".v" + std::to_string(k), maybe_null);
    }
  }

  // A FROM list to join to: a group that starts with an optional group
  // extends the one empty answer.
  void ensure_from(scope& sc) {
    if (sc.from.empty()) add_from(sc, "(SELECT 1) " + alias("z"), nullptr);
  }

  // optional { G }: a LEFT JOIN of G's tables on G's conditions. G's own
  // patterns and filters see the answer it extends (their conditions go to
  // the ON clause); groups nested in G see only G's own variables, and what
  // they bind of the outer answer is checked here, in this group's ON.
  void add_optional(const ast::optional_group& o, scope& sc) {
    one_fact_per_pattern_ = false;
    scope inner;
    // What this group binds on its own, merged with a not group's answer.
    for (const auto& [v, b] : sc.own) {
      auto f = sc.fixed.find(v);
      inner.outer[v] = f == sc.fixed.end() || !b.maybe_null ? b
                       : f->second.maybe_null
                           ? binding{"coalesce(" + f->second.column + ", " + b.column + ")", true}
                           : f->second;
    }
    inner.fixed = sc.fixed;
    compile_group(o.body, inner, false);
    if (inner.from.empty()) fail(o, "an optional group needs at least one pattern");
    ensure_from(sc);
    const bool several = inner.tables > 1;
    sc.from +=
        " LEFT JOIN " + (several ? "(" + inner.from + ")" : inner.from) + " ON " + join_and(inner.where);
    sc.tables += inner.tables;
    for (const auto& [v, b] : inner.own) {
      auto it = sc.own.find(v);
      const bool certain_here = it != sc.own.end() && !it->second.maybe_null;
      // The inner group did not see the outer answer; where this group
      // itself may leave v unbound, the inner binding is checked against
      // that answer here, in this group's ON clause.
      if (!certain_here)
        if (auto u = sc.outer.find(v); u != sc.outer.end())
          sc.where.push_back(compatible(u->second, b.column, true));
      if (it == sc.own.end())
        sc.own.emplace(v, binding{b.column, true});
      else if (it->second.maybe_null)
        it->second = binding{"coalesce(" + it->second.column + ", " + b.column + ")", true};
    }
  }

  // not { G }: NOT EXISTS of G, in which the group's answer so far is
  // fixed: its bound variables are constants there, its unbound ones free.
  void add_not(const ast::not_group& n, scope& sc) {
    scope inner;
    inner.fixed = visible(sc);
    ++hidden_;
    compile_group(n.body, inner, false);
    --hidden_;
    if (inner.from.empty()) fail(n, "a not group needs at least one pattern");
    if (inner.tables > max_tables)
      fail(n, "too many patterns: a query joins " + std::to_string(max_tables) + " of them at the most",
           "split the query into smaller ones");
    sc.where.push_back("NOT EXISTS (SELECT 1 FROM " + inner.from +
                       (inner.where.empty() ? "" : " WHERE " + join_and(inner.where)) + ")");
  }

  // --- provenance ---------------------------------------------------------

  // The sources (source:line) of the facts each answer row was built from.
  std::string sources_sql() {
    const auto source = names_.entity_named("source").value_or(-1);
    const auto line = names_.entity_named("line").value_or(-1);
    std::string any;
    for (const auto& c : fact_conditions_) any += (any.empty() ? "" : " OR ") + ("(" + c("qs") + ")");
    if (any.empty()) any = "0";
    return "(SELECT group_concat(x, '; ') FROM (SELECT DISTINCT st.lex || coalesce(':' || lt.lex, '') AS x "
           "FROM qualifiers qs JOIN terms st ON st.id = qs.value "
           "LEFT JOIN qualifiers ql ON ql.s = qs.s AND ql.p = qs.p AND ql.o = qs.o AND ql.grp = qs.grp AND "
           "ql.key = " +
           bind(line) + " LEFT JOIN terms lt ON lt.id = ql.value WHERE qs.key = " + bind(source) + " AND (" +
           any + ") ORDER BY st.lex, lt.num))";
  }

  // --- filters ------------------------------------------------------------

  // A value in a filter, as SQL: the term id it stands for (when it is a
  // term), and expressions for its numeric value and its text.
  struct value {
    std::string id, number, text;
    bool numeric = false;  // a number constant or a numeric function
  };

  std::string bind(param_value v) {
    params_.push_back(std::move(v));
    return "?" + std::to_string(params_.size());
  }

  std::string condition(const ast::expression& e) {
    std::string sql;
    if (e.rest.empty()) {
      sql = truth(e.first);
    } else if (e.rest.front().op == ast::operator_kind::logical_and ||
               e.rest.front().op == ast::operator_kind::logical_or) {
      // and binds tighter than or, as in SQL. Each chain becomes a balanced
      // tree: SQLite refuses expressions nested 1000 deep, and a flat chain
      // of 5,000 terms would parse that deep.
      std::vector<std::vector<std::string>> disjuncts{{truth(e.first)}};
      for (const auto& op : e.rest) {
        if (op.op == ast::operator_kind::logical_or) disjuncts.emplace_back();
        disjuncts.back().push_back(truth(op.rhs));
      }
      std::vector<std::string> ored;
      for (const auto& conjuncts : disjuncts)
        ored.push_back(balanced(conjuncts, 0, conjuncts.size(), " AND "));
      sql = "(" + balanced(ored, 0, ored.size(), " OR ") + ")";
    } else {
      // a op b op c means a op b and b op c.
      value left = evaluate(e.first);
      sql = "(";
      for (std::size_t i = 0; i < e.rest.size(); ++i) {
        value right = evaluate(e.rest[i].rhs);
        sql += (i ? " AND " : "") + compare(left, e.rest[i].op, right);
        left = std::move(right);
      }
      sql += ")";
    }
    return e.negated ? "NOT " + sql : sql;
  }

  static std::string balanced(const std::vector<std::string>& terms, std::size_t begin, std::size_t end,
                              const char* op) {
    if (end - begin == 1) return terms[begin];
    const std::size_t mid = begin + (end - begin) / 2;
    return "(" + balanced(terms, begin, mid, op) + op + balanced(terms, mid, end, op) + ")";
  }

  std::string compare(const value& a, ast::operator_kind op, const value& b) {
    const std::string sql_op = op == ast::operator_kind::not_equal ? "<>" : std::string(query::name_of(op));
    if ((op == ast::operator_kind::equal || op == ast::operator_kind::not_equal) && !a.numeric &&
        !b.numeric && !a.id.empty() && !b.id.empty())
      return a.id + " " + sql_op + " " + b.id;
    if (a.numeric || b.numeric) return a.number + " " + sql_op + " " + b.number;
    if (a.number != "NULL" && b.number != "NULL")  // two numbers compare by value, anything else as text
      return "(CASE WHEN " + a.number + " IS NOT NULL AND " + b.number + " IS NOT NULL THEN " + a.number +
             " " + sql_op + " " + b.number + " ELSE " + a.text + " " + sql_op + " " + b.text + " END)";
    return a.text + " " + sql_op + " " + b.text;
  }

  // An operand used as a condition on its own.
  std::string truth(const ast::operand& o) {
    if (const auto* e = boost::get<x3::forward_ast<ast::expression>>(&o.get())) return condition(e->get());
    if (const auto* c = boost::get<x3::forward_ast<ast::call>>(&o.get())) {
      const auto v = call(c->get());
      if (v.numeric || v.id.empty()) return "(" + (v.numeric ? v.number : v.text) + ")";
    }
    if (const auto* var = boost::get<ast::variable>(&o.get()))
      return "(" + variable_column(*var, *filter_scope_) + " IS NOT NULL)";
    fail(boost::apply_visitor([](const auto& x) -> const x3::position_tagged& { return x; }, o),
         "expected a condition here, such as ?x > 3 or contains(?name, \"Lei\")");
  }

  value evaluate(const ast::operand& o) {
    value v;
    if (const auto* var = boost::get<ast::variable>(&o.get())) {
      v.id = variable_column(*var, *filter_scope_);
      v.number = "(SELECT num FROM terms WHERE id = " + v.id + ")";
      v.text = "(SELECT lex FROM terms WHERE id = " + v.id + ")";
    } else if (const auto* lit = boost::get<ast::literal>(&o.get())) {
      const term& t = lit->value;
      v.id = bind(id_or_absent(t));
      v.text = bind(t.lex);
      if (auto n = numeric_value(t)) {
        v.numeric = true;
        v.number = bind(*n);
      } else {
        v.number = "NULL";
      }
    } else if (const auto* name = boost::get<ast::name>(&o.get()); name && name->quoted && in_call_) {
      // A quoted string given to a function is text: contains(?x, "LJ").
      v.id = bind(id_or_absent(term{term_kind::text, name->text, {}}));
      v.text = bind(name->text);
      v.number = "NULL";
    } else if (const auto* name = boost::get<ast::name>(&o.get())) {
      auto id = names_.entity(name->text, q_.span_of(*name).begin);
      if (!id && !name->quoted)
        fail(*name, "unknown name '" + name->text + "'", names_.suggest_entity(name->text));
      v.id = bind(id ? *id : id_or_absent(term{term_kind::text, name->text, {}}));
      v.text = bind(name->text);
      v.number = "NULL";
    } else if (const auto* c = boost::get<x3::forward_ast<ast::call>>(&o.get())) {
      v = call(c->get());
    } else {
      const auto& e = boost::get<x3::forward_ast<ast::expression>>(o.get()).get();
      v.number = v.text = "(" + condition(e) + ")";
      v.numeric = true;
    }
    return v;
  }

  // A term's id, or for a term the store does not hold an id below zero of
  // its own: two such constants are equal only when they are the same term.
  std::int64_t id_or_absent(const term& t) {
    if (auto id = names_.term_id(t)) return *id;
    const auto key = std::to_string(static_cast<int>(t.kind)) + '\x1f' + t.lex + '\x1f' + t.dt;
    return absent_.emplace(key, -1 - static_cast<std::int64_t>(absent_.size())).first->second;
  }

  // Functions: contains, starts_with, ends_with (text tests); lower, upper
  // (text); year, month, day (numbers from a date); length (a number).
  value call(const ast::call& c) {
    using fk = ast::function_kind;
    const auto f = c.function;
    const auto& fn = c.name;
    auto arg = [&](std::size_t i) {
      if (i >= c.arguments.size())
        fail(c, fn + " needs " + std::to_string(i + 1) + " argument" + (i ? "s" : ""));
      ++in_call_;
      auto v = evaluate_expression(c.arguments[i]);
      --in_call_;
      return v;
    };
    const std::size_t wanted = f == fk::contains || f == fk::starts_with || f == fk::ends_with ? 2 : 1;
    value v;
    if (f == fk::contains || f == fk::starts_with || f == fk::ends_with) {
      const auto a = arg(0), b = arg(1);
      v.text = f == fk::contains      ? "instr(" + a.text + ", " + b.text + ") > 0"
               : f == fk::starts_with ? "substr(" + a.text + ", 1, length(" + b.text + ")) = " + b.text
                                      : "substr(" + a.text + ", -length(" + b.text + ")) = " + b.text;
      v.number = "NULL";
    } else if (f == fk::lower || f == fk::upper) {
      v.text = fn + "(" + arg(0).text + ")";
      v.number = "NULL";
    } else if (f == fk::year || f == fk::month || f == fk::day) {
      const int from = f == fk::year ? 1 : f == fk::month ? 6 : 9, len = f == fk::year ? 4 : 2;
      v.number = "CAST(nullif(substr(" + arg(0).text + ", " + std::to_string(from) + ", " +
                 std::to_string(len) + "), '') AS INTEGER)";
      v.text = v.number;
      v.numeric = true;
    } else if (f == fk::length) {
      v.number = v.text = "length(" + arg(0).text + ")";
      v.numeric = true;
    } else {
      fail(c, "unknown function '" + fn + "'", "functions: " + query::function_list());
    }
    if (c.arguments.size() != wanted)
      fail(c, fn + " takes " + std::to_string(wanted) + (wanted == 1 ? " argument" : " arguments"));
    return v;
  }

  value evaluate_expression(const ast::expression& e) {
    if (!e.negated && e.rest.empty()) return evaluate(e.first);
    value v;
    v.number = v.text = "(" + condition(e) + ")";
    v.numeric = true;
    return v;
  }

  // --- patterns -----------------------------------------------------------

  [[noreturn]] void fail(const x3::position_tagged& node, std::string message, std::string help = {}) {
    throw positioned_error{q_.span_of(node).begin, std::move(message), std::move(help)};
  }

  std::string all_variables(const scope& sc) const {
    std::string cols;
    for (const auto& [v, b] : sc.own) cols += (cols.empty() ? "" : ", ") + b.column;
    return cols.empty() ? "1" : cols;
  }

  // A variable's column as a group sees it; NULL where a pattern elsewhere
  // in the query binds it but not one this group sees (SPARQL's unbound).
  std::string variable_column(const ast::variable& v, const scope& sc) {
    if (auto b = lookup(sc, v.name)) return b->column;
    if (!pattern_variables_.count(v.name)) fail(v, "?" + v.name + " is not bound by any pattern");
    return "NULL";
  }

  pattern to_pattern(const ast::triple& t) {
    pattern p;
    p.node = &t;
    p.span = q_.span_of(t);
    p.s = to_slot(t.subject, false);
    p.p = to_slot(t.predicate.predicate, true);
    // The lexicon's own predicates (alias, verb_form, ...) have text objects:
    // there a quoted string is that text, not a name to resolve.
    const auto* quoted = boost::get<ast::name>(&t.object.get());
    if (p.p.constant && names_.has_text_objects(*p.p.constant) && quoted && quoted->quoted &&
        !t.predicate.inverse) {
      p.o.offset = q_.span_of(*quoted).begin;
      p.o.constant = names_.term_id(term{term_kind::text, quoted->text, {}}).value_or(-1);
    } else {
      p.o = to_slot(t.object, false);
    }
    p.repeat = t.predicate.repeat;
    if (t.predicate.inverse) std::swap(p.s, p.o);
    for (const auto& qual : t.qualifiers) {
      auto key = names_.entity_named(qual.key);
      if (!key)
        fail(qual, "unknown qualifier '" + qual.key + "'", "qualifiers in this store: " + list_keys());
      p.qualifiers.emplace_back(*key, to_slot(qual.value, false));
    }
    if (p.p.constant) {
      p.edges = names_.edges_of(*p.p.constant);
      const bool transitive = std::any_of(p.edges.begin(), p.edges.end(),
                                          [&](const edge& e) { return names_.is_transitive(e.predicate); });
      if (p.repeat == ast::repetition::once && transitive && t.qualifiers.empty())
        p.repeat = ast::repetition::one_or_more;
      auto st = db_.cached("SELECT facts FROM predicate_stats WHERE p = ?");
      st.bind(1, *p.p.constant);
      p.predicate_facts = st.step() ? st.int64(0) : 0;
    }
    return p;
  }

  slot to_slot(const ast::node& n, bool is_predicate) {
    slot sl;
    sl.offset = q_.span_of(tagged(n)).begin;
    if (const auto* v = boost::get<ast::variable>(&n.get())) {
      sl.variable = v->name;
    } else if (const auto* l = boost::get<ast::literal>(&n.get())) {
      sl.constant = names_.term_id(l->value).value_or(-1);  // -1 matches nothing
    } else {
      const auto& name = boost::get<ast::name>(n.get());
      auto id = names_.entity(name.text, sl.offset, !is_predicate);
      if (!id && name.quoted) id = names_.term_id(term{term_kind::text, name.text, {}});
      if (!id) {
        if (is_predicate)
          fail(name, "unknown predicate '" + name.text + "'", names_.predicate_list(name.text));
        fail(name, "unknown name '" + name.text + "'", names_.suggest_entity(name.text));
      }
      if (is_predicate && !names_.is_predicate(*id))
        fail(name, "'" + name.text + "' is not a predicate of any fact", names_.predicate_list(name.text));
      sl.constant = *id;
    }
    return sl;
  }

  std::string list_keys() {
    auto st = db_.cached(
        "SELECT DISTINCT t.lex FROM qualifiers q JOIN terms t ON t.id = q.key ORDER BY t.lex LIMIT 12");
    std::string out;
    while (st.step()) out += (out.empty() ? "" : ", ") + std::string(st.text(0));
    return out.empty() ? "none" : out;
  }

  // Whether a pattern, on its own, matches any fact: compiled alone, with
  // its qualifiers and repeated variables.
  bool matches_alone(const pattern& pt) {
    compiler alone(names_, q_);
    scope sc;
    pattern copy = pt;
    for (slot* sl : {&copy.s, &copy.p, &copy.o})
      if (!sl->variable.empty()) sl->constant.reset();  // pinned by a filter, which is not the pattern's own
    alone.add_pattern(copy, sc);
    std::string with;
    for (const auto& c : alone.ctes_) with += (with.empty() ? "WITH RECURSIVE " : ", ") + c;
    auto st = db_.cached((with.empty() ? "" : with + " ") + "SELECT EXISTS (SELECT 1 FROM " + sc.from +
                         (sc.where.empty() ? "" : " WHERE " + join_and(sc.where)) + ")");
    const auto used = static_cast<std::size_t>(sqlite3_bind_parameter_count(st.handle()));
    for (std::size_t i = 0; i < alone.params_.size() && i < used; ++i)
      std::visit([&](const auto& v) { st.bind(static_cast<int>(i + 1), v); }, alone.params_[i]);
    return st.step() && st.int64(0) != 0;
  }

  // How many facts a pattern matches through its constants alone: a
  // capped count on the table keyed by them, or the predicate's count.
  std::int64_t estimate(const pattern& p) {
    constexpr std::int64_t cap = 2000;  // past this, a pattern is simply "large"
    if (p.repeat != ast::repetition::once || p.edges.size() > 1 || (!p.s.constant && !p.o.constant))
      return p.p.constant ? p.predicate_facts : cap * 10;
    std::string where;
    std::vector<std::int64_t> values;
    for (auto [sl, col] : {std::pair{&p.s, "s"}, {&p.p, "p"}, {&p.o, "o"}}) {
      if (!sl->constant) continue;
      where += std::string(where.empty() ? " WHERE " : " AND ") + col + " = ?";
      values.push_back(*sl->constant);
    }
    const std::string table(
        facts_table_for(p.s.constant.has_value(), p.p.constant.has_value(), p.o.constant.has_value()));
    const std::string sql =
        "SELECT count(*) FROM (SELECT 1 FROM " + table + where + " LIMIT " + std::to_string(cap) + ")";
    // Counted once until the data changes: a count of a large pattern
    // reads up to `cap` index entries, the bulk of a small query's time.
    std::string key = sql;
    for (auto v : values) key += ' ' + std::to_string(v);
    if (auto it = names_.estimates().find(key); it != names_.estimates().end()) return it->second;
    auto st = db_.cached(sql);
    for (std::size_t i = 0; i < values.size(); ++i) st.bind(static_cast<int>(i + 1), values[i]);
    return names_.estimates()[key] = st.step() ? st.int64(0) : cap;
  }

  // The join order: at each step the pattern expected to add the fewest
  // rows. A pattern joined to bound variables counts its constants'
  // matches divided by a fixed selectivity (the join key narrows it); one
  // that is not joined counts them all (a cross product). Ties go to the
  // pattern with more bound positions.
  void order_patterns(std::vector<pattern>& patterns, const scope& sc) {
    constexpr double join_selectivity = 1000;
    std::vector<double> rows;
    for (const auto& p : patterns) rows.push_back(static_cast<double>(estimate(p)));
    std::vector<pattern> ordered;
    std::set<std::string> bound;
    for (const auto& [v, b] : visible(sc))
      if (!b.maybe_null) bound.insert(v);
    std::vector<bool> used(patterns.size(), false);
    for (std::size_t step = 0; step < patterns.size(); ++step) {
      std::size_t best = patterns.size();
      double best_cost = 0;
      int best_bound = 0;
      for (std::size_t k = 0; k < patterns.size(); ++k) {
        if (used[k]) continue;
        const auto& p = patterns[k];
        int bound_positions = 0;
        bool joined = false;
        for (const slot* sl : {&p.s, &p.p, &p.o}) {
          const bool by_variable = !sl->constant && bound.count(sl->variable);
          joined = joined || by_variable;
          bound_positions += sl->constant || by_variable;
        }
        const double cost = joined ? std::max(1.0, rows[k] / join_selectivity) : rows[k];
        if (best == patterns.size() || cost < best_cost ||
            (cost == best_cost && bound_positions > best_bound)) {
          best = k;
          best_cost = cost;
          best_bound = bound_positions;
        }
      }
      used[best] = true;
      const auto& p = patterns[best];
      for (const slot* sl : {&p.s, &p.p, &p.o})
        if (!sl->variable.empty()) bound.insert(sl->variable);
      for (const auto& q : p.qualifiers)
        if (!q.second.variable.empty()) bound.insert(q.second.variable);
      ordered.push_back(p);
    }
    patterns = std::move(ordered);
  }

  names& names_;
  database& db_;
  const query::parsed_query& q_;
  std::vector<pattern> all_patterns_;  // the top group's patterns
  std::vector<std::string> textual_;   // variables in the order of the text
  std::vector<std::string> ctes_;      // recursive CTEs of paths
  std::vector<param_value> params_;
  std::vector<std::function<std::string(const std::string&)>> fact_conditions_;  // for sources
  std::vector<std::array<std::string, 3>> fact_columns_;                         // for pictures
  std::map<std::string, std::int64_t> absent_;  // constants the store does not hold
  std::set<std::string> pattern_variables_;     // bound by some pattern of the query
  const scope* filter_scope_ = nullptr;         // the group whose filter is being compiled
  std::string first_qualifier_;
  int aliases_ = 0;
  int decoded_ = 0;
  int hidden_ = 0;  // inside a union branch or a not group
  // Whether each row of the query is one stored fact per pattern: no path,
  // union, optional group, qualifier or predicate read several ways.
  bool one_fact_per_pattern_ = true;
  int in_call_ = 0;  // inside a function's arguments
};

}  // namespace

bool is_update(const query::parsed_query& q) {
  return boost::get<query::ast::update>(&q.tree.get()) || boost::get<query::ast::import_file>(&q.tree.get());
}

namespace {

// Stops a statement from SQLite's progress handler on a deadline or an
// interrupt request.
struct watchdog {
  std::chrono::steady_clock::time_point deadline;
  bool has_deadline = false;
  const std::atomic<bool>* interrupt = nullptr;
  bool timed_out = false;

  static int check(void* self) {
    auto* w = static_cast<watchdog*>(self);
    if (w->interrupt && w->interrupt->load()) return 1;
    if (w->has_deadline && std::chrono::steady_clock::now() > w->deadline) {
      w->timed_out = true;
      return 1;
    }
    return 0;
  }
};

// The plan SQLite chose, as indented lines.
std::vector<std::string> query_plan(database& db, const std::string& sql,
                                    const std::vector<param_value>& params) {
  auto st = db.prepare("EXPLAIN QUERY PLAN " + sql);
  const auto used = static_cast<std::size_t>(sqlite3_bind_parameter_count(st.handle()));
  for (std::size_t i = 0; i < params.size() && i < used; ++i)
    std::visit([&](const auto& v) { st.bind(static_cast<int>(i + 1), v); }, params[i]);
  std::map<std::int64_t, int> depth;
  std::vector<std::string> lines;
  while (st.step()) {
    const int d = depth.count(st.int64(1)) ? depth[st.int64(1)] + 1 : 0;
    depth[st.int64(0)] = d;
    lines.push_back(std::string(static_cast<std::size_t>(d) * 2, ' ') + std::string(st.text(3)));
  }
  return lines;
}

}  // namespace

tl::expected<answer, query_error> run_query(triple_store& store, const query::parsed_query& q,
                                            std::string_view text, std::string_view source,
                                            const run_options& opts) {
  auto& db = store.db();
  watchdog dog;
  dog.interrupt = opts.interrupt;
  if (opts.timeout.count() > 0) {
    dog.has_deadline = true;
    dog.deadline = std::chrono::steady_clock::now() + opts.timeout;
  }
  sqlite3_progress_handler(db.handle(), 1000, &watchdog::check, &dog);
  struct unhook {
    database& db;
    ~unhook() { sqlite3_progress_handler(db.handle(), 0, nullptr, nullptr); }
  } unhook_guard{db};
  try {
    if (q.explain && !boost::get<query::ast::pattern_query>(&q.tree.get()) &&
        !boost::get<query::ast::question>(&q.tree.get()))
      throw positioned_error(
          q.span_of(boost::apply_visitor(
                        [](const auto& x) -> const boost::spirit::x3::position_tagged& { return x; }, q.tree))
              .begin,
          "explain shows how a query or a question runs",
          "add, remove, import and why run as they are written");
    if (const auto* u = boost::get<query::ast::update>(&q.tree.get())) {
      names n(db);
      return u->action == query::ast::update_action::add ? run_add(store, n, q, u->fact)
                                                         : run_remove(store, n, q, u->fact);
    }
    if (const auto* imp = boost::get<query::ast::import_file>(&q.tree.get()))
      return run_import(store, q, *imp, opts);

    transaction snapshot(db, transaction::mode::read);
    names n(db);
    if (const auto* w = boost::get<query::ast::why>(&q.tree.get())) return run_why(n, q, w->fact);

    query::ast::pattern_query translated;
    const query::ast::pattern_query* pq = boost::get<query::ast::pattern_query>(&q.tree.get());
    answer a;
    const auto* describe = boost::get<query::ast::describe>(&q.tree.get());
    if (const auto* question = boost::get<query::ast::question>(&q.tree.get())) {
      translated = translate_question(n, q, *question);
    } else if (describe) {
      translated = describe_query(q, *describe);
      a.graph = describe->verb == query::ast::describe_verb::graph;
    }
    if (!pq) {
      pq = &translated;
      a.pattern_form = query::to_string(query::ast::query(translated));
    }
    if (opts.with_sources && !pq->with_sources &&
        !(pq->head && pq->head->kind == query::ast::projection_kind::count) && pq->group_by.empty()) {
      if (pq != &translated) translated = *pq;
      translated.with_sources = true;
      pq = &translated;
    }
    compiler c(n, q);
    auto compiled = c.compile(*pq, opts.collect_facts);
    a.columns = compiled.columns;
    a.sql = compiled.sql;
    a.sources = compiled.sources;
    if (q.explain) {
      a.explained = true;
      a.plan = query_plan(db, compiled.sql, compiled.params);
      return a;
    }
    prepared st;
    try {
      st = db.cached(compiled.sql);
    } catch (const sqlite_error& e) {
      // SQLite's own limits (parser stack, expression depth, joined
      // tables, variables), said in the query's terms.
      const std::string_view what = e.what();
      const char* limit =
          what.find("parser stack overflow") != std::string_view::npos ? "groups nested too deeply"
          : what.find("Expression tree is too large") != std::string_view::npos
              ? "a condition nested too deeply"
          : what.find("too many SQL variables") != std::string_view::npos ? "too many names and values"
          : what.find("tables in a join") != std::string_view::npos       ? "too many patterns joined"
                                                                          : nullptr;
      if (!limit)  // not a limit: a fault of kg's, shown as SQLite words it
        throw positioned_error(q.span_of(*pq).begin, "kg could not compile this query: " + std::string(what));
      throw positioned_error(q.span_of(*pq).begin,
                             std::string("the query is too large for SQLite to run: ") + limit,
                             "fewer nested groups, patterns or terms in a condition; or split the query");
    }
    // A value's unused forms (its id, or its text) may leave trailing
    // parameters out of the statement: those are not bound.
    const auto used = static_cast<std::size_t>(sqlite3_bind_parameter_count(st.handle()));
    for (std::size_t i = 0; i < compiled.params.size() && i < used; ++i)
      std::visit([&](const auto& v) { st.bind(static_cast<int>(i + 1), v); }, compiled.params[i]);
    const std::size_t decoded =
        compiled.columns.size() - (compiled.count ? 1 : 0) - (compiled.sources ? 1 : 0);
    std::set<std::array<std::int64_t, 3>> fact_ids;
    while (st.step()) {
      std::vector<std::optional<term>> row;
      int col = 0;
      for (std::size_t i = 0; i < decoded; ++i, col += 3) {
        if (st.is_null(col))
          row.emplace_back();
        else
          row.push_back(load_term_at(st, col));
      }
      if (compiled.count) row.push_back(term{term_kind::integer, std::to_string(st.int64(col++)), {}});
      if (compiled.sources) {
        if (st.is_null(col))
          row.emplace_back();
        else
          row.push_back(term{term_kind::text, std::string(st.text(col)), {}});
        ++col;
      }
      for (std::size_t k = 0; k < compiled.facts; ++k, col += 3)
        if (!st.is_null(col) && !st.is_null(col + 2))
          fact_ids.insert({st.int64(col), st.int64(col + 1), st.int64(col + 2)});
      a.rows.push_back(std::move(row));
    }
    if (compiled.ask) {
      // No variables: the answer is whether the patterns match.
      const bool matched = !a.rows.empty();
      a.columns = {"answer"};
      a.rows.assign(1,
                    {term{term_kind::typed, matched ? "true" : "false", std::string(xsd::ns) + "boolean"}});
      if (matched) return a;
    }
    if (describe) {
      // Every row of a description is a fact.
      for (const auto& r : a.rows)
        if (r[0] && r[1] && r[2]) a.facts.push_back({*r[0], *r[1], *r[2]});
    } else if (!fact_ids.empty()) {
      auto lookup = db.cached("SELECT kind, lex, dt FROM terms WHERE id = ?");
      auto term_of = [&](std::int64_t id) {
        lookup.reset();
        lookup.bind(1, id);
        lookup.step();
        return load_term(lookup);
      };
      for (const auto& [s_id, p_id, o_id] : fact_ids)
        a.facts.push_back({term_of(s_id), term_of(p_id), term_of(o_id)});
    }
    if ((a.rows.empty() || compiled.ask) && !compiled.count)
      if (const auto* t = c.unmatched()) {
        if (a.pattern_form.empty()) {
          const auto at = q.span_of(*t);
          a.unmatched_pattern = std::string(text.substr(at.begin, at.end - at.begin));
        } else {
          // A question's patterns were never written: show them as kg reads them.
          query::ast::pattern_query alone;
          alone.where.elements.emplace_back(*t);
          a.unmatched_pattern = query::to_string(query::ast::query(alone));
        }
      }
    return a;
  } catch (const positioned_error& e) {
    auto d = diagnose_at(source, text, e.offset, e.message);
    d.help = e.help;
    return tl::unexpected(query_error{errc::input, render(d)});
  } catch (const error& e) {
    return tl::unexpected(query_error{e.code, e.message});
  } catch (const sqlite_error& e) {
    if (dog.timed_out)
      return tl::unexpected(query_error{errc::timeout, "kg: error: the query ran longer than " +
                                                           std::to_string(opts.timeout.count()) +
                                                           " ms (--timeout)"});
    const auto err = to_error(e, store.path());
    return tl::unexpected(query_error{err.code, "kg: error: " + err.message});
  }
}

}  // namespace kg::engine
