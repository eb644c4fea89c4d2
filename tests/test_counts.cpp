// Counts answered from the counts every write keeps (predicate_stats,
// object_counts, subject_counts): equal to counting the rows, after
// imports into empty and non-empty stores, single additions and removals
// that move pairs across the floor in both directions; chosen only for
// the shapes they can answer; and a store of schema version 2 (no pair
// counts, qualifiers keyed by subject first) is read as it is and
// upgraded when opened for writing.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "store/schema.hpp"
#include "store/store.hpp"

namespace {

using namespace kg;
using kg::test::change_text;
using kg::test::explain_text;
using kg::test::import_text;
using kg::test::query_text;
using kg::test::temp_dir;

// The single count a count query answers.
std::int64_t count_of(store::triple_store& s, const std::string& q) {
  auto a = query_text(s, q);
  REQUIRE_MESSAGE(a.has_value(), q << ": " << (a ? "" : a.error()));
  REQUIRE(a->rows.size() == 1);
  REQUIRE(a->rows[0].back());
  return std::stoll(a->rows[0].back()->lex);
}

std::int64_t rows_of(store::triple_store& s, const std::string& q) {
  auto a = query_text(s, q);
  REQUIRE_MESSAGE(a.has_value(), q << ": " << (a ? "" : a.error()));
  return static_cast<std::int64_t>(a->rows.size());
}

std::string steps_of(store::triple_store& s, const std::string& q) {
  auto e = explain_text(s, "explain " + q);
  REQUIRE_MESSAGE(e.has_value(), q << ": " << (e ? "" : e.error()));
  std::string out;
  for (const auto& l : e->steps) out += l + "\n";
  return out;
}

// Facts over few names, so that some pairs have more facts than the floor:
// subjects s0..s(n-1) and objects o0..o(n-1), a few of them hubs.
std::string random_facts(std::mt19937& rng, int facts) {
  std::string tsv = "subject\tpredicate\tobject\tdate\n";
  std::uniform_int_distribution<int> pick(0, 99), pred(0, 2), hub(0, 2), wide(10, 10000), day(1, 28);
  for (int i = 0; i < facts; ++i) {
    const int shape = pick(rng);
    const std::string s = "s" + std::to_string(shape < 45 ? hub(rng) : wide(rng));
    const std::string o = "o" + std::to_string(shape >= 45 && shape < 90 ? hub(rng) : wide(rng));
    // A third of the statements have a date, some facts several.
    const std::string date =
        pick(rng) < 33 ? "2025-01-" + std::string(day(rng) < 10 ? "0" : "") + std::to_string(day(rng)) : "";
    tsv += s + "\tp" + std::to_string(pred(rng)) + "\t" + o + "\t" + date + "\n";
  }
  return tsv;
}

// Every count shape the counts answer, against the rows the facts give.
void counts_agree(store::triple_store& s) {
  auto problems = store::check_store(s);
  REQUIRE(problems);
  CHECK_MESSAGE(problems->empty(), (problems->empty() ? "" : problems->front()));
  std::int64_t all = 0;
  for (int p = 0; p < 3; ++p) {
    const std::string P = "p" + std::to_string(p);
    const auto facts = rows_of(s, "?x " + P + " ?y");
    CHECK(count_of(s, "count where ?x " + P + " ?y") == facts);
    CHECK(count_of(s, "count ?y where ?x " + P + " ?y") == facts);
    all += facts;
    for (int h = 0; h < 3; ++h) {
      const std::string O = "o" + std::to_string(h), S = "s" + std::to_string(h);
      CHECK_MESSAGE(count_of(s, "count ?x where ?x " + P + " " + O) == rows_of(s, "?x " + P + " " + O),
                    (P + " " + O));
      CHECK_MESSAGE(count_of(s, "count where " + S + " " + P + " ?y") == rows_of(s, S + " " + P + " ?y"),
                    (S + " " + P));
    }
  }
  CHECK(count_of(s, "count where ?x ?p ?y") == all);
  auto grouped = query_text(s, "count where ?x ?p ?y group by ?p order by ?p");
  REQUIRE(grouped);
  for (const auto& row : grouped->rows) {
    REQUIRE(row[0]);
    CHECK(std::stoll(row[1]->lex) == rows_of(s, "?x " + row[0]->lex + " ?y"));
  }
}

}  // namespace

TEST_SUITE("counts") {
  TEST_CASE("counts read from the kept counts equal the rows, through every kind of write") {
    for (unsigned seed = 1; seed <= 3; ++seed) {
      CAPTURE(seed);
      std::mt19937 rng(seed);
      temp_dir tmp;
      auto s = kg::test::new_store(tmp.path("c.kg"));
      REQUIRE(import_text(s, format::tsv, random_facts(rng, 3000)));  // into an empty store
      counts_agree(s);
      REQUIRE(s.db().scalar("SELECT count(*) FROM object_counts") > 0);
      REQUIRE(s.db().scalar("SELECT count(*) FROM subject_counts") > 0);
      REQUIRE(import_text(s, format::tsv, random_facts(rng, 2000), "more"));  // into a non-empty one
      counts_agree(s);
      // Remove a hub pair's facts one by one below the floor, then add
      // them back one by one above it.
      auto hub = query_text(s, "select ?x where ?x p0 o0");
      REQUIRE(hub);
      const auto n = static_cast<std::int64_t>(hub->rows.size());
      REQUIRE(n >= store::schema::pair_count_floor);
      const auto drop = n - store::schema::pair_count_floor + 2;
      for (std::int64_t i = 0; i < drop; ++i)
        REQUIRE(change_text(s, "remove " + hub->rows[static_cast<std::size_t>(i)][0]->lex + " p0 o0"));
      CHECK(s.db().scalar("SELECT count(*) FROM object_counts oc JOIN terms p ON p.id = oc.p JOIN terms o ON "
                          "o.id = oc.o WHERE p.lex = 'p0' AND o.lex = 'o0'") == 0);
      counts_agree(s);
      for (std::int64_t i = 0; i < drop; ++i)
        REQUIRE(change_text(s, "add " + hub->rows[static_cast<std::size_t>(i)][0]->lex + " p0 o0"));
      CHECK(count_of(s, "count ?x where ?x p0 o0") == n);
      counts_agree(s);
    }
  }

  TEST_CASE("only a count over one plain pattern with distinct variables is read from the counts") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("c.kg"));
    REQUIRE(
        import_text(s, format::tsv,
                    "subject\tpredicate\tobject\tdate\na\tmet\tb\t2025-01-01\nb\tmet\tc\t\nc\tmet\tc\t\n"));
    CHECK(steps_of(s, "count where ?x met ?y").find("counted by predicate_stats") != std::string::npos);
    CHECK(steps_of(s, "count ?x where ?x met c").find("counted by object_counts") != std::string::npos);
    CHECK(steps_of(s, "count ?y where a met ?y").find("counted by subject_counts") != std::string::npos);
    CHECK(steps_of(s, "count where ?x ?p ?y group by ?p").find("counted by predicate_stats") !=
          std::string::npos);
    for (const char* q :
         {"count where ?x met ?x", "count distinct ?x where ?x met ?y", "count where ?x met ?y group by ?x",
          "count where ?x met ?y {date: ?d}", "count where ?x met ?y . ?y met ?z",
          "count where ?x met ?y filter ?y != c", "count where a ?p ?y", "count where ?x ?p c"}) {
      CAPTURE(q);
      CHECK(steps_of(s, q).find("counted") == std::string::npos);
    }
    CHECK(count_of(s, "count where ?x met ?x") == 1);
    CHECK(count_of(s, "count where ?x met ?y") == 3);
    CHECK(count_of(s, "count ?x where ?x met a") == 0);
    CHECK(count_of(s, "count ?y where c met ?y") == 1);
  }

  TEST_CASE("a store of schema version 2 is counted from its facts, and upgraded when opened for writing") {
    temp_dir tmp;
    const auto path = tmp.path("old.kg");
    std::mt19937 rng(7);
    {
      auto s = kg::test::new_store(path);
      REQUIRE(import_text(s, format::tsv, random_facts(rng, 3000)));
    }
    std::vector<std::string> before, answers;
    const std::string qualified = "select ?x ?d where ?x p1 o1 {date: ?d} order by ?x ?d";
    {
      auto s = store::triple_store::open(path, {});
      REQUIRE(s);
      before = kg::test::fingerprint(*s);
      auto a = query_text(*s, qualified);
      REQUIRE(a);
      REQUIRE(a->rows.size() > 3);
      for (const auto& row : a->rows) answers.push_back(row[0]->lex + " " + row[1]->lex);
    }
    // Version 2: no pair counts, the qualifiers keyed by subject first.
    kg::test::raw_sql(path,
                      "DROP TABLE object_counts; DROP TABLE subject_counts; "
                      "CREATE TABLE kept AS SELECT * FROM qualifiers; DROP TABLE qualifiers; "
                      "CREATE TABLE qualifiers(\n"
                      "  s INTEGER NOT NULL, p INTEGER NOT NULL, o INTEGER NOT NULL,\n"
                      "  grp INTEGER NOT NULL, key INTEGER NOT NULL, value INTEGER NOT NULL,\n"
                      "  PRIMARY KEY(s, p, o, grp, key)) WITHOUT ROWID; "
                      "INSERT INTO qualifiers SELECT * FROM kept; DROP TABLE kept; "
                      "CREATE INDEX qualifiers_by_key ON qualifiers(key, value); PRAGMA user_version=2");
    auto same_answers = [&](store::triple_store& s) {
      auto a = query_text(s, qualified);
      REQUIRE(a);
      std::vector<std::string> got;
      for (const auto& row : a->rows) got.push_back(row[0]->lex + " " + row[1]->lex);
      CHECK(got == answers);
    };
    {
      auto read = store::triple_store::open(path, {.read_only = true});
      REQUIRE_MESSAGE(read.has_value(), (read ? "" : read.error().message));
      CHECK(steps_of(*read, "count ?x where ?x p0 o0").find("scan") != std::string::npos);
      CHECK(count_of(*read, "count ?x where ?x p0 o0") == rows_of(*read, "?x p0 o0"));
      CHECK(steps_of(*read, qualified).find("scan facts_pos") != std::string::npos);
      same_answers(*read);
    }
    auto s = store::triple_store::open(path, {});
    REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message));
    CHECK(s->db().scalar("PRAGMA user_version") == store::schema_version);
    CHECK(s->db().scalar("SELECT count(*) FROM object_counts") > 0);
    CHECK(kg::test::fingerprint(*s) == before);
    CHECK(steps_of(*s, qualified).find("scan qualifiers") != std::string::npos);
    same_answers(*s);
    counts_agree(*s);
  }

  TEST_CASE("check finds pair counts that are wrong or missing") {
    temp_dir tmp;
    const auto path = tmp.path("c.kg");
    std::mt19937 rng(3);
    {
      auto s = kg::test::new_store(path);
      REQUIRE(import_text(s, format::tsv, random_facts(rng, 3000)));
    }
    kg::test::raw_sql(
        path,
        "UPDATE object_counts SET facts = facts + 1 WHERE (p, o) IN (SELECT p, o FROM object_counts "
        "LIMIT 1); DELETE FROM subject_counts WHERE (s, p) IN (SELECT s, p FROM subject_counts LIMIT 1)");
    auto s = store::triple_store::open(path, {});
    REQUIRE(s);
    auto problems = store::check_store(*s);
    REQUIRE(problems);
    CHECK(*problems == std::vector<std::string>{
                           "1 (predicate, object) pairs whose fact count is wrong or missing",
                           "1 (subject, predicate) pairs whose fact count is wrong or missing",
                       });
  }
}
