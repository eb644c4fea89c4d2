// The SQL that defines a kg store: every table and index, written here
// once. Creating a store, checking a store's schema and rebuilding an
// index after a bulk load all take their statements from this module.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kg::store::schema {

// A table or index of the schema and the statement that creates it,
// exactly as SQLite records it in sqlite_schema.sql (so a store's schema
// can be compared with kg's byte for byte).
struct object {
  enum class kind { table, index };
  kind type;
  std::string_view name;
  std::string_view create;
  // The schema version that added it: a store of an older version lacks
  // it until it is opened for writing (store.cpp upgrades it then).
  int since = 1;
  // The definition stores older than schema version `changed` have
  // instead, until opened for writing (empty: it never changed).
  std::string_view previous = {};
  int changed = 0;
};

// Every table and index of a kg store, in creation order.
const std::vector<object>& objects();

// The full-text index of the terms' words (FTS5, external content: the
// terms table). Stores made before it existed (schema version 1) lack it
// and its shadow tables (term_search_data, ...): opening one for writing
// adds them (store.cpp).
inline constexpr std::string_view search_table = "term_search";
bool is_search_table(std::string_view name);
// The statements creating the search index and indexing every term.
std::string create_search();

// Exact fact counts of the (predicate, object) and (subject, predicate)
// pairs that have many facts (schema version 3): object_counts(p, o, facts)
// and subject_counts(s, p, facts) hold a row for a pair exactly when it
// has at least pair_count_floor facts, kept so by every write
// (fact_writer). A pair without a row has fewer, which a range scan counts
// quickly; so every such count is a lookup or a short scan.
inline constexpr std::int64_t pair_count_floor = 100;
// The statements filling both tables from the facts (an upgraded store).
std::string fill_pair_counts();

// The statements creating the whole schema, ready for database::exec.
std::string create_all();

// The statement creating kg's index `name`; asserts that it is one.
std::string_view create_index(std::string_view name);

// The statement dropping kg's index `name`; asserts that it is one.
std::string drop_index(std::string_view name);

}  // namespace kg::store::schema
