// SQLite RAII wrappers; see sqlite.hpp.
#include "store/sqlite.hpp"

#include <utility>

namespace kg::store {

void throw_error(sqlite3* db, int rc) {
  std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw sqlite_error(rc & 0xFF, msg);
}

prepared::prepared(sqlite3* db, std::string_view sql) : db_(db) {
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &stmt_, nullptr);
  if (rc != SQLITE_OK) throw_error(db, rc);
}

prepared::prepared(sqlite3* db, std::string_view sql, statement_cache* cache)
    : db_(db), cache_(cache), sql_(sql) {
  stmt_ = cache_->take(sql_);
  if (stmt_) return;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &stmt_, nullptr);
  if (rc != SQLITE_OK) throw_error(db, rc);
}

void prepared::release() {
  if (!stmt_) return;
  if (cache_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    cache_->give_back(sql_, stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
  stmt_ = nullptr;
}

prepared::~prepared() { release(); }

prepared::prepared(prepared&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      stmt_(std::exchange(other.stmt_, nullptr)),
      cache_(std::exchange(other.cache_, nullptr)),
      sql_(std::move(other.sql_)) {}

prepared& prepared::operator=(prepared&& other) noexcept {
  if (this != &other) {
    release();
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
    cache_ = std::exchange(other.cache_, nullptr);
    sql_ = std::move(other.sql_);
  }
  return *this;
}

sqlite3_stmt* statement_cache::take(const std::string& sql) {
  auto it = free_.find(sql);
  if (it == free_.end() || it->second.empty()) return nullptr;
  auto* stmt = it->second.back();
  it->second.pop_back();
  --size_;
  return stmt;
}

void statement_cache::give_back(const std::string& sql, sqlite3_stmt* stmt) {
  // A bounded cache: past this many idle statements, start again.
  if (size_ >= 256) clear();
  free_[sql].push_back(stmt);
  ++size_;
}

void statement_cache::clear() {
  for (auto& [sql, stmts] : free_)
    for (auto* stmt : stmts) sqlite3_finalize(stmt);
  free_.clear();
  size_ = 0;
}

void prepared::check(int rc) const {
  if (rc != SQLITE_OK) throw_error(db_, rc);
}

prepared& prepared::bind(int index, std::int64_t value) {
  check(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

prepared& prepared::bind(int index, double value) {
  check(sqlite3_bind_double(stmt_, index, value));
  return *this;
}

prepared& prepared::bind(int index, std::string_view text) {
  check(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

prepared& prepared::bind_static(int index, std::string_view text) {
  check(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8));
  return *this;
}

prepared& prepared::bind_null(int index) {
  check(sqlite3_bind_null(stmt_, index));
  return *this;
}

bool prepared::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(stmt_);
  throw_error(db_, rc);
}

void prepared::run() {
  while (step()) {
  }
}

prepared& prepared::reset() {
  sqlite3_reset(stmt_);
  return *this;
}

std::int64_t prepared::int64(int col) const { return sqlite3_column_int64(stmt_, col); }
double prepared::real(int col) const { return sqlite3_column_double(stmt_, col); }
bool prepared::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

std::string_view prepared::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  const int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string_view(p, static_cast<std::size_t>(n)) : std::string_view();
}

database::database(const std::string& path, int flags) {
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw sqlite_error(rc & 0xFF, msg);
  }
  sqlite3_extended_result_codes(db_, 0);
}

database::~database() {
  if (cache_) cache_->clear();  // cached statements go before the connection
  sqlite3_close_v2(db_);
}

database::database(database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      cache_(std::exchange(other.cache_, std::make_unique<statement_cache>())),
      derived_(std::exchange(other.derived_, {})) {}

database& database::operator=(database&& other) noexcept {
  if (this != &other) {
    if (cache_) cache_->clear();
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    cache_ = std::exchange(other.cache_, std::make_unique<statement_cache>());
    derived_ = std::exchange(other.derived_, {});
  }
  return *this;
}

void database::exec(std::string_view sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw sqlite_error(rc & 0xFF, msg);
  }
}

std::int64_t database::scalar(std::string_view sql) {
  auto st = prepare(sql);
  return st.step() ? st.int64(0) : 0;
}

std::pair<std::int64_t, std::int64_t> database::data_stamp() {
  // PRAGMA data_version moves with commits by other connections only;
  // total_changes counts this connection's own inserts and deletes.
  auto st = cached("PRAGMA data_version");
  return {st.step() ? st.int64(0) : -1, sqlite3_total_changes64(db_)};
}

std::string multi_row_sql(std::string_view head, int columns, int rows) {
  std::string tuple = "(";
  for (int c = 0; c < columns; ++c) tuple += c ? ",?" : "?";
  tuple += ")";
  std::string out(head);
  for (int r = 0; r < rows; ++r) out += (r ? "," : " ") + tuple;
  return out;
}

}  // namespace kg::store
