// Paths from a constant end (p+, p*): a breadth-first walk over the facts,
// done here instead of in a recursive CTE, and offered to SQL as the
// table-valued function kg_reach so that queries join it like a table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite.hpp"

namespace kg::store {

// One way to take a step: along a fact of `predicate` from its subject to
// its object (forward), or from its object to its subject.
struct walk_step {
  std::int64_t predicate = 0;
  bool forward = true;
};

// How a walk finds a node's neighbours. seek looks each node up in the
// index; scan reads all facts of the steps' predicates once and walks in
// memory. automatic seeks until the lookups made and those already queued
// outnumber a share of those facts, then scans: small walks stay cheap,
// large ones cost about one read of the predicate.
enum class walk_strategy { automatic, seek, scan };

// The steps as kg_reach's second argument: "12,-40" (a minus for backward).
std::string encode_steps(const std::vector<walk_step>& steps);
// The steps that text stands for; nullopt when it is not such a text.
std::optional<std::vector<walk_step>> decode_steps(std::string_view text);

// Registers kg_reach on a connection:
//   SELECT n FROM kg_reach(start, steps, zero)
// gives each node reachable from term id `start` in one or more steps, any
// of `steps` each time (or zero or more steps when `zero` is 1: `start`
// comes first then), once, in breadth-first order. Every argument is
// required. Also registers the exact-number collation that filters and
// orderings use (numbers.hpp), so that every connection a store opens has
// both. Throws sqlite_error when SQLite refuses either.
void register_reach(database& db);

// How a walk went: the index seeks it made, and whether it read its
// predicates whole.
struct walk_report {
  std::int64_t seeks = 0;
  bool scanned = false;
};

// The same walk, all at once: the nodes kg_reach gives, in its order, for
// any strategy. Throws sqlite_error when a read fails (as when the query is
// interrupted).
std::vector<std::int64_t> reachable(database& db, std::int64_t start, const std::vector<walk_step>& steps,
                                    bool zero, walk_strategy strategy = walk_strategy::automatic,
                                    walk_report* report = nullptr);

}  // namespace kg::store
