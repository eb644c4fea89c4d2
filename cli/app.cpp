// The kg command line; each subcommand lives in its own cmd_*.cpp.
#include "cli/app.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <iostream>

#include "cli/terminal.hpp"
#include "parser/diagnostic.hpp"

namespace kg::cli {

namespace {
bool red_errors = false;

// Messages quote names and values as given, decoded: control characters in
// them are written as escapes, as a query would spell them, so that an
// error cannot drive the terminal (a name holding ESC [2J would clear the
// screen). Line breaks separate a message's lines and tabs keep its carets
// under the right column: those two stay.
std::string printable(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
      static constexpr char hex[] = "0123456789ABCDEF";
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace

void color_errors(bool on) { red_errors = on; }

int report(const error& e) {
  std::string text = printable(render(e));
  if (red_errors) {
    const auto at = text.find(": error: ");
    text.replace(at, 9, ": \x1b[1;31merror\x1b[0m: ");
  }
  std::cerr << text << '\n';
  return exit_code(e.code);
}

int stdout_failure() {
  if (std::cout.flush()) return 0;
  struct stat st {};
  if (::fstat(STDOUT_FILENO, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
    return output_closed_exit;
  return report(error(errc::io, "cannot write standard output"));
}

int run(int argc, char** argv) {
  // A reader that goes away (kg run s.kgq | head -1) makes writes fail
  // rather than kill kg mid-script: it then stops before the next statement
  // (stdout_failure), with an exit code of its own.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"kg: a knowledge-graph triple store with a query CLI", "kg"};
  app.set_version_flag("--version", "kg " KG_VERSION);
  app.require_subcommand(0, 1);
  app.fallthrough();
  context ctx;
  app.add_option("--db", ctx.db_path,
                 "The store file (default: $KG_DB, else the per-user store " + default_store_path() + ")");
  app.add_option("--busy-timeout", ctx.busy_timeout_ms,
                 "Milliseconds to wait for another writer before failing with 'database is busy'")
      ->capture_default_str()
      ->check(CLI::Range(0, 3'600'000));
  action act;
  add_import(app, ctx, act);
  add_export(app, ctx, act);
  add_stats(app, ctx, act);
  add_check(app, ctx, act);
  add_query(app, ctx, act);
  add_run(app, ctx, act);
  add_shell(app, ctx, act);
  app.footer(
      "Exit codes: 0 ok, 1 bad input, 2 usage, 3 database busy, 4 not a kg store or damaged,\n"
      "5 file or database I/O error, 6 query timed out, 130 interrupted,\n"
      "141 standard output closed by its reader (kg run FILE | head): the rest did not run.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : exit_code(errc::usage);
  }
  try {
    if (act) return act();
    // Plain kg: the shell on a terminal; standard input as a script otherwise
    // (kg < file, echo '...' | kg), as sqlite3 does.
    return run_default_shell(ctx);
  } catch (const std::bad_alloc&) {
    std::cerr << "kg: error: out of memory\n";
    return exit_code(errc::io);
  } catch (const std::system_error& e) {
    // A thread that could not be started, for want of memory for its stack.
    if (e.code() != std::errc::resource_unavailable_try_again) throw;
    std::cerr << "kg: error: out of memory\n";
    return exit_code(errc::io);
  }
}

}  // namespace kg::cli
