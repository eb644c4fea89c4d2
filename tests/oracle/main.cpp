// kg-oracle: runs random queries over random graphs in kg and in Oxigraph,
// prints the totals and writes each shrunk mismatch as a regression case
// (docs/oracle.md). `make fuzz-diff SEED=... N=...` runs it.
//
// Exit codes: 0 every answer agreed, 1 mismatches were found, 2 the oracle
// could not run (no node, no oxigraph package).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "tests/oracle/oracle.hpp"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  CLI::App app{"Differential test of kg's query engine against Oxigraph (docs/oracle.md)"};
  kg::oracle::run_options opts;
  opts.queries = 3000;
  std::string save = std::string(KG_SOURCE_DIR) + "/tests/oracle-regressions";
  bool no_save = false, quiet = false;
  std::string modules = KG_ORACLE_MODULES;
  app.add_option("--seed", opts.seed, "random seed (graphs and queries)")->capture_default_str();
  app.add_option("-n,--queries", opts.queries, "queries to run")->capture_default_str();
  app.add_option("--per-graph", opts.queries_per_graph, "queries on each random graph")
      ->capture_default_str();
  app.add_option("--max-shrink", opts.max_shrunk, "mismatches to shrink (later ones are counted)")
      ->capture_default_str();
  app.add_option("--save", save, "folder for the shrunk mismatches")->capture_default_str();
  app.add_flag("--no-save", no_save, "write no regression cases");
  app.add_option("--modules", modules, "folder holding node_modules/oxigraph (or KG_ORACLE_MODULES)")
      ->capture_default_str();
  app.add_flag("-q,--quiet", quiet, "no progress lines");
  CLI11_PARSE(app, argc, argv);

  if (const char* m = std::getenv("KG_ORACLE_MODULES"); m && *m && app.count("--modules") == 0) modules = m;
  auto where = kg::oracle::oracle_location(KG_SOURCE_DIR, modules);
  where.modules = modules;
  std::string error;
  auto ox = kg::oracle::oxigraph_engine::start(where, error);
  if (!ox) {
    std::cerr << "kg-oracle: error: " << error << "\n";
    return 2;
  }
  if (!quiet) opts.progress = [](const std::string& line) { std::cerr << "kg-oracle: " << line << "\n"; };
  kg::oracle::kg_engine kg;
  std::cout << "kg-oracle: seed " << opts.seed << ", " << opts.queries << " queries, Oxigraph "
            << ox->version() << "\n";
  const auto totals = kg::oracle::run(kg, *ox, opts);

  for (const auto& r : totals.refusal_examples) std::cout << "\nkg refused:\n  " << r << "\n";
  for (const auto& r : totals.oxigraph_error_examples) std::cout << "\nOxigraph failed:\n  " << r << "\n";
  int written = 0;
  for (const auto& c : totals.cases) {
    std::cout << "\n=== mismatch (" << c.note.substr(c.note.find("constructs: ")) << ")\n"
              << c.graph << "kg:     " << c.kg_query << "\nSPARQL: " << c.sparql << "\nOxigraph:\n"
              << kg::oracle::describe(c.expected) << "\nkg:\n"
              << kg::oracle::describe(c.found) << "\n";
    if (no_save) continue;
    fs::create_directories(save);
    const auto path = fs::path(save) / kg::oracle::case_file_name(c);
    if (fs::exists(path)) continue;
    std::ofstream(path) << kg::oracle::to_text(c);
    ++written;
  }
  std::cout << "\n" << totals.summary() << "\n";
  if (!no_save && !totals.cases.empty())
    std::cout << written << " new regression cases written to " << save << "\n";
  return totals.mismatches ? 1 : 0;
}
