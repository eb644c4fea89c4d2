// Hostile input: names and values built to break SQL, quoting, line-based
// formats or terminals round-trip byte for byte through every way in and
// out; damaged and tampered database files are refused cleanly; text
// beyond ASCII works everywhere, and invalid UTF-8 is a positioned error.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "cli/output.hpp"
#include "parser/query.hpp"
#include "parser/utf8.hpp"
#include "store/export.hpp"
#include "store/query.hpp"
#include "tests/helpers.hpp"

using namespace kg;
using kg::test::fingerprint;
using kg::test::run_kg;
using kg::test::schema_of;
using kg::test::shell_quote;
using kg::test::temp_dir;

namespace {

tl::expected<store::answer, std::string> run(store::triple_store& s, const std::string& text) {
  auto parsed = query::parse(text);
  if (!parsed) return tl::unexpected(render(parsed.error()));
  auto a = store::run_query(s, *parsed, text, "query");
  if (!a) return tl::unexpected(a.error().message);
  return *a;
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void raw_sql(const std::string& path, const std::string& sql) {
  store::database db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  db.exec(sql);
}

// Makes a kg store, then changes it behind kg's back with raw SQL.
std::string kg_store_then(const temp_dir& tmp, const std::string& name, const std::string& sql) {
  const auto path = tmp.path(name);
  {
    auto s = kg::test::new_store(path);
    REQUIRE(kg::test::import_text(s, format::tsv, "subject\tpredicate\tobject\tsource\na\tb\tc\tA\n"));
  }
  raw_sql(path, sql);
  return path;
}

std::vector<std::string> column(const store::answer& a, std::size_t c) {
  std::vector<std::string> out;
  for (const auto& row : a.rows) out.push_back(row[c] ? row[c]->lex : "");
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_SUITE("hostile") {
  TEST_CASE("names that differ only after a NUL byte are different names, case-blind and as aliases") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("nul-names.kg"));
    REQUIRE(kg::test::import_text(s, format::ntriples,
                                  "<urn:kg:e:n%00a> <urn:kg:e:p> \"first\" .\n"
                                  "<urn:kg:e:N%00B> <urn:kg:e:p> \"second\" .\n"
                                  "<urn:kg:e:m> <urn:kg:e:alias> \"x\\u0000a\" .\n"
                                  "<urn:kg:e:m> <urn:kg:e:p> \"third\" .\n",
                                  "names.nt"));
    auto objects = [&](const std::string& q) {
      auto a = run(s, q);
      REQUIRE_MESSAGE(a.has_value(), (a ? "" : a.error()));
      return column(*a, 0);
    };
    CHECK(objects("\"n\\u0000a\" p ?o") == std::vector<std::string>{"first"});
    CHECK(objects("\"n\\u0000b\" p ?o") == std::vector<std::string>{"second"});
    CHECK(objects("\"N\\u0000A\" p ?o") == std::vector<std::string>{"first"});
    CHECK(objects("\"x\\u0000A\" p ?o") == std::vector<std::string>{"third"});
    for (const std::string unknown : {"n\\u0000c", "x\\u0000b"}) {
      auto a = run(s, "\"" + unknown + "\" p ?o");
      REQUIRE_FALSE(a);
      CHECK(a.error().starts_with("query:1:1: error: unknown name '"));
    }
  }

  TEST_CASE("error messages show control characters of names as escapes, never raw") {
    temp_dir tmp;
    const auto db = shell_quote(tmp.path("esc.kg"));
    REQUIRE(
        run_kg("--db " + db + " import --format tsv -", "subject\tpredicate\tobject\na\tb\tc\n").exit_code ==
        0);
    auto escaped = run_kg("--db " + db + " query " + shell_quote("\"\\u001b[2Jgone\\u0000\" b ?o"));
    CHECK(escaped.exit_code == 1);
    CHECK(escaped.err.starts_with("query:1:1: error: unknown name '\\u001B[2Jgone\\u0000'\n"));
    // Written raw in the query, the quoted line shows U+FFFD and the
    // message the escape.
    auto raw = run_kg("--db " + db + " query " + shell_quote("\"x\x1b[31m\" b ?o"));
    CHECK(raw.exit_code == 1);
    CHECK(raw.err ==
          "query:1:1: error: unknown name 'x\\u001B[31m'\n"
          "  \"x\xef\xbf\xbd[31m\" b ?o\n"
          "  ^\n");
    for (const auto* r : {&escaped, &raw}) {
      CHECK(r->err.find('\x1b') == std::string::npos);
      CHECK(r->err.find('\0') == std::string::npos);
    }
  }

  TEST_CASE(
      "the kg binary refuses empty files, other programs' databases and tampered stores with exit code 4") {
    temp_dir tmp;
    struct hostile {
      const char* name;
      std::string path;
      const char* message_part;
    };
    const hostile cases[] = {
        {"an empty file", tmp.write("empty.kg", ""), "the file is empty"},
        {"another program's database",
         [&] {
           raw_sql(tmp.path("other.db"), "CREATE TABLE facts(s, p, o); INSERT INTO facts VALUES (1, 2, 3);");
           return tmp.path("other.db");
         }(),
         "an SQLite database of another program"},
        {"a trigger that empties the dictionary",
         kg_store_then(tmp, "trigger.kg",
                       "CREATE TRIGGER t BEFORE DELETE ON facts BEGIN DELETE FROM terms; END;"),
         "triggers or views"},
        {"a trigger on the store's own metadata",
         kg_store_then(tmp, "trigger2.kg", "CREATE TRIGGER t2 AFTER UPDATE ON meta BEGIN SELECT 1; END;"),
         "triggers or views"},
        {"a view", kg_store_then(tmp, "view.kg", "CREATE VIEW facts_v AS SELECT * FROM facts"),
         "triggers or views"},
        {"a view with an INSTEAD OF trigger",
         kg_store_then(tmp, "insteadof.kg",
                       "CREATE VIEW v AS SELECT 1 AS x; "
                       "CREATE TRIGGER t3 INSTEAD OF INSERT ON v BEGIN DELETE FROM facts; END;"),
         "triggers or views"},
        {"a table rebuilt with a default",
         kg_store_then(
             tmp, "meta.kg",
             "DROP TABLE meta; CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT DEFAULT 'x') WITHOUT "
             "ROWID;"),
         "table 'meta' is not defined as kg defines it"},
        {"a table with a column added",
         kg_store_then(tmp, "column.kg", "ALTER TABLE terms ADD COLUMN extra TEXT"),
         "table 'terms' is not defined as kg defines it"},
        {"a unique index added to a kg table",
         kg_store_then(tmp, "unique.kg", "CREATE UNIQUE INDEX one_per_predicate ON predicate_stats(facts)"),
         "index 'one_per_predicate' on table 'predicate_stats' is not one of kg's"},
        {"kg's index redefined",
         kg_store_then(tmp, "index.kg",
                       "DROP INDEX terms_by_hash; CREATE UNIQUE INDEX terms_by_hash ON terms(hash)"),
         "index 'terms_by_hash' is not defined as kg defines it"},
    };
    for (const auto& c : cases) {
      const std::string name = c.name;
      CAPTURE(name);
      const auto before = file_bytes(c.path);
      for (const char* command : {"stats", "query '?s ?p ?o'", "check", "export", "query 'add x y z'"}) {
        CAPTURE(command);
        auto r = run_kg("--db " + shell_quote(c.path) + " " + command);
        CHECK(r.exit_code == 4);
        CHECK(r.err.starts_with("kg: error: '" + c.path + "' is not a kg store: "));
        CHECK(r.err.find(c.message_part) != std::string::npos);
      }
      CHECK(file_bytes(c.path) == before);
    }
  }

  TEST_CASE("tables of other programs and a store without kg's later indexes are still read") {
    temp_dir tmp;
    const auto extra = kg_store_then(tmp, "extra.kg",
                                     "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); "
                                     "CREATE INDEX notes_by_body ON notes(body); ANALYZE;");
    const auto older = kg_store_then(tmp, "older.kg", "DROP INDEX terms_by_name");
    for (const auto& path : {extra, older}) {
      CAPTURE(path);
      auto r = run_kg("--db " + shell_quote(path) + " query --format tsv 'a b ?o'");
      CHECK(r.exit_code == 0);
      CHECK(r.out == "o\nc\n");
      CHECK(run_kg("--db " + shell_quote(path) + " check").out == "ok\n");
    }
  }

  TEST_CASE("a store whose indexes an import rebuilt still has kg's schema") {
    temp_dir tmp;
    const auto path = tmp.path("rebuilt.kg");
    {
      auto s = kg::test::new_store(path);
      // Enough new terms and qualifiers for the import to drop and rebuild
      // the indexes of terms and qualifiers.
      std::string tsv = "subject\tpredicate\tobject\tnote\n";
      for (int i = 0; i < 11000; ++i)
        tsv += "e" + std::to_string(i) + "\tp\t\"t" + std::to_string(i) + "\"\t" + std::to_string(i) + "\n";
      REQUIRE(kg::test::import_text(s, format::tsv, tsv));
    }
    auto again = store::triple_store::open(path, {});
    REQUIRE_MESSAGE(again.has_value(), (again ? "" : again.error().message));
    CHECK(again->db().scalar("SELECT count(*) FROM facts") == 11000);
  }

  TEST_CASE("export refuses a store whose facts name terms missing from the dictionary") {
    temp_dir tmp;
    // Consistent in every other way: kg check finds exactly this.
    const auto path = kg_store_then(tmp, "missing.kg",
                                    "INSERT INTO qualifiers SELECT s, p, o, 1, 9999, 9998 FROM facts; "
                                    "INSERT INTO facts VALUES (9997, 9996, 9995); "
                                    "INSERT INTO facts_pos VALUES (9996, 9995, 9997); "
                                    "INSERT INTO facts_osp VALUES (9995, 9997, 9996); "
                                    "INSERT INTO predicate_stats VALUES (9996, 1);");
    for (const char* f : {"tsv", "csv", "nt"}) {
      CAPTURE(f);
      auto r = run_kg("--db " + shell_quote(path) + " export --format " + f);
      CHECK(r.exit_code == 4);
      CHECK(r.err.find("is damaged: term 999") != std::string::npos);
      const auto file = tmp.path(std::string("out.") + f);
      CHECK(run_kg("--db " + shell_quote(path) + " export " + shell_quote(file)).exit_code == 4);
      CHECK_FALSE(std::filesystem::exists(file));
      CHECK_FALSE(std::filesystem::exists(file + ".tmp"));
    }
    auto check = run_kg("--db " + shell_quote(path) + " check");
    CHECK(check.exit_code == 4);
    CHECK(check.out.find("problem: 1 facts whose subject, predicate or object is not in the dictionary") !=
          std::string::npos);
    CHECK(check.out.find("problem: 1 qualifiers whose key or value is not in the dictionary") !=
          std::string::npos);
  }
}
