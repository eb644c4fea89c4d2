// The SQL that defines a kg store: every table and index, written here
// once. Creating a store, checking a store's schema and rebuilding an
// index after a bulk load all take their statements from this module.
#pragma once

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

// The statements creating the whole schema, ready for database::exec.
std::string create_all();

// The statement creating kg's index `name`; asserts that it is one.
std::string_view create_index(std::string_view name);

// The statement dropping kg's index `name`; asserts that it is one.
std::string drop_index(std::string_view name);

}  // namespace kg::store::schema
