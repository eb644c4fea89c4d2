// Statements beyond queries: add, remove, import, why and explain; scripts
// (kg run) split into statements; limits and timeouts; the same query from
// kg query, kg run and standard input.
#include <doctest/doctest.h>

#include <algorithm>

#include "engine/run.hpp"
#include "parser/query.hpp"
#include "parser/script.hpp"
#include "tests/helpers.hpp"

using namespace kg;
using kg::test::change_text;
using kg::test::explain_text;
using kg::test::query_text;
using kg::test::run_kg;
using kg::test::shell_quote;
using kg::test::temp_dir;

namespace {

const std::string people =
    "subject\tpredicate\tobject\tdate\tsource\tline\n"
    "Jensen Huang\tmet\tLei Jun\t2025-07-16\tA\t3\n"
    "Jensen Huang\tceo_of\tNvidia\t\tA\t1\n"
    "Jensen Huang\talias\t\"Huang\"\t\t\t\n"
    "met\tsemantics\tsymmetric\t\t\t\n"
    "met\tverb_form\t\"meet\"\t\t\t\n";

std::vector<std::string> column(const engine::table& a, std::size_t c) {
  std::vector<std::string> out;
  for (const auto& row : a.rows) out.push_back(row[c] ? to_cell(*row[c]) : "");
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> texts(std::string_view script) {
  std::vector<std::string> out;
  for (const auto& r : query::split_script(script)) out.emplace_back(script.substr(r.begin, r.end - r.begin));
  return out;
}

}  // namespace

TEST_SUITE("statements") {
  TEST_CASE("a script splits at semicolons and line breaks, not inside braces, strings or indented lines") {
    CHECK(texts("a b c\nd e f") == std::vector<std::string>{"a b c", "d e f"});
    CHECK(texts("a b c; d e f;") == std::vector<std::string>{"a b c", " d e f"});
    CHECK(texts("# only a comment\n\n  \n") == std::vector<std::string>{});
    CHECK(texts("select ?x where\n  ?x met Huang\n?y met ?z") ==
          std::vector<std::string>{"select ?x where\n  ?x met Huang", "?y met ?z"});
    CHECK(texts("?x met ?y optional {\n?y role ?r\n}\nnext one") ==
          std::vector<std::string>{"?x met ?y optional {\n?y role ?r\n}", "next one"});
    CHECK(texts("?x name \"a;b\" ; ?x p <http://e.org/#a;b>") ==
          std::vector<std::string>{"?x name \"a;b\" ", " ?x p <http://e.org/#a;b>"});
    CHECK(texts("?x p ?y # a comment; with a semicolon\n?y q ?z") ==
          std::vector<std::string>{"?x p ?y # a comment; with a semicolon", "?y q ?z"});
  }

  TEST_CASE("a statement goes on while the text so far cannot end one") {
    // Ends early for the parser, or ends in a keyword, a mark or an operator that needs more.
    CHECK(texts("select ?x where\n?x ceo_of Nvidia\nnext one") ==
          std::vector<std::string>{"select ?x where\n?x ceo_of Nvidia", "next one"});
    CHECK(texts("Huang met\n?x") == std::vector<std::string>{"Huang met\n?x"});
    CHECK(texts("?x met ?y .\n?y ceo_of ?z") == std::vector<std::string>{"?x met ?y .\n?y ceo_of ?z"});
    CHECK(texts("?x met ?y and\n?y ceo_of ?z") == std::vector<std::string>{"?x met ?y and\n?y ceo_of ?z"});
    CHECK(texts("?x p ?y filter ?y >=\n3\n?a b c") ==
          std::vector<std::string>{"?x p ?y filter ?y >=\n3", "?a b c"});
    CHECK(texts("select ?who where # a comment\n\n?who met Huang") ==
          std::vector<std::string>{"select ?who where # a comment\n\n?who met Huang"});
    CHECK(texts("select ?w ?d where\n?w met H {date: ?d,\nplace: ?p}\nx y z") ==
          std::vector<std::string>{"select ?w ?d where\n?w met H {date: ?d,\nplace: ?p}", "x y z"});
    // A string open at a line break keeps the statement going.
    CHECK(texts("add a b \"c\nd\" e\nx y z") == std::vector<std::string>{"add a b \"c\nd\" e", "x y z"});
    // Whole statements, and a question that lacks only its '?', end at the line break.
    CHECK(texts("?x met ?y\n?y ceo_of ?z") == std::vector<std::string>{"?x met ?y", "?y ceo_of ?z"});
    CHECK(texts("who met Huang\nwho met Lei?") == std::vector<std::string>{"who met Huang", "who met Lei?"});
    CHECK(texts("List the products Nvidia makes.\nx y z") ==
          std::vector<std::string>{"List the products Nvidia makes.", "x y z"});
    // ';' always ends one, open brackets or not.
    CHECK(texts("?x met {;?a b c") == std::vector<std::string>{"?x met {", "?a b c"});
    CHECK(query::unfinished("select ?x where"));
    CHECK(query::unfinished("?x met ?y {date: ?d,"));
    CHECK(query::unfinished("Huang met"));
    CHECK_FALSE(query::unfinished("select ?x where ?x met ?y"));
    CHECK_FALSE(query::unfinished("who met Huang"));
    CHECK_FALSE(query::unfinished(".mode json"));
    CHECK_FALSE(query::unfinished("?x met ?y;"));
  }

  TEST_CASE("a statement that spans lines reports errors at the line they are on") {
    const std::string script = "select ?x where\n?x met ?y ?z\n";
    const auto ranges = query::split_script(script);
    REQUIRE(ranges.size() == 1);
    auto bad = query::parse(script, "s.kgq", ranges[0].begin, ranges[0].end);
    REQUIRE_FALSE(bad);
    CHECK(render(bad.error()).starts_with("s.kgq:2:11: error:"));
  }

  TEST_CASE("a statement of a script is parsed in place: errors give the script's line and column") {
    const std::string script = "?x met ?y\n\n?x met ?y ?z\n";
    const auto ranges = query::split_script(script);
    REQUIRE(ranges.size() == 2);
    auto bad = query::parse(script, "s.kgq", ranges[1].begin, ranges[1].end);
    REQUIRE_FALSE(bad);
    CHECK(render(bad.error()).starts_with("s.kgq:3:11: error: expected the end of the query"));
  }

  TEST_CASE("add and remove change one fact each, atomically, and queries see it") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("s.kg"));
    REQUIRE(kg::test::import_text(s, format::tsv, people));
    auto added = change_text(s, "add Huang visited Beijing {date: 2025-07-16, source: \"B\"}");
    REQUIRE(added);
    CHECK(added->message == "added 1 statement; new: visited (predicate), Beijing (entity)");
    auto visited = query_text(s, "select ?where ?d where \"Jensen Huang\" visited ?where {date: ?d}");
    REQUIRE(visited);
    REQUIRE(visited->rows.size() == 1);
    CHECK(to_cell(*visited->rows[0][0]) == "Beijing");  // a bare name is an entity
    CHECK(to_cell(*visited->rows[0][1]) == "2025-07-16");
    CHECK(change_text(s, "add Huang visited Beijing {date: 2025-07-16, source: \"B\"}")->message ==
          "already present: nothing added");
    auto text = change_text(s, "add Nvidia motto \"The more you buy\"");
    REQUIRE(text);
    CHECK(column(*query_text(s, "Nvidia motto ?m"), 0) == std::vector<std::string>{"\"The more you buy\""});

    auto removed = change_text(s, "remove Huang visited Beijing");
    REQUIRE(removed);
    CHECK(removed->message == "removed 1 fact");
    CHECK(query_text(s, "?x visited ?y")->rows.empty());
    CHECK(change_text(s, "remove Huang visited Beijing")->message == "no such fact: nothing removed");
    auto checked = store::check_store(s);
    REQUIRE(checked);
    CHECK(checked->empty());  // permutations, qualifiers and predicate counts stay consistent

    auto with_variable = change_text(s, "add ?x met Huang");
    REQUIRE_FALSE(with_variable);
    CHECK(with_variable.error().starts_with("query:1:5: error: ?x: a fact here has no variables"));
    const auto before = kg::test::fingerprint(s);
    auto twice = change_text(s, "add Huang met Ren {date: 2025-07-16, date: 2025-07-17}");
    REQUIRE_FALSE(twice);
    CHECK(twice.error().find("the qualifier 'date' is given twice") != std::string::npos);
    CHECK(kg::test::fingerprint(s) == before);
  }

  TEST_CASE("what a connection remembers of the lexicon and of names follows every change to the data") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("s.kg"));
    REQUIRE(kg::test::import_text(s, format::tsv, people));
    // Remembered on the first query: met is symmetric, Huang an alias, meet a verb form.
    CHECK(column(*query_text(s, "who met Huang?"), 0) == std::vector<std::string>{"Lei Jun"});
    CHECK(column(*query_text(s, "?x met Huang"), 0) == std::vector<std::string>{"Lei Jun"});
    CHECK_FALSE(query_text(s, "Jen ceo_of ?x"));  // no such name, yet

    // Changes through the same connection.
    REQUIRE(change_text(s, "add Jensen_Huang_2 alias \"Jen\""));
    REQUIRE(change_text(s, "add Jensen_Huang_2 ceo_of Nvidia"));
    CHECK(column(*query_text(s, "Jen ceo_of ?x"), 0) == std::vector<std::string>{"Nvidia"});
    REQUIRE(change_text(s, "remove met semantics symmetric"));
    CHECK(query_text(s, "?x met Huang")->rows.empty());

    // Changes committed by another connection (another process, say).
    CHECK_FALSE(query_text(s, "who did Huang encounter?"));  // not a verb form, yet
    {
      auto other = store::triple_store::open(tmp.path("s.kg"), {});
      REQUIRE(other);
      REQUIRE(change_text(*other, "add met semantics symmetric"));
      REQUIRE(change_text(*other, "add met verb_form \"encounter\""));
    }
    CHECK(column(*query_text(s, "?x met Huang"), 0) == std::vector<std::string>{"Lei Jun"});
    CHECK(column(*query_text(s, "who did Huang encounter?"), 0) == std::vector<std::string>{"Lei Jun"});
  }

  TEST_CASE("import \"file\" imports in one transaction, relative to the script's folder") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("s.kg"));
    tmp.write("more.tsv", "subject\tpredicate\tobject\nLei Jun\tceo_of\tXiaomi\n");
    tmp.write("bad.tsv", "subject\tpredicate\tobject\nLei Jun\tceo_of\tXiaomi\nbroken line\n");
    engine::run_options opts;
    opts.base_dir = std::filesystem::path(tmp.path("x")).parent_path().string();
    auto ok = change_text(s, "import \"more.tsv\"", opts);
    REQUIRE(ok);
    CHECK(ok->message.find("1 new statements") != std::string::npos);
    auto bad = change_text(s, "import \"bad.tsv\"", opts);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().find("bad.tsv:3:") != std::string::npos);
    CHECK(query_text(s, "?x ceo_of ?y")->rows.size() == 1);
    // A file that cannot be read is an error of the statement, at the file's name.
    auto missing = change_text(s, "import  \"nowhere.tsv\"", opts);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().starts_with("query:1:9: error: cannot open"));
  }

  TEST_CASE(
      "why lists the statements of a fact with their sources, either way round for symmetric predicates") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("s.kg"));
    REQUIRE(kg::test::import_text(s, format::tsv, people));
    auto why = query_text(s, "why \"Lei Jun\" met Huang");
    REQUIRE(why);
    CHECK(why->columns ==
          std::vector<std::string>{"subject", "predicate", "object", "source", "line", "date"});
    REQUIRE(why->rows.size() == 1);
    CHECK(to_cell(*why->rows[0][0]) == "Jensen Huang");
    CHECK(to_cell(*why->rows[0][3]) == "A");
    CHECK(to_cell(*why->rows[0][4]) == "3");
  }

  TEST_CASE("explain shows the pattern form of a question, the SQL and SQLite's plan, and runs nothing") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("s.kg"));
    REQUIRE(kg::test::import_text(s, format::tsv, people));
    auto e = explain_text(s, "explain who met Huang?");
    REQUIRE(e);  // an explain report: no rows
    CHECK(e->pattern_form == "select distinct ?who where ?who met \"Jensen Huang\"");
    REQUIRE_FALSE(e->steps.empty());
    CHECK(e->steps.front() == "select distinct ?who");
    REQUIRE_FALSE(e->plan.empty());
    const bool searches = std::any_of(e->plan.begin(), e->plan.end(), [](const std::string& l) {
      return l.find("SEARCH") != std::string::npos;
    });
    CHECK(searches);
    auto p = explain_text(s, "explain ?x ceo_of Nvidia");
    REQUIRE(p);
    CHECK(p->pattern_form.empty());
    REQUIRE(p->steps.size() == 2);
    CHECK(p->steps[1].starts_with("  scan facts_pos: "));  // p and o bound: the POS table
  }

  TEST_CASE("select distinct asks SQLite for DISTINCT only where rows can repeat") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("s.kg"));
    // Lei Jun met Huang twice, at the same place: two statements of one fact.
    REQUIRE(kg::test::import_text(s, format::tsv,
                                  "subject\tpredicate\tobject\tplace\tdate\n"
                                  "Lei Jun\tmet\tJensen Huang\tBeijing\t2025-07-16\n"
                                  "Lei Jun\tmet\tJensen Huang\tBeijing\t2025-07-17\n"
                                  "Lei Jun\tceo_of\tXiaomi\t\t\n"
                                  "Jensen Huang\tceo_of\tNvidia\t\t\n"
                                  "Jensen Huang\tknows\tLei Jun\t\t\n"
                                  "Lei Jun\tknows\tJensen Huang\t\t\n"));
    struct row_case {
      const char* query;
      bool sql_distinct;  // whether the plan must still remove duplicates
      std::size_t rows;
    };
    const row_case cases[] = {
        // Every variable selected, plain patterns: a row is a set of facts.
        {"select distinct ?x ?c where ?x ceo_of ?c", false, 2},
        {"select distinct ?x where ?x ceo_of Xiaomi . ?x met \"Jensen Huang\"", false, 1},
        // A variable left out: its rows collapse.
        {"select distinct ?y where ?x ceo_of ?c . ?y knows ?z", true, 2},
        {"select distinct ?c where ?x knows ?y . ?y ceo_of ?c filter ?c = Nvidia or ?c = Xiaomi", true, 2},
        // A qualifier: one fact, two statements with the same place.
        {"select distinct ?x ?where where ?x met \"Jensen Huang\" {place: ?where}", true, 1},
        // Paths and or-branches can reach one row twice.
        {"select distinct ?x ?y where ?x knows+ ?y", true, 4},
        {"select distinct ?x where { ?x ceo_of Nvidia } or { ?x knows \"Lei Jun\" }", true, 1},
    };
    for (const auto& c : cases) {
      const std::string query = c.query;
      CAPTURE(query);
      auto e = explain_text(s, "explain " + query);
      REQUIRE(e);
      REQUIRE_FALSE(e->steps.empty());
      CHECK((e->steps.front().find("(rows are sets)") == std::string::npos) == c.sql_distinct);
      auto a = query_text(s, c.query);
      REQUIRE(a);
      CHECK(a->rows.size() == c.rows);
    }
  }

  TEST_CASE("no text of a query reaches the SQL: names and values are parameters") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("s.kg"));
    REQUIRE(kg::test::import_text(s, format::tsv, people));
    auto a = query_text(
        s,
        "select ?x where ?x met \"Lei Jun\" filter contains(?x, \"Jens'; DROP\") or ?x = 2025-07-16 "
        "limit 5");
    REQUIRE(a);
    for (const char* word : {"Lei", "Jens", "DROP", "2025", "met", " 5"}) {
      CAPTURE(word);
      CHECK(a->sql.find(word) == std::string::npos);
    }
  }

  TEST_CASE("more patterns than SQLite can join is a positioned error, not a crash") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("s.kg"));
    REQUIRE(kg::test::import_text(s, format::tsv, people));
    std::string q = "?v0 met ?v1";
    for (int i = 1; i < 70; ++i) q += " . ?v" + std::to_string(i) + " met ?v" + std::to_string(i + 1);
    auto a = query_text(s, q);
    REQUIRE_FALSE(a);
    CHECK(a.error().find("error: too many patterns: a query joins 64 of them at the most") !=
          std::string::npos);
    CHECK(a.error().find("help: split the query") != std::string::npos);
  }

  TEST_CASE("a query past its timeout stops with the timeout error") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("s.kg"));
    std::string rows = "subject\tpredicate\tobject\n";
    for (int i = 0; i < 300; ++i)
      rows += "n" + std::to_string(i) + "\tlinks\tn" + std::to_string((i * 7 + 1) % 300) + "\n";
    REQUIRE(kg::test::import_text(s, format::tsv, rows));
    engine::run_options opts;
    opts.timeout = std::chrono::milliseconds(1);
    // Five unconstrained patterns: 300^5 rows, far more than a millisecond's work.
    auto parsed =
        query::parse("count where ?a links ?b . ?c links ?d . ?e links ?f . ?g links ?h . ?i links ?j");
    REQUIRE(parsed);
    auto a = engine::run_query(s, *parsed, "", "query", opts);
    REQUIRE_FALSE(a);
    CHECK(a.error().code == errc::timeout);
    CHECK(a.error().message.find("--timeout") != std::string::npos);
  }

  TEST_CASE("kg run: answers in order, stops at the first error with file:line:col unless --keep-going") {
    temp_dir tmp;
    const auto db = shell_quote(tmp.path("s.kg"));
    REQUIRE(run_kg("--db " + db + " import " + shell_quote(tmp.write("p.tsv", people))).exit_code == 0);
    const auto script = tmp.write("q.kgq",
                                  "# who Huang met, then a typo, then a count\n"
                                  "?who met Huang\n"
                                  "?who mett Huang\n"
                                  "count where ?x ceo_of ?y\n");
    auto stopped = run_kg("--db " + db + " run " + shell_quote(script));
    CHECK(stopped.exit_code == 1);
    CHECK(stopped.out == "who\nLei Jun\n");
    CHECK(stopped.err.find("q.kgq:3:6: error: unknown predicate 'mett'") != std::string::npos);
    auto kept = run_kg("--db " + db + " run --keep-going " + shell_quote(script));
    CHECK(kept.exit_code == 1);
    CHECK(kept.out == "who\nLei Jun\n\ncount\n1\n");

    const auto updates = tmp.write(
        "u.kgq", "add new Huang visited Beijing; Huang visited ?where\nremove Huang visited Beijing\n");
    auto u = run_kg("--db " + db + " run " + shell_quote(updates));
    CHECK(u.exit_code == 0);
    CHECK(u.out == "where\nBeijing\n");
    CHECK(u.err == "added 1 statement; new: visited (predicate), Beijing (entity)\nremoved 1 fact\n");

    // The same query from kg query, kg run and standard input.
    const std::string q = "who did Lei Jun meet?";
    auto direct = run_kg("--db " + db + " query " + shell_quote(q));
    auto piped = run_kg("--db " + db + " query -", q);
    auto script_stdin = run_kg("--db " + db + " run -", q + "\n");
    CHECK(direct.exit_code == 0);
    CHECK(direct.out == "who\nJensen Huang\n");
    CHECK(piped.out == direct.out);
    CHECK(script_stdin.out == direct.out);
  }
}
