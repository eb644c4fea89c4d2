#include "engine/solutions.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "engine/values.hpp"
#include "parser/error.hpp"
#include "parser/prefixes.hpp"

namespace kg::engine {

namespace {

using query::value_expression;
using values::value;
using form = value_expression::form;
using row = std::vector<std::optional<term>>;

// A solution as an expression sees it: its variables' values, and for an
// aggregate the rows of its group (over the columns the patterns gave).
struct frame {
  const std::vector<std::string>& columns;
  const row& cells;
  const std::vector<const row*>* group = nullptr;
  const std::vector<std::string>* group_columns = nullptr;
};

// The forms whose arguments are not all evaluated first.
bool special(const std::string& op) {
  static const std::set<std::string> forms = {"||", "&&", "bound", "if", "coalesce", "in", "not in", "bnode"};
  return forms.count(op) > 0;
}

// IRI(str) or URI(str) given the query's base as a second argument.
bool resolving(const value_expression& e) {
  return (e.op == "iri" || e.op == "uri") && e.args.size() == 2 && e.args[1].constant;
}

bool is_operator(const std::string& op) {
  static const std::set<std::string> ops = {
      "!", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "neg", "pos"};
  return ops.count(op) > 0;
}

std::string key_of(const value& v) { return v ? to_ntriples(*v) : std::string("\x01"); }

std::string key_of(const row& r) {
  std::string k;
  for (const auto& c : r) k += key_of(c) + '\x02';
  return k;
}

int column(const std::vector<std::string>& columns, const std::string& name) {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return static_cast<int>(i);
  return -1;
}

class evaluator {
 public:
  explicit evaluator(const pattern_runner& ask) : ask_(ask) {}

  value eval(const value_expression& e, const frame& f) {
    switch (e.kind) {
      case form::constant:
        return e.constant;
      case form::variable: {
        const int c = column(f.columns, e.variable);
        return c < 0 ? std::nullopt : f.cells[static_cast<std::size_t>(c)];
      }
      case form::aggregate:
        return aggregate(e, f);
      case form::exists:
        if (!ask_ || !e.pattern) return std::nullopt;
        return values::boolean(ask_(substitute(*e.pattern, f.columns, f.cells)));
      case form::call:
        break;
    }
    if (special(e.op)) return special_form(e, f);
    if (e.op == "now" && e.args.empty()) {  // one instant for the whole query
      if (!now_) now_ = values::call("now", {});
      return now_;
    }
    if (resolving(e)) {  // IRI(str) with the query's BASE
      const auto v = values::call(e.op, {eval(e.args[0], f)});
      if (!v || v->kind != term_kind::iri) return v;
      return values::iri(resolve_iri(e.args[1].constant->lex, v->lex));
    }
    std::vector<value> args;
    for (const auto& a : e.args) args.push_back(eval(a, f));
    if (e.op == "!") {
      const auto b = values::ebv(args[0]);
      return b ? value(values::boolean(!*b)) : std::nullopt;
    }
    if (e.op == "=" || e.op == "!=" || e.op == "<" || e.op == "<=" || e.op == ">" || e.op == ">=") {
      const auto b = values::compare(e.op, args[0], args[1]);
      return b ? value(values::boolean(*b)) : std::nullopt;
    }
    if (e.op == "+" || e.op == "-" || e.op == "*" || e.op == "/")
      return values::arithmetic(e.op[0], args[0], args[1]);
    if (e.op == "neg") return values::negate(args[0]);
    if (e.op == "pos") return values::plus(args[0]);
    return values::call(e.op, args);
  }

  // Whether a condition holds: its effective boolean value, an error
  // failing it.
  bool holds(const value_expression& e, const frame& f) {
    const auto b = values::ebv(eval(e, f));
    return b && *b;
  }

  // A new solution: BNODE(str) gives the same blank node for the same
  // string only within one.
  void next_solution() {
    ++solution_;
    labels_.clear();
  }

 private:
  value special_form(const value_expression& e, const frame& f) {
    if (e.op == "||" || e.op == "&&") {
      const bool is_or = e.op == "||";
      const auto l = values::ebv(eval(e.args[0], f));
      const auto r = values::ebv(eval(e.args[1], f));
      // true || error is true, false && error is false; else an error
      // spreads.
      if ((l && *l == is_or) || (r && *r == is_or)) return values::boolean(is_or);
      if (l && r) return values::boolean(!is_or);
      return std::nullopt;
    }
    if (e.op == "bound") {
      if (e.args.size() != 1 || e.args[0].kind != form::variable) return std::nullopt;
      return values::boolean(eval(e.args[0], f).has_value());
    }
    if (e.op == "if") {
      if (e.args.size() != 3) return std::nullopt;
      const auto b = values::ebv(eval(e.args[0], f));
      if (!b) return std::nullopt;
      return eval(e.args[*b ? 1 : 2], f);
    }
    if (e.op == "coalesce") {
      for (const auto& a : e.args)
        if (auto v = eval(a, f)) return v;
      return std::nullopt;
    }
    if (e.op == "in" || e.op == "not in") {
      // true if one is equal; else an error if a comparison was one.
      const auto x = eval(e.args[0], f);
      bool error = false;
      for (std::size_t i = 1; i < e.args.size(); ++i) {
        const auto b = values::compare("=", x, eval(e.args[i], f));
        if (b && *b) return values::boolean(e.op == "in");
        error = error || !b;
      }
      if (error) return std::nullopt;
      return values::boolean(e.op != "in");
    }
    // bnode
    if (e.args.empty()) return term{term_kind::blank, "b" + std::to_string(++blanks_), {}};
    const auto s = eval(e.args[0], f);
    if (!s || (s->kind != term_kind::text)) return std::nullopt;
    auto [at, fresh] = labels_.emplace(s->lex, std::string());
    if (fresh) at->second = "b" + std::to_string(++blanks_);
    return term{term_kind::blank, at->second, {}};
  }

  value aggregate(const value_expression& e, const frame& f) {
    if (!f.group) return std::nullopt;
    const auto& rows = *f.group;
    if (e.op == "count" && e.star) {
      if (!e.distinct) return make_typed(std::to_string(rows.size()), std::string(xsd::ns) + "integer");
      std::set<std::string> seen;
      for (const auto* r : rows) seen.insert(key_of(*r));
      return make_typed(std::to_string(seen.size()), std::string(xsd::ns) + "integer");
    }
    std::vector<value> all;
    std::set<std::string> seen;
    for (const auto* r : rows) {
      auto v = e.args.empty() ? std::nullopt : eval(e.args[0], frame{*f.group_columns, *r});
      if (e.distinct && !seen.insert(key_of(v)).second) continue;
      all.push_back(std::move(v));
    }
    if (e.op == "count") {
      std::size_t n = 0;
      for (const auto& v : all) n += v.has_value();
      return make_typed(std::to_string(n), std::string(xsd::ns) + "integer");
    }
    if (e.op == "sum" || e.op == "avg") {
      value total = make_typed("0", std::string(xsd::ns) + "integer");
      for (const auto& v : all) total = values::arithmetic('+', total, v);
      if (e.op == "sum" || all.empty()) return total;
      return values::arithmetic('/', total,
                                make_typed(std::to_string(all.size()), std::string(xsd::ns) + "integer"));
    }
    if (e.op == "min" || e.op == "max") {
      value best;
      for (const auto& v : all) {
        if (!v) continue;
        if (!best || (e.op == "min" ? values::order(v, best) < 0 : values::order(v, best) > 0)) best = v;
      }
      return best;
    }
    if (e.op == "sample") {
      for (const auto& v : all)
        if (v) return v;
      return std::nullopt;
    }
    // group_concat: the values' texts joined, a simple literal.
    std::string joined;
    bool first = true;
    for (const auto& v : all) {
      if (!v || !is_literal(v->kind)) return std::nullopt;
      joined += (first ? "" : e.separator) + v->lex;
      first = false;
    }
    return term{term_kind::text, joined, {}};
  }

  const pattern_runner& ask_;
  value now_;
  std::size_t solution_ = 0;
  std::size_t blanks_ = 0;
  std::map<std::string, std::string> labels_;
};

// SPARQL's join of the solutions with a VALUES table: each pair whose
// shared variables agree where both are bound.
void join_values(std::vector<std::string>& columns, std::vector<row>& rows, const query::values_step& v) {
  std::vector<int> at;
  for (const auto& name : v.variables) {
    int c = column(columns, name);
    if (c < 0) {
      columns.push_back(name);
      for (auto& r : rows) r.emplace_back();
      c = static_cast<int>(columns.size() - 1);
    }
    at.push_back(c);
  }
  std::vector<row> out;
  for (const auto& r : rows)
    for (const auto& data : v.rows) {
      row joined = r;
      bool ok = true;
      for (std::size_t i = 0; i < at.size() && ok; ++i) {
        auto& cell = joined[static_cast<std::size_t>(at[i])];
        if (!data[i]) continue;
        if (cell && !(*cell == *data[i])) ok = false;
        cell = data[i];
      }
      if (ok) out.push_back(std::move(joined));
    }
  rows = std::move(out);
}

// SPARQL's MINUS: the solutions not compatible with any of `removed`
// that shares a bound variable with them.
void minus(const std::vector<std::string>& columns, std::vector<row>& rows, const table& removed) {
  std::vector<std::pair<std::size_t, std::size_t>> shared;  // (column here, column there)
  for (std::size_t c = 0; c < removed.columns.size(); ++c)
    if (const int at = column(columns, removed.columns[c]); at >= 0)
      shared.emplace_back(static_cast<std::size_t>(at), c);
  std::vector<row> kept;
  for (auto& r : rows) {
    const bool gone = std::any_of(removed.rows.begin(), removed.rows.end(), [&](const row& other) {
      bool overlap = false;
      for (const auto& [here, there] : shared) {
        if (!r[here] || !other[there]) continue;
        if (!(*r[here] == *other[there])) return false;
        overlap = true;
      }
      return overlap;
    });
    if (!gone) kept.push_back(std::move(r));
  }
  rows = std::move(kept);
}

void check(const value_expression& e) {
  if (e.kind == form::call && !special(e.op) && !is_operator(e.op) && !resolving(e) &&
      !values::known(e.op, e.args.size())) {
    std::string name = e.op;
    if (name.find(':') == std::string::npos)
      for (auto& c : name) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    throw error::at(error_kind::semantic, e.offset,
                    values::known(e.op, e.args.size() == 1 ? 2 : 1) || values::known(e.op, 3)
                        ? name + " does not take " + std::to_string(e.args.size()) + " argument" +
                              (e.args.size() == 1 ? "" : "s")
                        : "kg does not know the function " + name,
                    "see docs/sparql.md for the functions kg computes");
  }
  for (const auto& a : e.args) check(a);
}

// Puts a solution's values in for the variables of kg's tree.
class substitution {
 public:
  substitution(const std::vector<std::string>& columns, const row& cells)
      : columns_(columns), cells_(cells) {}

  void group(query::ast::group& g) const {
    namespace k = query::ast;
    for (auto& e : g.elements) {
      if (auto* t = boost::get<k::triple>(&e.get())) {
        node(t->subject);
        node(t->predicate.predicate);
        node(t->object);
        for (auto& q : t->qualifiers) node(q.value);
      } else if (auto* o = boost::get<k::optional_group>(&e.get())) {
        group(o->body);
      } else if (auto* n = boost::get<k::not_group>(&e.get())) {
        group(n->body);
      } else if (auto* u = boost::get<k::union_group>(&e.get())) {
        for (auto& b : u->branches) group(b);
      } else if (auto* f = boost::get<k::filter>(&e.get())) {
        expression(f->condition);
      }
    }
  }

 private:
  std::optional<query::ast::literal> value_of(const query::ast::variable& v) const {
    const int c = column(columns_, v.name);
    if (c < 0 || !cells_[static_cast<std::size_t>(c)]) return std::nullopt;
    query::ast::literal l;
    l.value = *cells_[static_cast<std::size_t>(c)];
    l.text = is_literal(l.value.kind) ? to_cell(l.value) : to_ntriples(l.value);
    l.id_first = v.id_first;
    l.id_last = v.id_last;
    return l;
  }
  void node(query::ast::node& n) const {
    if (const auto* v = boost::get<query::ast::variable>(&n.get()))
      if (auto l = value_of(*v)) n = std::move(*l);
  }
  void operand(query::ast::operand& o) const {
    namespace k = query::ast;
    if (const auto* v = boost::get<k::variable>(&o.get())) {
      if (auto l = value_of(*v)) o = std::move(*l);
    } else if (auto* c = boost::get<boost::spirit::x3::forward_ast<k::call>>(&o.get())) {
      for (auto& a : c->get().arguments) expression(a);
    } else if (auto* e = boost::get<boost::spirit::x3::forward_ast<k::expression>>(&o.get())) {
      expression(e->get());
    }
  }
  void expression(query::ast::expression& e) const {
    operand(e.first);
    for (auto& op : e.rest) operand(op.rhs);
  }

  const std::vector<std::string>& columns_;
  const row& cells_;
};

}  // namespace

query::parsed_query substitute(const query::parsed_query& q, const std::vector<std::string>& columns,
                               const std::vector<std::optional<term>>& cells) {
  auto out = q;
  if (auto* pq = boost::get<query::ast::pattern_query>(&out.tree.get()))
    substitution(columns, cells).group(pq->where);
  return out;
}

void check(const query::modifiers& m) {
  for (const auto& s : m.extend)
    if (const auto* b = std::get_if<query::bind_step>(&s)) check(b->value);
  for (const auto& f : m.filters) check(f);
  for (const auto& g : m.group_by) check(g.first);
  for (const auto& h : m.having) check(h);
  for (const auto& s : m.select) check(s.second);
  for (const auto& o : m.order_by) check(o.first);
}

table finish(const query::modifiers& m, const table& patterns, const std::vector<table>& subqueries,
             const pattern_runner& ask) {
  evaluator ev(ask);
  std::vector<std::string> columns;
  std::vector<row> rows;
  if (!m.patterns) {
    rows.emplace_back();
  } else if (patterns.ask) {
    if (patterns.rows.at(0).at(0)->lex == "true") rows.emplace_back();
  } else {
    columns = patterns.columns;
    rows = patterns.rows;
  }
  // BIND, VALUES and sub-queries, in the group's order.
  std::size_t next_subquery = 0;
  for (const auto& step : m.extend) {
    if (const auto* v = std::get_if<query::values_step>(&step)) {
      join_values(columns, rows, *v);
      continue;
    }
    if (std::holds_alternative<query::minus_step>(step)) {
      minus(columns, rows, subqueries.at(next_subquery++));
      continue;
    }
    if (std::holds_alternative<query::subquery_step>(step)) {
      const auto& answer = subqueries.at(next_subquery++);
      query::values_step v;
      v.variables = answer.columns;
      v.rows = answer.rows;
      if (answer.ask) {  // no variables: one empty row if it matched
        v.variables.clear();
        v.rows.clear();
        if (answer.rows.at(0).at(0)->lex == "true") v.rows.emplace_back();
      }
      join_values(columns, rows, v);
      continue;
    }
    const auto& b = std::get<query::bind_step>(step);
    // BIND sees what the elements before it bound.
    std::vector<std::string> seen = columns;
    for (auto& name : seen)
      if (std::find(b.visible.begin(), b.visible.end(), name) == b.visible.end()) name.clear();
    columns.push_back(b.variable);
    for (auto& r : rows) {
      ev.next_solution();
      auto v = ev.eval(b.value, frame{seen, r});
      r.push_back(std::move(v));
    }
  }
  if (!m.filters.empty()) {
    std::vector<row> kept;
    for (auto& r : rows) {
      ev.next_solution();
      bool ok = true;
      for (const auto& f : m.filters) ok = ok && ev.holds(f, frame{columns, r});
      if (ok) kept.push_back(std::move(r));
    }
    rows = std::move(kept);
  }

  // The solutions the head reads: the rows themselves, or one per group
  // (its keys' values, the rows of the group kept beside it).
  std::vector<std::string> head_columns;
  std::vector<row> head_rows;
  std::vector<std::vector<const row*>> groups;
  if (m.grouped) {
    std::map<std::string, std::size_t> index;
    for (std::size_t k = 0; k < m.group_by.size(); ++k) {
      const auto& [key, alias] = m.group_by[k];
      head_columns.push_back(!alias.empty()               ? alias
                             : key.kind == form::variable ? key.variable
                                                          : std::string());
    }
    for (const auto& r : rows) {
      ev.next_solution();
      row keys;
      for (const auto& g : m.group_by) keys.push_back(ev.eval(g.first, frame{columns, r}));
      auto [at, fresh] = index.emplace(key_of(keys), groups.size());
      if (fresh) {
        groups.emplace_back();
        head_rows.push_back(std::move(keys));
      }
      groups[at->second].push_back(&r);
    }
    // Aggregates without GROUP BY: one group, empty or not.
    if (m.group_by.empty() && groups.empty()) {
      groups.emplace_back();
      head_rows.emplace_back();
    }
  } else {
    head_columns = columns;
    head_rows = std::move(rows);
  }
  auto frame_of = [&](std::size_t i) {
    return frame{head_columns, head_rows[i], m.grouped ? &groups[i] : nullptr, &columns};
  };
  std::vector<std::size_t> order_rows;
  for (std::size_t i = 0; i < head_rows.size(); ++i) {
    ev.next_solution();
    if (std::all_of(m.having.begin(), m.having.end(),
                    [&](const value_expression& h) { return ev.holds(h, frame_of(i)); }))
      order_rows.push_back(i);
  }
  // The SELECT expressions, each seeing the ones before it.
  for (const auto& [name, e] : m.select) {
    if (e.kind == form::variable && e.variable == name && column(head_columns, name) >= 0) continue;
    std::vector<value> computed(head_rows.size());
    for (const auto i : order_rows) {
      ev.next_solution();
      computed[i] = ev.eval(e, frame_of(i));
    }
    head_columns.push_back(name);
    for (std::size_t i = 0; i < head_rows.size(); ++i) head_rows[i].push_back(std::move(computed[i]));
  }
  if (!m.order_by.empty()) {
    std::vector<std::vector<value>> keys(head_rows.size());
    for (const auto i : order_rows)
      for (const auto& [key, descending] : m.order_by) {
        ev.next_solution();
        keys[i].push_back(ev.eval(key, frame_of(i)));
      }
    std::stable_sort(order_rows.begin(), order_rows.end(), [&](std::size_t a, std::size_t b) {
      for (std::size_t k = 0; k < m.order_by.size(); ++k) {
        const int c = values::order(keys[a][k], keys[b][k]);
        if (c != 0) return m.order_by[k].second ? c > 0 : c < 0;
      }
      return false;
    });
  }

  table out;
  out.sql = patterns.sql;
  if (m.ask) {
    out.ask = true;
    out.columns = {"answer"};
    out.rows.assign(1, {values::boolean(!order_rows.empty())});
    out.row_count = 1;
    return out;
  }
  for (const auto& s : m.select) out.columns.push_back(s.first);
  std::set<std::string> seen;
  std::size_t skipped = 0;
  for (const auto i : order_rows) {
    row r;
    for (const auto& name : out.columns) {
      const int c = column(head_columns, name);
      r.push_back(c < 0 ? std::nullopt : head_rows[i][static_cast<std::size_t>(c)]);
    }
    if (m.distinct && !seen.insert(key_of(r)).second) continue;
    if (m.offset && skipped < *m.offset) {
      ++skipped;
      continue;
    }
    if (m.limit && out.rows.size() >= *m.limit) break;
    out.rows.push_back(std::move(r));
  }
  out.row_count = out.rows.size();
  return out;
}

std::vector<std::string> steps(const query::modifiers& m) {
  std::vector<std::string> out;
  auto names = [](const std::vector<std::string>& vs) {
    std::string s;
    for (const auto& v : vs) s += (s.empty() ? "?" : " ?") + v;
    return s;
  };
  out.push_back(m.patterns ? "then, on the rows of " +
                                 (m.input.empty() ? std::string("(no variables)") : names(m.input)) +
                                 ", kg computes:"
                           : "no patterns: one empty solution, on which kg computes:");
  for (const auto& s : m.extend) {
    if (const auto* b = std::get_if<query::bind_step>(&s))
      out.push_back("  BIND ?" + b->variable);
    else if (const auto* q = std::get_if<query::subquery_step>(&s))
      out.push_back("  a sub-query answering " + names(q->variables) + ", run on its own, joined");
    else if (std::holds_alternative<query::minus_step>(s))
      out.push_back("  MINUS: its group run on its own, compatible solutions removed");
    else
      out.push_back("  VALUES " + names(std::get<query::values_step>(s).variables) + " (" +
                    std::to_string(std::get<query::values_step>(s).rows.size()) + " rows), joined");
  }
  if (!m.filters.empty()) out.push_back("  " + std::to_string(m.filters.size()) + " FILTER(s)");
  if (m.grouped)
    out.push_back(m.group_by.empty()
                      ? "  aggregates over one group"
                      : "  GROUP BY " + std::to_string(m.group_by.size()) + " key(s), aggregates");
  if (!m.having.empty()) out.push_back("  HAVING");
  std::vector<std::string> cols;
  for (const auto& s : m.select) cols.push_back(s.first);
  if (!m.ask) out.push_back("  SELECT " + names(cols) + (m.distinct ? " (distinct)" : ""));
  if (!m.order_by.empty()) out.push_back("  ORDER BY " + std::to_string(m.order_by.size()) + " key(s)");
  if (m.offset) out.push_back("  OFFSET " + std::to_string(*m.offset));
  if (m.limit) out.push_back("  LIMIT " + std::to_string(*m.limit));
  if (m.ask) out.push_back("  ASK: whether a solution is left");
  return out;
}

}  // namespace kg::engine
