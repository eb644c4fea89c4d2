// The canonical text of a query tree, and the normalization that makes
// printing and parsing agree: a chain with one operand and no negation is
// replaced by that operand, so nested conditions print in parentheses and
// read back as the same tree.
#include <boost/algorithm/string/predicate.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>

#include "parser/keywords.hpp"
#include "parser/query.hpp"
#include "parser/term.hpp"

namespace kg::query {
namespace {

std::string quote_name(const std::string& text) {
  return is_bare_name(text) ? text : to_cell(term{term_kind::text, text, {}});
}

struct printer {
  std::string out;

  template <class E>
  void write(E value) {
    out += name_of(value);
  }

  void operator()(const ast::variable& v) { out += '?' + v.name; }
  void operator()(const ast::name& n) {
    out += n.quoted ? to_cell(term{term_kind::text, n.text, {}}) : quote_name(n.text);
  }
  void operator()(const ast::literal& l) { out += l.text; }
  void operator()(const ast::node& n) { boost::apply_visitor(*this, n); }
  void operator()(const ast::call& c) {
    out += c.name + "(";
    for (std::size_t i = 0; i < c.arguments.size(); ++i) {
      if (i) out += ", ";
      (*this)(c.arguments[i]);
    }
    out += ")";
  }
  void operator()(const ast::operand& o) {
    if (const auto* e = boost::get<boost::spirit::x3::forward_ast<ast::expression>>(&o.get())) {
      out += "(";
      (*this)(e->get());
      out += ")";
    } else {
      boost::apply_visitor(*this, o);
    }
  }
  void operator()(const ast::expression& e) {
    if (e.negated) out += "not ";
    (*this)(e.first);
    for (const auto& op : e.rest) {
      out += ' ';
      write(op.op);
      out += ' ';
      (*this)(op.rhs);
    }
  }
  void operator()(const ast::triple& t) {
    (*this)(t.subject);
    out += ' ';
    if (t.predicate.inverse) out += '^';
    (*this)(t.predicate.predicate);
    write(t.predicate.repeat);
    out += ' ';
    (*this)(t.object);
    if (!t.qualifiers.empty()) {
      out += " {";
      for (std::size_t i = 0; i < t.qualifiers.size(); ++i) {
        out += i ? ", " : "";
        out += t.qualifiers[i].key + ": ";
        (*this)(t.qualifiers[i].value);
      }
      out += "}";
    }
  }
  void braced(const ast::group& g) {
    out += "{ ";
    (*this)(g);
    out += " }";
  }
  void operator()(const ast::optional_group& g) {
    out += "optional ";
    braced(g.body);
  }
  void operator()(const ast::not_group& g) {
    out += "not ";
    braced(g.body);
  }
  void operator()(const ast::union_group& u) {
    for (std::size_t i = 0; i < u.branches.size(); ++i) {
      if (i) out += " or ";
      braced(u.branches[i]);
    }
  }
  void operator()(const ast::filter& f) {
    out += "filter ";
    (*this)(f.condition);
  }
  void operator()(const ast::element& e) { boost::apply_visitor(*this, e); }
  void operator()(const ast::group& g) {
    for (std::size_t i = 0; i < g.elements.size(); ++i) {
      if (i) out += " . ";
      (*this)(g.elements[i]);
    }
  }
  void operator()(const ast::pattern_query& q) {
    if (q.head) {
      write(q.head->kind);
      if (q.head->distinct) out += " distinct";
      if (q.head->kind == ast::projection_kind::select && q.head->variables.empty()) out += " *";
      for (const auto& v : q.head->variables) out += " ?" + v.name;
      out += " where ";
    }
    (*this)(q.where);
    if (!q.group_by.empty()) {
      out += " group by";
      for (const auto& v : q.group_by) out += " ?" + v.name;
    }
    if (!q.order_by.empty()) {
      out += " order by";
      for (const auto& k : q.order_by) {
        out += " ?" + k.var.name + " ";
        write(k.direction);
      }
    }
    if (q.limit) out += " limit " + std::to_string(*q.limit);
    if (q.offset) out += " offset " + std::to_string(*q.offset);
    if (q.with_sources) out += " with sources";
  }
  void operator()(const ast::question& q) {
    write(q.asks);
    for (const auto& w : q.words) {
      if (!out.empty()) out += ' ';
      out += w.quoted ? to_cell(term{term_kind::text, w.text, {}}) : w.text;
    }
    out += '?';
    if (q.with_sources) out += " with sources";
  }
  void operator()(const ast::update& u) {
    write(u.action);
    out += u.confirmed ? " new " : " ";
    (*this)(u.fact);
  }
  void operator()(const ast::import_file& i) {
    out += "import ";
    (*this)(i.file);
  }
  void operator()(const ast::why& w) {
    out += "why ";
    (*this)(w.fact);
  }
  void operator()(const ast::describe& d) {
    write(d.verb);
    out += ' ';
    (*this)(d.entity);
    if (d.with_sources) out += " with sources";
  }
  void operator()(const ast::search& s) {
    out += "search ";
    (*this)(s.text);
    if (s.limit) out += " limit " + std::to_string(*s.limit);
  }
};

struct normalizer {
  void operator()(ast::variable&) {}
  void operator()(ast::name&) {}
  void operator()(ast::literal&) {}
  void operator()(ast::call& c) {
    for (auto& a : c.arguments) (*this)(a);
  }
  void operator()(ast::operand& o) {
    boost::apply_visitor(*this, o);
    // Replace a plain one-operand chain by its operand.
    while (auto* e = boost::get<boost::spirit::x3::forward_ast<ast::expression>>(&o.get())) {
      if (e->get().negated || !e->get().rest.empty()) break;
      ast::operand inner = std::move(e->get().first);
      o = std::move(inner);
    }
  }
  void operator()(ast::expression& e) {
    (*this)(e.first);
    for (auto& op : e.rest) (*this)(op.rhs);
    // An expression that is a plain chain around one nested expression is that expression.
    while (!e.negated && e.rest.empty()) {
      auto* inner = boost::get<boost::spirit::x3::forward_ast<ast::expression>>(&e.first.get());
      if (!inner) break;
      ast::expression moved = std::move(inner->get());
      e = std::move(moved);
    }
  }
  void operator()(ast::triple&) {}
  void operator()(ast::optional_group& g) { (*this)(g.body); }
  void operator()(ast::not_group& g) { (*this)(g.body); }
  void operator()(ast::union_group& u) {
    for (auto& b : u.branches) (*this)(b);
  }
  void operator()(ast::filter& f) { (*this)(f.condition); }
  void operator()(ast::group& g) {
    for (auto& e : g.elements) boost::apply_visitor(*this, e);
  }
  void operator()(ast::pattern_query& q) { (*this)(q.where); }
  // "who met Huang with sources?": the last two words ask for sources.
  void operator()(ast::question& q) {
    auto is = [&](std::size_t from_end, std::string_view w) {
      const auto& word = q.words[q.words.size() - from_end];
      return !word.quoted && boost::algorithm::iequals(word.text, w);
    };
    if (q.words.size() > 2 && is(2, "with") && is(1, "sources")) {
      q.words.resize(q.words.size() - 2);
      q.with_sources = true;
    }
  }
  void operator()(ast::update&) {}
  void operator()(ast::import_file&) {}
  void operator()(ast::why&) {}
  void operator()(ast::describe&) {}
  void operator()(ast::search&) {}
};

}  // namespace

void normalize(ast::query& q) {
  normalizer n;
  boost::apply_visitor(n, q);
}

std::string to_string(const ast::query& q) {
  printer p;
  boost::apply_visitor(p, q);
  return p.out;
}

}  // namespace kg::query
