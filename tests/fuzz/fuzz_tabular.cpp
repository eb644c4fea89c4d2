// libFuzzer target for the TSV and CSV reader: errors are positioned, a
// document cut in two parses as it does whole, and statements round-trip
// through the writers (see tests/fuzz/invariants.hpp). A broken invariant
// aborts, so libFuzzer keeps the input as it keeps a crash.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "tests/fuzz/invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string failure = kg::fuzz::check_tabular({reinterpret_cast<const char*>(data), size});
  if (!failure.empty()) {
    std::fprintf(stderr, "invariant broken: %s\n", failure.c_str());
    std::abort();
  }
  return 0;
}
