// Questions: read by search against the data (reader.cpp); describe and
// "who is X?" answered by every fact about X (card_query).
#include "engine/question.hpp"

namespace kg::engine {

namespace ast = query::ast;
namespace x3 = boost::spirit::x3;

// Every fact about an entity (or value), either way round:
//   select ?subject ?predicate ?object where
//     { ?subject ?predicate ?object filter ?subject = X } or { ... filter ?object = X }
// Generated nodes carry the position of `at`, for errors.
ast::pattern_query card_query(const ast::node& entity, const x3::position_tagged& at, bool has_sources) {
  auto tagged_variable = [&](const std::string& name) {
    ast::variable v;
    v.name = name;
    v.id_first = at.id_first;
    v.id_last = at.id_last;
    return v;
  };
  auto as_operand = [](const ast::node& n) -> ast::operand {
    if (const auto* name = boost::get<ast::name>(&n.get())) return ast::operand(*name);
    return ast::operand(boost::get<ast::literal>(n.get()));
  };
  auto any_fact = [&] {
    ast::triple t;
    t.subject = tagged_variable("subject");
    t.predicate.predicate = tagged_variable("predicate");
    t.object = tagged_variable("object");
    t.id_first = t.predicate.id_first = at.id_first;
    t.id_last = t.predicate.id_last = at.id_last;
    return t;
  };
  auto tagged_group = [&] {
    ast::group g;
    g.id_first = at.id_first;
    g.id_last = at.id_last;
    return g;
  };
  auto branch = [&](const std::string& side) {
    ast::expression same;
    same.first = ast::operand(tagged_variable(side));
    same.rest.push_back(ast::operation{ast::operator_kind::equal, as_operand(entity)});
    auto g = tagged_group();
    g.elements.emplace_back(any_fact());
    g.elements.emplace_back(ast::filter(same));
    return g;
  };
  auto sourced = tagged_group();
  auto t = any_fact();
  ast::qualifier source;
  source.key = "source";
  source.value = entity;
  source.id_first = at.id_first;
  source.id_last = at.id_last;
  t.qualifiers.push_back(std::move(source));
  sourced.elements.emplace_back(std::move(t));
  ast::union_group u;
  u.branches = {branch("subject"), branch("object")};
  if (has_sources) u.branches.push_back(std::move(sourced));
  u.id_first = at.id_first;
  u.id_last = at.id_last;
  ast::pattern_query pq;
  ast::projection head;
  head.kind = ast::projection_kind::select;
  head.distinct = true;  // a fact about X from X, or X p X, is one row
  for (const char* v : {"subject", "predicate", "object"}) head.variables.push_back(tagged_variable(v));
  pq.head = head;
  pq.where.elements.emplace_back(std::move(u));
  pq.where.id_first = at.id_first;
  pq.where.id_last = at.id_last;
  return pq;
}

ast::pattern_query translate_question(names& n, const query::parsed_query& q, const ast::question& question,
                                      std::vector<reading_note>* readings, std::string* caveat) {
  return read_question(n, q, question, readings, caveat);
}

ast::pattern_query describe_query(names& n, const query::parsed_query& q, const ast::describe& d) {
  const auto& at =
      boost::apply_visitor([](const auto& x) -> const x3::position_tagged& { return x; }, d.entity);
  if (!boost::get<ast::variable>(&d.entity.get()))
    return card_query(d.entity, at, n.entity_named("source").has_value());
  throw error::at(error_kind::semantic, q.span_of(at).begin,
                  std::string(query::name_of(d.verb)) + " needs a name or a value, not a variable");
}

}  // namespace kg::engine
