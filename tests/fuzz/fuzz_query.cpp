// libFuzzer target for the query parser: errors are positioned, and a
// parsed query's canonical text parses to the same tree (see
// tests/fuzz/invariants.hpp). A broken invariant aborts, so libFuzzer keeps
// the input as it keeps a crash.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "tests/fuzz/invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string failure = kg::fuzz::check_query({reinterpret_cast<const char*>(data), size});
  if (!failure.empty()) {
    std::fprintf(stderr, "invariant broken: %s\n", failure.c_str());
    std::abort();
  }
  return 0;
}
