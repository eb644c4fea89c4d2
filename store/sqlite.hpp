// Thin RAII wrappers over the SQLite C API. Failures throw sqlite_error,
// which the store turns into kg::error values at its public boundary.
#pragma once

#include <sqlite3.h>

#include <any>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>
#include <vector>

namespace kg::store {

class sqlite_error : public std::runtime_error {
 public:
  sqlite_error(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }  // the primary result code

 private:
  int code_;
};

// Statements kept compiled for reuse, by SQL text (see database::cached).
class statement_cache {
 public:
  ~statement_cache() { clear(); }
  sqlite3_stmt* take(const std::string& sql);
  void give_back(const std::string& sql, sqlite3_stmt* stmt);
  void clear();

 private:
  std::unordered_map<std::string, std::vector<sqlite3_stmt*>> free_;
  std::size_t size_ = 0;
};

class prepared {
 public:
  prepared() = default;
  prepared(sqlite3* db, std::string_view sql);
  // A statement from a cache, returned to it (reset) when this is destroyed.
  prepared(sqlite3* db, std::string_view sql, statement_cache* cache);
  ~prepared();
  prepared(prepared&& other) noexcept;
  prepared& operator=(prepared&& other) noexcept;
  prepared(const prepared&) = delete;
  prepared& operator=(const prepared&) = delete;

  prepared& bind(int index, std::int64_t value);
  prepared& bind(int index, double value);
  prepared& bind(int index, std::string_view text);
  // Binds text that stays valid and unchanged until the statement is reset.
  prepared& bind_static(int index, std::string_view text);
  prepared& bind_null(int index);

  // Steps once: true when a row is available, false when done.
  bool step();
  // Steps to completion, for statements without results.
  void run();
  prepared& reset();

  std::int64_t int64(int col) const;
  double real(int col) const;
  std::string_view text(int col) const;
  bool is_null(int col) const;

  sqlite3_stmt* handle() const { return stmt_; }

 private:
  void check(int rc) const;
  void release();
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  statement_cache* cache_ = nullptr;
  std::string sql_;  // the cache's key, when cached
};

class database {
 public:
  database() = default;
  // Opens with sqlite3_open_v2 flags; throws sqlite_error on failure.
  database(const std::string& path, int flags);
  ~database();
  database(database&& other) noexcept;
  database& operator=(database&& other) noexcept;
  database(const database&) = delete;
  database& operator=(const database&) = delete;

  void exec(std::string_view sql);
  prepared prepare(std::string_view sql) { return prepared(db_, sql); }
  // The same, reusing a statement compiled before for the same text: for
  // statements run again and again (lookups, and queries of one shape).
  prepared cached(std::string_view sql) { return prepared(db_, sql, cache_.get()); }
  // The single integer a query returns (0 when it returns no row).
  std::int64_t scalar(std::string_view sql);
  std::int64_t changes() const { return sqlite3_changes64(db_); }

  // A value derived from the stored data (such as the lexicon's word ids),
  // computed by its users and kept across statements while the data stays
  // the same: a fresh T whenever SQLite's data version (commits by other
  // connections) or this connection's change count has moved since.
  template <class T>
  std::shared_ptr<T> derived() {
    const auto stamp = data_stamp();
    auto& [kept_stamp, value] = derived_[std::type_index(typeid(T))];
    auto* kept = std::any_cast<std::shared_ptr<T>>(&value);
    if (kept && stamp == kept_stamp) return *kept;
    kept_stamp = stamp;
    return std::any_cast<std::shared_ptr<T>&>(value = std::make_shared<T>());
  }
  sqlite3* handle() const { return db_; }
  // The cache behind cached(): it lives as long as this connection, and is
  // emptied before the connection closes.
  statement_cache* statements() const { return cache_.get(); }
  explicit operator bool() const { return db_ != nullptr; }

 private:
  std::pair<std::int64_t, std::int64_t> data_stamp();

  sqlite3* db_ = nullptr;
  std::unique_ptr<statement_cache> cache_ = std::make_unique<statement_cache>();
  // Per type: the data stamp it was derived at, and the value.
  std::unordered_map<std::type_index, std::pair<std::pair<std::int64_t, std::int64_t>, std::any>> derived_;
};

// The SQL of an INSERT of `rows` rows of `columns` placeholders each.
std::string multi_row_sql(std::string_view head, int columns, int rows);

// Inserts `count` rows, many per statement so the per-statement cost is
// shared: head is "INSERT INTO t(a, b) VALUES"; bind(statement, index of
// the row's first parameter, row number) binds one row's values.
template <class F>
void insert_rows(database& db, std::string_view head, int columns, std::size_t count, F&& bind) {
  constexpr int per_statement = 256;
  prepared full;
  std::size_t row = 0;
  if (count >= per_statement) {
    full = db.prepare(multi_row_sql(head, columns, per_statement));
    for (; row + per_statement <= count; row += per_statement) {
      full.reset();
      for (int r = 0; r < per_statement; ++r) bind(full, r * columns + 1, row + static_cast<std::size_t>(r));
      full.run();
    }
  }
  if (row < count) {
    const int rest = static_cast<int>(count - row);
    auto tail = db.prepare(multi_row_sql(head, columns, rest));
    for (int r = 0; r < rest; ++r) bind(tail, r * columns + 1, row + static_cast<std::size_t>(r));
    tail.run();
  }
}

// Sets a pragma for a scope; kg's own value comes back after, whatever
// happens in between.
class pragma_scope {
 public:
  pragma_scope(database& db, const std::string& set, std::string restore)
      : db_(db), restore_(std::move(restore)) {
    db_.exec(set);
  }
  ~pragma_scope() {
    try {
      db_.exec(restore_);
    } catch (...) {  // the connection is closing or broken; nothing to restore
    }
  }
  pragma_scope(const pragma_scope&) = delete;
  pragma_scope& operator=(const pragma_scope&) = delete;

 private:
  database& db_;
  std::string restore_;
};

// Throws sqlite_error for rc with the database's message.
[[noreturn]] void throw_error(sqlite3* db, int rc);

}  // namespace kg::store
