// search "words": full-text search over the words of every term, kept in
// step with import, add and remove; and the index added to stores made
// before it existed.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>

#include "engine/run.hpp"
#include "store/schema.hpp"
#include "tests/helpers.hpp"

using namespace kg;
using kg::test::change_text;
using kg::test::query_text;
using kg::test::temp_dir;

namespace {

const std::string news =
    "subject\tpredicate\tobject\tpurpose\tsource\tline\n"
    "Jensen Huang\tvisited\tBeijing\tsupply chain meetings\tA\t2\n"
    "Jensen Huang\tceo_of\tNvidia\t\tA\t1\n"
    "China\texports\trare earths\t\tB\t4\n"
    "rare earths\talias\t\"rare earth metals\"\t\t\t\n"
    "Nvidia\tmakes\tH20\t\tB\t7\n"
    "H20\tdescribed_as\t\"a chip for the Chinese market\"\t\tB\t7\n";

// Each row as "subject predicate object", in the order of the answer.
std::vector<std::string> facts_of(const engine::table& t) {
  std::vector<std::string> out;
  for (const auto& r : t.rows) out.push_back(to_cell(*r[0]) + " " + to_cell(*r[1]) + " " + to_cell(*r[2]));
  return out;
}

// A new store holding the news above.
store::triple_store news_store(temp_dir& tmp) {
  auto s = kg::test::new_store(tmp.path("s.kg"));
  REQUIRE(kg::test::import_text(s, format::tsv, news));
  return s;
}

bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

TEST_SUITE("search") {
  TEST_CASE("search finds facts by the words of any of their terms, in any inflection, with sources") {
    temp_dir tmp;
    auto s = news_store(tmp);
    auto earth = query_text(s, "search \"rare earth\"");
    REQUIRE(earth);
    CHECK(earth->columns == std::vector<std::string>{"subject", "predicate", "object", "sources"});
    const auto found = facts_of(*earth);
    CHECK(has(found, "China exports rare earths"));                // the object's name
    CHECK(has(found, "rare earths alias \"rare earth metals\""));  // a literal
    CHECK_FALSE(has(found, "Jensen Huang ceo_of Nvidia"));
    // Sources as with sources shows them.
    for (const auto& r : earth->rows)
      if (to_cell(*r[1]) == "exports") CHECK(r[3]->lex == "B:4");

    // Stemmed: "meeting" matches the qualifier value "meetings", "market" "market".
    auto meeting = query_text(s, "search \"meeting\"");
    REQUIRE(meeting);
    CHECK(facts_of(*meeting) == std::vector<std::string>{"Jensen Huang visited Beijing"});
    auto markets = query_text(s, "search \"markets\"");
    REQUIRE(markets);
    CHECK(facts_of(*markets) ==
          std::vector<std::string>{"H20 described_as \"a chip for the Chinese market\""});
    // A predicate's name is searched too.
    auto made = query_text(s, "search \"make\"");
    REQUIRE(made);
    CHECK(facts_of(*made) == std::vector<std::string>{"Nvidia makes H20"});
    // Nothing matches: no rows.
    auto none = query_text(s, "search \"quantum\"");
    REQUIRE(none);
    CHECK(none->rows.empty());
  }

  TEST_CASE("a fact matching more of the words ranks first, and limit keeps the best") {
    temp_dir tmp;
    auto s = news_store(tmp);
    auto both = query_text(s, "search \"Huang Beijing\"");
    REQUIRE(both);
    REQUIRE(both->rows.size() >= 2);
    CHECK(facts_of(*both).front() == "Jensen Huang visited Beijing");
    CHECK(has(facts_of(*both), "Jensen Huang ceo_of Nvidia"));
    auto one = query_text(s, "search \"Huang Beijing\" limit 1");
    REQUIRE(one);
    CHECK(facts_of(*one) == std::vector<std::string>{"Jensen Huang visited Beijing"});
  }

  TEST_CASE("the words of a search are words, never full-text syntax") {
    temp_dir tmp;
    auto s = news_store(tmp);
    for (const char* text : {"search \"rare* OR NEAR(earth\"", "search \"\\\"rare\\\" AND -earth^\"",
                             "search \"rare:earth {col}\""}) {
      CAPTURE(text);
      auto a = query_text(s, text);
      REQUIRE_MESSAGE(a.has_value(), (a ? "" : a.error()));
      CHECK(has(facts_of(*a), "China exports rare earths"));
    }
    auto empty = query_text(s, "search \"-- ! ?\"");
    REQUIRE_FALSE(empty);
    CHECK(empty.error().starts_with("query:1:8: error: search needs a word"));
    auto unquoted = query_text(s, "search rare");
    REQUIRE_FALSE(unquoted);
    CHECK(unquoted.error().find("expected words to search for, in quotes") != std::string::npos);
  }

  TEST_CASE("the search index follows add, remove and import, and stays whole") {
    temp_dir tmp;
    auto s = news_store(tmp);
    auto search = [&](const std::string& words) {
      auto a = query_text(s, "search \"" + words + "\"");
      REQUIRE_MESSAGE(a.has_value(), (a ? "" : a.error()));
      return facts_of(*a);
    };
    CHECK(search("widgets").empty());
    REQUIRE(change_text(s, "add Acme sells \"quantum widgets\""));
    CHECK(search("widget") == std::vector<std::string>{"Acme sells \"quantum widgets\""});
    REQUIRE(change_text(s, "remove Acme sells \"quantum widgets\""));
    CHECK(search("widget").empty());
    REQUIRE(kg::test::import_text(s, format::tsv, "subject\tpredicate\tobject\nAcme\tacquired\tGizmo Works\n",
                                  "more.tsv"));
    CHECK(search("gizmo") == std::vector<std::string>{"Acme acquired Gizmo Works"});
    auto checked = store::check_store(s);
    REQUIRE(checked);
    CHECK(checked->empty());
  }

  TEST_CASE(
      "a store made before the search index is read as it is, and gets the index when opened for writing") {
    temp_dir tmp;
    const auto path = tmp.path("old.kg");
    {
      auto s = kg::test::new_store(path);
      REQUIRE(kg::test::import_text(s, format::tsv, news));
    }
    {
      // Undo the index as a store of schema version 1 lacks it.
      sqlite3* db = nullptr;
      REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
      REQUIRE(sqlite3_exec(db, "DROP TABLE term_search; PRAGMA user_version=1", nullptr, nullptr, nullptr) ==
              SQLITE_OK);
      sqlite3_close(db);
    }
    {
      auto read = store::triple_store::open(path, {.read_only = true});
      REQUIRE_MESSAGE(read.has_value(), (read ? "" : read.error().message));
      CHECK(query_text(*read, "?x exports ?y")->rows.size() == 1);
      auto a = query_text(*read, "search \"earth\"");
      REQUIRE_FALSE(a);
      CHECK(a.error().find("this store has no search index") != std::string::npos);
    }
    {
      // While another process writes, the store opens as it is.
      sqlite3* writer = nullptr;
      REQUIRE(sqlite3_open(path.c_str(), &writer) == SQLITE_OK);
      REQUIRE(sqlite3_exec(writer, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
      auto busy = store::triple_store::open(path, {.busy_timeout_ms = 0});
      REQUIRE_MESSAGE(busy.has_value(), (busy ? "" : busy.error().message));
      CHECK(busy->db().scalar("PRAGMA user_version") == 1);
      CHECK_FALSE(query_text(*busy, "search \"earth\""));
      sqlite3_exec(writer, "ROLLBACK", nullptr, nullptr, nullptr);
      sqlite3_close(writer);
    }
    auto s = store::triple_store::open(path, {});
    REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message));
    CHECK(s->db().scalar("PRAGMA user_version") == store::schema_version);
    auto a = query_text(*s, "search \"earth\"");
    REQUIRE_MESSAGE(a.has_value(), (a ? "" : a.error()));
    CHECK(has(facts_of(*a), "China exports rare earths"));
    auto checked = store::check_store(*s);
    REQUIRE(checked);
    CHECK(checked->empty());
  }
}
