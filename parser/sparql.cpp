// From a SPARQL query's tree to kg's: prefixed names expanded, blank nodes
// and path steps made variables of their own, filters rewritten into kg's
// conditions. Whatever has no exact counterpart in kg's language is an
// error at its position (docs/sparql.md lists them).
#include "parser/sparql.hpp"

#include <algorithm>
#include <climits>
#include <map>
#include <set>

#include "parser/keywords.hpp"
#include "parser/term.hpp"

namespace kg::sparql {

std::optional<std::size_t> too_deep(std::string_view text) {
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '"' || c == '\'') {
      const bool long_form = text.substr(i, 3) == std::string(3, c);
      const std::size_t close = long_form ? text.find(std::string(3, c), i + 3) : text.find(c, i + 1);
      // Escaped quotes: skip them one at a time.
      std::size_t j = i + (long_form ? 3 : 1);
      while (j < text.size()) {
        if (text[j] == '\\') {
          j += 2;
          continue;
        }
        if (long_form ? text.substr(j, 3) == std::string(3, c) : text[j] == c) break;
        ++j;
      }
      (void)close;
      i = long_form ? j + 2 : j;
    } else if (c == '{' || c == '(' || c == '[') {
      if (++depth > query::max_nesting) return i;
    } else if (c == '}' || c == ')' || c == ']') {
      --depth;
    }
  }
  return std::nullopt;
}

namespace {

// --- recognising SPARQL -------------------------------------------------------

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Reads the next word or punctuation token of a head, skipping blanks and
// comments; empty at the end.
std::string_view next_token(std::string_view s, std::size_t& i) {
  for (;;) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
    if (i < s.size() && s[i] == '#') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    break;
  }
  if (i >= s.size()) return {};
  const std::size_t from = i;
  if (s[i] == '?' || s[i] == '$') {
    ++i;
    while (i < s.size() && is_word_char(s[i])) ++i;
  } else if (is_word_char(s[i])) {
    while (i < s.size() && (is_word_char(s[i]) || s[i] == ':' || s[i] == '-' || s[i] == '.')) ++i;
  } else if (s[i] == '<') {
    // An IRI when what runs to the next '>' may stand in one (else the
    // operator <, as in ?x < 5).
    std::size_t j = i + 1;
    while (j < s.size() && s[j] != '>' &&
           std::string_view(" \t\r\n<\"{}|^`\\").find(s[j]) == std::string_view::npos)
      ++j;
    i = j < s.size() && s[j] == '>' ? j + 1 : i + 1;
  } else {
    ++i;
  }
  return s.substr(from, i - from);
}

bool same_word(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return (x | 0x20) == (y | 0x20); });
}

}  // namespace

bool looks_like_sparql(std::string_view s) {
  std::size_t i = 0;
  auto first = next_token(s, i);
  if (same_word(first, "explain")) first = next_token(s, i);
  // PREFIX declarations lead SPARQL's queries and kg's alike: what follows
  // them tells (nothing: kg's declarations for the statements after).
  while (same_word(first, "prefix")) {
    std::size_t j = i;
    const auto name = next_token(s, j);
    const auto iri = next_token(s, j);
    if (name.empty() || name.back() != ':' || !iri.starts_with('<')) return false;
    i = j;
    first = next_token(s, i);
    if (first.empty()) return false;
  }
  for (const char* w : {"base", "ask", "construct"})
    if (same_word(first, w)) return true;
  const bool select = same_word(first, "select");
  if (!select && !same_word(first, "describe")) return false;
  // The head up to the group: SELECT [DISTINCT|REDUCED] (?v | (expr) | *)+
  // (FROM [NAMED] iri)* [WHERE] '{', or DESCRIBE (?v | iri)+ ... '{'. kg's
  // own select reads a group too, but never in braces right after its
  // head; its describe never has a group.
  int parens = 0;
  for (;;) {
    const auto t = next_token(s, i);
    if (t.empty()) return false;
    if (parens > 0) {
      if (t == "(") ++parens;
      if (t == ")") --parens;
      continue;
    }
    if (t == "{") return true;
    if (t == "(") {
      ++parens;
      continue;
    }
    if (t == "*" || t.front() == '?' || t.front() == '$' || t.front() == '<') continue;
    if (same_word(t, "distinct") || same_word(t, "reduced") || same_word(t, "from") ||
        same_word(t, "named") || same_word(t, "where"))
      continue;
    if (!select && t.find(':') != std::string_view::npos) continue;  // a prefixed name
    if (select && t.find(':') != std::string_view::npos) continue;   // after FROM
    return false;
  }
}

namespace {

namespace k = query::ast;
namespace x3 = boost::spirit::x3;

// Thrown by the translation; caught in parse.
struct refusal {
  std::size_t offset;
  std::string message, help;
  error_kind kind = error_kind::semantic;
};

class translator {
 public:
  translator(const parsed& p, const prefix_list& known) : p_(p) {
    for (const auto& [name, iri] : known) prefixes_[name] = iri;
  }

  // A translator of a sub-query, with the prefixes and base of the query
  // around it.
  translator(const parsed& p, const translator& outer, const ast::query& sub)
      : p_(p), prefixes_(outer.prefixes_), base_(outer.base_), root_(&sub) {}

  k::query run() {
    const auto& q = root_ ? *root_ : p_.tree;
    if (q.base) base_ = *q.base;
    for (const auto& [name, iri] : q.prefixes) prefixes_[name] = resolve(iri);
    if (q.has_dataset)
      throw refusal{q.dataset_at, "FROM and FROM NAMED are not supported: kg answers from its one store",
                    "leave out the dataset clause"};
    if (q.has_values && !tail_)
      throw refusal{q.values ? offset(*q.values) : q.values_at, "VALUES is not supported yet", ""};
    switch (q.kind) {
      case ast::form::construct:
        return construct(q);
      case ast::form::describe:
        return describe(q);
      default:
        break;
    }
    return tail_ ? select_computed(q) : select(q);
  }

  std::vector<std::size_t> positions() { return p_.positions; }
  std::vector<std::array<query::template_node, 3>> construct_template;

 private:
  // --- positions, names ----------------------------------------------------

  std::size_t offset(const x3::position_tagged& n) const {
    if (n.id_first < 0 || static_cast<std::size_t>(n.id_first) >= p_.positions.size()) return 0;
    return p_.positions[static_cast<std::size_t>(n.id_first)];
  }
  template <class T>
  static void copy_tag(T& to, const x3::position_tagged& from) {
    to.id_first = from.id_first;
    to.id_last = from.id_last;
  }

  std::string resolve(const std::string& iri) const { return resolve_iri(base_, iri); }

  std::string expand(const ast::iri& i) const {
    if (!i.prefixed) return resolve(i.text);
    auto p = prefixes_.find(i.prefix);
    if (p == prefixes_.end()) {
      if (const auto any = prefixes_.find(std::string(any_prefix)); any != prefixes_.end())
        return any->second + i.prefix + ':' + i.text;
    }
    if (p == prefixes_.end())
      throw refusal{offset(i), "undefined prefix '" + i.prefix + ":'",
                    "declare it: PREFIX " + i.prefix + ": <http://example.org/>", error_kind::syntax};
    return p->second + i.text;
  }

  k::literal constant(const term& t, const x3::position_tagged& at) const {
    k::literal l;
    l.value = t;
    l.text = is_literal(t.kind) ? to_cell(t) : to_ntriples(t);
    copy_tag(l, at);
    return l;
  }

  term literal_term(const ast::literal& l) const {
    if (!l.lang.empty()) return term{term_kind::lang_text, l.lex, l.lang};
    if (l.datatype) return make_typed(l.lex, expand(*l.datatype));
    return term{term_kind::text, l.lex, {}};
  }

  // A variable of kg's tree for a SPARQL variable, a blank node, or a
  // step inside a path: the last two have a '-' in their names, which
  // SPARQL's variables cannot hold, and are never projected.
  k::variable variable(const std::string& name, const x3::position_tagged& at) {
    k::variable v;
    v.name = name;
    copy_tag(v, at);
    if (name.find('-') == std::string::npos && std::find(seen_.begin(), seen_.end(), name) == seen_.end() &&
        !in_negation_)
      seen_.push_back(name);
    return v;
  }
  k::variable fresh(const char* kind, const x3::position_tagged& at) {
    return variable(std::string(kind) + "-" + std::to_string(++fresh_), at);
  }

  // --- triples -------------------------------------------------------------

  k::node node(const ast::node& n, k::group& into) {
    if (const auto* v = boost::get<ast::var>(&n.get())) return k::node(variable(v->name, *v));
    if (const auto* i = boost::get<ast::iri>(&n.get())) return k::node(constant(make_iri(expand(*i)), *i));
    if (const auto* l = boost::get<ast::literal>(&n.get())) return k::node(constant(literal_term(*l), *l));
    if (const auto* b = boost::get<ast::blank>(&n.get())) {
      if (b->label.empty()) return k::node(fresh("anon", *b));
      return k::node(variable("blank-" + b->label, *b));
    }
    if (const auto* pl = boost::get<x3::forward_ast<ast::property_list>>(&n.get())) {
      k::node subject(fresh("anon", pl->get()));
      for (const auto& po : pl->get().properties) properties(subject, po, into);
      return subject;
    }
    const auto& c = boost::get<x3::forward_ast<ast::collection>>(n.get()).get();
    throw refusal{offset(c), "collections ( ... ) in patterns are not supported yet", ""};
  }

  void triples(const ast::triples& t, k::group& into) {
    const k::node s = node(t.subject, into);
    for (const auto& po : t.properties) properties(s, po, into);
  }

  void properties(const k::node& s, const ast::predicate_objects& po, k::group& into) {
    for (const auto& o : po.objects) {
      const k::node obj = node(o, into);
      if (po.v.variable) {
        k::triple tr;
        tr.subject = s;
        tr.predicate.predicate = variable(po.v.variable->name, *po.v.variable);
        tr.object = obj;
        copy_tag(tr, po);
        into.elements.emplace_back(std::move(tr));
      } else {
        path(po.v.p, s, obj, po, into);
      }
    }
  }

  // Emits the patterns of a path from s to o.
  void path(const ast::path& p, const k::node& s, const k::node& o, const x3::position_tagged& at,
            k::group& into) {
    if (p.alternatives.size() > 1) {
      k::union_group u;
      for (const auto& seq : p.alternatives) {
        k::group branch;
        copy_tag(branch, p);
        sequence(seq, s, o, at, branch);
        u.branches.push_back(std::move(branch));
      }
      copy_tag(u, p);
      into.elements.emplace_back(std::move(u));
      return;
    }
    sequence(p.alternatives.front(), s, o, at, into);
  }

  void sequence(const std::vector<ast::path_step>& steps, const k::node& s, const k::node& o,
                const x3::position_tagged& at, k::group& into) {
    k::node from = s;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const k::node to = i + 1 == steps.size() ? o : k::node(fresh("path", steps[i]));
      step(steps[i], from, to, at, into);
      from = to;
    }
  }

  void step(const ast::path_step& st, const k::node& s, const k::node& o, const x3::position_tagged& at,
            k::group& into) {
    const k::node& from = st.inverse ? o : s;
    const k::node& to = st.inverse ? s : o;
    if (st.negated) return negated_step(st, from, to, at, into);
    if (st.sub) {
      const auto& sub = *st.sub;
      const bool single = sub.alternatives.size() == 1 && sub.alternatives.front().size() == 1;
      if (st.modifier == 0) return path(sub, from, to, at, into);
      if (!single || sub.alternatives.front().front().modifier != 0 || sub.alternatives.front().front().sub)
        throw refusal{offset(st),
                      "repeating a path of several steps ((p/q)+, (p|q)*, (p/q)?) is not supported yet",
                      "repeat a single predicate: p+, p*, p?"};
      ast::path_step inner = sub.alternatives.front().front();
      inner.modifier = st.modifier;
      return step(inner, from, to, at, into);
    }
    k::triple tr;
    tr.subject = from;
    tr.object = to;
    tr.predicate.predicate = constant(make_iri(expand(*st.predicate)), *st.predicate);
    tr.predicate.repeat = st.modifier == '+'   ? k::repetition::one_or_more
                          : st.modifier == '*' ? k::repetition::zero_or_more
                          : st.modifier == '?' ? k::repetition::zero_or_one
                                               : k::repetition::once;
    copy_tag(tr.predicate, st);
    copy_tag(tr, at);
    into.elements.emplace_back(std::move(tr));
  }

  // !(p|^q): any predicate but the forward members from s to o, and any
  // but the inverse ones from o to s; a union when there are both.
  void negated_step(const ast::path_step& st, const k::node& s, const k::node& o,
                    const x3::position_tagged& at, k::group& into) {
    if (st.modifier)
      throw refusal{offset(st), "repeating a negated property set (!p+, !p*, !p?) is not supported yet", ""};
    std::vector<const ast::iri*> forward, inverse;
    for (const auto& [inv, i] : st.negated_set) (inv ? inverse : forward).push_back(&i);
    std::vector<k::group> branches;
    auto branch = [&](const k::node& from, const k::node& to, const std::vector<const ast::iri*>& excluded) {
      k::group g;
      copy_tag(g, st);
      k::triple tr;
      tr.subject = from;
      tr.object = to;
      const auto p = fresh("negated", st);
      tr.predicate.predicate = p;
      copy_tag(tr.predicate, st);
      copy_tag(tr, at);
      g.elements.emplace_back(std::move(tr));
      if (!excluded.empty()) {
        k::expression all;
        copy_tag(all, st);
        for (std::size_t i = 0; i < excluded.size(); ++i) {
          k::expression differs;
          copy_tag(differs, *excluded[i]);
          differs.first = k::operand(p);
          differs.rest.push_back(
              k::operation{k::operator_kind::not_equal,
                           k::operand(constant(make_iri(expand(*excluded[i])), *excluded[i]))});
          if (i == 0)
            all.first = wrap(std::move(differs));
          else
            all.rest.push_back(k::operation{k::operator_kind::logical_and, wrap(std::move(differs))});
        }
        k::filter f;
        f.condition = std::move(all);
        copy_tag(f, st);
        g.elements.emplace_back(std::move(f));
      }
      branches.push_back(std::move(g));
    };
    if (!forward.empty() || inverse.empty()) branch(s, o, forward);
    if (!inverse.empty()) branch(o, s, inverse);
    if (branches.size() == 1) {
      for (auto& e : branches.front().elements) into.elements.push_back(std::move(e));
      return;
    }
    k::union_group u;
    u.branches = std::move(branches);
    copy_tag(u, st);
    into.elements.emplace_back(std::move(u));
  }

  // --- groups --------------------------------------------------------------

  // The variables of triple patterns directly in a group: bound in every
  // solution of it.
  static void direct_variables(const k::group& g, std::set<std::string>& out) {
    for (const auto& e : g.elements)
      if (const auto* t = boost::get<k::triple>(&e.get())) {
        for (const k::node* n : {&t->subject, &t->predicate.predicate, &t->object})
          if (const auto* v = boost::get<k::variable>(&n->get())) out.insert(v->name);
      }
  }

  // Every variable a SPARQL group names, at any depth.
  static void all_variables(const ast::group& g, std::set<std::string>& out);
  static void all_variables(const ast::node& n, std::set<std::string>& out) {
    if (const auto* v = boost::get<ast::var>(&n.get())) out.insert(v->name);
    if (const auto* b = boost::get<ast::blank>(&n.get()); b && !b->label.empty())
      out.insert("blank-" + b->label);
    if (const auto* pl = boost::get<x3::forward_ast<ast::property_list>>(&n.get()))
      for (const auto& po : pl->get().properties) {
        if (po.v.variable) out.insert(po.v.variable->name);
        for (const auto& o : po.objects) all_variables(o, out);
      }
  }
  static void all_variables(const ast::expression& e, std::set<std::string>& out) {
    if (e.leaf) all_variables(*e.leaf, out);
    for (const auto& a : e.args) all_variables(a, out);
    if (e.pattern) all_variables(*e.pattern, out);
  }
  struct variable_collector {
    std::set<std::string>& out;
    void operator()(const ast::triples& t) const {
      all_variables(t.subject, out);
      for (const auto& po : t.properties) {
        if (po.v.variable) out.insert(po.v.variable->name);
        for (const auto& o : po.objects) all_variables(o, out);
      }
    }
    void operator()(const x3::forward_ast<ast::optional_part>& p) const { all_variables(p.get().body, out); }
    void operator()(const x3::forward_ast<ast::minus_part>& p) const { all_variables(p.get().body, out); }
    void operator()(const x3::forward_ast<ast::union_part>& p) const {
      for (const auto& b : p.get().branches) all_variables(b, out);
    }
    void operator()(const ast::filter_part& f) const { all_variables(f.condition, out); }
    void operator()(const ast::bind_part& b) const {
      all_variables(b.value, out);
      out.insert(b.as.name);
    }
    void operator()(const ast::unsupported_part&) const {}
  };

  // A negation (MINUS or FILTER NOT EXISTS) means what kg's `not { }` means
  // when every variable it shares with the rest of the query is bound by a
  // triple pattern of the enclosing group, and its body holds only triple
  // patterns and filters. MINUS also needs a shared variable: without one
  // it removes nothing.
  k::not_group negation(const ast::group& body, const ast::group& enclosing, const ast::group& whole,
                        bool minus, std::size_t at) {
    if (!minus) {
      // FILTER NOT EXISTS substitutes the answer it tests into its group,
      // nested groups included, as kg's not group does (the oracle checks
      // the two against Oxigraph).
      k::not_group n;
      in_negation_ = true;
      n.body = group(body, whole);
      in_negation_ = false;
      return n;
    }
    for (const auto& e : body.elements)
      if (!boost::get<ast::triples>(&e.get()) && !boost::get<ast::filter_part>(&e.get()))
        throw refusal{at,
                      std::string(minus ? "MINUS" : "NOT EXISTS") +
                          " over anything but triple patterns and filters is not supported yet",
                      ""};
    std::set<std::string> inside, outside, certain;
    all_variables(body, inside);
    {
      // Variables of the enclosing group's own triple patterns.
      in_negation_ = true;
      for (const auto& e : enclosing.elements)
        if (const auto* t = boost::get<ast::triples>(&e.get())) {
          k::group scratch;
          const int saved = fresh_;
          triples(*t, scratch);
          fresh_ = saved;
          direct_variables(scratch, certain);
        }
      in_negation_ = false;
    }
    std::set<std::string> outer;
    outer_variables(whole, &body, outer);
    std::vector<std::string> shared;
    for (const auto& v : inside)
      if (outer.count(v)) shared.push_back(v);
    for (const auto& v : shared)
      if (!certain.count(v))
        throw refusal{at,
                      std::string(minus ? "MINUS" : "NOT EXISTS") + " sharing ?" + v +
                          ", which no triple pattern of the enclosing group binds, is not supported yet",
                      ""};
    if (minus && shared.empty())
      throw refusal{at, "this MINUS shares no variable with the rest of the query, so it removes nothing",
                    "leave it out, or use FILTER NOT EXISTS"};
    k::not_group n;
    in_negation_ = true;
    n.body = group(body, whole);
    in_negation_ = false;
    return n;
  }

  // The variables named outside one part of the query.
  static void outer_variables(const ast::group& g, const ast::group* skip, std::set<std::string>& out) {
    for (const auto& e : g.elements) {
      if (const auto* m = boost::get<x3::forward_ast<ast::minus_part>>(&e.get())) {
        if (&m->get().body != skip) outer_variables(m->get().body, skip, out);
      } else if (const auto* o = boost::get<x3::forward_ast<ast::optional_part>>(&e.get())) {
        outer_variables(o->get().body, skip, out);
      } else if (const auto* u = boost::get<x3::forward_ast<ast::union_part>>(&e.get())) {
        for (const auto& b : u->get().branches) outer_variables(b, skip, out);
      } else if (const auto* f = boost::get<ast::filter_part>(&e.get())) {
        outer_expression_variables(f->condition, skip, out);
      } else {
        boost::apply_visitor(variable_collector{out}, e);
      }
    }
  }
  static void outer_expression_variables(const ast::expression& e, const ast::group* skip,
                                         std::set<std::string>& out) {
    if (e.leaf) all_variables(*e.leaf, out);
    for (const auto& a : e.args) outer_expression_variables(a, skip, out);
    if (e.pattern && e.pattern.get() != skip) outer_variables(*e.pattern, skip, out);
  }

  // The NOT EXISTS group a filter is, if it is one: FILTER NOT EXISTS {}
  // or FILTER (!EXISTS {}).
  static const ast::group* not_exists(const ast::expression& e) {
    if (e.op == "not exists") return e.pattern.get();
    if (e.op == "!" && e.args.size() == 1 && e.args.front().op == "exists")
      return e.args.front().pattern.get();
    return nullptr;
  }

  k::group group(const ast::group& g, const ast::group& whole) {
    k::group out;
    copy_tag(out, g);
    const bool top = tail_ && &g == top_;
    for (std::size_t at = 0; at < g.elements.size(); ++at) {
      const auto& e = g.elements[at];
      if (top && top_element(g, at)) continue;
      if (const auto* t = boost::get<ast::triples>(&e.get())) {
        triples(*t, out);
      } else if (const auto* o = boost::get<x3::forward_ast<ast::optional_part>>(&e.get())) {
        k::optional_group opt;
        opt.body = group(o->get().body, whole);
        copy_tag(opt, o->get());
        out.elements.emplace_back(std::move(opt));
      } else if (const auto* m = boost::get<x3::forward_ast<ast::minus_part>>(&e.get())) {
        auto n = negation(m->get().body, g, whole, true, offset(m->get()));
        copy_tag(n, m->get());
        out.elements.emplace_back(std::move(n));
      } else if (const auto* u = boost::get<x3::forward_ast<ast::union_part>>(&e.get())) {
        k::union_group un;
        for (const auto& b : u->get().branches) un.branches.push_back(group(b, whole));
        copy_tag(un, u->get());
        out.elements.emplace_back(std::move(un));
      } else if (const auto* f = boost::get<ast::filter_part>(&e.get())) {
        if (const auto* body = not_exists(f->condition)) {
          auto n = negation(*body, g, whole, false, offset(*f));
          copy_tag(n, *f);
          out.elements.emplace_back(std::move(n));
          continue;
        }
        k::filter fl;
        fl.condition = condition(f->condition);
        copy_tag(fl, *f);
        out.elements.emplace_back(std::move(fl));
      } else if (const auto* b = boost::get<ast::bind_part>(&e.get())) {
        throw refusal{offset(*b), "BIND inside OPTIONAL, UNION, MINUS or a nested group is not supported yet",
                      "BIND in the query's own group"};
      } else {
        const auto& un = boost::get<ast::unsupported_part>(e.get());
        if (un.what == "VALUES" || un.sub)
          throw refusal{offset(un),
                        un.what + " inside OPTIONAL, UNION, MINUS or a nested group is not supported yet",
                        "write it in the query's own group"};
        throw refusal{offset(un), un.what + " is not supported yet", ""};
      }
    }
    return out;
  }

  // --- what kg computes after SQL (parser/modifiers.hpp) -------------------

  // In the query's own group, BIND and VALUES, and the filters SQL does
  // not compute (or that read what BIND or VALUES bind), go to the
  // solution stage: true when the element at `at` went there.
  bool top_element(const ast::group& g, std::size_t at) {
    const auto& e = g.elements[at];
    if (const auto* b = boost::get<ast::bind_part>(&e.get())) {
      std::set<std::string> before, after;
      for (std::size_t i = 0; i < g.elements.size(); ++i)
        if (i != at && !boost::get<ast::filter_part>(&g.elements[i].get()))
          boost::apply_visitor(variable_collector{i < at ? before : after}, g.elements[i].get());
      if (before.count(b->as.name))
        throw refusal{offset(b->as), "BIND gives ?" + b->as.name + " a value, but it is bound before it", "",
                      error_kind::syntax};
      if (after.count(b->as.name))
        throw refusal{offset(*b), "a pattern after BIND that reads ?" + b->as.name + " is not supported yet",
                      "put the BIND after the patterns that read its variable"};
      query::bind_step step;
      step.variable = b->as.name;
      step.value = computed(b->value);
      step.visible.assign(before.begin(), before.end());
      mods_.extend.emplace_back(std::move(step));
      bound_after_.insert(b->as.name);
      add_seen(b->as.name);
      return true;
    }
    const auto* u = boost::get<ast::unsupported_part>(&e.get());
    const auto* sub = subquery_of(e);
    if ((u && u->what == "VALUES") || sub) {
      // Joined with the group's solutions after SQL: exact when no
      // optional, minus or union part reads its variables.
      std::vector<std::string> joined;
      if (sub) {
        if (sub->star && sub->where) {
          std::set<std::string> all;
          all_variables(*sub->where, all);
          for (const auto& v : all)
            if (v.find('-') == std::string::npos) joined.push_back(v);
        } else {
          for (const auto& item : sub->projection) joined.push_back(item.as.name);
        }
      } else {
        joined = u->variables;
      }
      std::set<std::string> elsewhere;
      for (const auto& other : g.elements)
        if (!boost::get<ast::triples>(&other.get()) && !boost::get<ast::filter_part>(&other.get()) &&
            &other != &e && !subquery_of(other))
          boost::apply_visitor(variable_collector{elsewhere}, other.get());
      const std::string what = sub ? "a sub-query answering" : "VALUES for";
      for (const auto& v : joined)
        if (elsewhere.count(v))
          throw refusal{
              sub ? offset(*sub) : offset(*u),
              what + " ?" + v + ", which an OPTIONAL, MINUS or UNION part also reads, is not supported yet",
              ""};
      if (sub) {
        query::subquery_step step;
        step.query = std::make_shared<const query::parsed_query>(
            translate([&] { return translator(p_, *this, *sub); }));
        step.variables = joined;
        mods_.extend.emplace_back(std::move(step));
      } else {
        mods_.extend.emplace_back(values(*u));
      }
      for (const auto& v : joined) {
        bound_after_.insert(v);
        add_seen(v);
      }
      return true;
    }
    if (const auto* m = boost::get<x3::forward_ast<ast::minus_part>>(&e.get())) {
      const auto& body = m->get().body;
      const bool saved = in_negation_;
      try {
        (void)negation(body, g, g, true, offset(m->get()));
        return false;  // SQL computes it
      } catch (const refusal& r) {
        in_negation_ = saved;
        if (r.kind == error_kind::syntax) throw;
        // Computed on its own and removed after SQL: exact when no element
        // after it binds its variables (MINUS applies to what comes before).
        std::set<std::string> inside, after;
        all_variables(body, inside);
        for (std::size_t i = at + 1; i < g.elements.size(); ++i)
          if (!boost::get<ast::filter_part>(&g.elements[i].get()))
            boost::apply_visitor(variable_collector{after}, g.elements[i].get());
        for (const auto& v : inside)
          if (after.count(v)) throw;
      }
      ast::query select;
      select.kind = ast::form::select;
      select.star = true;
      select.where = body;
      copy_tag(select, m->get());
      query::minus_step step;
      step.query = std::make_shared<const query::parsed_query>(
          translate([&] { return translator(p_, *this, select); }));
      mods_.extend.emplace_back(std::move(step));
      return true;
    }
    if (const auto* f = boost::get<ast::filter_part>(&e.get())) {
      if (not_exists(f->condition)) return false;
      std::set<std::string> reads;
      all_variables(f->condition, reads);
      bool after = !has_patterns(g) || all_filters_in_stage_;
      // A filter holds over its whole group: a BIND after it binds for it too.
      std::set<std::string> bound_by_bind;
      for (const auto& other : g.elements)
        if (const auto* b = boost::get<ast::bind_part>(&other.get())) bound_by_bind.insert(b->as.name);
      for (const auto& v : reads) after = after || bound_after_.count(v) > 0 || bound_by_bind.count(v) > 0;
      if (!after) {
        try {
          (void)condition(f->condition);
          return false;  // SQL computes it
        } catch (const refusal& r) {
          if (r.kind == error_kind::syntax) throw;
        }
      }
      mods_.filters.push_back(computed(f->condition));
      return true;
    }
    return false;
  }

  static bool has_patterns(const ast::group& g) {
    for (const auto& e : g.elements)
      if (!boost::get<ast::filter_part>(&e.get()) && !boost::get<ast::bind_part>(&e.get()) &&
          !boost::get<ast::unsupported_part>(&e.get()) && !subquery_of(e))
        return true;
    return false;
  }

  // The sub-query an element is: { SELECT ... } (read as a group of one
  // sub-query), or the group's own SELECT.
  static const ast::query* subquery_of(const ast::element& e) {
    if (const auto* u = boost::get<ast::unsupported_part>(&e.get()); u && u->sub) return u->sub.get();
    if (const auto* un = boost::get<x3::forward_ast<ast::union_part>>(&e.get());
        un && un->get().branches.size() == 1 && un->get().branches.front().elements.size() == 1)
      return subquery_of(un->get().branches.front().elements.front());
    return nullptr;
  }

 public:
  // A whole query (or sub-query) in kg's tree: all in SQL if kg can, else
  // with the solution stage finishing what SQL does not compute. Throws
  // the refusal of the second try.
  template <class Make>
  static query::parsed_query translate(Make make) {
    query::parsed_query out;
    auto fill = [&](translator& t) {
      out.positions = t.positions();
      out.construct_template = std::move(t.construct_template);
      out.sparql = true;
    };
    try {
      auto t = make();
      out.tree = t.run();
      fill(t);
      out.construct = t.is_construct();
      return out;
    } catch (const refusal& r) {
      if (r.kind == error_kind::syntax) throw;
    }
    auto t = make();
    t.tail_ = true;
    out.tree = t.run();
    out.solution_modifiers = std::make_shared<const query::modifiers>(std::move(t.mods_));
    fill(t);
    out.construct = t.is_construct();
    return out;
  }

  bool is_construct() const { return (root_ ? *root_ : p_.tree).kind == ast::form::construct; }

 private:
  void add_seen(const std::string& v) {
    if (std::find(seen_.begin(), seen_.end(), v) == seen_.end()) seen_.push_back(v);
  }

  query::values_step values(const ast::unsupported_part& u) {
    query::values_step out;
    out.variables = u.variables;
    std::size_t cell = 0;
    for (const auto n : u.rows) {
      std::vector<std::optional<term>> row;
      for (std::size_t i = 0; i < n; ++i, ++cell) {
        const auto& c = u.cells.at(cell);
        if (!c) {
          row.emplace_back();
        } else if (const auto* i = boost::get<ast::iri>(&c->get())) {
          row.emplace_back(make_iri(expand(*i)));
        } else {
          row.emplace_back(literal_term(boost::get<ast::literal>(c->get())));
        }
      }
      out.rows.push_back(std::move(row));
    }
    return out;
  }

  // The name of a function called by its IRI.
  std::string function_iri(const std::string& written, const ast::expression& at) const {
    if (written.starts_with("<")) return resolve(written.substr(1, written.size() - 2));
    ast::iri i;
    i.prefixed = true;
    i.prefix = written.substr(0, written.find(':'));
    i.text = written.substr(written.find(':') + 1);
    i.id_first = at.id_first;
    i.id_last = at.id_last;
    return expand(i);
  }

  // An expression kg computes itself, for the solution stage.
  query::value_expression computed(const ast::expression& e, bool aggregates = false) {
    query::value_expression out;
    out.offset = offset(e);
    if (e.op == "term") {
      const auto& n = *e.leaf;
      if (const auto* v = boost::get<ast::var>(&n.get())) {
        out.kind = query::value_expression::form::variable;
        out.variable = v->name;
      } else if (const auto* l = boost::get<ast::literal>(&n.get())) {
        out.constant = literal_term(*l);
      } else if (const auto* i = boost::get<ast::iri>(&n.get())) {
        out.constant = make_iri(expand(*i));
      } else {
        unsupported(e, "this value");
      }
      return out;
    }
    if (e.op == "exists" || e.op == "not exists") {
      // Its group as an ASK of its own, run for each solution with the
      // solution's values put in.
      ast::query ask;
      ask.kind = ast::form::ask;
      ask.where = *e.pattern;
      copy_tag(ask, e);
      auto pattern = translate([&] { return translator(p_, *this, ask); });
      if (pattern.solution_modifiers)
        unsupported(e, "EXISTS over a group that needs more than SQL (BIND, VALUES, a sub-query, ...)");
      out.kind = query::value_expression::form::exists;
      out.pattern = std::make_shared<const query::parsed_query>(std::move(pattern));
      if (e.op == "exists") return out;
      query::value_expression negated;
      negated.kind = query::value_expression::form::call;
      negated.op = "!";
      negated.offset = out.offset;
      negated.args.push_back(std::move(out));
      return negated;
    }
    if (e.op == "aggregate") {
      if (!aggregates)
        throw refusal{offset(e), "an aggregate belongs in SELECT, HAVING or ORDER BY", "",
                      error_kind::syntax};
      out.kind = query::value_expression::form::aggregate;
      out.op = e.name;
      out.distinct = e.distinct;
      out.star = e.star;
      if (e.name == "group_concat" && !e.separator.empty())
        out.separator = e.separator;
      else if (e.name == "group_concat")
        out.separator = " ";
      for (const auto& a : e.args) out.args.push_back(computed(a, false));
      return out;
    }
    out.kind = query::value_expression::form::call;
    out.op = e.op == "call"
                 ? (e.name.starts_with("<") || e.name.find(':') != std::string::npos ? function_iri(e.name, e)
                                                                                     : e.name)
                 : e.op;
    for (const auto& a : e.args) out.args.push_back(computed(a, aggregates));
    // IRI(str) resolves against BASE: the base goes with the call.
    if ((out.op == "iri" || out.op == "uri") && out.args.size() == 1 && !base_.empty()) {
      query::value_expression base;
      base.constant = term{term_kind::text, base_, {}};
      out.args.push_back(std::move(base));
    }
    return out;
  }

  // --- expressions ---------------------------------------------------------

  [[noreturn]] void unsupported(const ast::expression& e, const std::string& what,
                                std::string help = {}) const {
    throw refusal{offset(e), what + " is not supported yet", std::move(help)};
  }

  static k::operand wrap(k::expression e) { return k::operand(x3::forward_ast<k::expression>(std::move(e))); }

  // A condition: what a FILTER holds.
  k::expression condition(const ast::expression& e) {
    k::expression out;
    copy_tag(out, e);
    if (e.op == "||" || e.op == "&&") {
      const auto kind = e.op == "||" ? k::operator_kind::logical_or : k::operator_kind::logical_and;
      out.first = wrap(condition(e.args[0]));
      out.rest.push_back(k::operation{kind, wrap(condition(e.args[1]))});
      return out;
    }
    if (e.op == "!") {
      out.negated = true;
      out.first = wrap(condition(e.args[0]));
      return out;
    }
    static const std::map<std::string, k::operator_kind> comparisons = {
        {"=", k::operator_kind::equal},   {"!=", k::operator_kind::not_equal},
        {"<", k::operator_kind::less},    {"<=", k::operator_kind::less_equal},
        {">", k::operator_kind::greater}, {">=", k::operator_kind::greater_equal}};
    if (const auto c = comparisons.find(e.op); c != comparisons.end()) {
      out.first = compared(e.args[0]);
      out.rest.push_back(k::operation{c->second, compared(e.args[1])});
      return out;
    }
    if (e.op == "in" || e.op == "not in") {
      if (e.args.size() < 2) unsupported(e, "an empty IN list");
      const bool in = e.op == "in";
      out.first = wrap(compare(e.args[0], e.args[1], in));
      for (std::size_t i = 2; i < e.args.size(); ++i)
        out.rest.push_back(k::operation{in ? k::operator_kind::logical_or : k::operator_kind::logical_and,
                                        wrap(compare(e.args[0], e.args[i], in))});
      return out;
    }
    if (e.op == "call") {
      if (e.name == "bound") {
        if (e.args.size() != 1 || !e.args[0].leaf || !boost::get<ast::var>(&e.args[0].leaf->get()))
          throw refusal{offset(e), "BOUND takes one variable", "", error_kind::syntax};
        out.first = value(e.args[0]);  // a bare variable: whether it is bound
        return out;
      }
      static const std::map<std::string, k::function_kind> tests = {
          {"contains", k::function_kind::contains},    {"strstarts", k::function_kind::starts_with},
          {"strends", k::function_kind::ends_with},    {"isiri", k::function_kind::is_iri},
          {"isuri", k::function_kind::is_iri},         {"isblank", k::function_kind::is_blank},
          {"isliteral", k::function_kind::is_literal}, {"isnumeric", k::function_kind::is_numeric},
          {"sameterm", k::function_kind::same_term},   {"langmatches", k::function_kind::lang_matches}};
      if (const auto f = tests.find(e.name); f != tests.end()) {
        out.first = call(e, f->second);
        return out;
      }
    }
    if (e.op == "exists") unsupported(e, "EXISTS", "FILTER NOT EXISTS is supported");
    if (e.op == "not exists")
      unsupported(e, "NOT EXISTS inside an expression", "write FILTER NOT EXISTS { ... }");
    if (e.op == "term")
      unsupported(e, "a lone variable or value as a condition (its effective boolean value)",
                  "compare it: FILTER(?x = true), or BOUND(?x)");
    return unsupported_value(e);
  }

  k::expression compare(const ast::expression& lhs, const ast::expression& rhs, bool equal) {
    k::expression out;
    copy_tag(out, rhs);
    out.first = value(lhs);
    out.rest.push_back(
        k::operation{equal ? k::operator_kind::equal : k::operator_kind::not_equal, value(rhs)});
    return out;
  }

  // A value compared with = != < ...: LCASE and UCASE keep a language tag
  // in SPARQL, which kg's text does not, so their results are not compared.
  k::operand compared(const ast::expression& e) {
    if (e.op == "call" && (e.name == "lcase" || e.name == "ucase"))
      unsupported(e, "comparing the result of " + upper(e.name),
                  "test it with CONTAINS, STRSTARTS or STRENDS, or compare the variable");
    return value(e);
  }

  k::operand call(const ast::expression& e, k::function_kind f) {
    const bool tests = f == k::function_kind::contains || f == k::function_kind::starts_with ||
                       f == k::function_kind::ends_with;
    const bool text = tests || f == k::function_kind::lower || f == k::function_kind::upper ||
                      f == k::function_kind::length || f == k::function_kind::lang_matches;
    const std::size_t arity =
        tests || f == k::function_kind::same_term || f == k::function_kind::lang_matches ? 2 : 1;
    // STR, LANG and DATATYPE read a stored term (or a constant).
    if (f == k::function_kind::str || f == k::function_kind::lang || f == k::function_kind::datatype)
      for (const auto& a : e.args)
        if (a.op != "term") unsupported(a, upper(e.name) + " of an expression");
    if (e.args.size() != arity)
      throw refusal{offset(e),
                    upper(e.name) + " takes " + std::to_string(arity) + " argument" + (arity > 1 ? "s" : ""),
                    "", error_kind::syntax};
    // Constants given to string functions are strings (a language tag
    // only on the text searched).
    for (std::size_t i = 0; i < e.args.size(); ++i) {
      const auto& a = e.args[i];
      if (!text || a.op != "term") continue;
      const auto* l = boost::get<ast::literal>(&a.leaf->get());
      if (boost::get<ast::iri>(&a.leaf->get()) ||
          (l && l->datatype && expand(*l->datatype) != std::string(xsd::ns) + "string") ||
          (l && ((tests && i == 1) || f == k::function_kind::lang_matches) && !l->lang.empty()))
        unsupported(a,
                    "this argument of " + upper(e.name) + " (SPARQL's string functions take plain strings)");
    }
    k::call c;
    c.function = f;
    c.name = std::string(name_of(f));
    for (const auto& a : e.args) {
      k::expression arg;
      copy_tag(arg, a);
      arg.first = value(a);
      c.arguments.push_back(std::move(arg));
    }
    copy_tag(c, e);
    return k::operand(x3::forward_ast<k::call>(std::move(c)));
  }

  [[noreturn]] k::expression unsupported_value(const ast::expression& e) {
    if (e.op == "call") unsupported(e, "the function " + upper(e.name) + " here");
    if (e.op == "aggregate") unsupported(e, "the aggregate " + upper(e.name) + " here");
    if (e.op == "+" || e.op == "-" || e.op == "*" || e.op == "/" || e.op == "neg" || e.op == "pos")
      unsupported(e, "arithmetic");
    unsupported(e, "this expression");
  }

  static std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    return s;
  }

  // A value: a variable, a constant, or a function giving one.
  k::operand value(const ast::expression& e) {
    if (e.op == "term") {
      const auto& n = *e.leaf;
      if (const auto* v = boost::get<ast::var>(&n.get())) return k::operand(variable(v->name, *v));
      if (const auto* l = boost::get<ast::literal>(&n.get()))
        return k::operand(constant(literal_term(*l), *l));
      if (const auto* i = boost::get<ast::iri>(&n.get()))
        return k::operand(constant(make_iri(expand(*i)), *i));
      unsupported(e, "this value");
    }
    static const std::map<std::string, k::function_kind> functions = {
        {"lcase", k::function_kind::lower},      {"ucase", k::function_kind::upper},
        {"year", k::function_kind::year},        {"month", k::function_kind::month},
        {"day", k::function_kind::day},          {"strlen", k::function_kind::length},
        {"str", k::function_kind::str},          {"lang", k::function_kind::lang},
        {"datatype", k::function_kind::datatype}};
    if (e.op == "call")
      if (const auto f = functions.find(e.name); f != functions.end()) return call(e, f->second);
    if (e.op == "||" || e.op == "&&" || e.op == "!" || e.op == "=" || e.op == "!=" || e.op == "<" ||
        e.op == "<=" || e.op == ">" || e.op == ">=")
      unsupported(e, "a truth value used as a value");
    unsupported_value(e);
  }

  // --- queries -------------------------------------------------------------

  static std::string_view name_of(k::function_kind f) {
    for (const auto& s : query::functions)
      if (s.value == f) return s.text;
    return {};
  }

  // CONSTRUCT: the select of every variable in scope, whose rows
  // instantiate the template. CONSTRUCT WHERE { T } takes T as both.
  k::query construct(const ast::query& q) {
    ast::query select_form = q;
    select_form.kind = ast::form::select;
    select_form.star = true;
    if (!select_form.where) {
      ast::group g;
      copy_tag(g, q);
      for (const auto& t : q.construct_template) g.elements.emplace_back(t);
      select_form.where = std::move(g);
    }
    auto out = tail_ ? select_computed(select_form) : select(select_form);
    auto& pq = boost::get<k::pattern_query>(out);
    if (!tail_ && (!pq.head || pq.head->variables.empty())) {
      pq.head.reset();
      pq.ask = true;  // a template without variables: whether the pattern matches
    }
    for (const auto& t : q.construct_template) template_triples(t);
    return out;
  }

  query::template_node template_node(const ast::node& n) {
    query::template_node out;
    if (const auto* v = boost::get<ast::var>(&n.get()))
      out.variable = v->name;
    else if (const auto* i = boost::get<ast::iri>(&n.get()))
      out.constant = make_iri(expand(*i));
    else if (const auto* l = boost::get<ast::literal>(&n.get()))
      out.constant = literal_term(*l);
    else if (const auto* b = boost::get<ast::blank>(&n.get()))
      out.blank = b->label.empty() ? "anon" + std::to_string(++fresh_) : b->label;
    else if (const auto* pl = boost::get<x3::forward_ast<ast::property_list>>(&n.get())) {
      out.blank = "anon" + std::to_string(++fresh_);
      for (const auto& po : pl->get().properties) template_properties(out, po);
    } else {
      throw refusal{offset(boost::get<x3::forward_ast<ast::collection>>(n.get()).get()),
                    "collections ( ... ) in a CONSTRUCT template are not supported yet", ""};
    }
    return out;
  }

  void template_properties(const query::template_node& s, const ast::predicate_objects& po) {
    query::template_node p;
    if (po.v.variable) {
      p.variable = po.v.variable->name;
    } else {
      const auto& alts = po.v.p.alternatives;
      if (alts.size() != 1 || alts.front().size() != 1 || !alts.front().front().predicate ||
          alts.front().front().inverse || alts.front().front().modifier)
        throw refusal{offset(po.v), "a property path in a CONSTRUCT template", "", error_kind::syntax};
      p.constant = make_iri(expand(*alts.front().front().predicate));
    }
    for (const auto& o : po.objects) construct_template.push_back({s, p, template_node(o)});
  }

  void template_triples(const ast::triples& t) {
    const auto s = template_node(t.subject);
    for (const auto& po : t.properties) template_properties(s, po);
  }

  k::query describe(const ast::query& q) {
    if (q.star || q.described.size() != 1 || q.where)
      throw refusal{offset(q), "DESCRIBE is supported for one IRI without WHERE", "DESCRIBE <iri>"};
    const auto* i = boost::get<ast::iri>(&q.described.front().get());
    if (!i) throw refusal{offset(q), "DESCRIBE is supported for one IRI without WHERE", "DESCRIBE <iri>"};
    k::describe d;
    d.entity = constant(make_iri(expand(*i)), *i);
    copy_tag(d, q);
    return k::query(std::move(d));
  }

  k::query select(const ast::query& q) {
    k::pattern_query out;
    out.sparql = true;
    copy_tag(out, q);
    if (!q.having.empty()) throw refusal{offset(q.having.front()), "HAVING is not supported yet", ""};
    // No patterns: one empty solution, which only the solution stage has.
    if (!has_patterns(*q.where)) throw refusal{offset(q), "a query without patterns", ""};
    out.where = group(*q.where, *q.where);
    std::set<std::string> bound;
    pattern_variables(out.where, bound);
    // The head.
    k::projection head;
    copy_tag(head, q);
    head.distinct = q.distinct;
    std::vector<std::string> group_by;
    for (const auto& g : q.group_by) {
      if (g.op != "term" || !boost::get<ast::var>(&g.leaf->get()))
        unsupported(g, "grouping by an expression", "group by variables");
      const auto& v = boost::get<ast::var>(g.leaf->get());
      group_by.push_back(v.name);
      out.group_by.push_back(variable(v.name, v));
    }
    std::string count_alias;
    if (q.kind == ast::form::ask) {
      out.ask = true;
    } else if (q.star) {
      if (!group_by.empty())
        throw refusal{offset(q), "SELECT * with GROUP BY", "select the grouped variables",
                      error_kind::syntax};
      // SELECT * over patterns without variables of their own answers rows
      // of no columns, which only the solution stage has.
      if (seen_.empty()) throw refusal{offset(q), "SELECT * without variables", ""};
      for (const auto& v : seen_) {
        k::variable kv;
        kv.name = v;
        head.variables.push_back(kv);
      }
    } else {
      std::size_t plain = 0;
      const std::string order_help = "list them so: SELECT ?g (COUNT(*) AS ?n) ... GROUP BY ?g";
      for (const auto& item : q.projection) {
        if (!item.value) {
          if (!group_by.empty() &&
              (!count_alias.empty() || plain >= group_by.size() || group_by[plain] != item.as.name))
            throw refusal{offset(item),
                          "with GROUP BY, kg answers the grouped variables in GROUP BY order, then the count",
                          order_help};
          ++plain;
          // A variable no pattern binds is unbound in every row: the
          // solution stage answers it so.
          if (!bound.count(item.as.name))
            throw refusal{offset(item.as), "?" + item.as.name + " is not bound by any pattern", ""};
          head.variables.push_back(variable(item.as.name, item.as));
          continue;
        }
        const auto& e = *item.value;
        if (e.op != "aggregate" || e.name != "count" || !count_alias.empty())
          unsupported(e, "an expression in SELECT other than one COUNT", "SELECT (COUNT(*) AS ?n)");
        if (!e.star &&
            (e.args.size() != 1 || !e.args[0].leaf || !boost::get<ast::var>(&e.args[0].leaf->get())))
          unsupported(e, "COUNT of an expression", "count a variable: COUNT(?x)");
        if (plain != group_by.size())
          throw refusal{offset(item), "kg answers the grouped variables in GROUP BY order, then the count",
                        order_help};
        if (q.distinct)
          unsupported(e, "SELECT DISTINCT with a count",
                      "leave out DISTINCT: the groups are distinct already");
        count_alias = item.as.name;
        head.kind = k::projection_kind::count;
        head.distinct = e.distinct;
        head.variables.clear();
        if (!e.star) {
          const auto& v = boost::get<ast::var>(e.args[0].leaf->get());
          head.variables.push_back(variable(v.name, v));
        }
      }
      if (!count_alias.empty() && plain != group_by.size())
        throw refusal{offset(q), "select every grouped variable, then the count", order_help};
    }
    out.count_name = count_alias;
    if (!out.ask) out.head = head;
    for (const auto& key : q.order_by) {
      const ast::expression* e = &key.key;
      if (e->op != "term" || !boost::get<ast::var>(&e->leaf->get()))
        unsupported(*e, "ordering by an expression", "order by variables");
      const auto& v = boost::get<ast::var>(e->leaf->get());
      k::order_key ok;
      ok.var = v.name == count_alias ? [&] {
        k::variable c;
        c.name = "count";
        copy_tag(c, v);
        return c;
      }()
                                     : variable(v.name, v);
      ok.direction = key.descending ? k::sort_direction::desc : k::sort_direction::asc;
      copy_tag(ok, key);
      out.order_by.push_back(ok);
    }
    constexpr unsigned long long most = UINT_MAX;
    if (q.limit) out.limit = static_cast<unsigned>(std::min(*q.limit, most));
    if (q.offset) out.offset = static_cast<unsigned>(std::min(*q.offset, most));
    return k::query(std::move(out));
  }

  // A SELECT (or ASK) whose solutions kg's SQL gives and the solution
  // stage finishes: the tree selects every variable the patterns bind;
  // grouping, aggregates, expressions, order and slicing are all done
  // after it (parser/modifiers.hpp).
  k::query select_computed(const ast::query& q) {
    k::pattern_query out;
    out.sparql = true;
    copy_tag(out, q);
    top_ = &*q.where;
    out.where = group(*q.where, *q.where);
    if (q.values) {
      mods_.extend.emplace_back(values(*q.values));
      for (const auto& v : q.values->variables) add_seen(v);
    }
    std::set<std::string> bound;
    pattern_variables(out.where, bound);
    for (const auto& v : seen_)
      if (bound.count(v)) mods_.input.push_back(v);
    mods_.patterns = has_patterns(*q.where);
    bool aggregated = !q.group_by.empty();
    for (const auto& p : q.projection) aggregated = aggregated || (p.value && has_aggregate(*p.value));
    for (const auto& h : q.having) aggregated = aggregated || has_aggregate(h);
    for (const auto& o : q.order_by) aggregated = aggregated || has_aggregate(o.key);
    mods_.grouped = aggregated;
    for (std::size_t i = 0; i < q.group_by.size(); ++i)
      mods_.group_by.emplace_back(computed(q.group_by[i]),
                                  i < q.group_aliases.size() ? q.group_aliases[i] : std::string());
    for (const auto& h : q.having) mods_.having.push_back(computed(h, true));
    if (q.kind == ast::form::ask) {
      mods_.ask = true;
    } else if (q.star) {
      for (const auto& v : seen_) {
        query::value_expression e;
        e.kind = query::value_expression::form::variable;
        e.variable = v;
        mods_.select.emplace_back(v, std::move(e));
      }
    } else {
      for (const auto& item : q.projection) {
        query::value_expression e;
        if (item.value) {
          e = computed(*item.value, true);
        } else {
          e.kind = query::value_expression::form::variable;
          e.variable = item.as.name;
          e.offset = offset(item.as);
        }
        mods_.select.emplace_back(item.as.name, std::move(e));
      }
    }
    mods_.distinct = q.distinct;
    for (const auto& key : q.order_by) mods_.order_by.emplace_back(computed(key.key, true), key.descending);
    mods_.limit = q.limit;
    mods_.offset = q.offset;
    // The tree: every variable the patterns bind, as they come.
    k::projection head;
    copy_tag(head, q);
    for (const auto& v : mods_.input) head.variables.push_back(variable(v, q));
    // Without variables of the query's own, the patterns' hidden ones (a
    // path's inner steps, blank nodes) keep one solution per match.
    if (head.variables.empty())
      for (const auto& v : bound)
        if (v.find('-') != std::string::npos) head.variables.push_back(variable(v, q));
    if (head.variables.empty()) {
      // No variables at all: whether the patterns match, one empty
      // solution or none; a UNION could give more.
      if (has_union(out.where))
        throw refusal{offset(q), "a UNION of patterns without variables is not supported yet",
                      "ASK whether they match"};
      out.ask = true;
    } else {
      out.head = std::move(head);
    }
    return k::query(std::move(out));
  }

  static bool has_aggregate(const ast::expression& e) {
    if (e.op == "aggregate") return true;
    for (const auto& a : e.args)
      if (has_aggregate(a)) return true;
    return false;
  }

  // The variables the triple patterns of a group bind, at any depth (not
  // inside a negation).
  static bool has_union(const k::group& g) {
    for (const auto& e : g.elements) {
      if (boost::get<k::union_group>(&e.get())) return true;
      if (const auto* o = boost::get<k::optional_group>(&e.get()); o && has_union(o->body)) return true;
    }
    return false;
  }

  static void pattern_variables(const k::group& g, std::set<std::string>& out) {
    for (const auto& e : g.elements) {
      if (const auto* t = boost::get<k::triple>(&e.get())) {
        for (const k::node* n : {&t->subject, &t->predicate.predicate, &t->object})
          if (const auto* v = boost::get<k::variable>(&n->get())) out.insert(v->name);
        for (const auto& q : t->qualifiers)
          if (const auto* v = boost::get<k::variable>(&q.value.get())) out.insert(v->name);
      } else if (const auto* o = boost::get<k::optional_group>(&e.get())) {
        pattern_variables(o->body, out);
      } else if (const auto* u = boost::get<k::union_group>(&e.get())) {
        for (const auto& b : u->branches) pattern_variables(b, out);
      }
    }
  }

  const parsed& p_;
  std::map<std::string, std::string> prefixes_;
  std::string base_;
  int fresh_ = 0;
  bool in_negation_ = false;
  std::vector<std::string> seen_;  // SPARQL variables in scope, in the order first named

 public:
  // Whether what SQL does not compute goes to the solution stage (else it
  // is refused), and what went there.
  bool tail_ = false;
  bool all_filters_in_stage_ = false;  // with tail_: the group's filters too
  query::modifiers mods_;

 private:
  const ast::group* top_ = nullptr;
  const ast::query* root_ = nullptr;   // a sub-query's; else the parsed query
  std::set<std::string> bound_after_;  // by BIND and VALUES
};

void translator::all_variables(const ast::group& g, std::set<std::string>& out) {
  for (const auto& e : g.elements) boost::apply_visitor(variable_collector{out}, e);
}

}  // namespace

tl::expected<query::parsed_query, error> parse(std::string_view text, std::string_view source,
                                               std::size_t begin, std::size_t end, const prefix_list* known) {
  end = std::min(end, text.size());
  begin = std::min(begin, end);
  // explain SELECT ...
  bool explain = false;
  {
    std::size_t i = begin;
    const auto first = next_token(text.substr(0, end), i);
    if (same_word(first, "explain")) {
      explain = true;
      begin = i;
    }
  }
  auto read_tree = read(text, source, begin, end);
  if (!read_tree) return tl::unexpected(std::move(read_tree.error()));
  const auto& prefixes = known ? *known : well_known_prefixes();
  query::parsed_query out;
  try {
    out = translator::translate([&] { return translator(*read_tree, prefixes); });
  } catch (const refusal& r) {
    auto d = diagnose_at(source, text, r.offset, r.message);
    d.help = r.help;
    return tl::unexpected(error::in(std::move(d), r.kind));
  }
  out.explain = explain;
  // The fallback, when the query's own group filters or it is ordered.
  const auto& tree = read_tree->tree;
  bool filters = !tree.order_by.empty();
  if (tree.where)
    for (const auto& e : tree.where->elements) filters = filters || boost::get<ast::filter_part>(&e.get());
  if (filters && tree.kind != ast::form::describe) {
    out.fallback = [read = std::make_shared<const parsed>(std::move(*read_tree)),
                    prefixes]() -> std::shared_ptr<const query::parsed_query> {
      try {
        translator t(*read, prefixes);
        t.tail_ = t.all_filters_in_stage_ = true;
        query::parsed_query alt;
        alt.tree = t.run();
        alt.solution_modifiers = std::make_shared<const query::modifiers>(std::move(t.mods_));
        alt.positions = t.positions();
        alt.construct_template = std::move(t.construct_template);
        alt.construct = t.is_construct();
        alt.sparql = true;
        return std::make_shared<const query::parsed_query>(std::move(alt));
      } catch (const refusal&) {
        return nullptr;  // none: the query as it is
      }
    };
  }
  return out;
}

}  // namespace kg::sparql
