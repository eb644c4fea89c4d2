// Worst-case optimal joins: patterns that form a cycle (?a p ?b . ?b p ?c .
// ?c p ?a) joined in memory by intersecting sorted neighbour lists, one
// variable at a time (leapfrog triejoin), instead of by SQLite's nested
// loops, and offered to SQL as the table-valued function kg_join so that
// the rest of a query joins it like a table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite.hpp"

namespace kg::store {

// One end of an atom: a join variable (its number) or a constant term id
// (below zero for a term the store does not hold: it matches nothing).
struct join_end {
  bool variable = true;
  std::int64_t value = 0;
};

// The facts of `predicate` whose subject and object match the ends.
struct join_atom {
  std::int64_t predicate = 0;
  join_end s, o;
};

// A join of atoms over variables 0..variables-1, numbered in the order the
// join binds them. Each variable is in some atom; no atom has two
// constant ends.
struct join_spec {
  std::vector<join_atom> atoms;
  int variables = 0;
};

// The most variables one join binds (kg_join's columns v0..v15).
constexpr int max_join_variables = 16;

// The most memory a join may hold its facts in: past it, kg_join fails
// with an error instead of growing. Each fact of an atom's predicate costs
// about 16 bytes per direction read, and 16 more while it is sorted.
constexpr std::size_t join_memory_cap = std::size_t{1} << 30;

// The spec as kg_join's argument: atoms "p s o" separated by ';', each end
// vN for variable N or a term id: "12 v0 v1;12 v1 v2;12 v2 v0".
std::string encode_join(const join_spec& spec);
// The spec that text stands for; nullopt when it is not a valid one.
std::optional<join_spec> decode_join(std::string_view text);

// Registers kg_join on a connection:
//   SELECT v0, v1, ... FROM kg_join(spec)
// gives each binding of the spec's variables that matches every atom, once
// (facts are a set, so each is one row of the same patterns joined in
// SQL), in the order of v0, then v1, and so on. Columns past the spec's
// variables are NULL. Long joins poll SQLite between rows, so that the
// connection's progress handler (timeouts, interrupts) can stop them.
// Throws sqlite_error when SQLite refuses the module.
void register_join(database& db);

// The same join, all at once: every row, each a value per variable.
// Throws sqlite_error when a read fails (as when interrupted) or the join
// needs more than join_memory_cap.
std::vector<std::vector<std::int64_t>> join_rows(database& db, const join_spec& spec);

}  // namespace kg::store
