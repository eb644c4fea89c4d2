// The words of the query language: each keyword sets its member of a closed
// set in the tree, literals carry their term, the keyword and name rules
// are the ones the grammar, the printer and shell completion share.
#include <doctest/doctest.h>

#include <set>

#include "cli/completion.hpp"
#include "cli/output.hpp"
#include "parser/keywords.hpp"
#include "parser/query.hpp"
#include "parser/statement.hpp"
#include "tests/helpers.hpp"

using namespace kg;
namespace ast = kg::query::ast;

namespace {

ast::query tree_of(const std::string& text) {
  auto q = query::parse(text);
  REQUIRE_MESSAGE(q.has_value(), (q ? "" : render(q.error())));
  return q->tree;
}

const ast::pattern_query& pattern_of(const ast::query& q) { return boost::get<ast::pattern_query>(q); }

const ast::triple& first_triple(const ast::query& q) {
  return boost::get<ast::triple>(pattern_of(q).where.elements.at(0));
}

// The condition of the filter that is the query's second element.
const ast::expression& condition_of(const ast::query& q) {
  return boost::get<ast::filter>(pattern_of(q).where.elements.at(1)).condition;
}

const ast::literal& object_literal(const ast::query& q) {
  return boost::get<ast::literal>(first_triple(q).object);
}

}  // namespace

TEST_SUITE("keywords") {
  TEST_CASE("each keyword sets its member of the closed set, in any case") {
    SUBCASE("select and count") {
      CHECK(pattern_of(tree_of("select ?x where ?x met ?y")).head->kind == ast::projection_kind::select);
      CHECK(pattern_of(tree_of("COUNT ?x where ?x met ?y")).head->kind == ast::projection_kind::count);
      CHECK_FALSE(pattern_of(tree_of("?x met ?y")).head);
    }
    SUBCASE("asc and desc, asc when left out") {
      const auto q = tree_of("?x met ?y order by ?x ?y DESC ?x asc");
      const auto& keys = pattern_of(q).order_by;
      REQUIRE(keys.size() == 3);
      CHECK(keys[0].direction == ast::sort_direction::asc);
      CHECK(keys[1].direction == ast::sort_direction::desc);
      CHECK(keys[2].direction == ast::sort_direction::asc);
    }
    SUBCASE("add and remove") {
      CHECK(boost::get<ast::update>(tree_of("add Huang met Ren")).action == ast::update_action::add);
      CHECK(boost::get<ast::update>(tree_of("Remove Huang met Ren")).action == ast::update_action::remove);
    }
    SUBCASE("describe and graph") {
      CHECK(boost::get<ast::describe>(tree_of("describe Huang")).verb == ast::describe_verb::describe);
      CHECK(boost::get<ast::describe>(tree_of("GRAPH Huang")).verb == ast::describe_verb::graph);
    }
    SUBCASE("question words, how many across blanks and comments") {
      const std::pair<const char*, ast::question_word> cases[] = {
          {"who met Huang?", ast::question_word::who},
          {"What is Huang?", ast::question_word::what},
          {"which products were announced?", ast::question_word::which},
          {"when did Huang meet Ren?", ast::question_word::when},
          {"where did Huang meet Ren?", ast::question_word::where},
          {"how many products were announced?", ast::question_word::how_many},
          {"HOW # of them\n  many products were announced?", ast::question_word::how_many},
      };
      for (const auto& [text, word] : cases) {
        const std::string t = text;
        CAPTURE(t);
        CHECK(boost::get<ast::question>(tree_of(t)).asks == word);
      }
      // "how" alone is no question word: the question has none, and "how"
      // is its first word.
      const auto how = boost::get<ast::question>(tree_of("how products were announced?"));
      CHECK(how.asks == ast::question_word::none);
      REQUIRE_FALSE(how.words.empty());
      CHECK(how.words.front().text == "how");
      // Words ending in '?' before more text are no question.
      CHECK_FALSE(query::parse("select ?x where ?x met Huang? ?y"));
    }
    SUBCASE("a path's repetition") {
      CHECK(first_triple(tree_of("?x part_of ?y")).predicate.repeat == ast::repetition::once);
      CHECK(first_triple(tree_of("?x part_of+ ?y")).predicate.repeat == ast::repetition::one_or_more);
      CHECK(first_triple(tree_of("?x part_of* ?y")).predicate.repeat == ast::repetition::zero_or_more);
    }
    SUBCASE("comparisons, and, or") {
      const std::pair<const char*, ast::operator_kind> cases[] = {
          {"=", ast::operator_kind::equal},         {"!=", ast::operator_kind::not_equal},
          {"<", ast::operator_kind::less},          {"<=", ast::operator_kind::less_equal},
          {">", ast::operator_kind::greater},       {">=", ast::operator_kind::greater_equal},
          {"AND", ast::operator_kind::logical_and}, {"or", ast::operator_kind::logical_or},
      };
      for (const auto& [op, kind] : cases) {
        const std::string text = std::string("?x n ?v filter ?v ") + op + " 3";
        CAPTURE(text);
        const auto q = tree_of(text);
        const auto& e = condition_of(q);
        REQUIRE(e.rest.size() == 1);
        CHECK(e.rest[0].op == kind);
        CHECK(query::name_of(kind) == (kind == ast::operator_kind::logical_and ? "and" : op));
      }
    }
    SUBCASE("functions by name, as written; any other name is unknown but kept") {
      for (const auto& f : query::functions) {
        const std::string text = "?x n ?v filter " + std::string(f.text) + "(?v)";
        CAPTURE(text);
        const auto q = tree_of(text);
        const auto& c = boost::get<boost::spirit::x3::forward_ast<ast::call>>(condition_of(q).first).get();
        CHECK(c.function == f.value);
        CHECK(c.name == f.text);
      }
      for (const char* name : {"LOWER", "lowercase", "substr"}) {
        const std::string text = "?x n ?v filter " + std::string(name) + "(?v, 1)";
        CAPTURE(text);
        const auto q = tree_of(text);
        const auto& c = boost::get<boost::spirit::x3::forward_ast<ast::call>>(condition_of(q).first).get();
        CHECK(c.function == ast::function_kind::unknown);
        CHECK(c.name == name);
        CHECK(c.arguments.size() == 2);
        CHECK(query::to_string(q) == "?x n ?v . filter " + std::string(name) + "(?v, 1)");
      }
    }
  }

  TEST_CASE("a literal carries the term it spells, read once by the grammar") {
    struct expected_term {
      const char* text;
      term value;
    };
    const expected_term cases[] = {
        {"4000", {term_kind::integer, "4000", {}}},
        {"-12", {term_kind::integer, "-12", {}}},
        {"-2.5", {term_kind::decimal, "-2.5", {}}},
        {"2025-07-15", {term_kind::date, "2025-07-15", {}}},
        {"2025-07", {term_kind::date, "2025-07", {}}},
        {"\"2025\"^^xsd:gYear", {term_kind::date, "2025", {}}},
        {"\"x1\"^^<http://example.org/code>", {term_kind::typed, "x1", "http://example.org/code"}},
        {"\"chat\"@fr", {term_kind::lang_text, "chat", "fr"}},
        {"\"a \\\"b\\\"\"@en-GB", {term_kind::lang_text, "a \"b\"", "en-GB"}},
        {"<http://example.org/a>", {term_kind::iri, "http://example.org/a", {}}},
    };
    for (const auto& c : cases) {
      const std::string text = std::string("?x on ") + c.text;
      CAPTURE(text);
      const auto q = tree_of(text);
      const auto& l = object_literal(q);
      CHECK(l.text == c.text);
      CHECK(l.value == c.value);
      CHECK(l.value == parse_cell(l.text).value);  // the same reading the cell syntax gives
    }
    // In a filter too.
    const auto q = tree_of("?x n ?v filter ?v > 2.50");
    const auto& rhs = boost::get<ast::literal>(condition_of(q).rest.at(0).rhs);
    CHECK(rhs.value == term{term_kind::decimal, "2.50", {}});
  }

  TEST_CASE("the closed sets' words are reserved, function names are not") {
    auto reserved_spelling = [](std::string_view text) {
      // Each word of a spelling ("how many") is reserved.
      for (std::size_t at = 0; at <= text.size();) {
        const auto blank = std::min(text.find(' ', at), text.size());
        if (!query::is_keyword(text.substr(at, blank - at))) return false;
        at = blank + 1;
      }
      return true;
    };
    for (const auto& s : query::projection_kinds) CHECK(reserved_spelling(s.text));
    for (const auto& s : query::sort_directions) CHECK(reserved_spelling(s.text));
    for (const auto& s : query::update_actions) CHECK(reserved_spelling(s.text));
    for (const auto& s : query::describe_verbs) CHECK(reserved_spelling(s.text));
    for (const auto& s : query::question_words) CHECK(reserved_spelling(s.text));
    CHECK(query::is_keyword("and"));
    CHECK(query::is_keyword("OR"));
    for (const auto& f : query::functions) CHECK_FALSE(query::is_keyword(f.text));
    CHECK(query::function_named("year") == ast::function_kind::year);
    CHECK(query::function_named("Year") == ast::function_kind::unknown);
    CHECK(query::function_list() ==
          "contains, starts_with, ends_with, lower, upper, year, month, day, length, is_iri, is_blank, "
          "is_literal, is_numeric, same_term, str, lang, datatype, lang_matches");
    // Every reserved word is refused as a bare name, in any case.
    for (const auto k : query::reserved_words) {
      const std::string text = "?x met " + std::string(k);
      CAPTURE(text);
      CHECK_FALSE(query::parse(text));
      CHECK(query::to_string(tree_of("?x met \"" + std::string(k) + "\"")) ==
            "?x met \"" + std::string(k) + "\"");
    }
  }

  TEST_CASE("a name is bare exactly when it reads back as one word") {
    // A name the engine makes (from a question) is printed bare or quoted
    // by the rule the grammar reads bare words with.
    auto printed = [](const std::string& name) {
      auto q = tree_of("?x met Huang");
      auto& object = boost::get<ast::name>(
          boost::get<ast::triple>(boost::get<ast::pattern_query>(q).where.elements.at(0)).object);
      object.text = name;
      return query::to_string(q);
    };
    for (const char* bare : {"Huang", "part_of", "H20", "_x", "a-b", "北京", "selected", "andrew", "20th",
                             "000_fc729ba78c68ed91", "2025-07-15x"}) {
      CAPTURE(std::string(bare));
      CHECK(query::is_bare_name(bare));
      CHECK(printed(bare) == std::string("?x met ") + bare);
      CHECK(query::to_string(tree_of(printed(bare))) == printed(bare));
    }
    for (const char* quoted : {"", "Jensen Huang", "-x", "a.b", "Select", "x?", "42", "2025-07", "1-2-3-4"}) {
      CAPTURE(std::string(quoted));
      CHECK_FALSE(query::is_bare_name(quoted));
      CHECK(printed(quoted) == "?x met " + quote(quoted));
      CHECK(query::to_string(tree_of(printed(quoted))) == printed(quoted));
    }
    CHECK(query::starts_with_keyword("where ?x", "where"));
    CHECK(query::starts_with_keyword("WHERE", "where"));
    CHECK_FALSE(query::starts_with_keyword("wherever", "where"));
    CHECK_FALSE(query::starts_with_keyword("where_", "where"));
    CHECK_FALSE(query::starts_with_keyword("whe", "where"));
  }

  TEST_CASE(
      "completion offers exactly the reserved words as keywords, and writes names as the printer does") {
    test::temp_dir tmp;
    auto s = test::new_store(tmp.path("k.kg"));
    std::set<std::string> offered;
    for (char c = 'a'; c <= 'z'; ++c) {
      const std::string line(1, c);
      for (const auto& cand : cli::complete(&s, line, line).candidates) offered.insert(cand.text);
    }
    const std::set<std::string> reserved(query::reserved_words.begin(), query::reserved_words.end());
    CHECK(offered == reserved);
    // In any case, as the keywords are matched.
    const auto sel = cli::complete(&s, "?x met ?y ORD", "?x met ?y ORD");
    REQUIRE(sel.candidates.size() == 1);
    CHECK(sel.candidates[0].text == "order");
    CHECK(sel.word_begin == 10);

    REQUIRE(test::import_text(s, format::tsv, "subject\tpredicate\tobject\n-x\tmet\tand\nHuang\tmet\tRen\n"));
    auto texts = [&](const std::string& line) {
      std::vector<std::string> out;
      for (const auto& cand : cli::complete(&s, line, line).candidates) out.push_back(cand.text);
      return out;
    };
    CHECK(texts("?x met Hu") == std::vector<std::string>{"Huang"});
    // A name spelled like a keyword, or starting with '-', is written quoted.
    CHECK(texts("?x met an") == std::vector<std::string>{"\"and\"", "and"});
    CHECK(texts("?x met -") == std::vector<std::string>{"\"-x\""});
  }

  TEST_CASE("output modes have one name table") {
    CHECK(cli::output_modes().size() == cli::output_mode_names.size());
    for (const auto& [name, mode] : cli::output_mode_names) {
      CHECK(cli::name_of(mode) == name);
      CHECK(cli::mode_named(name) == mode);
    }
    CHECK_FALSE(cli::mode_named("xml"));
    CHECK(cli::has_footer(cli::output_mode::box));
    CHECK_FALSE(cli::has_footer(cli::output_mode::tsv));
    CHECK(cli::is_document(cli::output_mode::jsonl));
    CHECK_FALSE(cli::is_document(cli::output_mode::csv));
  }
}
