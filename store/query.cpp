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
  std::int64_t predicate_facts = 0;  // from predicate_stats, for join order
};

class compiler {
 public:
  compiler(triple_store& store, const query::parsed_query& q) : db_(store.db()), q_(q) {}

  struct output {
    std::string sql;
    std::vector<std::int64_t> params;
    std::vector<std::string> columns;
    bool count = false;
  };

  output compile(const ast::pattern_query& pq) {
    if (!pq.group_by.empty()) fail(pq.group_by.front(), "group by is not supported yet");
    if (pq.with_sources) fail(pq, "'with sources' is not supported yet");
    for (const auto& e : pq.where.elements) patterns_.push_back(to_pattern(e));
    order_patterns();

    output out;
    std::string from, where;
    auto add_where = [&](const std::string& c) { where += (where.empty() ? " WHERE " : " AND ") + c; };
    auto param = [&](std::int64_t v) {
      out.params.push_back(v);
      return "?" + std::to_string(out.params.size());
    };
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
    for (std::size_t i = 0; i < compiled.params.size(); ++i) st.bind(static_cast<int>(i + 1), compiled.params[i]);
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
