#include "engine/order.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "store/join.hpp"

namespace kg::engine {
namespace {

// A group's variables, each with whether every answer binds it (certain)
// or some may leave it unbound.
using certainty = std::map<std::string, bool>;

std::vector<std::string> variables_of(const plan::pattern& p) {
  std::vector<std::string> out;
  for (const plan::slot* sl : {&p.s, &p.p, &p.o})
    if (!sl->variable.empty()) out.push_back(sl->variable);
  for (const auto& q : p.qualifiers)
    if (!q.value.variable.empty()) out.push_back(q.value.variable);
  return out;
}

void variables_of(const plan::expression& e, std::set<std::string>& out);
void variables_of(const plan::expression_ptr& e, std::set<std::string>& out) { variables_of(*e, out); }
void variables_of(const plan::expression& e, std::set<std::string>& out) {
  std::visit(
      [&](const auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, plan::variable_ref>) {
          out.insert(n.name);
        } else if constexpr (std::is_same_v<T, plan::call>) {
          for (const auto& a : n.arguments) variables_of(a, out);
        } else if constexpr (std::is_same_v<T, plan::comparison>) {
          for (const auto& a : n.operands) variables_of(a, out);
        } else if constexpr (std::is_same_v<T, plan::logic>) {
          for (const auto& d : n.disjuncts)
            for (const auto& a : d) variables_of(a, out);
        } else if constexpr (std::is_same_v<T, plan::truth>) {
          variables_of(n.operand, out);
        }
      },
      e.node);
}

// Every variable a group mentions, filters included, at any depth.
void variables_of(const plan::group& g, std::set<std::string>& out) {
  for (const auto& e : g.elements) {
    if (const auto* p = std::get_if<plan::pattern>(&e)) {
      for (auto& v : variables_of(*p)) out.insert(v);
    } else if (const auto* u = std::get_if<plan::union_of>(&e)) {
      for (const auto& b : u->branches) variables_of(b, out);
    } else if (const auto* l = std::get_if<std::shared_ptr<plan::left_join>>(&e)) {
      variables_of((*l)->body, out);
    } else if (const auto* a = std::get_if<std::shared_ptr<plan::anti_join>>(&e)) {
      variables_of((*a)->body, out);
    } else {
      variables_of(std::get<plan::filter>(e).condition, out);
    }
  }
}

class orderer {
 public:
  // first_rows_soon: the query wants only its first rows, in no order
  // (a limit, no order by, grouping or distinct), which nested loops give
  // without reading whole predicates.
  orderer(statistics& stats, bool first_rows_soon) : stats_(stats), first_rows_soon_(first_rows_soon) {}

  // Orders g, given what the answer it extends binds (outer: an optional
  // group's) and the answer a not group tests (fixed); returns what g
  // itself binds. In the query's own group (top), the first run of
  // patterns may read a cycle, or a large unanchored tree, as one join in
  // memory.
  certainty group(plan::group& g, const certainty& outer, const certainty& fixed, bool top = false) {
    state st{outer, fixed, {}, {}};
    std::vector<plan::element> first, unions, rest, nots, filters;
    arrange(g, st, first, unions, rest, nots, filters);
    join_run(first, st, top);
    for (auto& u : unions) add_union(std::get<plan::union_of>(u), st), st.out.push_back(std::move(u));
    std::vector<plan::element> run;
    for (auto& e : rest) {
      if (std::holds_alternative<plan::pattern>(e)) {
        run.push_back(std::move(e));  // a run of patterns is ordered as one
        continue;
      }
      join_run(run, st);
      if (auto* u = std::get_if<plan::union_of>(&e))
        add_union(*u, st);
      else
        add_optional(*std::get<std::shared_ptr<plan::left_join>>(e), st);
      st.out.push_back(std::move(e));
    }
    join_run(run, st);
    for (auto& n : nots) {
      group(std::get<std::shared_ptr<plan::anti_join>>(n)->body, {}, visible(st));
      st.out.push_back(std::move(n));
    }
    for (auto& f : filters) st.out.push_back(std::move(f));
    g.elements = std::move(st.out);
    g.ordered = true;
    return st.own;
  }

 private:
  struct state {
    const certainty& outer;
    const certainty& fixed;
    certainty own;
    std::vector<plan::element> out;
  };

  // Whether v is bound in every answer so far, as the group sees it.
  static bool certain(const state& st, const std::string& v) {
    if (auto it = st.own.find(v); it != st.own.end() && it->second) return true;
    if (auto it = st.outer.find(v); it != st.outer.end()) return it->second;
    auto f = st.fixed.find(v);
    return f != st.fixed.end() && f->second;
  }

  static certainty visible(const state& st) {
    certainty out;
    for (const auto* m : {&st.fixed, &st.outer, &st.own})
      for (const auto& [v, c] : *m) out[v] = certain(st, v);
    return out;
  }

  // Sorts a group's elements by when they run. A join (pattern or or
  // group) written after an optional group runs before it when the result
  // is the same: when the optional group shares with it only variables
  // that every answer binds before the optional group.
  static void arrange(plan::group& g, const state& st, std::vector<plan::element>& first,
                      std::vector<plan::element>& unions, std::vector<plan::element>& rest,
                      std::vector<plan::element>& nots, std::vector<plan::element>& filters) {
    struct passed {
      std::set<std::string> mentioned, certain_before;
    };
    std::vector<passed> optionals;
    // Certain for the group's own evaluation: not the outer answer an
    // optional group extends, which groups nested in it do not see.
    std::set<std::string> certain;
    for (const auto& [v, c] : st.fixed)
      if (c) certain.insert(v);
    auto may_move = [&](const std::set<std::string>& vars) {
      for (const auto& o : optionals)
        for (const auto& v : vars)
          if (o.mentioned.count(v) && !o.certain_before.count(v)) return false;
      return true;
    };
    for (auto& e : g.elements) {
      if (const auto* p = std::get_if<plan::pattern>(&e)) {
        const auto vars = variables_of(*p);
        const std::set<std::string> set(vars.begin(), vars.end());
        (may_move(set) ? first : rest).push_back(std::move(e));
        certain.insert(set.begin(), set.end());
      } else if (const auto* u = std::get_if<plan::union_of>(&e)) {
        std::set<std::string> vars;
        for (const auto& b : u->branches) variables_of(b, vars);
        (may_move(vars) ? unions : rest).push_back(std::move(e));
      } else if (const auto* l = std::get_if<std::shared_ptr<plan::left_join>>(&e)) {
        passed p;
        variables_of((*l)->body, p.mentioned);
        p.certain_before = certain;
        optionals.push_back(std::move(p));
        rest.push_back(std::move(e));
      } else if (std::holds_alternative<std::shared_ptr<plan::anti_join>>(e)) {
        nots.push_back(std::move(e));
      } else {
        filters.push_back(std::move(e));
      }
    }
  }

  // A run of patterns, joined cheapest first; with `cyclic`, a cycle or a
  // large tree among them first, as one join in memory, where that is
  // cheaper.
  void join_run(std::vector<plan::element>& run, state& st, bool cyclic = false) {
    std::vector<plan::pattern> patterns;
    for (auto& e : run) patterns.push_back(std::move(std::get<plan::pattern>(e)));
    run.clear();
    std::set<std::string> bound;
    for (const auto& [v, c] : visible(st))
      if (c) bound.insert(v);
    if (cyclic)
      for (auto& p : memory_joins(patterns, bound)) {
        for (const auto& v : variables_of(p)) st.own[v] = true;
        st.out.emplace_back(std::move(p));
      }
    for (auto& p : cheapest_first(std::move(patterns), bound)) {
      for (const auto& v : variables_of(p)) st.own[v] = true;
      st.out.emplace_back(std::move(p));
    }
  }

  // How many facts a pattern matches through its constants alone: a
  // capped count on the table keyed by them, or the predicate's count.
  std::int64_t estimate(const plan::pattern& p) {
    if (p.rep != plan::repeat::once || p.edges.size() > 1 || (!p.s.constant && !p.o.constant))
      return p.p.constant ? stats_.predicate_facts(*p.p.constant) : statistics::cap * 10;
    return stats_.matching(p.s.constant, p.p.constant, p.o.constant);
  }

  // The join order: at each step the pattern expected to add the fewest
  // rows. A pattern joined to bound variables counts its constants'
  // matches divided by a fixed selectivity (the join key narrows it); one
  // that is not joined counts them all (a cross product). Ties go to the
  // pattern with more bound positions.
  std::vector<plan::pattern> cheapest_first(std::vector<plan::pattern> patterns,
                                            std::set<std::string>& bound) {
    constexpr double join_selectivity = 1000;
    for (auto& p : patterns) p.estimate = estimate(p);
    std::vector<plan::pattern> ordered;
    std::vector<bool> used(patterns.size(), false);
    for (std::size_t step = 0; step < patterns.size(); ++step) {
      std::size_t best = patterns.size();
      double best_cost = 0;
      int best_bound = 0;
      bool best_joined = false;
      for (std::size_t k = 0; k < patterns.size(); ++k) {
        if (used[k]) continue;
        const auto& p = patterns[k];
        int bound_positions = 0;
        bool joined = false;
        for (const plan::slot* sl : {&p.s, &p.p, &p.o}) {
          const bool by_variable = !sl->constant && bound.count(sl->variable);
          joined = joined || by_variable;
          bound_positions += sl->constant || by_variable;
        }
        const auto rows = static_cast<double>(p.estimate);
        const double cost = joined ? std::max(1.0, rows / join_selectivity) : rows;
        if (best == patterns.size() || cost < best_cost ||
            (cost == best_cost && bound_positions > best_bound)) {
          best = k;
          best_cost = cost;
          best_bound = bound_positions;
          best_joined = joined;
        }
      }
      used[best] = true;
      auto& p = patterns[best];
      p.joined = best_joined;
      choose_access(p, bound);
      p.qualifiers_first = p.how == plan::access::scan && p.read == plan::table::pos &&
                           !p.qualifiers.empty() && stats_.qualifiers_by_pos();
      for (const auto& v : variables_of(p)) bound.insert(v);
      ordered.push_back(std::move(p));
    }
    return ordered;
  }

  // --- worst-case optimal joins ---------------------------------------------

  // Whether a pattern can be an atom of kg_join (store/join.hpp): one
  // stored predicate read as it is, no qualifiers, each end a variable or
  // a constant (not a variable pinned to one), not both constants.
  static bool joinable(const plan::pattern& p) {
    if (p.rep != plan::repeat::once || !p.p.constant || !p.p.variable.empty() || !p.qualifiers.empty())
      return false;
    if (p.edges.size() > 1 ||
        (p.edges.size() == 1 && (p.edges[0].swapped || p.edges[0].predicate != *p.p.constant)))
      return false;
    auto plain = [](const plan::slot& sl) { return sl.constant.has_value() == sl.variable.empty(); };
    return plain(p.s) && plain(p.o) && (!p.s.variable.empty() || !p.o.variable.empty());
  }

  static bool binary(const plan::pattern& p) {
    return !p.s.variable.empty() && !p.o.variable.empty() && p.s.variable != p.o.variable;
  }

  // An index probe of a nested loop costs about as much as reading this
  // many facts into a join's arrays.
  static constexpr std::int64_t rows_per_probe = 32;
  // Bytes of join memory per fact of a predicate read (both directions,
  // and a sort).
  static constexpr std::int64_t bytes_per_fact = 48;
  // A tree of patterns reads fewer facts than this by nested loops fast
  // enough: the join's sorting is not worth it.
  static constexpr std::int64_t tree_floor = 50000;

  // Union-find over variable names.
  struct components {
    std::map<std::string, std::string> parent;
    std::string root(const std::string& v) {
      auto it = parent.find(v);
      if (it == parent.end() || it->second == v) return v;
      return it->second = root(it->second);
    }
    void link(const std::string& a, const std::string& b) {
      parent.emplace(a, a);
      parent.emplace(b, b);
      parent[root(a)] = root(b);
    }
    // Each component's variables, in the order the patterns name them.
    std::map<std::string, std::vector<std::string>> of(const std::vector<plan::pattern>& patterns) {
      std::map<std::string, std::vector<std::string>> out;
      for (const auto& p : patterns)
        for (const auto& v : variables_of(p))
          if (parent.count(v)) {
            auto& vars = out[root(v)];
            if (std::find(vars.begin(), vars.end(), v) == vars.end()) vars.push_back(v);
          }
      return out;
    }
  };

  // The joins of a run read in memory (kg_join), taken out of `patterns`;
  // their variables join `bound`. First the cycles: a cycle is a connected
  // set of at least three variables in which every variable is in two
  // patterns between them at least (the 2-core of the graph whose edges
  // are the patterns between two variables). Then, among the patterns
  // left, trees (paths, stars): connected patterns between two variables
  // that nested loops would join by many probes. Each is joined with the
  // patterns on its variables alone (self-loops, constant ends) unless
  // take_join finds nested loops cheaper.
  std::vector<plan::pattern> memory_joins(std::vector<plan::pattern>& patterns,
                                          std::set<std::string>& bound) {
    std::vector<std::size_t> edges;
    std::map<std::string, int> degree;
    for (std::size_t k = 0; k < patterns.size(); ++k)
      if (joinable(patterns[k]) && binary(patterns[k])) {
        edges.push_back(k);
        ++degree[patterns[k].s.variable];
        ++degree[patterns[k].o.variable];
      }
    std::vector<bool> in_core(edges.size(), true);
    for (bool removed = true; removed;) {
      removed = false;
      for (std::size_t i = 0; i < edges.size(); ++i) {
        const auto& p = patterns[edges[i]];
        if (!in_core[i] || (degree[p.s.variable] >= 2 && degree[p.o.variable] >= 2)) continue;
        in_core[i] = false;
        --degree[p.s.variable];
        --degree[p.o.variable];
        removed = true;
      }
    }
    components core;
    for (std::size_t i = 0; i < edges.size(); ++i)
      if (in_core[i]) core.link(patterns[edges[i]].s.variable, patterns[edges[i]].o.variable);
    std::vector<bool> taken(patterns.size(), false);
    for (const auto& [r, vars] : core.of(patterns)) take_join(vars, patterns, bound, taken, false);
    if (!first_rows_soon_) {
      components trees;
      for (auto k : edges)
        if (!taken[k] && !bound.count(patterns[k].s.variable) && !bound.count(patterns[k].o.variable))
          trees.link(patterns[k].s.variable, patterns[k].o.variable);
      for (const auto& [r, vars] : trees.of(patterns)) take_join(vars, patterns, bound, taken, true);
    }
    std::vector<plan::pattern> joined, rest;
    for (std::size_t k = 0; k < patterns.size(); ++k)
      (taken[k] ? joined : rest).push_back(std::move(patterns[k]));
    patterns = std::move(rest);
    return joined;
  }

  // Marks the patterns on `vars` alone as one join, unless: a variable of
  // them is bound before (then they are anchored); a pattern with a
  // constant end on them matches so few facts that nested loops from
  // there read less than the join's predicates; their predicates would
  // not fit the join's memory; or, for a tree, nested loops from its
  // smallest predicate probe less than the join reads.
  void take_join(const std::vector<std::string>& vars, std::vector<plan::pattern>& patterns,
                 std::set<std::string>& bound, std::vector<bool>& taken, bool tree) {
    const std::set<std::string> in(vars.begin(), vars.end());
    if (vars.size() < 3 || vars.size() > static_cast<std::size_t>(store::max_join_variables)) return;
    if (std::any_of(vars.begin(), vars.end(), [&](const std::string& v) { return bound.count(v) > 0; }))
      return;
    std::vector<std::size_t> atoms;
    std::set<std::int64_t> predicates;
    std::int64_t binaries = 0;
    for (std::size_t k = 0; k < patterns.size(); ++k) {
      const auto& p = patterns[k];
      if (taken[k] || !joinable(p)) continue;
      const auto ends = variables_of(p);
      if (std::all_of(ends.begin(), ends.end(), [&](const std::string& v) { return in.count(v) > 0; })) {
        atoms.push_back(k);
        if (binary(p)) predicates.insert(*p.p.constant), ++binaries;
      }
    }
    std::int64_t facts = 0, smallest = -1;
    for (auto pr : predicates) {
      const auto n = stats_.predicate_facts(pr);
      facts += n;
      if (smallest < 0 || n < smallest) smallest = n;
    }
    if (facts * bytes_per_fact > static_cast<std::int64_t>(store::join_memory_cap)) return;
    if (tree && (facts < tree_floor || smallest * rows_per_probe * (binaries - 1) < facts)) return;
    std::int64_t anchor = -1;
    for (auto& p : patterns) {
      if (!p.s.constant && !p.o.constant) continue;
      const auto ends = variables_of(p);
      if (std::none_of(ends.begin(), ends.end(), [&](const std::string& v) { return in.count(v) > 0; }))
        continue;
      p.estimate = estimate(p);
      if (anchor < 0 || p.estimate < anchor) anchor = p.estimate;
    }
    if (anchor >= 0 && anchor * rows_per_probe * static_cast<std::int64_t>(atoms.size()) < facts) return;
    const auto order = join_order(vars, patterns, atoms);
    const int number = joins_++;
    for (auto k : atoms) {
      auto& p = patterns[k];
      taken[k] = true;
      p.estimate = estimate(p);
      choose_access(p, bound);  // how it would be read alone
      p.how = plan::access::join;
      p.join = number;
      p.join_variables = order;
    }
    bound.insert(vars.begin(), vars.end());
  }

  // The order a join binds its variables in, most constrained first: a
  // variable with a pattern of its own (a constant end or a self-loop),
  // then the one in the most patterns; after it, at each step the variable
  // in the most patterns with those bound already. Ties go to text order.
  static std::vector<std::string> join_order(const std::vector<std::string>& vars,
                                             const std::vector<plan::pattern>& patterns,
                                             const std::vector<std::size_t>& atoms) {
    std::vector<std::string> order;
    std::set<std::string> chosen;
    while (order.size() < vars.size()) {
      std::tuple<int, int, int> best{-1, -1, -1};
      std::string pick;
      for (const auto& v : vars) {
        if (chosen.count(v)) continue;
        int links = 0, own = 0, degree = 0;
        for (auto k : atoms) {
          const auto& p = patterns[k];
          if (!binary(p)) {
            own += (p.s.variable == v || p.o.variable == v);
            continue;
          }
          if (p.s.variable != v && p.o.variable != v) continue;
          ++degree;
          links += chosen.count(p.s.variable == v ? p.o.variable : p.s.variable) > 0;
        }
        const std::tuple<int, int, int> score{links, own, degree};
        if (score > best) {
          best = score;
          pick = v;
        }
      }
      chosen.insert(pick);
      order.push_back(pick);
    }
    return order;
  }

  void add_union(plan::union_of& u, state& st) {
    certainty bound;  // per variable: whether every branch binds it for sure
    std::vector<certainty> branches;
    for (auto& b : u.branches) branches.push_back(group(b, {}, st.fixed));
    for (const auto& b : branches)
      for (const auto& [v, c] : b) bound.emplace(v, true);
    for (auto& [v, all] : bound)
      for (const auto& b : branches) {
        auto it = b.find(v);
        all = all && it != b.end() && it->second;
      }
    for (const auto& [v, all] : bound) {
      auto it = st.own.find(v);
      st.own[v] = (it != st.own.end() && it->second) || all;
    }
  }

  void add_optional(plan::left_join& l, state& st) {
    // What this group binds on its own, merged with a not group's answer.
    certainty outer;
    for (const auto& [v, c] : st.own) {
      auto f = st.fixed.find(v);
      outer[v] = c || (f != st.fixed.end() && f->second);
    }
    for (const auto& [v, c] : group(l.body, outer, st.fixed)) st.own.emplace(v, false);
  }

  statistics& stats_;
  bool first_rows_soon_;
  int joins_ = 0;  // worst-case optimal joins made so far
};

// Whether every row of the group is one stored fact per pattern: no path,
// union, optional group, qualifier or predicate read several ways, at any
// depth.
bool one_fact_per_pattern(const plan::group& g) {
  return std::all_of(g.elements.begin(), g.elements.end(), [](const plan::element& e) {
    if (const auto* p = std::get_if<plan::pattern>(&e))
      return (p->how == plan::access::scan || p->how == plan::access::join) && p->qualifiers.empty();
    if (const auto* a = std::get_if<std::shared_ptr<plan::anti_join>>(&e))
      return one_fact_per_pattern((*a)->body);
    return std::holds_alternative<plan::filter>(e);
  });
}

// Whether `distinct` has duplicates to remove: rows of plain patterns are
// sets already when every variable is selected, since a row is one fact
// per pattern and the variables name them.
bool remove_duplicates(const plan::select& s) {
  if (!s.distinct || s.kind == plan::projection::count) return false;
  if (!s.group_by.empty() || !one_fact_per_pattern(s.where)) return true;
  if (s.variables.empty()) return false;  // select *: every variable
  for (const auto& e : s.where.elements)
    if (const auto* p = std::get_if<plan::pattern>(&e))
      for (const auto& v : variables_of(*p))
        if (std::find(s.variables.begin(), s.variables.end(), v) == s.variables.end()) return true;
  return false;
}

// Whether a count can be read from the counts every write keeps rather
// than from the facts: a count of every answer, or of the answers binding
// one of its variables (all of them), over one plain pattern whose
// variables are distinct, with one of these shapes:
//   ?s P ?o               predicate_stats (P's row)
//   ?s ?p ?o              predicate_stats (every row), also by ?p
//   ?s P O                object_counts, else a count of facts_pos (few)
//   S P ?o                subject_counts, else a count of facts (few)
bool counted(const plan::select& s, statistics& stats) {
  if (s.kind != plan::projection::count || s.distinct || s.with_sources || s.collect_facts) return false;
  if (s.where.elements.size() != 1) return false;
  const auto* p = std::get_if<plan::pattern>(&s.where.elements.front());
  if (!p || p->how != plan::access::scan || !p->qualifiers.empty() || p->rep != plan::repeat::once)
    return false;
  std::set<std::string> names;
  for (const plan::slot* sl : {&p->s, &p->p, &p->o})
    if (!sl->constant && !names.insert(sl->variable).second) return false;
  for (const auto& v : s.variables)
    if (!names.count(v)) return false;
  const bool s_var = !p->s.constant, p_var = !p->p.constant, o_var = !p->o.constant;
  if (p_var) {
    if (!s_var || !o_var) return false;
    return s.group_by.empty() || (s.group_by.size() == 1 && s.group_by.front() == p->p.variable);
  }
  if (!s.group_by.empty() || (!s_var && !o_var)) return false;
  return (s_var && o_var) || stats.pair_counts();
}

}  // namespace

void choose_access(plan::pattern& p, const std::set<std::string>& bound) {
  if (p.rep != plan::repeat::once) {
    p.walk_from_subject = p.s.constant.has_value();
    p.how = p.s.constant || p.o.constant ? plan::access::walk : plan::access::closure;
  } else if (p.edges.size() > 1) {
    p.how = plan::access::edges;
  } else {
    auto is_bound = [&](const plan::slot& sl) { return sl.constant || bound.count(sl.variable); };
    p.how = plan::access::scan;
    p.read = plan::table_for(is_bound(p.s), is_bound(p.p), is_bound(p.o));
  }
}

void order(plan::select& s, statistics& stats) {
  const bool first_rows_soon =
      s.limit && s.kind == plan::projection::rows && s.order_by.empty() && s.group_by.empty() && !s.distinct;
  orderer(stats, first_rows_soon).group(s.where, {}, {}, true);
  s.remove_duplicates = remove_duplicates(s);
  if (counted(s, stats)) std::get<plan::pattern>(s.where.elements.front()).how = plan::access::counted;
}

}  // namespace kg::engine
