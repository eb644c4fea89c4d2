// Random graphs and random queries for the oracle (docs/oracle.md): small
// graphs of entities and literals of every kind kg knows, and queries that
// use every construct of the query language, nested in every combination.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "tests/oracle/model.hpp"

namespace kg::oracle {

class random_source {
 public:
  explicit random_source(std::uint64_t seed) : rng_(seed) {}
  int below(int n) { return n <= 1 ? 0 : std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  int between(int lo, int hi) { return lo + below(hi - lo + 1); }
  bool chance(int percent) { return below(100) < percent; }
  template <class T>
  const T& one_of(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(below(static_cast<int>(v.size())))];
  }
  std::mt19937_64& engine() { return rng_; }

 private:
  std::mt19937_64 rng_;
};

// A graph of 3 to 60 facts (most of them small): entities named by simple
// words, a few predicates, objects of every literal kind.
graph random_graph(random_source& r);

// A query over the graph's names and values. It never uses what
// incomparable() rejects.
query random_query(random_source& r, const graph& g);

}  // namespace kg::oracle
