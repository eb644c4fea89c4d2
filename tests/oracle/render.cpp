// Renders the oracle's queries as kg text and as SPARQL. The SPARQL side
// follows docs/query-language.md, and where the documentation leaves a
// detail open, what kg computes (store/query.cpp: compare, evaluate, call),
// so that any difference in the answers is a wrong answer of kg's.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "tests/oracle/model.hpp"

namespace kg::oracle {

// --- graphs ------------------------------------------------------------------

std::string graph::ntriples() const {
  std::string out;
  for (const auto& f : facts)
    out += to_ntriples(f[0]) + ' ' + to_ntriples(f[1]) + ' ' + to_ntriples(f[2]) + " .\n";
  return out;
}

namespace {

bool same_case_blind(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<std::string> graph::entity_named(const std::string& name) const {
  std::set<std::string> blind;
  for (const auto& f : facts)
    for (const auto& t : f) {
      if (t.kind != term_kind::entity) continue;
      if (t.lex == name) return t.lex;
      if (same_case_blind(t.lex, name)) blind.insert(t.lex);
    }
  if (blind.size() == 1) return *blind.begin();
  return std::nullopt;
}

bool graph::has_term(const term& t) const {
  return std::any_of(facts.begin(), facts.end(),
                     [&](const auto& f) { return f[0] == t || f[1] == t || f[2] == t; });
}

// --- variables -----------------------------------------------------------------

namespace {

void add_var(std::vector<std::string>& out, const std::string& v) {
  if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
}

void collect_in_scope(const group& g, std::vector<std::string>& out) {
  for (const auto& e : g.elements) {
    switch (e.k) {
      case element::kind::pattern:
        for (const node* n : {&e.pat.s, &e.pat.p, &e.pat.o})
          if (n->is_var()) add_var(out, n->text);
        break;
      case element::kind::optional:
      case element::kind::union_:
        for (const auto& b : e.groups) collect_in_scope(b, out);
        break;
      case element::kind::not_:
      case element::kind::filter:
        break;
    }
  }
}

}  // namespace

std::vector<std::string> in_scope(const group& g) {
  std::vector<std::string> out;
  collect_in_scope(g, out);
  return out;
}

void condition_variables(const expr& e, std::vector<std::string>& out) {
  if (e.k == expr::kind::leaf) {
    if (e.leaf.is_var()) add_var(out, e.leaf.text);
    return;
  }
  for (const auto& a : e.args) condition_variables(*a, out);
}

compare_mode mode_of(const query& q) {
  if ((q.head == query::head_kind::none || q.head == query::head_kind::star) && q.group_by.empty() &&
      in_scope(q.where).empty())
    return compare_mode::boolean;
  if (q.limit || q.offset) return compare_mode::count;
  return compare_mode::rows;
}

// --- kg --------------------------------------------------------------------------

namespace {

std::string kg_node(const node& n) {
  switch (n.k) {
    case node::kind::variable:
      return "?" + n.text;
    case node::kind::name:
      return n.quoted ? quote(n.text) : n.text;
    case node::kind::literal:
      return to_cell(n.value);
  }
  return {};
}

std::string kg_condition(const expr& e);

// A condition where kg's grammar wants a comparison (after `not`, or as an
// operand): compound conditions go in parentheses.
std::string kg_operand(const expr& e) {
  if (e.k == expr::kind::leaf || e.k == expr::kind::call || e.k == expr::kind::compare)
    return kg_condition(e);
  return "(" + kg_condition(e) + ")";
}

std::string kg_condition(const expr& e) {
  switch (e.k) {
    case expr::kind::leaf:
      return kg_node(e.leaf);
    case expr::kind::call: {
      std::string out = e.function + "(";
      for (std::size_t i = 0; i < e.args.size(); ++i) out += (i ? ", " : "") + kg_condition(*e.args[i]);
      return out + ")";
    }
    case expr::kind::compare: {
      std::string out = kg_operand(*e.args[0]);
      for (std::size_t i = 0; i < e.ops.size(); ++i) out += " " + e.ops[i] + " " + kg_operand(*e.args[i + 1]);
      return out;
    }
    case expr::kind::not_:
      return "not " + kg_operand(*e.args[0]);
    case expr::kind::and_:
    case expr::kind::or_: {
      // and binds tighter than or: only an or inside an and needs parentheses.
      const bool is_and = e.k == expr::kind::and_;
      std::string out;
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        const auto& a = *e.args[i];
        const bool paren = is_and ? a.k == expr::kind::or_ : false;
        out +=
            (i ? (is_and ? " and " : " or ") : "") + (paren ? "(" + kg_condition(a) + ")" : kg_condition(a));
      }
      return out;
    }
  }
  return {};
}

std::string kg_group(const group& g);

std::string kg_element(const element& e) {
  switch (e.k) {
    case element::kind::pattern: {
      const auto& p = e.pat;
      return kg_node(p.s) + " " + (p.inverse ? "^" : "") + kg_node(p.p) + p.repeat + " " + kg_node(p.o);
    }
    case element::kind::optional:
      return "optional { " + kg_group(e.groups[0]) + " }";
    case element::kind::not_:
      return "not { " + kg_group(e.groups[0]) + " }";
    case element::kind::union_: {
      std::string out;
      for (std::size_t i = 0; i < e.groups.size(); ++i)
        out += (i ? " or { " : "{ ") + kg_group(e.groups[i]) + " }";
      return out;
    }
    case element::kind::filter:
      return "filter " + kg_condition(*e.condition);
  }
  return {};
}

std::string kg_group(const group& g) {
  std::string out;
  for (std::size_t i = 0; i < g.elements.size(); ++i) {
    // After a filter a '.' ends the condition: "and" followed by a pattern
    // would join the next pattern to it.
    if (i) out += g.elements[i - 1].k == element::kind::filter ? " . " : " ";
    out += kg_element(g.elements[i]);
  }
  return out;
}

}  // namespace

std::string to_kg(const query& q) {
  std::string out;
  switch (q.head) {
    case query::head_kind::none:
      break;
    case query::head_kind::star:
      out = std::string("select ") + (q.distinct ? "distinct " : "") + "* where ";
      break;
    case query::head_kind::select:
      out = std::string("select ") + (q.distinct ? "distinct" : "");
      for (const auto& v : q.vars) out += (out.back() == ' ' ? "?" : " ?") + v;
      out += " where ";
      break;
    case query::head_kind::count:
      out = std::string("count ") + (q.distinct ? "distinct " : "");
      for (const auto& v : q.vars) out += "?" + v + " ";
      out += "where ";
      break;
  }
  out += kg_group(q.where);
  if (!q.group_by.empty()) {
    out += " group by";
    for (const auto& v : q.group_by) out += " ?" + v;
  }
  if (!q.order_by.empty()) {
    out += " order by";
    for (const auto& [v, desc] : q.order_by) out += " ?" + v + (desc ? " desc" : "");
  }
  if (q.limit) out += " limit " + std::to_string(*q.limit);
  if (q.offset) out += " offset " + std::to_string(*q.offset);
  return out;
}

// --- SPARQL ----------------------------------------------------------------------

namespace {

const std::string xsd_integer = "<http://www.w3.org/2001/XMLSchema#integer>";
// An expression whose evaluation is an error: SQL's NULL where kg compares
// a value that has no number with a number.
const std::string sparql_error = "(1/0)";

class sparql_writer {
 public:
  // plain: SPARQL's own operators and functions, as a SPARQL user writes
  // them, rather than the expressions that mean what kg's do; `refused`
  // says why a query has no plain form.
  explicit sparql_writer(const graph& g, bool plain = false) : g_(g), plain_(plain) {}
  const std::string& refusal() const { return refused_; }

  // A pattern position, or a constant in a filter compared as a term. A
  // name resolves as kg resolves it (case-blind); a quoted one that is no
  // entity is text.
  std::string term_of(const node& n) const {
    switch (n.k) {
      case node::kind::variable:
        return "?" + n.text;
      case node::kind::literal:
        return to_ntriples(n.value);
      case node::kind::name: {
        if (auto e = g_.entity_named(n.text)) return to_ntriples(entity(*e));
        if (n.quoted) return quote(n.text);
        return to_ntriples(entity(n.text));  // an unknown name: kg refuses the query
      }
    }
    return {};
  }

  // in_not: inside a not group, where the answer it tests is substituted
  // everywhere, nested groups included.
  std::string group(const oracle::group& g, int indent, bool in_not = false) const {
    const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
    std::string out = "{\n";
    // In the order written (docs/query-language.md, "What a query means"):
    // a filter and a not group hold for the whole group wherever they
    // stand, in kg as in SPARQL.
    for (const auto& e : g.elements) {
      out += pad + "  ";
      switch (e.k) {
        case element::kind::pattern:
          out += pattern(e.pat) + " .";
          break;
        case element::kind::union_:
          for (std::size_t i = 0; i < e.groups.size(); ++i)
            out += (i ? " UNION " : "") + alone(e.groups[i], indent, in_not);
          break;
        case element::kind::optional:
          out += "OPTIONAL " + group(e.groups[0], indent + 1, in_not);
          break;
        case element::kind::not_:
          out += "FILTER NOT EXISTS " + group(e.groups[0], indent + 1, true);
          break;
        case element::kind::filter:
          out += "FILTER(" + truth(*e.condition) + ")";
          break;
      }
      out += "\n";
    }
    return out + pad + "}";
  }

 private:
  // A nested group or union branch is evaluated on its own. Oxigraph
  // 0.5.11 evaluates one with the outer answer's bindings (a bind join)
  // and so lets its FILTER NOT EXISTS see variables bound only outside; a
  // subquery keeps it apart, and means the same: the projection of a
  // group on its in-scope variables is the group. Not inside a not group:
  // there the tested answer's terms replace its variables everywhere
  // (kg and SPARQL's substitute), and a subquery would hide them.
  static bool has_filter(const oracle::group& g) {
    return std::any_of(g.elements.begin(), g.elements.end(), [](const element& e) {
      return e.k == element::kind::filter || e.k == element::kind::not_ ||
             std::any_of(e.groups.begin(), e.groups.end(), has_filter);
    });
  }

  std::string alone(const oracle::group& g, int indent, bool in_not) const {
    if (in_not || !has_filter(g)) return group(g, indent + 1, in_not);
    if (plain_) refuse("a nested group with a filter (Oxigraph joins it with the outer answer)");
    return "{ SELECT * WHERE " + group(g, indent + 1) + " }";
  }

  std::string pattern(const oracle::pattern& p) const {
    std::string path = (p.inverse ? "^" : "") + term_of(p.p) + p.repeat;
    return term_of(p.s) + " " + path + " " + term_of(p.o);
  }

  // A value in a filter, the way kg's compiler sees it (store/query.cpp,
  // struct value): its term (for = and !=), its number (SQL NULL for
  // anything but integers, decimals and numeric functions) and its text
  // (an entity's name, a literal's lexical form).
  struct value {
    std::string id;           // empty: not a term (a function's result)
    bool numeric = false;     // a number constant or a numeric function
    bool number_null = true;  // kg's number is NULL whatever the row
    bool variable = false;
    std::string number, text;
  };

  // kg's text of a term: an entity's name, else the lexical form (an
  // IRI's text is the IRI). Error when unbound, as SQL's NULL.
  static std::string text_of_term(const std::string& t) {
    return "REPLACE(STR(" + t + "), \"^urn:kg:e:\", \"\")";
  }

  value evaluate(const expr& e, bool in_call) const {
    value v;
    if (e.k == expr::kind::call) return call(e);
    if (e.k != expr::kind::leaf) {
      // A condition used as a value: kg reads its truth as 0 or 1. The
      // generator does not write these.
      v.numeric = true;
      v.number_null = false;
      v.number = v.text = "IF(" + truth(e) + ", 1, 0)";
      return v;
    }
    const node& n = e.leaf;
    switch (n.k) {
      case node::kind::variable:
        v.id = "?" + n.text;
        v.variable = true;
        v.number_null = false;
        v.number = "(?" + n.text + " + 0)";  // an error for anything but a number, as num is NULL
        v.text = text_of_term(v.id);
        break;
      case node::kind::literal:
        v.id = to_ntriples(n.value);
        v.text = quote(n.value.lex);
        if (numeric_value(n.value)) {
          v.numeric = true;
          v.number_null = false;
          v.number = v.id;
        }
        break;
      case node::kind::name:
        // A quoted string given to a function is text; elsewhere a name is
        // the entity it names (a quoted one that names none: text). Its
        // text is the name as written.
        v.id = in_call && n.quoted ? quote(n.text) : term_of(n);
        v.text = quote(n.text);
        break;
    }
    return v;
  }

  value call(const expr& c) const {
    value v;
    const auto& fn = c.function;
    auto text_arg = [&](std::size_t i) { return evaluate(*c.args[i], true).text; };
    if (fn == "lower" || fn == "upper") {
      v.text = (fn == "lower" ? "LCASE(" : "UCASE(") + text_arg(0) + ")";
    } else if (fn == "length") {
      v.numeric = true;
      v.number_null = false;
      v.number = v.text = "STRLEN(" + text_arg(0) + ")";
    } else if (fn == "year" || fn == "month" || fn == "day") {
      // kg: CAST(nullif(substr(text, from, len), '') AS INTEGER), and SQLite
      // casts the longest integer prefix (after blanks), 0 when there is none.
      const std::string from = fn == "year" ? "1" : fn == "month" ? "6" : "9", len = fn == "year" ? "4" : "2";
      const std::string sub = "SUBSTR(" + text_arg(0) + ", " + from + ", " + len + ")";
      v.numeric = true;
      v.number_null = false;
      v.number = v.text = "IF(STRLEN(" + sub + ") > 0, " + xsd_integer + "(CONCAT(REPLACE(" + sub +
                          ", \"^\\\\s*([+-]?).*$\", \"$1\", \"s\"), \"0\", REPLACE(" + sub +
                          ", \"^\\\\s*[+-]?([0-9]*).*$\", \"$1\", \"s\"))), " + sparql_error + ")";
    } else {
      // contains, starts_with, ends_with as values: their truth.
      v.numeric = true;
      v.number_null = false;
      v.number = v.text = "IF(" + test(c) + ", 1, 0)";
    }
    return v;
  }

  std::string test(const expr& c) const {
    const auto a = evaluate(*c.args[0], true).text, b = evaluate(*c.args[1], true).text;
    const std::string fn = c.function == "contains"      ? "CONTAINS"
                           : c.function == "starts_with" ? "STRSTARTS"
                                                         : "STRENDS";
    return fn + "(" + a + ", " + b + ")";
  }

  // store/query.cpp, compare(): = and != between two terms compare the
  // terms; a number on either side compares numbers; two variables compare
  // numbers when both are numbers, else text; anything else compares text.
  std::string compare(const value& a, const std::string& op, const value& b) const {
    if ((op == "=" || op == "!=") && !a.numeric && !b.numeric && !a.id.empty() && !b.id.empty())
      return std::string(op == "=" ? "" : "!") + "sameTerm(" + a.id + ", " + b.id + ")";
    if (a.numeric || b.numeric) {
      const auto num = [](const value& v) { return v.number_null ? sparql_error : v.number; };
      return num(a) + " " + op + " " + num(b);
    }
    if (!a.number_null && !b.number_null)
      return "IF(isNumeric(" + a.id + ") && isNumeric(" + b.id + "), " + a.id + " " + op + " " + b.id + ", " +
             a.text + " " + op + " " + b.text + ")";
    return a.text + " " + op + " " + b.text;
  }

 public:
  std::string truth(const expr& e) const {
    if (plain_) return plain_truth(e);
    switch (e.k) {
      case expr::kind::leaf:
        // A bare variable: bound. (kg refuses other bare values.)
        return e.leaf.is_var() ? "BOUND(?" + e.leaf.text + ")" : term_of(e.leaf);
      case expr::kind::call:
        if (e.function == "contains" || e.function == "starts_with" || e.function == "ends_with")
          return test(e);
        return evaluate(e, false).number;
      case expr::kind::compare: {
        std::string out = "(";
        for (std::size_t i = 0; i < e.ops.size(); ++i)
          out += (i ? " && " : "") +
                 compare(evaluate(*e.args[i], false), e.ops[i], evaluate(*e.args[i + 1], false));
        return out + ")";
      }
      case expr::kind::not_:
        return "!(" + truth(*e.args[0]) + ")";
      case expr::kind::and_:
      case expr::kind::or_: {
        std::string out = "(";
        for (std::size_t i = 0; i < e.args.size(); ++i)
          out += (i ? (e.k == expr::kind::and_ ? " && " : " || ") : "") + truth(*e.args[i]);
        return out + ")";
      }
    }
    return {};
  }

 private:
  void refuse(const std::string& why) const {
    if (refused_.empty()) refused_ = why;
  }

  static std::string sparql_name(const std::string& fn) {
    static const std::map<std::string, std::string> names = {
        {"contains", "CONTAINS"}, {"starts_with", "STRSTARTS"}, {"ends_with", "STRENDS"},
        {"lower", "LCASE"},       {"upper", "UCASE"},           {"length", "STRLEN"},
        {"year", "YEAR"},         {"month", "MONTH"},           {"day", "DAY"}};
    return names.at(fn);
  }

  std::string plain_value(const expr& e, bool in_call) const {
    if (e.k == expr::kind::call) {
      std::string out = sparql_name(e.function) + "(";
      for (std::size_t i = 0; i < e.args.size(); ++i) out += (i ? ", " : "") + plain_value(*e.args[i], true);
      return out + ")";
    }
    if (e.k != expr::kind::leaf) {
      refuse("a condition used as a value");
      return "?error";
    }
    const node& n = e.leaf;
    if (n.k == node::kind::name && in_call && n.quoted) return quote(n.text);
    return term_of(n);
  }

  std::string plain_truth(const expr& e) const {
    switch (e.k) {
      case expr::kind::leaf:
        if (!e.leaf.is_var()) refuse("a value as a condition");
        return "BOUND(?" + e.leaf.text + ")";
      case expr::kind::call:
        if (e.function != "contains" && e.function != "starts_with" && e.function != "ends_with")
          refuse("a function's value as a condition");
        return plain_value(e, false);
      case expr::kind::compare: {
        std::string out = "(";
        for (std::size_t i = 0; i < e.ops.size(); ++i)
          out += (i ? " && " : "") + plain_value(*e.args[i], false) + " " + e.ops[i] + " " +
                 plain_value(*e.args[i + 1], false);
        return out + ")";
      }
      case expr::kind::not_:
        return "!(" + plain_truth(*e.args[0]) + ")";
      case expr::kind::and_:
      case expr::kind::or_: {
        std::string out = "(";
        for (std::size_t i = 0; i < e.args.size(); ++i)
          out += (i ? (e.k == expr::kind::and_ ? " && " : " || ") : "") + plain_truth(*e.args[i]);
        return out + ")";
      }
    }
    return {};
  }

  const graph& g_;
  bool plain_ = false;
  mutable std::string refused_;
};

}  // namespace

namespace {

std::string render_sparql(const query& q, const sparql_writer& w) {
  const std::string where = w.group(q.where, 0);
  if (mode_of(q) == compare_mode::boolean) return "ASK " + where;
  std::string head = "SELECT ";
  if (q.head == query::head_kind::count) {
    for (const auto& v : q.group_by) head += "?" + v + " ";
    head += std::string("(COUNT(") + (q.distinct ? "DISTINCT " : "") +
            (q.vars.empty() ? "*" : "?" + q.vars[0]) + ") AS ?count)";
  } else {
    if (q.distinct) head += "DISTINCT ";
    const auto vars = q.head == query::head_kind::select ? q.vars
                      : !q.group_by.empty()              ? q.group_by
                                                         : in_scope(q.where);
    for (std::size_t i = 0; i < vars.size(); ++i) head += (i ? " ?" : "?") + vars[i];
  }
  std::string out = head + "\nWHERE " + where;
  if (!q.group_by.empty()) {
    out += "\nGROUP BY";
    for (const auto& v : q.group_by) out += " ?" + v;
  }
  // No ORDER BY: order is never compared (a multiset of rows, or with limit
  // or offset their number, is the same in any order), and Oxigraph 0.5.11
  // panics when its ordering of mixed terms turns out not to be total.
  if (q.limit) out += "\nLIMIT " + std::to_string(*q.limit);
  if (q.offset) out += "\nOFFSET " + std::to_string(*q.offset);
  return out;
}

}  // namespace

std::string to_sparql(const query& q, const graph& g) { return render_sparql(q, sparql_writer(g)); }

std::string to_plain_sparql(const query& q, const graph& g, std::string& refused) {
  const sparql_writer w(g, true);
  auto out = render_sparql(q, w);
  refused = w.refusal();
  return refused.empty() ? out : std::string();
}

// --- what cannot be compared ------------------------------------------------------

namespace {

std::string incomparable_in(const group& g, const graph& data) {
  for (const auto& e : g.elements) {
    if (e.k == element::kind::pattern && e.pat.repeat == "*") {
      const auto& p = e.pat;
      if (p.s.is_var() && p.o.is_var()) {
        // Zero steps between two variables: kg gives every node the
        // predicate touches, SPARQL every node of the graph. They agree
        // when a plain pattern of the same predicate in the same group binds
        // one of the ends (to a node the predicate touches).
        const bool restricted = std::any_of(g.elements.begin(), g.elements.end(), [&](const element& c) {
          if (c.k != element::kind::pattern || !c.pat.repeat.empty() || !(c.pat.p == p.p)) return false;
          for (const node* end : {&p.s, &p.o})
            if (c.pat.s == *end || c.pat.o == *end) return true;
          return false;
        });
        if (!restricted)
          return "a p* path between two variables (documented: zero steps pair every node the predicate "
                 "touches)";
      }
      for (const node* end : {&p.s, &p.o}) {
        // Zero steps from a constant give the constant, in SPARQL whether
        // or not the graph holds it; Oxigraph 0.5.11 gives it only when the
        // graph does.
        if (end->k == node::kind::literal && !data.has_term(end->value))
          return "a p* path from a value the graph does not hold (Oxigraph gives no zero-step answer)";
        if (end->k == node::kind::name && end->quoted && !data.entity_named(end->text) &&
            !data.has_term(term{term_kind::text, end->text, {}}))
          return "a p* path from a text the graph does not hold (Oxigraph gives no zero-step answer)";
      }
    }
    for (const auto& b : e.groups)
      if (auto d = incomparable_in(b, data); !d.empty()) return d;
  }
  return {};
}

}  // namespace

std::string incomparable(const query& q, const graph& g) { return incomparable_in(q.where, g); }

}  // namespace kg::oracle
