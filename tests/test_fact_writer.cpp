// The fact writer: single statements added and removed keep the fact,
// permutation, qualifier and count tables consistent, decide "already
// present" as an import does, and a bulk import's index rebuild restores
// kg's own schema.
#include <doctest/doctest.h>

#include <map>

#include "store/fact_writer.hpp"
#include "store/schema.hpp"
#include "tests/helpers.hpp"

using namespace kg;
using kg::test::change_text;
using kg::test::temp_dir;

namespace {

const std::string people =
    "subject\tpredicate\tobject\tdate\tsource\n"
    "Jensen Huang\tmet\tLei Jun\t2025-07-16\tA\n"
    "Jensen Huang\tmet\tLei Jun\t\t\n"
    "Jensen Huang\tceo_of\tNvidia\t\tA\n"
    "Lei Jun\tceo_of\tXiaomi\t\t\n";

// Every row of a table as text, sorted.
std::vector<std::string> rows_of(store::triple_store& s, const std::string& table) {
  auto st = s.db().prepare("SELECT * FROM " + table);
  std::vector<std::string> out;
  while (st.step()) {
    std::string row;
    for (int c = 0; c < sqlite3_column_count(st.handle()); ++c)
      row += (c ? "|" : "") + (st.is_null(c) ? std::string("NULL") : std::string(st.text(c)));
    out.push_back(row);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The tables the writer writes, by name.
std::map<std::string, std::vector<std::string>> fact_tables(store::triple_store& s) {
  std::map<std::string, std::vector<std::string>> out;
  for (const char* t : {"terms", "facts", "facts_pos", "facts_osp", "qualifiers", "predicate_stats"})
    out[t] = rows_of(s, t);
  return out;
}

// The facts as read from each permutation table, in (s, p, o) order.
void check_permutations_equal_facts(store::triple_store& s) {
  const auto spo = rows_of(s, "facts");
  auto as_spo = [&](const char* sql) {
    auto st = s.db().prepare(sql);
    std::vector<std::string> out;
    while (st.step())
      out.push_back(std::string(st.text(0)) + "|" + std::string(st.text(1)) + "|" + std::string(st.text(2)));
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK(as_spo("SELECT s, p, o FROM facts_pos") == spo);
  CHECK(as_spo("SELECT s, p, o FROM facts_osp") == spo);
}

void check_sound(store::triple_store& s) {
  auto problems = store::check_store(s);
  REQUIRE(problems);
  CHECK(*problems == std::vector<std::string>{});
}

std::int64_t id_of(store::triple_store& s, const std::string& name) {
  auto id = store::fact_writer(s.db()).find_term(entity(name), store::term_hash(entity(name)));
  REQUIRE(id);
  return *id;
}

}  // namespace

TEST_SUITE("fact writer") {
  TEST_CASE("adding a statement and removing its fact leaves every fact table as it was, the store sound") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("a.kg"));
    REQUIRE(kg::test::import_text(s, format::tsv, people));
    REQUIRE(change_text(s, "add Ren met Huang"));  // the terms the statement below uses
    REQUIRE(change_text(s, "remove Ren met Huang"));
    auto before = fact_tables(s);

    SUBCASE("through the writer") {
      store::transaction tx(s.db());
      store::fact_writer w(s.db());
      const auto ren = id_of(s, "Ren"), met = id_of(s, "met"), huang = id_of(s, "Huang");
      CHECK(w.add_statement({ren, met, huang, {{id_of(s, "source"), id_of(s, "A")}}}));
      CHECK(w.add_statement({ren, met, huang, {}}) == false);
      check_permutations_equal_facts(s);
      CHECK(fact_tables(s) != before);
      CHECK(w.remove_fact(ren, met, huang));
      CHECK(w.remove_fact(ren, met, huang) == false);
      tx.commit();
    }
    SUBCASE("through add and remove") {
      REQUIRE(change_text(s, "add Ren met Huang {source: A, date: 2025-07-16}"));
      check_permutations_equal_facts(s);
      check_sound(s);
      auto removed = change_text(s, "remove Ren met Huang");
      REQUIRE(removed);
      CHECK(removed->message == "removed 1 fact");
    }
    CHECK(fact_tables(s) == before);
    check_permutations_equal_facts(s);
    check_sound(s);
  }

  TEST_CASE("a statement already stored is present, other qualifiers make the fact's next statement group") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("a.kg"));
    REQUIRE(kg::test::import_text(s, format::tsv, people));
    auto message = [&](const std::string& text) {
      auto a = change_text(s, text);
      REQUIRE(a);
      return a->message;
    };
    CHECK(message("add \"Jensen Huang\" met \"Lei Jun\"") == "already present: nothing added");
    CHECK(message("add \"Jensen Huang\" met \"Lei Jun\" {source: A, date: 2025-07-16}") ==
          "already present: nothing added");
    CHECK(message("add \"Jensen Huang\" met \"Lei Jun\" {source: B}") ==
          "added 1 statement; new: B (entity)");
    CHECK(message("add \"Jensen Huang\" met \"Lei Jun\" {source: B}") == "already present: nothing added");
    CHECK(message("add \"Jensen Huang\" met \"Lei Jun\" {source: B, date: 2025-07-16}") ==
          "added 1 statement");
    CHECK(rows_of(s,
                  "(SELECT DISTINCT grp FROM qualifiers q JOIN terms t ON t.id = q.s AND t.lex = "
                  "'Jensen Huang' JOIN terms p ON p.id = q.p AND p.lex = 'met')") ==
          std::vector<std::string>{"1", "2", "3"});
    // A bare statement of a stored fact with statements adds nothing.
    CHECK(message("add \"Lei Jun\" ceo_of Xiaomi {source: C}") == "added 1 statement; new: C (entity)");
    CHECK(message("add \"Lei Jun\" ceo_of Xiaomi") == "already present: nothing added");
    check_permutations_equal_facts(s);
    check_sound(s);
  }

  TEST_CASE("add stores what an import of the same statement stores, term ids included") {
    const std::string statements[] = {
        "Ren\tmet\tHuang\t\t",           "Ren\tmet\tHuang\t2024\t\"a\\tb\"",    "New Person\tmet\tHuang\t\tA",
        "Nvidia\tceo_of\t\"text\"\t3\t", "Lei Jun\tmet\tRen\t2024-02\t\"new\"",
    };
    const std::string adds[] = {
        "add Ren met Huang",
        "add Ren met Huang {date: 2024, source: \"a\\tb\"}",
        "add \"New Person\" met Huang {source: A}",
        "add Nvidia ceo_of \"text\" {date: 3}",
        "add \"Lei Jun\" met Ren {date: 2024-02, source: \"new\"}",
    };
    temp_dir tmp;
    auto added = kg::test::new_store(tmp.path("added.kg"));
    auto imported = kg::test::new_store(tmp.path("imported.kg"));
    for (auto* s : {&added, &imported}) REQUIRE(kg::test::import_text(*s, format::tsv, people));
    for (std::size_t i = 0; i < std::size(adds); ++i) {
      CAPTURE(adds[i]);
      auto a = change_text(added, adds[i]);
      REQUIRE(a);
      auto r = kg::test::import_text(imported, format::tsv,
                                     "subject\tpredicate\tobject\tdate\tsource\n" + statements[i] + "\n");
      REQUIRE(r);
      CHECK(a->message.starts_with(r->added ? "added 1 statement" : "already present: nothing added"));
      CHECK(fact_tables(added) == fact_tables(imported));
    }
    // New qualifier keys and values, numbered in the import's order.
    auto a = change_text(added, "add Ren met Huang {k1: v1, k2: v2}");
    REQUIRE(a);
    CHECK(a->message ==
          "added 1 statement; new: k1 (qualifier key), v1 (entity), k2 (qualifier key), v2 (entity)");
    REQUIRE(kg::test::import_text(imported, format::tsv,
                                  "subject\tpredicate\tobject\tk1\tk2\nRen\tmet\tHuang\tv1\tv2\n"));
    CHECK(fact_tables(added) == fact_tables(imported));
  }

  TEST_CASE("a bulk import into an empty store rebuilds its indexes as the schema defines them") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("a.kg"));
    const auto fresh_schema = kg::test::schema_of(s);
    std::string tsv = "subject\tpredicate\tobject\tsource\n";
    for (int i = 0; i < 12000; ++i)
      tsv += "e" + std::to_string(i) + "\tp" + std::to_string(i % 7) + "\t" + std::to_string(i) + "\ts" +
             std::to_string(i % 3) + "\n";
    auto r = kg::test::import_text(s, format::tsv, tsv);
    REQUIRE(r);
    CHECK(r->added == 12000);
    CHECK(kg::test::schema_of(s) == fresh_schema);
    std::size_t indexes = 0;
    for (const auto& o : store::schema::objects())
      if (o.type == store::schema::object::kind::index) {
        ++indexes;
        CHECK(s.db().scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = '" +
                            std::string(o.name) + "'") == 1);
      }
    CHECK(indexes == 3);
    check_permutations_equal_facts(s);
    check_sound(s);
  }
}
