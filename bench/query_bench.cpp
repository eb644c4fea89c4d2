// kg-query-bench: query latency on a store built from kg-gen's facts.
// Runs a fixed list of queries, each many times through the same calls
// `kg query` makes (query::parse, then engine::run_query), and prints the
// median, 95th percentile and maximum latency of each with its row count.
// The queries name predicates and entities that kg-gen produces; the
// entities are mid-ranked ones, whose facts number in the tens.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "engine/run.hpp"
#include "parser/query.hpp"
#include "store/store.hpp"

namespace {

struct bench_query {
  std::string label;
  std::string text;
  std::string target = {};  // the latency the project aims at, shown beside the figures
};

// "first row" queries are the full query with `limit 1`: the time until
// run_query returns one answer, which includes compiling the query.
const std::vector<bench_query> default_queries = {
    {"1 pattern, subject bound", R"("Person 1200" ?p ?o)"},
    {"  first row", R"("Person 1200" ?p ?o limit 1)", "< 1"},
    {"1 pattern, object bound", R"(?s ?p "Person 1200")"},
    {"  first row", R"(?s ?p "Person 1200" limit 1)", "< 1"},
    {"1 pattern, predicate+object", R"(?who met "Person 1200")"},
    {"  first row", R"(?who met "Person 1200" limit 1)"},
    {"1 pattern, filter on a date", R"(?c founded_on ?d filter ?d = 2001-02-03)"},
    {"3-pattern join, selective", R"(?x met "Person 1200" . ?x met ?y . ?y ceo_of "Company 1201")", "< 5"},
    {"  first row", R"(?x met "Person 1200" . ?x met ?y . ?y ceo_of "Company 1201" limit 1)"},
    {"3-pattern chain to a hub", R"("Person 1200" met ?x . ?x based_in ?y . ?y part_of "Place 4")"},
    {"3-pattern chain from a hub", R"(?x met "Person 1200" . ?x ceo_of ?c . ?c based_in "Place 4")"},
    {"count, hub object", R"(count ?who where ?who met "Person 0")"},
    // Plain-English questions: read against the data (names linked, the
    // facts around them scored), then run as the pattern they read as.
    {"question: who met X?", "who met Person 1200?", "< 50"},
    {"question: what did X announce?", "what did Person 1200 announce?", "< 50"},
    {"question: when did X meet Y?", "when did Person 1200 meet Person 64152?", "< 50"},
    {"question: did X meet Y?", "did Person 1200 meet Person 64152?", "< 50"},
    {"question: where is X based?", "where is Company 1201 based?", "< 50"},
    {"question: who met a hub?", "who met Person 0?", "< 50"},
};

struct timing {
  double median = 0, p95 = 0, max = 0, min = 0;
};

// Queries from a file: `name<TAB>kg query` per line; # comments.
std::vector<bench_query> read_queries(const std::string& path) {
  std::vector<bench_query> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    out.push_back({line.substr(0, tab), line.substr(tab + 1), ""});
  }
  return out;
}

std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// Nearest-rank percentiles of a sample, in milliseconds.
timing summarize(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto rank = [&](double q) {
    const auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(ms.size())));
    return ms[std::clamp<std::size_t>(k, 1, ms.size()) - 1];
  };
  const std::size_t n = ms.size();
  const double median = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
  return {median, rank(0.95), ms.back(), ms.front()};
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kg-query-bench: query latency on a generated store (see bench/query_bench.sh)"};
  std::string path;
  int runs = 200, warmup = 5;
  app.add_option("store", path, "A kg store built from kg-gen's facts")->required();
  app.add_option("--runs", runs, "Timed runs of each query")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  app.add_option("--warmup", warmup, "Untimed runs before them")
      ->capture_default_str()
      ->check(CLI::Range(0, 1'000'000));
  double budget_s = 0;
  app.add_option("--budget", budget_s,
                 "Seconds a query's runs may take in all (then at least one timed run), 0 for no limit")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  std::string queries_file;
  bool json = false;
  app.add_option("--queries", queries_file,
                 "Queries to run instead of the built-in list: name<TAB>query per line");
  app.add_flag(
      "--json", json,
      "Print one JSON object (name, count, median, min, max and every run's ms per query), as the peers do");
  CLI11_PARSE(app, argc, argv);
  const auto queries = queries_file.empty() ? default_queries : read_queries(queries_file);

  auto store = kg::store::triple_store::open(path, {.create = false, .read_only = true});
  if (!store) {
    std::fprintf(stderr, "kg-query-bench: error: %s\n", store.error().message.c_str());
    return kg::exit_code(store.error().code);
  }

  if (!json)
    std::printf("%-32s %6s %9s %9s %9s %9s %7s  %s\n", "query", "rows", "parse ms", "median ms", "p95 ms",
                "max ms", "target", "text");
  else
    std::printf("{\"peer\": \"kg\", \"queries\": [");
  bool first = true;
  bool failed = false;
  for (const auto& q : queries) {
    std::vector<double> parse_ms, total_ms;
    std::size_t rows = 0;
    std::string problem;
    const auto started = std::chrono::steady_clock::now();
    for (int i = -warmup; i < runs && problem.empty(); ++i) {
      // Past the budget, the untimed runs left are skipped and the timed
      // ones stop (after one at least), as the peers' runners do.
      if (budget_s > 0 && ms_since(started) > budget_s * 1000) {
        if (!total_ms.empty()) break;
        i = std::max(i, 0);
      }
      const auto t0 = std::chrono::steady_clock::now();
      auto parsed = kg::query::parse(q.text, "query");
      const double parsed_at = ms_since(t0);
      if (!parsed) {
        problem = kg::render(parsed.error());
        break;
      }
      auto answer = kg::engine::run_query(*store, *parsed, q.text, "query");
      const double done_at = ms_since(t0);
      if (!answer) {
        problem = answer.error().message;
        break;
      }
      const auto* found = std::get_if<kg::engine::table>(&*answer);
      if (!found) {
        problem = "not a query: " + q.text;
        break;
      }
      rows = found->rows.size();
      // A count answers with its value, as SPARQL's COUNT does.
      if (found->columns == std::vector<std::string>{"count"} && rows == 1 && found->rows[0][0])
        rows = std::stoull(found->rows[0][0]->lex);
      // A query without variables answers true or false, as SPARQL's ASK: 1 or 0.
      if (found->columns == std::vector<std::string>{"answer"} && rows == 1 && found->rows[0][0])
        rows = found->rows[0][0]->lex == "true" ? 1 : 0;
      if (i >= 0) {
        parse_ms.push_back(parsed_at);
        total_ms.push_back(done_at);
      }
    }
    if (!problem.empty()) {
      if (!json) std::printf("%-32s failed (the error is on stderr)\n", q.label.c_str());
      std::fflush(stdout);
      std::fprintf(stderr, "%s\n", problem.c_str());
      failed = true;
      continue;
    }
    const auto parse = summarize(parse_ms), total = summarize(total_ms);
    if (json) {
      // Every timed run too, so that runs from several invocations can be
      // pooled (peer_bench.sh interleaves kg's runs with Oxigraph's).
      std::string times;
      for (double t : total_ms) times += (times.empty() ? "" : ", ") + std::to_string(t);
      std::printf(
          "%s{\"name\": \"%s\", \"count\": %zu, \"median_ms\": %.4f, \"min_ms\": %.4f, \"max_ms\": %.4f, "
          "\"times_ms\": [%s]}",
          first ? "" : ", ", json_escape(q.label).c_str(), rows, total.median, total.min, total.max,
          times.c_str());
      first = false;
      continue;
    }
    std::printf("%-32s %6zu %9.3f %9.3f %9.3f %9.3f %7s  %s\n", q.label.c_str(), rows, parse.median,
                total.median, total.p95, total.max, q.target.c_str(), q.text.c_str());
  }
  if (json) {
    std::printf("]}\n");
    return failed ? 1 : 0;
  }
  std::printf(
      "(%d runs of each query after %d untimed ones. median, p95, max: query::parse plus\n"
      " engine::run_query, which compiles, executes and reads every row; parse ms: the median of\n"
      " query::parse alone; \"first row\": the query above it with limit 1; target: the median\n"
      " latency aimed at, in ms)\n",
      runs, warmup);
  return failed ? 1 : 0;
}
