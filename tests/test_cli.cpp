// The kg binary as people run it: exit codes, messages, stdin, the default
// store, and a second writer that fails cleanly.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/output.hpp"
#include "tests/helpers.hpp"

using namespace kg;
using kg::test::run_kg;
using kg::test::shell_quote;
using kg::test::temp_dir;

namespace {

const std::string facts_tsv =
    "subject\tpredicate\tobject\tsource\tline\n"
    "Jensen Huang\tmet\tLei Jun\tA1\t10\n"
    "Jensen Huang\tceo_of\tNvidia\tA1\t3\n";

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("import prints a summary, and re-importing reports 0 new") {
    temp_dir tmp;
    const auto db = shell_quote(tmp.path("s.kg"));
    const auto file = shell_quote(tmp.write("facts.tsv", facts_tsv));
    auto first = run_kg("--db " + db + " import " + file);
    CHECK(first.exit_code == 0);
    CHECK(first.err == "");
    CHECK(first.out.starts_with("imported 1 file: 2 statements read, 2 new, 0 already present, 0 errors ("));
    CHECK(first.out.find(" statements/s); the store holds 2 facts") != std::string::npos);
    auto second = run_kg("--db " + db + " import " + file);
    CHECK(second.exit_code == 0);
    CHECK(second.out.starts_with("imported 1 file: 2 statements read, 0 new, 2 already present, 0 errors ("));
  }

  TEST_CASE("import --timings says where the time went") {
    temp_dir tmp;
    auto r = run_kg("--db " + shell_quote(tmp.path("s.kg")) + " import --timings " +
                    shell_quote(tmp.write("facts.tsv", facts_tsv)));
    CHECK(r.exit_code == 0);
    for (const char* phase : {"read and parse", "terms", "sort and compare", "facts", "qualifiers", "commit"})
      CHECK(r.err.find(std::string(phase) + " ") != std::string::npos);
  }

  TEST_CASE("import reads standard input with '-' and a --format") {
    temp_dir tmp;
    const auto db = shell_quote(tmp.path("s.kg"));
    auto r = run_kg("--db " + db + " import --format csv -", "subject,predicate,object\na,b,c\n");
    CHECK(r.exit_code == 0);
    CHECK(r.out.starts_with("imported 1 file: 1 statements read, 1 new"));
    auto bad = run_kg("--db " + db + " import --format csv -", "subject,predicate,object\na,b\n");
    CHECK(bad.exit_code == 1);
    CHECK(bad.err ==
          "<stdin>:2:4: error: expected 3 fields, as in the header, but found 2\n  a,b\n     ^\n"
          "1 error; nothing was imported\n");
  }

  TEST_CASE("a bad file gives file:line:col, the line, a caret, exit code 1 and changes nothing") {
    temp_dir tmp;
    const auto db = shell_quote(tmp.path("s.kg"));
    REQUIRE(run_kg("--db " + db + " import " + shell_quote(tmp.write("ok.tsv", facts_tsv))).exit_code == 0);
    const auto before = run_kg("--db " + db + " export").out;
    const auto bad = tmp.write(
        "bad.nt", "<http://ex/s> <http://ex/p> <http://ex/o> .\n<http://ex/s> <http://ex/p> 42 .\n");
    auto r = run_kg("--db " + db + " import " + shell_quote(bad));
    CHECK(r.exit_code == 1);
    CHECK(r.out == "");
    CHECK(r.err == bad +
                       ":2:29: error: expected an object (an IRI, a blank node or a literal)\n"
                       "  <http://ex/s> <http://ex/p> 42 .\n                              ^\n"
                       "1 error; nothing was imported\n");
    CHECK(run_kg("--db " + db + " export").out == before);
    // A failed import into a store it would create leaves no file behind.
    const auto fresh = tmp.path("fresh.kg");
    CHECK(run_kg("--db " + shell_quote(fresh) + " import " + shell_quote(bad)).exit_code == 1);
    CHECK_FALSE(std::filesystem::exists(fresh));
    CHECK_FALSE(std::filesystem::exists(fresh + "-wal"));
  }

  TEST_CASE("--dry-run reports and writes nothing") {
    temp_dir tmp;
    const auto db = shell_quote(tmp.path("s.kg"));
    const auto file = shell_quote(tmp.write("facts.tsv", facts_tsv));
    REQUIRE(run_kg("--db " + db + " import " + file).exit_code == 0);
    auto r = run_kg("--db " + db + " import --dry-run " + file + " " +
                    shell_quote(tmp.write("more.csv", "subject,predicate,object\nx,y,z\n")));
    CHECK(r.exit_code == 0);
    CHECK(r.out.starts_with(
        "dry run, nothing written: 2 files: 3 statements read, 1 would be new, 2 already present, 0 errors"));
    CHECK(run_kg("--db " + db + " stats").out.find("facts       2\n") != std::string::npos);
  }

  TEST_CASE("exit codes: usage 2, busy 3, not a kg store 4, I/O 5") {
    temp_dir tmp;
    CHECK(run_kg("frobnicate").exit_code == 2);
    CHECK(run_kg("import").exit_code == 2);
    CHECK(run_kg("--db x.kg import --format xml y").exit_code == 2);

    const auto not_kg = tmp.write("notes.txt", "just some text, long enough to not be empty\n");
    auto r = run_kg("--db " + shell_quote(not_kg) + " stats");
    CHECK(r.exit_code == 4);
    CHECK(r.err == "kg: error: '" + not_kg + "' is not a kg store: the file is not an SQLite database\n");

    auto missing = run_kg("--db " + shell_quote(tmp.path("none.kg")) + " stats");
    CHECK(missing.exit_code == 5);
    CHECK(missing.err.starts_with("kg: error: no kg store at '"));

    const auto file = tmp.write("plain", "x");
    auto unwritable = run_kg("--db " + shell_quote(file + "/s.kg") + " import " +
                             shell_quote(tmp.write("f.tsv", facts_tsv)));
    CHECK(unwritable.exit_code == 5);
    CHECK(unwritable.err.starts_with("kg: error: "));

    const auto db = tmp.path("busy.kg");
    REQUIRE(run_kg("--db " + shell_quote(db) + " import " + shell_quote(tmp.path("f.tsv"))).exit_code == 0);
    store::database holder(db, SQLITE_OPEN_READWRITE);
    holder.exec("BEGIN IMMEDIATE");
    auto busy = run_kg("--db " + shell_quote(db) + " --busy-timeout 200 import " +
                       shell_quote(tmp.write("g.tsv", "subject\tpredicate\tobject\nq\tr\ts\n")));
    CHECK(busy.exit_code == 3);
    CHECK(busy.err == "kg: error: database is busy: another process is writing to '" + db + "'\n");
    holder.exec("ROLLBACK");
    CHECK(run_kg("--db " + shell_quote(db) + " stats").out.find("facts       2\n") != std::string::npos);
  }

  TEST_CASE("without --db, $KG_DB names the store") {
    temp_dir tmp;
    const auto db = tmp.path("env.kg");
    auto r = run_kg("import --format tsv -", facts_tsv, "KG_DB=" + shell_quote(db));
    CHECK(r.exit_code == 0);
    CHECK(std::filesystem::exists(db));
    CHECK(run_kg("--db " + shell_quote(db) + " stats").out.find("facts       2\n") != std::string::npos);
  }

  TEST_CASE("the per-user default store is created from the curated facts on first use") {
    temp_dir tmp;
    const std::string env = "KG_DB= XDG_DATA_HOME=" + shell_quote(tmp.path("data"));
    auto r = run_kg("stats", "", env);
    CHECK(r.exit_code == 0);
    CHECK(r.err.starts_with("kg: created the default store " + tmp.path("data") + "/kg/kg.db with "));
    CHECK(std::filesystem::exists(tmp.path("data") + "/kg/kg.db"));
    // The second time it is simply opened.
    auto again = run_kg("check", "", env);
    CHECK(again.exit_code == 0);
    CHECK(again.err == "");
    CHECK(again.out == "ok\n");
    // It holds what triples/ holds.
    std::string curated;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(KG_SOURCE_DIR) + "/triples"))
      if (entry.path().extension() == ".tsv") curated += " " + shell_quote(entry.path().string());
    const auto fresh = shell_quote(tmp.path("fresh.kg"));
    REQUIRE(run_kg("--db " + fresh + " import" + curated).exit_code == 0);
    // The same statements; their order follows import order, which may differ.
    auto sorted_lines = [](const std::string& text) {
      std::vector<std::string> lines;
      std::istringstream in(text);
      for (std::string l; std::getline(in, l);) lines.push_back(l);
      std::sort(lines.begin(), lines.end());
      return lines;
    };
    const auto from_default = sorted_lines(run_kg("export", "", env).out);
    CHECK(from_default.size() > 10);
    CHECK(from_default == sorted_lines(run_kg("--db " + fresh + " export").out));
  }

  TEST_CASE("export writes a file atomically in the format of its extension") {
    temp_dir tmp;
    const auto db = shell_quote(tmp.path("s.kg"));
    REQUIRE(run_kg("--db " + db + " import " + shell_quote(tmp.write("facts.tsv", facts_tsv))).exit_code ==
            0);
    const auto out = tmp.path("out.nt");
    auto r = run_kg("--db " + db + " export " + shell_quote(out));
    CHECK(r.exit_code == 0);
    std::ifstream in(out);
    std::string lines[2];
    std::getline(in, lines[0]);
    std::getline(in, lines[1]);
    CHECK(lines[0] == "<urn:kg:e:Jensen%20Huang> <urn:kg:e:met> <urn:kg:e:Lei%20Jun> .");
    CHECK(lines[1].starts_with("_:kgq1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "));
    CHECK_FALSE(std::filesystem::exists(out + ".tmp"));
    auto bad = run_kg("--db " + db + " export " + shell_quote(tmp.path("out.xml")));
    CHECK(bad.exit_code == 2);
  }

  TEST_CASE("stats and check describe the store") {
    temp_dir tmp;
    const auto db = tmp.path("s.kg");
    REQUIRE(run_kg("--db " + shell_quote(db) + " import " + shell_quote(tmp.write("facts.tsv", facts_tsv)))
                .exit_code == 0);
    auto stats = run_kg("--db " + shell_quote(db) + " stats");
    CHECK(stats.exit_code == 0);
    CHECK(stats.out.find("facts       2\n") != std::string::npos);
    CHECK(stats.out.find("predicates  2\n") != std::string::npos);
    CHECK(stats.out.find("sources     1\n") != std::string::npos);
    CHECK(stats.out.find("top predicates:\n  ceo_of  1\n  met     1\n") != std::string::npos);
    CHECK(run_kg("--db " + shell_quote(db) + " check").out == "ok\n");
  }

  TEST_CASE("stats align predicate names by terminal columns, wide characters included") {
    temp_dir tmp;
    const auto db = tmp.path("s.kg");
    const auto facts =
        tmp.write("wide.tsv", "subject\tpredicate\tobject\nA\t訪問した\tB\nA\tmet\tC\nB\tmet\tC\n");
    REQUIRE(run_kg("--db " + shell_quote(db) + " import " + shell_quote(facts)).exit_code == 0);
    auto stats = run_kg("--db " + shell_quote(db) + " stats");
    // 訪問した is 8 columns wide (12 bytes): met is padded to it.
    CHECK(stats.out.find("top predicates:\n  met       2\n  訪問した  1\n") != std::string::npos);
  }
}

TEST_SUITE("cli") {
  TEST_CASE("the example files import as they are, and again add nothing") {
    temp_dir tmp;
    const auto db = shell_quote(tmp.path("demo.kg"));
    const std::string dir = std::string(KG_SOURCE_DIR) + "/examples/";
    const std::string files = shell_quote(dir + "people.tsv") + " " + shell_quote(dir + "products.csv") +
                              " " + shell_quote(dir + "rdf.nt");
    auto r = run_kg("--db " + db + " import " + files);
    CHECK(r.exit_code == 0);
    CHECK(r.out.starts_with("imported 3 files: 18 statements read, 18 new, 0 already present"));
    auto again = run_kg("--db " + db + " import " + files);
    CHECK(again.out.starts_with("imported 3 files: 18 statements read, 0 new, 18 already present"));
    CHECK(run_kg("--db " + db + " check").out == "ok\n");
  }
}

TEST_SUITE("cli") {
  TEST_CASE("kg run: .echo and --echo print each statement before its answer, .bail off goes on, .once") {
    temp_dir tmp;
    const auto db = shell_quote(tmp.path("e.kg"));
    REQUIRE(run_kg("--db " + db + " import " + shell_quote(tmp.write("facts.tsv", facts_tsv))).exit_code ==
            0);
    const auto once = tmp.path("once.tsv");
    const auto script =
        tmp.write("s.kgq", ".echo on\n?x ceo_of Nvidia\n.bail off\n?x ceo_of Nowhere\n.once " + once +
                               "\n?x ceo_of Nvidia\ncount where ?x met ?y ;\n");
    auto r = run_kg("--db " + db + " run " + shell_quote(script));
    CHECK(r.exit_code == 1);  // the failure's, though the script went on
    CHECK(r.out == "?x ceo_of Nvidia\nx\nJensen Huang\n.bail off\n?x ceo_of Nowhere\n.once " + once +
                       "\n?x ceo_of Nvidia\ncount where ?x met ?y\ncount\n1\n");
    CHECK(r.err.find("unknown name 'Nowhere'") != std::string::npos);
    std::ifstream in(once);
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str() == "x\nJensen Huang\n");
    auto flag = run_kg("--db " + db + " run --echo -", "?x ceo_of Nvidia\n");
    CHECK(flag.out == "?x ceo_of Nvidia\nx\nJensen Huang\n");
    // Without .bail off, the first failure stops the script.
    auto stops = run_kg("--db " + db + " run -", "?x ceo_of Nowhere\n?x ceo_of Nvidia\n");
    CHECK(stops.exit_code == 1);
    CHECK(stops.out.empty());
  }

  TEST_CASE("kg query answers in tsv, csv, json and jsonl, and fails with exit code 1 on a bad query") {
    temp_dir tmp;
    const auto db = shell_quote(tmp.path("q.kg"));
    REQUIRE(run_kg("--db " + db + " import " + shell_quote(tmp.write("facts.tsv", facts_tsv))).exit_code ==
            0);
    auto tsv = run_kg("--db " + db + " query '?who met ?whom'");
    CHECK(tsv.exit_code == 0);
    CHECK(tsv.out == "who\twhom\nJensen Huang\tLei Jun\n");
    CHECK(run_kg("--db " + db + " query --format csv '?who ceo_of ?c'").out ==
          "who,c\nJensen Huang,Nvidia\n");
    // Text is written as its value; CSV quotes only what needs it.
    REQUIRE(
        run_kg("--db " + db + " query 'add new Nvidia motto \"the more, the \\\"better\\\"\"'").exit_code ==
        0);
    REQUIRE(run_kg("--db " + db + " query 'add Nvidia motto \"plain\"@en'").exit_code == 0);
    CHECK(run_kg("--db " + db + " query --format csv 'select ?m where Nvidia motto ?m order by ?m'").out ==
          "m\nplain\n\"the more, the \"\"better\"\"\"\n");
    // JSON: the SPARQL 1.1 results document; an entity is its IRI, with its name.
    CHECK(run_kg("--db " + db + " query --format json '?who ceo_of ?c'").out ==
          "{\"head\": {\"vars\": [\"who\", \"c\"]},\n \"results\": {\"bindings\": [\n"
          "  {\"who\": {\"type\": \"uri\", \"value\": \"urn:kg:e:Jensen%20Huang\", \"entity\": \"Jensen "
          "Huang\"}, "
          "\"c\": {\"type\": \"uri\", \"value\": \"urn:kg:e:Nvidia\", \"entity\": \"Nvidia\"}}]}}\n");
    CHECK(run_kg("--db " + db + " query --format jsonl -", "count ?x where ?x met ?y").out ==
          "{\"count\": {\"type\": \"literal\", \"value\": \"1\", \"datatype\": "
          "\"http://www.w3.org/2001/XMLSchema#integer\"}}\n");
    CHECK(run_kg("--db " + db + " query --format json '\"Jensen Huang\" ceo_of Nvidia'").out ==
          "{\"head\": {}, \"boolean\": true}\n");
    auto empty = run_kg("--db " + db + " query '?who met ?x . Nvidia ceo_of ?x'");
    CHECK(empty.exit_code == 0);
    CHECK(empty.out == "who\tx\n");
    CHECK(empty.err == "no answers: the pattern 'Nvidia ceo_of ?x' matches nothing\n");
    auto combination = run_kg("--db " + db + " query '?who met ?x . ?x ceo_of ?c'");
    CHECK(combination.out == "who\tx\tc\n");
    CHECK(combination.err == "no answers\n");
    auto bad = run_kg("--db " + db + " query '?who met'");
    CHECK(bad.exit_code == 1);
    CHECK(bad.err == "query:1:9: error: expected a name, a value or a variable\n  ?who met\n          ^\n");
    // Names reach SQLite as bound parameters, never as SQL text.
    auto sql = run_kg("--db " + db + " query --sql '?who met \"Lei Jun\"'");
    CHECK(sql.exit_code == 0);
    CHECK(sql.err.find("SELECT") != std::string::npos);
    CHECK(sql.err.find("Lei") == std::string::npos);
  }
}

TEST_SUITE("cli") {
  TEST_CASE("questions work on the default store, through the lexicon in triples/") {
    temp_dir tmp;
    const std::string env = "KG_DB= XDG_DATA_HOME=" + shell_quote(tmp.path("data"));
    auto r = run_kg("query 'who met Huang?'", "", env);
    CHECK(r.exit_code == 0);
    CHECK(r.out.starts_with("who\n"));
    CHECK(r.out.find("Ren Huabin\n") != std::string::npos);
    auto card = run_kg("query 'who is Lei Jun?'", "", env);
    CHECK(card.out.find("Lei Jun\tceo_of\tXiaomi\n") != std::string::npos);
  }

  TEST_CASE("the example script runs on the curated facts") {
    temp_dir tmp;
    const std::string env = "KG_DB= XDG_DATA_HOME=" + shell_quote(tmp.path("data"));
    auto r = run_kg("run " + shell_quote(std::string(KG_SOURCE_DIR) + "/examples/questions.kgq"), "", env);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("error") == std::string::npos);
    CHECK(r.out.find("Ren Huabin\tmet\tJensen Huang\n") != std::string::npos);
    CHECK(r.out.find("what\nRTX PRO\n") != std::string::npos);
    CHECK(r.out.find("who\twhen\tsources\nRen Huabin\t2025-07-15\t002_718fc69976c48c51:2\n") !=
          std::string::npos);
  }

  TEST_CASE("--timeout stops a slow query with exit code 6, Ctrl-C with 130") {
    temp_dir tmp;
    const auto db = shell_quote(tmp.path("slow.kg"));
    std::string rows = "subject\tpredicate\tobject\n";
    for (int i = 0; i < 300; ++i)
      rows += "n" + std::to_string(i) + "\tlinks\tn" + std::to_string((i * 7 + 1) % 300) + "\n";
    REQUIRE(run_kg("--db " + db + " import " + shell_quote(tmp.write("links.tsv", rows))).exit_code == 0);
    const std::string slow =
        "'count where ?a links ?b . ?c links ?d . ?e links ?f . ?g links ?h . ?i links ?j'";
    auto timed = run_kg("--db " + db + " query --timeout 200 " + slow);
    CHECK(timed.exit_code == 6);
    CHECK(timed.err == "kg: error: the query ran longer than 200 ms (--timeout)\n");
    // One SIGINT after half a second, as Ctrl-C sends it (--foreground: to kg
    // alone, not twice through the process group); `env` runs the command
    // after its assignments, and --preserve-status passes kg's exit code on.
    auto interrupted = run_kg("--db " + db + " query " + slow, "",
                              "KG_TEST=1 timeout --foreground --preserve-status -s INT 0.5");
    CHECK(interrupted.exit_code == 130);
    CHECK(interrupted.err == "kg: error: interrupted\n");
  }
}

namespace {

// The answers of a script, each as its header and its rows sorted: answers
// without order by may list their rows in any order.
std::vector<std::string> answer_blocks(const std::string& output) {
  std::vector<std::string> blocks;
  std::istringstream in(output);
  std::vector<std::string> lines;
  auto flush = [&] {
    if (lines.empty()) return;
    std::sort(lines.begin() + 1, lines.end());
    std::string b;
    for (const auto& l : lines) b += l + "\n";
    blocks.push_back(b);
    lines.clear();
  };
  for (std::string l; std::getline(in, l);) {
    if (l.empty())
      flush();
    else
      lines.push_back(l);
  }
  flush();
  return blocks;
}

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("examples/articles.kgq: every question about the articles gets its expected answer") {
    temp_dir tmp;
    std::string curated;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(KG_SOURCE_DIR) + "/triples"))
      if (entry.path().extension() == ".tsv") curated += " " + shell_quote(entry.path().string());
    const auto db = shell_quote(tmp.path("articles.kg"));
    REQUIRE(run_kg("--db " + db + " import" + curated).exit_code == 0);
    auto r =
        run_kg("--db " + db + " run " + shell_quote(std::string(KG_SOURCE_DIR) + "/examples/articles.kgq"));
    CHECK(r.exit_code == 0);
    CHECK(r.err == "");
    std::ifstream expected_file(std::string(KG_SOURCE_DIR) + "/tests/examples/articles.expected");
    std::stringstream expected;
    expected << expected_file.rdbuf();
    const auto got = answer_blocks(r.out), want = answer_blocks(expected.str());
    CHECK(want.size() >= 30);
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      CAPTURE(i);
      CHECK(got[i] == want[i]);
    }
  }
}

TEST_SUITE("cli") {
  TEST_CASE("add refuses a new name that may be a typo unless it says add new, and reports new names") {
    temp_dir tmp;
    const auto db = shell_quote(tmp.path("s.kg"));
    REQUIRE(run_kg("--db " + db + " import " + shell_quote(tmp.write("f.tsv", facts_tsv))).exit_code == 0);
    const auto before = run_kg("--db " + db + " export -").out;
    // A misspelt predicate, and a name close to an existing one (a swap of two letters counts as one edit).
    auto typo = run_kg("--db " + db + " query 'add \"Jensen Huang\" meet \"Lei Jun\"'");
    CHECK(typo.exit_code == 1);
    CHECK(typo.err.starts_with("query:1:20: error: new predicate 'meet'\n"));
    CHECK(typo.err.find("help: did you mean: met") != std::string::npos);
    CHECK(typo.err.find("add new") != std::string::npos);
    auto entity = run_kg("--db " + db + " query 'add \"Jensen Huang\" met Lei_Jnu'");
    CHECK(entity.exit_code == 1);
    CHECK(entity.err.starts_with("query:1:24: error: new entity 'Lei_Jnu'\n"));
    auto near = run_kg("--db " + db + " query 'add \"Jensen Huang\" met \"Lei Jnu\"'");
    CHECK(near.exit_code == 1);
    CHECK(near.err.starts_with("query:1:24: error: 'Lei Jnu' names no entity: as text, it may be a typo\n"));
    CHECK(near.err.find("did you mean: Lei Jun") != std::string::npos);
    // In a script too, with the script's line and column.
    auto script = run_kg("--db " + db + " run -", "?x met ?y\nadd \"Jensen Huang\" ceo_of Nvdia\n");
    CHECK(script.exit_code == 1);
    CHECK(script.err.starts_with("<stdin>:2:27: error: new entity 'Nvdia'"));
    CHECK(run_kg("--db " + db + " export -").out == before);  // nothing was written
    // Meant: add new, or .strict off.
    auto meant = run_kg("--db " + db + " query 'add new \"Jensen Huang\" meet \"Lei Jnu\"'");
    CHECK(meant.exit_code == 0);
    CHECK(meant.err == "added 1 statement; new: meet (predicate)\n");
    auto off = run_kg("--db " + db + " shell", ".strict off\nadd \"Jensen Huang\" met Nvdia\n");
    CHECK(off.exit_code == 0);
    CHECK(off.err == "added 1 statement; new: Nvdia (entity)\n");
    // A name close to nothing is created and reported as new.
    auto fresh = run_kg("--db " + db + " query 'add \"Jensen Huang\" met Zhang'");
    CHECK(fresh.exit_code == 0);
    CHECK(fresh.err == "added 1 statement; new: Zhang (entity)\n");
    // A qualifier key close to one in use is refused too.
    REQUIRE(run_kg("--db " + db + " query 'add \"Jensen Huang\" met Zhang {date: 2025-07-16}'").exit_code ==
            0);
    auto key = run_kg("--db " + db + " query 'add \"Jensen Huang\" met Zhang {dtae: 2025-07-17}'");
    CHECK(key.exit_code == 1);
    CHECK(key.err.starts_with("query:1:31: error: new qualifier key 'dtae'"));
    CHECK(key.err.find("did you mean: date") != std::string::npos);
    // "new" as a name still works where no whole fact follows it.
    auto named = run_kg("--db " + db + " query 'add new ceo_of Zhang'");
    CHECK(named.exit_code == 0);
    CHECK(named.err == "added 1 statement; new: new (entity)\n");
  }

  TEST_CASE("add creates the store it names, and a failed add leaves none behind") {
    temp_dir tmp;
    const auto path = tmp.path("new.kg");
    auto bad = run_kg("--db " + shell_quote(path) + " query 'add a b c {k: 1, k: 2}'");
    CHECK(bad.exit_code == 1);
    CHECK_FALSE(std::filesystem::exists(path));
    auto made = run_kg("--db " + shell_quote(path) + " query 'add Huang met Lei'");
    CHECK(made.exit_code == 0);
    CHECK(made.err == "added 1 statement; new: met (predicate), Huang (entity), Lei (entity)\n");
    CHECK(run_kg("--db " + shell_quote(path) + " query '?x met ?y'").out == "x\ty\nHuang\tLei\n");
  }

  TEST_CASE("kg with standard input not a terminal runs it as a script, like sqlite3") {
    temp_dir tmp;
    const auto db = shell_quote(tmp.path("s.kg"));
    REQUIRE(run_kg("--db " + db + " import " + shell_quote(tmp.write("f.tsv", facts_tsv))).exit_code == 0);
    auto piped = run_kg("--db " + db, "?x ceo_of Nvidia\n.mode csv\n?x ceo_of ?c\n");
    CHECK(piped.exit_code == 0);
    CHECK(piped.out == run_kg("--db " + db + " run -", "?x ceo_of Nvidia\n.mode csv\n?x ceo_of ?c\n").out);
    CHECK(piped.out.starts_with("x\nJensen Huang\n"));
    auto bad = run_kg("--db " + db, "?x ceo_of Nvidia\nselect ?x where\n?x flies ?y\n");
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.starts_with("<stdin>:3:4: error: unknown predicate 'flies'"));
  }
}

TEST_CASE("answers streamed row by row print exactly as answers held whole, in every mode") {
  temp_dir tmp;
  auto s = kg::test::new_store(tmp.path("s.kg"));
  // More rows than a streamed chunk (256) and a table's look-ahead (1,000),
  // of even widths so that the look-ahead sizes the columns right.
  std::string text = "subject\tpredicate\tobject\n";
  for (int i = 0; i < 2600; ++i)
    text += "Item " + std::to_string(10000 + i) + "\tweighs\t\"" + std::to_string(100000 + i) + " g\"\n";
  REQUIRE(kg::test::import_text(s, format::tsv, text));
  for (const auto& query :
       {std::string("?x weighs ?w"), std::string("?x weighs ?w order by ?x desc limit 1500"),
        std::string("?x weighs ?w filter ?w = \"none\"")})
    for (const auto& named : cli::output_mode_names)
      for (std::size_t max_rows : {std::size_t{0}, std::size_t{7}, std::size_t{8}}) {
        const std::string name(named.first);
        const auto mode = named.second;
        if (mode == cli::output_mode::dot) continue;
        cli::render_options o = cli::plain_options(mode);
        o.max_rows = max_rows;
        auto whole = kg::test::run_text(s, query);
        REQUIRE(whole);
        std::ostringstream whole_out, whole_err;
        cli::print_result(*whole, o, whole_out, whole_err);

        std::ostringstream out, err;
        cli::streamed_output stream(o, out, err);
        engine::run_options opts;
        opts.sink = &stream;
        auto streamed = kg::test::run_text(s, query, opts);
        REQUIRE(streamed);
        const auto& t = std::get<engine::table>(*streamed);
        CHECK(t.streamed);
        CHECK(t.rows.empty());  // nothing was held
        cli::print_result(*streamed, o, out, err, &stream);
        CHECK_MESSAGE(out.str() == whole_out.str(),
                      (query + " in " + name + ", max rows " + std::to_string(max_rows)));
        CHECK(err.str() == whole_err.str());
      }
}
