// Differential test of the query engine: random pattern queries over a
// random store, answered both by kg and by a naive evaluator written here
// from docs/query-language.md alone. The answers must be equal as
// multisets of rows, so any difference is a bug in one of the two.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "engine/run.hpp"
#include "parser/diagnostic.hpp"
#include "parser/query.hpp"
#include "parser/term.hpp"
#include "store/import.hpp"
#include "tests/helpers.hpp"

using namespace kg;

namespace {

constexpr unsigned seed = 20250715;
constexpr int entity_count = 30;
constexpr int predicate_count = 5;
constexpr std::size_t fact_count = 250;
constexpr int query_count = 300;
// Queries whose naive evaluation needs more work than this are drawn again:
// they test nothing the small ones do not, and would only be slow.
constexpr std::size_t max_steps = 300'000;
constexpr std::size_t max_solutions = 3'000;

// The variables queries use; a query's variables are indices into it.
constexpr std::array<const char*, 4> pool = {"a", "b", "c", "d"};

class random_source {
 public:
  explicit random_source(unsigned s) : rng_(s) {}
  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(int percent) { return below(100) < percent; }
  template <class T>
  const T& one_of(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(below(static_cast<int>(v.size())))];
  }
  std::mt19937& engine() { return rng_; }

 private:
  std::mt19937 rng_;
};

// ---------------------------------------------------------------------------
// The data: facts over interned terms, each fact with its statements (the
// distinct sets of qualifiers it was imported with).

struct fact {
  int s = 0, p = 0, o = 0;
  std::vector<std::map<int, int>> statements;  // qualifier key -> value
};

class dataset {
 public:
  int intern(const term& t) {
    auto [it, fresh] = ids_.emplace(key(t), static_cast<int>(terms_.size()));
    if (fresh) terms_.push_back(t);
    return it->second;
  }
  // The id of a term, or -1 when the data does not hold it.
  int find(const term& t) const {
    auto it = ids_.find(key(t));
    return it == ids_.end() ? -1 : it->second;
  }
  // The entity a name stands for: the one spelled exactly so, else the
  // only one spelled so case-blind. None when there is no such entity, or
  // when several differ from the name only in case (then *ambiguous).
  std::optional<int> find_entity(const std::string& name, bool* ambiguous = nullptr) const {
    std::vector<int> found;
    for (std::size_t i = 0; i < terms_.size(); ++i) {
      if (terms_[i].kind != term_kind::entity || !same_case_blind(terms_[i].lex, name)) continue;
      if (terms_[i].lex == name) return static_cast<int>(i);
      found.push_back(static_cast<int>(i));
    }
    if (ambiguous) *ambiguous = found.size() > 1;
    if (found.size() == 1) return found.front();
    return std::nullopt;
  }
  const term& at(int id) const { return terms_[static_cast<std::size_t>(id)]; }
  std::optional<double> number(int id) const {
    const auto& t = at(id);
    if (t.kind != term_kind::integer && t.kind != term_kind::decimal) return std::nullopt;
    return std::strtod(t.lex.c_str(), nullptr);
  }

  std::vector<fact> facts;
  std::string tsv;

 private:
  static std::tuple<int, std::string, std::string> key(const term& t) {
    return {static_cast<int>(t.kind), t.lex, t.dt};
  }
  static bool same_case_blind(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) ==
                    std::tolower(static_cast<unsigned char>(y));
           });
  }

  std::vector<term> terms_;
  std::map<std::tuple<int, std::string, std::string>, int> ids_;
};

const std::vector<std::string> decimals = {"2.5", "7.0", "12.25", "0.5"};
// "e3" is also an entity, which a quoted "e3" in a query names.
const std::vector<std::string> texts = {"7", "a1", "b12", "x", "13", "e3"};
// Entities whose names differ only in case.
const std::vector<std::string> case_twins = {"ab", "AB"};
const std::vector<std::string> dates_in_data = {"2025-01-15", "2025-03-01", "2025-03-20", "2024-12-31",
                                                "2025-07"};
const std::vector<std::string> sources = {"s1", "s2", "s3"};

term entity_named(const std::string& prefix, int i) { return entity(prefix + std::to_string(i)); }

term some_entity(random_source& r) {
  return r.chance(5) ? entity(r.one_of(case_twins)) : entity_named("e", r.below(entity_count));
}

dataset make_dataset(random_source& r) {
  dataset d;
  const int date_key = d.intern(entity("date")), source_key = d.intern(entity("source"));
  std::vector<std::string> rows;
  std::set<std::tuple<int, int, int>> seen;
  while (d.facts.size() < fact_count) {
    term s = some_entity(r), p = entity_named("p", r.below(predicate_count)), o;
    const int kind = r.below(100);
    if (kind < 55)
      o = some_entity(r);
    else if (kind < 80)
      o = term{term_kind::integer, std::to_string(r.below(23) - 2), {}};
    else if (kind < 87)
      o = term{term_kind::decimal, r.one_of(decimals), {}};
    else if (kind < 95)
      o = term{term_kind::text, r.one_of(texts), {}};
    else
      o = term{term_kind::date, r.one_of(dates_in_data), {}};
    fact f{d.intern(s), d.intern(p), d.intern(o), {}};
    if (!seen.emplace(f.s, f.p, f.o).second) continue;
    const std::string triple = to_cell(s) + "\t" + to_cell(p) + "\t" + to_cell(o) + "\t";
    if (r.chance(15)) {
      const int n = r.chance(30) ? 2 : 1;
      for (int i = 0; i < n; ++i) {
        std::map<int, int> st;
        std::string date_cell, source_cell;
        if (r.chance(70)) {
          const term t{term_kind::date, r.one_of(dates_in_data), {}};
          st[date_key] = d.intern(t);
          date_cell = to_cell(t);
        }
        if (st.empty() || r.chance(60)) {
          const term t{term_kind::text, r.one_of(sources), {}};
          st[source_key] = d.intern(t);
          source_cell = to_cell(t);
        }
        if (std::find(f.statements.begin(), f.statements.end(), st) != f.statements.end()) continue;
        f.statements.push_back(st);
        rows.push_back(triple + date_cell + "\t" + source_cell);
      }
      if (r.chance(30)) rows.push_back(triple + "\t");  // the bare fact again adds nothing
    } else {
      rows.push_back(triple + "\t");
    }
    d.facts.push_back(std::move(f));
  }
  std::shuffle(rows.begin(), rows.end(), r.engine());
  d.tsv = "subject\tpredicate\tobject\tdate\tsource\n";
  for (const auto& row : rows) d.tsv += row + "\n";
  return d;
}

// ---------------------------------------------------------------------------
// Queries, kept as structures and rendered as text for kg.

enum class node_kind { variable, name, literal };

struct node {
  node_kind kind = node_kind::variable;
  int var = -1;      // variables: an index into the pool
  std::string text;  // names: as written; literals: the cell
  bool quoted = false;
  term literal;  // literals: the term the cell stands for

  std::string render() const {
    if (kind == node_kind::variable) return std::string("?") + pool[static_cast<std::size_t>(var)];
    if (kind == node_kind::name && quoted) return "\"" + text + "\"";
    return text;
  }
};

node variable(int v) { return node{node_kind::variable, v, {}, false, {}}; }
node name(std::string text, bool quoted = false) {
  return node{node_kind::name, -1, std::move(text), quoted, {}};
}
node literal(term t) {
  const auto cell = to_cell(t);
  return node{node_kind::literal, -1, cell, false, std::move(t)};
}

struct pattern {
  node s, p, o;
  bool inverse = false;
  std::vector<std::pair<std::string, node>> qualifiers;

  std::string render() const {
    std::string out = s.render() + " " + (inverse ? "^" : "") + p.render() + " " + o.render();
    for (std::size_t i = 0; i < qualifiers.size(); ++i)
      out += (i ? ", " : " {") + qualifiers[i].first + ": " + qualifiers[i].second.render();
    return qualifiers.empty() ? out : out + "}";
  }
};

// A filter operand: a node, or a function of one.
struct operand {
  node arg;
  std::string function;  // "", lower, upper, length, year, month, day

  std::string render() const { return function.empty() ? arg.render() : function + "(" + arg.render() + ")"; }
};

struct condition {
  // compare: operands[0] ops[0] operands[1] ops[1] ...; test: a text test
  // (contains, starts_with, ends_with) of two operands; bound: a variable.
  enum class kind { compare, test, bound, all, any, negate } k = kind::bound;
  std::vector<std::string> ops;
  std::string test;
  std::vector<operand> operands;
  std::vector<condition> parts;  // all, any: two; negate: one

  bool compound() const { return k == kind::all || k == kind::any; }

  std::string render() const {
    auto part = [](const condition& c) { return c.compound() ? "(" + c.render() + ")" : c.render(); };
    switch (k) {
      case kind::compare: {
        std::string out = operands[0].render();
        for (std::size_t i = 0; i < ops.size(); ++i) out += " " + ops[i] + " " + operands[i + 1].render();
        return out;
      }
      case kind::test:
        return test + "(" + operands[0].render() + ", " + operands[1].render() + ")";
      case kind::bound:
        return operands[0].render();
      case kind::all:
        return part(parts[0]) + " and " + part(parts[1]);
      case kind::any:
        return part(parts[0]) + " or " + part(parts[1]);
      case kind::negate:
        return "not " + part(parts[0]);
    }
    return {};
  }
};

struct random_query {
  enum class head_kind { none, star, select, count } head = head_kind::none;
  bool distinct = false;
  std::vector<int> selected;  // select: the variables; count: none or one
  std::vector<pattern> patterns;
  std::vector<condition> filters;
  std::string text;

  // Variables in the order the text first mentions them in patterns.
  std::vector<int> textual_variables() const {
    std::vector<int> out;
    auto see = [&](const node& n) {
      if (n.kind == node_kind::variable && std::find(out.begin(), out.end(), n.var) == out.end())
        out.push_back(n.var);
    };
    for (const auto& p : patterns) {
      see(p.s);
      see(p.p);
      see(p.o);
      for (const auto& q : p.qualifiers) see(q.second);
    }
    return out;
  }
};

class query_maker {
 public:
  query_maker(random_source& r, const dataset& d) : r_(r), d_(d) {}

  random_query make() {
    random_query q;
    used_.clear();
    const int size = r_.below(100);
    const int n = size < 30 ? 1 : size < 65 ? 2 : size < 90 ? 3 : 4;
    for (int k = 0; k < n; ++k) q.patterns.push_back(make_pattern(k > 0));
    const auto vars = q.textual_variables();
    if (!vars.empty() && r_.chance(40)) {
      std::vector<int> dates;
      for (const auto& p : q.patterns)
        for (const auto& [key, value] : p.qualifiers)
          if (key == "date" && value.kind == node_kind::variable) dates.push_back(value.var);
      q.filters.push_back(make_filter(vars, dates, 0));
      if (r_.chance(20)) q.filters.push_back(make_filter(vars, dates, 0));
    }
    const int h = r_.below(100);
    if (vars.empty()) {
      q.head = h < 70 ? random_query::head_kind::none : random_query::head_kind::count;
      q.distinct = q.head == random_query::head_kind::count && r_.chance(50);
    } else if (h < 25) {
      q.head = random_query::head_kind::none;
    } else if (h < 35) {
      q.head = random_query::head_kind::star;
      q.distinct = r_.chance(30);
    } else if (h < 70) {
      q.head = random_query::head_kind::select;
      q.distinct = h >= 55;
      auto chosen = vars;
      std::shuffle(chosen.begin(), chosen.end(), r_.engine());
      chosen.resize(static_cast<std::size_t>(1 + r_.below(static_cast<int>(chosen.size()))));
      q.selected = chosen;
    } else {
      q.head = random_query::head_kind::count;
      q.distinct = r_.chance(40);
      if (h < 88) q.selected = {pick(vars)};
    }
    q.text = render(q);
    return q;
  }

 private:
  int pick(const std::vector<int>& v) { return r_.one_of(v); }

  // A variable: one the query already uses (a join) or a fresh one, and
  // mostly not one the pattern already has, which would rarely match.
  node some_variable(bool join) {
    auto has = [](const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); };
    std::vector<int> candidates, elsewhere;
    for (int v = 0; v < static_cast<int>(pool.size()); ++v) {
      if (has(in_pattern_, v)) continue;
      elsewhere.push_back(v);
      if (has(used_, v) == join) candidates.push_back(v);
    }
    if (candidates.empty()) candidates = elsewhere;
    if (candidates.empty() || r_.chance(5)) candidates = {0, 1, 2, 3};
    const int v = pick(candidates);
    if (!has(used_, v)) used_.push_back(v);
    if (!has(in_pattern_, v)) in_pattern_.push_back(v);
    return variable(v);
  }

  // An entity name as a query may write it: mostly as stored, sometimes in
  // another case, now and then one the data does not hold.
  node entity_name(const std::string& prefix, int count) {
    static const std::vector<std::string> spellings = {"ab", "AB", "Ab", "aB"};
    if (r_.chance(2)) return name(prefix + "99");
    if (prefix == "e" && r_.chance(4)) return name(r_.one_of(spellings), r_.chance(20));
    std::string text = prefix + std::to_string(r_.below(count));
    if (r_.chance(10)) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return name(text, r_.chance(8));
  }

  // A term of the data as a query writes it: an entity by its name (now
  // and then in another case), a text as a quoted string, else a literal.
  node constant(int id) {
    const term& t = d_.at(id);
    if (t.kind == term_kind::text) return name(t.lex, true);
    if (t.kind != term_kind::entity) return literal(t);
    std::string text = t.lex;
    if (r_.chance(10)) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return name(text, r_.chance(8));
  }

  pattern make_pattern(bool joined) {
    pattern p;
    in_pattern_.clear();
    // Most patterns are drawn around a fact of the data, so that they match
    // something on their own; later ones mostly share a variable with the
    // earlier ones.
    const fact& f = r_.one_of(d_.facts);
    const bool anchored = r_.chance(75);
    const bool join_subject = joined && r_.chance(75) && r_.chance(50);
    const bool join_object = joined && !join_subject && r_.chance(75);
    if (join_subject || r_.chance(65))
      p.s = some_variable(join_subject);
    else
      p.s = anchored ? constant(f.s) : entity_name("e", entity_count);
    const int pk = r_.below(100);
    if (pk < 65)
      p.p = anchored ? constant(f.p) : entity_name("p", predicate_count);
    else if (pk < 68)
      p.p = entity_name("e", entity_count);
    else
      p.p = some_variable(r_.chance(10));
    const int ok = r_.below(100);
    if (join_object || ok < 45)
      p.o = some_variable(join_object);
    else if (anchored)
      p.o = constant(f.o);
    else if (ok < 65)
      p.o = entity_name("e", entity_count);
    else if (ok < 80)
      p.o = literal(term{term_kind::integer, std::to_string(r_.below(25) - 2), {}});
    else if (ok < 88)
      p.o = literal(term{term_kind::decimal, r_.one_of(decimals), {}});
    else if (ok < 94)
      p.o = literal(term{term_kind::date, r_.one_of(dates_in_data), {}});
    else
      p.o = name(r_.chance(80) ? r_.one_of(texts) : "zz", true);
    if (anchored && !f.statements.empty() && r_.chance(60)) {
      for (const auto& [key, value] : r_.one_of(f.statements))
        if (p.qualifiers.empty() || r_.chance(60))
          p.qualifiers.emplace_back(d_.at(key).lex, r_.chance(70) ? some_variable(false) : constant(value));
    } else if (r_.chance(10)) {
      const int qk = r_.below(4);
      if (qk == 0 || qk == 2) p.qualifiers.emplace_back("date", some_variable(false));
      if (qk == 1 || qk == 2) p.qualifiers.emplace_back("source", some_variable(false));
      if (qk == 3) p.qualifiers.emplace_back("source", name(r_.one_of(sources), true));
    }
    // ?x ^p ?y is ?y p ?x: written the other way round, it matches the same.
    if (r_.chance(15)) {
      p.inverse = true;
      std::swap(p.s, p.o);
    }
    return p;
  }

  // A filter over the query's variables; `dates` are those bound to dates
  // (values of a date qualifier), which date functions may read.
  condition make_filter(const std::vector<int>& vars, const std::vector<int>& dates, int depth) {
    static const std::vector<std::string> needles = {"1", "2", "e1", "a", "s", "E"};
    static const std::vector<std::string> tests = {"contains", "contains", "starts_with", "ends_with"};
    condition c;
    const int k = r_.below(100);
    if (depth < 1 && k < 12) {
      c.k = condition::kind::all;
    } else if (depth < 1 && k < 22) {
      c.k = condition::kind::any;
    } else if (depth < 1 && k < 28) {
      c.k = condition::kind::negate;
      c.parts.push_back(make_filter(vars, dates, depth + 1));
      return c;
    } else if (k < 45) {
      c.k = condition::kind::test;
      c.test = r_.one_of(tests);
      operand text{variable(pick(vars)), {}};
      if (r_.chance(20)) text.function = r_.chance(50) ? "lower" : "upper";
      c.operands = {text, {name(r_.one_of(needles), true), {}}};
      return c;
    } else if (k < 48) {
      c.k = condition::kind::bound;
      c.operands = {{variable(pick(vars)), {}}};
      return c;
    } else {
      c.k = condition::kind::compare;
      make_comparison(c, vars, dates);
      return c;
    }
    c.parts.push_back(make_filter(vars, dates, depth + 1));
    c.parts.push_back(make_filter(vars, dates, depth + 1));
    return c;
  }

  void make_comparison(condition& c, const std::vector<int>& vars, const std::vector<int>& dates) {
    static const std::vector<std::string> all_ops = {"=", "!=", "<", "<=", ">", ">="};
    static const std::vector<std::string> equality = {"=", "!="};
    static const std::vector<std::string> order_ops = {"<", "<=", ">", ">="};
    static const std::vector<std::string> date_parts = {"year", "month", "day"};
    auto number = [&] {
      return r_.chance(85) ? literal(term{term_kind::integer, std::to_string(r_.below(23) - 2), {}})
                           : literal(term{term_kind::decimal, r_.one_of(decimals), {}});
    };
    const operand x{variable(pick(vars)), {}};
    const int k = r_.below(100);
    if (k < 30) {  // with a number: numeric values
      c.ops = {r_.one_of(all_ops)};
      c.operands = {x, {number(), {}}};
      if (r_.chance(20)) std::swap(c.operands[0], c.operands[1]);
    } else if (k < 36) {  // lo < ?x <= hi means lo < ?x and ?x <= hi
      static const std::vector<std::string> less = {"<", "<="};
      c.ops = {r_.one_of(less), r_.one_of(less)};
      c.operands = {{number(), {}}, x, {number(), {}}};
    } else if (k < 42) {  // a numeric function
      c.ops = {r_.one_of(all_ops)};
      if (!dates.empty() && r_.chance(70)) {
        const int part = r_.below(3);
        const int value = part == 0 ? 2024 + r_.below(2) : part == 1 ? 1 + r_.below(8) : 1 + r_.below(31);
        c.operands = {{variable(pick(dates)), date_parts[static_cast<std::size_t>(part)]},
                      {literal(term{term_kind::integer, std::to_string(value), {}}), {}}};
      } else {
        c.operands = {{x.arg, "length"},
                      {literal(term{term_kind::integer, std::to_string(r_.below(5)), {}}), {}}};
      }
    } else if (k < 60) {  // with an entity name: the terms themselves
      c.ops = {r_.one_of(equality)};
      c.operands = {x, {entity_name("e", entity_count), {}}};
    } else if (k < 68) {  // with another variable: the terms themselves
      c.ops = {r_.one_of(equality)};
      c.operands = {x, {variable(pick(vars)), {}}};
    } else if (k < 78) {  // with a date: the terms for = and !=, else text
      c.ops = {r_.one_of(all_ops)};
      c.operands = {x, {literal(term{term_kind::date, r_.one_of(dates_in_data), {}}), {}}};
    } else if (k < 86) {  // an entity name in order: text
      c.ops = {r_.one_of(order_ops)};
      c.operands = {x, {name("e" + std::to_string(r_.below(entity_count))), {}}};
    } else if (k < 90) {  // a function's text
      c.ops = {r_.one_of(all_ops)};
      c.operands = {{x.arg, r_.chance(50) ? "lower" : "upper"},
                    {name(r_.chance(50) ? "E1" : "e1", true), {}}};
    } else {  // a quoted string: the terms for = and !=, else text
      c.ops = {r_.one_of(all_ops)};
      c.operands = {x, {name(r_.one_of(texts), true), {}}};
    }
  }

  std::string render(const random_query& q) {
    std::vector<std::string> elements;
    for (const auto& p : q.patterns) elements.push_back(p.render());
    std::vector<bool> is_filter(elements.size(), false);
    for (const auto& f : q.filters) {
      const auto at = static_cast<std::size_t>(r_.below(static_cast<int>(elements.size()) + 1));
      elements.insert(elements.begin() + static_cast<std::ptrdiff_t>(at), "filter " + f.render());
      is_filter.insert(is_filter.begin() + static_cast<std::ptrdiff_t>(at), true);
    }
    std::string body;
    for (std::size_t i = 0; i < elements.size(); ++i) {
      if (i > 0) {
        // Elements are joined by '.', "and", or nothing before a filter;
        // "and" after a filter joins it to the next pattern.
        const int sep = r_.below(100);
        if (is_filter[i] && sep < 30)
          body += " ";
        else if (!is_filter[i] && sep < 12)
          body += " and ";
        else
          body += " . ";
      }
      body += elements[i];
    }
    auto vars = [&] {
      std::string out;
      for (int v : q.selected) out += std::string(" ?") + pool[static_cast<std::size_t>(v)];
      return out;
    };
    switch (q.head) {
      case random_query::head_kind::none:
        return body;
      case random_query::head_kind::star:
        return std::string("select ") + (q.distinct ? "distinct " : "") + "* where " + body;
      case random_query::head_kind::select:
        return std::string("select") + (q.distinct ? " distinct" : "") + vars() + " where " + body;
      case random_query::head_kind::count:
        return std::string("count") + (q.distinct ? " distinct" : "") + vars() + " where " + body;
    }
    return body;
  }

  random_source& r_;
  const dataset& d_;
  std::vector<int> used_;        // variables of the query so far
  std::vector<int> in_pattern_;  // variables of the current pattern
};

// ---------------------------------------------------------------------------
// The naive evaluator: nested loops over the facts.

struct expected_answer {
  bool error = false;
  std::string why;  // for an error: what the evaluator found wrong
  bool too_big = false;
  std::string unmatched;  // the first pattern that matches nothing alone, as written
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

// Three-valued truth, as SQL and SPARQL filters have: a comparison that
// has no value (a number compared with what is not one) is neither true
// nor false, "not" keeps it so, and a filter keeps only what is true.
enum class truth { no, yes, unknown };

truth from_bool(bool b) { return b ? truth::yes : truth::no; }

class evaluator {
 public:
  evaluator(const dataset& d, const random_query& q) : d_(d), q_(q) {}

  expected_answer run() {
    expected_answer out;
    // Resolve every constant first: an unknown name is an error.
    for (const auto& p : q_.patterns) {
      resolved_pattern rp;
      const node& subject = p.inverse ? p.o : p.s;
      const node& object = p.inverse ? p.s : p.o;
      if (!resolve(subject, rp.s, out) || !resolve(p.p, rp.p, out) || !resolve(object, rp.o, out)) return out;
      // A constant predicate must be the predicate of some fact.
      if (p.p.kind != node_kind::variable &&
          std::none_of(d_.facts.begin(), d_.facts.end(),
                       [&](const fact& f) { return f.p == rp.p.constant; })) {
        out.error = true;
        out.why = "'" + p.p.text + "' is not a predicate of any fact";
        return out;
      }
      for (const auto& [key, value] : p.qualifiers) {
        slot v;
        if (!resolve(value, v, out)) return out;
        rp.qualifiers.emplace_back(*d_.find_entity(key), v);
      }
      patterns_.push_back(rp);
    }
    for (const auto& f : q_.filters)
      if (!check_names(f, out)) return out;

    binding b;
    b.fill(-1);
    match(0, b);
    if (steps_ > max_steps || solutions_.size() > max_solutions) {
      out.too_big = true;
      return out;
    }
    project(out);
    for (std::size_t k = 0; k < patterns_.size() && out.unmatched.empty(); ++k)
      if (!matches_alone(patterns_[k])) out.unmatched = q_.patterns[k].render();
    return out;
  }

 private:
  using binding = std::array<int, pool.size()>;

  struct slot {
    int var = -1;
    int constant = -1;  // -1 for a value the data does not hold: it matches nothing
  };
  struct resolved_pattern {
    slot s, p, o;
    std::vector<std::pair<int, slot>> qualifiers;  // key, value
  };

  bool resolve(const node& n, slot& sl, expected_answer& out) {
    bool ambiguous = false;
    if (n.kind == node_kind::variable) {
      sl.var = n.var;
    } else if (n.kind == node_kind::literal) {
      sl.constant = d_.find(n.literal);
    } else if (auto e = d_.find_entity(n.text, &ambiguous)) {
      sl.constant = *e;
    } else if (ambiguous) {
      out.error = true;
      out.why = "the name '" + n.text + "' is ambiguous";
      return false;
    } else if (int t = n.quoted ? d_.find(term{term_kind::text, n.text, {}}) : -1; t >= 0) {
      sl.constant = t;
    } else {
      out.error = true;
      out.why = "unknown name '" + n.text + "'";
      return false;
    }
    return true;
  }

  // Names in filters: an unquoted one must name an entity; a quoted string
  // is text when it names none.
  bool check_names(const condition& c, expected_answer& out) {
    for (const auto& o : c.operands) {
      if (o.arg.kind != node_kind::name) continue;
      bool ambiguous = false;
      const bool found = d_.find_entity(o.arg.text, &ambiguous).has_value();
      if (ambiguous || (!found && !o.arg.quoted)) {
        out.error = true;
        out.why =
            (ambiguous ? "the name '" + o.arg.text + "' is ambiguous" : "unknown name '" + o.arg.text + "'") +
            " in a filter";
        return false;
      }
    }
    for (const auto& p : c.parts)
      if (!check_names(p, out)) return false;
    return true;
  }

  static bool bind(const slot& sl, int value, binding& b) {
    if (sl.var < 0) return sl.constant == value;
    auto& bound = b[static_cast<std::size_t>(sl.var)];
    if (bound >= 0) return bound == value;
    bound = value;
    return true;
  }

  bool matches_alone(const resolved_pattern& pt) const {
    for (const auto& f : d_.facts) {
      binding b;
      b.fill(-1);
      if (!bind(pt.s, f.s, b) || !bind(pt.p, f.p, b) || !bind(pt.o, f.o, b)) continue;
      if (pt.qualifiers.empty()) return true;
      for (const auto& st : f.statements) {
        binding with = b;
        if (std::all_of(pt.qualifiers.begin(), pt.qualifiers.end(), [&](const auto& q) {
              auto it = st.find(q.first);
              return it != st.end() && bind(q.second, it->second, with);
            }))
          return true;
      }
    }
    return false;
  }

  // One solution per combination of matching facts (and, for a pattern
  // with qualifiers, per matching statement of the fact).
  void match(std::size_t k, binding& b) {
    if (steps_ > max_steps || solutions_.size() > max_solutions) return;
    if (k == patterns_.size()) {
      if (std::all_of(q_.filters.begin(), q_.filters.end(),
                      [&](const condition& c) { return holds(c, b) == truth::yes; }))
        solutions_.push_back(b);
      return;
    }
    const auto& pt = patterns_[k];
    for (const auto& f : d_.facts) {
      ++steps_;
      binding next = b;
      if (!bind(pt.s, f.s, next) || !bind(pt.p, f.p, next) || !bind(pt.o, f.o, next)) continue;
      if (pt.qualifiers.empty()) {
        match(k + 1, next);
        continue;
      }
      for (const auto& st : f.statements) {
        binding with = next;
        const bool all = std::all_of(pt.qualifiers.begin(), pt.qualifiers.end(), [&](const auto& q) {
          auto it = st.find(q.first);
          return it != st.end() && bind(q.second, it->second, with);
        });
        if (all) match(k + 1, with);
      }
    }
  }

  // A filter operand's value: the term it stands for, its number and its
  // text, as docs/query-language.md describes them.
  struct value {
    bool is_term = false;  // variables, names and literals stand for terms
    int id = -1;           // that term; -1 when the data does not hold it
    std::optional<double> number;
    std::string text;
    bool numeric = false;  // a number constant or a numeric function
  };

  value evaluate(const operand& o, const binding& b) const {
    value v;
    const node& n = o.arg;
    v.is_term = true;
    if (n.kind == node_kind::variable) {
      v.id = b[static_cast<std::size_t>(n.var)];
      v.number = d_.number(v.id);
      v.text = d_.at(v.id).lex;
    } else if (n.kind == node_kind::literal) {
      v.id = d_.find(n.literal);
      v.text = n.literal.lex;
      if (n.literal.kind == term_kind::integer || n.literal.kind == term_kind::decimal) {
        v.number = std::strtod(n.literal.lex.c_str(), nullptr);
        v.numeric = true;
      }
    } else {
      auto e = d_.find_entity(n.text);
      v.id = e ? *e : n.quoted ? d_.find(term{term_kind::text, n.text, {}}) : -1;
      v.text = n.text;
    }
    if (o.function.empty()) return v;

    value f;
    if (o.function == "lower" || o.function == "upper") {
      f.text = v.text;
      for (auto& ch : f.text)
        ch = static_cast<char>(o.function == "lower" ? std::tolower(static_cast<unsigned char>(ch))
                                                     : std::toupper(static_cast<unsigned char>(ch)));
      return f;
    }
    f.numeric = true;
    if (o.function == "length") {
      f.number = static_cast<double>(v.text.size());  // the data is ASCII
    } else {
      // Parts of a date's YYYY-MM-DD; a date without the part has none.
      const std::size_t from = o.function == "year" ? 0 : o.function == "month" ? 5 : 8;
      const std::size_t len = o.function == "year" ? 4 : 2;
      if (v.text.size() >= from + len) f.number = std::strtod(v.text.substr(from, len).c_str(), nullptr);
    }
    return f;
  }

  template <class T>
  static bool compare(const T& a, const std::string& op, const T& b) {
    if (op == "=") return a == b;
    if (op == "!=") return a != b;
    if (op == "<") return a < b;
    if (op == "<=") return a <= b;
    if (op == ">") return a > b;
    return a >= b;
  }

  // With a number (or a numeric function): numeric values, and no truth
  // when one side has none. = and != between terms: the terms themselves.
  // Anything else: numbers when both sides hold one, else text.
  static truth compare_values(const value& x, const std::string& op, const value& y) {
    if (x.numeric || y.numeric) {
      if (!x.number || !y.number) return truth::unknown;
      return from_bool(compare(*x.number, op, *y.number));
    }
    if ((op == "=" || op == "!=") && x.is_term && y.is_term) return from_bool(compare(x.id, op, y.id));
    if (x.number && y.number) return from_bool(compare(*x.number, op, *y.number));  // two numbers
    return from_bool(compare(x.text, op, y.text));
  }

  static truth both(truth l, truth r) {
    if (l == truth::no || r == truth::no) return truth::no;
    return l == truth::yes && r == truth::yes ? truth::yes : truth::unknown;
  }

  truth holds(const condition& c, const binding& b) const {
    switch (c.k) {
      case condition::kind::bound:
        return truth::yes;  // every variable of these queries is bound
      case condition::kind::test: {
        const auto x = evaluate(c.operands[0], b).text, y = evaluate(c.operands[1], b).text;
        if (c.test == "contains") return from_bool(x.find(y) != std::string::npos);
        if (c.test == "starts_with") return from_bool(x.starts_with(y));
        return from_bool(x.ends_with(y));
      }
      case condition::kind::compare: {
        // a < b <= c means a < b and b <= c.
        truth t = truth::yes;
        for (std::size_t i = 0; i < c.ops.size(); ++i)
          t = both(t, compare_values(evaluate(c.operands[i], b), c.ops[i], evaluate(c.operands[i + 1], b)));
        return t;
      }
      case condition::kind::all:
        return both(holds(c.parts[0], b), holds(c.parts[1], b));
      case condition::kind::any: {
        const auto l = holds(c.parts[0], b), r = holds(c.parts[1], b);
        if (l == truth::yes || r == truth::yes) return truth::yes;
        return l == truth::no && r == truth::no ? truth::no : truth::unknown;
      }
      case condition::kind::negate: {
        const auto t = holds(c.parts[0], b);
        return t == truth::unknown ? t : t == truth::yes ? truth::no : truth::yes;
      }
    }
    return truth::unknown;
  }

  void project(expected_answer& out) const {
    auto cell = [&](int id) { return to_cell(d_.at(id)); };
    if (q_.head == random_query::head_kind::count) {
      out.columns = {"count"};
      std::size_t n = solutions_.size();
      if (q_.distinct) {
        std::set<std::vector<int>> seen;
        for (const auto& s : solutions_) {
          if (q_.selected.empty())
            seen.insert(std::vector<int>(s.begin(), s.end()));
          else
            seen.insert({s[static_cast<std::size_t>(q_.selected.front())]});
        }
        n = seen.size();
      }
      out.rows.push_back({std::to_string(n)});
      return;
    }
    const auto vars = q_.head == random_query::head_kind::select ? q_.selected : q_.textual_variables();
    if (vars.empty()) {
      // No variables: one boolean, whether the patterns match.
      out.columns = {"answer"};
      out.rows.push_back({to_cell(
          term{term_kind::typed, solutions_.empty() ? "false" : "true", std::string(xsd::ns) + "boolean"})});
      return;
    }
    for (int v : vars) out.columns.push_back(pool[static_cast<std::size_t>(v)]);
    for (const auto& s : solutions_) {
      std::vector<std::string> row;
      for (int v : vars) row.push_back(cell(s[static_cast<std::size_t>(v)]));
      out.rows.push_back(std::move(row));
    }
    if (q_.distinct) {
      std::sort(out.rows.begin(), out.rows.end());
      out.rows.erase(std::unique(out.rows.begin(), out.rows.end()), out.rows.end());
    }
  }

  const dataset& d_;
  const random_query& q_;
  std::vector<resolved_pattern> patterns_;
  std::vector<binding> solutions_;
  std::size_t steps_ = 0;
};

// An answer as text: the columns, then the rows sorted, so that answers
// compare as multisets.
std::string as_text(const std::vector<std::string>& columns, std::vector<std::string> rows) {
  std::sort(rows.begin(), rows.end());
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? "\t" : "") + columns[i];
  out += "\n";
  for (const auto& r : rows) out += r + "\n";
  return out;
}

std::string row_text(const std::vector<std::string>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "\t" : "") + cells[i];
  return out;
}

struct query_result {
  const random_query& query;
  const expected_answer& expected;
  const tl::expected<engine::table, error>& got;
};

// Builds the random store and runs query_count random queries on it, each
// through kg and the naive evaluator; `check` compares the two. Queries kg
// cannot parse fail here. doctest's --rand-seed=N draws another store and
// other queries.
template <class Check>
void run_random_queries(Check check) {
  random_source r(seed + doctest::getContextOptions()->rand_seed);
  const auto data = make_dataset(r);
  kg::test::temp_dir tmp;
  auto s = kg::test::new_store(tmp.path("random.kg"));
  const auto imported = store::import_sources(s, {{"random.tsv", format::tsv, data.tsv}}, {});
  REQUIRE_MESSAGE(imported.has_value(), (imported ? "" : imported.error().message));
  REQUIRE(imported->read > fact_count);

  query_maker maker(r, data);
  for (int ran = 0; ran < query_count;) {
    const auto q = maker.make();
    const auto expected = evaluator(data, q).run();
    if (expected.too_big) continue;
    ++ran;
    const std::string& text = q.text;
    CAPTURE(text);
    const auto parsed = query::parse(text);
    if (!parsed) {
      const std::string diagnostic = render(parsed.error());
      CAPTURE(diagnostic);
      FAIL_CHECK("kg does not parse the query");
      continue;
    }
    auto answer = engine::run_query(s, *parsed, text, "query");
    tl::expected<engine::table, error> got = tl::unexpected(error(error_kind::semantic, "no answer"));
    if (answer) {
      REQUIRE(std::holds_alternative<engine::table>(*answer));
      got = std::get<engine::table>(std::move(*answer));
    } else {
      got = tl::unexpected(std::move(answer.error()));
    }
    check(query_result{q, expected, got});
  }
}

}  // namespace

TEST_SUITE("differential") {
  TEST_CASE("random pattern queries give the answers of a naive evaluator") {
    int answered = 0, errors = 0, with_filters = 0;
    run_random_queries([&](const query_result& r) {
      with_filters += !r.query.filters.empty();
      if (r.expected.error) {
        ++errors;
        const std::string why = r.expected.why, sql = r.got ? r.got->sql : std::string();
        CAPTURE(why);
        CAPTURE(sql);
        CHECK_MESSAGE(!r.got.has_value(), "kg answers a query that names something unknown");
        return;
      }
      if (!r.got) {
        const std::string kg_error = render(r.got.error());
        CAPTURE(kg_error);
        FAIL_CHECK("kg fails a query the naive evaluator answers");
        return;
      }
      std::vector<std::string> kg_rows, naive_rows;
      for (const auto& row : r.got->rows) {
        std::vector<std::string> cells;
        for (const auto& t : row) cells.push_back(t ? to_cell(*t) : std::string());
        kg_rows.push_back(row_text(cells));
      }
      for (const auto& row : r.expected.rows) naive_rows.push_back(row_text(row));
      const std::string sql = r.got->sql;
      const std::string kg_answer = as_text(r.got->columns, kg_rows);
      const std::string naive_answer = as_text(r.expected.columns, naive_rows);
      CAPTURE(sql);
      CHECK(kg_answer == naive_answer);
      answered += !naive_rows.empty() && naive_rows.front() != "0";
    });
    // The comparison means something only if many answers are not empty,
    // filters are common and errors rare.
    CHECK(answered >= query_count / 4);
    CHECK(with_filters >= query_count / 5);
    CHECK(errors < query_count / 10);
  }

  TEST_CASE("an empty answer names the first pattern that matches nothing on its own") {
    int empty = 0;
    run_random_queries([&](const query_result& r) {
      if (!r.got || !r.got->rows.empty() || r.query.head == random_query::head_kind::count) return;
      ++empty;
      const std::string sql = r.got->sql, kg_unmatched = r.got->unmatched_pattern,
                        naive_unmatched = r.expected.unmatched;
      CAPTURE(sql);
      CHECK(kg_unmatched == naive_unmatched);
    });
    CHECK(empty >= query_count / 10);
  }
}
