// Data-driven query tests: every tests/queries/**/NAME.kgq runs against the
// fixture tests/queries/fixture.tsv, or against NAME.nt or NAME.tsv beside
// it when there is one (a case that needs a graph of its own), and its
// output (TSV, or the whole rendered error) must equal NAME.expected.
// Without "order by" in the query, answer rows are compared as a set.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/output.hpp"
#include "engine/run.hpp"
#include "parser/query.hpp"
#include "tests/helpers.hpp"

using namespace kg;

namespace {

std::string slurp(const std::filesystem::path& p) { return kg::test::slurp(p.string()); }

std::string run(store::triple_store& s, std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  auto parsed = query::parse(text, "query");
  if (!parsed) return render(parsed.error()) + "\n";
  auto a = engine::run_query(s, *parsed, text, "query");
  if (!a) return render(a.error()) + "\n";
  const auto* rows = std::get_if<engine::table>(&*a);
  if (!rows) return "not a query\n";
  std::ostringstream out;
  cli::print_answer(*rows, cli::output_mode::tsv, out);
  return out.str();
}

std::string rows_as_set(const std::string& output) {
  std::istringstream in(output);
  std::string header, line;
  std::getline(in, header);
  std::vector<std::string> rows;
  while (std::getline(in, line)) rows.push_back(line);
  std::sort(rows.begin(), rows.end());
  std::string out = header + "\n";
  for (const auto& r : rows) out += r + "\n";
  return out;
}

}  // namespace

TEST_SUITE("queries") {
  TEST_CASE("every query file gives its expected output") {
    const std::filesystem::path dir = std::filesystem::path(KG_SOURCE_DIR) / "tests" / "queries";
    kg::test::temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("fixture.kg"));
    REQUIRE(store::import_sources(s, {{(dir / "fixture.tsv").string(), std::nullopt, std::nullopt}}, {}));
    int ran = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      if (entry.path().extension() != ".kgq") continue;
      const auto expected_path = std::filesystem::path(entry.path()).replace_extension(".expected");
      const std::string name = std::filesystem::relative(entry.path(), dir).string();
      CAPTURE(name);
      REQUIRE(std::filesystem::exists(expected_path));
      const auto text = slurp(entry.path());
      const auto expected = slurp(expected_path);
      std::string actual;
      auto own_data = std::filesystem::path(entry.path()).replace_extension(".nt");
      if (!std::filesystem::exists(own_data)) own_data.replace_extension(".tsv");
      if (std::filesystem::exists(own_data)) {
        auto own = kg::test::new_store(tmp.path("case" + std::to_string(ran) + ".kg"));
        REQUIRE(store::import_sources(own, {{own_data.string(), std::nullopt, std::nullopt}}, {}));
        actual = run(own, text);
      } else {
        actual = run(s, text);
      }
      if (text.find("order by") == std::string::npos && !expected.starts_with("query:"))
        CHECK(rows_as_set(actual) == rows_as_set(expected));
      else
        CHECK(actual == expected);
      ++ran;
    }
    CHECK(ran >= 50);
  }
}
