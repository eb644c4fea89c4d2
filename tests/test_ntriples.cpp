// The N-Triples grammar: terms, escapes, whitespace, comments and errors.
#include <doctest/doctest.h>

#include <filesystem>

#include "tests/helpers.hpp"

using namespace kg;
using kg::test::parse_text;

namespace {

// The spelling path (what an import takes for plainly shaped lines) reads a
// text exactly as the full parser does: the same statements on the same
// lines, and the same errors. Returns how many lines took that path.
std::size_t check_spelling_path_agrees(const std::string& text) {
  std::size_t spelled = 0;
  const auto full = parse_text(format::ntriples, text);
  const auto fast = kg::test::parse_ntriples_spelled(text, spelled);
  CHECK(fast.errors == full.errors);
  REQUIRE(fast.statements.size() == full.statements.size());
  for (std::size_t i = 0; i < full.statements.size(); ++i) {
    const auto& a = full.statements[i];
    const auto& b = fast.statements[i];
    CAPTURE(i);
    CHECK(b.line == a.line);
    CHECK(b.s == a.s);
    CHECK(b.p == a.p);
    CHECK(b.o == a.o);
  }
  return spelled;
}

}  // namespace

TEST_SUITE("ntriples") {
  TEST_CASE("a triple of IRIs, blank nodes and literals") {
    auto p = parse_text(format::ntriples,
                        "<http://ex/s> <http://ex/p> \"hello\"@en-US .\n"
                        "_:b1 <http://ex/p> \"5\"^^<http://www.w3.org/2001/XMLSchema#integer> . # comment\n"
                        "<http://ex/s><http://ex/p>_:b.x.\n");
    REQUIRE(p.errors.empty());
    REQUIRE(p.statements.size() == 3);
    CHECK(p.statements[0].s == term{term_kind::iri, "http://ex/s", ""});
    CHECK(p.statements[0].o == term{term_kind::lang_text, "hello", "en-US"});
    CHECK(p.statements[1].s == term{term_kind::blank, "b1", ""});
    CHECK(p.statements[1].o == term{term_kind::integer, "5", ""});
    CHECK(p.statements[1].line == 2);
    // A blank node label may contain '.', but the final '.' ends the triple.
    CHECK(p.statements[2].o == term{term_kind::blank, "b.x", ""});
  }

  TEST_CASE("every escape decodes") {
    auto p = parse_text(
        format::ntriples,
        "<http://ex/\\u0053> <http://ex/p> \"\\t\\b\\n\\r\\f\\\"\\'\\\\ \\u00E9 \\U0001F600\" .\n");
    REQUIRE(p.errors.empty());
    REQUIRE(p.statements.size() == 1);
    CHECK(p.statements[0].s.lex == "http://ex/S");
    CHECK(p.statements[0].o.lex == "\t\b\n\r\f\"'\\ é \xF0\x9F\x98\x80");
  }

  TEST_CASE("kg's entity IRIs read back as entities") {
    auto p =
        parse_text(format::ntriples, "<urn:kg:e:Jensen%20Huang> <urn:kg:e:met> <urn:kg:e:Lei%20Jun> .\n");
    REQUIRE(p.statements.size() == 1);
    CHECK(p.statements[0].s == entity("Jensen Huang"));
    CHECK(p.statements[0].p == entity("met"));
  }

  TEST_CASE("syntax errors name what was expected, where") {
    struct bad {
      std::string text;
      std::string message;
    };
    const bad cases[] = {
        {"<http://ex/s> <http://ex/p> \"abc .\n",
         "in:1:35: error: expected '\"' to end the string\n  <http://ex/s> <http://ex/p> \"abc .\n"
         "                                    ^"},
        {"<http://ex/s> <http://ex/p> <http://ex/o>\n",
         "in:1:42: error: expected '.' to end the triple\n  <http://ex/s> <http://ex/p> <http://ex/o>\n"
         "                                           ^"},
        {"<s> <http://ex/p> <http://ex/o> .\n",
         "in:1:1: error: expected an absolute IRI (with a scheme, such as http:)\n"
         "  <s> <http://ex/p> <http://ex/o> .\n  ^"},
        {"<http://ex/s> \"p\" <http://ex/o> .\n",
         "in:1:15: error: expected a predicate (an IRI)\n  <http://ex/s> \"p\" <http://ex/o> .\n"
         "                ^"},
        {"<http://ex/s> <http://ex/p> 1 .\n",
         "in:1:29: error: expected an object (an IRI, a blank node or a literal)\n"
         "  <http://ex/s> <http://ex/p> 1 .\n                              ^"},
        {"<http://ex/s> <http://ex/p> \"a\\zb\" .\n",
         "in:1:32: error: expected an escape: \\t \\b \\n \\r \\f \\\" \\' \\\\ \\uXXXX or \\UXXXXXXXX\n"
         "  <http://ex/s> <http://ex/p> \"a\\zb\" .\n                                 ^"},
        {"<http://ex/s> <http://ex/p> \"\\u00ZZ\" .\n",
         "in:1:32: error: expected 4 hex digits\n  <http://ex/s> <http://ex/p> \"\\u00ZZ\" .\n"
         "                                 ^"},
        {"@prefix : <http://ex/> .\n",
         "in:1:1: error: expected a subject (an IRI or a blank node)\n  @prefix : <http://ex/> .\n  ^"},
        {"<http://ex/s> <http://ex/p> <http://ex/o> . junk\n",
         "in:1:45: error: expected the end of the line (or a # comment)\n"
         "  <http://ex/s> <http://ex/p> <http://ex/o> . junk\n                                              "
         "^"},
        {"<http://ex/s> <http://ex/p> \"x\"^^foo .\n",
         "in:1:34: error: expected a datatype IRI such as <http://...>\n"
         "  <http://ex/s> <http://ex/p> \"x\"^^foo .\n                                   ^"},
        {"<http://ex/s> <http://ex/p> \"x\"@1 .\n",
         "in:1:33: error: expected a language tag such as en or en-US\n"
         "  <http://ex/s> <http://ex/p> \"x\"@1 .\n                                  ^"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.text);
      auto p = parse_text(format::ntriples, c.text);
      REQUIRE(p.errors.size() == 1);
      CHECK(p.errors[0] == c.message);
      CHECK(p.statements.empty());
    }
  }

  TEST_CASE("CRLF line ends read like LF, and the position of an error is the same") {
    auto lf = parse_text(format::ntriples,
                         "<http://ex/s> <http://ex/p> <http://ex/o> .\n<http://ex/s> <p> <http://ex/o> .\n");
    auto crlf =
        parse_text(format::ntriples,
                   "<http://ex/s> <http://ex/p> <http://ex/o> .\r\n<http://ex/s> <p> <http://ex/o> .\r\n");
    CHECK(crlf.statements.size() == 1);
    REQUIRE(lf.errors.size() == 1);
    CHECK(crlf.errors == lf.errors);
    CHECK(lf.errors[0].starts_with("in:2:15: "));
  }

  TEST_CASE("an error in one line does not hide errors in later lines") {
    auto p =
        parse_text(format::ntriples,
                   "<a> <http://ex/p> <http://ex/o> .\n<http://ex/s> <http://ex/p> <http://ex/o> .\nbad\n");
    CHECK(p.errors.size() == 2);
    CHECK(p.statements.size() == 1);
  }

  TEST_CASE("invalid UTF-8 is a positioned error, never a crash") {
    auto p = parse_text(format::ntriples, "<http://ex/s> <http://ex/p> \"caf\xC3\" .\n");
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].starts_with("in:1:33: error: invalid UTF-8"));
  }

  TEST_CASE("very long lines are shown as a window around the error") {
    const std::string big(1 << 20, 'x');
    auto p = parse_text(format::ntriples, "<http://ex/s> <http://ex/p> \"" + big + "\n");
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].starts_with("in:1:1048606: error: expected '\"' to end the string\n  \xE2\x80\xA6"));
    CHECK(p.errors[0].size() < 400);
  }

  TEST_CASE("lines read through their spellings are read exactly as the full grammar reads them") {
    const std::string text =
        "<urn:kg:e:Jensen%20Huang> <urn:kg:e:met> <urn:kg:e:Lei%20Jun> .\n"
        "<http://ex/\\u0053> <http://ex/p> \"\\t\\\"q\\\" \\u00E9\" .\n"
        "\t<http://ex/s>\t<http://ex/p>\t\"chat\"@fr-CA\t.\t# a comment\n"
        "_:b1 <http://ex/p> \"5\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
        "<http://ex/s> <http://ex/p> \"2024-05-01\"^^<http://www.w3.org/2001/XMLSchema#date>.\n"
        "<http://ex/s> <http://ex/p> _:b.x.\n"  // the label ends before the '.'
        "<http://ex/s> <http://ex/p> _:b2 .\n"
        "<http://ex/s><http://ex/p><http://ex/o>.\n"          // no blanks: the full grammar's
        "<http://ex/s> <http://ex/p> \"a\" \"b\" .\n"         // errors: four terms,
        "\"lit\" <http://ex/p> <http://ex/o> .\n"             // a literal subject,
        "<http://ex/s> _:p <http://ex/o> .\n"                 // a blank predicate,
        "<http://ex/s> <http://ex/p> \"x\"@en- .\n"           // a bad language tag,
        "<s> <http://ex/p> <http://ex/o> .\n"                 // a relative IRI,
        "<http://ex/s> <http://ex/p> <http://ex/o> . junk\n"  // text after the '.',
        "<http://ex/s> <http://ex/p> \"\\q\" .\n"             // a bad escape,
        "<http://ex/a b> <http://ex/p> <http://ex/o> .\n"     // a blank in an IRI,
        "<http://ex/s> <http://ex/p> \"open .\n"              // an open string
        "<urn:kg:e:Jensen%20Huang> <urn:kg:e:met> <urn:kg:e:Lei%20Jun> .\n";
    const auto spelled = check_spelling_path_agrees(text);
    CHECK(spelled >= 5);  // the plain lines took the spelling path,
    CHECK(spelled <= 8);  // the odd ones the full grammar
  }

  TEST_CASE("the spelling path agrees with the full grammar on the whole W3C N-Triples suite") {
    const auto dir = kg::test::w3c_dir();
    if (dir.empty()) {
      MESSAGE("skipped: the W3C N-Triples suite (../shared/w3c/rdf-n-triples) is not there");
      return;
    }
    std::size_t files = 0, spelled = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".nt") continue;
      const std::string file = entry.path().filename().string();
      CAPTURE(file);
      spelled += check_spelling_path_agrees(kg::test::slurp(entry.path().string()));
      ++files;
    }
    CHECK(files >= 60);
    CHECK(spelled > 50);
  }
}
