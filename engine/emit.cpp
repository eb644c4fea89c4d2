#include "engine/emit.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "store/join.hpp"
#include "store/names.hpp"
#include "store/numbers.hpp"
#include "store/reach.hpp"

namespace kg::engine {
namespace {

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

std::string where_clause(const scope& sc) { return sc.where.empty() ? "" : " WHERE " + join_and(sc.where); }

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

std::string balanced(const std::vector<std::string>& terms, std::size_t begin, std::size_t end,
                     const char* op) {
  if (end - begin == 1) return terms[begin];
  const std::size_t mid = begin + (end - begin) / 2;
  return "(" + balanced(terms, begin, mid, op) + op + balanced(terms, mid, end, op) + ")";
}

[[noreturn]] void too_many(std::size_t offset, int max) {
  throw error::at(error_kind::limit, offset,
                  "too many patterns: a query joins " + std::to_string(max) + " of them at the most",
                  "split the query into smaller ones");
}

// The sources (source:line, "; " between) of the statements qs for which
// `condition` holds, given the parameters of the source and line keys.
std::string sources_text(const std::string& source_key, const std::string& line_key,
                         const std::string& condition) {
  return "(SELECT group_concat(x, '; ') FROM (SELECT DISTINCT st.lex || coalesce(':' || lt.lex, '') AS x "
         "FROM qualifiers qs JOIN terms st ON st.id = qs.value "
         "LEFT JOIN qualifiers ql ON ql.s = qs.s AND ql.p = qs.p AND ql.o = qs.o AND ql.grp = qs.grp AND "
         "ql.key = " +
         line_key + " LEFT JOIN terms lt ON lt.id = ql.value WHERE qs.key = " + source_key + " AND (" +
         condition + ") ORDER BY st.lex, lt.num))";
}

// A fact a row is built from, as SQL over the row's tables: the
// expressions it reads, the condition that picks its statements out of a
// qualifiers table (for sources; none for a path), and which expressions
// give its subject, predicate and object (to draw it; none for facts read
// several ways without their keys).
struct fact_ref {
  std::vector<std::string> exprs;
  std::function<std::string(const std::string& q, const std::vector<std::string>& e)> statements;
  std::optional<std::array<std::size_t, 3>> drawn;
};

class emitter {
 public:
  emitter(const dialect& d, const plan::select* s) : d_(d), s_(s) {}

  emitted select(const plan::select& s) {
    emitted out;
    scope top;
    group(s.where, top);
    statement st;
    head(s, top, st, out);
    order_clause(s, top, st);
    const auto tables = top.tables + decoded_ + static_cast<int>(s.order_by.size());
    if (tables > d_.max_tables())
      throw error::at(error_kind::limit, s.where.offset,
                      "this query joins " + std::to_string(tables) + " tables; a query joins " +
                          std::to_string(d_.max_tables()) + " at the most",
                      "split the query, or select fewer variables");
    out.sql = assemble(s, top, st);
    out.params = std::move(params_);
    return out;
  }

  emitted exists(const plan::pattern& p) {
    scope sc;
    pattern(p, sc);
    emitted out;
    out.sql = with() + "SELECT EXISTS (SELECT 1 FROM " + sc.from + where_clause(sc) + ")";
    out.params = std::move(params_);
    return out;
  }

 private:
  // --- the statement ------------------------------------------------------

  // The parts of the SELECT around the group's FROM and WHERE.
  struct statement {
    std::string select, joins, group, order, count;
    std::vector<std::string> selected;
    std::map<std::string, std::string> derived;  // variable -> column of the distinct answers
    std::string distinct_answers;
    bool distinct_rows = false;  // count distinct answers
  };

  std::string column_of(const std::string& v, const scope& top, const statement& st) const {
    if (auto it = st.derived.find(v); it != st.derived.end()) return it->second;
    auto b = lookup(top, v);
    return b ? b->column : "NULL";
  }

  void decode(const std::string& var, const std::string& column, statement& st, emitted& out) {
    const std::string t = "t" + std::to_string(decoded_++);
    st.joins += " LEFT JOIN terms " + t + " ON " + t + ".id = " + column;
    st.select += std::string(st.select.empty() ? "" : ", ") + t + ".kind, " + t + ".lex, " + t + ".dt";
    out.columns.push_back(var);
  }

  void head(const plan::select& s, const scope& top, statement& st, emitted& out) {
    const bool counting = s.kind == plan::projection::count;
    // count distinct with no variable counts distinct answers: per group,
    // the groups are read from a derived table of those answers.
    st.distinct_rows = counting && s.distinct && s.variables.empty();
    if (st.distinct_rows && !s.group_by.empty()) {
      for (const auto& [v, b] : top.own) {
        st.derived[v] = "d.v" + std::to_string(st.derived.size());
        st.distinct_answers += (st.distinct_answers.empty() ? "" : ", ") + b.column + " AS v" +
                               std::to_string(st.derived.size() - 1);
      }
    }
    if (!s.group_by.empty()) {
      for (const auto& v : s.group_by) {
        st.group += (st.group.empty() ? " GROUP BY " : ", ") + column_of(v, top, st);
        decode(v, column_of(v, top, st), st, out);
      }
    } else if (!counting) {
      if (s.ask) {
        // Nothing selected: the answer is whether a row exists.
      } else if (!s.variables.empty()) {
        st.selected = s.variables;
      } else {
        for (const auto& v : s.variables_in_text)
          if (top.own.count(v)) st.selected.push_back(v);  // select * lists variables as first written
      }
      for (const auto& v : st.selected) decode(v, column_of(v, top, st), st, out);
      out.ask = st.selected.empty();
    }
    if (counting) {
      out.count = true;
      // count distinct without a variable counts distinct rows: see assemble.
      st.count = !counted_.empty()     ? "coalesce(sum(" + counted_ + "), 0)"
                 : s.variables.empty() ? "count(*)"
                                       : std::string("count(") + (s.distinct ? "DISTINCT " : "") +
                                             column_of(s.variables.front(), top, st) + ")";
      st.select += std::string(st.select.empty() ? "" : ", ") + st.count;
      out.columns.push_back(s.count_name.empty() ? "count" : s.count_name);
    }
    if (s.with_sources) {
      st.select += (st.select.empty() ? "" : ", ") + sources_sql(s);
      out.columns.push_back("sources");
      out.sources = true;
    }
    if (s.collect_facts) {
      for (const auto& f : facts_)
        if (f.drawn) {
          st.select += (st.select.empty() ? "" : ", ") + f.exprs[(*f.drawn)[0]] + ", " +
                       f.exprs[(*f.drawn)[1]] + ", " + f.exprs[(*f.drawn)[2]];
          ++out.facts;
        }
    }
    if (st.select.empty()) st.select = "1";
  }

  void order_clause(const plan::select& s, const scope& top, statement& st) {
    for (std::size_t i = 0; i < s.order_by.size(); ++i) {
      const auto& key = s.order_by[i];
      const std::string dir = key.descending ? " DESC" : "";
      if (key.by_count) {
        st.order += (st.order.empty() ? " ORDER BY " : ", ") + st.count + dir;
        continue;
      }
      const std::string t = "o" + std::to_string(i);
      st.joins += " LEFT JOIN terms " + t + " ON " + t + ".id = " + column_of(key.variable, top, st);
      // SPARQL's order (15.1): unbound, blank nodes, IRIs, then literals;
      // dateTimes by the instant they name, in whatever time zone.
      if (s.sparql)
        st.order += std::string(st.order.empty() ? " ORDER BY " : ", ") + "CASE WHEN " + t +
                    ".id IS NULL THEN 0 WHEN " + t + ".kind = 3 THEN 1 WHEN " + t +
                    ".kind IN (1, 2) THEN 2 ELSE 3 END" + dir + ", CASE WHEN " + t + ".kind = 6 AND " + t +
                    ".dt = '" + std::string(kg::xsd::ns) + "dateTime' THEN julianday(" + t + ".lex) END" +
                    dir;
      // Numbers whose doubles tie are ordered by their exact values, then
      // by how they are written.
      st.order += (st.order.empty() ? " ORDER BY " : ", ") + t + ".num" + dir + ", CASE WHEN " + t +
                  ".num IS NOT NULL THEN " + t + ".lex END COLLATE " + store::exact_number_collation + dir +
                  ", " + t + ".lex" + dir;
    }
  }

  std::string assemble(const plan::select& s, const scope& top, const statement& st) {
    const bool distinct = s.remove_duplicates;
    const std::string where = where_clause(top);
    std::string sql;
    if (st.distinct_rows && s.group_by.empty())
      sql = with() + "SELECT count(*) FROM (SELECT DISTINCT " + all_variables(top) + " FROM " + top.from +
            where + ")";
    else if (st.distinct_rows)
      sql = with() + "SELECT " + st.select + " FROM (SELECT DISTINCT " + st.distinct_answers + " FROM " +
            top.from + where + ") d" + st.joins + st.group + st.order;
    else
      sql = with() + "SELECT " + (distinct ? "DISTINCT " : "") + st.select + " FROM " + top.from + st.joins +
            where + st.group + st.order;
    if (s.limit || s.offset) {
      sql += " LIMIT " + bind(s.limit ? *s.limit : -1);
      if (s.offset) sql += " OFFSET " + bind(*s.offset);
    }
    return sql;
  }

  std::string with() const {
    std::string out;
    for (const auto& c : ctes_) out += (out.empty() ? "WITH RECURSIVE " : ", ") + c;
    return out.empty() ? out : out + " ";
  }

  static std::string all_variables(const scope& sc) {
    std::string cols;
    for (const auto& [v, b] : sc.own) cols += (cols.empty() ? "" : ", ") + b.column;
    return cols.empty() ? "1" : cols;
  }

  // --- groups -------------------------------------------------------------

  // An ordered group: its elements in the order they run.
  void group(const plan::group& g, scope& sc) {
    for (std::size_t i = 0; i < g.elements.size(); ++i) {
      const auto& e = g.elements[i];
      if (const auto* p = std::get_if<plan::pattern>(&e); p && p->how == plan::access::join)
        i = add_join(g, i, sc) - 1;
      else if (p)
        pattern(*p, sc);
      else if (const auto* u = std::get_if<plan::union_of>(&e))
        add_union(*u, sc);
      else if (const auto* l = std::get_if<std::shared_ptr<plan::left_join>>(&e))
        add_optional(**l, sc);
      else if (const auto* a = std::get_if<std::shared_ptr<plan::anti_join>>(&e))
        add_not(**a, sc);
      else
        sc.where.push_back(condition(std::get<plan::filter>(e).condition, sc));
    }
  }

  void add_from(scope& sc, const std::string& item, std::optional<std::size_t> at) {
    sc.from += (sc.from.empty() ? "" : " CROSS JOIN ") + item;
    if (++sc.tables > d_.max_tables() && at) too_many(*at, d_.max_tables());
  }

  std::string alias(const char* prefix) { return prefix + std::to_string(aliases_++); }

  std::string bind(param_value v) {
    params_.push_back(std::move(v));
    return d_.parameter(params_.size());
  }

  // Places a slot at a column: a constant becomes a condition, and a
  // variable joins the column (a condition when the group sees it bound).
  void place(const plan::slot& sl, const std::string& column, scope& sc) {
    if (sl.constant) sc.where.push_back(column + " = " + bind(*sl.constant));
    if (!sl.variable.empty()) join_variable(sc, sl.variable, column, false);
  }

  void pattern(const plan::pattern& pt, scope& sc) {
    switch (pt.how) {
      case plan::access::walk:
      case plan::access::closure:
        return add_path(pt, sc);
      case plan::access::edges:
        return add_rewritten(pt, sc);
      case plan::access::counted:
        return add_counted(pt, sc);
      case plan::access::scan:
      case plan::access::join:  // an atom read alone reads its table
        break;
    }
    if (pt.qualifiers_first) return add_qualifiers_first(pt, sc);
    const std::string f = alias("f");
    add_from(sc, d_.table(pt.read) + " " + f, pt.begin);
    place(pt.s, f + ".s", sc);
    place(pt.p, f + ".p", sc);
    place(pt.o, f + ".o", sc);
    add_qualifiers(pt, f + ".s", f + ".p", f + ".o", sc);
    // With qualifiers, the sources are those of the matching statement only.
    if (pt.qualifiers.empty())
      facts_.push_back({{f + ".s", f + ".p", f + ".o"}, same_fact, std::array<std::size_t, 3>{0, 1, 2}});
    else
      facts_.push_back({{f + ".s", f + ".p", f + ".o", first_qualifier_ + ".grp"},
                        same_statement,
                        std::array<std::size_t, 3>{0, 1, 2}});
  }

  // A count's only pattern, counted by the counts every write keeps
  // (order.cpp, counted): a relation of counts n, by predicate p when the
  // predicate is a variable, that the head sums.
  void add_counted(const plan::pattern& pt, scope& sc) {
    std::string relation;
    if (!pt.p.constant) {
      relation = "(SELECT p, facts AS n FROM predicate_stats WHERE facts > 0)";
    } else if (pt.s.constant || pt.o.constant) {
      // A pair without a row has fewer than pair_count_floor facts.
      const bool subject = pt.s.constant.has_value();
      const std::string a = bind(subject ? *pt.s.constant : *pt.p.constant);
      const std::string b = bind(subject ? *pt.p.constant : *pt.o.constant);
      relation = subject ? "(SELECT coalesce((SELECT facts FROM subject_counts WHERE s = " + a +
                               " AND p = " + b + "), (SELECT count(*) FROM " + d_.table(plan::table::spo) +
                               " WHERE s = " + a + " AND p = " + b + ")) AS n)"
                         : "(SELECT coalesce((SELECT facts FROM object_counts WHERE p = " + a +
                               " AND o = " + b + "), (SELECT count(*) FROM " + d_.table(plan::table::pos) +
                               " WHERE p = " + a + " AND o = " + b + ")) AS n)";
    } else {
      relation = "(SELECT facts AS n FROM predicate_stats WHERE p = " + bind(*pt.p.constant) + ")";
    }
    const std::string r = alias("n");
    add_from(sc, relation + " " + r, pt.begin);
    if (!pt.p.constant) place(pt.p, r + ".p", sc);
    counted_ = r + ".n";
  }

  // The statements of the fact (s, p, o) = e[0..2]; of its statement e[3].
  static std::string same_fact(const std::string& q, const std::vector<std::string>& e) {
    return q + ".s = " + e[0] + " AND " + q + ".p = " + e[1] + " AND " + q + ".o = " + e[2];
  }
  static std::string same_statement(const std::string& q, const std::vector<std::string>& e) {
    return same_fact(q, e) + " AND " + q + ".grp = " + e[3];
  }

  // A qualified pattern read from the qualifier table (order.cpp): the
  // first qualifier's rows give the fact's positions, the others join them.
  void add_qualifiers_first(const plan::pattern& pt, scope& sc) {
    const std::string q = alias("q");
    add_from(sc, "qualifiers " + q, pt.begin);
    place(pt.s, q + ".s", sc);
    place(pt.p, q + ".p", sc);
    place(pt.o, q + ".o", sc);
    sc.where.push_back(q + ".key = " + bind(pt.qualifiers[0].key));
    first_qualifier_ = q;
    place(pt.qualifiers[0].value, q + ".value", sc);
    add_qualifiers(pt, q + ".s", q + ".p", q + ".o", sc, 1);
    facts_.push_back(
        {{q + ".s", q + ".p", q + ".o", q + ".grp"}, same_statement, std::array<std::size_t, 3>{0, 1, 2}});
  }

  void add_qualifiers(const plan::pattern& pt, const std::string& s, const std::string& p,
                      const std::string& o, scope& sc, std::size_t from = 0) {
    for (std::size_t j = from; j < pt.qualifiers.size(); ++j) {
      const std::string q = alias("q");
      add_from(sc, "qualifiers " + q, pt.begin);
      sc.where.push_back(q + ".s = " + s + " AND " + q + ".p = " + p + " AND " + q + ".o = " + o);
      sc.where.push_back(q + ".key = " + bind(pt.qualifiers[j].key));
      if (j > 0)
        sc.where.push_back(q + ".grp = " + first_qualifier_ + ".grp");  // one statement's qualifiers
      else
        first_qualifier_ = q;
      place(pt.qualifiers[j].value, q + ".value", sc);
    }
  }

  // (s o) pairs of a predicate read in every direction it holds, each pair
  // once: an arm skips pairs that an earlier arm gives. With fact keys,
  // one row per supporting fact, with columns fs fp fo.
  // With `ends`, the pattern whose constant ends constrain the relation:
  // each arm reads the table keyed by them (plan::edge_table).
  std::string edge_relation(const std::vector<store::edge>& edges, bool fact_keys,
                            const plan::pattern* ends = nullptr) {
    std::string sql = "(";
    for (std::size_t i = 0; i < edges.size(); ++i) {
      const auto& e = edges[i];
      const std::string x = alias("e");
      const std::string ls = x + (e.swapped ? ".o" : ".s"), lo = x + (e.swapped ? ".s" : ".o");
      const auto table = ends ? plan::edge_table(*ends, e) : plan::table::spo;
      sql += i ? " UNION ALL " : "";
      sql += "SELECT " + ls + " AS s, " + lo + " AS o";
      if (fact_keys) sql += ", " + x + ".s AS fs, " + x + ".p AS fp, " + x + ".o AS fo";
      sql += " FROM " + d_.table(table) + " " + x + " WHERE " + x + ".p = " + bind(e.predicate);
      if (!fact_keys)
        for (std::size_t j = 0; j < i; ++j) {
          const auto& earlier = edges[j];
          const std::string y = alias("x");
          sql += " AND NOT EXISTS (SELECT 1 FROM " + d_.table(plan::table::spo) + " " + y + " WHERE " + y +
                 ".s = " + (earlier.swapped ? lo : ls) + " AND " + y + ".p = " + bind(earlier.predicate) +
                 " AND " + y + ".o = " + (earlier.swapped ? ls : lo) + ")";
        }
    }
    return sql + ")";
  }

  void add_rewritten(const plan::pattern& pt, scope& sc) {
    const bool keys = !pt.qualifiers.empty();
    const std::string r = alias("r");
    add_from(sc, edge_relation(pt.edges, keys, &pt) + " " + r, pt.begin);
    place(pt.s, r + ".s", sc);
    place(pt.o, r + ".o", sc);
    if (keys) {
      add_qualifiers(pt, r + ".fs", r + ".fp", r + ".fo", sc);
      facts_.push_back({{r + ".fs", r + ".fp", r + ".fo", first_qualifier_ + ".grp"},
                        same_statement,
                        std::array<std::size_t, 3>{0, 1, 2}});
      return;
    }
    // e[0], e[1]: the pair's ends; e[2]: the predicate asked for; e[3 + i]:
    // edge i's predicate.
    fact_ref f{{r + ".s", r + ".o", bind(*pt.p.constant)}, nullptr, std::array<std::size_t, 3>{0, 2, 1}};
    for (const auto& e : pt.edges) f.exprs.push_back(bind(e.predicate));
    std::vector<bool> swapped;
    for (const auto& e : pt.edges) swapped.push_back(e.swapped);
    f.statements = [swapped](const std::string& q, const std::vector<std::string>& e) {
      std::string c = "(";
      for (std::size_t i = 0; i < swapped.size(); ++i)
        c += std::string(i ? " OR " : "") + "(" + q + ".s = " + e[swapped[i] ? 1 : 0] + " AND " + q +
             ".p = " + e[3 + i] + " AND " + q + ".o = " + e[swapped[i] ? 0 : 1] + ")";
      return c + ")";
    };
    facts_.push_back(std::move(f));
  }

  // The nodes a path of zero steps pairs with themselves, between two
  // variable ends: in SPARQL every subject and object of the graph; in
  // kg's language the nodes the path's predicate touches.
  std::string zero_step_nodes(const plan::pattern& pt) {
    const std::string from = s_ && s_->sparql ? d_.table(plan::table::spo) : edge_relation(pt.edges, false);
    return "SELECT s AS n FROM " + from + " UNION SELECT o FROM " + from;
  }

  // p+, p* and p?: from a constant end, a walk (kg_reach; p? reads one
  // step); between two variable ends, a recursive CTE of every pair.
  void add_path(const plan::pattern& pt, scope& sc) {
    const bool star = pt.rep == plan::repeat::zero_or_more;
    const bool at_most_one = pt.rep == plan::repeat::zero_or_one;
    std::string relation;
    if (pt.how == plan::access::walk) {
      // From a constant end, a walk gives the nodes reached; the constant
      // rides along in the relation read from it.
      const bool from_subject = pt.walk_from_subject;
      const std::string start = bind(from_subject ? *pt.s.constant : *pt.o.constant);
      std::string reached;
      if (at_most_one) {
        // The start itself, and its neighbours one step away.
        const std::string e = alias("e");
        reached = "SELECT " + start + " AS n UNION SELECT " + e + (from_subject ? ".o" : ".s") + " FROM " +
                  edge_relation(pt.edges, false, &pt) + " " + e + " WHERE " + e +
                  (from_subject ? ".s = " : ".o = ") + start;
      } else {
        std::vector<store::walk_step> steps;
        for (const auto& e : pt.edges) steps.push_back({e.predicate, from_subject != e.swapped});
        reached = d_.walk(start, bind(store::encode_steps(steps)), star);
      }
      relation = from_subject ? "(SELECT " + start + " AS s, n AS o FROM (" + reached + "))"
                              : "(SELECT n AS s, " + start + " AS o FROM (" + reached + "))";
    } else if (at_most_one) {
      relation = "(SELECT s, o FROM " + edge_relation(pt.edges, false) + " UNION SELECT n, n FROM (" +
                 zero_step_nodes(pt) + "))";
    } else {
      // The next step of a closure is read from the node reached: keyed by
      // its subject.
      plan::pattern from_subject;
      from_subject.s.constant = 0;
      const std::string c = alias("c");
      ctes_.push_back(c + "(s, o) AS (SELECT s, o FROM " + edge_relation(pt.edges, false) + " UNION SELECT " +
                      c + ".s, n.o FROM " + c + " JOIN " + edge_relation(pt.edges, false, &from_subject) +
                      " n ON n.s = " + c + ".o)");
      relation = c;
      if (star)
        relation = "(SELECT s, o FROM " + c + " UNION SELECT n, n FROM (" + zero_step_nodes(pt) + "))";
    }
    const std::string r = alias("r");
    add_from(sc, relation + " " + r, pt.begin);
    place(pt.s, r + ".s", sc);
    place(pt.o, r + ".o", sc);
    // The path, drawn as one edge; its steps have no sources of their own.
    facts_.push_back(
        {{r + ".s", bind(*pt.p.constant), r + ".o"}, nullptr, std::array<std::size_t, 3>{0, 1, 2}});
  }

  // --- worst-case optimal joins -------------------------------------------

  // The atoms of one join, g's elements from `first` on (order.cpp keeps
  // them together), as one kg_join table whose columns bind the join's
  // variables; each atom's fact is (subject, predicate, object) of those
  // columns and its constants. Returns the element after the last atom.
  std::size_t add_join(const plan::group& g, std::size_t first, scope& sc) {
    const auto& head = std::get<plan::pattern>(g.elements[first]);
    const auto& vars = head.join_variables;
    const std::string r = alias("j");
    auto column = [&](const plan::slot& sl) {
      const auto k = std::find(vars.begin(), vars.end(), sl.variable) - vars.begin();
      return r + ".v" + std::to_string(k);
    };
    store::join_spec spec;
    spec.variables = static_cast<int>(vars.size());
    std::vector<std::array<std::string, 3>> drawn;
    auto end_of = [&](const plan::slot& sl) {
      if (sl.constant) return store::join_end{false, *sl.constant};
      return store::join_end{true, std::find(vars.begin(), vars.end(), sl.variable) - vars.begin()};
    };
    std::size_t next = first;
    for (; next < g.elements.size(); ++next) {
      const auto* p = std::get_if<plan::pattern>(&g.elements[next]);
      if (!p || p->how != plan::access::join || p->join != head.join) break;
      spec.atoms.push_back({*p->p.constant, end_of(p->s), end_of(p->o)});
      drawn.push_back({p->s.constant ? bind(*p->s.constant) : column(p->s), bind(*p->p.constant),
                       p->o.constant ? bind(*p->o.constant) : column(p->o)});
    }
    add_from(sc, d_.join(bind(store::encode_join(spec))) + " " + r, head.begin);
    for (std::size_t k = 0; k < vars.size(); ++k)
      join_variable(sc, vars[k], r + ".v" + std::to_string(k), false);
    for (const auto& f : drawn)
      facts_.push_back({{f[0], f[1], f[2]}, same_fact, std::array<std::size_t, 3>{0, 1, 2}});
    return next;
  }

  // { A } or { B }: each branch is a SELECT of its own, evaluated on its
  // own (a not group's answer aside, which it sees); variables a branch
  // leaves unbound are NULL in its rows. The union joins the group.
  void add_union(const plan::union_of& u, scope& sc) {
    std::vector<scope> branches;
    std::vector<std::string> vars;
    // A branch's tables are not visible outside its SELECT: it exports the
    // expressions of its facts as columns (NULL in the other branches).
    std::vector<std::vector<fact_ref>> branch_facts;
    auto outer_facts = std::move(facts_);
    for (const auto& b : u.branches) {
      scope inner;
      inner.fixed = sc.fixed;
      facts_.clear();
      group(b, inner);
      if (inner.tables > d_.max_tables()) too_many(b.offset, d_.max_tables());
      for (const auto& v : s_->variables_in_text)
        if (inner.own.count(v) && std::find(vars.begin(), vars.end(), v) == vars.end()) vars.push_back(v);
      branches.push_back(std::move(inner));
      branch_facts.push_back(std::move(facts_));
    }
    facts_ = std::move(outer_facts);
    const std::string r = alias("u");
    if (!s_ || !(s_->with_sources || s_->collect_facts)) branch_facts.assign(branches.size(), {});
    std::size_t exported = 0;
    std::vector<std::vector<std::pair<std::string, std::string>>> columns(branches.size());  // (expr, name)
    for (std::size_t i = 0; i < branches.size(); ++i)
      for (auto& f : branch_facts[i]) {
        fact_ref out = f;
        for (std::size_t j = 0; j < f.exprs.size(); ++j) {
          const std::string name = "f" + std::to_string(exported++);
          columns[i].emplace_back(f.exprs[j], name);
          out.exprs[j] = r + "." + name;
        }
        facts_.push_back(std::move(out));
      }
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
      // Every fact column of every branch: this branch's, else NULL.
      for (std::size_t j = 0; j < branches.size(); ++j)
        for (const auto& [expr, name] : columns[j])
          sql += ", " + (j == i ? expr : std::string("NULL")) + " AS " + name;
      sql += " FROM " + b.from + where_clause(b);
    }
    sql += ")";
    add_from(sc, sql + " " + r, std::nullopt);
    for (std::size_t k = 0; k < vars.size(); ++k) {
      const bool maybe_null = std::any_of(branches.begin(), branches.end(), [&](const scope& b) {
        auto it = b.own.find(vars[k]);
        return it == b.own.end() || it->second.maybe_null;
      });
      join_variable(sc, vars[k], r + ".v" + std::to_string(k), maybe_null);
    }
  }

  // optional { G }: a LEFT JOIN of G's tables on G's conditions. G's own
  // patterns and filters see the answer it extends (their conditions go to
  // the ON clause); groups nested in G see only G's own variables, and what
  // they bind of the outer answer is checked here, in this group's ON.
  void add_optional(const plan::left_join& o, scope& sc) {
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
    group(o.body, inner);
    // A group that starts with an optional group extends the one empty answer.
    if (sc.from.empty()) add_from(sc, "(SELECT 1) " + alias("z"), std::nullopt);
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
  void add_not(const plan::anti_join& n, scope& sc) {
    scope inner;
    inner.fixed = visible(sc);
    auto outer_facts = std::move(facts_);  // the facts of a not group are none of the row's
    facts_.clear();
    group(n.body, inner);
    facts_ = std::move(outer_facts);
    if (inner.tables > d_.max_tables()) too_many(n.offset, d_.max_tables());
    sc.where.push_back("NOT EXISTS (SELECT 1 FROM " + inner.from + where_clause(inner) + ")");
  }

  // --- provenance ---------------------------------------------------------

  // The sources (source:line) of the facts each answer row was built from.
  std::string sources_sql(const plan::select& s) {
    std::string any;
    for (const auto& f : facts_)
      if (f.statements) any += (any.empty() ? "" : " OR ") + ("(" + f.statements("qs", f.exprs) + ")");
    if (any.empty()) any = "0";
    const auto line = bind(s.line_key);
    return sources_text(bind(s.source_key), line, any);
  }

  // --- filters ------------------------------------------------------------

  // A value in a filter, as SQL: the term id it stands for (when it is a
  // term), expressions for its numeric value and its text, and for the
  // exact number it stands for, written as a decimal (NULL when it is not
  // an integer or decimal). A variable's are over its row of terms, named
  // by `row` (see compare).
  struct value {
    std::string id, number, text, exact = "NULL";
    std::string kind = "NULL", dt = "NULL";  // SQL of the term's kind and datatype (SPARQL's comparisons)
    bool numeric = false;  // a number constant or a numeric function
    bool variable = false;
    bool computed = false;  // a term computed (str, lang, datatype): no id
  };

  static bool is_condition(const plan::expression& e) {
    return std::holds_alternative<plan::comparison>(e.node) || std::holds_alternative<plan::logic>(e.node) ||
           std::holds_alternative<plan::truth>(e.node);
  }

  std::string condition(const plan::expression& e, const scope& sc) {
    std::string sql;
    if (const auto* t = std::get_if<plan::truth>(&e.node)) {
      sql = truth(*t->operand, sc);
    } else if (const auto* l = std::get_if<plan::logic>(&e.node)) {
      // Each chain becomes a balanced tree: SQLite refuses expressions
      // nested 1000 deep, and a flat chain of 5,000 terms would parse that
      // deep.
      std::vector<std::string> ored;
      for (const auto& conjuncts : l->disjuncts) {
        std::vector<std::string> anded;
        for (const auto& c : conjuncts) anded.push_back(truth(*c, sc));
        ored.push_back(balanced(anded, 0, anded.size(), " AND "));
      }
      sql = "(" + balanced(ored, 0, ored.size(), " OR ") + ")";
    } else {
      // a op b op c means a op b and b op c.
      const auto& c = std::get<plan::comparison>(e.node);
      value left = evaluate(*c.operands.front(), sc);
      sql = "(";
      for (std::size_t i = 0; i < c.ops.size(); ++i) {
        value right = evaluate(*c.operands[i + 1], sc);
        sql += (i ? " AND " : "") + compare(left, c.ops[i], right);
        left = std::move(right);
      }
      sql += ")";
    }
    return e.negated ? "NOT " + sql : sql;
  }

  // Numbers compare by their doubles (the terms' num column), which is
  // exact where the doubles differ, since rounding keeps order; where they
  // tie, and both are integers or decimals, by their exact values, which
  // the exact-number collation compares as written. So 2^53 + 1 is more
  // than 2^53, and 0.1000000000000000001 more than 0.1.
  // A variable's term is read once per comparison, as a row of a scalar
  // subquery, which is NULL when the variable is unbound.
  std::string compare(value a, query::ast::operator_kind op, value b) {
    if (s_ && s_->sparql) return sparql_compare(std::move(a), op, std::move(b));
    const std::string sql_op(sql_operator(op));
    if ((op == query::ast::operator_kind::equal || op == query::ast::operator_kind::not_equal) &&
        !a.numeric && !b.numeric && !a.id.empty() && !b.id.empty())
      return a.id + " " + sql_op + " " + b.id;
    std::string from, where;
    read_terms(a, b, from, where);
    const std::string by_number = numeric(a, sql_op, b);
    std::string sql;
    if (a.numeric || b.numeric)
      sql = by_number;
    else if (a.number != "NULL" && b.number != "NULL")  // two numbers compare by value, anything else as text
      sql = "CASE WHEN " + a.number + " IS NOT NULL AND " + b.number + " IS NOT NULL THEN " + by_number +
            " ELSE " + a.text + " " + sql_op + " " + b.text + " END";
    else
      sql = a.text + " " + sql_op + " " + b.text;
    return from.empty() ? "(" + sql + ")" : "(SELECT " + sql + " FROM " + from + " WHERE " + where + ")";
  }

  // SPARQL's comparison operators (SPARQL 1.1, 17.3), as SPARQL engines
  // apply them to the terms kg holds: numbers (kg's integers and decimals)
  // by value; strings, booleans and dates of one shape by their lexical
  // forms; = and != also compare IRIs, blank nodes and identical terms,
  // and terms of different known types are unequal. Where SPARQL has a
  // type error (an unknown datatype, or values kg cannot compare, such as
  // an xsd:double with an integer) the result is NULL, so that !, && and
  // || treat it as SPARQL treats the error.
  std::string sparql_compare(value a, query::ast::operator_kind op, value b) {
    using query::ast::operator_kind;
    const std::string sql_op(sql_operator(op));
    std::string from, where;
    read_terms(a, b, from, where);
    auto by_number = [&](const std::string& o) { return numeric(a, o, b); };
    const std::string ca = "(" + sparql_category(a) + ")", cb = "(" + sparql_category(b) + ")";
    const std::string same_term = a.kind + " = " + b.kind + " AND " + a.text + " = " + b.text +
                                  " AND coalesce(" + a.dt + ", '') = coalesce(" + b.dt + ", '')";
    const std::string lexical = ca + " = " + cb + " AND (" + ca + " = 's' OR " + ca + " LIKE 'd%')";
    const std::string booleans = ca + " = 'b' AND " + cb + " = 'b'";
    const std::string truth_a = "(" + a.text + " IN ('true', '1'))",
                      truth_b = "(" + b.text + " IN ('true', '1'))";
    // xsd:dateTime values of one shape (length and time zone) compare as
    // text; others kg cannot compare yet, nor values of the other XSD types.
    const std::string date_times =
        ca + " = 'x" + std::string(kg::xsd::ns) + "dateTime' AND " + cb + " = " + ca;
    const std::string one_shape = "length(" + a.text + ") = length(" + b.text + ") AND substr(" + a.text +
                                  ", 20) = substr(" + b.text + ", 20)";
    const std::string cannot = std::string(store::unsupported_function) +
                               "('kg cannot compare these ' || substr(" + ca +
                               ", 2) || ' values yet (SPARQL), and gives no answer rather than a wrong one')";
    std::string sql = "CASE WHEN " + a.kind + " IS NULL OR " + b.kind + " IS NULL THEN NULL";
    if (op == operator_kind::equal || op == operator_kind::not_equal) {
      // IRIs are the same term when their ids are; a computed one (datatype)
      // has none, and is compared by its text.
      const std::string same_iri =
          a.computed || b.computed ? "(" + a.kind + " = " + b.kind + " AND " + a.text + " = " + b.text + ")"
                                   : a.id + " = " + b.id;
      std::string eq = "CASE WHEN " + ca + " = 'r' OR " + cb + " = 'r' THEN " + same_iri + " WHEN " +
                       a.number + " IS NOT NULL AND " + b.number + " IS NOT NULL THEN " + by_number("=") +
                       " WHEN " + same_term + " THEN 1 WHEN " + ca + " = 'u' OR " + cb +
                       " = 'u' THEN NULL WHEN " + ca + " IN ('m', 'n') AND " + cb +
                       " IN ('m', 'n') THEN NULL WHEN " + ca + " <> " + cb + " THEN 0 WHEN " + lexical +
                       " THEN " + a.text + " = " + b.text + " WHEN " + booleans + " THEN " + truth_a + " = " +
                       truth_b + " WHEN " + ca + " = 'l' THEN " + a.text + " = " + b.text + " AND lower(" +
                       a.dt + ") = lower(" + b.dt + ") WHEN " + date_times + " AND " + one_shape + " THEN " +
                       a.text + " = " + b.text + " ELSE " + cannot + " END";
      sql += " ELSE " + std::string(op == operator_kind::equal ? "" : "NOT ") + "(" + eq + ") END";
    } else {
      sql += " WHEN " + a.number + " IS NOT NULL AND " + b.number + " IS NOT NULL THEN " + by_number(sql_op);
      // A term is equal to itself, whatever its type: not less, not more.
      sql += " WHEN " + same_term + " THEN " +
             (op == operator_kind::less_equal || op == operator_kind::greater_equal ? "1" : "0");
      sql += " WHEN " + lexical + " THEN " + a.text + " " + sql_op + " " + b.text;
      sql += " WHEN " + booleans + " THEN " + truth_a + " " + sql_op + " " + truth_b;
      sql += " WHEN " + date_times + " THEN CASE WHEN " + one_shape + " THEN " + a.text + " " + sql_op + " " +
             b.text + " ELSE " + cannot + " END";
      sql += " WHEN " + ca + " = " + cb + " AND " + ca + " LIKE 'x%' THEN " + cannot + " END";
    }
    return from.empty() ? "(" + sql + ")" : "(SELECT " + sql + " FROM " + from + " WHERE " + where + ")";
  }

  // The category of a term for SPARQL's operators: r (an IRI, blank node
  // or entity), n (a number kg compares: integer, decimal), s (a plain
  // string), l (a string with a language), d<length> (a date of one
  // shape), b (a boolean), m (another XSD number: double, float, int ...),
  // x<datatype> (another XSD type), u (an unknown datatype).
  static std::string sparql_category(const value& v) {
    const std::string xsd(kg::xsd::ns);
    return "CASE " + v.kind +
           " WHEN 7 THEN 'n' WHEN 8 THEN 'n' WHEN 4 THEN 's' WHEN 5 THEN 'l' WHEN 9 THEN 'd' || length(" +
           v.text + ") WHEN 6 THEN CASE WHEN " + v.dt + " = '" + xsd + "boolean' THEN 'b' WHEN " + v.dt +
           " IN ('" + xsd + "double', '" + xsd + "float', '" + xsd + "int', '" + xsd + "long', '" + xsd +
           "short', '" + xsd + "byte', '" + xsd + "nonNegativeInteger', '" + xsd + "positiveInteger', '" +
           xsd + "nonPositiveInteger', '" + xsd + "negativeInteger', '" + xsd + "unsignedLong', '" + xsd +
           "unsignedInt', '" + xsd + "unsignedShort', '" + xsd + "unsignedByte', '" + xsd + "integer', '" +
           xsd + "decimal') THEN 'm' WHEN substr(" + v.dt + ", 1, " + std::to_string(xsd.size()) + ") = '" +
           xsd + "' THEN 'x' || " + v.dt + " ELSE 'u' END ELSE 'r' END";
  }

  // The text a SPARQL function reads from a variable's term: string
  // functions take literals that are strings (plain or with a language),
  // date functions dates and date-times; anything else is NULL, SPARQL's
  // type error.
  static std::string sparql_text(function fn, const std::string& id) {
    const bool date = fn == function::year || fn == function::month || fn == function::day;
    const std::string guard =
        date ? "kind = 9 OR (kind = 6 AND dt = 'http://www.w3.org/2001/XMLSchema#dateTime')"
        : fn == function::lang_matches ? "kind = 4"  // language tags and ranges are simple strings
                                       : "kind IN (4, 5)";
    return "(SELECT CASE WHEN " + guard + " THEN lex END FROM terms WHERE id = " + id + ")";
  }

  // Two numbers compared: by their doubles, and where those tie and both
  // are integers or decimals (exact is not NULL), by their lexical forms'
  // exact values.
  static std::string numeric(const value& a, const std::string& op, const value& b) {
    const std::string by_double = a.number + " " + op + " " + b.number;
    if (a.exact == "NULL" || b.exact == "NULL") return by_double;
    return "CASE WHEN " + a.number + " = " + b.number + " AND " + a.exact + " IS NOT NULL AND " + b.exact +
           " IS NOT NULL THEN " + a.exact + " " + op + " " + b.exact + " COLLATE " +
           store::exact_number_collation + " ELSE " + by_double + " END";
  }

  // The variables among a compared pair are read once each, as rows of
  // terms joined in a scalar subquery (from, where); their values then
  // name those rows' columns.
  void read_terms(value& a, value& b, std::string& from, std::string& where) {
    for (value* v : {&a, &b}) {
      if (!v->variable) continue;
      const auto row = alias("n");
      from += (from.empty() ? "" : ", ") + std::string("terms ") + row;
      where += (where.empty() ? "" : " AND ") + row + ".id = " + v->id;
      v->number = row + ".num";
      v->text = row + ".lex";
      // Only integers and decimals compare exactly by their lexical forms.
      v->exact = "CASE WHEN " + row + ".kind IN (7, 8) THEN " + row + ".lex END";
      v->kind = row + ".kind";
      v->dt = row + ".dt";
    }
  }

  // An operand used as a condition on its own.
  std::string truth(const plan::expression& e, const scope& sc) {
    if (is_condition(e)) return condition(e, sc);
    if (std::holds_alternative<plan::call>(e.node)) {
      const auto v = evaluate(e, sc);
      return "(" + (v.numeric ? v.number : v.text) + ")";
    }
    return "(" + variable_column(std::get<plan::variable_ref>(e.node).name, sc) + " IS NOT NULL)";
  }

  // A variable's column as a group sees it; NULL where a pattern elsewhere
  // in the query binds it but not one this group sees (SPARQL's unbound).
  static std::string variable_column(const std::string& v, const scope& sc) {
    auto b = lookup(sc, v);
    return b ? b->column : "NULL";
  }

  // str, lang or datatype of a term: a term kg computes rather than
  // stores (a string, or datatype's IRI), compared by kind and text; NULL,
  // SPARQL's error, where the function has none.
  value computed_term(function fn, const plan::expression& argument, const std::vector<std::string>& ids) {
    value v;
    v.text = d_.call(fn, ids);
    // A constant the store lacks has no row to read: it is computed here.
    if (const auto* k = std::get_if<plan::constant>(&argument.node); k && k->id < 0 && k->kind > 0) {
      const term t{static_cast<term_kind>(k->kind), k->text, k->dt};
      std::optional<std::string> out;
      if (fn == function::str && t.kind != term_kind::blank)
        out = t.kind == term_kind::entity ? entity_iri(t.lex) : t.lex;
      else if (fn == function::lang && k->kind >= 4)
        out = t.kind == term_kind::lang_text ? t.dt : std::string();
      else if (fn == function::datatype && k->kind >= 4)
        out = t.kind == term_kind::lang_text ? std::string(rdf::ns) + "langString" : datatype_iri(t);
      v.text = out ? bind(*out) : "NULL";
    }
    v.kind =
        "CASE WHEN " + v.text + " IS NULL THEN NULL ELSE " + (fn == function::datatype ? "2" : "4") + " END";
    v.id = s_ && s_->sparql ? "NULL" : "";  // no stored term: compared by text
    v.number = "NULL";
    v.computed = true;
    return v;
  }

  // The id of the term an argument stands for: a variable's column, a
  // constant's id; NULL for anything else (no term).
  std::string term_id(const plan::expression& e, const scope& sc) {
    if (const auto* var = std::get_if<plan::variable_ref>(&e.node)) return variable_column(var->name, sc);
    if (const auto* k = std::get_if<plan::constant>(&e.node)) return bind(k->id);
    return "NULL";
  }

  value evaluate(const plan::expression& e, const scope& sc) {
    value v;
    if (const auto* var = std::get_if<plan::variable_ref>(&e.node)) {
      v.id = variable_column(var->name, sc);
      v.number = "(SELECT num FROM terms WHERE id = " + v.id + ")";
      v.text = "(SELECT lex FROM terms WHERE id = " + v.id + ")";
      v.variable = true;
    } else if (const auto* k = std::get_if<plan::constant>(&e.node)) {
      v.id = bind(k->id);
      v.text = bind(k->text);
      v.numeric = k->number.has_value();
      v.number = k->number ? bind(*k->number) : "NULL";
      // An integer or decimal constant's text is its exact lexical form.
      if (k->number && (k->kind == 7 || k->kind == 8 || k->kind == 0)) v.exact = v.text;
      v.kind = bind(static_cast<std::int64_t>(k->kind));
      v.dt = bind(k->dt);
    } else if (const auto* c = std::get_if<plan::call>(&e.node)) {
      std::vector<std::string> args;
      if (info(c->fn).argument == value_type::term) {
        // Term tests read a term by its id (a constant absent from the
        // store has one of its own, and no row).
        for (const auto& a : c->arguments) args.push_back(term_id(*a, sc));
        if (info(c->fn).result != value_type::truth) return computed_term(c->fn, *c->arguments.front(), args);
        v.text = v.number = d_.call(c->fn, args);
        // A constant the store lacks has no row to read: its kind tells.
        const auto* k = std::get_if<plan::constant>(&c->arguments.front()->node);
        if (c->arguments.size() == 1 && k && k->id < 0 && k->kind > 0) {
          const bool yes = c->fn == function::is_iri     ? k->kind == 1 || k->kind == 2
                           : c->fn == function::is_blank ? k->kind == 3
                           : c->fn == function::is_literal
                               ? k->kind >= 4
                               : k->number.has_value() && k->kind >= 6 && k->kind <= 8;
          v.text = v.number = yes ? "1" : "0";
        }
        v.numeric = true;  // a truth value, read as 1 or 0
        if (s_ && s_->sparql) v.id = "NULL";
        v.kind = "7";
        return v;
      }
      for (const auto& a : c->arguments) {
        const auto* var = std::get_if<plan::variable_ref>(&a->node);
        args.push_back(s_ && s_->sparql && var ? sparql_text(c->fn, variable_column(var->name, sc))
                                               : evaluate(*a, sc).text);
      }
      const auto sql = d_.call(c->fn, args);
      v.numeric = info(c->fn).result == value_type::number;
      v.text = sql;
      v.number = v.numeric ? sql : "NULL";
      if (s_ && s_->sparql) v.id = "NULL";  // no term: never the same as one
      v.kind = v.numeric ? "7" : "4";
    } else {
      v.number = v.text = "(" + condition(e, sc) + ")";
      v.numeric = true;
    }
    return v;
  }

  const dialect& d_;
  const plan::select* s_;
  std::vector<std::string> ctes_;  // recursive CTEs of paths
  std::vector<param_value> params_;
  // The facts each row is built from, of the group being emitted (a
  // union's branches export theirs to the group around them).
  std::vector<fact_ref> facts_;
  std::string first_qualifier_;
  std::string counted_;  // the counts to sum, when the count is read from them (add_counted)
  int aliases_ = 0;
  int decoded_ = 0;
};

// SQLite's spelling: ?N parameters, kg_reach for walks (store/reach.hpp).
class sqlite_spelling final : public dialect {
 public:
  std::string parameter(std::size_t n) const override { return "?" + std::to_string(n); }
  std::string table(plan::table t) const override { return std::string(plan::table_name(t)); }
  std::string call(function f, const std::vector<std::string>& arguments) const override {
    std::string out;
    const auto tmpl = info(f).sqlite;
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
      if (tmpl[i] == '{' && i + 2 < tmpl.size() && tmpl[i + 2] == '}') {
        out += arguments.at(static_cast<std::size_t>(tmpl[i + 1] - '0'));
        i += 2;
      } else {
        out += tmpl[i];
      }
    }
    return out;
  }
  std::string walk(const std::string& start, const std::string& steps, bool zero) const override {
    return "SELECT n FROM kg_reach(" + start + ", " + steps + ", " + (zero ? "1" : "0") + ")";
  }
  std::string join(const std::string& spec) const override { return "kg_join(" + spec + ")"; }
  // SQLite joins at most 64 tables in one SELECT.
  int max_tables() const override { return 64; }
  // FTS5's bm25: lower is better.
  std::string text_search(const std::string& match, const std::string& most) const override {
    return "SELECT rowid AS id, bm25(term_search) AS score FROM term_search WHERE term_search MATCH " +
           match + " ORDER BY score LIMIT " + most;
  }
};

}  // namespace

const dialect& sqlite_dialect() {
  static const sqlite_spelling d;
  return d;
}

emitted emit(const plan::select& s, const dialect& d) { return emitter(d, &s).select(s); }

emitted emit_exists(const plan::pattern& p, const dialect& d) { return emitter(d, nullptr).exists(p); }

emitted emit_search(const plan::search& s, const dialect& d) {
  emitted em;
  em.params = {s.match, s.source_key, s.line_key, s.limit};
  // Terms matched; each fact once per matching term (a qualifier value
  // may be in several statements of a fact), then scored and ranked.
  em.sql =
      "WITH hits(id, score) AS (" + d.text_search(d.parameter(1), "1000") +
      "), found(s, p, o, id, score) AS ("
      "SELECT f.s, f.p, f.o, h.id, h.score FROM hits h JOIN facts f ON f.s = h.id "
      "UNION SELECT f.s, f.p, f.o, h.id, h.score FROM hits h JOIN facts_pos f ON f.p = h.id "
      "UNION SELECT f.s, f.p, f.o, h.id, h.score FROM hits h JOIN facts_osp f ON f.o = h.id "
      "UNION SELECT q.s, q.p, q.o, h.id, h.score FROM hits h JOIN qualifiers q ON q.value = h.id), "
      "ranked(s, p, o, score) AS (SELECT s, p, o, sum(score) FROM found GROUP BY s, p, o "
      "ORDER BY 4, 1, 2, 3 LIMIT " +
      d.parameter(4) +
      ") "
      "SELECT ts.kind, ts.lex, ts.dt, tp.kind, tp.lex, tp.dt, tt.kind, tt.lex, tt.dt, " +
      sources_text(d.parameter(2), d.parameter(3), "qs.s = r.s AND qs.p = r.p AND qs.o = r.o") +
      " FROM ranked r JOIN terms ts ON ts.id = r.s JOIN terms tp ON tp.id = r.p JOIN terms tt ON tt.id = r.o "
      "ORDER BY r.score, r.s, r.p, r.o";
  em.columns = {"subject", "predicate", "object", "sources"};
  em.sources = true;
  return em;
}

std::vector<emitted> emit_why(const plan::why& w, const dialect& d) {
  std::vector<emitted> out;
  for (const auto& e : w.edges) {
    emitted em;
    em.columns = {"s", "p", "o", "group", "key", "kind", "lex", "dt"};
    std::string& sql = em.sql;
    sql =
        "SELECT f.s, f.p, f.o, coalesce(q.grp, -1), k.lex, v.kind, v.lex, v.dt FROM facts f "
        "LEFT JOIN qualifiers q ON q.s = f.s AND q.p = f.p AND q.o = f.o "
        "LEFT JOIN terms k ON k.id = q.key LEFT JOIN terms v ON v.id = q.value WHERE 1 = 1";
    // Read in this edge's direction: the pattern's subject is the fact's
    // object when the edge is swapped.
    const std::string columns[3] = {e.swapped ? "f.o" : "f.s", "f.p", e.swapped ? "f.s" : "f.o"};
    const std::string* vars[3] = {&w.s_var, &w.p_var, &w.o_var};
    for (int i = 0; i < 3; ++i)
      for (int j = i + 1; j < 3; ++j)
        if (!vars[i]->empty() && *vars[i] == *vars[j]) sql += " AND " + columns[i] + " = " + columns[j];
    const auto s = e.swapped ? w.o : w.s, o = e.swapped ? w.s : w.o;
    const auto p = e.predicate >= 0 ? std::optional(e.predicate) : w.p;
    for (auto [v, col] : {std::pair{s, "s"}, {p, "p"}, {o, "o"}}) {
      if (!v) continue;
      em.params.emplace_back(*v);
      sql += std::string(" AND f.") + col + " = " + d.parameter(em.params.size());
    }
    sql += " ORDER BY f.s, f.p, f.o, q.grp";
    out.push_back(std::move(em));
  }
  return out;
}

}  // namespace kg::engine
