// TSV and CSV reading: the cell syntax, headers, quoting, and positioned errors.
#include <doctest/doctest.h>

#include "tests/helpers.hpp"

using namespace kg;
using kg::test::parse_text;

TEST_SUITE("tabular") {
  TEST_CASE("a cell's syntax decides its kind") {
    auto kind = [](std::string_view cell) { return parse_cell(cell).value->kind; };
    CHECK(kind("Jensen Huang") == term_kind::entity);
    CHECK(kind("42") == term_kind::integer);
    CHECK(kind("-4.5") == term_kind::decimal);
    CHECK(kind("2025-07-15") == term_kind::date);
    CHECK(kind("2025-07") == term_kind::date);
    CHECK(kind("2025") == term_kind::integer);
    CHECK(kind("\"2025\"^^xsd:gYear") == term_kind::date);
    CHECK(kind("\"Jensen Huang\"") == term_kind::text);
    CHECK(kind("\"hi\"@en") == term_kind::lang_text);
    CHECK(kind("<http://example.org/x>") == term_kind::iri);
    CHECK(kind("_:b0") == term_kind::blank);
    CHECK(kind("H20") == term_kind::entity);
    CHECK(kind("U.S.-China") == term_kind::entity);
  }

  TEST_CASE("a cell that starts like a literal must be one") {
    auto bad = parse_cell("\"unterminated");
    CHECK_FALSE(bad.value);
    CHECK(bad.error == "expected '\"' to end the string");
    CHECK(bad.error_offset == 13);
    CHECK(parse_cell("2025-02-30").error == "'2025-02-30' is not a valid date");
    CHECK(parse_cell("\"x\" trailing").error == "expected the end of the cell");
    CHECK(parse_cell("<relative>").error == "expected an absolute IRI (with a scheme, such as http:)");
  }

  TEST_CASE("TSV rows become statements with qualifiers named by the header") {
    auto p = parse_text(format::tsv,
                        "subject\tpredicate\tobject\tdate\tsource\n"
                        "# a comment line\n"
                        "\n"
                        "Jensen Huang\tmet\tLei Jun\t2025-07-15\tarticle 1\n"
                        "Nvidia\tannounced\tH20\t\t\n");
    REQUIRE(p.errors.empty());
    REQUIRE(p.statements.size() == 2);
    const auto& a = p.statements[0];
    CHECK(a.s == entity("Jensen Huang"));
    CHECK(a.p == entity("met"));
    CHECK(a.o == entity("Lei Jun"));
    CHECK(a.line == 4);
    REQUIRE(a.qualifiers.size() == 2);
    CHECK(a.qualifiers[0].key == entity("date"));
    CHECK(a.qualifiers[0].value == term{term_kind::date, "2025-07-15", ""});
    CHECK(a.qualifiers[1].value == entity("article 1"));
    CHECK(p.statements[1].qualifiers.empty());  // empty cells are absent qualifiers
  }

  TEST_CASE("columns may come in any order and header names ignore case") {
    auto p = parse_text(format::tsv, "Object\tSUBJECT\tpredicate\nb\ta\tp\n");
    REQUIRE(p.errors.empty());
    REQUIRE(p.statements.size() == 1);
    CHECK(p.statements[0].s == entity("a"));
    CHECK(p.statements[0].o == entity("b"));
  }

  TEST_CASE("CSV follows RFC 4180: quotes, doubled quotes, separators and line breaks in fields") {
    auto p = parse_text(format::csv,
                        "subject,predicate,object,note\r\n"
                        "\"Huang, Jensen\",said,\"\"\"hello\"\"\",\"two\nlines\"\r\n"
                        "a,b,c,\r\n");
    REQUIRE(p.errors.empty());
    REQUIRE(p.statements.size() == 2);
    CHECK(p.statements[0].s == entity("Huang, Jensen"));
    CHECK(p.statements[0].o == term{term_kind::text, "hello", ""});
    CHECK(p.statements[0].qualifiers[0].value == entity("two\nlines"));
    CHECK(p.statements[1].line == 4);
  }

  TEST_CASE("a UTF-8 byte order mark is skipped") {
    auto p = parse_text(format::csv, "\xEF\xBB\xBFsubject,predicate,object\na,b,c\n");
    CHECK(p.errors.empty());
    CHECK(p.statements.size() == 1);
  }

  TEST_CASE("bad tabular input gets the whole positioned message") {
    struct bad {
      const char* name;
      format f;
      std::string text;
      std::string message;
    };
    const bad cases[] = {
        {"empty file", format::tsv, "",
         "in:1:1: error: empty file: expected a header row\nhelp: the first row names the columns: subject, "
         "predicate, object, then one column per qualifier (such as date or source)"},
        {"header only", format::tsv, "subject\tpredicate\tobject\n",
         "in:2:1: error: no facts after the header row"},
        {"missing column", format::tsv, "subject\tpredicate\tdate\na\tb\tc\n",
         "in:1:1: error: missing column 'object' in the header\n  subject\tpredicate\tdate\n  ^\nhelp: the "
         "first "
         "row names the columns: subject, predicate, object, then one column per qualifier (such as date or "
         "source)"},
        {"too few fields", format::tsv, "subject\tpredicate\tobject\na\tb\n",
         "in:2:4: error: expected 3 fields, as in the header, but found 2\n  a\tb\n   \t ^"},
        {"too many fields", format::tsv, "subject\tpredicate\tobject\na\tb\tc\td\n",
         "in:2:7: error: expected 3 fields, as in the header, but found 4\n  a\tb\tc\td\n   \t \t \t^"},
        {"empty object", format::tsv, "subject\tpredicate\tobject\na\tb\t\n",
         "in:2:5: error: empty object\n  a\tb\t\n   \t \t^"},
        {"literal subject", format::tsv, "subject\tpredicate\tobject\n42\tb\tc\n",
         "in:2:1: error: a subject must be an entity, an IRI or a blank node, not integer\n  42\tb\tc\n  ^"},
        {"bad date", format::tsv, "subject\tpredicate\tobject\na\tb\t2025-02-30\n",
         "in:2:5: error: '2025-02-30' is not a valid date\n  a\tb\t2025-02-30\n   \t \t^"},
        {"unterminated literal", format::tsv, "subject\tpredicate\tobject\na\tb\t\"oops\n",
         "in:2:10: error: expected '\"' to end the string\n  a\tb\t\"oops\n   \t \t     ^"},
        {"unterminated CSV quote", format::csv, "subject,predicate,object\na,\"b,c\n",
         "in:2:3: error: unterminated quoted field\n  a,\"b,c\n    ^\nhelp: a quoted CSV field ends with "
         "'\"'; "
         "write a quote inside it as \"\""},
        {"text after a CSV quote", format::csv, "subject,predicate,object\na,\"b\"x,c\n",
         "in:2:6: error: expected ',' or the end of the line after a quoted field\n  a,\"b\"x,c\n       ^"},
        {"invalid UTF-8", format::tsv, "subject\tpredicate\tobject\na\tb\tc\xff\n",
         "in:2:6: error: invalid UTF-8\n  a\tb\tc\xEF\xBF\xBD\n   \t \t ^\nhelp: kg reads text files in "
         "UTF-8; convert "
         "the file first (e.g. with iconv)"},
        {"NUL byte", format::tsv, std::string("subject\tpredicate\tobject\na\tb\tc\0d\n", 32),
         "in:2:6: error: NUL byte in a text file\n  a\tb\tc\xEF\xBF\xBD"
         "d\n   \t \t ^"},
        {"duplicate column", format::tsv, "subject\tpredicate\tobject\tdate\tdate\na\tb\tc\t\t\n",
         "in:1:31: error: column 'date' appears twice\n  subject\tpredicate\tobject\tdate\tdate\n  "
         "       \t         \t      \t    \t^"},
    };
    for (const auto& c : cases) {
      const std::string name = c.name;
      CAPTURE(name);
      auto p = parse_text(c.f, c.text);
      REQUIRE(p.errors.size() >= 1);
      CHECK(p.errors[0] == c.message);
    }
  }

  TEST_CASE("a header names at most max_columns columns, more are a positioned error") {
    // Qualifier columns q4, q5, ... and a row with a value in every tenth.
    const auto table = [](std::size_t columns, char sep) {
      std::string head = std::string("subject") + sep + "predicate" + sep + "object",
                  row = "a" + std::string(1, sep) + "b" + sep + "c";
      for (std::size_t i = 4; i <= columns; ++i) {
        head += sep + ("q" + std::to_string(i));
        row += sep + (i % 10 == 0 ? std::to_string(i) : "");
      }
      return head + "\n" + row + "\n";
    };
    SUBCASE("5,000 columns") {
      auto p = parse_text(format::tsv, table(5000, '\t'));
      REQUIRE(p.errors.empty());
      REQUIRE(p.statements.size() == 1);
      CHECK(p.statements[0].qualifiers.size() == 500);
      CHECK(p.statements[0].qualifiers.back().key == entity("q5000"));
    }
    SUBCASE("exactly the limit") {
      auto p = parse_text(format::csv, table(max_columns, ','));
      CHECK(p.errors.empty());
      CHECK(p.statements.size() == 1);
    }
    SUBCASE("one more than the limit") {
      const auto text = table(max_columns + 1, '\t');
      auto p = parse_text(format::tsv, text);
      REQUIRE(p.errors.size() == 1);
      const auto at = text.find("\tq10001\n") + 1;  // the first column past the limit
      CHECK(p.errors[0].starts_with("in:1:" + std::to_string(at + 1) +
                                    ": error: more than 10000 columns in the header\n  …"));
      CHECK(p.errors[0].ends_with(
          "^\nhelp: kg reads at most 10000 columns: subject, predicate, object and qualifiers"));
      CHECK(p.statements.empty());
    }
    SUBCASE("a repeated qualifier column among many") {
      const auto text = "subject\tpredicate\tobject\tq1\tq2\tQ1\tq1\na\tb\tc\t\t\t\t\n";
      auto twice = parse_text(format::tsv, text);
      REQUIRE(twice.errors.size() == 1);
      CHECK(twice.errors[0].starts_with("in:1:35: error: column 'q1' appears twice"));
    }
  }

  TEST_CASE("in quoted CSV fields, columns count the raw text, doubled quotes included") {
    auto p = parse_text(format::csv, "subject,predicate,object\na,p,\"\"\"a\"\"b\"\n");
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].starts_with("in:2:11: error: expected the end of the cell"));
    auto header = parse_text(format::csv, "subject,predicate,object,\"<bad\"\na,b,c,d\n");
    REQUIRE(header.errors.size() == 1);
    CHECK(header.errors[0].starts_with("in:1:31: error: expected '>' to end the IRI"));
  }

  TEST_CASE("CRLF line ends give the same line and column as LF") {
    auto lf = parse_text(format::tsv, "subject\tpredicate\tobject\na\tb\tc\nd\te\t\"x\n");
    auto crlf = parse_text(format::tsv, "subject\tpredicate\tobject\r\na\tb\tc\r\nd\te\t\"x\r\n");
    REQUIRE(lf.errors.size() == 1);
    REQUIRE(crlf.errors.size() == 1);
    CHECK(crlf.errors[0] == lf.errors[0]);
    CHECK(lf.errors[0].starts_with("in:3:7: error: expected '\"' to end the string"));
    auto csv_lf = parse_text(format::csv, "subject,predicate,object\na,b,\"x\"y\n");
    auto csv_crlf = parse_text(format::csv, "subject,predicate,object\r\na,b,\"x\"y\r\n");
    REQUIRE(csv_lf.errors.size() == 1);
    CHECK(csv_crlf.errors == csv_lf.errors);
  }

  TEST_CASE("columns count code points, so the caret sits under the error in non-ASCII lines") {
    auto p = parse_text(format::tsv, "subject\tpredicate\tobject\n北京\tmet\t2025-13-01\n");
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0] ==
          "in:2:8: error: '2025-13-01' is not a valid date\n  北京\tmet\t2025-13-01\n    \t   \t^");
  }

  TEST_CASE("errors are reported for every bad row, not just the first") {
    auto p = parse_text(format::tsv, "subject\tpredicate\tobject\na\tb\n\tb\tc\nok\tok\tok\n");
    CHECK(p.errors.size() == 2);
    CHECK(p.statements.size() == 1);
  }
}
