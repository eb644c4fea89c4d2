// Export: import -> export -> import into a fresh store gives the same set
// of facts and statements, in every format, for every term kind.
#include <doctest/doctest.h>

#include <sstream>

#include "store/export.hpp"
#include "tests/helpers.hpp"

using namespace kg;
using kg::test::fingerprint;
using kg::test::temp_dir;

namespace {

// One fact per term kind in object position, plus qualifiers of every kind,
// awkward names, a fact with two statements and RDF-only terms.
const std::string every_kind_nt = R"(<urn:kg:e:Jensen%20Huang> <urn:kg:e:ceo_of> <urn:kg:e:Nvidia> .
<urn:kg:e:Nvidia> <urn:kg:e:homepage> <http://nvidia.example/a%20b?q=1#x> .
<urn:kg:e:Nvidia> <urn:kg:e:related> _:b1 .
_:b1 <urn:kg:e:label> "line\nbreak \"quoted\" \\ tab\t é \u0001" .
<urn:kg:e:Nvidia> <urn:kg:e:name> "Nvidia"@en .
<urn:kg:e:Nvidia> <urn:kg:e:name> "英伟达"@zh-Hans .
<urn:kg:e:Nvidia> <urn:kg:e:public> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<urn:kg:e:Nvidia> <urn:kg:e:employees_in_china> "4000"^^<http://www.w3.org/2001/XMLSchema#integer> .
<urn:kg:e:Nvidia> <urn:kg:e:odd_integer> "+7"^^<http://www.w3.org/2001/XMLSchema#integer> .
<urn:kg:e:Nvidia> <urn:kg:e:market_value_trillion_usd> "4.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .
<urn:kg:e:Huang> <urn:kg:e:visited> <urn:kg:e:Beijing> .
<urn:kg:e:Huang> <urn:kg:e:on> "2025-07-15"^^<http://www.w3.org/2001/XMLSchema#date> .
<urn:kg:e:Huang> <urn:kg:e:in> "2025-04"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> .
<urn:kg:e:Huang> <urn:kg:e:since> "2025"^^<http://www.w3.org/2001/XMLSchema#gYear> .
<urn:kg:e:42> <urn:kg:e:is> <urn:kg:e:2025-07-15> .
<urn:kg:e:%22q%22> <urn:kg:e:%3Ca%3E> <urn:kg:e:%23hash> .
<http://example.org/s> <http://example.org/p> "plain" .
)";

const std::string qualifiers_tsv =
    "subject\tpredicate\tobject\tdate\tplace\tsource\tline\tnote\tweight\tlabel\n"
    "Huang\tvisited\tBeijing\t2025-07-15\tBeijing\tA1\t2\t\"first, \\\"quoted\\\"\"\t0.5\t\"x\"@en\n"
    "Huang\tvisited\tBeijing\t2025-04\t\tA2\t9\t\t\t\n"
    "Huang\tvisited\tBeijing\t\t\t\t\t\t\t\n"
    "Huang\tmet\tLei Jun\t\"2025\"^^xsd:gYear\t<http://ex/place>\t_:src\t-1\t\"tab\\there\"\t\t\n"
    // A blank subject with qualifiers: its reification is deferred like the fact itself.
    "_:z\tp\tb\t2024-01-03\t\t\t\t\t\t\n"
    "_:z\tp\tb\t\t\t\t\t\t\t\n";

}  // namespace

TEST_SUITE("export") {
  TEST_CASE("import, export and import into a fresh store give the same facts, in every format") {
    temp_dir tmp;
    auto original = kg::test::new_store(tmp.path("original.kg"));
    REQUIRE(kg::test::import_text(original, format::ntriples, every_kind_nt, "kinds.nt"));
    REQUIRE(kg::test::import_text(original, format::tsv, qualifiers_tsv, "quals.tsv"));
    const auto expected = fingerprint(original);
    // Every term kind made it in.
    CHECK(original.db().scalar("SELECT count(DISTINCT kind) FROM terms") == 9);
    CHECK(original.db().scalar("SELECT count(*) FROM qualifiers") > 10);

    for (auto f : {format::tsv, format::csv, format::ntriples}) {
      CAPTURE(format_name(f));
      std::ostringstream out;
      auto n = store::export_facts(original, f, out);
      REQUIRE(n);
      CHECK(*n == static_cast<std::uint64_t>(original.db().scalar("SELECT count(*) FROM facts")));
      auto copy = kg::test::new_store(tmp.path(std::string("copy.") + std::string(format_name(f)) + ".kg"));
      auto r = kg::test::import_text(copy, f, out.str(), "export");
      REQUIRE_MESSAGE(r, (r ? "" : r.error().message));
      CHECK(fingerprint(copy) == expected);
      // Nothing but the store's own terms: no reification nodes, no rdf: vocabulary.
      CHECK(copy.db().scalar("SELECT count(*) FROM terms") ==
            original.db().scalar("SELECT count(*) FROM terms"));
      // Read back, every statement counts once, as the original import counted them.
      CHECK(r->added ==
            static_cast<std::uint64_t>(
                original.db().scalar("SELECT count(*) FROM (SELECT DISTINCT s, p, o, grp FROM qualifiers)") +
                original.db().scalar("SELECT count(*) FROM facts f WHERE NOT EXISTS (SELECT 1 FROM "
                                     "qualifiers q WHERE q.s = f.s AND q.p = f.p AND q.o = f.o)")));
    }
  }

  TEST_CASE("TSV export has a header with one column per qualifier key and a row per statement") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("tsv.kg"));
    REQUIRE(kg::test::import_text(s, format::tsv,
                                  "subject\tpredicate\tobject\tsource\tdate\n"
                                  "Huang\tmet\tLei Jun\tA1\t2025-07-15\n"
                                  "Huang\tmet\tLei Jun\tA2\t\n"
                                  "Lei Jun\tceo_of\tXiaomi\t\t\n"));
    std::ostringstream out;
    REQUIRE(store::export_facts(s, format::tsv, out));
    CHECK(out.str() ==
          "subject\tpredicate\tobject\tdate\tsource\n"
          "Huang\tmet\tLei Jun\t2025-07-15\tA1\n"
          "Huang\tmet\tLei Jun\t\tA2\n"
          "Lei Jun\tceo_of\tXiaomi\t\t\n");
  }

  TEST_CASE("qualifier keys named like the columns survive a TSV and CSV round trip") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("keys.kg"));
    REQUIRE(kg::test::import_text(
        s, format::tsv,
        "subject\tpredicate\tobject\t<urn:kg:e:Subject>\t<urn:kg:e:%20object>\t<urn:kg:e:PREDICATE>\n"
        "a\tp\tb\tx\ty\tz\n"));
    for (auto f : {format::tsv, format::csv}) {
      std::ostringstream out;
      REQUIRE(store::export_facts(s, f, out));
      auto copy = kg::test::new_store(tmp.path(std::string("keys.") + std::string(format_name(f)) + ".kg"));
      auto r = kg::test::import_text(copy, f, out.str());
      REQUIRE_MESSAGE(r, (r ? "" : r.error().message));
      CHECK(fingerprint(copy) == fingerprint(s));
    }
  }

  TEST_CASE("N-Triples export labels reification nodes apart from the store's blank nodes") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("labels.kg"));
    REQUIRE(kg::test::import_text(s, format::tsv,
                                  "subject\tpredicate\tobject\tsource\n"
                                  "_:kgq1\tp\to\tA\n"));
    std::ostringstream out;
    REQUIRE(store::export_facts(s, format::ntriples, out));
    CHECK(out.str().find("_:kgqx1 ") != std::string::npos);
    auto copy = kg::test::new_store(tmp.path("labels2.kg"));
    REQUIRE(kg::test::import_text(copy, format::ntriples, out.str()));
    CHECK(fingerprint(copy) == fingerprint(s));
  }
}
