// kg stats : what a store holds.
#include <iomanip>
#include <iostream>

#include "cli/app.hpp"
#include "cli/output.hpp"
#include "cli/terminal.hpp"

namespace kg::cli {
namespace {

int run_stats(const context& ctx) {
  auto store = open_store(ctx, false, true);
  if (!store) return report(store.error());
  return print_stats(*store, std::cout);
}

}  // namespace

int print_stats(store::triple_store& store, std::ostream& out) {
  auto s = store::collect_stats(store);
  if (!s) return report(s.error());
  auto line = [&out](const char* label, const std::string& value) {
    out << std::left << std::setw(12) << label << value << '\n';
  };
  line("store", store.path() + " (" + human_bytes(static_cast<std::uint64_t>(s->file_bytes)) + ")");
  line("facts", thousands(s->facts));
  line("qualified",
       thousands(s->statements) + " statements with " + thousands(s->qualifiers) + " qualifiers");
  line("terms", thousands(s->terms) + " (" + thousands(s->entities) + " entities, IRIs and blank nodes; " +
                    thousands(s->literals) + " literals)");
  line("predicates", thousands(s->predicates));
  line("sources", thousands(s->sources));
  if (!s->top_predicates.empty()) {
    out << "top predicates:\n";
    std::size_t width = 0;
    // Padded by terminal columns, not bytes: names may be beyond ASCII.
    for (const auto& [name, n] : s->top_predicates) width = std::max(width, display_width(name));
    for (const auto& [name, n] : s->top_predicates)
      out << "  " << name << std::string(width + 2 - display_width(name), ' ') << thousands(n) << '\n';
  }
  return 0;
}

void add_stats(CLI::App& app, context& ctx, action& act) {
  auto* cmd = app.add_subcommand("stats", "Count the facts, terms, predicates and sources of the store");
  cmd->callback([&ctx, &act] { act = [&ctx] { return run_stats(ctx); }; });
}

}  // namespace kg::cli
