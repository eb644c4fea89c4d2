// The W3C RDF 1.1 N-Triples syntax suite: every positive test imports and
// every negative one is rejected. Runs when the suite is beside the project
// (or KG_W3C_DIR names it).
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "store/export.hpp"
#include "tests/helpers.hpp"

using namespace kg;

namespace {

// The manifest's test entries: file -> positive?
std::map<std::string, bool> read_manifest(const std::string& dir) {
  std::ifstream in(dir + "/manifest.ttl");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::map<std::string, bool> tests;
  // Each entry is a block that starts with <#name> at the start of a line.
  const std::regex type(R"(rdft:TestNTriples(Positive|Negative)Syntax)");
  const std::regex action(R"(mf:action\s+<([^>]+)>)");
  std::size_t start = text.find("\n<#");
  while (start != std::string::npos) {
    const std::size_t end = text.find("\n<#", start + 1);
    const std::string block = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    std::smatch t, a;
    if (std::regex_search(block, t, type) && std::regex_search(block, a, action))
      tests[a[1]] = t[1] == "Positive";
    start = end;
  }
  return tests;
}

}  // namespace

TEST_SUITE("w3c") {
  TEST_CASE("the W3C N-Triples suite: positives import, negatives are rejected") {
    const auto dir = kg::test::w3c_dir();
    if (dir.empty()) {
      MESSAGE("skipped: the W3C N-Triples suite (../shared/w3c/rdf-n-triples) is not there");
      return;
    }
    const auto tests = read_manifest(dir);
    int positive = 0, negative = 0;
    for (const auto& [file, is_positive] : tests) is_positive ? ++positive : ++negative;
    CHECK(positive == 41);
    CHECK(negative == 29);

    kg::test::temp_dir tmp;
    for (const auto& [name, is_positive] : tests) {
      const std::string& file = name;  // CAPTURE's lambda cannot take a binding in clang 14
      CAPTURE(file);
      auto store = kg::test::new_store(tmp.path(file + ".kg"));
      auto result = store::import_sources(store, {{dir + "/" + file, format::ntriples, std::nullopt}}, {});
      if (is_positive) {
        CHECK_MESSAGE(result.has_value(), (result ? "" : result.error().message));
      } else {
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == errc::input);
        CHECK(render(result.error()).find(": error: ") != std::string::npos);
        CHECK(kg::test::fingerprint(store).empty());
      }
    }
  }

  TEST_CASE("W3C positives round-trip through export into a fresh store") {
    const auto dir = kg::test::w3c_dir();
    if (dir.empty()) {
      MESSAGE("skipped: the W3C N-Triples suite is not there");
      return;
    }
    kg::test::temp_dir tmp;
    for (const auto& [name, is_positive] : read_manifest(dir)) {
      if (!is_positive) continue;
      const std::string& file = name;  // CAPTURE's lambda cannot take a binding in clang 14
      CAPTURE(file);
      auto a = kg::test::new_store(tmp.path(file + ".a.kg"));
      REQUIRE(store::import_sources(a, {{dir + "/" + file, format::ntriples, std::nullopt}}, {}));
      std::ostringstream nt;
      REQUIRE(store::export_facts(a, format::ntriples, nt));
      auto b = kg::test::new_store(tmp.path(file + ".b.kg"));
      if (!nt.str().empty()) REQUIRE(kg::test::import_text(b, format::ntriples, nt.str()));
      CHECK(kg::test::fingerprint(b) == kg::test::fingerprint(a));
    }
  }
}
