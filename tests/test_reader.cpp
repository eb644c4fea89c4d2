// The question reader (engine/reader.hpp) on small stores of its own: the
// starter lexicon, stemming and irregular forms, requests and prose words,
// class questions, refusals (ambiguity, unknown nouns), yes/no answers, and
// what explain and .lexicon show.
#include <doctest/doctest.h>

#include <fstream>

#include "engine/reader.hpp"
#include "parser/query.hpp"
#include "parser/term.hpp"
#include "tests/helpers.hpp"

using namespace kg;
using kg::test::query_text;

namespace {

// A store with no lexicon at all: only data, as a user's own would be.
const std::string plain_data =
    "subject\tpredicate\tobject\tdate\tplace\treason\tsource\tline\n"
    "Ada\tmet\tBob\t2024-03-01\tParis\t\tA\t1\n"
    "Ada\tfounded\tAcme\t2020-01-02\t\t\tA\t2\n"
    "Acme\tis_a\tcompany\t\t\t\tA\t3\n"
    "Globex\tis_a\tcompany\t\t\t\tA\t4\n"
    "Bob\tcriticized\tAcme\t\t\tlayoffs\tA\t5\n"
    "Acme\temployees\t4000\t\t\t\tA\t6\n"
    "Bob\tmakes\tWidget\t\t\t\tA\t7\n"
    "Bob\tvisited\tRome\t\t\t\tA\t8\n";

std::vector<std::string> first_column(const engine::table& t) {
  std::vector<std::string> out;
  for (const auto& r : t.rows) out.push_back(r[0] ? r[0]->lex : "");
  std::sort(out.begin(), out.end());
  return out;
}

struct fixture {
  kg::test::temp_dir tmp;
  store::triple_store s = kg::test::new_store(tmp.path("s.kg"));
  explicit fixture(const std::string& data) { REQUIRE(kg::test::import_text(s, format::tsv, data)); }

  std::vector<std::string> ask(const std::string& q) {
    auto a = query_text(s, q);
    REQUIRE_MESSAGE(a.has_value(), (q + ": " + (a ? "" : a.error())));
    return first_column(*a);
  }
  std::string fails(const std::string& q) {
    auto a = query_text(s, q);
    REQUIRE_MESSAGE(!a.has_value(), (q + " was answered"));
    return a.error();
  }
};

}  // namespace

TEST_SUITE("reader") {
  TEST_CASE("inflections meet by their stem, irregular ones by the starter lexicon") {
    CHECK(engine::stem("makes") == engine::stem("making"));
    CHECK(engine::stem("Announced") == engine::stem("announce"));
    fixture f(plain_data);
    // met has no lexicon line here: meet reaches it through the irregular verbs.
    CHECK(f.ask("who did Ada meet?") == std::vector<std::string>{"Bob"});
    CHECK(f.ask("What does Bob make?") == std::vector<std::string>{"Widget"});
    CHECK(f.ask("who made the Widget?") == std::vector<std::string>{"Bob"});
  }

  TEST_CASE("a store without a lexicon reads when, where and why through the starter lexicon") {
    fixture f(plain_data);
    CHECK(f.ask("When did Ada meet Bob?") == std::vector<std::string>{"2024-03-01"});
    CHECK(f.ask("Where did Ada meet Bob?") == std::vector<std::string>{"Paris"});
    CHECK(f.ask("Why did Bob criticize Acme?") == std::vector<std::string>{"layoffs"});
    // No key answers why for the meeting: no reading, not a guess.
    CHECK(f.fails("Why did Ada meet Bob?").find("cannot read") != std::string::npos);
  }

  TEST_CASE("is_a names classes without a semantics line, the class asked for filters the answers") {
    fixture f(plain_data);
    CHECK(f.ask("which companies are there?") == std::vector<std::string>{"Acme", "Globex"});
    CHECK(f.ask("which company did Ada found?") == std::vector<std::string>{"Acme"});
    auto n = query_text(f.s, "how many companies did Ada found?");
    REQUIRE(n);
    CHECK(to_cell(*n->rows.at(0).at(0)) == "1");
    // A noun the store has no word for is not read as "things".
    CHECK(f.fails("how many cars did Ada found?").find("unknown word 'cars'") != std::string::npos);
  }

  TEST_CASE("requests and prose words: no question mark, numbers with commas") {
    fixture f(plain_data);
    CHECK(f.ask("List the companies Ada founded.") == std::vector<std::string>{"Acme"});
    CHECK(f.ask("Tell me who Ada met") == std::vector<std::string>{"Bob"});
    CHECK(f.ask("How many employees does Acme have?") == std::vector<std::string>{"4000"});
    auto yes = query_text(f.s, "Does Acme have 4,000 employees?");
    REQUIRE_MESSAGE(yes.has_value(), (yes ? "" : yes.error()));
    CHECK(yes->rows.at(0).at(0)->lex == "true");
  }

  TEST_CASE("a date in prose is the store's one date with that month and day") {
    fixture f(plain_data);
    CHECK(f.ask("Who did Ada meet on March 1?") == std::vector<std::string>{"Bob"});
    CHECK(f.ask("Where did Ada meet Bob on March 1, 2024?") == std::vector<std::string>{"Paris"});
    // No fact on that day: the date is no name of the store.
    CHECK(f.fails("Who did Ada meet on March 2?").find("unknown word") != std::string::npos);
  }

  TEST_CASE("yes/no: a fact with every name holds, a name where none is answers no") {
    fixture f(plain_data);
    auto ask_bool = [&](const std::string& q) {
      auto a = query_text(f.s, q);
      REQUIRE_MESSAGE(a.has_value(), (q + ": " + (a ? "" : a.error())));
      return a->rows.at(0).at(0)->lex;
    };
    CHECK(ask_bool("Did Ada meet Bob in Paris?") == "true");
    CHECK(ask_bool("Did Ada meet Bob in Rome?") == "false");
    CHECK(ask_bool("Did Globex meet Bob?") == "false");
    CHECK(ask_bool("Is Acme a company?") == "true");
  }

  TEST_CASE("two readings with different answers and the same score are refused, not guessed") {
    fixture f(
        "subject\tpredicate\tobject\n"
        "Ada\tvisited_city\tParis\n"
        "Ada\tvisited_country\tFrance\n");
    const auto e = f.fails("What did Ada visit?");
    CHECK(e.find("reads two ways") != std::string::npos);
    CHECK(e.find("visited_city") != std::string::npos);
    CHECK(e.find("visited_country") != std::string::npos);
    // Explain shows both, with their scores, and runs nothing.
    auto x = kg::test::explain_text(f.s, "explain What did Ada visit?");
    REQUIRE_MESSAGE(x.has_value(), (x ? "" : x.error()));
    REQUIRE(x->readings.size() >= 2);
    CHECK(x->readings[0].find("visited_") != std::string::npos);
  }

  TEST_CASE("the lexicon report names forms and what is missing") {
    fixture f(plain_data);
    store::names n(f.s.db());
    auto lines = engine::lexicon_report(n, "met");
    REQUIRE_FALSE(lines.empty());
    auto has = [&](const std::string& aspect, const std::string& part) {
      return std::any_of(lines.begin(), lines.end(), [&](const auto& l) {
        return l.first == aspect && l.second.find(part) != std::string::npos;
      });
    };
    CHECK(has("verb forms", "none"));
    CHECK(has("missing", "verb form"));
    CHECK(has("question words (stems)", "meet"));
    lines = engine::lexicon_report(n, "date");
    CHECK(std::any_of(lines.begin(), lines.end(), [](const auto& l) {
      return l.first == "as a qualifier, answers" && l.second.find("when") != std::string::npos &&
             l.second.find("starter lexicon") != std::string::npos;
    }));
    CHECK(engine::lexicon_report(n, "no_such_thing").empty());
  }
}

TEST_SUITE("reader") {
  TEST_CASE("the shell's .lexicon shows a predicate's forms and the forms it lacks") {
    kg::test::temp_dir tmp;
    const auto file = tmp.path("f.tsv");
    {
      std::ofstream out(file);
      out << "subject\tpredicate\tobject\nAda\tmet\tBob\nmet\tverb_form\t\"meet\"\n";
    }
    const auto db = tmp.path("s.kg");
    REQUIRE(kg::test::run_kg("--db " + db + " import " + file).exit_code == 0);
    auto r = kg::test::run_kg("--db " + db + " shell", ".lexicon met\n.lexicon nothing\n");
    CHECK(r.out.find("verb forms\tmeet") != std::string::npos);
    CHECK(r.out.find("a passive form") != std::string::npos);
    CHECK(r.err.find("no predicate or qualifier named 'nothing'") != std::string::npos);
  }
}

TEST_SUITE("reader") {
  TEST_CASE("requests need no question mark, a pattern without one stays a pattern") {
    auto is_question = [](const std::string& text) {
      auto p = query::parse(text, "q");
      REQUIRE_MESSAGE(p.has_value(), (text + ": " + (p ? "" : p.error().message)));
      return boost::get<query::ast::question>(&p->tree.get()) != nullptr;
    };
    CHECK(is_question("List the products Nvidia makes."));
    CHECK(is_question("show me everything about H20"));
    CHECK(is_question("Name Nvidia's chief executive"));
    CHECK(is_question("Does Nvidia have 4,000 employees in China?"));
    CHECK(is_question("What did the U.S.-China talks on $4 trillion lead to?"));
    CHECK(is_question("the CEO of Nvidia"));
    CHECK_FALSE(is_question("the met ?x"));
    CHECK_FALSE(is_question("Nvidia makes H20"));
    CHECK_FALSE(is_question("name ?x ?y"));
  }
}

TEST_SUITE("reader") {
  TEST_CASE("a name in the place of the noun asked for filters the answers by the fact that holds it") {
    fixture f(plain_data +
              "Cleo\tmet\tAda\t\t\t\tA\t9\n"
              "Bob\tposition\tMayor\t\t\t\tA\t10\n"
              "Cleo\tposition\tJudge\t\t\t\tA\t11\n");
    CHECK(f.ask("Which mayor did Ada meet?") == std::vector<std::string>{"Bob"});
    CHECK(f.ask("Which judge met Ada?") == std::vector<std::string>{"Cleo"});
    // An adjective the store has no word for may stand before it.
    CHECK(f.ask("Which elected mayor did Ada meet?") == std::vector<std::string>{"Bob"});
    // A possessive is the owner of the noun asked for, not its kind.
    CHECK(f.fails("Which Mayor's friend did Ada meet?").find("friend") != std::string::npos);
  }

  TEST_CASE("agent and action nouns are read through their verb when the store has no word for them") {
    fixture f(plain_data);
    CHECK(f.ask("Who is the maker of the Widget?") == std::vector<std::string>{"Bob"});
    CHECK(f.ask("Who was the founder of Acme?") == std::vector<std::string>{"Ada"});
  }

  TEST_CASE("readings tied with the best one and answering otherwise make the question ambiguous") {
    // Three predicates named alike by market; two agree, the third does not.
    fixture f(
        "subject\tpredicate\tobject\n"
        "Acme\treturned_to_market\tChina\n"
        "Acme\tcommitted_to_market\tChina\n"
        "Acme\tmarket_value_usd\t12\n");
    CHECK(f.fails("Acme's market?").find("reads two ways") != std::string::npos);
  }
}

TEST_SUITE("reader") {
  TEST_CASE(
      "a verb the store has no word for is read as the one predicate joining all the names, saying so") {
    fixture f(plain_data + "Cleo\tmobbed\tAda\t\tRome\t\tA\t9\n");
    // Only mobbed joins Ada and Rome.
    auto a = query_text(f.s, "By whom was Ada swarmed in Rome?");
    REQUIRE_MESSAGE(a.has_value(), (a ? "" : a.error()));
    CHECK(first_column(*a) == std::vector<std::string>{"Cleo"});
    CHECK(a->caveat.find("read as mobbed") != std::string::npos);
    // A word the store has names the predicate: no caveat.
    auto named = query_text(f.s, "Who mobbed Ada in Rome?");
    REQUIRE(named.has_value());
    CHECK(named->caveat.empty());
    // One name is not enough to guess from, nor is a yes or no.
    CHECK(!f.fails("By whom was Ada swarmed?").empty());
    auto yes = query_text(f.s, "Was Ada swarmed by Cleo in Rome?");
    if (yes.has_value()) CHECK(yes->caveat.empty());
  }

  TEST_CASE("a verb the store has no word for is refused when two predicates join the names") {
    fixture f(plain_data + "Ada\tpraised\tBob\t\tParis\t\tA\t9\n");
    // met and praised both join Ada and Paris.
    CHECK(!f.fails("Whom did Ada hug in Paris?").empty());
  }
}

TEST_SUITE("reader") {
  TEST_CASE("in which C ...?: a qualifier whose values are of the class asked for answers it") {
    fixture f(plain_data + "Paris\tis_a\tcity\t\t\t\tA\t9\nAda\tquoted\tBob\t\t\t\tA\t10\n");
    CHECK(f.ask("In which city did Ada meet Bob?") == std::vector<std::string>{"Paris"});
    // A class none of its values is of: no reading.
    CHECK(f.fails("In which country did Ada meet Bob?").find("country") != std::string::npos);
  }
}
