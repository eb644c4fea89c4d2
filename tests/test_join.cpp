// Worst-case optimal joins (store/join.hpp): random graphs joined by
// kg_join must give what a brute-force nested loop written here gives
// (cycles of three and four, self-loops, repeated atoms, constant ends);
// the planner picks the join for an unanchored cycle and not for an
// anchored one; queries read through it answer as before; a long join
// stops when its query is interrupted.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "engine/run.hpp"
#include "store/join.hpp"
#include "tests/helpers.hpp"

using namespace kg;
using kg::test::explain_text;
using kg::test::query_text;
using kg::test::temp_dir;

namespace {

struct fact {
  int s, p, o;  // node numbers; p is a predicate number
};

// An atom over node numbers: ends are variables (numbers) or constant nodes.
struct test_atom {
  int p;
  bool s_var;
  int s;
  bool o_var;
  int o;
};

// Every assignment of nodes to `variables` variables under which each atom
// is a fact, in lexicographic order: a loop over all assignments.
std::vector<std::vector<int>> brute_force(const std::vector<fact>& facts, int nodes, int variables,
                                          const std::vector<test_atom>& atoms) {
  std::set<std::tuple<int, int, int>> held;
  for (const auto& f : facts) held.insert({f.s, f.p, f.o});
  std::vector<std::vector<int>> out;
  std::vector<int> value(static_cast<std::size_t>(variables), 0);
  for (;;) {
    const bool all = std::all_of(atoms.begin(), atoms.end(), [&](const test_atom& a) {
      const int s = a.s_var ? value[static_cast<std::size_t>(a.s)] : a.s;
      const int o = a.o_var ? value[static_cast<std::size_t>(a.o)] : a.o;
      return held.count({s, a.p, o}) > 0;
    });
    if (all) out.push_back(value);
    int k = variables - 1;
    while (k >= 0 && ++value[static_cast<std::size_t>(k)] == nodes) value[static_cast<std::size_t>(k--)] = 0;
    if (k < 0) return out;
  }
}

std::int64_t id_of(store::triple_store& s, const std::string& name) {
  auto st = s.db().prepare("SELECT id FROM terms WHERE lex = ?1 AND kind = 1");
  st.bind(1, name);
  REQUIRE(st.step());
  return st.int64(0);
}

// A random graph of two predicates, p and q, on n0..n<nodes-1>: every node
// is the subject of an `is` fact, so that all have term ids.
struct graph {
  std::vector<fact> facts;
  std::string tsv = "subject\tpredicate\tobject\n";
};

graph random_graph(std::mt19937& rng, int nodes, int edges) {
  graph g;
  for (int n = 0; n < nodes; ++n) g.tsv += "n" + std::to_string(n) + "\tis\tnode\n";
  std::set<std::tuple<int, int, int>> seen;
  std::uniform_int_distribution<int> node(0, nodes - 1);
  for (int k = 0; k < edges; ++k) {
    // Self-loops happen; a few hubs make long lists.
    const int a = node(rng), b = k % 5 == 0 ? node(rng) % 3 : node(rng), p = static_cast<int>(rng() % 2);
    if (!seen.insert({a, p, b}).second) continue;
    g.facts.push_back({a, p, b});
    g.tsv += "n" + std::to_string(a) + (p ? "\tq\t" : "\tp\t") + "n" + std::to_string(b) + "\n";
  }
  return g;
}

// The steps of a query's plan, a line each.
std::string plan_of(store::triple_store& s, const std::string& query) {
  auto e = explain_text(s, "explain " + query);
  REQUIRE(e);
  std::string all;
  for (const auto& line : e->steps) all += line + "\n";
  return all;
}

std::int64_t count_of(store::triple_store& s, const std::string& query) {
  auto t = query_text(s, "count where " + query);
  REQUIRE(t);
  return std::stoll(t->rows.at(0).at(0)->lex);
}

std::string names_of(const engine::table& t, std::size_t row) {
  std::string out;
  for (const auto& cell : t.rows[row]) out += (out.empty() ? "" : " ") + (cell ? cell->lex : "-");
  return out;
}

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("a worst-case optimal join gives what a brute-force loop gives, each binding once, in order") {
    // Atoms as text: variables a b c d (v0..v3), predicates p q, constant nodes as numbers.
    const std::vector<std::pair<std::string, std::vector<test_atom>>> joins = {
        {"triangle", {{0, true, 0, true, 1}, {0, true, 1, true, 2}, {0, true, 2, true, 0}}},
        {"triangle of two predicates", {{0, true, 0, true, 1}, {1, true, 1, true, 2}, {0, true, 2, true, 0}}},
        {"triangle bound backwards", {{0, true, 1, true, 0}, {1, true, 2, true, 1}, {0, true, 0, true, 2}}},
        {"four-cycle",
         {{0, true, 0, true, 1}, {1, true, 1, true, 2}, {0, true, 2, true, 3}, {1, true, 3, true, 0}}},
        {"four-cycle with a chord",
         {{0, true, 0, true, 1},
          {0, true, 1, true, 2},
          {0, true, 2, true, 3},
          {0, true, 3, true, 0},
          {1, true, 0, true, 2}}},
        {"repeated atom",
         {{0, true, 0, true, 1}, {0, true, 0, true, 1}, {0, true, 1, true, 2}, {0, true, 2, true, 0}}},
        {"self-loop",
         {{0, true, 0, true, 0}, {0, true, 0, true, 1}, {1, true, 1, true, 2}, {0, true, 2, true, 0}}},
        {"constant object arm",
         {{0, true, 0, true, 1}, {0, true, 1, true, 2}, {0, true, 2, true, 0}, {1, true, 0, false, 1}}},
        {"constant subject arm",
         {{0, true, 0, true, 1}, {0, true, 1, true, 2}, {0, true, 2, true, 0}, {1, false, 2, true, 1}}},
        {"two variables, both ways", {{0, true, 0, true, 1}, {1, true, 1, true, 0}}},
        // Trees: no cycle, joined all the same.
        {"path, middle first", {{0, true, 1, true, 0}, {1, true, 0, true, 2}}},
        {"path, end first", {{0, true, 0, true, 1}, {1, true, 1, true, 2}, {0, true, 2, true, 3}}},
        {"star", {{0, true, 0, true, 1}, {1, true, 0, true, 2}, {0, true, 3, true, 0}}},
    };
    std::mt19937 rng(20260601);
    for (int seed = 0; seed < 16; ++seed) {
      temp_dir tmp;
      auto s = kg::test::new_store(tmp.path("g.kg"));
      const int nodes = 5 + seed;
      const auto g = random_graph(rng, nodes, nodes * (2 + seed % 4));
      REQUIRE(kg::test::import_text(s, format::tsv, g.tsv));
      std::vector<std::int64_t> ids;
      std::map<std::int64_t, int> number;
      for (int n = 0; n < nodes; ++n) {
        ids.push_back(id_of(s, "n" + std::to_string(n)));
        number[ids.back()] = n;
      }
      const std::int64_t predicate[2] = {id_of(s, "p"), id_of(s, "q")};
      for (const auto& join : joins) {
        const auto& name = join.first;
        const auto& atoms = join.second;
        CAPTURE(seed);
        CAPTURE(name);
        store::join_spec spec;
        for (const auto& a : atoms) {
          spec.atoms.push_back({predicate[a.p],
                                {a.s_var, a.s_var ? a.s : ids[static_cast<std::size_t>(a.s)]},
                                {a.o_var, a.o_var ? a.o : ids[static_cast<std::size_t>(a.o)]}});
          for (const auto& [is_var, v] : {std::pair{a.s_var, a.s}, std::pair{a.o_var, a.o}})
            if (is_var) spec.variables = std::max(spec.variables, v + 1);
        }
        auto decoded = store::decode_join(store::encode_join(spec));
        REQUIRE(decoded);
        CHECK(decoded->variables == spec.variables);
        std::vector<std::vector<int>> got;
        for (const auto& row : store::join_rows(s.db(), spec)) {
          std::vector<int> r;
          for (auto id : row) r.push_back(number.count(id) ? number.at(id) : -1);
          got.push_back(r);
        }
        // Node numbers follow term ids (imported in order), so the
        // join's order is the brute force's.
        CHECK(got == brute_force(g.facts, nodes, spec.variables, atoms));
        // In SQL: the same count.
        CHECK(s.db().scalar("SELECT count(*) FROM kg_join('" + store::encode_join(spec) + "')") ==
              static_cast<std::int64_t>(got.size()));
      }
    }
  }

  TEST_CASE("kg_join's atoms are predicate ids and ends, variables numbered from v0 with none missing") {
    auto spec = store::decode_join("12 v0 v1;12 v1 -3;7 40 v1");
    REQUIRE(spec);
    CHECK(spec->variables == 2);
    REQUIRE(spec->atoms.size() == 3);
    CHECK_FALSE(spec->atoms[1].o.variable);
    CHECK(spec->atoms[1].o.value == -3);
    CHECK(spec->atoms[2].s.value == 40);
    CHECK(store::encode_join(*spec) == "12 v0 v1;12 v1 -3;7 40 v1");
    for (const char* bad : {"", ";", "12 v0", "12 v0 v1;", "12 v0 v2", "12 3 4", "-1 v0 v1", "12 v0 v1 v2",
                            "12 v-1 v0", "12 v16 v0", "12 vx v0", "12  v0 v1", "x v0 v1"}) {
      CAPTURE(bad);
      CHECK_FALSE(store::decode_join(bad));
    }
  }

  TEST_CASE("queries read through a worst-case optimal join answer as the brute force does") {
    std::mt19937 rng(7);
    for (int seed = 0; seed < 6; ++seed) {
      temp_dir tmp;
      auto s = kg::test::new_store(tmp.path("q.kg"));
      const int nodes = 8 + seed * 2;
      const auto g = random_graph(rng, nodes, nodes * 3);
      REQUIRE(kg::test::import_text(s, format::tsv, g.tsv));
      const std::string triangle = "?a p ?b . ?b p ?c . ?c p ?a";
      auto e = explain_text(s, "explain select ?a ?b ?c where " + triangle);
      REQUIRE(e);
      REQUIRE(e->steps.size() == 5);
      CHECK(e->steps[1] == "  join (worst-case optimal, kg_join): ?a ?b ?c over 3 patterns");
      CHECK(e->steps[2].starts_with("    atom: ?a p ?b"));
      const auto expected = brute_force(
          g.facts, nodes, 3, {{0, true, 0, true, 1}, {0, true, 1, true, 2}, {0, true, 2, true, 0}});
      std::multiset<std::string> want, want_a;
      for (const auto& r : expected) {
        want.insert("n" + std::to_string(r[0]) + " n" + std::to_string(r[1]) + " n" + std::to_string(r[2]));
        want_a.insert("n" + std::to_string(r[0]));
      }
      auto all = query_text(s, "select ?a ?b ?c where " + triangle);
      REQUIRE(all);
      std::multiset<std::string> got;
      for (std::size_t i = 0; i < all->rows.size(); ++i) got.insert(names_of(*all, i));
      CHECK(got == want);
      // One variable selected: a row per binding, repeats kept.
      auto only_a = query_text(s, "select ?a where " + triangle);
      REQUIRE(only_a);
      std::multiset<std::string> got_a;
      for (std::size_t i = 0; i < only_a->rows.size(); ++i) got_a.insert(names_of(*only_a, i));
      CHECK(got_a == want_a);
      auto count = query_text(s, "count where " + triangle);
      REQUIRE(count);
      CHECK(count->rows.at(0).at(0)->lex == std::to_string(expected.size()));
      auto distinct = query_text(s, "select distinct ?a where " + triangle);
      REQUIRE(distinct);
      CHECK(distinct->rows.size() == std::set<std::string>(want_a.begin(), want_a.end()).size());
      auto limited = query_text(s, "select ?a ?b ?c where " + triangle + " limit 2");
      REQUIRE(limited);
      CHECK(limited->rows.size() == std::min<std::size_t>(2, expected.size()));
      // A pattern outside the cycle joins the join's rows in SQL.
      auto extended = query_text(s, "select ?a ?b ?c where " + triangle + " . ?a is node");
      REQUIRE(extended);
      CHECK(extended->rows.size() == expected.size());
    }
  }

  TEST_CASE(
      "the plan reads an unanchored cycle as a worst-case optimal join, and an anchored one by nested "
      "loops") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("p.kg"));
    std::string tsv = "subject\tpredicate\tobject\n";
    for (int i = 0; i < 400; ++i)
      tsv += "n" + std::to_string(i) + "\tp\tn" + std::to_string((i * 7 + 3) % 400) + "\n" + "n" +
             std::to_string(i) + "\tin\t" + (i < 2 ? "small" : "big") + "\n";
    REQUIRE(kg::test::import_text(s, format::tsv, tsv));
    auto plan_of = [&](const std::string& q) { return ::plan_of(s, q); };
    const std::string cycle = "?a p ?b . ?b p ?c . ?c p ?a";
    CHECK(plan_of(cycle).find("join (worst-case optimal") != std::string::npos);
    CHECK(plan_of("?a p ?b . ?b p ?c . ?c p ?d . ?d p ?a").find("?a ?b ?c ?d over 4 patterns") !=
          std::string::npos);
    // A path has no cycle; a cycle anchored by a constant matching two
    // facts is read from them; one matching most facts is not an anchor.
    CHECK(plan_of("?a p ?b . ?b p ?c . ?c p ?d").find("join (") == std::string::npos);
    CHECK(plan_of("n1 p ?b . ?b p ?c . ?c p n1").find("join (") == std::string::npos);
    CHECK(plan_of(cycle + " . ?a in small").find("join (") == std::string::npos);
    const auto big = plan_of(cycle + " . ?a in big");
    CHECK(big.find("join (worst-case optimal") != std::string::npos);
    CHECK(big.find("atom: ?a in big") != std::string::npos);
    // Inside an optional group, nested loops.
    CHECK(plan_of("?x in small . optional { " + cycle + " }").find("join (worst") == std::string::npos);
    // The answers agree either way.
    CHECK(count_of(s, cycle + " . ?a in small") + count_of(s, cycle + " . ?a in big") == count_of(s, cycle));
  }

  TEST_CASE(
      "the plan joins a large unanchored path or star in memory, a small or limited one by nested loops") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("tree.kg"));
    // Every node has two p edges and two q edges out, to nodes spread so
    // that some have several in and some none: 80,000 facts.
    constexpr int nodes = 20000;
    std::vector<std::pair<int, int>> p, q;
    std::string tsv = "subject\tpredicate\tobject\nn1\tr\tx\n";
    for (int i = 0; i < nodes; ++i) {
      p.emplace_back(i, (i * 7 + 3) % nodes / 2);
      q.emplace_back(i, (i * 13 + 5) % nodes);
      tsv += "n" + std::to_string(i) + "\tp\tn" + std::to_string(p.back().second) + "\n";
      tsv += "n" + std::to_string(i) + "\tq\tn" + std::to_string(q.back().second) + "\n";
      tsv += "n" + std::to_string(i) + "\tp\tn" + std::to_string((i * 3 + 1) % nodes) + "\n";
      p.emplace_back(i, (i * 3 + 1) % nodes);
      tsv += "n" + std::to_string(i) + "\tq\tn" + std::to_string(i / 3) + "\n";
      q.emplace_back(i, i / 3);
    }
    REQUIRE(kg::test::import_text(s, format::tsv, tsv));
    std::set<std::pair<int, int>> pset(p.begin(), p.end()), qset(q.begin(), q.end());
    std::map<int, std::int64_t> p_in, p_out, q_out;
    for (const auto& [a, b] : pset) ++p_in[b], ++p_out[a];
    for (const auto& [a, b] : qset) ++q_out[a];
    std::int64_t path = 0, star = 0;
    for (const auto& [b, n] : p_in)
      if (q_out.count(b)) path += n * q_out.at(b);
    for (const auto& [b, n] : p_out)
      if (q_out.count(b)) star += n * q_out.at(b);

    const std::string path_q = "?a p ?b . ?b q ?c", star_q = "?b p ?a . ?b q ?c";
    const auto joined = plan_of(s, "select ?a ?b ?c where " + path_q);
    CHECK(joined.find("join (worst-case optimal, kg_join): ?b ?a ?c over 2 patterns") != std::string::npos);
    CHECK(plan_of(s, "select ?a ?c where " + star_q).find("join (") != std::string::npos);
    CHECK(count_of(s, path_q) == path);
    CHECK(count_of(s, star_q) == star);
    auto rows = query_text(s, "select ?a ?b ?c where " + path_q);
    REQUIRE(rows);
    CHECK(static_cast<std::int64_t>(rows->rows.size()) == path);
    // Only the first rows wanted, in no order: nested loops give them at
    // once. Ordered, every row is read anyway.
    CHECK(plan_of(s, "select ?a ?b ?c where " + path_q + " limit 5").find("join (") == std::string::npos);
    CHECK(plan_of(s, "select ?a ?b ?c where " + path_q + " order by ?c limit 5").find("join (") !=
          std::string::npos);
    // Anchored by a pattern of one fact, or by a constant end: nested loops.
    CHECK(plan_of(s, path_q + " . ?a r x").find("join (") == std::string::npos);
    std::int64_t from_n1 = 0;
    for (const auto& [a, b] : pset)
      if (a == 1 && q_out.count(b)) from_n1 += q_out.at(b);
    CHECK(count_of(s, path_q + " . ?a r x") == from_n1);
    CHECK(plan_of(s, "n1 p ?b . ?b q ?c . ?c p ?d").find("join (") == std::string::npos);
  }

  TEST_CASE("a long worst-case optimal join stops soon after its query's timeout") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("t.kg"));
    // Layers e -> a -> b -> c -> d of 120 nodes each, every node linked
    // to every node of the next layer: a four-cycle ?w ?x ?y ?z never
    // closes (nothing links d back), but the join tries every path a b c
    // and intersects the lists of d and e nodes for each (their ids
    // interleave, so each is read through): some 200 million steps, most
    // of a second, with no row for SQLite to count between them.
    constexpr int width = 120;
    std::string tsv = "subject\tpredicate\tobject\n";
    for (int i = 0; i < width; ++i)
      tsv += "d" + std::to_string(i) + "\tis\tnode\ne" + std::to_string(i) + "\tis\tnode\n";
    const std::string layers = "eabcd";
    for (std::size_t l = 0; l + 1 < layers.size(); ++l)
      for (int i = 0; i < width; ++i)
        for (int j = 0; j < width; ++j)
          tsv += layers[l] + std::to_string(i) + "\tp\t" + layers[l + 1] + std::to_string(j) + "\n";
    REQUIRE(kg::test::import_text(s, format::tsv, tsv));
    const std::string q = "count where ?w p ?x . ?x p ?y . ?y p ?z . ?z p ?w";
    auto e = explain_text(s, "explain " + q);
    REQUIRE(e);
    REQUIRE(e->steps.size() > 1);
    CHECK(e->steps[1].starts_with("  join (worst-case optimal"));
    engine::run_options opts;
    opts.timeout = std::chrono::milliseconds(30);
    const auto start = std::chrono::steady_clock::now();
    auto a = query_text(s, q, opts);
    const auto took = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(a);
    CHECK(a.error().find("--timeout") != std::string::npos);
    if (!KG_TEST_ASAN) CHECK(took < std::chrono::milliseconds(250));
  }
}
