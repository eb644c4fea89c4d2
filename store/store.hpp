// The kg store: one SQLite file holding a term dictionary and facts as
// integer rows, indexed so that every triple pattern with at least one
// bound position is a range scan of a covering index.
//
// Schema (version 3):
//   terms(id, kind, lex, dt, hash, num)  the dictionary; hash = FNV-1a of
//                                        (kind, dt, lex), indexed for lookup;
//                                        entity names indexed case-blind
//   facts(s, p, o)                       the facts, WITHOUT ROWID, key SPO
//   facts_pos(p, o, s), facts_osp(o, s, p)  the same rows, clustered in the
//                                        other two orders; kept equal to
//                                        facts by every write (kg check
//                                        verifies it)
//   qualifiers(s, p, o, grp, key, value) one row per qualifier, keyed
//                                        (p, o, s, grp, key); the rows
//                                        sharing (s, p, o, grp) form one
//                                        statement of the fact
//   predicate_stats(p, facts)            facts per predicate
//   object_counts(p, o, facts),          facts per (predicate, object) and
//   subject_counts(s, p, facts)          per (subject, predicate), for the
//                                        pairs with many facts (schema.hpp)
//   meta(key, value)                     facts about the store itself
// store/schema.hpp holds the statements creating them; store/fact_writer.hpp
// is the only code writing terms and the fact tables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>
#include <vector>

#include "parser/error.hpp"
#include "parser/prefixes.hpp"
#include "parser/term.hpp"
#include "store/sqlite.hpp"

namespace kg::store {

inline constexpr std::int32_t application_id = 0x6B675354;  // "kgST"
// 2: the search index (schema.hpp, search_table); version 1 stores are
// read as they are and get it when opened for writing.
// 3: object_counts and subject_counts (schema.hpp, pair_count_floor), and
// qualifiers keyed (p, o, s, grp, key) instead of (s, p, o, grp, key);
// version 2 stores are read as they are (their counts come from the
// facts, their qualifiers are joined to the facts) and are upgraded when
// opened for writing.
inline constexpr int schema_version = 3;
// The page cache of a connection, in KiB (PRAGMA cache_size), and the
// temporary storage (PRAGMA temp_store) queries use.
inline constexpr int page_cache_kib = 256 * 1024;
inline constexpr const char* query_temp_store = "MEMORY";

struct open_options {
  bool create = false;     // create the store when the file does not exist
  bool read_only = false;  // never write; fails if the store is missing
  int busy_timeout_ms = 5000;
};

class triple_store {
 public:
  // Opens a kg store. A file that is not a kg store, or whose schema is
  // newer than this kg, is refused before anything is written to it.
  static tl::expected<triple_store, error> open(const std::string& path, const open_options& opts);

  const std::string& path() const { return path_; }
  database& db() { return db_; }
  int busy_timeout_ms() const { return busy_timeout_ms_; }

 private:
  triple_store(std::string path, database db, int busy_ms)
      : path_(std::move(path)), db_(std::move(db)), busy_timeout_ms_(busy_ms) {}
  std::string path_;
  database db_;
  int busy_timeout_ms_;
};

// Makes a new, empty kg store under a fresh name beside path (path +
// ".new-XXXXXXXX") and returns that name; the file is whole and closed.
tl::expected<std::string, error> create_store_beside(const std::string& path);
// Moves the closed store `from` to `to` unless something is at `to`
// already: true when moved, false (and `from` removed) when `to` exists.
tl::expected<bool, error> move_into_place(const std::string& from, const std::string& to);

// The permutation table whose key starts with the bound positions of a
// triple pattern (s, p, o bound or free), so that the pattern is a range
// scan of that table's primary key: facts (SPO), facts_pos or facts_osp.
std::string_view facts_table_for(bool s, bool p, bool o);

// Converts a SQLite failure on the store at path into kg's error value.
error to_error(const sqlite_error& e, const std::string& path);

// Runs f, turning SQLite failures into error values.
template <class F>
auto guarded(const std::string& path, F&& f) -> tl::expected<decltype(f()), error> {
  try {
    if constexpr (std::is_void_v<decltype(f())>) {
      f();
      return {};
    } else {
      return f();
    }
  } catch (const sqlite_error& e) {
    return tl::unexpected(to_error(e, path));
  }
}

// A transaction rolled back unless committed. A write transaction starts
// with BEGIN IMMEDIATE, waiting up to the busy timeout for another writer;
// a read transaction (BEGIN) sees one snapshot and is never committed.
class transaction {
 public:
  enum class mode { read, write };
  explicit transaction(database& db, mode m = mode::write);
  ~transaction();
  void commit();
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;

 private:
  database& db_;
  bool open_ = true;
};

// The 64-bit hash stored with each term (FNV-1a over kind, dt and lex).
// Its definition is part of the schema: never change it.
std::int64_t term_hash(const term& t);

// Reads a term by id.
term load_term(prepared& st);  // from columns kind, lex, dt

// The statement finding terms by hash, for find_term_id: columns id, kind,
// lex, dt; parameter 1 the hash.
inline constexpr const char* term_by_hash_sql = "SELECT id, kind, lex, dt FROM terms WHERE hash = ?";
// The id of the stored term t, whose term_hash is `hash`, read with a
// statement of term_by_hash_sql, which is left reset; nothing when the
// store lacks it.
std::optional<std::int64_t> find_term_id(prepared& by_hash, const term& t, std::int64_t hash);

struct store_stats {
  std::int64_t facts = 0;
  std::int64_t statements = 0;  // qualified statements (qualifier groups)
  std::int64_t qualifiers = 0;
  std::int64_t terms = 0;
  std::int64_t entities = 0;
  std::int64_t literals = 0;
  std::int64_t predicates = 0;
  std::int64_t sources = 0;  // distinct values of the `source` qualifier
  std::int64_t file_bytes = 0;
  std::vector<std::pair<std::string, std::int64_t>> top_predicates;  // name, facts
};

// The prefixes a store keeps (meta rows keyed 'prefix:NAME'), by name:
// those imported Turtle and TriG declared and those .prefix saved.
tl::expected<prefix_list, error> stored_prefixes(triple_store& s);
// Every prefix a statement on this store may use: the well-known ones,
// then the stored ones (which override them).
tl::expected<prefix_list, error> store_prefixes(triple_store& s);
// Keeps a prefix in the store (replacing one of the same name), or, when
// `iri` is empty, forgets it; inside the caller's write transaction.
void write_prefix(database& db, std::string_view name, std::string_view iri);
// The same in a transaction of its own.
tl::expected<void, error> save_prefix(triple_store& s, std::string_view name, std::string_view iri);

tl::expected<store_stats, error> collect_stats(triple_store& s, int top = 10);

// Runs SQLite's integrity check and kg's own invariants; returns the
// problems found (empty when the store is sound).
tl::expected<std::vector<std::string>, error> check_store(triple_store& s);

}  // namespace kg::store
