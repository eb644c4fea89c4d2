// The kg command line: global options, subcommands, exit codes.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <new>
#include <optional>
#include <ostream>
#include <string>
#include <system_error>
#include <tl/expected.hpp>

#include "parser/error.hpp"
#include "store/store.hpp"

namespace kg::cli {

// Options every subcommand shares.
struct context {
  std::string db_path;  // --db; empty means $KG_DB or the per-user default store
  int busy_timeout_ms = 5000;
};

// What a subcommand does once the command line is parsed; returns the exit code.
using action = std::function<int()>;

// Runs the kg command; returns the process exit code.
int run(int argc, char** argv);

// Subcommand registration, one per cmd_*.cpp.
void add_import(CLI::App& app, context& ctx, action& act);
void add_export(CLI::App& app, context& ctx, action& act);
void add_stats(CLI::App& app, context& ctx, action& act);
void add_check(CLI::App& app, context& ctx, action& act);
void add_query(CLI::App& app, context& ctx, action& act);
void add_run(CLI::App& app, context& ctx, action& act);
void add_shell(CLI::App& app, context& ctx, action& act);

// The shell with its default settings: what plain `kg` runs on a terminal.
int run_default_shell(const context& ctx);

// Opens the store the context names: --db, else $KG_DB, else the per-user
// default store, which is created from the curated facts on first use.
// With create, a missing --db / $KG_DB store is created empty.
tl::expected<store::triple_store, error> open_store(const context& ctx, bool create, bool read_only = false);

// The store path named by --db or $KG_DB, if either is given.
std::optional<std::string> explicit_store_path(const context& ctx);

// Removes a store's files (the database, its -wal and -shm): a store a
// failed command created is not left behind. The store must be closed.
void remove_store_files(const std::string& path);

// The per-user default store: $XDG_DATA_HOME/kg/kg.db, or
// ~/.local/share/kg/kg.db.
std::string default_store_path();

// Prints an error to stderr; returns its exit code.
int report(const error& e);

// The exit code when standard output's reader went away (kg run FILE | head
// -1) and kg stopped there: 128 + SIGPIPE, what a shell reports for a
// program SIGPIPE ended, so `set -o pipefail` scripts see one code.
constexpr int output_closed_exit = 141;

// Flushes standard output; returns 0 when it is still written, else the
// exit code to stop with at once: output_closed_exit, saying nothing, when it is a pipe or socket whose
// reader went away (kg ignores SIGPIPE, so such a write fails instead of killing kg); 5 with a message when
// it cannot be written otherwise (a full disk).
int stdout_failure();

// Runs f, which returns a tl::expected<T, error>; running out of memory
// becomes the error "out of memory" (exit code 5), so that the caller
// cleans up as after any failure (its transaction was rolled back).
template <class F>
auto without_bad_alloc(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return tl::unexpected(error(errc::io, "out of memory"));
  } catch (const std::system_error& e) {
    // A thread that could not be started, for want of memory for its stack.
    if (e.code() != std::errc::resource_unavailable_try_again) throw;
    return tl::unexpected(error(errc::io, "out of memory"));
  }
}

// Whether report() colours the word "error" (the shell on a terminal).
void color_errors(bool on);

// What kg stats prints, for a store; returns the exit code.
int print_stats(store::triple_store& store, std::ostream& out);

// What kg export FILE --format F does (FILE "" or "-": standard output);
// returns the exit code.
int export_store(store::triple_store& store, const std::string& file, const std::string& format);

}  // namespace kg::cli
