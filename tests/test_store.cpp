// The SQLite store: creation, refusal of foreign files, index use for
// every pattern shape, and writers that wait then fail cleanly.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>

#include "tests/helpers.hpp"

using namespace kg;
using kg::test::temp_dir;

namespace {

// Makes a kg store, then changes it behind kg's back with raw SQL.
std::function<void(const std::string&)> kg_store_then(std::string sql) {
  return [sql](const std::string& path) {
    { kg::test::new_store(path); }
    kg::test::raw_sql(path, sql);
  };
}

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("a new store has kg's application_id, schema version and WAL journal") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("a.kg"));
    CHECK(s.db().scalar("PRAGMA application_id") == store::application_id);
    CHECK(s.db().scalar("PRAGMA user_version") == store::schema_version);
    auto mode = s.db().prepare("PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.text(0) == "wal");
  }

  TEST_CASE("a missing store is an error unless asked to create it") {
    temp_dir tmp;
    auto s = store::triple_store::open(tmp.path("missing.kg"), {});
    REQUIRE_FALSE(s);
    CHECK(s.error().code == errc::io);
    CHECK(s.error().message.starts_with("no kg store at '"));
  }

  TEST_CASE("files that are not kg stores are refused and left byte for byte as they were") {
    temp_dir tmp;
    struct foreign {
      const char* name;
      std::function<void(const std::string&)> make;
      const char* message_part;
    };
    const foreign cases[] = {
        {"empty file", [](const std::string& p) { std::ofstream f(p); }, "the file is empty"},
        {"text file", [](const std::string& p) { std::ofstream(p) << "subject\tpredicate\tobject\n"; },
         "not an SQLite database"},
        {"another program's SQLite database in WAL mode",
         [](const std::string& p) { kg::test::raw_sql(p, "PRAGMA journal_mode=WAL; CREATE TABLE t(x);"); },
         "an SQLite database of another program"},
        {"another program's SQLite database",
         [](const std::string& p) { kg::test::raw_sql(p, "CREATE TABLE t(x); INSERT INTO t VALUES (1);"); },
         "an SQLite database of another program"},
        {"a newer kg schema", kg_store_then("PRAGMA user_version = 99"),
         "written by a newer kg (schema version 99)"},
        {"a store with a rogue trigger",
         kg_store_then("CREATE TRIGGER rogue AFTER INSERT ON facts BEGIN DELETE FROM terms; END;"),
         "triggers or views"},
        {"a store with a view", kg_store_then("CREATE VIEW v AS SELECT * FROM facts"), "triggers or views"},
        {"a store missing a table", kg_store_then("DROP TABLE predicate_stats"),
         "table 'predicate_stats' is missing"},
    };
    int i = 0;
    for (const auto& c : cases) {
      const std::string name = c.name;
      CAPTURE(name);
      const auto path = tmp.path("foreign" + std::to_string(i++) + ".db");
      c.make(path);
      const auto before = kg::test::slurp(path);
      for (bool create : {false, true}) {
        auto s = store::triple_store::open(path, {.create = create});
        REQUIRE_FALSE(s);
        CHECK(s.error().code == errc::bad_store);
        CHECK(s.error().message.find(c.message_part) != std::string::npos);
      }
      CHECK(kg::test::slurp(path) == before);
      CHECK_FALSE(std::filesystem::exists(path + "-wal"));
      CHECK_FALSE(std::filesystem::exists(path + "-shm"));
    }
  }

  TEST_CASE("every pattern shape with a bound position is a key search of a permutation table") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("plan.kg"));
    struct shape {
      bool s, p, o;
      const char* table;
    };
    const shape shapes[] = {{true, false, false, "facts"},    {true, true, false, "facts"},
                            {true, true, true, "facts"},      {false, true, false, "facts_pos"},
                            {false, true, true, "facts_pos"}, {false, false, true, "facts_osp"},
                            {true, false, true, "facts_osp"}};
    for (const auto& sh : shapes) {
      const std::string table(store::facts_table_for(sh.s, sh.p, sh.o));
      std::string where;
      for (auto [bound, col] : {std::pair{sh.s, "s = ?1"}, {sh.p, "p = ?2"}, {sh.o, "o = ?3"}})
        if (bound) where += (where.empty() ? "" : " AND ") + std::string(col);
      CAPTURE(where);
      CHECK(table == sh.table);
      auto plan = s.db().prepare("EXPLAIN QUERY PLAN SELECT s, p, o FROM " + table + " WHERE " + where);
      std::string detail;
      while (plan.step()) detail += std::string(plan.text(3)) + "\n";
      // The bound columns must be a prefix of the table's key, in key order.
      const std::string key = table == "facts" ? "spo" : table == "facts_pos" ? "pos" : "osp";
      std::string expected;
      for (char c : key) {
        const bool bound = c == 's' ? sh.s : c == 'p' ? sh.p : sh.o;
        if (!bound) break;
        expected += (expected.empty() ? "" : " AND ") + std::string(1, c) + "=?";
      }
      CHECK(detail == "SEARCH " + table + " USING PRIMARY KEY (" + expected + ")\n");
      const auto bound_count = static_cast<std::size_t>(sh.s) + sh.p + sh.o;
      CHECK(static_cast<std::size_t>(std::count(expected.begin(), expected.end(), '?')) == bound_count);
    }
    // The shape with nothing bound reads everything, in SPO order.
    CHECK(store::facts_table_for(false, false, false) == "facts");
  }

  TEST_CASE("a second writer waits for the busy timeout, then fails with 'database is busy'") {
    temp_dir tmp;
    const auto path = tmp.path("busy.kg");
    { kg::test::new_store(path); }
    store::database holder(path, SQLITE_OPEN_READWRITE);
    holder.exec("BEGIN IMMEDIATE");
    auto s = store::triple_store::open(path, {.busy_timeout_ms = 100});
    REQUIRE(s);
    auto r = kg::test::import_text(*s, format::tsv, "subject\tpredicate\tobject\na\tb\tc\n");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::busy);
    CHECK(r.error().message.starts_with("database is busy"));
    holder.exec("ROLLBACK");
    auto again = kg::test::import_text(*s, format::tsv, "subject\tpredicate\tobject\na\tb\tc\n");
    REQUIRE(again);
    CHECK(again->added == 1);
  }

  TEST_CASE("check passes on a sound store and finds broken invariants") {
    temp_dir tmp;
    const auto path = tmp.path("check.kg");
    {
      auto s = kg::test::new_store(path);
      REQUIRE(
          kg::test::import_text(s, format::tsv, "subject\tpredicate\tobject\tdate\na\tb\tc\t2025-01-01\n"));
      auto problems = store::check_store(s);
      REQUIRE(problems);
      CHECK(problems->empty());
    }
    kg::test::raw_sql(path,
                      "INSERT INTO facts VALUES (999, 998, 997); UPDATE predicate_stats SET facts = 7;");
    auto s = store::triple_store::open(path, {});
    REQUIRE(s);
    auto problems = store::check_store(*s);
    REQUIRE(problems);
    CHECK(*problems == std::vector<std::string>{
                           "1 facts whose subject, predicate or object is not in the dictionary",
                           "1 facts missing from the POS table",
                           "1 facts missing from the OSP table",
                           "2 predicates whose fact count is wrong",
                       });
  }

  TEST_CASE("stats count facts, statements, terms, predicates and sources") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("stats.kg"));
    REQUIRE(kg::test::import_text(s, format::tsv,
                                  "subject\tpredicate\tobject\tsource\tline\n"
                                  "Huang\tmet\tLei Jun\tA1\t3\n"
                                  "Huang\tmet\tLei Jun\tA2\t5\n"
                                  "Huang\tceo_of\tNvidia\tA1\t1\n"
                                  "Nvidia\tvalue_usd\t4000000000000\t\t\n"));
    auto st = store::collect_stats(s);
    REQUIRE(st);
    CHECK(st->facts == 3);
    CHECK(st->statements == 3);
    CHECK(st->qualifiers == 6);
    CHECK(st->predicates == 3);
    CHECK(st->sources == 2);
    REQUIRE(st->top_predicates.size() == 3);
    CHECK(st->top_predicates[0] == std::pair<std::string, std::int64_t>{"ceo_of", 1});
  }
}
