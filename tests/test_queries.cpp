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
#include "store/numbers.hpp"
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

TEST_SUITE("queries") {
  TEST_CASE("numbers compare and order by their exact values, beyond 2^53 and past a double's digits") {
    kg::test::temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("numbers.kg"));
    REQUIRE(kg::test::import_text(s, format::tsv,
                                  "subject\tpredicate\tobject\n"
                                  "M1\tbig\t9007199254740993\n"
                                  "M2\tbig\t9007199254740992\n"
                                  "M3\tbig\t-9007199254740993\n"
                                  "M4\tbig\t-9007199254740992\n"
                                  "M5\tbig\t9007199254740992.5\n"
                                  "M6\tbig\t123456789012345678901234567890\n"
                                  "M7\tbig\t123456789012345678901234567891\n"
                                  "D1\tsmall\t0.1000000000000000001\n"
                                  "D2\tsmall\t0.1\n"
                                  "D3\tsmall\t0.10\n"
                                  "D4\tsmall\t-0.1000000000000000001\n"
                                  "D5\tsmall\t-0.1\n"
                                  "D6\tsmall\t1\n"));
    const auto answers = [&](const std::string& q) { return rows_as_set(run(s, q)); };
    const auto ordered = [&](const std::string& q) { return run(s, q); };
    SUBCASE("integers beyond 2^53") {
      CHECK(answers("?x big ?v filter ?v = 9007199254740993") == "x\tv\nM1\t9007199254740993\n");
      CHECK(answers("?x big ?v filter ?v > 9007199254740992 and ?v < 9007199254740994") ==
            "x\tv\nM1\t9007199254740993\nM5\t9007199254740992.5\n");
      CHECK(answers("?x big ?v filter ?v >= 9007199254740993 and ?v <= 9007199254740993") ==
            "x\tv\nM1\t9007199254740993\n");
      CHECK(answers("?x big ?v filter ?v < 9007199254740993 and ?v > 0") ==
            "x\tv\nM2\t9007199254740992\nM5\t9007199254740992.5\n");
      CHECK(answers("?x big ?v filter ?v != 9007199254740992 and ?v > 0 and ?v < 10000000000000000") ==
            "x\tv\nM1\t9007199254740993\nM5\t9007199254740992.5\n");
      CHECK(answers("?x big ?v filter ?v = 123456789012345678901234567891") ==
            "x\tv\nM7\t123456789012345678901234567891\n");
    }
    SUBCASE("big negative integers") {
      CHECK(answers("?x big ?v filter ?v < -9007199254740992") == "x\tv\nM3\t-9007199254740993\n");
      CHECK(answers("?x big ?v filter ?v = -9007199254740992") == "x\tv\nM4\t-9007199254740992\n");
    }
    SUBCASE("two variables") {
      CHECK(answers("?x big ?v . M2 big ?w filter ?v > ?w and ?v < 10000000000000000") ==
            "x\tv\tw\nM1\t9007199254740993\t9007199254740992\nM5\t9007199254740992.5\t9007199254740992\n");
      CHECK(answers("?x small ?v . D2 small ?w filter ?v > ?w") ==
            "x\tv\tw\nD1\t0.1000000000000000001\t0.1\nD6\t1\t0.1\n");
    }
    SUBCASE("decimals past a double's digits, and integers against decimals") {
      CHECK(answers("?x small ?v filter ?v > 0.1") == "x\tv\nD1\t0.1000000000000000001\nD6\t1\n");
      CHECK(answers("?x small ?v filter ?v = 0.1") == "x\tv\nD2\t0.1\nD3\t0.10\n");
      CHECK(answers("?x small ?v filter ?v < -0.1") == "x\tv\nD4\t-0.1000000000000000001\n");
      CHECK(answers("?x small ?v filter ?v = 1.0") == "x\tv\nD6\t1\n");
      CHECK(answers("?x big ?v filter ?v = 9007199254740992.0") == "x\tv\nM2\t9007199254740992\n");
    }
    SUBCASE("order by") {
      CHECK(ordered("?x big ?v order by ?v") ==
            "x\tv\nM3\t-9007199254740993\nM4\t-9007199254740992\nM2\t9007199254740992\n"
            "M5\t9007199254740992.5\nM1\t9007199254740993\nM6\t123456789012345678901234567890\n"
            "M7\t123456789012345678901234567891\n");
      CHECK(ordered("?x big ?v order by ?v desc limit 3") ==
            "x\tv\nM7\t123456789012345678901234567891\nM6\t123456789012345678901234567890\n"
            "M1\t9007199254740993\n");
      CHECK(ordered("?x small ?v order by ?v") ==
            "x\tv\nD4\t-0.1000000000000000001\nD5\t-0.1\nD2\t0.1\nD3\t0.10\nD1\t0."
            "1000000000000000001\nD6\t1\n");
    }
  }
}

TEST_SUITE("queries") {
  TEST_CASE("the exact-number collation compares lexical forms by value") {
    using store::compare_exact_numbers;
    CHECK(compare_exact_numbers("9007199254740993", "9007199254740992") > 0);
    CHECK(compare_exact_numbers("-9007199254740993", "-9007199254740992") < 0);
    CHECK(compare_exact_numbers("0.1000000000000000001", "0.1") > 0);
    CHECK(compare_exact_numbers("-0.1000000000000000001", "-0.1") < 0);
    CHECK(compare_exact_numbers("5", "5.0") == 0);
    CHECK(compare_exact_numbers("007", "7.000") == 0);
    CHECK(compare_exact_numbers("-0", "0.0") == 0);
    CHECK(compare_exact_numbers("-0.0", "0.01") < 0);
    CHECK(compare_exact_numbers("9.99999999999999999999", "10") < 0);
    CHECK(compare_exact_numbers("-10", "-9.99999999999999999999") < 0);
    CHECK(compare_exact_numbers("123456789012345678901234567891", "123456789012345678901234567890") > 0);
    CHECK(compare_exact_numbers("abc", "abd") < 0);  // not numbers: bytewise
  }
}
