#include "engine/explain.hpp"

#include "parser/query.hpp"

namespace kg::engine {
namespace {

std::string variables(const std::vector<std::string>& vars) {
  std::string out;
  for (const auto& v : vars) out += " ?" + v;
  return out;
}

std::string pattern_text(const plan::pattern& p) {
  if (!p.node) return "(pattern)";
  query::ast::pattern_query alone;
  alone.where.elements.emplace_back(*p.node);
  return query::to_string(query::ast::query(alone));
}

std::string expression_text(const plan::expression& e);
std::string expression_text(const plan::expression_ptr& e) {
  const bool nested =
      std::holds_alternative<plan::comparison>(e->node) || std::holds_alternative<plan::logic>(e->node);
  return nested ? "(" + expression_text(*e) + ")" : expression_text(*e);
}

std::string expression_text(const plan::expression& e) {
  std::string out = e.negated ? "not " : "";
  if (const auto* v = std::get_if<plan::variable_ref>(&e.node)) {
    out += "?" + v->name;
  } else if (const auto* k = std::get_if<plan::constant>(&e.node)) {
    out += k->number ? k->text : to_cell(term{term_kind::text, k->text, {}});
  } else if (const auto* c = std::get_if<plan::call>(&e.node)) {
    out += std::string(query::name_of(c->fn)) + "(";
    for (std::size_t i = 0; i < c->arguments.size(); ++i)
      out += (i ? ", " : "") + expression_text(c->arguments[i]);
    out += ")";
  } else if (const auto* cmp = std::get_if<plan::comparison>(&e.node)) {
    out += expression_text(cmp->operands.front());
    for (std::size_t i = 0; i < cmp->ops.size(); ++i)
      out += " " + std::string(query::name_of(cmp->ops[i])) + " " + expression_text(cmp->operands[i + 1]);
  } else if (const auto* l = std::get_if<plan::logic>(&e.node)) {
    for (std::size_t i = 0; i < l->disjuncts.size(); ++i) {
      out += i ? " or " : "";
      for (std::size_t j = 0; j < l->disjuncts[i].size(); ++j)
        out += (j ? " and " : "") + expression_text(l->disjuncts[i][j]);
    }
  } else {
    out += expression_text(std::get<plan::truth>(e.node).operand);
  }
  return out;
}

std::string access_text(const plan::pattern& p) {
  switch (p.how) {
    case plan::access::edges: {
      std::string out = "edges";
      for (std::size_t i = 0; i < p.edges.size(); ++i)
        out += std::string(i ? " + " : " ") + std::string(plan::table_name(plan::edge_table(p, p.edges[i]))) +
               (p.edges[i].swapped ? " reversed" : "");
      return out;
    }
    case plan::access::walk:
      return std::string("walk from the ") + (p.walk_from_subject ? "subject" : "object");
    case plan::access::closure:
      return "closure (every pair)";
    case plan::access::counted:
      return !p.p.constant  ? "counted by predicate_stats"
             : p.s.constant ? "counted by subject_counts"
             : p.o.constant ? "counted by object_counts"
                            : "counted by predicate_stats";
    case plan::access::join:
      return "atom";
    case plan::access::scan:
      break;
  }
  if (p.qualifiers_first) return "scan qualifiers (keyed p, o, s)";
  return "scan " + std::string(plan::table_name(p.read));
}

class printer {
 public:
  std::vector<std::string> lines;

  void group(const plan::group& g, int depth) {
    int join = -1;  // the worst-case optimal join the last atom printed is of
    for (const auto& e : g.elements) {
      if (const auto* p = std::get_if<plan::pattern>(&e)) {
        // A join's atoms, under one line naming its variables in the order
        // it binds them.
        const bool atom = p->how == plan::access::join;
        if (atom && p->join != join) {
          std::size_t atoms = 0;
          for (const auto& other : g.elements)
            if (const auto* q = std::get_if<plan::pattern>(&other))
              atoms += q->how == plan::access::join && q->join == p->join;
          add(depth, "join (worst-case optimal, kg_join):" + variables(p->join_variables) + " over " +
                         std::to_string(atoms) + " patterns");
        }
        join = atom ? p->join : -1;
        std::string line = access_text(*p) + ": " + pattern_text(*p);
        if (p->estimate >= 0)
          line += "  (estimate " + std::to_string(p->estimate) + (p->joined ? ", joined)" : ")");
        add(depth + (atom ? 1 : 0), line);
      } else if (const auto* u = std::get_if<plan::union_of>(&e)) {
        add(depth, "union");
        for (std::size_t i = 0; i < u->branches.size(); ++i) {
          add(depth + 1, "branch " + std::to_string(i + 1));
          group(u->branches[i], depth + 2);
        }
      } else if (const auto* l = std::get_if<std::shared_ptr<plan::left_join>>(&e)) {
        add(depth, "left join (optional)");
        group((*l)->body, depth + 1);
      } else if (const auto* a = std::get_if<std::shared_ptr<plan::anti_join>>(&e)) {
        add(depth, "anti join (not)");
        group((*a)->body, depth + 1);
      } else {
        add(depth, "filter " + expression_text(std::get<plan::filter>(e).condition));
      }
    }
  }

  void add(int depth, const std::string& line) {
    lines.push_back(std::string(static_cast<std::size_t>(depth) * 2, ' ') + line);
  }
};

}  // namespace

std::vector<std::string> explain(const plan::select& s) {
  printer p;
  std::string head = s.kind == plan::projection::count ? "count" : "select";
  if (s.distinct)
    head +=
        s.remove_duplicates || s.kind == plan::projection::count ? " distinct" : " distinct (rows are sets)";
  head += s.variables.empty() ? (s.kind == plan::projection::count ? "" : " *") : variables(s.variables);
  if (s.with_sources) head += " with sources";
  p.add(0, head);
  p.group(s.where, 1);
  if (!s.group_by.empty()) p.add(0, "group by" + variables(s.group_by));
  if (!s.order_by.empty()) {
    std::string line = "order by";
    for (const auto& k : s.order_by)
      line += (k.by_count ? " count" : " ?" + k.variable) + (k.descending ? " desc" : "");
    p.add(0, line);
  }
  if (s.limit) p.add(0, "limit " + std::to_string(*s.limit));
  if (s.offset) p.add(0, "offset " + std::to_string(*s.offset));
  return p.lines;
}

}  // namespace kg::engine
