// Random graphs and queries for the oracle. The data avoids what Oxigraph
// normalizes and kg keeps as written (upper-case language tags, decimals
// such as 7.0), and text that could name an entity; see docs/oracle.md.
#include "tests/oracle/generate.hpp"

#include <algorithm>
#include <set>

namespace kg::oracle {
namespace {

const std::vector<std::string> entity_pool = {"alice", "bob",   "carol", "dave", "erin", "frank",
                                              "grace", "heidi", "ivan",  "judy", "x-1",  "o_k"};
const std::vector<std::string> predicate_pool = {"p", "q", "r", "s", "t"};
const std::vector<std::string> variable_pool = {"a", "b", "c", "d", "e", "f"};
const std::vector<std::string> ops = {"=", "!=", "<", "<=", ">", ">="};

term integer(int v) { return {term_kind::integer, std::to_string(v), {}}; }
term typed(const std::string& lex, const std::string& dt) { return {term_kind::typed, lex, dt}; }

// Every literal kind kg has, in shapes both engines keep as written.
const std::vector<term>& integers() {
  static const std::vector<term> v = {integer(-2), integer(0), integer(1),  integer(2),  integer(3),
                                      integer(5),  integer(7), integer(10), integer(12), integer(2025)};
  return v;
}
const std::vector<term>& decimals() {
  static const std::vector<term> v = {{term_kind::decimal, "0.5", {}},
                                      {term_kind::decimal, "2.5", {}},
                                      {term_kind::decimal, "-1.5", {}},
                                      {term_kind::decimal, "3.75", {}},
                                      {term_kind::decimal, "12.25", {}}};
  return v;
}
const std::vector<term>& dates() {
  static const std::vector<term> v = {
      {term_kind::date, "2025-07-15", {}}, {term_kind::date, "2025-07-01", {}},
      {term_kind::date, "2024-12-31", {}}, {term_kind::date, "2025-01-09", {}},
      {term_kind::date, "2025-07", {}},    {term_kind::date, "2024-02", {}},
      {term_kind::date, "2025", {}},       {term_kind::date, "1999", {}}};
  return v;
}
// Never a name of the entity pool, in any case: a quoted string in a query
// names an entity before it means text.
const std::vector<std::string>& texts() {
  static const std::vector<std::string> v = {
      "red", "Red", "blue sky",   "abc",  "ABC",        "x\xE2\x86\x92y",
      "7",   "12",  "2025-07-15", "a\"q", "Hello World"};
  return v;
}
const std::vector<term>& other_literals() {
  static const std::string xsd(xsd::ns);
  static const std::vector<term> v = {{term_kind::lang_text, "chat", "fr"},
                                      {term_kind::lang_text, "red", "en"},
                                      {term_kind::lang_text, "colour", "en-gb"},
                                      {term_kind::lang_text, "Hund", "de"},
                                      typed("true", xsd + "boolean"),
                                      typed("false", xsd + "boolean"),
                                      typed("x", "urn:kg:dt:code"),
                                      typed("42", "urn:kg:dt:code"),
                                      {term_kind::iri, "http://example.org/thing", {}},
                                      {term_kind::iri, "http://example.org/Other", {}}};
  return v;
}

term random_literal(random_source& r) {
  const int k = r.below(100);
  if (k < 30) return r.one_of(integers());
  if (k < 42) return r.one_of(decimals());
  if (k < 60) return r.one_of(dates());
  if (k < 82) return {term_kind::text, r.one_of(texts()), {}};
  return r.one_of(other_literals());
}

// --- queries -------------------------------------------------------------------

expr_ptr leaf(node n) {
  auto e = std::make_shared<expr>();
  e->leaf = std::move(n);
  return e;
}

expr_ptr call(std::string fn, std::vector<expr_ptr> args) {
  auto e = std::make_shared<expr>();
  e->k = expr::kind::call;
  e->function = std::move(fn);
  e->args = std::move(args);
  return e;
}

expr_ptr compare(std::vector<expr_ptr> operands, std::vector<std::string> ops) {
  auto e = std::make_shared<expr>();
  e->k = expr::kind::compare;
  e->args = std::move(operands);
  e->ops = std::move(ops);
  return e;
}

expr_ptr junction(expr::kind k, std::vector<expr_ptr> args) {
  auto e = std::make_shared<expr>();
  e->k = k;
  e->args = std::move(args);
  return e;
}

element pattern_element(pattern p) {
  element e;
  e.pat = std::move(p);
  return e;
}

element group_element(element::kind k, std::vector<group> groups) {
  element e;
  e.k = k;
  e.groups = std::move(groups);
  return e;
}

element filter_element(expr_ptr c) {
  element e;
  e.k = element::kind::filter;
  e.condition = std::move(c);
  return e;
}

void add(std::vector<std::string>& to, const std::vector<std::string>& from) {
  for (const auto& v : from)
    if (std::find(to.begin(), to.end(), v) == to.end()) to.push_back(v);
}

std::vector<std::string> joined(std::vector<std::string> a, const std::vector<std::string>& b) {
  add(a, b);
  return a;
}

enum class group_kind { top, optional, not_, branch, nested };

class query_maker {
 public:
  query_maker(random_source& r, const graph& g) : r_(r), g_(g) {
    std::set<std::string> entities, predicates;
    std::set<std::string> seen;
    for (const auto& f : g.facts) {
      predicates.insert(f[1].lex);
      for (const term* t : {&f[0], &f[2]})
        if (t->kind == term_kind::entity) entities.insert(t->lex);
      if (f[2].kind != term_kind::entity && seen.insert(to_ntriples(f[2])).second) objects_.push_back(f[2]);
    }
    entities_.assign(entities.begin(), entities.end());
    predicates_.assign(predicates.begin(), predicates.end());
  }

  query make() {
    query q;
    if (r_.chance(6)) {
      q.where = constant_group();
    } else {
      q.where = make_group(0, group_kind::top, {}, {});
    }
    choose_head(q);
    return q;
  }

 private:
  // --- nodes ---

  std::string fresh_var() {
    for (const auto& v : variable_pool)
      if (std::find(used_.begin(), used_.end(), v) == used_.end()) {
        used_.push_back(v);
        return v;
      }
    return r_.one_of(variable_pool);
  }

  node entity_name() {
    const auto& name = entities_.empty() ? entity_pool.front() : r_.one_of(entities_);
    return node::name(name, r_.chance(8));
  }

  // A value from the graph mostly, so that patterns and filters match. In
  // a pattern, text must be the graph's: a quoted string that is neither
  // an entity nor a text of the store is an unknown name to kg.
  node value(bool from_graph, bool in_pattern = false) {
    term t = from_graph && !objects_.empty() ? r_.one_of(objects_) : random_literal(r_);
    for (int i = 0; in_pattern && t.kind == term_kind::text && !g_.has_term(t) && i < 10; ++i)
      t = random_literal(r_);
    if (t.kind == term_kind::text && in_pattern && !g_.has_term(t)) t = r_.one_of(integers());
    if (t.kind == term_kind::text) return node::name(t.lex, true);
    return node::literal(std::move(t));
  }

  node end(bool subject) {
    const int k = r_.below(100);
    if (k < 55) return node::var(fresh_var());
    if (k < 67 && !used_.empty()) return node::var(r_.one_of(used_));
    if (subject || k < 80) return entity_name();
    return value(r_.chance(85), true);
  }

  // --- patterns ---

  // One pattern, joined to one of `link` mostly; a p* path between two
  // variables comes with a pattern that ties one end to the predicate.
  std::vector<pattern> make_patterns(const std::vector<std::string>& link) {
    ++patterns_;
    pattern p;
    p.p = node::name(predicates_.empty() ? predicate_pool.front() : r_.one_of(predicates_));
    const int shape = r_.below(100);
    if (shape < 9) {
      p.inverse = true;
    } else if (shape < 21) {
      p.repeat = "+";
      p.inverse = r_.chance(25);
    } else if (shape < 29) {
      p.repeat = "*";
      p.inverse = r_.chance(25);
    } else if (shape < 33) {
      p.p = node::var(fresh_var());
    }
    const bool subject_links = r_.chance(55);
    node linked = !link.empty() && r_.chance(85) ? node::var(r_.one_of(link)) : end(subject_links);
    node other = end(!subject_links);
    p.s = subject_links ? linked : other;
    p.o = subject_links ? other : linked;
    std::vector<pattern> out;
    if (p.repeat == "*" && p.s.is_var() && p.o.is_var()) {
      if (r_.chance(50)) {
        // A filter elsewhere may pin the end; the constant is here instead.
        (r_.chance(50) ? p.s : p.o) = entity_name();
      } else {
        ++patterns_;
        pattern tie;
        tie.p = p.p;
        const node& end_var = r_.chance(50) ? p.s : p.o;
        const bool at_subject = r_.chance(50);
        tie.s = at_subject ? end_var : node::var(fresh_var());
        tie.o = at_subject ? node::var(fresh_var()) : end_var;
        out.push_back(tie);
      }
    }
    out.push_back(p);
    return out;
  }

  static void note_vars(const pattern& p, std::vector<std::string>& vars) {
    for (const node* n : {&p.s, &p.p, &p.o})
      if (n->is_var() && std::find(vars.begin(), vars.end(), n->text) == vars.end()) vars.push_back(n->text);
  }

  // --- groups ---

  // `link`: the variables of the groups around it that this group's
  // patterns join to; `visible`: those kg lets this group's filters name
  // (none in a union branch or nested group, which kg compiles alone).
  group make_group(int depth, group_kind kind, const std::vector<std::string>& link,
                   const std::vector<std::string>& visible) {
    group g;
    std::vector<std::string> local, maybe;
    const int pattern_count = depth == 0 ? r_.between(1, 3) : r_.between(1, 2);
    for (int i = 0; i < pattern_count && (i == 0 || patterns_ < 9); ++i)
      for (auto& p : make_patterns(joined(link, local))) {
        note_vars(p, local);
        g.elements.push_back(pattern_element(std::move(p)));
      }
    const int sub_chance = depth == 0 ? 75 : depth == 1 ? 50 : depth == 2 ? 25 : 0;
    for (int i = 0; i < 3 && patterns_ < 10 && r_.chance(sub_chance - 15 * i); ++i) {
      const int k = r_.below(100);
      const std::vector<std::string> around = joined(joined(link, local), maybe);
      if (k < 35) {
        const auto inner =
            make_group(depth + 1, group_kind::optional, around, joined(visible, joined(local, maybe)));
        for (const auto& v : in_scope(inner))
          if (std::find(around.begin(), around.end(), v) == around.end()) add(optional_vars_, {v});
        add(maybe, in_scope(inner));
        g.elements.push_back(group_element(element::kind::optional, {inner}));
      } else if (k < 55) {
        g.elements.push_back(group_element(
            element::kind::not_,
            {make_group(depth + 1, group_kind::not_, around, joined(visible, joined(local, maybe)))}));
      } else if (k < 85) {
        std::vector<group> branches;
        const int n = r_.chance(15) ? 3 : 2;
        for (int b = 0; b < n; ++b) branches.push_back(make_group(depth + 1, group_kind::branch, around, {}));
        for (const auto& b : branches) add(maybe, in_scope(b));
        g.elements.push_back(group_element(element::kind::union_, std::move(branches)));
      } else {
        auto inner = make_group(depth + 1, group_kind::nested, around, {});
        add(maybe, in_scope(inner));
        g.elements.push_back(group_element(element::kind::union_, {inner}));
      }
    }
    // Paths with filters on their ends (which kg may also read as a
    // constant end: ?x = alice pins ?x).
    for (std::size_t i = 0, n = g.elements.size(); i < n; ++i) {
      const auto& e = g.elements[i];
      if (e.k != element::kind::pattern || e.pat.repeat.empty() || !r_.chance(40)) continue;
      std::vector<expr_ptr> ends;
      for (const node* end : {&e.pat.s, &e.pat.o})
        if (end->is_var()) ends.push_back(end_condition(*end));
      if (ends.size() == 1) g.elements.push_back(filter_element(ends[0]));
      if (ends.size() == 2) g.elements.push_back(filter_element(junction(expr::kind::and_, std::move(ends))));
    }
    const int filter_chance = depth == 0 ? 45 : 35;
    for (int i = 0; i < 2 && r_.chance(i == 0 ? filter_chance : 25); ++i) {
      std::vector<std::string> names = joined(local, maybe);
      if (kind == group_kind::optional || kind == group_kind::not_) {
        // Often a variable shared with the enclosing group.
        if (r_.chance(40)) {
          std::vector<std::string> shared;
          for (const auto& v : local)
            if (std::find(link.begin(), link.end(), v) != link.end()) shared.push_back(v);
          if (!shared.empty()) names = shared;
        }
        if (r_.chance(15)) add(names, visible);
      } else if ((kind == group_kind::branch || kind == group_kind::nested) && r_.chance(12) &&
                 !link.empty()) {
        // A variable bound only outside the branch.
        names = link;
      }
      g.elements.push_back(filter_element(condition(names, maybe, 0)));
    }
    if (r_.chance(20)) std::shuffle(g.elements.begin(), g.elements.end(), r_.engine());
    return g;
  }

  // A group with no variables outside not groups: an ask.
  group constant_group() {
    group g;
    const int n = r_.between(1, 2);
    for (int i = 0; i < n; ++i) {
      pattern p;
      if (!g_.facts.empty() && r_.chance(70)) {
        const auto& f = r_.one_of(g_.facts);
        p.s = node::name(f[0].lex);
        p.p = node::name(f[1].lex);
        p.o = f[2].kind == term_kind::entity ? node::name(f[2].lex)
              : f[2].kind == term_kind::text ? node::name(f[2].lex, true)
                                             : node::literal(f[2]);
      } else {
        p.s = entity_name();
        p.p = node::name(predicates_.empty() ? predicate_pool.front() : r_.one_of(predicates_));
        p.o = r_.chance(50) ? entity_name() : value(true, true);
      }
      if (r_.chance(25)) p.repeat = r_.chance(50) ? "+" : "*";
      g.elements.push_back(pattern_element(p));
    }
    if (r_.chance(40)) {
      group inner;
      for (auto& p : make_patterns({})) inner.elements.push_back(pattern_element(std::move(p)));
      g.elements.push_back(group_element(element::kind::not_, {inner}));
    }
    if (r_.chance(25)) g.elements.push_back(filter_element(condition({}, {}, 1)));
    return g;
  }

  // --- conditions ---

  node constant_for(const std::string& op) {
    if ((op == "=" || op == "!=") && r_.chance(55)) {
      if (r_.chance(40) && !entities_.empty()) return entity_name();
      return value(true);
    }
    const int k = r_.below(100);
    if (k < 30) return node::literal(r_.chance(70) ? r_.one_of(integers()) : r_.one_of(decimals()));
    if (k < 45) return node::literal(r_.one_of(dates()));
    if (k < 65) return node::name(r_.one_of(texts()), true);
    if (k < 82) return entity_name();
    return value(false);
  }

  // A piece of some text or name of the graph, for contains and friends.
  std::string fragment() {
    std::string s;
    if (r_.chance(50) && !entities_.empty()) {
      s = r_.one_of(entities_);
    } else {
      const term t = r_.chance(70) && !objects_.empty() ? r_.one_of(objects_) : random_literal(r_);
      s = t.lex;
    }
    if (s.empty()) return "e";
    // Cut at byte offsets of ASCII characters only, to keep UTF-8 whole.
    std::size_t from = static_cast<std::size_t>(r_.below(static_cast<int>(s.size())));
    while (from > 0 && (static_cast<unsigned char>(s[from]) & 0xC0) == 0x80) --from;
    std::size_t len = static_cast<std::size_t>(r_.between(1, 3));
    std::size_t to = std::min(s.size(), from + len);
    while (to < s.size() && (static_cast<unsigned char>(s[to]) & 0xC0) == 0x80) ++to;
    return s.substr(from, to - from);
  }

  // A condition on one end of a path: one name or another, not a name, or
  // any comparison.
  expr_ptr end_condition(const node& v) {
    const int k = r_.below(100);
    if (k < 40) {
      std::vector<expr_ptr> either;
      for (int i = 0, n = r_.between(1, 2); i < n; ++i)
        either.push_back(compare({leaf(v), leaf(entity_name())}, {"="}));
      return either.size() == 1 ? either[0] : junction(expr::kind::or_, std::move(either));
    }
    if (k < 65) return compare({leaf(v), leaf(entity_name())}, {"!="});
    const auto& op = r_.one_of(ops);
    return compare({leaf(v), leaf(constant_for(op))}, {op});
  }

  node some_var(const std::vector<std::string>& names) {
    if (names.empty()) return node::var(r_.one_of(variable_pool));  // kg refuses an unbound variable
    return node::var(r_.one_of(names));
  }

  expr_ptr condition(const std::vector<std::string>& names, const std::vector<std::string>& maybe,
                     int depth) {
    const int k = r_.below(100);
    if (depth < 2 && k < 12) {
      std::vector<expr_ptr> parts;
      const int n = r_.chance(25) ? 3 : 2;
      for (int i = 0; i < n; ++i) parts.push_back(condition(names, maybe, depth + 1));
      return junction(expr::kind::and_, std::move(parts));
    }
    if (depth < 2 && k < 22) {
      std::vector<expr_ptr> parts;
      const int n = r_.chance(25) ? 3 : 2;
      for (int i = 0; i < n; ++i) parts.push_back(condition(names, maybe, depth + 1));
      return junction(expr::kind::or_, std::move(parts));
    }
    if (depth < 2 && k < 28) return junction(expr::kind::not_, {condition(names, maybe, depth + 1)});
    if (names.empty() || k < 32) {
      // Two constants.
      const auto& op = r_.one_of(ops);
      return compare({leaf(constant_for(op)), leaf(constant_for(op))}, {op});
    }
    if (k < 56) {
      const auto& op = r_.one_of(ops);
      auto a = leaf(some_var(names)), b = leaf(constant_for(op));
      if (r_.chance(25)) std::swap(a, b);
      return compare({a, b}, {op});
    }
    if (k < 63) return compare({leaf(some_var(names)), leaf(some_var(names))}, {r_.one_of(ops)});
    if (k < 74) {
      const int f = r_.below(6);
      static const std::vector<std::string> functions = {"length", "year", "month", "day", "lower", "upper"};
      const auto& fn = functions[static_cast<std::size_t>(f)];
      node c = fn == "length"  ? node::literal(integer(r_.between(0, 9)))
               : fn == "year"  ? node::literal(r_.chance(70) ? integer(r_.chance(50) ? 2025 : 2024)
                                                             : r_.one_of(integers()))
               : fn == "month" ? node::literal(integer(r_.between(0, 12)))
               : fn == "day"   ? node::literal(integer(r_.between(0, 31)))
                               : node::name(fn == "lower"   ? "red"
                                            : r_.chance(50) ? "ABC"
                                                            : fragment(),
                                          true);
      return compare({call(fn, {leaf(some_var(names))}), leaf(c)}, {r_.one_of(ops)});
    }
    if (k < 77) {
      // a < ?x <= b
      const auto& op = r_.chance(50) ? std::string("<") : std::string("<=");
      return compare({leaf(constant_for(op)), leaf(some_var(names)), leaf(constant_for(op))}, {op, op});
    }
    if (k < 89) {
      // bound: mostly a variable that only an optional group or a branch binds.
      return leaf(some_var(!maybe.empty() && r_.chance(70) ? maybe : names));
    }
    static const std::vector<std::string> tests = {"contains", "starts_with", "ends_with"};
    expr_ptr subject = leaf(some_var(names));
    if (r_.chance(25)) subject = call(r_.chance(50) ? "lower" : "upper", {subject});
    expr_ptr pattern = r_.chance(10) ? leaf(some_var(names)) : leaf(node::name(fragment(), true));
    return call(r_.one_of(tests), {subject, pattern});
  }

  // --- heads ---

  void choose_head(query& q) {
    const auto vars = in_scope(q.where);
    if (vars.empty()) {
      if (r_.chance(25)) q.head = query::head_kind::count;
      return;
    }
    std::vector<std::string> optional_in_scope;
    for (const auto& v : optional_vars_)
      if (std::find(vars.begin(), vars.end(), v) != vars.end()) optional_in_scope.push_back(v);
    const int k = r_.below(100);
    if (k < 30) {
      q.head = query::head_kind::none;
    } else if (k < 40) {
      q.head = query::head_kind::star;
      q.distinct = r_.chance(30);
    } else if (k < 60) {
      q.head = query::head_kind::select;
      q.distinct = r_.chance(35);
      for (const auto& v : vars)
        if (r_.chance(60)) q.vars.push_back(v);
      if (q.vars.empty()) q.vars.push_back(r_.one_of(vars));
    } else if (k < 88) {
      q.head = query::head_kind::count;
      q.distinct = r_.chance(40);
      if (r_.chance(65))
        q.vars.push_back(!optional_in_scope.empty() && r_.chance(60) ? r_.one_of(optional_in_scope)
                                                                     : r_.one_of(vars));
      if (r_.chance(45) && !(q.distinct && q.vars.empty())) {
        q.group_by.push_back(r_.one_of(vars));
        if (r_.chance(25)) add(q.group_by, {r_.one_of(vars)});
      }
    } else {
      q.head = query::head_kind::select;
      q.group_by.push_back(r_.one_of(vars));
      if (r_.chance(30)) add(q.group_by, {r_.one_of(vars)});
      q.vars = q.group_by;
    }
    if (r_.chance(12)) {
      if (!q.group_by.empty()) {
        q.order_by.emplace_back(
            q.head == query::head_kind::count && r_.chance(50) ? "count" : r_.one_of(q.group_by),
            r_.chance(40));
      } else if (q.head != query::head_kind::count) {
        q.order_by.emplace_back(r_.one_of(vars), r_.chance(40));
        if (r_.chance(30)) q.order_by.emplace_back(r_.one_of(vars), r_.chance(40));
      }
    }
    if (q.head != query::head_kind::count || !q.group_by.empty()) {
      if (r_.chance(8)) q.limit = static_cast<unsigned>(r_.between(0, 5));
      if (r_.chance(5)) q.offset = static_cast<unsigned>(r_.between(0, 3));
    }
  }

  random_source& r_;
  const graph& g_;
  std::vector<std::string> entities_, predicates_;
  std::vector<term> objects_;  // the graph's objects that are not entities
  std::vector<std::string> used_;
  std::vector<std::string> optional_vars_;  // variables first bound in an optional group
  int patterns_ = 0;
};

}  // namespace

graph random_graph(random_source& r) {
  graph g;
  const int size = r.chance(35) ? r.between(3, 12) : r.chance(60) ? r.between(12, 30) : r.between(30, 60);
  std::vector<std::string> entities = entity_pool, predicates = predicate_pool;
  std::shuffle(entities.begin(), entities.end(), r.engine());
  std::shuffle(predicates.begin(), predicates.end(), r.engine());
  entities.resize(static_cast<std::size_t>(r.between(3, 9)));
  predicates.resize(static_cast<std::size_t>(r.between(1, 4)));
  std::set<std::string> seen;
  for (int attempt = 0; static_cast<int>(g.facts.size()) < size && attempt < size * 10; ++attempt) {
    std::array<term, 3> f{entity(r.one_of(entities)), entity(r.one_of(predicates)), {}};
    f[2] = r.chance(48) ? entity(r.one_of(entities)) : random_literal(r);
    if (seen.insert(to_ntriples(f[0]) + to_ntriples(f[1]) + to_ntriples(f[2])).second) g.facts.push_back(f);
  }
  return g;
}

query random_query(random_source& r, const graph& g) {
  for (;;) {
    query q = query_maker(r, g).make();
    if (incomparable(q, g).empty()) return q;
  }
}

}  // namespace kg::oracle
