// Walks for paths from a constant end (store/reach.hpp): random graphs
// walked by seeks, by a scan and automatically must reach what a naive
// closure written here reaches; kg_reach as SQL sees it; path queries that
// read a walk inside another pattern's loop, or are interrupted in one.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "engine/run.hpp"
#include "parser/query.hpp"
#include "store/reach.hpp"
#include "tests/helpers.hpp"

using namespace kg;
using kg::test::explain_text;
using kg::test::query_text;
using kg::test::temp_dir;

namespace {

struct edge_row {
  int s, p, o;  // node numbers; p is 0 or 1
};

// The nodes reached from start in one or more steps, each step along any
// of `steps` (predicate number, forward), by repeating until nothing is
// added: no queue, no order, nothing shared with the walk.
std::set<int> closure(const std::vector<edge_row>& edges, int start,
                      const std::vector<std::pair<int, bool>>& steps, bool zero) {
  std::set<int> reached, frontier{start};
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& e : edges)
      for (const auto& [p, forward] : steps) {
        if (e.p != p) continue;
        const int from = forward ? e.s : e.o, to = forward ? e.o : e.s;
        if ((frontier.count(from) || reached.count(from)) && reached.insert(to).second) grew = true;
      }
  }
  if (zero) reached.insert(start);
  return reached;
}

// TSV rows of a chain: node0 predicate node1, ..., up to node<links>.
std::string chain(const std::string& node, const std::string& predicate, int links) {
  std::string rows;
  for (int i = 0; i < links; ++i)
    rows += node + std::to_string(i) + "\t" + predicate + "\t" + node + std::to_string(i + 1) + "\n";
  return rows;
}

std::int64_t id_of(store::triple_store& s, const std::string& name) {
  auto st = s.db().prepare("SELECT id FROM terms WHERE lex = ?1 AND kind = 1");
  st.bind(1, name);
  REQUIRE(st.step());
  return st.int64(0);
}

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("a walk reaches what a naive closure reaches, by seeks, by a scan and automatically") {
    std::mt19937 rng(20261123);
    int automatic_seeked_only = 0, automatic_switched = 0;
    for (int graph = 0; graph < 12; ++graph) {
      temp_dir tmp;
      auto s = kg::test::new_store(tmp.path("g.kg"));
      const int nodes = 6 + graph * 5;
      const int edge_count = nodes * (1 + graph % 3);
      std::uniform_int_distribution<int> node(0, nodes - 1);
      std::vector<edge_row> edges;
      std::set<std::tuple<int, int, int>> seen;
      std::string tsv = "subject\tpredicate\tobject\n";
      // Every node is the subject of an `is` fact, so that all have term ids.
      for (int n = 0; n < nodes; ++n) tsv += "n" + std::to_string(n) + "\tis\tnode\n";
      for (int k = 0; k < edge_count; ++k) {
        // Sparse chains and a few hubs; self loops and cycles happen.
        const int a = node(rng), b = k % 4 == 0 ? node(rng) % 3 : node(rng), p = static_cast<int>(rng() % 2);
        if (!seen.insert({a, p, b}).second) continue;
        edges.push_back({a, p, b});
        tsv += "n" + std::to_string(a) + (p ? "\tq\t" : "\tp\t") + "n" + std::to_string(b) + "\n";
      }
      REQUIRE(kg::test::import_text(s, format::tsv, tsv));
      std::map<std::int64_t, int> number;
      std::vector<std::int64_t> ids;
      for (int n = 0; n < nodes; ++n) {
        ids.push_back(id_of(s, "n" + std::to_string(n)));
        number[ids.back()] = n;
      }
      const std::int64_t p = id_of(s, "p"), q = id_of(s, "q");

      const std::vector<std::vector<std::pair<int, bool>>> step_sets = {{{0, true}},
                                                                        {{0, false}},
                                                                        {{0, true}, {0, false}},
                                                                        {{0, true}, {1, false}},
                                                                        {{1, true}, {0, true}}};
      for (const auto& steps : step_sets) {
        std::vector<store::walk_step> walk;
        for (const auto& [pn, forward] : steps) walk.push_back({pn ? q : p, forward});
        for (int start = 0; start < nodes; ++start)
          for (bool zero : {false, true}) {
            CAPTURE(graph);
            CAPTURE(start);
            CAPTURE(zero);
            CAPTURE(store::encode_steps(walk));
            const auto expected = closure(edges, start, steps, zero);
            store::walk_report seek_report, scan_report, auto_report;
            const auto by_seek =
                store::reachable(s.db(), ids[start], walk, zero, store::walk_strategy::seek, &seek_report);
            const auto by_scan =
                store::reachable(s.db(), ids[start], walk, zero, store::walk_strategy::scan, &scan_report);
            const auto automatic = store::reachable(s.db(), ids[start], walk, zero,
                                                    store::walk_strategy::automatic, &auto_report);
            std::set<int> got;
            for (auto id : by_seek) got.insert(number.at(id));
            CHECK(got == expected);
            CHECK(by_seek.size() == expected.size());  // each node once
            // Neighbours come in index order either way: the same order.
            CHECK(by_scan == by_seek);
            CHECK(automatic == by_seek);
            if (zero) CHECK((!by_seek.empty() && by_seek.front() == ids[start]));
            CHECK_FALSE(seek_report.scanned);
            CHECK(scan_report.scanned);
            CHECK(scan_report.seeks == 0);
            (auto_report.scanned ? automatic_switched : automatic_seeked_only) += 1;
          }
      }
    }
    // Both branches of the automatic strategy were taken.
    CHECK(automatic_seeked_only > 100);
    CHECK(automatic_switched > 100);
  }

  TEST_CASE(
      "an automatic walk seeks while it stays small beside its predicate, then reads the predicate once") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("c.kg"));
    // A chain of 400 links, 400 more links elsewhere, and a hub linking
    // to 200 nodes: 1,000 links, so a walk scans at 125 seeks made or queued.
    std::string tsv = "subject\tpredicate\tobject\n" + chain("a", "links", 400);
    for (int i = 0; i < 400; ++i) tsv += "b" + std::to_string(i) + "\tlinks\tc" + std::to_string(i) + "\n";
    for (int i = 0; i < 200; ++i) tsv += "hub\tlinks\th" + std::to_string(i) + "\n";
    REQUIRE(kg::test::import_text(s, format::tsv, tsv));
    const std::vector<store::walk_step> forward = {{id_of(s, "links"), true}};
    store::walk_report small, large, fan;
    CHECK(store::reachable(s.db(), id_of(s, "a395"), forward, false, store::walk_strategy::automatic, &small)
              .size() == 5);
    CHECK_FALSE(small.scanned);
    CHECK(small.seeks == 6);
    CHECK(store::reachable(s.db(), id_of(s, "a0"), forward, false, store::walk_strategy::automatic, &large)
              .size() == 400);
    CHECK(large.scanned);
    CHECK(large.seeks == 1000 / 8);
    // The hub's 200 neighbours are queued after one seek: the scan comes next.
    CHECK(store::reachable(s.db(), id_of(s, "hub"), forward, false, store::walk_strategy::automatic, &fan)
              .size() == 200);
    CHECK(fan.scanned);
    CHECK(fan.seeks == 1);
  }

  TEST_CASE("kg_reach's steps are predicate ids with a minus for backward, and nothing else") {
    const std::vector<store::walk_step> steps = {{12, true}, {40, false}, {7, true}};
    CHECK(store::encode_steps(steps) == "12,-40,7");
    auto back = store::decode_steps("12,-40,7");
    REQUIRE(back);
    REQUIRE(back->size() == 3);
    CHECK((*back)[1].predicate == 40);
    CHECK_FALSE((*back)[1].forward);
    CHECK((*back)[2].forward);
    for (const char* bad :
         {"", ",", "1,", ",1", "a", "--1", "1,,2", "1 ", "-", "1;2", "99999999999999999999"}) {
      CAPTURE(bad);
      CHECK_FALSE(store::decode_steps(bad));
    }
  }

  TEST_CASE("kg_reach in SQL needs its three arguments, checks its steps, and reaches nothing from NULL") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("f.kg"));
    REQUIRE(kg::test::import_text(s, format::tsv, "subject\tpredicate\tobject\nx\tlinks\ty\ny\tlinks\tz\n"));
    const std::string links = std::to_string(id_of(s, "links"));
    auto count = [&](const std::string& args) {
      return s.db().scalar("SELECT count(*) FROM kg_reach(" + args + ")");
    };
    CHECK(count(std::to_string(id_of(s, "x")) + ", '" + links + "', 0") == 2);
    CHECK(count(std::to_string(id_of(s, "x")) + ", '" + links + "', 1") == 3);
    CHECK(count(std::to_string(id_of(s, "z")) + ", '-" + links + "', 0") == 2);
    CHECK(count("NULL, '" + links + "', 0") == 0);
    auto failure = [&](const std::string& args) -> std::string {
      try {
        count(args);
      } catch (const store::sqlite_error& e) {
        return e.what();
      }
      return "no error";
    };
    CHECK(failure("1") == "kg_reach needs three arguments: start, steps and zero");
    CHECK(failure("1, 'links', 0") == "kg_reach: steps must be predicate ids, as in \"12,-40\"");
  }

  TEST_CASE("a path read inside another pattern's loop gives every combination") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("j.kg"));
    std::string tsv = "subject\tpredicate\tobject\n" + chain("r", "part_of", 30);
    for (int i = 0; i < 5; ++i) tsv += "Ada\tknows\tp" + std::to_string(i) + "\n";
    REQUIRE(kg::test::import_text(s, format::tsv, tsv));
    // Ada's five facts are joined first (a constant subject), the path
    // from r10 is read inside their loop: the walk is rewound, not redone
    // into nothing.
    const std::string q = "select ?x ?y where Ada knows ?x . r10 part_of+ ?y";
    auto e = explain_text(s, "explain " + q);
    REQUIRE(e);
    REQUIRE(e->steps.size() == 3);
    CHECK(e->steps[1].starts_with("  scan facts: Ada knows ?x"));
    CHECK(e->steps[2].starts_with("  walk from the subject: r10 part_of+ ?y"));
    auto a = query_text(s, q);
    REQUIRE(a);
    CHECK(a->rows.size() == 5 * 20);
    std::set<std::pair<std::string, std::string>> pairs;
    for (const auto& row : a->rows) pairs.insert({row[0]->lex, row[1]->lex});
    CHECK(pairs.size() == 100);
  }

  TEST_CASE("a path query interrupted inside its walk stops with the interrupted error") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("i.kg"));
    REQUIRE(
        kg::test::import_text(s, format::tsv, "subject\tpredicate\tobject\n" + chain("n", "links", 3000)));
    REQUIRE(query_text(s, "count ?y where n0 links+ ?y"));
    std::atomic<bool> stop{true};
    engine::run_options opts;
    opts.interrupt = &stop;
    auto a = query_text(s, "count ?y where n0 links+ ?y", opts);
    REQUIRE_FALSE(a);
    CHECK(a.error().find("interrupted") != std::string::npos);
  }
}
