// Binding a pattern query: names to term ids (a name the question reader
// resolved keeps its id), the lexicon's predicate
// semantics to edges and repeats, filters to typed expressions, and the
// head (projection, grouping, order) checked against the variables the
// patterns bind.
#include "engine/bind.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace kg::engine {
namespace {

namespace ast = query::ast;
namespace x3 = boost::spirit::x3;

const x3::position_tagged& tagged(const ast::node& n) {
  return boost::apply_visitor([](const auto& x) -> const x3::position_tagged& { return x; }, n);
}

const x3::position_tagged& tagged(const ast::operand& o) {
  return boost::apply_visitor([](const auto& x) -> const x3::position_tagged& { return x; }, o);
}

// The variables of a group's patterns (and their qualifiers), at any depth,
// in the order the text first names them.
// Without `in_not`, a not group's variables are left out: they are not
// the query's.
void pattern_variables(const ast::group& g, std::vector<std::string>& out, bool in_not = true) {
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
      pattern_variables(o->body, out, in_not);
    } else if (const auto* n = boost::get<ast::not_group>(&e.get())) {
      if (in_not) pattern_variables(n->body, out);
    } else if (const auto* u = boost::get<ast::union_group>(&e.get())) {
      for (const auto& b : u->branches) pattern_variables(b, out, in_not);
    }
  }
}

// Whether a braced group is only patterns (or such groups): then it is just
// those patterns, joined into the group around it.
bool only_patterns(const ast::union_group& u) {
  if (u.branches.size() != 1) return false;
  for (const auto& x : u.branches.front().elements) {
    if (boost::get<ast::triple>(&x.get())) continue;
    const auto* inner = boost::get<ast::union_group>(&x.get());
    if (!inner || !only_patterns(*inner)) return false;
  }
  return true;
}

class binder {
 public:
  binder(store::names& n, const query::parsed_query& q) : names_(n), q_(q) {}

  plan::select bind(const ast::pattern_query& pq, bool collect_facts) {
    plan::select out;
    pattern_variables(pq.where, out.variables_in_text);
    bound_.insert(out.variables_in_text.begin(), out.variables_in_text.end());
    sparql_ = pq.sparql;
    out.where = group(pq.where);
    if (!has_join(out.where)) fail(pq.where, "a query needs at least one pattern");
    head(pq, out);
    out.collect_facts = collect_facts && out.kind == plan::projection::rows && out.group_by.empty();
    if (out.with_sources) {
      out.source_key = names_.entity_named("source").value_or(-1);
      out.line_key = names_.entity_named("line").value_or(-1);
    }
    return out;
  }

 private:
  // --- the head -----------------------------------------------------------

  void head(const ast::pattern_query& pq, plan::select& out) {
    const bool counting = pq.head && pq.head->kind == ast::projection_kind::count;
    out.kind = counting ? plan::projection::count : plan::projection::rows;
    out.distinct = pq.head && pq.head->distinct;
    auto grouped = [&](const std::string& v) {
      return std::any_of(pq.group_by.begin(), pq.group_by.end(), [&](const auto& g) { return g.name == v; });
    };
    for (const auto& v : pq.group_by) out.group_by.push_back(variable(v));
    if (pq.head) {
      for (const auto& v : pq.head->variables) {
        if (!pq.group_by.empty() && !counting && !grouped(v.name))
          fail(v, "?" + v.name + " is not grouped", "with group by, select the grouped variables, or count");
        out.variables.push_back(variable(v));
      }
    }
    if (pq.with_sources && (counting || !pq.group_by.empty()))
      fail(pq, "'with sources' needs answer rows, not counts or groups");
    out.with_sources = pq.with_sources;
    for (const auto& key : pq.order_by) {
      plan::order_key k;
      k.variable = key.var.name;
      k.descending = key.direction == ast::sort_direction::desc;
      k.by_count = key.var.name == "count" && counting && !answered("count", pq.where);
      if (!k.by_count) {
        variable(key.var);
        if (!pq.group_by.empty() && !grouped(key.var.name))
          fail(key.var, "?" + key.var.name + " is not grouped", "order by a grouped variable or ?count");
      }
      out.order_by.push_back(std::move(k));
    }
    if (pq.limit) out.limit = *pq.limit;
    if (pq.offset) out.offset = *pq.offset;
    out.ask = pq.ask;
    out.sparql = pq.sparql;
    if (out.ask && !out.limit) out.limit = 1;  // one match answers
    out.count_name = pq.count_name;
  }

  // Whether the query's answers bind v (a not group's patterns aside).
  static bool answered(const std::string& v, const ast::group& where) {
    std::vector<std::string> vars;
    pattern_variables(where, vars, false);
    return std::find(vars.begin(), vars.end(), v) != vars.end();
  }

  // A variable named outside the patterns: some pattern must bind it.
  std::string variable(const ast::variable& v) {
    if (!bound_.count(v.name)) fail(v, "?" + v.name + " is not bound by any pattern");
    return v.name;
  }

  // --- groups -------------------------------------------------------------

  static bool has_join(const plan::group& g) {
    return std::any_of(g.elements.begin(), g.elements.end(), [](const plan::element& e) {
      return std::holds_alternative<plan::pattern>(e) || std::holds_alternative<plan::union_of>(e) ||
             std::holds_alternative<std::shared_ptr<plan::left_join>>(e);
    });
  }

  plan::group group(const ast::group& g) {
    plan::group out;
    out.offset = q_.span_of(g).begin;
    for (const auto& e : g.elements) element(e, out);
    pin(out);
    for (auto& e : out.elements)
      if (auto* p = std::get_if<plan::pattern>(&e)) check_path(*p);
    return out;
  }

  void element(const ast::element& e, plan::group& out) {
    if (const auto* t = boost::get<ast::triple>(&e.get())) {
      out.elements.emplace_back(pattern(*t));
    } else if (const auto* u = boost::get<ast::union_group>(&e.get())) {
      if (only_patterns(*u)) {
        for (const auto& x : u->branches.front().elements) element(x, out);
        return;
      }
      plan::union_of un;
      for (const auto& b : u->branches) {
        un.branches.push_back(group(b));
        if (!has_join(un.branches.back())) fail(b, "a group needs at least one pattern");
      }
      out.elements.emplace_back(std::move(un));
    } else if (const auto* o = boost::get<ast::optional_group>(&e.get())) {
      auto lj = std::make_shared<plan::left_join>();
      lj->offset = q_.span_of(*o).begin;
      lj->body = group(o->body);
      if (!has_join(lj->body)) fail(*o, "an optional group needs at least one pattern");
      out.elements.emplace_back(std::move(lj));
    } else if (const auto* n = boost::get<ast::not_group>(&e.get())) {
      auto aj = std::make_shared<plan::anti_join>();
      aj->offset = q_.span_of(*n).begin;
      aj->body = group(n->body);
      if (!has_join(aj->body)) fail(*n, "a not group needs at least one pattern");
      out.elements.emplace_back(std::move(aj));
    } else {
      const auto& f = boost::get<ast::filter>(e.get());
      out.elements.emplace_back(plan::filter{condition(f.condition)});
    }
  }

  // An equality filter with a constant pins its variable: the patterns of
  // the group that bind it read the table keyed by that constant. (The
  // filter still holds, and the patterns still join on the variable.)
  void pin(plan::group& g) const {
    for (const auto& e : g.elements) {
      const auto* f = std::get_if<plan::filter>(&e);
      if (!f || f->condition.negated) continue;
      const auto* c = std::get_if<plan::comparison>(&f->condition.node);
      if (!c || c->ops.size() != 1 || c->ops.front() != query::ast::operator_kind::equal) continue;
      for (int i = 0; i < 2; ++i) {
        const auto* v = std::get_if<plan::variable_ref>(&c->operands[i]->node);
        const auto* k = std::get_if<plan::constant>(&c->operands[1 - i]->node);
        // Numbers compare by value (4000 = 4000.0), so they pin nothing.
        if (!v || !k || k->id < 0 || k->number) continue;
        // In SPARQL, terms of other shapes can equal a typed literal
        // (dateTimes in other time zones, "1" and "true" as booleans) or a
        // tagged one (tags in other cases): only IRIs, blank nodes, plain
        // strings and kg's dates equal nothing but themselves.
        if (sparql_ && k->kind != 0 && k->kind > static_cast<int>(term_kind::text) &&
            k->kind != static_cast<int>(term_kind::date))
          continue;
        for (auto& x : g.elements)
          if (auto* p = std::get_if<plan::pattern>(&x))
            for (plan::slot* sl : {&p->s, &p->p, &p->o})
              if (!sl->constant && sl->variable == v->name) sl->constant = k->id;
        break;
      }
    }
  }

  // --- patterns -----------------------------------------------------------

  plan::pattern pattern(const ast::triple& t) {
    plan::pattern p;
    p.node = &t;
    const auto span = q_.span_of(t);
    p.begin = span.begin;
    p.end = span.end;
    p.s = slot(t.subject, false);
    p.p = slot(t.predicate.predicate, true);
    // The lexicon's own predicates (alias, verb_form, ...) have text objects:
    // there a quoted string is that text, not a name to resolve.
    const auto* quoted = boost::get<ast::name>(&t.object.get());
    if (p.p.constant && names_.has_text_objects(*p.p.constant) && quoted && quoted->quoted &&
        !t.predicate.inverse) {
      p.o.offset = q_.span_of(*quoted).begin;
      p.o.constant = names_.term_id(term{term_kind::text, quoted->text, {}}).value_or(-1);
    } else {
      p.o = slot(t.object, false);
    }
    p.rep = t.predicate.repeat == ast::repetition::one_or_more    ? plan::repeat::one_or_more
            : t.predicate.repeat == ast::repetition::zero_or_more ? plan::repeat::zero_or_more
            : t.predicate.repeat == ast::repetition::zero_or_one  ? plan::repeat::zero_or_one
                                                                  : plan::repeat::once;
    if (t.predicate.inverse) std::swap(p.s, p.o);
    for (const auto& qual : t.qualifiers) {
      const auto key =
          qual.key.starts_with('<') ? names_.term_id(ast::key_term(qual.key)) : names_.entity_named(qual.key);
      if (!key)
        fail(qual, "unknown qualifier '" + qual.key + "'", "qualifiers in this store: " + list_keys(),
             error_kind::unknown_name);
      p.qualifiers.push_back({*key, slot(qual.value, false)});
    }
    if (p.p.constant) {
      p.edges = names_.edges_of(*p.p.constant);
      const bool transitive = std::any_of(p.edges.begin(), p.edges.end(), [&](const store::edge& e) {
        return names_.is_transitive(e.predicate);
      });
      if (p.rep == plan::repeat::once && transitive && t.qualifiers.empty())
        p.rep = plan::repeat::one_or_more;
    }
    return p;
  }

  // A path's own rules, once its group's filters have pinned what they pin.
  void check_path(const plan::pattern& p) {
    if (p.rep == plan::repeat::once) return;
    if (!p.p.constant || !p.p.variable.empty())
      fail(p.node->predicate, "a path needs a named predicate, not a variable");
    if (!p.qualifiers.empty())
      fail(p.node->qualifiers.front(), "a path has no qualifiers: it may cross several facts");
    const bool from_subject = p.s.constant.has_value(),
               from_object = !from_subject && p.o.constant.has_value();
    const auto& start = from_subject ? p.s : p.o;
    const auto& end = from_subject ? p.o : p.s;
    if (p.rep != plan::repeat::one_or_more && (from_subject || from_object) && *start.constant < 0 &&
        !end.constant) {
      if (sparql_)  // SPARQL answers the term itself: a limit of kg's, not the query's fault
        throw error::at(error_kind::semantic, start.offset,
                        "zero steps from a term no fact holds are not supported yet: kg has no such term to "
                        "answer",
                        "use p+ for one or more steps");
      throw error::at(error_kind::semantic, start.offset,
                      "no fact holds this value, so zero steps would answer a term kg cannot show",
                      "use p+ for one or more steps, or ask whether a value is reached: X p* Y");
    }
  }

  plan::slot slot(const ast::node& n, bool is_predicate) {
    plan::slot sl;
    sl.offset = q_.span_of(tagged(n)).begin;
    if (const auto* v = boost::get<ast::variable>(&n.get())) {
      sl.variable = v->name;
    } else if (const auto* l = boost::get<ast::literal>(&n.get())) {
      sl.constant = names_.term_id(l->value).value_or(-1);  // -1 matches nothing
    } else {
      const auto& name = boost::get<ast::name>(n.get());
      auto id = name.id ? name.id : names_.entity(name.text, sl.offset, !is_predicate);
      if (!id && name.quoted) id = names_.term_id(term{term_kind::text, name.text, {}});
      if (!id) {
        if (is_predicate)
          fail(name, "unknown predicate '" + name.text + "'", names_.predicate_list(name.text),
               error_kind::unknown_name);
        fail(name, "unknown name '" + name.text + "'", names_.suggest_entity(name.text),
             error_kind::unknown_name);
      }
      if (is_predicate && !names_.is_predicate(*id))
        fail(name, "'" + name.text + "' is not a predicate of any fact", names_.predicate_list(name.text));
      sl.constant = *id;
    }
    return sl;
  }

  std::string list_keys() {
    auto st = names_.db().cached(
        "SELECT DISTINCT t.lex, t.kind FROM qualifiers q JOIN terms t ON t.id = q.key ORDER BY t.lex LIMIT "
        "12");
    std::string out;
    while (st.step()) {
      // An IRI key is written in angle brackets.
      const bool iri = st.int64(1) == static_cast<std::int64_t>(term_kind::iri);
      out +=
          (out.empty() ? "" : ", ") + (iri ? "<" + std::string(st.text(0)) + ">" : std::string(st.text(0)));
    }
    return out.empty() ? "none" : out;
  }

  // --- filters ------------------------------------------------------------

  static plan::expression_ptr boxed(plan::expression e) {
    return std::make_shared<plan::expression>(std::move(e));
  }

  plan::expression condition(const ast::expression& e) {
    plan::expression out;
    out.negated = e.negated;
    out.type = value_type::truth;
    if (e.rest.empty()) {
      out.node = plan::truth{boxed(truth(e.first))};
    } else if (e.rest.front().op == ast::operator_kind::logical_and ||
               e.rest.front().op == ast::operator_kind::logical_or) {
      plan::logic l;
      l.disjuncts.push_back({boxed(truth(e.first))});
      for (const auto& op : e.rest) {
        if (op.op == ast::operator_kind::logical_or) l.disjuncts.emplace_back();
        l.disjuncts.back().push_back(boxed(truth(op.rhs)));
      }
      out.node = std::move(l);
    } else {
      plan::comparison c;
      c.operands.push_back(boxed(value(e.first)));
      for (const auto& op : e.rest) {
        c.ops.push_back(op.op);
        c.operands.push_back(boxed(value(op.rhs)));
      }
      out.node = std::move(c);
    }
    return out;
  }

  // An operand used as a condition on its own.
  plan::expression truth(const ast::operand& o) {
    if (const auto* e = boost::get<x3::forward_ast<ast::expression>>(&o.get())) return condition(e->get());
    if (const auto* c = boost::get<x3::forward_ast<ast::call>>(&o.get())) return call(c->get());
    if (boost::get<ast::variable>(&o.get())) return value(o);
    fail(tagged(o), "expected a condition here, such as ?x > 3 or contains(?name, \"Lei\")");
  }

  plan::expression value(const ast::operand& o) {
    plan::expression v;
    if (const auto* var = boost::get<ast::variable>(&o.get())) {
      v.node = plan::variable_ref{variable(*var)};
      v.type = value_type::term;
    } else if (const auto* lit = boost::get<ast::literal>(&o.get())) {
      const term& t = lit->value;
      plan::constant k{id_or_absent(t), t.lex, numeric_value(t), static_cast<int>(t.kind), t.dt};
      v.type = k.number ? value_type::number : value_type::term;
      v.node = std::move(k);
    } else if (const auto* name = boost::get<ast::name>(&o.get()); name && name->quoted && in_call_) {
      // A quoted string given to a function is text: contains(?x, "LJ").
      v.node = plan::constant{id_or_absent(term{term_kind::text, name->text, {}}),
                              name->text,
                              std::nullopt,
                              static_cast<int>(term_kind::text),
                              {}};
      v.type = value_type::text;
    } else if (const auto* name = boost::get<ast::name>(&o.get())) {
      auto id = name->id ? name->id : names_.entity(name->text, q_.span_of(*name).begin);
      if (!id && !name->quoted)
        fail(*name, "unknown name '" + name->text + "'", names_.suggest_entity(name->text),
             error_kind::unknown_name);
      v.node = plan::constant{
          id ? *id : id_or_absent(term{term_kind::text, name->text, {}}), name->text, std::nullopt, 0, {}};
      v.type = value_type::term;
    } else if (const auto* c = boost::get<x3::forward_ast<ast::call>>(&o.get())) {
      v = call(c->get());
    } else {
      v = condition(boost::get<x3::forward_ast<ast::expression>>(o.get()).get());
      v.type = value_type::number;  // a truth value read as 1 or 0
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

  plan::expression call(const ast::call& c) {
    if (c.function == function::unknown)
      fail(c, "unknown function '" + c.name + "'", "functions: " + query::function_list(),
           error_kind::unknown_name);
    const auto& f = info(c.function);
    const auto wanted = static_cast<std::size_t>(f.arity);
    plan::call out{c.function, {}};
    for (std::size_t i = 0; i < wanted; ++i) {
      if (i >= c.arguments.size())
        fail(c, c.name + " needs " + std::to_string(i + 1) + " argument" + (i ? "s" : ""));
      ++in_call_;
      const auto& a = c.arguments[i];
      out.arguments.push_back(boxed(!a.negated && a.rest.empty() ? value(a.first) : numeric(condition(a))));
      --in_call_;
    }
    if (c.arguments.size() != wanted)
      fail(c, c.name + " takes " + std::to_string(wanted) + (wanted == 1 ? " argument" : " arguments"));
    plan::expression v;
    v.type = f.result;
    v.node = std::move(out);
    return v;
  }

  static plan::expression numeric(plan::expression e) {
    e.type = value_type::number;
    return e;
  }

  [[noreturn]] void fail(const x3::position_tagged& node, std::string message, std::string help = {},
                         error_kind kind = error_kind::semantic) {
    throw error::at(kind, q_.span_of(node).begin, std::move(message), std::move(help));
  }

  store::names& names_;
  const query::parsed_query& q_;
  bool sparql_ = false;                         // the query is SPARQL's (filters follow its operators)
  std::set<std::string> bound_;                 // bound by some pattern of the query
  std::map<std::string, std::int64_t> absent_;  // constants the store does not hold
  int in_call_ = 0;                             // inside a function's arguments
};

}  // namespace

plan::select bind_select(store::names& names, const query::parsed_query& q,
                         const query::ast::pattern_query& pq, bool collect_facts) {
  return binder(names, q).bind(pq, collect_facts);
}

}  // namespace kg::engine
