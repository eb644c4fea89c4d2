// Data-driven plan tests: every tests/plans/NAME.kgq is explained against
// the query fixture (tests/queries/fixture.tsv), or NAME.tsv beside it,
// and kg's plan (engine/explain.hpp: join order, the table each pattern
// reads, estimates) must equal NAME.plan. Lines starting with '#' in a
// .kgq file are comments. With KG_UPDATE_PLANS=1 the .plan files are
// written instead, to review as a diff.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/bind.hpp"
#include "engine/emit.hpp"
#include "engine/run.hpp"
#include "engine/update.hpp"
#include "parser/query.hpp"
#include "tests/helpers.hpp"

using namespace kg;

namespace {

std::string query_text(const std::string& file) {
  std::istringstream in(file);
  std::string line, out;
  while (std::getline(in, line))
    if (!line.starts_with("#") && !line.empty()) out += (out.empty() ? "" : "\n") + line;
  return out;
}

std::string plan_of(store::triple_store& s, const std::string& text) {
  const std::string statement = "explain " + text;
  auto parsed = query::parse(statement, "query");
  if (!parsed) return render(parsed.error()) + "\n";
  auto answer = engine::run_query(s, *parsed, statement, "query");
  if (!answer) return render(answer.error()) + "\n";
  const auto* a = std::get_if<engine::explain_report>(&*answer);
  if (!a) return "not an explain report\n";
  std::string out;
  if (!a->pattern_form.empty()) out += "pattern: " + a->pattern_form + "\n";
  for (const auto& line : a->steps) out += line + "\n";
  return out;
}

}  // namespace

TEST_SUITE("plans") {
  TEST_CASE("every plan file gives its expected plan") {
    const std::filesystem::path dir = std::filesystem::path(KG_SOURCE_DIR) / "tests" / "plans";
    const auto fixture = std::filesystem::path(KG_SOURCE_DIR) / "tests" / "queries" / "fixture.tsv";
    const char* update = std::getenv("KG_UPDATE_PLANS");
    kg::test::temp_dir tmp;
    int ran = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".kgq") continue;
      const std::string name = entry.path().filename().string();
      CAPTURE(name);
      auto data = std::filesystem::path(entry.path()).replace_extension(".tsv");
      if (!std::filesystem::exists(data)) data = fixture;
      auto s = kg::test::new_store(tmp.path("case" + std::to_string(ran++) + ".kg"));
      REQUIRE(store::import_sources(s, {{data.string(), std::nullopt, std::nullopt}}, {}));
      const auto actual = plan_of(s, query_text(kg::test::slurp(entry.path().string())));
      const auto expected_path = std::filesystem::path(entry.path()).replace_extension(".plan");
      if (update && *update) {
        std::ofstream(expected_path) << actual;
        continue;
      }
      REQUIRE(std::filesystem::exists(expected_path));
      CHECK(actual == kg::test::slurp(expected_path.string()));
    }
    CHECK(ran >= 10);
  }
}

TEST_SUITE("plans") {
  TEST_CASE("bind takes the ids a reader before it resolved, and resolves the rest by name") {
    kg::test::temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("ids.kg"));
    REQUIRE(kg::test::import_text(
        s, format::tsv,
        "subject\tpredicate\tobject\nJensen Huang\tceo_of\tNvidia\nLei Jun\tceo_of\tXiaomi\n"));
    const std::string text = "?x ceo_of Nowhere";
    auto parsed = query::parse(text, "query");
    REQUIRE(parsed);
    store::transaction snapshot(s.db(), store::transaction::mode::read);
    store::names n(s.db());
    auto& pq = boost::get<query::ast::pattern_query>(parsed->tree);
    // By name, Nowhere is unknown.
    try {
      engine::bind_select(n, *parsed, pq, false);
      FAIL("an unknown name binds");
    } catch (const error& e) {
      CHECK(e.kind == error_kind::unknown_name);
      CHECK(e.offset == text.find("Nowhere"));
    }
    // Handed over as Xiaomi's id, the same node binds to Xiaomi.
    auto& object =
        boost::get<query::ast::name>(boost::get<query::ast::triple>(pq.where.elements.front()).object);
    const auto xiaomi = n.entity_named("Xiaomi");
    REQUIRE(xiaomi);
    object.id = *xiaomi;
    const auto plan = engine::bind_select(n, *parsed, pq, false);
    const auto& p = std::get<engine::plan::pattern>(plan.where.elements.front());
    REQUIRE(p.o.constant);
    CHECK(*p.o.constant == *xiaomi);
  }
}

TEST_SUITE("plans") {
  TEST_CASE("add, remove, import and why are bound to plans before anything is written") {
    kg::test::temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("updates.kg"));
    REQUIRE(kg::test::import_text(s, format::tsv,
                                  "subject\tpredicate\tobject\tdate\n"
                                  "met\tsemantics\tsymmetric\t\n"
                                  "Lei Jun\tmet\tJensen Huang\t2025-07-16\n"
                                  "Jensen Huang\tceo_of\tNvidia\t\n"));
    const auto before = kg::test::fingerprint(s);
    auto bind = [&](const std::string& text, auto&& with) {
      CAPTURE(text);
      auto parsed = query::parse(text, "query");
      REQUIRE(parsed);
      store::names n(s.db());
      with(*parsed, n);
    };
    auto fact_of = [](const query::parsed_query& q) -> const query::ast::triple& {
      if (const auto* u = boost::get<query::ast::update>(&q.tree.get())) return u->fact;
      return boost::get<query::ast::why>(q.tree.get()).fact;
    };

    // add: an unknown name is a new entity; a known one is its entity.
    engine::plan::add added;
    bind("add Zed met \"Jensen Huang\" {date: 2025-01-02}",
         [&](const auto& q, store::names& n) { added = engine::bind_add(n, q, fact_of(q)); });
    CHECK(added.s == make_iri(entity_iri("Zed")));
    CHECK(added.p == term{term_kind::entity, "met", {}});
    CHECK(added.o == term{term_kind::entity, "Jensen Huang", {}});
    REQUIRE(added.qualifiers.size() == 1);
    CHECK(added.qualifiers[0].first == term{term_kind::entity, "date", {}});

    // remove of a symmetric predicate: the fact read both ways.
    engine::plan::remove removed;
    bind("remove \"Jensen Huang\" met \"Lei Jun\"",
         [&](const auto& q, store::names& n) { removed = engine::bind_remove(n, q, fact_of(q)); });
    CHECK(removed.facts.size() == 2);
    bind("remove Huang met Nobody",
         [&](const auto& q, store::names& n) { CHECK(engine::bind_remove(n, q, fact_of(q)).facts.empty()); });

    // import: the path from the statement's folder, the error at the name.
    bind("import \"more.tsv\"", [&](const auto& q, store::names&) {
      const auto imp = engine::bind_import(q, boost::get<query::ast::import_file>(q.tree.get()), "data");
      CHECK(imp.path == (std::filesystem::path("data") / "more.tsv").string());
      CHECK(imp.offset == std::string("import ").size());
    });

    // why: every direction of the predicate, the variables kept by name,
    // and SQL that holds ids as parameters, never the query's text.
    bind("why ?x ^met \"Jensen Huang\"", [&](const auto& q, store::names& n) {
      const auto w = engine::bind_why(n, q, fact_of(q));
      CHECK(w.edges.size() == 2);
      CHECK(w.o_var == "x");  // ^ swapped the ends
      CHECK_FALSE(w.o);
      REQUIRE(w.s);
      REQUIRE(w.p);
      const auto statements = engine::emit_why(w, engine::sqlite_dialect());
      REQUIRE(statements.size() == 2);
      for (const auto& e : statements) {
        CHECK(e.sql.find("met") == std::string::npos);
        CHECK(e.sql.find("Huang") == std::string::npos);
        CHECK(e.params.size() == 2);
      }
    });
    // Binding wrote nothing.
    CHECK(kg::test::fingerprint(s) == before);

    // Unknown names in why are errors of the statement, at their place.
    bind("why \"Jensen Huang\" met Nobody", [&](const auto& q, store::names& n) {
      try {
        engine::bind_why(n, q, fact_of(q));
        FAIL("an unknown name binds");
      } catch (const error& e) {
        CHECK(e.kind == error_kind::unknown_name);
        CHECK(e.offset == std::string("why \"Jensen Huang\" met ").size());
      }
    });

    // Running the plans: one change report each.
    const auto applied = engine::apply(s, added);
    CHECK(applied.added == 1);
    CHECK(applied.changed());
    const auto again = engine::apply(s, added);
    CHECK(again.present == 1);
    CHECK_FALSE(again.changed());
    const auto gone = engine::apply(s, removed);
    CHECK(gone.removed == 1);  // stored one way; read both ways
    CHECK(gone.message == "removed 1 fact");
  }
}
