// Prefixes (parser/prefixes.hpp): declared in kg's language and SPARQL,
// kept in the store from imported Turtle and .prefix, well-known ones
// predeclared, prefixed names in the output people read and in Turtle.
#include <doctest/doctest.h>

#include <sstream>

#include "parser/query.hpp"
#include "store/export.hpp"
#include "store/import.hpp"
#include "tests/helpers.hpp"

using namespace kg;
using kg::test::run_kg;
using kg::test::shell_quote;
using kg::test::temp_dir;

namespace {

namespace ast = query::ast;

// The terms a pattern query's first pattern holds, in order s, p, o.
std::vector<term> first_pattern(const query::parsed_query& q) {
  const auto* pq = boost::get<ast::pattern_query>(&q.tree.get());
  REQUIRE(pq);
  REQUIRE(!pq->where.elements.empty());
  const auto* t = boost::get<ast::triple>(&pq->where.elements.front().get());
  REQUIRE(t);
  std::vector<term> out;
  for (const ast::node* n : {&t->subject, &t->predicate.predicate, &t->object}) {
    if (const auto* l = boost::get<ast::literal>(&n->get()))
      out.push_back(l->value);
    else if (const auto* v = boost::get<ast::name>(&n->get()))
      out.push_back(term{term_kind::entity, v->text, {}});
    else
      out.push_back(term{term_kind::text, "?" + boost::get<ast::variable>(n->get()).name, {}});
  }
  return out;
}

std::string error_of(const std::string& text, const prefix_list* known = nullptr) {
  auto q = query::parse(text, "query", 0, std::string::npos, known);
  REQUIRE_FALSE(q.has_value());
  return render(q.error());
}

const std::string people_ttl =
    "@prefix ex: <http://example.org/> .\n"
    "@prefix : <http://example.org/people/> .\n"
    ":alice ex:knows :bob ; ex:age 42 .\n"
    ":bob ex:knows :carol .\n";

}  // namespace

TEST_SUITE("prefixes") {
  TEST_CASE("a prefixed name is written with the longest namespace whose rest is a plain local part") {
    prefix_list p = {{"ex", "http://example.org/"}, {"people", "http://example.org/people/"}};
    CHECK(compact_iri(p, "http://example.org/people/alice") == "people:alice");
    CHECK(compact_iri(p, "http://example.org/knows") == "ex:knows");
    CHECK(compact_iri(p, "http://example.org/a.b:c%20d") == "ex:a.b:c%20d");
    CHECK(compact_iri(p, "http://example.org/a b") == std::nullopt);
    CHECK(compact_iri(p, "http://example.org/ends.") == std::nullopt);
    CHECK(compact_iri(p, "http://other.org/x") == std::nullopt);
    // A later declaration of a name hides the earlier one.
    declare(p, "ex", "http://elsewhere.org/");
    CHECK(compact_iri(p, "http://example.org/knows") == std::nullopt);
    CHECK(find_prefix(p, "ex") == "http://elsewhere.org/");
    CHECK(valid_prefix_name(""));
    CHECK(valid_prefix_name("ex-1.b"));
    CHECK_FALSE(valid_prefix_name("1ex"));
    CHECK_FALSE(valid_prefix_name("ex."));
    CHECK_FALSE(valid_prefix_name("_ex"));
  }

  TEST_CASE("kg's language reads prefixed names with declared, known and well-known prefixes") {
    auto q = query::parse("prefix ex: <http://example.org/> ?x ex:knows ex:bob");
    REQUIRE(q);
    CHECK_FALSE(q->declarations_only);
    REQUIRE(q->declared.size() == 1);
    CHECK(q->declared.front() == prefix{"ex", "http://example.org/"});
    auto t = first_pattern(*q);
    CHECK(t[1] == make_iri("http://example.org/knows"));
    CHECK(t[2] == make_iri("http://example.org/bob"));

    // Known prefixes, the empty one, a dot inside a name, an escape, and a
    // final '.' that ends the pattern.
    const prefix_list known = {{"", "http://e.org/"}, {"ex", "http://example.org/"}};
    auto k = query::parse("?x :a.b ex:c\\,d. ?x ex:p ?y", "query", 0, std::string::npos, &known);
    REQUIRE(k);
    t = first_pattern(*k);
    CHECK(t[1] == make_iri("http://e.org/a.b"));
    CHECK(t[2] == make_iri("http://example.org/c,d"));

    // Well-known ones, and kg: for kg's own entities.
    auto w = query::parse("?x rdf:type kg:Nvidia");
    REQUIRE(w);
    t = first_pattern(*w);
    CHECK(t[1] == make_iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"));
    CHECK(t[2] == term{term_kind::entity, "Nvidia", {}});

    // A datatype may be a prefixed name.
    auto d = query::parse("prefix ex: <http://example.org/> ?x ?p \"5\"^^ex:dt");
    REQUIRE(d);
    t = first_pattern(*d);
    CHECK(t[2] == make_typed("5", "http://example.org/dt"));
  }

  TEST_CASE("a statement of declarations only is kept apart, and prefix alone is still a name") {
    auto q = query::parse("prefix ex: <http://example.org/>\nprefix ab: <urn:ab:>");
    REQUIRE(q);
    CHECK(q->declarations_only);
    CHECK(q->declared.size() == 2);
    // A pattern about an entity named prefix.
    auto p = query::parse("prefix met Huang");
    REQUIRE(p);
    CHECK_FALSE(p->declarations_only);
    CHECK(first_pattern(*p)[0] == term{term_kind::entity, "prefix", {}});
  }

  TEST_CASE("qualifiers still read key: value, also without a blank, and {ex:a ...} is a group") {
    auto q = query::parse("prefix ex: <http://e/> ?x met Huang {date:2025}");
    REQUIRE(q);
    CHECK(query::to_string(q->tree).find("{date: 2025}") != std::string::npos);
    auto g = query::parse("prefix ex: <http://e/> ?x met Huang {ex:a ex:p ?o}");
    REQUIRE(g);
    CHECK(query::to_string(g->tree).find("{date") == std::string::npos);
    CHECK(query::to_string(g->tree).find("ex:a ex:p ?o") != std::string::npos);
  }

  TEST_CASE("an undefined prefix and a malformed declaration are positioned errors") {
    CHECK(error_of("?x zz:knows ?y") == "query:1:4: error: undefined prefix 'zz:'\n  ?x zz:knows ?y\n     ^");
    CHECK(error_of("?x ?p \"5\"^^zz:dt") ==
          "query:1:12: error: undefined prefix 'zz:'\n  ?x ?p \"5\"^^zz:dt\n             ^");
    CHECK(error_of("prefix ex: http://example.org/") ==
          "query:1:12: error: expected the prefix's IRI in angle brackets: <http://...>\n"
          "  prefix ex: http://example.org/\n             ^");
    // explain may come first, as in SPARQL.
    auto x = query::parse("explain prefix ex: <http://e/> ?x ex:p ?y");
    REQUIRE(x);
    CHECK(x->explain);
    CHECK(first_pattern(*x)[1] == make_iri("http://e/p"));
    // A declaration is for what follows it, not before.
    CHECK(error_of("?x ex:p ?y . prefix ex: <http://e/>").find("undefined prefix 'ex:'") !=
          std::string::npos);
  }

  TEST_CASE("SPARQL reads the known prefixes too, and its own override them") {
    const prefix_list known = {{"ex", "http://example.org/"}};
    auto q = query::parse("SELECT ?x WHERE { ?x ex:knows ?y }", "query", 0, std::string::npos, &known);
    REQUIRE(q);
    CHECK(q->sparql);
    CHECK(query::to_string(q->tree).find("<http://example.org/knows>") != std::string::npos);
    auto own = query::parse("PREFIX ex: <http://other.org/> SELECT ?x WHERE { ?x ex:knows ?y }", "query", 0,
                            std::string::npos, &known);
    REQUIRE(own);
    CHECK(query::to_string(own->tree).find("<http://other.org/knows>") != std::string::npos);
    // PREFIX lines alone are declarations, not a SPARQL query.
    auto alone = query::parse("PREFIX ex: <http://other.org/>");
    REQUIRE(alone);
    CHECK(alone->declarations_only);
  }

  TEST_CASE("importing Turtle keeps its prefixes in the store, in its one transaction") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("s.kg"));
    store::import_options dry;
    dry.dry_run = true;
    auto r = store::import_sources(s, {{"-", format::turtle, people_ttl}}, dry);
    REQUIRE(r);
    CHECK(r->prefixes == 2);
    CHECK(store::stored_prefixes(s)->empty());
    // A file with an error keeps nothing.
    CHECK_FALSE(kg::test::import_text(s, format::turtle, people_ttl + "oops", "bad.ttl"));
    CHECK(store::stored_prefixes(s)->empty());
    REQUIRE(kg::test::import_text(s, format::turtle, people_ttl, "people.ttl"));
    const prefix_list want = {{"", "http://example.org/people/"}, {"ex", "http://example.org/"}};
    CHECK(*store::stored_prefixes(s) == want);
    // A later import redeclaring a name replaces it; save_prefix adds and forgets.
    REQUIRE(kg::test::import_text(s, format::turtle, "@prefix ex: <http://example.com/> .\n", "re.ttl"));
    REQUIRE(store::save_prefix(s, "zz", "urn:zz:"));
    const prefix_list after = {
        {"", "http://example.org/people/"}, {"ex", "http://example.com/"}, {"zz", "urn:zz:"}};
    CHECK(*store::stored_prefixes(s) == after);
    REQUIRE(store::save_prefix(s, "zz", ""));
    CHECK(store::stored_prefixes(s)->size() == 2);
    // Every prefix a statement may use: the well-known ones, then the store's.
    const auto all = store::store_prefixes(s);
    REQUIRE(all);
    CHECK(find_prefix(*all, "rdf") == "http://www.w3.org/1999/02/22-rdf-syntax-ns#");
    CHECK(find_prefix(*all, "ex") == "http://example.com/");
  }

  TEST_CASE("Turtle export declares the stored prefixes and writes names with them") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("s.kg"));
    REQUIRE(kg::test::import_text(s, format::turtle, people_ttl, "people.ttl"));
    // A stored prefix may not rename a well-known one in the export.
    REQUIRE(store::save_prefix(s, "rdf", "http://example.org/notrdf#"));
    std::ostringstream out;
    REQUIRE(store::export_facts(s, format::turtle, out));
    const auto ttl = out.str();
    CHECK(ttl.find("@prefix ex: <http://example.org/> .\n") != std::string::npos);
    CHECK(ttl.find("@prefix : <http://example.org/people/> .\n") != std::string::npos);
    CHECK(ttl.find("@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n") != std::string::npos);
    CHECK(ttl.find("notrdf") == std::string::npos);
    CHECK(ttl.find(":alice ex:knows :bob ;\n    ex:age 42 .\n") != std::string::npos);
    // And it reads back to the same facts.
    auto copy = kg::test::new_store(tmp.path("copy.kg"));
    REQUIRE(kg::test::import_text(copy, format::turtle, ttl, "copy.ttl"));
    CHECK(kg::test::fingerprint(copy) == kg::test::fingerprint(s));
  }

  TEST_CASE("the command line: stored prefixes in queries, prefixed names in tables, full IRIs in TSV") {
    temp_dir tmp;
    const auto db = "--db " + shell_quote(tmp.path("s.kg"));
    REQUIRE(run_kg(db + " import " + shell_quote(tmp.write("people.ttl", people_ttl))).exit_code == 0);
    auto tsv = run_kg(db + " query " + shell_quote("select ?y where :alice ex:knows ?y"));
    CHECK(tsv.exit_code == 0);
    CHECK(tsv.out == "y\n<http://example.org/people/bob>\n");
    auto table = run_kg(db + " query --format table " + shell_quote("?x ex:knows ?y"));
    CHECK(table.exit_code == 0);
    CHECK(table.out.find(":alice  :bob") != std::string::npos);
    auto sparql = run_kg(db + " query " + shell_quote("SELECT ?x WHERE { ?x ex:knows :bob }"));
    CHECK(sparql.out == "x\n<http://example.org/people/alice>\n");
    auto bad = run_kg(db + " query " + shell_quote("?x zz:knows ?y"));
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("undefined prefix 'zz:'") != std::string::npos);
  }

  TEST_CASE("a script's prefix statements hold for the statements after them, and .prefix keeps one") {
    temp_dir tmp;
    const auto db = "--db " + shell_quote(tmp.path("s.kg"));
    REQUIRE(run_kg(db + " import " + shell_quote(tmp.write("people.ttl", people_ttl))).exit_code == 0);
    const std::string script =
        ".mode table\n"
        "prefix p: <http://example.org/people/>\n"
        "select ?y\n"
        "  where p:alice ex:knows ?y\n"
        "PREFIX q: <http://example.org/>\n"
        "SELECT ?x WHERE { ?x q:knows p:carol }\n";
    auto r = run_kg(db + " run " + shell_quote(tmp.write("s.kg.txt", script)));
    CHECK(r.exit_code == 0);
    CHECK(r.err == "");
    CHECK(r.out.find("p:bob") != std::string::npos);
    CHECK(r.out.find("p:alice") == std::string::npos);
    CHECK(r.out.find(":bob") != std::string::npos);
    // Session prefixes end with the session; .prefix keeps one in the store.
    CHECK(run_kg(db + " query " + shell_quote("?x p:knows ?y")).exit_code == 1);
    auto keep = run_kg(db + " shell", ".prefix pp: <http://example.org/people/>\n");
    CHECK(keep.exit_code == 0);
    auto used = run_kg(db + " query " + shell_quote("select ?y where pp:bob ex:knows ?y"));
    CHECK(used.out == "y\n<http://example.org/people/carol>\n");
    auto listed = run_kg(db + " shell", ".mode tsv\n.prefix\n");
    CHECK(listed.out.find("pp:\t<http://example.org/people/>\tstore") != std::string::npos);
    CHECK(listed.out.find("rdf:\t<http://www.w3.org/1999/02/22-rdf-syntax-ns#>\twell-known") !=
          std::string::npos);
    auto dropped = run_kg(db + " shell", ".prefix drop pp:\n");
    CHECK(dropped.exit_code == 0);
    CHECK(run_kg(db + " query " + shell_quote("?x pp:knows ?y")).exit_code == 1);
    auto wrong = run_kg(db + " shell", ".prefix pp http://x/\n");
    CHECK(wrong.exit_code != 0);
    CHECK(wrong.err.find("usage: .prefix") != std::string::npos);
  }
}
