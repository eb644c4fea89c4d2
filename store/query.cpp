// Compiling pattern queries to one SQL statement. Each pattern reads the
// permutation table whose key starts with its bound positions (constants,
// and variables bound by patterns joined before it); patterns are joined
// most-bound first, then by the predicate's fact count. Names, values and
// limits are bound parameters; no text of the query reaches the SQL.
#include "store/query.hpp"

#include "parser/statement.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <variant>

namespace kg::store {
namespace {

namespace ast = query::ast;

struct compile_error {
  std::size_t offset = 0;
  std::string message;
  std::string help;
};

// A position of a pattern: a constant term id or a variable.
struct slot {
  std::optional<std::int64_t> constant;
  std::string variable;
  std::size_t offset = 0;
};

struct pattern {
  slot s, p, o;
  std::vector<std::pair<std::int64_t, slot>> qualifiers;  // key id, value
  std::size_t offset = 0;
  query::span span;                  // where the pattern stands in the text
  std::int64_t predicate_facts = 0;  // from predicate_stats, for join order
};

class compiler {
 public:
  compiler(triple_store& store, const query::parsed_query& q) : db_(store.db()), q_(q) {}

  struct output {
    std::string sql;
    std::vector<std::variant<std::int64_t, double, std::string>> params;
    std::vector<std::string> columns;
    bool count = false;
  };

  // Whether a pattern, on its own, matches any fact: its constants only.
  bool matches_alone(std::size_t k) {
    const auto& pt = patterns_[k];
    std::string where;
    std::vector<std::int64_t> values;
    for (auto [sl, col] : {std::pair{&pt.s, "s"}, {&pt.p, "p"}, {&pt.o, "o"}}) {
      if (!sl->constant) continue;
      where += std::string(where.empty() ? " WHERE " : " AND ") + col + " = ?";
      values.push_back(*sl->constant);
    }
    const std::string table(facts_table_for(pt.s.constant.has_value(), pt.p.constant.has_value(),
                                            pt.o.constant.has_value()));
    auto st = db_.prepare("SELECT EXISTS (SELECT 1 FROM " + table + where + ")");
    for (std::size_t i = 0; i < values.size(); ++i) st.bind(static_cast<int>(i + 1), values[i]);
    return st.step() && st.int64(0) != 0;
  }

  // The first pattern in the query's text that matches nothing alone, as
  // the span of the text it was written as.
  std::optional<query::span> unmatched() {
    std::vector<std::size_t> by_text(patterns_.size());
    for (std::size_t k = 0; k < by_text.size(); ++k) by_text[k] = k;
    std::sort(by_text.begin(), by_text.end(),
              [&](std::size_t a, std::size_t b) { return patterns_[a].span.begin < patterns_[b].span.begin; });
    for (auto k : by_text)
      if (!matches_alone(k)) return patterns_[k].span;
    return std::nullopt;
  }

  output compile(const ast::pattern_query& pq) {
    if (!pq.group_by.empty()) fail(pq.group_by.front(), "group by is not supported yet");
    if (pq.with_sources) fail(pq, "'with sources' is not supported yet");
    std::vector<const ast::filter*> filters;
    for (const auto& e : pq.where.elements) {
      if (const auto* f = boost::get<ast::filter>(&e.get()))
        filters.push_back(f);
      else
        patterns_.push_back(to_pattern(e));
    }
    order_patterns();

    output out;
    std::string from, where;
    auto add_where = [&](const std::string& c) { where += (where.empty() ? " WHERE " : " AND ") + c; };
    auto param = [&](std::int64_t v) {
      out.params.push_back(v);
      return "?" + std::to_string(out.params.size());
    };
    params_ = &out.params;
    for (std::size_t k = 0; k < patterns_.size(); ++k) {
      const auto& pt = patterns_[k];
      const std::string f = "f" + std::to_string(k);
      auto bound = [&](const slot& sl) { return sl.constant || vars_.count(sl.variable); };
      const std::string table(facts_table_for(bound(pt.s), bound(pt.p), bound(pt.o)));
      from += (from.empty() ? "" : " CROSS JOIN ") + table + " " + f;
      auto place = [&](const slot& sl, const std::string& column) {
        if (sl.constant) return add_where(column + " = " + param(*sl.constant));
        if (auto it = vars_.find(sl.variable); it != vars_.end()) return add_where(column + " = " + it->second);
        vars_.emplace(sl.variable, column);
        order_.push_back(sl.variable);
      };
      place(pt.s, f + ".s");
      place(pt.p, f + ".p");
      place(pt.o, f + ".o");
      for (std::size_t j = 0; j < pt.qualifiers.size(); ++j) {
        const std::string q = f + "q" + std::to_string(j);
        from += " CROSS JOIN qualifiers " + q;
        add_where(q + ".s = " + f + ".s AND " + q + ".p = " + f + ".p AND " + q + ".o = " + f + ".o");
        add_where(q + ".key = " + param(pt.qualifiers[j].first));
        if (j > 0) add_where(q + ".grp = " + f + "q0.grp");  // one statement's qualifiers
        place(pt.qualifiers[j].second, q + ".value");
      }
    }

    // Filters hold for the whole group, wherever they stand in it.
    for (const auto* f : filters) add_where(condition(f->condition));

    // What to return.
    std::vector<std::string> selected;
    std::string select;
    if (pq.head && pq.head->kind == "count") {
      out.count = true;
      out.columns = {"count"};
      if (pq.head->variables.empty()) {
        select = pq.head->distinct ? "count(*) FROM (SELECT DISTINCT " + all_variables() + " FROM " : "count(*)";
      } else {
        const auto& v = pq.head->variables.front();
        select = std::string("count(") + (pq.head->distinct ? "DISTINCT " : "") + variable_column(v) + ")";
      }
    } else {
      if (pq.head && !pq.head->variables.empty()) {
        for (const auto& v : pq.head->variables) {
          variable_column(v);
          selected.push_back(v.name);
        }
      } else {
        selected = textual_;  // select * lists variables as the query first mentions them
      }
      for (std::size_t i = 0; i < selected.size(); ++i) {
        const std::string t = "t" + std::to_string(i);
        select += std::string(i ? ", " : "") + t + ".kind, " + t + ".lex, " + t + ".dt";
        out.columns.push_back(selected[i]);
      }
      if (selected.empty()) select = "1";
    }
    std::string joins;
    for (std::size_t i = 0; i < selected.size(); ++i) {
      const std::string t = "t" + std::to_string(i);
      joins += " JOIN terms " + t + " ON " + t + ".id = " + vars_.at(selected[i]);
    }
    std::string order;
    for (const auto& key : pq.order_by) {
      const auto column = variable_column(key.var);
      const std::string t = "o" + std::to_string(&key - pq.order_by.data());
      joins += " JOIN terms " + t + " ON " + t + ".id = " + column;
      const std::string dir = key.direction == "desc" ? " DESC" : "";
      order += (order.empty() ? " ORDER BY " : ", ") + t + ".num" + dir + ", " + t + ".lex" + dir;
    }
    const bool distinct = pq.head && pq.head->distinct && !out.count;
    if (out.count && pq.head->variables.empty() && pq.head->distinct) {
      out.sql = "SELECT " + select + from + where + ")";
    } else {
      out.sql = std::string("SELECT ") + (distinct ? "DISTINCT " : "") + select + " FROM " + from + joins + where + order;
    }
    if (pq.limit || pq.offset) {
      out.sql += " LIMIT " + param(pq.limit ? static_cast<std::int64_t>(*pq.limit) : -1);
      if (pq.offset) out.sql += " OFFSET " + param(static_cast<std::int64_t>(*pq.offset));
    }
    return out;
  }

 private:
  // A value in a filter, as SQL: the term id it stands for (when it is a
  // term), and expressions for its numeric value and its text.
  struct value {
    std::string id, number, text;
    bool numeric = false;  // a number constant or a numeric function
  };

  std::string bind(std::variant<std::int64_t, double, std::string> v) {
    params_->push_back(std::move(v));
    return "?" + std::to_string(params_->size());
  }

  // The SQL condition of a filter expression.
  std::string condition(const ast::expression& e) {
    std::string sql;
    if (e.rest.empty()) {
      sql = truth(e.first);
    } else if (e.rest.front().op == "and" || e.rest.front().op == "or") {
      sql = "(" + truth(e.first);
      for (const auto& op : e.rest) sql += (op.op == "and" ? " AND " : " OR ") + truth(op.rhs);
      sql += ")";
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

  std::string compare(const value& a, const std::string& op, const value& b) {
    const std::string sql_op = op == "!=" ? "<>" : op;
    if ((op == "=" || op == "!=") && !a.numeric && !b.numeric && !a.id.empty() && !b.id.empty())
      return a.id + " " + sql_op + " " + b.id;
    if (a.numeric || b.numeric) return a.number + " " + sql_op + " " + b.number;
    return a.text + " " + sql_op + " " + b.text;
  }

  // An operand used as a condition on its own.
  std::string truth(const ast::operand& o) {
    if (const auto* e = boost::get<boost::spirit::x3::forward_ast<ast::expression>>(&o.get()))
      return condition(e->get());
    if (const auto* c = boost::get<boost::spirit::x3::forward_ast<ast::call>>(&o.get())) {
      const auto v = call(c->get());
      if (v.numeric || v.id.empty()) return "(" + (v.numeric ? v.number : v.text) + ")";
    }
    if (const auto* var = boost::get<ast::variable>(&o.get())) return "(" + variable_column(*var) + " IS NOT NULL)";
    fail_operand(o, "expected a condition here, such as ?x > 3 or contains(?name, \"Lei\")");
  }

  [[noreturn]] void fail_operand(const ast::operand& o, const std::string& message) {
    fail(boost::apply_visitor([](const auto& x) -> const boost::spirit::x3::position_tagged& { return x; }, o),
         message);
  }

  value evaluate(const ast::operand& o) {
    value v;
    if (const auto* var = boost::get<ast::variable>(&o.get())) {
      v.id = variable_column(*var);
      v.number = "(SELECT num FROM terms WHERE id = " + v.id + ")";
      v.text = "(SELECT lex FROM terms WHERE id = " + v.id + ")";
    } else if (const auto* lit = boost::get<ast::literal>(&o.get())) {
      const term t = *parse_cell(lit->text).value;
      v.id = bind(find_term(t).value_or(-1));
      v.text = bind(t.lex);
      if (auto n = numeric_value(t)) {
        v.numeric = true;
        v.number = bind(*n);
      } else {
        v.number = "NULL";
      }
    } else if (const auto* name = boost::get<ast::name>(&o.get())) {
      auto id = find_entity(name->text, name);
      if (!id && name->quoted) id = find_term(term{term_kind::text, name->text, {}});
      v.id = bind(id.value_or(-1));
      v.text = bind(name->text);
      v.number = "NULL";
    } else if (const auto* c = boost::get<boost::spirit::x3::forward_ast<ast::call>>(&o.get())) {
      v = call(c->get());
    } else {
      const auto& e = boost::get<boost::spirit::x3::forward_ast<ast::expression>>(o.get()).get();
      v.number = v.text = "(" + condition(e) + ")";
      v.numeric = true;
    }
    return v;
  }

  // Functions: contains, starts_with, ends_with (text tests); lower, upper
  // (text); year, month, day (numbers from a date); length (a number).
  value call(const ast::call& c) {
    const auto& fn = c.function;
    auto arg = [&](std::size_t i) {
      if (i >= c.arguments.size())
        fail(c, fn + " needs " + std::to_string(i + 1) + " argument" + (i ? "s" : ""));
      return evaluate_expression(c.arguments[i]);
    };
    const std::size_t wanted = fn == "contains" || fn == "starts_with" || fn == "ends_with" ? 2 : 1;
    value v;
    if (fn == "contains" || fn == "starts_with" || fn == "ends_with") {
      const auto a = arg(0), b = arg(1);
      v.text = fn == "contains"      ? "instr(" + a.text + ", " + b.text + ") > 0"
               : fn == "starts_with" ? "substr(" + a.text + ", 1, length(" + b.text + ")) = " + b.text
                                     : "substr(" + a.text + ", -length(" + b.text + ")) = " + b.text;
      v.number = "NULL";
    } else if (fn == "lower" || fn == "upper") {
      v.text = fn + "(" + arg(0).text + ")";
      v.number = "NULL";
    } else if (fn == "year" || fn == "month" || fn == "day") {
      const int from = fn == "year" ? 1 : fn == "month" ? 6 : 9, len = fn == "year" ? 4 : 2;
      v.number = "CAST(nullif(substr(" + arg(0).text + ", " + std::to_string(from) + ", " + std::to_string(len) +
                 "), '') AS INTEGER)";
      v.text = v.number;
      v.numeric = true;
    } else if (fn == "length") {
      v.number = v.text = "length(" + arg(0).text + ")";
      v.numeric = true;
    } else {
      fail(c, "unknown function '" + fn + "'",
           "functions: contains, starts_with, ends_with, lower, upper, year, month, day, length");
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

  [[noreturn]] void fail(const boost::spirit::x3::position_tagged& node, std::string message, std::string help = {}) {
    throw compile_error{q_.span_of(node).begin, std::move(message), std::move(help)};
  }

  std::string all_variables() const {
    std::string cols;
    for (const auto& v : order_) cols += (cols.empty() ? "" : ", ") + vars_.at(v);
    return cols.empty() ? "1" : cols;
  }

  std::string variable_column(const ast::variable& v) {
    auto it = vars_.find(v.name);
    if (it == vars_.end()) fail(v, "?" + v.name + " is not bound by any pattern");
    return it->second;
  }

  pattern to_pattern(const ast::element& e) {
    const auto* t = boost::get<ast::triple>(&e.get());
    if (!t) {
      struct name_of {
        std::string operator()(const ast::optional_group&) const { return "optional groups"; }
        std::string operator()(const ast::not_group&) const { return "not groups"; }
        std::string operator()(const ast::union_group&) const { return "or groups"; }
        std::string operator()(const ast::filter&) const { return "filters"; }
        std::string operator()(const ast::triple&) const { return "patterns"; }
      };
      const auto& tagged = boost::apply_visitor(
          [](const auto& x) -> const boost::spirit::x3::position_tagged& { return x; }, e);
      fail(tagged, boost::apply_visitor(
                       [](const auto& x) { return name_of{}(x); }, e) + " are not supported yet");
    }
    if (!t->predicate.repeat.empty()) fail(t->predicate, "paths with + or * are not supported yet");
    pattern p;
    p.offset = q_.span_of(*t).begin;
    p.span = q_.span_of(*t);
    p.s = to_slot(t->subject, false);
    p.p = to_slot(t->predicate.predicate, true);
    p.o = to_slot(t->object, false);
    if (t->predicate.inverse) std::swap(p.s, p.o);
    for (const auto& qual : t->qualifiers) {
      auto key = find_entity(qual.key);
      if (!key) fail(qual, "unknown qualifier '" + qual.key + "'", "qualifiers in this store: " + list_keys());
      p.qualifiers.emplace_back(*key, to_slot(qual.value, false));
    }
    if (p.p.constant) {
      auto st = db_.prepare("SELECT facts FROM predicate_stats WHERE p = ?");
      st.bind(1, *p.p.constant);
      p.predicate_facts = st.step() ? st.int64(0) : 0;
    }
    return p;
  }

  slot to_slot(const ast::node& n, bool is_predicate) {
    slot sl;
    sl.offset = q_.span_of(boost::apply_visitor(
        [](const auto& x) -> const boost::spirit::x3::position_tagged& { return x; }, n)).begin;
    if (const auto* v = boost::get<ast::variable>(&n.get())) {
      sl.variable = v->name;
      if (std::find(textual_.begin(), textual_.end(), v->name) == textual_.end()) textual_.push_back(v->name);
    } else if (const auto* l = boost::get<ast::literal>(&n.get())) {
      sl.constant = find_term(*parse_cell(l->text).value).value_or(-1);  // -1 matches nothing
    } else {
      const auto& name = boost::get<ast::name>(n.get());
      auto id = find_entity(name.text, &name);
      if (!id && name.quoted) id = find_term(term{term_kind::text, name.text, {}});
      if (!id) {
        if (is_predicate)
          fail(name, "unknown predicate '" + name.text + "'", "predicates in this store: " + list_predicates());
        fail(name, "unknown name '" + name.text + "'", suggestions(name.text));
      }
      sl.constant = *id;
    }
    return sl;
  }

  // The entity of a name, case-blind; an exact-case match wins over others.
  std::optional<std::int64_t> find_entity(const std::string& text, const ast::name* node = nullptr) {
    auto st = db_.prepare("SELECT id, lex FROM terms WHERE kind = 1 AND lex = ?1 COLLATE NOCASE");
    st.bind(1, std::string_view(text));
    std::vector<std::pair<std::int64_t, std::string>> found;
    while (st.step()) found.emplace_back(st.int64(0), std::string(st.text(1)));
    if (found.empty()) return std::nullopt;
    for (const auto& [id, lex] : found)
      if (lex == text) return id;
    if (found.size() > 1 && node) {
      std::string names;
      for (const auto& [id, lex] : found) names += (names.empty() ? "" : ", ") + lex;
      fail(*node, "the name '" + text + "' is ambiguous", "it could be: " + names);
    }
    return found.front().first;
  }

  std::optional<std::int64_t> find_term(const term& t) {
    auto st = db_.prepare("SELECT id, kind, lex, dt FROM terms WHERE hash = ?");
    st.bind(1, term_hash(t));
    while (st.step())
      if (static_cast<term_kind>(st.int64(1)) == t.kind && st.text(2) == t.lex && st.text(3) == t.dt)
        return st.int64(0);
    return std::nullopt;
  }

  std::string list_predicates() {
    auto st = db_.prepare(
        "SELECT t.lex FROM predicate_stats ps JOIN terms t ON t.id = ps.p WHERE ps.facts > 0 "
        "ORDER BY ps.facts DESC, t.lex LIMIT 12");
    std::string out;
    while (st.step()) out += (out.empty() ? "" : ", ") + std::string(st.text(0));
    return out.empty() ? "none" : out;
  }

  std::string list_keys() {
    auto st = db_.prepare(
        "SELECT DISTINCT t.lex FROM qualifiers q JOIN terms t ON t.id = q.key ORDER BY t.lex LIMIT 12");
    std::string out;
    while (st.step()) out += (out.empty() ? "" : ", ") + std::string(st.text(0));
    return out.empty() ? "none" : out;
  }

  // Names that contain the unknown one (or its first word).
  std::string suggestions(const std::string& text) {
    std::string probe = text.substr(0, text.find(' '));
    auto st = db_.prepare(
        "SELECT lex FROM terms WHERE kind = 1 AND instr(lower(lex), lower(?1)) > 0 ORDER BY length(lex), lex LIMIT 5");
    st.bind(1, std::string_view(probe));
    std::string out;
    while (st.step()) out += (out.empty() ? "" : ", ") + std::string(st.text(0));
    return out.empty() ? "" : "did you mean: " + out;
  }

  // Most-bound patterns first, then the rarer predicate; a pattern's
  // variables count as bound once an earlier pattern binds them.
  void order_patterns() {
    std::vector<pattern> ordered;
    std::map<std::string, bool> bound;
    auto score = [&](const pattern& p) {
      int n = 0;
      for (const slot* sl : {&p.s, &p.p, &p.o}) n += sl->constant || bound.count(sl->variable);
      return n;
    };
    while (!patterns_.empty()) {
      auto best = std::max_element(patterns_.begin(), patterns_.end(), [&](const pattern& a, const pattern& b) {
        const int sa = score(a), sb = score(b);
        if (sa != sb) return sa < sb;
        return a.predicate_facts > b.predicate_facts;
      });
      for (const slot* sl : {&best->s, &best->p, &best->o})
        if (!sl->constant) bound[sl->variable] = true;
      for (const auto& q : best->qualifiers)
        if (!q.second.constant) bound[q.second.variable] = true;
      ordered.push_back(std::move(*best));
      patterns_.erase(best);
    }
    patterns_ = std::move(ordered);
  }

  database& db_;
  const query::parsed_query& q_;
  std::vector<pattern> patterns_;
  std::map<std::string, std::string> vars_;  // variable -> SQL column that binds it
  std::vector<std::string> order_;           // variables in binding order
  std::vector<std::string> textual_;         // variables in the order of the text
  std::vector<std::variant<std::int64_t, double, std::string>>* params_ = nullptr;
};

}  // namespace

tl::expected<answer, query_error> run_query(triple_store& store, const query::parsed_query& q,
                                            std::string_view text, std::string_view source) {
  const auto* pq = boost::get<query::ast::pattern_query>(&q.tree.get());
  if (!pq) {
    auto d = diagnose_at(source, text, 0, "questions are not supported yet");
    d.help = "write the question as a pattern, e.g. ?who met Huang";
    return tl::unexpected(query_error{errc::input, render(d)});
  }
  try {
    auto& db = store.db();
    transaction snapshot(db, transaction::mode::read);
    compiler c(store, q);
    auto compiled = c.compile(*pq);
    auto st = db.prepare(compiled.sql);
    // A value's unused forms (its id, or its text) may leave trailing
    // parameters out of the statement: those are not bound.
    const auto used = static_cast<std::size_t>(sqlite3_bind_parameter_count(st.handle()));
    for (std::size_t i = 0; i < compiled.params.size() && i < used; ++i)
      std::visit([&](const auto& v) { st.bind(static_cast<int>(i + 1), v); }, compiled.params[i]);
    answer a;
    a.columns = compiled.columns;
    a.sql = compiled.sql;
    while (st.step()) {
      std::vector<term> row;
      if (compiled.count) {
        row.push_back(term{term_kind::integer, std::to_string(st.int64(0)), {}});
      } else {
        for (std::size_t i = 0; i < compiled.columns.size(); ++i) {
          const int c0 = static_cast<int>(i * 3);
          row.push_back(term{static_cast<term_kind>(st.int64(c0)), std::string(st.text(c0 + 1)),
                             std::string(st.text(c0 + 2))});
        }
      }
      a.rows.push_back(std::move(row));
    }
    if (a.rows.empty() && !compiled.count)
      if (auto at = c.unmatched()) a.unmatched_pattern = std::string(text.substr(at->begin, at->end - at->begin));
    return a;
  } catch (const compile_error& e) {
    auto d = diagnose_at(source, text, e.offset, e.message);
    d.help = e.help;
    return tl::unexpected(query_error{errc::input, render(d)});
  } catch (const sqlite_error& e) {
    const auto err = to_error(e, store.path());
    return tl::unexpected(query_error{err.code, "kg: error: " + err.message});
  }
}

}  // namespace kg::store
