// A session runs statements and meta-commands against one store, with the
// settings meta-commands change (.mode, .headers, .timer, ...). kg run, the
// interactive shell and the shell reading a pipe all run through it.
#pragma once

#include <fstream>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "cli/app.hpp"
#include "cli/output.hpp"
#include "engine/run.hpp"

namespace kg::cli {

struct session_settings {
  output_mode mode = output_mode::tsv;
  bool headers = true;
  bool timer = false;        // the time of every statement (footer, or a line on stderr)
  bool footer_time = false;  // the time in table footers only (the shell's default)
  bool explain = false;      // show the pattern, SQL and plan before each answer
  bool sources = false;      // answers with sources
  bool strict = true;        // add refuses new names that may be typos (.strict)
  bool show_sql = false;
  std::size_t max_rows = 0;  // 0: every row
  int timeout_ms = 0;
  bool terminal = false;  // results go to a terminal: fit its width, escape control characters
  bool color = false;
  bool separate_answers = true;  // a blank line between the answers of a script
  bool echo = false;             // print each statement before its answer (.echo)
  // Whether a failing statement stops the rest of a script (.bail); unset:
  // as the caller says (kg run stops unless --keep-going).
  std::optional<bool> bail;
  bool changes = false;             // after each change, what it and the session changed (.changes)
  std::vector<std::size_t> widths;  // .width: table column widths (0: automatic)
  bool wrap = true;                 // .wrap: long cells go on over more lines in tables
  // kg run --safe: meta-commands that read or write files or open stores
  // are refused, and import reads only files in the script's folder.
  bool safe = false;
};

class session {
 public:
  session(const context& ctx, session_settings settings);

  // Runs a script: statements and meta-commands, in order. Stops at the
  // first failure unless keep_going; returns the exit code (0, or the first
  // failure's). `source` names the script in messages; relative paths in
  // import and .read start at base_dir.
  int run_script(const std::string& text, const std::string& source, const std::string& base_dir,
                 bool keep_going);

  // Runs the statement text[begin, end) (parsed in place, so errors carry
  // the script's line and column); returns 0 or the exit code of its error,
  // which has been reported.
  int run_statement(const std::string& text, std::size_t begin, std::size_t end, const std::string& source,
                    const std::string& base_dir);

  // Runs a meta-command line (".mode json"); returns 0 or an exit code.
  int run_meta(const std::string& line, const std::string& base_dir);

  bool quit() const { return quit_; }
  session_settings& settings() { return settings_; }

  // The open store, opened read-only on first use (nullptr when it cannot
  // be opened; the error has been reported).
  store::triple_store* store(bool write = false);
  // Counts the writes, so that a completion cache knows when to refresh.
  unsigned generation() const { return generation_; }

 private:
  std::ostream& out();
  // With settings().safe: reports the meta-command at text[begin] that
  // reads or writes files or opens a store, at its position; returns its
  // exit code, or 0 when it does none of that.
  int refuse_unsafe(const std::string& text, std::size_t begin, const std::string& source);
  render_options render_settings(std::optional<double> seconds) const;
  int prefix_command(const std::string& line);  // .prefix

 public:
  // The prefixes a statement may use: the well-known ones, the store's,
  // then the session's own declarations. Opens the store when it can
  // (quietly: a store that cannot be opened is reported by the statement).
  prefix_list known_prefixes();

 private:
  context ctx_;
  session_settings settings_;
  std::optional<store::triple_store> store_;
  bool writable_ = false;
  // The prefixes `prefix` statements declared, for the statements after.
  prefix_list declared_;
  prefix_list shown_prefixes_;  // those of the last statement, for its output
  bool quit_ = false;
  unsigned generation_ = 0;
  std::ofstream output_file_;  // .output FILE or .once FILE
  bool once_ = false;          // output_file_ takes the next answer only
  std::int64_t total_changes_ = 0;
  int depth_ = 0;              // .read nesting
  unsigned answers_ = 0;       // answers printed so far
};

// The help text of the meta-commands.
const std::string& meta_help();

// The meta-commands, for completion.
const std::vector<std::string>& meta_commands();

}  // namespace kg::cli
