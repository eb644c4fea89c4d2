// kg-insert-floor: SQLite's part of a kg import, alone. Reads every row of
// a kg store into memory (untimed), then writes them into a new store the
// way kg's import does: one transaction, many rows per INSERT statement
// with bound values, each table in its key order, the secondary indexes
// dropped and built after loading with a small page cache, then commit.
// What it times is the least an import that hands SQLite values can take
// for these rows; bench/raw_ceiling.sh times SQLite copying the same rows
// as whole records, which no importer can do.
//
// usage: kg-insert-floor STORE.kg [--runs N]
// prints: facts, seconds (median of the runs), facts/s
#include <sqlite3.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "store/schema.hpp"
#include "store/sqlite.hpp"
#include "store/store.hpp"

namespace {

namespace fs = std::filesystem;
using cell = std::variant<std::monostate, std::int64_t, double, std::string>;

struct table_rows {
  std::string name;
  std::vector<std::string> columns;
  std::vector<cell> cells;  // row after row
};

cell read_cell(kg::store::prepared& st, int col) {
  switch (sqlite3_column_type(st.handle(), col)) {
    case SQLITE_INTEGER:
      return st.int64(col);
    case SQLITE_FLOAT:
      return st.real(col);
    case SQLITE_NULL:
      return std::monostate{};
    default:
      return std::string(st.text(col));
  }
}

std::vector<table_rows> read_tables(kg::store::database& db) {
  std::vector<table_rows> out;
  auto tables =
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'meta' ORDER BY rowid");
  // The search index is not copied row by row: kg fills it from the terms
  // with one statement, as write_once does.
  while (tables.step())
    if (!kg::store::schema::is_search_table(tables.text(0)))
      out.push_back({std::string(tables.text(0)), {}, {}});
  for (auto& t : out) {
    auto info = db.prepare("SELECT name FROM pragma_table_info(?)");
    info.bind(1, t.name);
    while (info.step()) t.columns.emplace_back(info.text(0));
    std::string list;
    for (const auto& c : t.columns) list += (list.empty() ? "" : ", ") + c;
    // In the table's key order: how kg appends to an empty table.
    auto rows = db.prepare("SELECT " + list + " FROM " + t.name);
    while (rows.step())
      for (int c = 0; c < static_cast<int>(t.columns.size()); ++c) t.cells.push_back(read_cell(rows, c));
  }
  return out;
}

double write_once(const std::vector<table_rows>& tables, const fs::path& file) {
  auto opened = kg::store::triple_store::open(file.string(), {.create = true});
  if (!opened) throw std::runtime_error(opened.error().message);
  auto& db = opened->db();
  std::vector<std::string> indexes;
  auto list = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL");
  while (list.step()) indexes.emplace_back(list.text(1));
  list = {};

  const auto start = std::chrono::steady_clock::now();
  db.exec("PRAGMA temp_store=FILE");
  kg::store::transaction tx(db);
  auto drop = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL");
  std::vector<std::string> names;
  while (drop.step()) names.emplace_back(drop.text(0));
  drop = {};
  for (const auto& n : names) db.exec("DROP INDEX " + n);
  for (const auto& t : tables) {
    const int width = static_cast<int>(t.columns.size());
    std::string head = "INSERT INTO " + t.name + "(";
    for (int c = 0; c < width; ++c) head += (c ? ", " : "") + t.columns[static_cast<std::size_t>(c)];
    head += ") VALUES";
    kg::store::insert_rows(
        db, head, width, t.cells.size() / static_cast<std::size_t>(width),
        [&](kg::store::prepared& st, int at, std::size_t row) {
          for (int c = 0; c < width; ++c) {
            const auto& v = t.cells[row * static_cast<std::size_t>(width) + static_cast<std::size_t>(c)];
            if (const auto* i = std::get_if<std::int64_t>(&v))
              st.bind(at + c, *i);
            else if (const auto* d = std::get_if<double>(&v))
              st.bind(at + c, *d);
            else if (const auto* s = std::get_if<std::string>(&v))
              st.bind_static(at + c, *s);
            else
              st.bind_null(at + c);
          }
        });
  }
  db.exec("PRAGMA cache_size=-4096");
  for (const auto& sql : indexes) db.exec(sql);
  db.exec("INSERT INTO term_search(rowid, lex) SELECT id, lex FROM terms");
  tx.commit();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kg-insert-floor: SQLite's part of a kg import, timed alone on a store's rows"};
  std::string source;
  int runs = 3;
  app.add_option("store", source, "The kg store whose rows are written again")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("--runs", runs, "Timed runs; the median is printed")->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);
  try {
    auto src = kg::store::triple_store::open(source, {.read_only = true});
    if (!src) throw std::runtime_error(src.error().message);
    const auto tables = read_tables(src->db());
    const auto facts = src->db().scalar("SELECT count(*) FROM facts");
    const fs::path dir = fs::temp_directory_path() / ("kg-insert-floor-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::vector<double> secs;
    for (int r = 0; r < runs; ++r) {
      const auto file = dir / "floor.kg";
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix);
      secs.push_back(write_once(tables, file));
    }
    fs::remove_all(dir);
    std::sort(secs.begin(), secs.end());
    const double median = secs[secs.size() / 2];
    std::printf("%lld %.3f %.0f\n", static_cast<long long>(facts), median,
                static_cast<double>(facts) / median);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kg-insert-floor: %s\n", e.what());
    return 1;
  }
}
