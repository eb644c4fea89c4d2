// The query grammar: every construct parses, prints back in canonical form
// and reparses to the same tree; errors are positioned and pinned whole.
#include <doctest/doctest.h>

#include "parser/query.hpp"

using namespace kg;

namespace {

std::string canonical(const std::string& text) {
  auto q = query::parse(text);
  REQUIRE_MESSAGE(q.has_value(), (q ? "" : render(q.error())));
  return query::to_string(q->tree);
}

std::string error_of(const std::string& text) {
  auto q = query::parse(text);
  REQUIRE_FALSE(q.has_value());
  return render(q.error());
}

}  // namespace

TEST_SUITE("query parser") {
  TEST_CASE("explain before a statement is a flag, not part of the tree") {
    auto q = query::parse("EXPLAIN who met Huang?");
    REQUIRE(q);
    CHECK(q->explain);
    CHECK(query::to_string(q->tree) == "who met Huang?");
    auto plain = query::parse("?x met Huang");
    REQUIRE(plain);
    CHECK_FALSE(plain->explain);
    CHECK(error_of("add Huang met") ==
          "query:1:14: error: expected a name, a value or a variable\n  add Huang met\n               ^");
    CHECK(error_of("import Huang").starts_with("query:1:8: error: expected a quoted file name"));
  }

  TEST_CASE("every construct parses and prints in canonical form") {
    const std::pair<const char*, const char*> cases[] = {
        {"?who met \"Jensen Huang\"", "?who met \"Jensen Huang\""},
        {"?who met Huang", "?who met Huang"},
        {"?p announced ?x . ?x is_a product", "?p announced ?x . ?x is_a product"},
        {"?p announced ?x and ?x is_a product", "?p announced ?x . ?x is_a product"},
        {"select ?who ?when where ?who met Huang {date: ?when}",
         "select ?who ?when where ?who met Huang {date: ?when}"},
        {"?x met ?y optional { ?y role ?r }", "?x met ?y . optional { ?y role ?r }"},
        {"?x is_a company not { ?x based_in China }", "?x is_a company . not { ?x based_in China }"},
        {"{ ?x met Huang } or { Huang met ?x }", "{ ?x met Huang } or { Huang met ?x }"},
        {"?x met ?y {date: ?d} filter ?d >= 2025-07-01 and contains(?y, \"Lei\")",
         "?x met ?y {date: ?d} . filter (?d >= 2025-07-01) and contains(?y, \"Lei\")"},
        {"?x met ?y filter ?y != Huang and ?y ceo_of ?c", "?x met ?y . filter ?y != Huang . ?y ceo_of ?c"},
        {"count ?x where ?x met Huang", "count ?x where ?x met Huang"},
        {"count distinct ?x where ?x met ?y", "count distinct ?x where ?x met ?y"},
        {"SELECT DISTINCT ?x WHERE ?x met ?y ORDER BY ?x DESC LIMIT 10 OFFSET 5",
         "select distinct ?x where ?x met ?y order by ?x desc limit 10 offset 5"},
        {"select * where ?x met ?y group by ?x", "select * where ?x met ?y group by ?x"},
        {"?x part_of+ ?y", "?x part_of+ ?y"},
        {"?x part_of* ?y", "?x part_of* ?y"},
        {"?x ^announced ?y", "?x ^announced ?y"},
        {"?x employees ?n filter ?n > 1000 or not (?n = 4000)",
         "?x employees ?n . filter (?n > 1000) or (not (?n = 4000))"},
        {"Nvidia market_value_usd 4000000000000", "Nvidia market_value_usd 4000000000000"},
        {"?x on \"2025\"^^xsd:gYear . ?x name \"chat\"@fr",
         "?x on \"2025\"^^xsd:gYear . ?x name \"chat\"@fr"},
        {"?x <http://www.w3.org/2000/01/rdf-schema#label> ?l",
         "?x <http://www.w3.org/2000/01/rdf-schema#label> ?l"},
        {"?x met 北京", "?x met 北京"},
        {"?who met Huang with sources", "?who met Huang with sources"},
        {"?who met Huang # who did he meet?\n . ?who ceo_of ?c", "?who met Huang . ?who ceo_of ?c"},
        {"who met Huang?", "who met Huang?"},
        {"who did Huang meet ?", "who did Huang meet?"},
        {"which products were announced?", "which products were announced?"},
        {"how many products did Nvidia announce?", "how many products did Nvidia announce?"},
        {"when did Ren Huabin meet Huang?", "when did Ren Huabin meet Huang?"},
        {"add Huang visited Beijing {date: 2025-07-16}", "add Huang visited Beijing {date: 2025-07-16}"},
        {"REMOVE Huang visited \"Beijing\"", "remove Huang visited \"Beijing\""},
        {"import \"more facts.tsv\"", "import \"more facts.tsv\""},
        {"why Huang met ?x", "why Huang met ?x"},
        {"what is \"RTX PRO\"?", "what is \"RTX PRO\"?"},
        {"who is Lei Jun?", "who is Lei Jun?"},
        // with sources after a question (either side of the '?'), describe and a yes/no pattern
        {"who met Huang? with sources", "who met Huang? with sources"},
        {"who met Huang with SOURCES?", "who met Huang? with sources"},
        {"list the products Nvidia announced with sources",
         "list the products Nvidia announced? with sources"},
        {"describe Huang with sources", "describe Huang with sources"},
        {"Huang met \"Lei Jun\" with sources", "Huang met \"Lei Jun\" with sources"},
        // words led by digits that are no number or date are names
        {"?x met 000_fc729ba78c68ed91 {source: 2nd_draft, date: 2025-07}",
         "?x met 000_fc729ba78c68ed91 {source: 2nd_draft, date: 2025-07}"},
        {"describe 004_0eb38d3b48af7277", "describe 004_0eb38d3b48af7277"},
        {"?x employees 12 . ?x founded 1993", "?x employees 12 . ?x founded 1993"},
        // quoted, the words are the question's own
        {"who met \"with\" \"sources\"?", "who met \"with\" \"sources\"?"},
    };
    for (const auto& [input, expected] : cases) {
      const std::string text = input;  // CAPTURE's lambda cannot take a binding in clang 14
      CAPTURE(text);
      const auto printed = canonical(text);
      CHECK(printed == expected);
      CHECK(canonical(printed) == printed);  // canonical text is a fixed point
    }
  }

  TEST_CASE("nodes carry their positions in the text") {
    auto q = query::parse("select ?who where ?who met \"Jensen Huang\"");
    REQUIRE(q);
    const auto& pq = boost::get<query::ast::pattern_query>(q->tree);
    const auto& t = boost::get<query::ast::triple>(pq.where.elements.at(0));
    const auto& object = boost::get<query::ast::name>(t.object);
    const auto at = q->span_of(object);
    CHECK(at.begin == 27);
    CHECK(at.end == 41);
    CHECK(object.text == "Jensen Huang");
    CHECK(q->span_of(t).begin == 18);
  }

  TEST_CASE("syntax errors say what was expected, where, with the line and a caret") {
    CHECK(error_of("?who met") ==
          "query:1:9: error: expected a name, a value or a variable\n  ?who met\n          ^");
    CHECK(error_of("select ?x ?who met Huang") ==
          "query:1:16: error: expected where\n  select ?x ?who met Huang\n                 ^");
    CHECK(error_of("?x met ?y {date: }") ==
          "query:1:18: error: expected a name, a value or a variable\n  ?x met ?y {date: }\n                 "
          "  ^");
    CHECK(error_of("?x met ?y filter ?y >") ==
          "query:1:22: error: expected a value, a variable or a function call\n  ?x met ?y filter ?y >\n     "
          "                  ^");
    CHECK(error_of("?x met ?y limit ten") ==
          "query:1:17: error: expected a whole number\n  ?x met ?y limit ten\n                  ^");
    CHECK(error_of("who met Huang") ==
          "query:1:14: error: expected '?' to end the question\n  who met Huang\n               ^");
    CHECK(error_of("?x on 2025-02-30") ==
          "query:1:7: error: '2025-02-30' is not a valid date\n  ?x on 2025-02-30\n        ^");
    CHECK(error_of("?x met \"open") ==
          "query:1:8: error: unterminated string: a \" is missing\n  ?x met \"open\n         ^");
    CHECK(error_of("?x met ?y\n  and ?y ceo_of") ==
          "query:2:16: error: expected a name, a value or a variable\n    and ?y ceo_of\n                 ^");
  }

  TEST_CASE("keywords are reserved: a name spelled like one is quoted") {
    CHECK(canonical("?x met \"and\"") == "?x met \"and\"");
    CHECK(error_of("?x met and") ==
          "query:1:8: error: expected a name, a value or a variable\n  ?x met and\n         ^");
  }

  TEST_CASE("nesting deeper than the limit is a clean error, never a crash") {
    std::string deep = "?x met ?y filter ";
    for (int i = 0; i < 100000; ++i) deep += "(";
    auto q = query::parse(deep);
    REQUIRE_FALSE(q);
    CHECK(q.error().diagnostics.front().message == "nested more than 64 levels deep");
    CHECK(q.error().diagnostics.front().column == 17 + 65);
    std::string ok = "?x met ?y filter ";
    for (int i = 0; i < 60; ++i) ok += "(";
    ok += "?y = 1";
    for (int i = 0; i < 60; ++i) ok += ")";
    CHECK(canonical(ok) == "?x met ?y . filter ?y = 1");
  }

  TEST_CASE("invalid UTF-8 and NUL are positioned errors") {
    CHECK(error_of("?x met caf\xC3") ==
          "query:1:11: error: invalid UTF-8\n  ?x met caf\xEF\xBF\xBD\n            ^");
    CHECK(error_of(std::string("?x met a\0b", 10)).starts_with("query:1:9: error: NUL byte in a query"));
  }
}

TEST_SUITE("query parser") {
  TEST_CASE("a statement that ends early is incomplete, one that is wrong is a syntax error") {
    for (const char* text :
         {"select ?x where", "select ?x where {", "?x met", "?x met \"Jensen", "count where ?x met ?y ."}) {
      CAPTURE(text);
      auto q = kg::query::parse(text);
      REQUIRE_FALSE(q);
      CHECK(q.error().kind == kg::error_kind::incomplete);
      CHECK(q.error().code == kg::errc::input);
    }
    for (const char* text :
         {"select ?x where } ?x met ?y", "?x met ?y }", "select ?x where ?x met ?y limit many"}) {
      CAPTURE(text);
      auto q = kg::query::parse(text);
      REQUIRE_FALSE(q);
      CHECK(q.error().kind == kg::error_kind::syntax);
    }
  }
}
