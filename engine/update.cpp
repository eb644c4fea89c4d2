// The statements that change the store (add, remove, import) and why,
// which shows the statements behind a fact.
#include "engine/update.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <set>

#include "parser/statement.hpp"
#include "store/fact_writer.hpp"
#include "store/import.hpp"

namespace kg::engine {

using namespace store;
namespace ast = query::ast;
namespace x3 = boost::spirit::x3;

namespace {

const x3::position_tagged& tagged(const ast::node& n) {
  return boost::apply_visitor([](const auto& x) -> const x3::position_tagged& { return x; }, n);
}

term load_term_at(prepared& st, int col) {
  return term{static_cast<term_kind>(st.int64(col)), std::string(st.text(col + 1)),
              std::string(st.text(col + 2))};
}

// The term a node of add/remove stands for. Names resolve like in queries
// (case-blind, aliases); with `create`, an unknown name is a new entity,
// and a quoted name that is no entity is text.
std::optional<term> fact_term(names& n, const query::parsed_query& q, const ast::node& node, bool create,
                              bool object) {
  const auto offset = q.span_of(tagged(node)).begin;
  if (const auto* v = boost::get<ast::variable>(&node.get()))
    throw error::at(error_kind::semantic, offset, "?" + v->name + ": a fact here has no variables",
                    "name the subject, predicate and object");
  if (const auto* l = boost::get<ast::literal>(&node.get())) return l->value;
  const auto& name = boost::get<ast::name>(node.get());
  if (auto id = n.entity(name.text, offset)) return term{term_kind::entity, n.lex(*id), {}};
  if (name.quoted && object) {
    term text{term_kind::text, name.text, {}};
    if (!create && !n.term_id(text)) return std::nullopt;
    return text;
  }
  if (!create) return std::nullopt;
  // A new entity is the term the import formats read for that name, which
  // for the empty name, the one no entity has, is the namespace's IRI.
  return make_iri(entity_iri(name.text));
}

}  // namespace

answer run_add(triple_store& store, names& n, const query::parsed_query& q, const ast::triple& t) {
  if (t.predicate.inverse || t.predicate.repeat != ast::repetition::once)
    throw error::at(error_kind::semantic, q.span_of(t.predicate).begin,
                    "add takes one fact: no ^, + or * here");
  std::vector<term> row;
  row.push_back(*fact_term(n, q, t.subject, true, false));
  row.push_back(*fact_term(n, q, t.predicate.predicate, true, false));
  row.push_back(*fact_term(n, q, t.object, true, true));
  if (row[0].kind != term_kind::entity && row[0].kind != term_kind::iri && row[0].kind != term_kind::blank)
    throw error::at(error_kind::semantic, q.span_of(tagged(t.subject)).begin,
                    "a subject is an entity, not a value");
  if (row[1].kind != term_kind::entity && row[1].kind != term_kind::iri)
    throw error::at(error_kind::semantic, q.span_of(tagged(t.predicate.predicate)).begin,
                    "a predicate is a name, not a value");
  std::set<std::string> keys;
  for (const auto& qual : t.qualifiers) {
    std::string lower_key = qual.key;
    for (auto& c : lower_key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower_key == "subject" || lower_key == "predicate" || lower_key == "object")
      throw error::at(error_kind::semantic, q.span_of(qual).begin,
                      "'" + qual.key + "' names a part of every fact, not a qualifier");
    if (!keys.insert(lower_key).second)
      throw error::at(error_kind::semantic, q.span_of(qual).begin,
                      "the qualifier '" + qual.key + "' is given twice");
    row.push_back(term{term_kind::entity, qual.key, {}});
    row.push_back(*fact_term(n, q, qual.value, true, true));
  }
  for (const auto& tm : row)
    if (tm.lex.size() > max_term_bytes)
      throw error::at(error_kind::limit, q.span_of(t).begin, "a term longer than 16 MiB",
                      "kg reads terms of at most 16 MiB");
  // New terms get ids in the order an import of the statement gives them:
  // subject, predicate, object, then each qualifier's value and key.
  auto added = guarded(store.path(), [&] {
    transaction tx(store.db());
    fact_writer writer(store.db());
    statement_ids st{writer.term_id(row[0]), writer.term_id(row[1]), writer.term_id(row[2]), {}};
    for (std::size_t i = 3; i + 1 < row.size(); i += 2) {
      const auto value = writer.term_id(row[i + 1]);
      st.quals.emplace_back(writer.term_id(row[i]), value);
    }
    const bool is_new = writer.add_statement(std::move(st));
    tx.commit();
    return is_new;
  });
  if (!added) throw added.error();
  answer a;
  a.changed_store = *added;
  a.message = *added ? "added 1 statement" : "already present: nothing added";
  return a;
}

answer run_remove(triple_store& store, names& n, const query::parsed_query& q, const ast::triple& t) {
  if (!t.qualifiers.empty())
    throw error::at(error_kind::semantic, q.span_of(t.qualifiers.front()).begin,
                    "remove takes a fact: all its statements go", "write remove S P O, without qualifiers");
  if (t.predicate.inverse || t.predicate.repeat != ast::repetition::once)
    throw error::at(error_kind::semantic, q.span_of(t.predicate).begin,
                    "remove takes one fact: no ^, + or * here");
  std::int64_t ids[3];
  const ast::node* nodes[3] = {&t.subject, &t.predicate.predicate, &t.object};
  for (int i = 0; i < 3; ++i) {
    auto tm = fact_term(n, q, *nodes[i], false, i == 2);
    auto id = tm ? n.term_id(*tm) : std::nullopt;
    if (!id) {
      answer a;
      a.message = "no such fact: nothing removed";
      return a;
    }
    ids[i] = *id;
  }
  auto& db = store.db();
  transaction tx(db);
  std::int64_t removed = 0;
  // The fact in every direction it is read: remove Huang met Ren also
  // removes Ren met Huang when met is symmetric.
  fact_writer writer(db);
  for (const auto& e : n.edges_of(ids[1])) {
    const std::int64_t s = e.swapped ? ids[2] : ids[0], o = e.swapped ? ids[0] : ids[2];
    if (writer.remove_fact(s, e.predicate, o)) ++removed;
  }
  tx.commit();
  answer a;
  a.changed_store = removed > 0;
  a.message = removed == 0   ? "no such fact: nothing removed"
              : removed == 1 ? "removed 1 fact"
                             : "removed " + std::to_string(removed) + " facts";
  return a;
}

answer run_import(triple_store& store, const query::parsed_query& q, const ast::import_file& imp,
                  const run_options& opts) {
  std::filesystem::path path(imp.file.text);
  if (path.is_relative() && !opts.base_dir.empty()) path = std::filesystem::path(opts.base_dir) / path;
  auto report = import_sources(store, {{path.string(), std::nullopt, std::nullopt}}, {});
  // A file that cannot be read is a problem of the statement, at its name.
  if (!report && report.error().kind == error_kind::io)
    throw error::at(error_kind::semantic, q.span_of(imp.file).begin, report.error().message);
  if (!report) throw report.error();
  answer a;
  a.changed_store = report->added > 0;
  a.message = "imported " + path.string() + ": " + std::to_string(report->added) + " new statements, " +
              std::to_string(report->present) + " already present";
  return a;
}

// why S P O: every statement of the facts matching the pattern, read in
// every direction the predicate holds, with all their qualifiers.
answer run_why(names& n, const query::parsed_query& q, const ast::triple& t) {
  auto& db = n.db();
  if (t.predicate.repeat != ast::repetition::once)
    throw error::at(error_kind::semantic, q.span_of(t.predicate).begin,
                    "why shows single facts, and a path is not one",
                    "ask why about each step: why A part_of B");
  std::optional<std::int64_t> ids[3];
  const ast::node* nodes[3] = {&t.subject, &t.predicate.predicate, &t.object};
  for (int i = 0; i < 3; ++i) {
    if (boost::get<ast::variable>(&nodes[i]->get())) continue;
    auto tm = fact_term(n, q, *nodes[i], false, i == 2);
    auto id = tm ? n.term_id(*tm) : std::nullopt;
    const auto& at = tagged(*nodes[i]);
    const auto* nm = boost::get<ast::name>(&nodes[i]->get());
    if (!id && nm) {
      if (i == 1)
        throw error::at(error_kind::unknown_name, q.span_of(at).begin, "unknown predicate '" + nm->text + "'",
                        n.predicate_list(nm->text));
      throw error::at(error_kind::unknown_name, q.span_of(at).begin, "unknown name '" + nm->text + "'",
                      n.suggest_entity(nm->text));
    }
    if (!id) id = -1;  // a value no fact has
    ids[i] = id;
  }
  if (t.predicate.inverse) std::swap(ids[0], ids[2]);
  std::vector<edge> edges = ids[1] ? n.edges_of(*ids[1]) : std::vector<edge>{{-1, false}};
  struct statement_row {
    std::int64_t s, p, o, grp;
    std::map<std::string, term> quals;
  };
  std::vector<statement_row> rows;
  std::set<std::array<std::int64_t, 4>> seen;  // a statement read both ways is listed once
  std::vector<std::string> keys;
  // A variable written twice (why ?x ?p ?x) means the same term in both places.
  auto variable_at = [&](int i) {
    const auto* v = boost::get<ast::variable>(&nodes[i]->get());
    return v ? v->name : std::string();
  };
  std::string var_names[3] = {variable_at(0), variable_at(1), variable_at(2)};
  if (t.predicate.inverse) std::swap(var_names[0], var_names[2]);
  for (const auto& e : edges) {
    auto s = e.swapped ? ids[2] : ids[0], o = e.swapped ? ids[0] : ids[2];
    auto p = e.predicate >= 0 ? std::optional(e.predicate) : ids[1];
    std::string sql =
        "SELECT f.s, f.p, f.o, coalesce(q.grp, -1), k.lex, v.kind, v.lex, v.dt FROM facts f "
        "LEFT JOIN qualifiers q ON q.s = f.s AND q.p = f.p AND q.o = f.o "
        "LEFT JOIN terms k ON k.id = q.key LEFT JOIN terms v ON v.id = q.value WHERE 1";
    const std::string columns[3] = {e.swapped ? "f.o" : "f.s", "f.p", e.swapped ? "f.s" : "f.o"};
    for (int i = 0; i < 3; ++i)
      for (int j = i + 1; j < 3; ++j)
        if (!var_names[i].empty() && var_names[i] == var_names[j])
          sql += " AND " + columns[i] + " = " + columns[j];
    std::vector<std::int64_t> bound;
    for (auto [v, col] : {std::pair{s, "s"}, {p, "p"}, {o, "o"}}) {
      if (!v) continue;
      bound.push_back(*v);
      sql += std::string(" AND f.") + col + " = ?" + std::to_string(bound.size());
    }
    sql += " ORDER BY f.s, f.p, f.o, q.grp";
    auto st = db.cached(sql);
    for (std::size_t i = 0; i < bound.size(); ++i) st.bind(static_cast<int>(i + 1), bound[i]);
    while (st.step()) {
      const std::array<std::int64_t, 4> key = {st.int64(0), st.int64(1), st.int64(2), st.int64(3)};
      if (rows.empty() || rows.back().s != key[0] || rows.back().p != key[1] || rows.back().o != key[2] ||
          rows.back().grp != key[3]) {
        if (!seen.insert(key).second) continue;
        rows.push_back({key[0], key[1], key[2], key[3], {}});
      }
      if (st.is_null(4)) continue;
      const std::string k(st.text(4));
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
      rows.back().quals[k] = load_term_at(st, 5);
    }
  }
  // Qualifiers in the question keep the statements that have them.
  for (const auto& qual : t.qualifiers) {
    std::optional<term> wanted;
    if (!boost::get<ast::variable>(&qual.value.get())) {
      wanted = fact_term(n, q, qual.value, false, true);
      if (!wanted) wanted = term{term_kind::text, "\x01no such value", {}};
    }
    std::erase_if(rows, [&](const statement_row& r) {
      auto it = r.quals.find(qual.key);
      return it == r.quals.end() || (wanted && !(it->second == *wanted));
    });
  }
  // source and line first, then the other qualifiers by name.
  std::sort(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) {
    auto rank = [](const std::string& k) { return k == "source" ? 0 : k == "line" ? 1 : 2; };
    return rank(a) != rank(b) ? rank(a) < rank(b) : a < b;
  });
  answer a;
  a.columns = {"subject", "predicate", "object"};
  for (const auto& k : keys) a.columns.push_back(k);
  for (const auto& r : rows) {
    std::vector<std::optional<term>> row;
    for (auto id : {r.s, r.p, r.o}) {
      auto st = db.cached("SELECT kind, lex, dt FROM terms WHERE id = ?");
      st.bind(1, id);
      st.step();
      row.push_back(load_term(st));
    }
    for (const auto& k : keys) {
      auto it = r.quals.find(k);
      row.push_back(it == r.quals.end() ? std::nullopt : std::optional<term>(it->second));
    }
    a.rows.push_back(std::move(row));
  }
  if (a.rows.empty()) a.unmatched_pattern = query::to_string(ast::query(ast::why{{}, t})).substr(4);
  return a;
}

}  // namespace kg::engine
