// Turtle, TriG and N-Quads (parser/rdf_syntax.cpp, store/export.cpp): the
// W3C suites from their manifests (positive syntax imports, negative
// syntax and negative evaluation are rejected with nothing written,
// evaluation gives the expected triples up to blank node names), every
// positive test round-trips through each RDF export, named graphs become
// source qualifiers, and errors are positioned.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "store/export.hpp"
#include "store/import.hpp"
#include "tests/helpers.hpp"

using namespace kg;

namespace {

using kg::test::quad;
using kg::test::read_rdf;

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

bool is_blank(const std::string& s) { return s.starts_with("_:"); }

// Whether two sets of quads are equal up to a renaming of blank nodes:
// a backtracking search over the blank nodes of a, each tried against
// the blank nodes of b used the same number of times in each position.
bool isomorphic(std::vector<quad> a, std::vector<quad> b) {
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  std::sort(b.begin(), b.end());
  b.erase(std::unique(b.begin(), b.end()), b.end());
  if (a.size() != b.size()) return false;
  const std::set<quad> in_b(b.begin(), b.end());
  auto signature = [](const std::vector<quad>& qs) {
    std::map<std::string, std::array<int, 4>> sig;
    for (const auto& q : qs)
      for (std::size_t k = 0; k < 4; ++k)
        if (is_blank(q[k])) ++sig[q[k]][k];
    return sig;
  };
  const auto sig_a = signature(a), sig_b = signature(b);
  if (sig_a.size() != sig_b.size()) return false;
  std::vector<std::string> blanks;
  for (const auto& [name, sig] : sig_a) blanks.push_back(name);
  std::map<std::string, std::string> to;
  std::set<std::string> taken;
  // Every quad of a whose blank nodes are all mapped is in b.
  auto consistent = [&] {
    for (const auto& q : a) {
      quad m = q;
      bool complete = true;
      for (auto& t : m)
        if (is_blank(t)) {
          auto it = to.find(t);
          if (it == to.end()) {
            complete = false;
            break;
          }
          t = it->second;
        }
      if (complete && !in_b.count(m)) return false;
    }
    return true;
  };
  std::function<bool(std::size_t)> search = [&](std::size_t i) {
    if (i == blanks.size()) return true;
    for (const auto& [name, sig] : sig_b) {
      if (taken.count(name) || sig != sig_a.at(blanks[i])) continue;
      to[blanks[i]] = name;
      taken.insert(name);
      if (consistent() && search(i + 1)) return true;
      to.erase(blanks[i]);
      taken.erase(name);
    }
    return false;
  };
  return search(0);
}

using kg::test::w3c_test;

std::vector<w3c_test> manifest(const std::string& dir, std::string& base) {
  auto tests = kg::test::w3c_manifest(dir, base);
  // The N-Quads manifest assumes none: its tests use absolute IRIs only.
  if (base.empty()) base = "http://www.w3.org/2013/N-QuadsTests/";
  return tests;
}

struct suite_counts {
  int positive = 0, negative = 0, eval = 0, negative_eval = 0;
};

// Runs one suite; returns how many tests of each kind ran (all must pass).
suite_counts run_suite(const std::string& dir, format f) {
  std::string base;
  const auto tests = manifest(dir, base);
  suite_counts n;
  kg::test::temp_dir tmp;
  for (const auto& t : tests) {
    CAPTURE(t.name);
    const std::string path = dir + "/" + t.action;
    const bool negative = t.type.find("Negative") != std::string::npos;
    auto store = kg::test::new_store(tmp.path(t.name + ".kg"));
    store::import_source src{path, f, std::nullopt, base + t.action};
    auto imported = store::import_sources(store, {src}, {});
    if (negative) {
      t.type.ends_with("Eval") ? ++n.negative_eval : ++n.negative;
      REQUIRE_FALSE(imported.has_value());
      CHECK(imported.error().code == errc::input);
      CHECK(render(imported.error()).find(": error: ") != std::string::npos);
      CHECK(kg::test::fingerprint(store).empty());
      continue;
    }
    CHECK_MESSAGE(imported.has_value(), (imported ? "" : render(imported.error())));
    if (!t.type.ends_with("Eval")) {
      ++n.positive;
      continue;
    }
    ++n.eval;
    const auto got = read_rdf(f, path, base + t.action);
    const auto want = read_rdf(f == format::turtle ? format::ntriples : format::nquads, dir + "/" + t.result,
                               base + t.result);
    REQUIRE(got.errors.empty());
    REQUIRE(want.errors.empty());
    CHECK(isomorphic(got.quads, want.quads));
  }
  return n;
}

// Runs the suite in ../shared/w3c/<folder> (skipped, saying so, when it
// is not there): all its tests pass, and there are `total` of them.
void check_suite(const std::string& folder, const std::string& label, format f, int total) {
  const auto dir = kg::test::w3c_suite(folder);
  if (dir.empty()) {
    MESSAGE("skipped: the W3C " << label << " suite (../shared/w3c/" << folder << ") is not there");
    return;
  }
  const auto n = run_suite(dir, f);
  MESSAGE(label << ": " << n.positive << " positive syntax, " << n.negative << " negative syntax, " << n.eval
                << " evaluation, " << n.negative_eval << " negative evaluation tests passed");
  CHECK(n.positive + n.negative + n.eval + n.negative_eval == total);
}

}  // namespace

TEST_SUITE("w3c") {
  TEST_CASE("the W3C Turtle suite: syntax and evaluation tests from its manifest") {
    check_suite("rdf-turtle", "Turtle", format::turtle, 313);
  }

  TEST_CASE("the W3C TriG suite: syntax and evaluation tests from its manifest") {
    check_suite("rdf-trig", "TriG", format::trig, 356);
  }

  TEST_CASE("the W3C N-Quads suite: positives import, negatives are rejected") {
    check_suite("rdf-n-quads", "N-Quads", format::nquads, 87);
  }

  TEST_CASE("every positive Turtle and TriG test round-trips through each RDF export") {
    for (const auto& [suite, f] :
         {std::pair{"rdf-turtle", format::turtle}, std::pair{"rdf-trig", format::trig}}) {
      const auto dir = kg::test::w3c_suite(suite);
      if (dir.empty()) {
        MESSAGE("skipped: the W3C suite " << suite << " is not there");
        continue;
      }
      std::string base;
      kg::test::temp_dir tmp;
      for (const auto& t : manifest(dir, base)) {
        if (t.type.find("Negative") != std::string::npos) continue;
        CAPTURE(t.name);
        auto a = kg::test::new_store(tmp.path(t.name + ".a.kg"));
        store::import_source src{dir + "/" + t.action, f, std::nullopt, base + t.action};
        REQUIRE(store::import_sources(a, {src}, {}));
        for (const auto out : {format::ntriples, format::nquads, format::turtle, format::trig}) {
          CAPTURE(format_name(out));
          std::ostringstream text;
          REQUIRE(store::export_facts(a, out, text));
          auto b = kg::test::new_store(tmp.path(t.name + "." + std::string(format_name(out)) + ".kg"));
          store::import_source back{"export." + std::string(format_name(out)), out, text.str(), "http://x/"};
          auto imported = store::import_sources(b, {back}, {});
          CHECK_MESSAGE(imported.has_value(), (imported ? "" : render(imported.error())) << "\n"
                                                                                         << text.str());
          CHECK(kg::test::fingerprint(b) == kg::test::fingerprint(a));
        }
      }
    }
  }
}

TEST_SUITE("import") {
  TEST_CASE("Turtle, TriG and N-Quads import by extension, a named graph becomes the source qualifier") {
    kg::test::temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("g.kg"));
    const std::string ttl = tmp.path("a.ttl"), trig = tmp.path("b.trig"), nq = tmp.path("c.nq");
    write_file(ttl,
               "@prefix ex: <http://example.org/> .\n"
               "ex:huang ex:met ex:ren , ex:lutnick ;\n"
               "  ex:age 62 .\n"
               "[] ex:says \"hello\"@en .\n");
    write_file(trig, "@prefix ex: <http://example.org/> .\nex:g1 { ex:huang ex:visited ex:beijing . }\n");
    write_file(nq, "<http://example.org/a> <http://example.org/b> \"c\" <http://example.org/g2> .\n");
    auto r = store::import_sources(s,
                                   {{ttl, std::nullopt, std::nullopt, std::nullopt},
                                    {trig, std::nullopt, std::nullopt, std::nullopt},
                                    {nq, std::nullopt, std::nullopt, std::nullopt}},
                                   {});
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : render(r.error())));
    CHECK(r->read == 6);
    auto visited =
        kg::test::query_text(s,
                             "select ?g where <http://example.org/huang> <http://example.org/visited> "
                             "<http://example.org/beijing> {source: ?g}");
    REQUIRE(visited);
    REQUIRE(visited->rows.size() == 1);
    CHECK(visited->rows[0][0]->lex == "http://example.org/g1");
    auto age =
        kg::test::query_text(s, "select ?a where <http://example.org/huang> <http://example.org/age> ?a");
    REQUIRE(age);
    REQUIRE(age->rows.size() == 1);
    CHECK(age->rows[0][0]->kind == term_kind::integer);
    // Two files' [] stay two blank nodes; the same file read twice adds nothing.
    auto again = store::import_sources(s, {{ttl, std::nullopt, std::nullopt, std::nullopt}}, {});
    REQUIRE(again);
    CHECK(again->added == 0);
  }

  TEST_CASE("relative IRIs resolve against the file, --base or the text's own @base") {
    kg::test::temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("b.kg"));
    auto r = store::import_sources(
        s,
        {{"x.ttl", format::turtle, std::string("<a> <b> <c> .\n@base <http://other/> .\n<d> <e> <../f> .\n"),
          std::string("http://example.org/dir/x.ttl")}},
        {});
    REQUIRE(r);
    auto a = kg::test::query_text(s,
                                  "count where <http://example.org/dir/a> <http://example.org/dir/b> "
                                  "<http://example.org/dir/c>");
    REQUIRE(a);
    CHECK(a->rows[0][0]->lex == "1");
    auto d = kg::test::query_text(s, "count where <http://other/d> <http://other/e> <http://other/f>");
    REQUIRE(d);
    CHECK(d->rows[0][0]->lex == "1");
  }

  TEST_CASE("a Turtle error is positioned with a caret, and nothing of the import is written") {
    kg::test::temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("e.kg"));
    for (const auto& [text, line, what] :
         {std::tuple{std::string("@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b ex:c ex:d .\n"), 3,
                     std::string("")},
          std::tuple{std::string("@prefix ex: <http://e/> .\n\nex:a nope:b ex:c .\n"), 3,
                     std::string("nope:")},
          std::tuple{std::string("<http://e/a> <http://e/b> \"unterminated .\n"), 1, std::string("")}}) {
      const std::string& t = text;
      CAPTURE(t);
      auto r = store::import_sources(s, {{"bad.ttl", format::turtle, text, std::string("http://e/")}}, {});
      REQUIRE_FALSE(r.has_value());
      CHECK(r.error().code == errc::input);
      const auto shown = render(r.error());
      CHECK(shown.find("bad.ttl:" + std::to_string(line) + ":") != std::string::npos);
      CHECK(shown.find('^') != std::string::npos);
      if (!what.empty()) {
        CHECK(shown.find(what) != std::string::npos);
        CHECK(shown.find(":" + std::to_string(line) + ":6: error") != std::string::npos);  // at the name
      }
      CHECK(kg::test::fingerprint(s).empty());
    }
  }

  TEST_CASE("qualifiers round-trip through Turtle, TriG and N-Quads, a source-only statement is a named graph") {
    kg::test::temp_dir tmp;
    auto a = kg::test::new_store(tmp.path("a.kg"));
    REQUIRE(kg::test::import_text(a, format::tsv,
                                  "subject\tpredicate\tobject\tsource\tdate\n"
                                  "Jensen Huang\tmet\tRen Huabin\t<http://news/1>\t2025-07-15\n"
                                  "Jensen Huang\tmet\tRen Huabin\t<http://news/2>\t\n"
                                  "Jensen Huang\tvisited\tBeijing\t<http://news/2>\t\n"
                                  "Nvidia\tbased_in\tSanta Clara\t\t\n"
                                  "Nvidia\temployees\t4000\tarticle 3\t\n"));
    for (const auto f : {format::turtle, format::trig, format::nquads, format::ntriples}) {
      CAPTURE(format_name(f));
      std::ostringstream text;
      REQUIRE(store::export_facts(a, f, text));
      if (f == format::trig) {
        CHECK(text.str().find("<http://news/2> {") != std::string::npos);
        CHECK(text.str().find("kg:visited kg:Beijing .\n}") != std::string::npos);
      }
      if (f == format::nquads)
        CHECK(text.str().find(
                  "<urn:kg:e:Jensen%20Huang> <urn:kg:e:visited> <urn:kg:e:Beijing> <http://news/2> .") !=
              std::string::npos);
      if (f == format::turtle) CHECK(text.str().find("@prefix kg: <urn:kg:e:> .") != std::string::npos);
      if (f == format::turtle || f == format::trig) {
        // Qualified statements are RDF 1.2 annotation blocks, not reifications.
        CHECK(text.str().find("kg:met kg:Ren%20Huabin {| kg:source <http://news/1> ; kg:date "
                              "\"2025-07-15\"^^xsd:date |}") != std::string::npos);
        CHECK(text.str().find("rdf:Statement") == std::string::npos);
      }
      auto b = kg::test::new_store(tmp.path("b." + std::string(format_name(f)) + ".kg"));
      auto r = kg::test::import_text(b, f, text.str());
      REQUIRE_MESSAGE(r.has_value(), (r ? "" : render(r.error())) << "\n" << text.str());
      CHECK(kg::test::fingerprint(b) == kg::test::fingerprint(a));
    }
  }

  TEST_CASE("RDF 1.2 annotation blocks are qualified statements, wherever an object may carry one") {
    kg::test::temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("s.kg"));
    // Annotation-like text inside strings, long strings, IRIs and comments
    // stays text; escaped quotes and names do not open strings.
    const std::string text =
        "@prefix ex: <http://e/> .\n@prefix k: <urn:kg:e:> .\n"
        "ex:a ex:p ex:b {| k:when \"2024\" ; k:src ex:news |} , ex:c ;\n"
        "  ex:q [ ex:r ex:s {| k:k 1 |} ] {| k:k 2 |} {| k:k 3 ; k:j \"x {| y |} \\\"\" |} .\n"
        "ex:d ex:p \"\"\"long \"\" {| \"\n|} \"\"\" {| k:k 4 |} . # a comment {| k:k 5 |}\n"
        "ex:e ex:p ( 1 2 ) {| k:k <http://e/x#y> |} ; ex:t ex:a\\'b {| k:k 'q {| \\' |}' |} .\n"
        "ex:f ex:p ex:b {| k:k [ ex:v 6 ] |} .\n";
    auto r = kg::test::import_text(s, format::turtle, text, "a.ttl");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : render(r.error())));
    CHECK(r->read == 14);  // 6 bare facts and 8 qualified statements
    const auto rows_in = [&](store::triple_store& st, const std::string& q) {
      auto t = kg::test::query_text(st, q);
      REQUIRE_MESSAGE(t.has_value(), (t ? "" : t.error()));
      std::multiset<std::string> out;
      for (const auto& row : t->rows) {
        std::string line;
        for (const auto& cell : row) line += (cell ? to_ntriples(*cell) : std::string("-")) + " ";
        out.insert(line);
      }
      return out;
    };
    const auto rows = [&](const std::string& q) { return rows_in(s, q); };
    CHECK(rows("select ?w ?s where <http://e/a> <http://e/p> <http://e/b> {when: ?w, src: ?s}") ==
          std::multiset<std::string>{"\"2024\" <http://e/news> "});
    CHECK(rows("select ?k where <http://e/a> <http://e/q> ?o {k: ?k}") ==
          std::multiset<std::string>{"\"2\"^^<http://www.w3.org/2001/XMLSchema#integer> ",
                                     "\"3\"^^<http://www.w3.org/2001/XMLSchema#integer> "});
    CHECK(rows("select ?j where <http://e/a> <http://e/q> ?o {j: ?j}") ==
          std::multiset<std::string>{"\"x {| y |} \\\"\" "});
    CHECK(rows("select ?k where ?x <http://e/r> <http://e/s> {k: ?k}") ==
          std::multiset<std::string>{"\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> "});
    CHECK(rows("select ?o ?k where <http://e/d> <http://e/p> ?o {k: ?k}") ==
          std::multiset<std::string>{
              "\"long \\\"\\\" {| \\\"\\n|} \" \"4\"^^<http://www.w3.org/2001/XMLSchema#integer> "});
    CHECK(rows("select ?k where <http://e/e> <http://e/p> ?l {k: ?k}") ==
          std::multiset<std::string>{"<http://e/x#y> "});
    CHECK(rows("select ?k where <http://e/e> <http://e/t> <http://e/a'b> {k: ?k}") ==
          std::multiset<std::string>{"\"q {| ' |}\" "});
    CHECK(rows("select ?v where <http://e/f> <http://e/p> <http://e/b> {k: ?n} . ?n <http://e/v> ?v") ==
          std::multiset<std::string>{"\"6\"^^<http://www.w3.org/2001/XMLSchema#integer> "});
    // Facts: no annotation left a triple of its own behind, and the comment
    // stayed a comment.
    CHECK(rows("count where ?s ?p ?o") ==
          std::multiset<std::string>{"\"13\"^^<http://www.w3.org/2001/XMLSchema#integer> "});

    // Keys that are IRIs are named in angle brackets or as prefixed names,
    // in queries, updates and why.
    auto iri_keys = kg::test::new_store(tmp.path("i.kg"));
    REQUIRE(kg::test::import_text(iri_keys, format::turtle,
                                  "@prefix ex: <http://e/> .\nex:a ex:p ex:b {| ex:when \"2024\" ; ex:src "
                                  "ex:news |} , ex:c {| ex:when \"2025\" |} .\n",
                                  "i.ttl"));
    CHECK(rows_in(iri_keys, "select ?o ?w where <http://e/a> <http://e/p> ?o {<http://e/when>: ?w}") ==
          std::multiset<std::string>{"<http://e/b> \"2024\" ", "<http://e/c> \"2025\" "});
    CHECK(rows_in(iri_keys,
                  "prefix ex: <http://e/> select ?w ?s where ex:a ex:p ?o {ex:when: ?w, ex:src: ?s}") ==
          std::multiset<std::string>{"\"2024\" <http://e/news> "});
    CHECK(rows_in(iri_keys, "prefix ex: <http://e/> select ?o where ex:a ex:p ?o {ex:when : \"2025\"}") ==
          std::multiset<std::string>{"<http://e/c> "});
    REQUIRE(kg::test::change_text(iri_keys, "prefix ex: <http://e/> add ex:d ex:p ex:e {ex:when: \"2026\"}"));
    std::ostringstream annotated;
    REQUIRE(store::export_facts(iri_keys, format::turtle, annotated));
    CHECK(annotated.str().find("ex:d ex:p ex:e {| ex:when \"2026\" |}") != std::string::npos);
    CHECK(rows_in(iri_keys, "why <http://e/a> <http://e/p> <http://e/b> {<http://e/src>: <http://e/news>}")
              .size() == 1);
    const auto unknown = kg::test::query_text(iri_keys, "select ?w where ?s ?p ?o {<http://e/nope>: ?w}");
    REQUIRE_FALSE(unknown.has_value());
    CHECK(unknown.error().find("unknown qualifier '<http://e/nope>'") != std::string::npos);
    CHECK(unknown.error().find("<http://e/when>") != std::string::npos);  // the keys there are
    const auto undeclared = kg::test::query_text(iri_keys, "select ?w where ?s ?p ?o {nope:k: ?w}");
    REQUIRE_FALSE(undeclared.has_value());
    CHECK(undeclared.error().find("1:27: error: undefined prefix 'nope:'") != std::string::npos);

    // An object of many nested nodes keeps its annotation.
    std::string list = "<http://e/g> <http://e/p> (";
    for (int i = 0; i < 300; ++i) list += " [ <http://e/v> " + std::to_string(i) + " ]";
    list += " ) {| <urn:kg:e:k> 8 |} .\n";
    auto l = kg::test::new_store(tmp.path("l.kg"));
    REQUIRE(kg::test::import_text(l, format::turtle, list, "l.ttl"));
    CHECK(rows_in(l, "select ?k where <http://e/g> <http://e/p> ?x {k: ?k}") ==
          std::multiset<std::string>{"\"8\"^^<http://www.w3.org/2001/XMLSchema#integer> "});
    CHECK(rows_in(l, "count where ?s <http://e/v> ?o") ==
          std::multiset<std::string>{"\"300\"^^<http://www.w3.org/2001/XMLSchema#integer> "});

    // In TriG, a named graph's annotated triple keeps its graph as source.
    auto g = kg::test::new_store(tmp.path("g.kg"));
    REQUIRE(kg::test::import_text(
        g, format::trig, "<http://e/g> { <http://e/a> <http://e/p> <http://e/b> {| <urn:kg:e:k> 7 |} }\n",
        "g.trig"));
    CHECK(rows_in(g, "select ?g ?k where <http://e/a> <http://e/p> <http://e/b> {source: ?g, k: ?k}") ==
          std::multiset<std::string>{"<http://e/g> \"7\"^^<http://www.w3.org/2001/XMLSchema#integer> "});
  }

  TEST_CASE("RDF 1.2 syntax kg does not read, and broken annotation blocks, are positioned errors") {
    kg::test::temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("e.kg"));
    for (const auto& [text, at, what] : {
             std::tuple{"<http://e/a> <http://e/p> << <http://e/a> <http://e/b> <http://e/c> >> .\n",
                        "bad.ttl:1:27:", "triple terms"},
             std::tuple{"<http://e/a> <http://e/p> <http://e/b> ~ <http://e/r> .\n",
                        "bad.ttl:1:40:", "reifiers"},
             std::tuple{"<http://e/a> <http://e/p> <http://e/b> {| |} .\n",
                        "bad.ttl:1:", "names no qualifier"},
             std::tuple{
                 "<http://e/a> <http://e/p> <http://e/b> {| <http://e/k> 1 {| <http://e/k> 2 |} |} .\n",
                 "bad.ttl:1:", "inside an annotation block"},
             std::tuple{"<http://e/a> <http://e/p> <http://e/b> {| <http://e/k> 1 ; <http://e/k> 2 |} .\n",
                        "bad.ttl:1:", "given twice"},
             std::tuple{"<http://e/a> <http://e/p> <http://e/b> .\n<http://e/c> {| <http://e/k> 1 |} .\n",
                        "bad.ttl:2:", ""},
         }) {
      const std::string t = text;
      CAPTURE(t);
      auto r = store::import_sources(s, {{"bad.ttl", format::turtle, t, std::string("http://e/")}}, {});
      REQUIRE_FALSE(r.has_value());
      const auto shown = render(r.error());
      CAPTURE(shown);
      CHECK(shown.find(at) != std::string::npos);
      CHECK(shown.find(what) != std::string::npos);
      CHECK(shown.find('^') != std::string::npos);
      CHECK(kg::test::fingerprint(s).empty());
    }
  }

  TEST_CASE(
      "a large Turtle text read as two halves answers as read whole: prefixes, [] and labels, long strings") {
    // Over 4 MiB: import reads it on two threads when it can, cut at a line
    // ending with '.' near the middle, and keeps that reading only when it
    // fits; else it reads the text whole. Either way the answers are these.
    for (const bool long_string_at_middle : {false, true}) {
      CAPTURE(long_string_at_middle);
      const int n = 60000;
      std::string text = "@prefix ex: <http://example.org/> .\n@prefix v: <http://first/> .\n";
      int before = 0;
      std::string long_text;
      for (int i = 0; i < n; ++i) {
        const auto s = "ex:s" + std::to_string(i);
        text += s + " ex:p [ ex:q " + std::to_string(i) + " ] .\n_:shared ex:r " + s + " .\n" + s + " v:t " +
                std::to_string(i) + " .\n";
        if (i < n * 2 / 5) ++before;
        if (i == n * 2 / 5) text += "PREFIX v: <http://second/>\n";
        if (long_string_at_middle && i == n / 2 - 200) {
          // Lines ending with '.' and a directive, all inside one string.
          for (int k = 0; k < 2000; ++k)
            long_text += "line " + std::to_string(k) + " .\n@prefix v: <http://wrong/> .\n";
          text += "ex:long ex:text \"\"\"" + long_text + "\"\"\" .\n";
        }
      }
      REQUIRE(text.size() > (4u << 20));
      kg::test::temp_dir tmp;
      auto s = kg::test::new_store(tmp.path("s.kg"));
      auto r = kg::test::import_text(s, format::turtle, text, "big.ttl");
      REQUIRE_MESSAGE(r.has_value(), (r ? "" : render(r.error())));
      auto count = [&](const std::string& q) {
        auto t = kg::test::query_text(s, "PREFIX ex: <http://example.org/> " + q);
        REQUIRE_MESSAGE(t, t.error());
        return t->rows.at(0).at(0)->lex;
      };
      // Every [] its own node, in either half.
      CHECK(count("SELECT (COUNT(DISTINCT ?b) AS ?c) { ?s ex:p ?b }") == std::to_string(n));
      CHECK(count("SELECT (COUNT(DISTINCT ?b) AS ?c) { ?s ex:p ?b . ?b ex:q ?i }") == std::to_string(n));
      // One _:shared in both halves.
      CHECK(count("SELECT (COUNT(DISTINCT ?x) AS ?c) { ?x ex:r ?s }") == "1");
      CHECK(count("SELECT (COUNT(*) AS ?c) { ?x ex:r ?s }") == std::to_string(n));
      // The prefix as declared where each statement stands.
      CHECK(count("SELECT (COUNT(*) AS ?c) { ?s <http://first/t> ?o }") == std::to_string(before + 1));
      CHECK(count("SELECT (COUNT(*) AS ?c) { ?s <http://second/t> ?o }") == std::to_string(n - before - 1));
      CHECK(count("SELECT (COUNT(*) AS ?c) { ?s <http://wrong/t> ?o }") == "0");
      if (long_string_at_middle)
        CHECK(count("SELECT (STRLEN(?t) AS ?c) { ex:long ex:text ?t }") == std::to_string(long_text.size()));
    }
  }
}
