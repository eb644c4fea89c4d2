// The W3C SPARQL 1.0 and 1.1 syntax tests, from their manifests: every
// positive query reads, every negative one is refused. Update, federation
// and result-format folders are outside kg's SPARQL (queries only); their
// tests are counted as out of scope. The pass counts per folder are
// reported, and every in-scope test must pass.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "parser/sparql.hpp"
#include "tests/helpers.hpp"

using namespace kg;

TEST_SUITE("w3c") {
  TEST_CASE("the W3C SPARQL syntax tests: positive queries read, negative ones are refused") {
    std::map<std::string, std::pair<int, int>> per_folder;  // passed, in scope
    std::set<std::string> failed;
    int out_of_scope = 0;
    bool any = false;
    for (const char* suite : {"sparql10", "sparql11"}) {
      const auto root = test::w3c_suite(suite);
      if (root.empty()) continue;
      any = true;
      for (const auto& entry : std::filesystem::directory_iterator(root)) {
        if (!std::filesystem::exists(entry.path() / "manifest.ttl")) continue;
        std::string base;
        const auto folder = std::string(suite) + "/" + entry.path().filename().string();
        for (const auto& t : test::w3c_manifest(entry.path().string(), base)) {
          const bool positive = t.type.starts_with("PositiveSyntaxTest");
          const bool negative = t.type.starts_with("NegativeSyntaxTest");
          if (!positive && !negative) continue;
          if (t.approval == "NotApproved" || t.approval == "Withdrawn") continue;
          auto& [passed, total] = per_folder[folder];
          ++total;
          const auto text = test::slurp((entry.path() / t.action).string());
          const bool reads = sparql::read(text, t.action).has_value();
          if (reads == positive)
            ++passed;
          else
            failed.insert(folder + "/" + t.name);
        }
      }
      // Whole folders of updates, federation and protocol: out of scope.
      for (const auto& entry : std::filesystem::directory_iterator(root)) {
        std::string base;
        if (!std::filesystem::exists(entry.path() / "manifest.ttl")) continue;
        for (const auto& t : test::w3c_manifest(entry.path().string(), base))
          if (t.type.find("UpdateSyntax") != std::string::npos) ++out_of_scope;
      }
    }
    if (!any) {
      MESSAGE("skipped: the W3C SPARQL suites (../shared/w3c/sparql10, sparql11) are not there");
      return;
    }
    std::ostringstream report;
    int passed = 0, total = 0;
    for (const auto& [folder, counts] : per_folder) {
      report << "\n  " << folder << ": " << counts.first << "/" << counts.second;
      passed += counts.first;
      total += counts.second;
    }
    MESSAGE("SPARQL syntax tests passed: " << passed << "/" << total << report.str()
                                           << "\n  out of scope: " << out_of_scope
                                           << " SPARQL Update syntax tests (kg reads queries only)");
    for (const auto& f : failed) CHECK_MESSAGE(false, f << " fails");
    CHECK(total > 300);
  }
}
