// kg check : SQLite's integrity check plus kg's own invariants.
#include <iostream>

#include "cli/app.hpp"

namespace kg::cli {
namespace {

int run_check(const context& ctx) {
  auto store = open_store(ctx, false, true);
  if (!store) return report(store.error());
  auto problems = store::check_store(*store);
  if (!problems) return report(problems.error());
  if (problems->empty()) {
    std::cout << "ok\n";
    return 0;
  }
  for (const auto& p : *problems) std::cout << "problem: " << p << '\n';
  return exit_code(errc::bad_store);
}

}  // namespace

void add_check(CLI::App& app, context& ctx, action& act) {
  auto* cmd = app.add_subcommand("check", "Verify the store: SQLite's integrity check and kg's invariants");
  cmd->callback([&ctx, &act] { act = [&ctx] { return run_check(ctx); }; });
}

}  // namespace kg::cli
