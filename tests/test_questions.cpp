// The reader-question corpus (tests/questions/*.q, bench/question_corpus.hpp):
// it stays true to the curated facts (every entry's formal pattern gives its
// expected values), and plain-English scores do not fall below the last
// measured ones. kg-question-bench prints the scores themselves.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "bench/question_corpus.hpp"
#include "store/import.hpp"
#include "tests/helpers.hpp"

using namespace kg;
namespace fs = std::filesystem;

namespace {

const fs::path corpus_dir = fs::path(KG_SOURCE_DIR) / "tests" / "questions";

std::vector<corpus::entry> entries_of(const std::string& name) {
  auto e = corpus::read((corpus_dir / name).string());
  REQUIRE_MESSAGE(e.has_value(), (e ? "" : e.error()));
  return *e;
}

store::triple_store triples_store(kg::test::temp_dir& tmp) {
  auto s = kg::test::new_store(tmp.path("triples.kg"));
  std::vector<store::import_source> sources;
  for (const auto& f : fs::directory_iterator(fs::path(KG_SOURCE_DIR) / "triples"))
    if (f.path().extension() == ".tsv") sources.push_back({f.path().string(), std::nullopt, std::nullopt});
  auto imported = store::import_sources(s, sources, {});
  REQUIRE_MESSAGE(imported.has_value(), (imported ? "" : imported.error().message));
  return s;
}

}  // namespace

TEST_SUITE("questions") {
  TEST_CASE("with sources after a question, describe, a yes/no pattern and a union, describe of a source") {
    kg::test::temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("s.kg"));
    REQUIRE(kg::test::import_text(s, format::tsv,
                                  "subject\tpredicate\tobject\tsource\tline\n"
                                  "Jensen Huang\tmet\tLei Jun\t000_a1\t3\n"
                                  "Jensen Huang\tmet\tLei Jun\t001_b2\t7\n"
                                  "Jensen Huang\tceo_of\tNvidia\t000_a1\t1\n"));
    auto rows_of = [](const engine::table& t) {
      std::vector<std::string> out;
      for (const auto& r : t.rows) {
        std::string line;
        for (const auto& c : r) line += (line.empty() ? "" : " | ") + (c ? c->lex : std::string("-"));
        out.push_back(line);
      }
      return out;
    };
    for (const std::string q :
         {"who did Jensen Huang meet? with sources", "who did Jensen Huang meet with sources?"}) {
      CAPTURE(q);
      auto a = kg::test::query_text(s, q);
      REQUIRE_MESSAGE(a.has_value(), (a ? "" : a.error()));
      CHECK(a->columns.back() == "sources");
      CHECK(rows_of(*a) == std::vector<std::string>{"Lei Jun | 000_a1:3; 001_b2:7"});
    }
    auto described = kg::test::query_text(s, "describe Nvidia with sources");
    REQUIRE_MESSAGE(described.has_value(), (described ? "" : described.error()));
    CHECK(described->columns == std::vector<std::string>{"subject", "predicate", "object", "sources"});
    CHECK(rows_of(*described) == std::vector<std::string>{"Jensen Huang | ceo_of | Nvidia | 000_a1:1"});
    // A yes/no pattern keeps its sources; a false one has none.
    auto yes = kg::test::query_text(s, "\"Jensen Huang\" met \"Lei Jun\" with sources");
    REQUIRE_MESSAGE(yes.has_value(), (yes ? "" : yes.error()));
    CHECK(yes->columns == std::vector<std::string>{"answer", "sources"});
    CHECK(rows_of(*yes) == std::vector<std::string>{"true | 000_a1:3; 001_b2:7"});
    auto no = kg::test::query_text(s, "Nvidia met \"Lei Jun\" with sources");
    REQUIRE(no);
    CHECK(rows_of(*no) == std::vector<std::string>{"false | -"});
    // The facts of either branch of a union keep their sources.
    auto either = kg::test::query_text(s, "select ?x where {?x met ?y} or {?y met ?x} with sources");
    REQUIRE_MESSAGE(either.has_value(), (either ? "" : either.error()));
    auto either_rows = rows_of(*either);
    std::sort(either_rows.begin(), either_rows.end());
    CHECK(either_rows ==
          std::vector<std::string>{"Jensen Huang | 000_a1:3; 001_b2:7", "Lei Jun | 000_a1:3; 001_b2:7"});
    // A source id is written bare, digits first; describe lists the
    // statements it is the source of, with that source alone.
    auto by_source = kg::test::query_text(s, "describe 000_a1 with sources");
    REQUIRE_MESSAGE(by_source.has_value(), (by_source ? "" : by_source.error()));
    auto source_rows = rows_of(*by_source);
    std::sort(source_rows.begin(), source_rows.end());
    CHECK(source_rows == std::vector<std::string>{"Jensen Huang | ceo_of | Nvidia | 000_a1:1",
                                                  "Jensen Huang | met | Lei Jun | 000_a1:3"});
    auto counted_statements = kg::test::query_text(s, "count where ?s ?p ?o {source: 001_b2}");
    REQUIRE(counted_statements);
    CHECK(rows_of(*counted_statements) == std::vector<std::string>{"1"});
    // A count has no rows to source: said, with where.
    auto counted = kg::test::query_text(s, "how many did Jensen Huang meet? with sources");
    REQUIRE_FALSE(counted);
    CHECK(counted.error().find("'with sources' needs answer rows") != std::string::npos);
  }

  TEST_CASE("the corpus holds 150 questions or more, 40 or more per article, a quarter held out") {
    const auto tuning = entries_of("tuning.q"), held_out = entries_of("held-out.q");
    std::map<std::string, std::size_t> per_article;
    std::size_t questions = 0, held_out_questions = 0;
    for (const auto* set : {&tuning, &held_out})
      for (const auto& e : *set) {
        per_article[e.article.substr(0, e.article.find(':'))] += e.questions.size();
        questions += e.questions.size();
        if (set == &held_out) held_out_questions += e.questions.size();
      }
    CHECK(questions >= 150);
    CHECK(per_article.size() == 3);
    for (const auto& counted : per_article) {
      CAPTURE(counted.first);
      CHECK(counted.second >= 40);
    }
    CHECK(held_out_questions * 4 >= questions * 9 / 10);  // about a quarter
  }

  TEST_CASE("every entry's formal pattern gives its expected values") {
    kg::test::temp_dir tmp;
    auto s = triples_store(tmp);
    for (const char* name : {"tuning.q", "dev.q", "held-out.q"})
      for (const auto& e : entries_of(name)) {
        CAPTURE(e.file + ":" + std::to_string(e.line));
        const auto o = corpus::judge(s, e.pattern, e.expected);
        CAPTURE(o.detail);
        CHECK(o.result == corpus::verdict::correct);
      }
  }

  TEST_CASE("plain-English answers do not fall below the last measured scores") {
    // Raised as the question reader improves: the share answered correctly
    // may only grow, and the wrong answers only shrink.
    struct floor {
      const char* file;
      std::size_t correct_at_least, wrong_at_most;
    };
    kg::test::temp_dir tmp;
    auto s = triples_store(tmp);
    for (const auto& f : {floor{"tuning.q", 202, 4}, floor{"dev.q", 83, 4}, floor{"held-out.q", 55, 3}}) {
      CAPTURE(f.file);
      corpus::tally t;
      for (const auto& e : entries_of(f.file))
        for (const auto& q : e.questions) t.add(corpus::judge(s, q, e.expected).result);
      CHECK(t.correct >= f.correct_at_least);
      CHECK(t.wrong <= f.wrong_at_most);
    }
  }
}

TEST_SUITE("questions") {
  TEST_CASE(
      "a verb in an inflection the lexicon lacks is read through the stemmer, when it names one predicate") {
    kg::test::temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("s.kg"));
    REQUIRE(kg::test::import_text(s, format::tsv,
                                  "subject\tpredicate\tobject\n"
                                  "Jensen Huang\tvisited\tBeijing\n"
                                  "Nvidia\tdisclosed\tH20 sales\n"
                                  "Nvidia\tdisclosure_of\tH20 sales\n"));
    auto visit = kg::test::query_text(s, "Did Jensen Huang visit Beijing?");
    REQUIRE_MESSAGE(visit.has_value(), (visit ? "" : visit.error()));
    REQUIRE(visit->rows.size() == 1);
    CHECK(visit->rows[0][0]->lex == "true");
    auto not_there = kg::test::query_text(s, "Did Nvidia visit Beijing?");
    REQUIRE(not_there);
    CHECK(not_there->rows[0][0]->lex == "false");
    // discloses: one word whose stem is disclosed's (not disclosure_of's: two words).
    auto what = kg::test::query_text(s, "what does Nvidia disclose?");
    REQUIRE_MESSAGE(what.has_value(), (what ? "" : what.error()));
    REQUIRE(what->rows.size() == 1);
    CHECK(to_cell(*what->rows[0][0]) == "H20 sales");
    // A word whose stem names no predicate stays unknown.
    auto unknown = kg::test::query_text(s, "Did Nvidia sell Beijing?");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().find("unknown word 'sell'") != std::string::npos);
  }
}

TEST_SUITE("questions") {
  TEST_CASE("a question kg cannot read is answered by a search for its words, marked as no answer") {
    kg::test::temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("s.kg"));
    REQUIRE(kg::test::import_text(s, format::tsv,
                                  "subject\tpredicate\tobject\tsource\tline\n"
                                  "Jensen Huang\tphotographed_with\tLei Jun\tA\t3\n"
                                  "Jensen Huang\tceo_of\tNvidia\tA\t1\n"));
    engine::run_options fallback;
    fallback.keyword_fallback = true;
    const std::string unreadable = "Why did Jensen Huang wave at a photographer?";
    // Without the fallback, the reader's error.
    auto plain = kg::test::query_text(s, unreadable);
    REQUIRE_FALSE(plain);
    CHECK(plain.error().find("unknown word 'wave'") != std::string::npos);
    // With it, the facts matching the question's words, and a note.
    auto found = kg::test::query_text(s, unreadable, fallback);
    REQUIRE_MESSAGE(found.has_value(), (found ? "" : found.error()));
    CHECK(found->note.starts_with("kg could not read this question: unknown word 'wave' (at 1:22)"));
    CHECK(found->columns == std::vector<std::string>{"subject", "predicate", "object", "sources"});
    REQUIRE_FALSE(found->rows.empty());
    CHECK(to_cell(*found->rows[0][1]) == "photographed_with");  // matches Jensen, Huang and photographed
    // A question it reads is answered as always, without a note.
    auto read = kg::test::query_text(s, "who is the CEO of Nvidia?", fallback);
    REQUIRE(read);
    CHECK(read->note.empty());
    // No word matches: the error stands.
    auto nothing = kg::test::query_text(s, "who zzqx?", fallback);
    REQUIRE_FALSE(nothing);
    CHECK(nothing.error().find("unknown word 'zzqx'") != std::string::npos);

    // kg query prints the note on stderr, the facts on stdout.
    const auto db = tmp.path("s.kg");
    auto r =
        kg::test::run_kg("--db " + kg::test::shell_quote(db) + " query " + kg::test::shell_quote(unreadable));
    CHECK(r.exit_code == 0);
    CHECK(r.err.starts_with("note: kg could not read this question"));
    CHECK(r.out.find("photographed_with") != std::string::npos);
  }
}
