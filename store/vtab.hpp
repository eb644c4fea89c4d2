// What kg's table-valued functions (kg_reach, kg_join) share: errors
// handed back to SQLite, and sorted adjacency lists of a predicate's facts.
#pragma once

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <new>
#include <span>
#include <vector>

#include "store/sqlite.hpp"

namespace kg::store {

// Sets a virtual table's error message; returns rc.
inline int vtab_fail(sqlite3_vtab* table, int rc, const char* message) {
  sqlite3_free(table->zErrMsg);
  table->zErrMsg = sqlite3_mprintf("%s", message);
  return rc;
}

// Runs f, turning its exceptions into SQLite result codes.
template <class F>
int vtab_guarded(sqlite3_vtab* table, F&& f) {
  try {
    f();
    return SQLITE_OK;
  } catch (const sqlite_error& e) {
    return vtab_fail(table, e.code(), e.what());
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (const std::exception& e) {
    return vtab_fail(table, SQLITE_ERROR, e.what());
  }
}

// One direction of a predicate's facts: each node's neighbours, in key
// order. Built by add() of (node, neighbour) pairs sorted by node, then by
// neighbour, and finish().
class adjacency {
 public:
  void add(std::int64_t node, std::int64_t next) {
    if (keys_.empty() || keys_.back() != node) {
      keys_.push_back(node);
      begin_.push_back(targets_.size());
    }
    targets_.push_back(next);
  }
  void finish() { begin_.push_back(targets_.size()); }

  // Every node with a neighbour, sorted.
  const std::vector<std::int64_t>& nodes() const { return keys_; }

  std::span<const std::int64_t> of(std::int64_t node) const {
    auto it = std::lower_bound(keys_.begin(), keys_.end(), node);
    if (it == keys_.end() || *it != node) return {};
    const auto k = static_cast<std::size_t>(it - keys_.begin());
    return {targets_.data() + begin_[k], begin_[k + 1] - begin_[k]};
  }

 private:
  std::vector<std::int64_t> keys_;
  std::vector<std::size_t> begin_;  // keys_.size() + 1 offsets into targets_
  std::vector<std::int64_t> targets_;
};

}  // namespace kg::store
