// kg shell (and plain kg on a terminal): an interactive session with line
// editing (libedit), history, completion from the data, multi-line
// statements and meta-commands. With standard input not a terminal it
// reads the input as a script, like kg run -.
#include <histedit.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/app.hpp"
#include "cli/completion.hpp"
#include "cli/history.hpp"
#include "cli/interrupt.hpp"
#include "cli/session.hpp"
#include "cli/terminal.hpp"
#include "parser/script.hpp"
#include "store/import.hpp"

namespace kg::cli {
namespace {

struct shell_args {
  std::string history;  // empty: the default file
  bool no_history = false;
  std::string format;
  int timeout_ms = 0;
};

// The history file: $XDG_STATE_HOME/kg/history, or ~/.local/state/kg/history.
std::string default_history_path() {
  if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state)
    return std::string(state) + "/kg/history";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/state/kg/history";
}

class shell {
 public:
  shell(const context& ctx, const shell_args& args, session_settings settings)
      : args_(args), session_(ctx, std::move(settings)) {}

  ~shell() {
    if (el_) {
      std::fputs("\x1b[?2004l", stdout);  // bracketed paste off
      std::fflush(stdout);
      el_end(el_);
    }
    if (hist_) {
      save_history();
      history_end(hist_);
    }
  }

  int run() {
    setup();
    std::cout << "kg " KG_VERSION " shell on " << store_name() << ". .help for help, Ctrl-D to leave.\n";
    while (!session_.quit()) {
      clear_interrupt();
      int count = 0;
      errno = 0;
      const char* line = el_gets(el_, &count);
      if (!line) {
        if (count == -1 && errno == EINTR) {
          // Ctrl-C at the prompt: drop what was typed.
          pending_.clear();
          std::cout << '\n';
          continue;
        }
        std::cout << '\n';
        break;  // Ctrl-D
      }
      std::string text(line, static_cast<std::size_t>(count));
      if (!text.empty() && text.back() == '\n') text.pop_back();
      pending_ += pending_.empty() ? text : "\n" + text;
      const bool blank_line = text.find_first_not_of(" \t") == std::string::npos;
      if (!blank_line && query::unfinished(pending_)) continue;  // a blank line runs what is there
      const std::string statement = pending_;
      pending_.clear();
      if (statement.find_first_not_of(" \t\n") == std::string::npos) continue;
      remember(statement);
      session_.run_script(statement, "query", "", true);
    }
    return 0;
  }

  const std::string& pending() const { return pending_; }
  session& current() { return session_; }
  bool pasting = false;

 private:
  std::string store_name() {
    auto* st = session_.store();
    return st ? st->path() : "(no store)";
  }

  void setup() {
    el_ = el_init("kg", stdin, stdout, stderr);
    el_set(el_, EL_CLIENTDATA, this);
    el_set(el_, EL_EDITOR, "emacs");
    el_set(el_, EL_SIGNAL, 1);
    el_set(el_, EL_PROMPT, &shell::prompt);
    hist_ = history_init();
    HistEvent ev;
    history(hist_, &ev, H_SETSIZE, 2000);
    history(hist_, &ev, H_SETUNIQUE, 1);
    el_set(el_, EL_HIST, history, hist_);
    if (!args_.no_history) {
      history_path_ = args_.history.empty() ? default_history_path() : args_.history;
      if (auto problem = history_file_problem(history_path_)) {
        std::cerr << "kg: warning: not using '" << history_path_ << "' as the history file: " << *problem
                  << "; this session's history is not saved\n";
        history_path_.clear();
      } else {
        history(hist_, &ev, H_LOAD, history_path_.c_str());
      }
    }
    el_set(el_, EL_ADDFN, "kg-complete", "complete from the data", &shell::on_tab);
    el_set(el_, EL_BIND, "^I", "kg-complete", nullptr);
    el_set(el_, EL_BIND, "^R", "em-inc-search-prev", nullptr);
    // Bracketed paste: text between these marks is inserted as it is.
    el_set(el_, EL_ADDFN, "kg-paste-begin", "pasted text begins", &shell::on_paste_begin);
    el_set(el_, EL_ADDFN, "kg-paste-end", "pasted text ends", &shell::on_paste_end);
    el_set(el_, EL_BIND, "\\e[200~", "kg-paste-begin", nullptr);
    el_set(el_, EL_BIND, "\\e[201~", "kg-paste-end", nullptr);
    el_source(el_, nullptr);  // ~/.editrc
    std::fputs("\x1b[?2004h", stdout);
    std::fflush(stdout);
  }

  void remember(const std::string& statement) {
    HistEvent ev;
    history(hist_, &ev, H_ENTER, statement.c_str());
    save_history();
  }

  // Saves after every statement, so a crash loses none; a file that stopped
  // being a history file meanwhile is left alone. A failure is told once.
  void save_history() {
    if (history_path_.empty()) return;
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(history_path_).parent_path(), ec);
    auto failed = history_file_problem(history_path_);
    if (!failed) failed = write_history(hist_, history_path_);
    if (failed && !save_warned_) {
      save_warned_ = true;
      std::cerr << "kg: warning: cannot save the history to '" << history_path_ << "': " << *failed << '\n';
    }
  }

  static shell* self(EditLine* el) {
    void* data = nullptr;
    el_get(el, EL_CLIENTDATA, &data);
    return static_cast<shell*>(data);
  }

  static const char* prompt(EditLine* el) { return self(el)->pending_.empty() ? "kg> " : "...> "; }

  static unsigned char on_paste_begin(EditLine* el, int) {
    self(el)->pasting = true;
    return CC_NORM;
  }
  static unsigned char on_paste_end(EditLine* el, int) {
    self(el)->pasting = false;
    return CC_NORM;
  }

  static unsigned char on_tab(EditLine* el, int) {
    auto* sh = self(el);
    if (sh->pasting) {
      el_insertstr(el, "\t");
      return CC_REFRESH;
    }
    const LineInfo* li = el_line(el);
    const std::string line(li->buffer, static_cast<std::size_t>(li->cursor - li->buffer));
    const std::string statement = sh->pending_.empty() ? line : sh->pending_ + "\n" + line;
    const auto c = complete(sh->session_.store(), line, statement);
    if (c.candidates.empty()) return CC_ERROR;
    const std::string word = line.substr(c.word_begin);
    const auto insert = [&](const std::string& text) {
      el_deletestr(el, static_cast<int>(word.size()));
      el_insertstr(el, text.c_str());
    };
    if (c.candidates.size() == 1) {
      const auto& only = c.candidates.front().text;
      const bool blank = c.candidates.front().whole &&
                         (only.ends_with('"') || only.starts_with('.') || !only.starts_with('?'));
      insert(only + (blank ? " " : ""));
      return CC_REFRESH;
    }
    const auto prefix = common_prefix(c.candidates);
    if (prefix.size() > word.size()) {
      insert(prefix);
      return CC_REFRESH;
    }
    // Several: list them under the line, with details (fact counts, aliases).
    std::cout << '\n';
    std::size_t shown = 0;
    for (const auto& cand : c.candidates) {
      if (++shown > 40) {
        std::cout << "  … " << c.candidates.size() - 40 << " more\n";
        break;
      }
      std::cout << "  " << cand.text;
      if (!cand.detail.empty()) std::cout << "  (" << cand.detail << ")";
      std::cout << '\n';
    }
    std::cout.flush();
    return CC_REDISPLAY;
  }

  shell_args args_;
  session session_;
  EditLine* el_ = nullptr;
  History* hist_ = nullptr;
  std::string history_path_;  // empty: no history is saved
  bool save_warned_ = false;
  std::string pending_;
};

int run_shell(const context& ctx, const shell_args& args) {
  session_settings settings;
  interrupt_flag();  // Ctrl-C stops a query, not kg
  if (!stdin_is_tty()) {
    // A pipe: no prompts, no colours; the input is a script.
    settings.mode = args.format.empty() ? (stdout_is_tty() ? output_mode::table : output_mode::tsv)
                                        : mode_named(args.format).value();  // checked by --format
    settings.terminal = stdout_is_tty();
    settings.timeout_ms = args.timeout_ms;
    session s(ctx, settings);
    auto in = store::read_file("-");
    if (!in) return report(in.error());
    return s.run_script(*in, "<stdin>", "", false);
  }
  exit_on_second_interrupt(false);
  settings.mode = args.format.empty() ? output_mode::table : mode_named(args.format).value();
  settings.terminal = stdout_is_tty();
  settings.color = use_color();
  const char* no_color = std::getenv("NO_COLOR");
  color_errors(stderr_is_tty() && !(no_color && *no_color));
  settings.footer_time = true;  // a table's footer gives the time
  settings.max_rows = 40;
  settings.separate_answers = false;  // each answer follows its own prompt
  settings.timeout_ms = args.timeout_ms;
  shell sh(ctx, args, settings);
  return sh.run();
}

}  // namespace

void add_shell(CLI::App& app, context& ctx, action& act) {
  auto args = std::make_shared<shell_args>();
  auto* cmd = app.add_subcommand("shell", "The interactive shell (the default on a terminal)");
  cmd->add_option("--history", args->history, "The history file (default: " + default_history_path() + ")");
  cmd->add_flag("--no-history", args->no_history, "Keep no history");
  cmd->add_option("--format", args->format, "The output mode to start in (see .mode)")
      ->check(CLI::IsMember(output_modes()));
  cmd->add_option("--timeout", args->timeout_ms, "Stop a query that runs longer than this many milliseconds")
      ->check(CLI::Range(0, 86'400'000));
  cmd->callback([&ctx, &act, args] { act = [&ctx, args] { return run_shell(ctx, *args); }; });
}

int run_default_shell(const context& ctx) { return run_shell(ctx, shell_args{}); }

}  // namespace kg::cli
