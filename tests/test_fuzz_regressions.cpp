// Replays every input saved under tests/fuzz-regressions/<target>/ through
// the checks its fuzz target makes (tests/fuzz/invariants.hpp), so that what
// a fuzzer once found stays fixed in the ordinary test suite.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/fuzz/invariants.hpp"
#include "tests/helpers.hpp"

namespace fs = std::filesystem;

namespace {

std::string slurp(const std::filesystem::path& p) { return kg::test::slurp(p.string()); }

// The saved inputs of one target, in name order.
std::vector<fs::path> inputs_of(const std::string& target) {
  std::vector<fs::path> files;
  const fs::path dir = fs::path(KG_SOURCE_DIR) / "tests" / "fuzz-regressions" / target;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

void replay(const std::string& target, std::string (*check)(std::string_view)) {
  const auto files = inputs_of(target);
  CHECK_MESSAGE(!files.empty(), "no saved inputs for " << target);
  for (const auto& file : files) {
    const std::string failure = check(slurp(file));
    CHECK_MESSAGE(failure.empty(), file.filename().string() << ": " << failure);
  }
}

}  // namespace

TEST_SUITE("fuzz regressions") {
  TEST_CASE("saved query inputs keep the query parser's invariants") {
    replay("fuzz_query", kg::fuzz::check_query);
  }

  TEST_CASE("saved N-Triples inputs keep the N-Triples parser's invariants") {
    replay("fuzz_ntriples", kg::fuzz::check_ntriples);
  }

  TEST_CASE("saved TSV and CSV inputs keep the tabular reader's invariants") {
    replay("fuzz_tabular", kg::fuzz::check_tabular);
  }
}
