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
#include "engine/run.hpp"
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
  auto a = engine::run_query(s, *parsed, statement, "query");
  if (!a) return render(a.error()) + "\n";
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
