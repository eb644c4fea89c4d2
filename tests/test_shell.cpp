// The interactive shell in a real terminal (tmux: send-keys, capture-pane),
// and the shell reading a pipe.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>
#include <utility>

#include "cli/history.hpp"
#include "cli/output.hpp"
#include "tests/helpers.hpp"

using kg::test::run_kg;
using kg::test::shell_quote;
using kg::test::temp_dir;

namespace {

const std::string facts =
    "subject\tpredicate\tobject\tdate\tplace\n"
    "Jensen Huang\tceo_of\tNvidia\t\t\n"
    "Lei Jun\tceo_of\tXiaomi\t\t\n"
    "Jensen Huang\tmet\tLei Jun\t2025-07-15\tBeijing\n"
    "Big Company Ltd\talias\t\"Giant Corp\"\t\t\n"
    "Big Company Ltd\temployees\t12\t\t\n";

std::string capture(const std::string& cmd) {
  std::string out;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    ::pclose(p);
  }
  return out;
}

bool have_tmux() { return std::system("command -v tmux >/dev/null 2>&1") == 0; }

// A shell running in a tmux terminal of 100x30 (or narrower), on its own tmux server.
class terminal {
 public:
  terminal(const std::string& db, const std::string& history, int columns = 100, std::string cwd = {})
      : columns_(columns), cwd_(std::move(cwd)) {
    static int n = 0;
    socket_ = "kg-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++);
    start(db, history);
  }
  ~terminal() { tmux("kill-server"); }

  void start(const std::string& db, const std::string& history) {
    tmux("kill-server");
    const std::string cmd = "env TERM=xterm-256color NO_COLOR=1 " + shell_quote(KG_BINARY) + " --db " +
                            shell_quote(db) + " shell --history " + shell_quote(history);
    tmux("new-session -d -x " + std::to_string(columns_) + " -y 30 " +
         (cwd_.empty() ? std::string() : "-c " + shell_quote(cwd_) + " ") + shell_quote(cmd));
    CHECK(wait_for("kg>"));
  }

  // Keys as tmux send-keys takes them: literal text with -l, or key names.
  void type(const std::string& text) { tmux("send-keys -l " + shell_quote(text)); }
  void keys(const std::string& names) { tmux("send-keys " + names); }

  // Pastes text the way a terminal does, in bracketed-paste marks when the
  // shell asked for them.
  void paste(const std::string& text) {
    tmux("set-buffer -b kg " + shell_quote(text));
    tmux("paste-buffer -p -b kg");
  }

  std::string screen() { return capture("tmux -L " + socket_ + " capture-pane -p 2>/dev/null"); }

  // Waits until the screen shows the text (tmux drops the blanks at the
  // end of a line), with a deadline generous enough for a loaded machine.
  bool wait_for(const std::string& text) {
    for (int i = 0; i < 1200; ++i) {
      if (screen().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    MESSAGE("the screen never showed: " << text << "\n" << screen());
    return false;
  }

  // Waits until the shell has left: its tmux session ends with it.
  bool wait_for_exit() {
    for (int i = 0; i < 1200; ++i) {
      if (std::system(("tmux -L " + socket_ + " has-session >/dev/null 2>&1").c_str()) != 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    MESSAGE("the shell never left:\n" << screen());
    return false;
  }

  // Waits up to `tries` times 50 ms for the text, without a message.
  bool wait_for_quietly(const std::string& text, int tries) {
    for (int i = 0; i < tries; ++i) {
      if (screen().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

 private:
  void tmux(const std::string& args) {
    (void)std::system(("tmux -L " + socket_ + " " + args + " >/dev/null 2>&1").c_str());
  }
  std::string socket_;
  int columns_ = 100;
  std::string cwd_;  // where the shell starts, when not here
};

}  // namespace

TEST_SUITE("shell") {
  TEST_CASE("in a terminal: completion, multi-line statements, .mode, Ctrl-C, history across sessions") {
    if (!have_tmux()) {
      MESSAGE("skipped: tmux is not installed (make deps installs it)");
      return;
    }
    temp_dir tmp;
    const auto db = tmp.path("s.kg");
    REQUIRE(
        run_kg("--db " + shell_quote(db) + " import " + shell_quote(tmp.write("f.tsv", facts))).exit_code ==
        0);
    const auto history = tmp.path("history");
    {
      terminal t(db, history);
      // A predicate, completed from the data.
      t.type("?who ceo");
      t.keys("Tab");
      CHECK(t.wait_for("kg> ?who ceo_of"));
      t.type("Nvidia");
      t.keys("Enter");
      CHECK(t.wait_for("Jensen Huang"));
      // A multiword alias, completed and quoted.
      t.type("?x employees ?n filter ?x = Gi");
      t.keys("Tab");
      CHECK(t.wait_for("?x = \"Giant Corp\""));
      t.keys("Enter");
      CHECK(t.wait_for("Big Company Ltd"));
      // A statement over two lines: the second prompt says it continues.
      t.type("select ?p where");
      t.keys("Enter");
      CHECK(t.wait_for("...>"));
      t.type("  ?p ceo_of Xiaomi");
      t.keys("Enter");
      CHECK(t.wait_for("Lei Jun"));
      // The next line need not be indented: "where" cannot end a statement,
      // nor can a pattern missing its object, an operator or an open brace
      // after a ','; the lines run as one statement.
      t.type("select ?boss where");
      t.keys("Enter");
      CHECK(t.wait_for("...>"));
      t.type("?boss ceo_of Nvidia");
      t.keys("Enter");
      CHECK(t.wait_for("boss\n------------\nJensen Huang"));
      t.type("\"Lei Jun\" ^met");
      t.keys("Enter");
      t.type("?host");
      t.keys("Enter");
      CHECK(t.wait_for("host\n------------\nJensen Huang"));
      t.type("select ?who ?when where");
      t.keys("Enter");
      t.type("?who met \"Lei Jun\" {date: ?when,");
      t.keys("Enter");
      CHECK(t.wait_for("...> ?who met \"Lei Jun\" {date: ?when,\n...>"));
      t.type("place: ?where}");
      t.keys("Enter");
      CHECK(t.wait_for("who           when\n------------  ----------\nJensen Huang  2025-07-15"));
      CHECK(t.screen().find("error") == std::string::npos);
      // Pasted text is inserted as it is: its tabs complete nothing.
      t.paste("?who\tceo_of\tXiaomi");
      t.keys("Enter");
      CHECK(t.wait_for("kg> ?who        ceo_of  Xiaomi"));  // tabs shown as spaces to the next stop
      CHECK(t.wait_for("Lei Jun"));
      // .mode switches the output.
      t.type(".mode json");
      t.keys("Enter");
      t.type("?c ^ceo_of \"Lei Jun\"");
      t.keys("Enter");
      CHECK(t.wait_for(
          "{\"c\": {\"type\": \"uri\", \"value\": \"urn:kg:e:Xiaomi\", \"entity\": \"Xiaomi\"}}]}}"));
      // Ctrl-C stops a long query and keeps the shell.
      t.type(".mode table");
      t.keys("Enter");
      // The next prompt: .mode has run, so the Ctrl-C below cannot stop it
      // instead of the query on a loaded machine.
      CHECK(t.wait_for("kg> .mode table\nkg>"));
      // 5 facts, 13 patterns: 5^13 rows to count, minutes of work.
      std::string slow = "count where ?a0 ?p0 ?b0";
      for (int i = 1; i < 13; ++i)
        slow += " . ?a" + std::to_string(i) + " ?p" + std::to_string(i) + " ?b" + std::to_string(i);
      t.type(slow);
      t.keys("Enter");
      CHECK(t.wait_for(slow.substr(0, 40)));
      // Ctrl-C until the query says it stopped: one sent before the query
      // starts only clears an empty line.
      bool stopped = false;
      for (int i = 0; i < 100 && !stopped; ++i) {
        t.keys("C-c");
        stopped = t.screen().find("kg: error: interrupted") != std::string::npos ||
                  t.wait_for_quietly("kg: error: interrupted", 20);
      }
      CHECK(stopped);
      t.type("?x met ?y");
      t.keys("Enter");
      CHECK(t.wait_for("Jensen Huang  Lei Jun"));
      t.keys("C-d");
    }
    {
      // A second session finds the first one's statements in its history.
      terminal t(db, history);
      t.keys("Up");
      CHECK(t.wait_for("kg> ?x met ?y"));
      t.keys("Up");
      CHECK(t.wait_for("count where ?a0 ?p0 ?b0"));
      t.keys("C-d");
    }
  }

  TEST_CASE("reading a pipe: no prompts, meta-commands work, and it behaves like kg run -") {
    temp_dir tmp;
    const auto db = shell_quote(tmp.path("s.kg"));
    REQUIRE(run_kg("--db " + db + " import " + shell_quote(tmp.write("f.tsv", facts))).exit_code == 0);
    const std::string script = "?x ceo_of Nvidia\n.mode csv\n?x met ?y\n";
    auto shell = run_kg("--db " + db + " shell", script);
    CHECK(shell.exit_code == 0);
    CHECK(shell.out == "x\nJensen Huang\n\nx,y\nJensen Huang,Lei Jun\n");
    CHECK(shell.err == "");
    auto run = run_kg("--db " + db + " run -", script);
    CHECK(run.out == shell.out);
    // An error stops the script with its position, as in kg run.
    auto bad = run_kg("--db " + db + " shell", "?x ceo_of Nvidia\n?x flies ?y\n?x met ?y\n");
    CHECK(bad.exit_code == 1);
    CHECK(bad.out == "x\nJensen Huang\n");
    CHECK(bad.err.starts_with("<stdin>:2:4: error: unknown predicate 'flies'"));
    auto unknown = run_kg("--db " + db + " shell", ".frobnicate\n");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err == "kg: error: unknown command '.frobnicate'; .help lists them\n");
  }

  TEST_CASE("output modes: box, line, markdown, dot, .maxrows elides the middle rows") {
    temp_dir tmp;
    const auto db = shell_quote(tmp.path("s.kg"));
    REQUIRE(run_kg("--db " + db + " import " + shell_quote(tmp.write("f.tsv", facts))).exit_code == 0);
    CHECK(run_kg("--db " + db + " query --format box '?x ceo_of Xiaomi'").out ==
          "┌─────────┐\n│ x       │\n├─────────┤\n│ Lei Jun │\n└─────────┘\n(1 row)\n");
    CHECK(run_kg("--db " + db + " query --format line '?x ceo_of ?c . ?c ^ceo_of \"Lei Jun\"'").out ==
          "x = Lei Jun\nc = Xiaomi\n");
    CHECK(run_kg("--db " + db + " query --format markdown '?x ceo_of Xiaomi'").out ==
          "| x |\n| --- |\n| Lei Jun |\n");
    const auto dot = run_kg("--db " + db + " query --format dot '?x ceo_of Nvidia'").out;
    CHECK(dot.starts_with("digraph kg {"));
    CHECK(dot.find("[label=\"Jensen Huang\"]") != std::string::npos);
    CHECK(dot.find("-> n1 [label=\"ceo_of\"]") != std::string::npos);
    const auto graph = run_kg("--db " + db + " query 'graph \"Lei Jun\"'").out;
    CHECK(graph.find("[label=\"met\"]") != std::string::npos);
    CHECK(graph.find("[label=\"ceo_of\"]") != std::string::npos);
    std::string many = "subject\tpredicate\tobject\n";
    for (int i = 0; i < 10; ++i) many += "e" + std::to_string(i) + "\tn\t" + std::to_string(i) + "\n";
    REQUIRE(run_kg("--db " + db + " import " + shell_quote(tmp.write("m.tsv", many))).exit_code == 0);
    auto elided =
        run_kg("--db " + db + " shell", ".mode table\n.maxrows 4\nselect ?v where ?x n ?v order by ?v\n");
    CHECK(elided.out == "v\n-\n0\n1\n… 6 more rows …\n8\n9\n(10 rows)\n");
  }
}

TEST_SUITE("shell") {
  TEST_CASE("in a narrow terminal: wrapped tables, .width, .wrap, .mode line, .echo, .once, .changes, "
      "file and predicate completion") {
    if (!have_tmux()) {
      MESSAGE("skipped: tmux is not installed (make deps installs it)");
      return;
    }
    temp_dir tmp;
    const auto db = tmp.path("n.kg");
    const std::string narrow_facts =
        "subject\tpredicate\tobject\n"
        "Jensen Huang\tmet\tLei Jun\n"
        "Meta\trival_of\tNvidia\n"
        "Nvidia\tmotto\t\"the more you buy, the more you save, said the chief executive\"\n";
    REQUIRE(run_kg("--db " + shell_quote(db) + " import " + shell_quote(tmp.write("f.tsv", narrow_facts)))
                .exit_code == 0);
    tmp.write("script one.kgq", "?x rival_of ?y\n");
    terminal t(db, tmp.path("history"), 40, tmp.path(""));
    // The long cell goes on over more lines instead of being cut.
    t.type("?c motto ?m");
    t.keys("Enter");
    CHECK(t.wait_for("Nvidia  \"the more you buy, the more"));
    CHECK(t.wait_for("        you save, said the chief"));
    CHECK(t.wait_for("        executive\""));
    // .width chooses; .wrap off cuts; .mode line gives a value a line.
    t.type(".width 0 12");
    t.keys("Enter");
    t.type("?c motto ?m");
    t.keys("Enter");
    CHECK(t.wait_for("Nvidia  \"the more\n        you buy,"));
    t.type(".wrap off");
    t.keys("Enter");
    t.type("?c motto ?m");
    t.keys("Enter");
    CHECK(t.wait_for("Nvidia  \"the more y…"));
    t.type(".width");
    t.keys("Enter");
    t.type(".mode line");
    t.keys("Enter");
    t.type("?c motto ?m");
    t.keys("Enter");
    CHECK(t.wait_for("m = \"the more you buy, the more you save"));
    t.type(".mode table");
    t.keys("Enter");
    // .echo shows the statement again before its answer; .changes counts.
    t.type(".echo on");
    t.keys("Enter");
    t.type(".changes on");
    t.keys("Enter");
    // The prompt first: keys typed while the shell is busy would be echoed
    // by the terminal ahead of it.
    CHECK(t.wait_for(".changes on\n.changes on\nkg>"));
    t.type("add new Meta rival_of Xiaomi");
    t.keys("Enter");
    CHECK(t.wait_for("kg> add new Meta rival_of Xiaomi\nadd new Meta rival_of Xiaomi\nadded 1 statement"));
    CHECK(t.wait_for("changes: 1   total changes: 1"));
    t.type(".echo off");
    t.keys("Enter");
    // .once sends the next answer to a file, and the one after to the screen.
    const auto once = tmp.path("once.tsv");
    t.type(".once " + once);
    t.keys("Enter");
    t.type("?x met ?y");
    t.keys("Enter");
    t.type("count where ?x rival_of ?y");
    t.keys("Enter");
    CHECK(t.wait_for("count\n-----\n2"));
    CHECK(capture("cat " + shell_quote(once)).find("Jensen Huang  Lei Jun") != std::string::npos);
    CHECK(t.screen().find("Lei Jun") == std::string::npos);
    // File names complete after .read and import "; a folder's name ends in /.
    t.type(".read scr");
    t.keys("Tab");
    CHECK(t.wait_for("kg> .read script one.kgq"));
    t.keys("Enter");
    CHECK(t.wait_for("Meta  Xiaomi"));
    t.type("import \"f.");
    t.keys("Tab");
    CHECK(t.wait_for("kg> import \"f.tsv\""));
    t.keys("C-u");
    // Where a predicate goes, predicates come first: me is met, not Meta.
    t.type("?x me");
    t.keys("Tab");
    CHECK(t.wait_for("kg> ?x met"));
    t.type("Xi");  // the completed predicate ends in a blank; names follow
    t.keys("Tab");
    CHECK(t.wait_for("kg> ?x met Xiaomi"));
    t.keys("C-u");
  }

  TEST_CASE(
      "a table fits the terminal's width, wrapping the widest cells over more lines (or cutting them, with "
      ".wrap off), and shows control characters") {
    kg::engine::table a;
    a.columns = {"name", "note"};
    a.rows.push_back({kg::term{kg::term_kind::entity, "Jensen Huang", {}},
                      kg::term{kg::term_kind::text, "a rather long note\nwith a line break", {}}});
    kg::cli::render_options o;
    o.mode = kg::cli::output_mode::table;
    o.terminal = true;
    o.width = 30;
    std::ostringstream out;
    kg::cli::render(a, o, out);
    CHECK(out.str() ==
          "name          note\n"
          "------------  --------------\n"
          "Jensen Huang  \"a rather long\n"
          "              note\\nwith a\n"
          "              line break\"\n");
    // A word longer than its column is broken where the column ends; box
    // borders go on beside every line of a row.
    kg::engine::table b;
    b.columns = {"id", "text"};
    b.rows.push_back({kg::term{kg::term_kind::entity, "x", {}},
                      kg::term{kg::term_kind::text, "000_fc729ba78c68ed91 and more", {}}});
    o.mode = kg::cli::output_mode::box;
    o.width = 20;
    std::ostringstream boxed;
    kg::cli::render(b, o, boxed);
    CHECK(boxed.str() ==
          "┌────┬─────────────┐\n"
          "│ id │ text        │\n"
          "├────┼─────────────┤\n"
          "│ x  │ \"000_fc729b │\n"
          "│    │ a78c68ed91  │\n"
          "│    │ and more\"   │\n"
          "└────┴─────────────┘\n");
    // .width sets a column's width, wrapped at it; .wrap off cuts instead.
    o.mode = kg::cli::output_mode::table;
    o.width = 0;
    o.column_widths = {0, 8};
    std::ostringstream chosen;
    kg::cli::render(b, o, chosen);
    CHECK(chosen.str() ==
          "id  text\n--  --------\nx   \"000_fc7\n    29ba78c6\n    8ed91\n    and\n    more\"\n");
    o.wrap = false;
    std::ostringstream cut;
    kg::cli::render(b, o, cut);
    CHECK(cut.str() == "id  text\n--  --------\nx   \"000_fc…\n");
    o.column_widths.clear();
    o.wrap = true;
    o.mode = kg::cli::output_mode::table;
    o.width = 0;
    std::ostringstream wide;
    kg::cli::render(a, o, wide);
    CHECK(wide.str().find("a rather long note\\nwith a line break") != std::string::npos);
  }

  TEST_CASE("a history file is used only when it is missing, empty or libedit's, saving replaces it whole") {
    temp_dir tmp;
    using kg::cli::history_file_problem;
    CHECK_FALSE(history_file_problem(tmp.path("missing")));
    CHECK_FALSE(history_file_problem(tmp.path("no folder yet/history")));
    CHECK_FALSE(history_file_problem(tmp.write("empty", "")));
    const auto good = tmp.write("good", "_HiStOrY_V2_\n?x\\040met\\040?y\n");
    CHECK_FALSE(history_file_problem(good));
    CHECK(history_file_problem(tmp.write("binary", std::string("\x7f"
                                                               "ELF\x02\x01\x01\0\0\xff",
                                                               10))) ==
          "it is not a history file (it does not start with _HiStOrY_V2_)");
    CHECK(history_file_problem(tmp.write("notes.txt", "my notes\n_HiStOrY_V2_\n")) ==
          "it is not a history file (it does not start with _HiStOrY_V2_)");
    CHECK(history_file_problem(tmp.write("longer", "_HiStOrY_V2_x\n")) ==
          "it is not a history file (it does not start with _HiStOrY_V2_)");
    std::filesystem::create_symlink(good, tmp.path("link"));
    CHECK(history_file_problem(tmp.path("link")) == "it is a symbolic link");
    std::filesystem::create_directories(tmp.path("folder"));
    CHECK(history_file_problem(tmp.path("folder")) == "it is a folder");
    REQUIRE(::mkfifo(tmp.path("fifo").c_str(), 0600) == 0);
    CHECK(history_file_problem(tmp.path("fifo")) == "it is not a regular file");
    CHECK(history_file_problem(tmp.write("file", "x") + "/history").has_value());  // not a folder

    // Saving writes a new file and renames it over the old one: 0600, the
    // header first, no temporary file left, and a clear error when the
    // folder is not there.
    History* h = history_init();
    HistEvent ev;
    history(h, &ev, H_SETSIZE, 100);
    history(h, &ev, H_ENTER, "?x met ?y");
    CHECK_FALSE(kg::cli::write_history(h, good));
    const auto saved = kg::test::slurp(good);
    CHECK(saved.starts_with("_HiStOrY_V2_\n"));
    CHECK(saved.find("met") != std::string::npos);
    CHECK(std::filesystem::status(good).permissions() == std::filesystem::perms(0600));
    CHECK_FALSE(history_file_problem(good));
    CHECK(kg::cli::write_history(h, tmp.path("no such folder/history")) == "No such file or directory");
    for (const auto& e : std::filesystem::directory_iterator(tmp.path("")))
      CHECK_FALSE(e.path().filename().string().starts_with("good."));  // no temporary file left
    history_end(h);
  }

  TEST_CASE("in a terminal: a history file that is not one is left byte for byte, with one warning") {
    if (!have_tmux()) {
      MESSAGE("skipped: tmux is not installed (make deps installs it)");
      return;
    }
    temp_dir tmp;
    const auto db = tmp.path("s.kg");
    REQUIRE(
        run_kg("--db " + shell_quote(db) + " import " + shell_quote(tmp.write("f.tsv", facts))).exit_code ==
        0);
    const std::string binary(
        "\x7f"
        "ELF\x02\x01\x01\0\0\0 some bytes\n\xff\xfe\n",
        25);
    const auto history = tmp.write("history.bin", binary);
    const auto target = tmp.write("target", "_HiStOrY_V2_\nkept\n");
    const auto link = tmp.path("link");
    std::filesystem::create_symlink(target, link);
    for (const auto& refused : {std::pair{history, std::string("it is not a history file")},
                                std::pair{link, std::string("it is a symbolic link")}}) {
      const std::string& file = refused.first;
      const std::string& why = refused.second;
      CAPTURE(file);
      terminal t(db, file, 200);
      CHECK(t.wait_for("kg: warning: not using '" + file + "' as the history file: " + why));
      CHECK(t.wait_for("this session's history is not saved"));
      t.type("?x ceo_of Nvidia");
      t.keys("Enter");
      CHECK(t.wait_for("Jensen Huang"));
      t.type(".quit");
      t.keys("Enter");
      CHECK(t.wait_for_exit());
    }
    CHECK(kg::test::slurp(history) == binary);
    CHECK(std::filesystem::is_symlink(link));
    CHECK(kg::test::slurp(target) == "_HiStOrY_V2_\nkept\n");

    // A folder that cannot hold the history any more: one warning, not one
    // per statement.
    std::filesystem::create_directories(tmp.path("state"));
    const auto saved = tmp.path("state/history");
    terminal t(db, saved, 200);
    std::filesystem::remove_all(tmp.path("state"));
    tmp.write("state", "a file where the folder was");
    for (const auto& [statement, answer] :
         {std::pair{"?x ceo_of Xiaomi", "Lei Jun"}, std::pair{"?x ceo_of Nvidia", "Jensen Huang"},
          std::pair{"?x alias ?a", "Giant Corp"}}) {
      t.type(statement);
      t.keys("Enter");
      CHECK(t.wait_for(answer));
    }
    const auto screen = t.screen();
    const std::string warning = "kg: warning: cannot save the history to '" + saved + "': ";
    CHECK(screen.find(warning) != std::string::npos);
    CHECK(screen.find(warning) == screen.rfind(warning));
    t.type(".quit");
    t.keys("Enter");
    CHECK(t.wait_for_exit());
  }
}
