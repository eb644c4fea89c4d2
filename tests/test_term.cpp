// Terms: normalization from RDF, entity IRIs, and exact rendering.
#include <doctest/doctest.h>

#include "parser/statement.hpp"
#include "parser/term.hpp"

using namespace kg;

TEST_SUITE("term") {
  TEST_CASE("entity names map to IRIs and back, percent-encoding only what IRIs forbid") {
    CHECK(entity_iri("Jensen Huang") == "urn:kg:e:Jensen%20Huang");
    CHECK(entity_iri("100%") == "urn:kg:e:100%25");
    CHECK(entity_iri("Beijing 北京") == "urn:kg:e:Beijing%20北京");
    for (std::string name : {"Jensen Huang", "a<b>\"c\"", "100%", "北京", "x\ty", "#tag", "42"}) {
      CAPTURE(name);
      CHECK(make_iri(entity_iri(name)) == entity(name));
    }
  }

  TEST_CASE("IRIs that are not canonical entity IRIs stay IRIs") {
    CHECK(make_iri("http://example.org/x").kind == term_kind::iri);
    CHECK(make_iri("urn:kg:e:A%41").kind == term_kind::iri);  // %41 is not how kg writes 'A'
    CHECK(make_iri("urn:kg:e:bad%zz").kind == term_kind::iri);
    CHECK(make_iri("urn:kg:e:").kind == term_kind::iri);
  }

  TEST_CASE("XSD literals in kg's simple shapes become kg's own kinds") {
    const std::string x(xsd::ns);
    CHECK(make_typed("5", x + "integer") == term{term_kind::integer, "5", ""});
    CHECK(make_typed("-2.50", x + "decimal") == term{term_kind::decimal, "-2.50", ""});
    CHECK(make_typed("2025-07-15", x + "date") == term{term_kind::date, "2025-07-15", ""});
    CHECK(make_typed("2025-07", x + "gYearMonth") == term{term_kind::date, "2025-07", ""});
    CHECK(make_typed("2025", x + "gYear") == term{term_kind::date, "2025", ""});
    CHECK(make_typed("abc", x + "string") == term{term_kind::text, "abc", ""});
    SUBCASE("other shapes keep their datatype so they render back exactly") {
      CHECK(make_typed("+5", x + "integer").kind == term_kind::typed);
      CHECK(make_typed("2025-02-30", x + "date").kind == term_kind::typed);
      CHECK(make_typed("2025-07", x + "date").kind == term_kind::typed);
      CHECK(make_typed("true", x + "boolean") == term{term_kind::typed, "true", x + "boolean"});
    }
  }

  TEST_CASE("dates are checked against the calendar") {
    CHECK(is_date_lex("2024-02-29"));
    CHECK_FALSE(is_date_lex("2025-02-29"));
    CHECK_FALSE(is_date_lex("2025-13-01"));
    CHECK_FALSE(is_date_lex("2025-04-31"));
    CHECK(is_date_lex("2000-02-29"));
    CHECK_FALSE(is_date_lex("1900-02-29"));
    CHECK(is_date_lex("2025-12"));
    CHECK_FALSE(is_date_lex("2025-00"));
  }

  TEST_CASE("every kind renders to N-Triples and to a cell that reads back as the same term") {
    const std::string x(xsd::ns);
    const std::vector<term> terms = {
        entity("Jensen Huang"),
        entity("42"),
        entity("2025-07-15"),
        entity("\"quoted\""),
        entity("<angle>"),
        entity("_:not blank"),
        entity("#hash"),
        entity("tab\there"),
        {term_kind::iri, "http://example.org/a b", ""},
        {term_kind::blank, "b1", ""},
        {term_kind::text, "line\nbreak \"q\" \\ \t \x01 é", ""},
        {term_kind::text, "", ""},
        {term_kind::lang_text, "chat", "fr"},
        {term_kind::lang_text, "colour", "en-GB"},
        {term_kind::typed, "true", x + "boolean"},
        {term_kind::integer, "-17", ""},
        {term_kind::integer, "007", ""},
        {term_kind::decimal, "3.14", ""},
        {term_kind::date, "2025-07-15", ""},
        {term_kind::date, "2025-07", ""},
        {term_kind::date, "2025", ""},
    };
    for (const auto& t : terms) {
      CAPTURE(to_cell(t));
      auto back = parse_cell(to_cell(t));
      REQUIRE_MESSAGE(back.value.has_value(), back.error);
      CHECK(*back.value == t);
    }
    CHECK(to_ntriples(entity("Jensen Huang")) == "<urn:kg:e:Jensen%20Huang>");
    CHECK(to_ntriples({term_kind::date, "2025-07", ""}) ==
          "\"2025-07\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>");
    CHECK(to_ntriples({term_kind::text, "a\"b\\c\nd\x7f", ""}) == "\"a\\\"b\\\\c\\nd\\u007F\"");
    CHECK(to_cell({term_kind::date, "2025", ""}) == "\"2025\"^^xsd:gYear");
    CHECK(to_cell(entity("42")) == "<urn:kg:e:42>");
  }
}
