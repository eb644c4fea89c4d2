// Hostile input: names and values built to break SQL, quoting, line-based
// formats or terminals round-trip byte for byte through every way in and
// out; damaged and tampered database files are refused cleanly; text
// beyond ASCII works everywhere, and invalid UTF-8 is a positioned error.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "cli/output.hpp"
#include "engine/run.hpp"
#include "parser/query.hpp"
#include "parser/utf8.hpp"
#include "store/export.hpp"
#include "tests/helpers.hpp"

using namespace kg;
using kg::test::change_text;
using kg::test::fingerprint;
using kg::test::query_text;
using kg::test::run_kg;
using kg::test::schema_of;
using kg::test::shell_quote;
using kg::test::slurp;
using kg::test::temp_dir;

namespace {

// Strings that break SQL spliced together from text, naive quoting,
// line- and tab-based formats, C strings and terminals.
std::vector<std::string> canaries() {
  std::vector<std::string> out = {
      "it's",
      "say \"hi\"",
      "a;b",
      "x -- y",
      "') DROP TABLE facts; --",
      "\"); DROP TABLE terms; --",
      "'; DELETE FROM facts WHERE '1'='1",
      "back\\slash \\u0041 \\n",
      "<not an iri> _:b1 #hash",
      std::string("nul\0inside", 10),
      std::string("\0", 1),
      std::string("two\0\0nuls at the end\0", 22),
  };
  std::string controls = "controls:";
  for (int c = 1; c < 0x20; ++c) controls += static_cast<char>(c);
  controls += '\x7f';
  out.push_back(controls);
  // 1 MiB of text, every hostile byte above included many times over.
  std::string big;
  while (big.size() < (1u << 20)) big += "') DROP TABLE facts; -- \"x\" \t\n\r\\ \x01\x1f\x7f";
  big += std::string("\0end", 4);
  out.push_back(big);
  return out;
}

// The entity each canary is stored under: its text with a prefix, so that
// names and texts never coincide.
std::string subject_name(const std::string& c) { return "who " + c; }

std::string exported(store::triple_store& s, format f) {
  std::ostringstream out;
  auto n = store::export_facts(s, f, out);
  REQUIRE_MESSAGE(n.has_value(), (n ? "" : n.error().message));
  return out.str();
}

// Every canary is in the store exactly: the object of `canary` and the
// value of the `note` qualifier of its subject, found by the subject's IRI
// and found back from the text.
void check_canaries_in(store::triple_store& s) {
  for (const auto& c : canaries()) {
    CAPTURE(c.size());
    const auto subject = "<" + entity_iri(subject_name(c)) + ">";
    auto forward = query_text(s, "select ?o ?n where " + subject + " canary ?o {note: ?n}");
    REQUIRE_MESSAGE(forward.has_value(), (forward ? "" : forward.error()));
    REQUIRE(forward->rows.size() == 1);
    REQUIRE(forward->rows[0][0]);
    REQUIRE(forward->rows[0][1]);
    CHECK(forward->rows[0][0]->kind == term_kind::text);
    CHECK(forward->rows[0][0]->lex == c);
    CHECK(forward->rows[0][1]->lex == c);
    // The subject by its name, quoted: an exact match, NUL bytes and all.
    auto named = query_text(s, "select ?o where " + quote(subject_name(c)) + " canary ?o");
    REQUIRE_MESSAGE(named.has_value(), (named ? "" : named.error()));
    REQUIRE(named->rows.size() == 1);
    CHECK(named->rows[0][0]->lex == c);
    auto back = query_text(s, "select ?s where ?s canary " + quote(c));
    REQUIRE_MESSAGE(back.has_value(), (back ? "" : back.error()));
    REQUIRE(back->rows.size() == 1);
    REQUIRE(back->rows[0][0]);
    CHECK(back->rows[0][0]->kind == term_kind::entity);
    CHECK(back->rows[0][0]->lex == subject_name(c));
  }
}

// Export in every format, import into a fresh store: the same facts, and
// the canaries still byte for byte.
void check_export_round_trip(store::triple_store& s, const temp_dir& tmp) {
  const auto expected = fingerprint(s);
  for (auto f : {format::tsv, format::csv, format::ntriples}) {
    const std::string name(format_name(f));
    CAPTURE(name);
    auto copy = kg::test::new_store(tmp.path("copy-" + name + ".kg"));
    auto r = kg::test::import_text(copy, f, exported(s, f), "export." + name);
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
    CHECK(fingerprint(copy) == expected);
    check_canaries_in(copy);
  }
}

// What a command run on a damaged store may do: succeed (the damage missed
// everything it read), or refuse with a message and exit code 4 or 5.
// Anything else, a signal above all, is a failure.
void check_clean_exit(const kg::test::run_result& r) {
  CAPTURE(r.err);
  CHECK((r.exit_code == 0 || r.exit_code == 4 || r.exit_code == 5));
  if (r.exit_code != 0 && r.out.find("problem: ") == std::string::npos)
    CHECK(r.err.starts_with("kg: error: "));
}

bool clean_code(errc c) { return c == errc::bad_store || c == errc::io; }

// Opens a store as kg's commands do and reads it every way they do; every
// failure must be a bad_store or io error value. Returns whether all of it
// succeeded.
bool read_everything(const std::string& path) {
  auto s = store::triple_store::open(path, {.read_only = true, .busy_timeout_ms = 100});
  if (!s) {
    CHECK(clean_code(s.error().code));
    return false;
  }
  bool ok = true;
  auto note = [&](const auto& result) {
    if (result) return;
    CHECK(clean_code(result.error().code));
    ok = false;
  };
  note(store::collect_stats(*s));
  for (const char* q :
       {"select * where ?s ?p ?o", "count where ?s ?p ?o {source: ?x}", "?s ?p ?o with sources"}) {
    auto parsed = query::parse(q);
    REQUIRE(parsed);
    note(engine::run_query(*s, *parsed, q, "query"));
  }
  note(store::check_store(*s));
  std::ostringstream sink;
  note(store::export_facts(*s, format::ntriples, sink));
  return ok;
}

// A small real store: a few pages of terms, facts and qualifiers.
std::string small_store_bytes(const temp_dir& tmp) {
  const auto path = tmp.path("small.kg");
  {
    auto s = kg::test::new_store(path);
    std::string tsv = "subject\tpredicate\tobject\tdate\tsource\tline\n";
    for (int i = 0; i < 60; ++i)
      tsv += "person " + std::to_string(i) + "\tmet\tperson " + std::to_string((i * 7) % 60) + "\t2025-07-" +
             std::to_string(10 + i % 20) + "\tA" + std::to_string(i % 5) + "\t" + std::to_string(i) + "\n";
    REQUIRE(kg::test::import_text(s, format::tsv, tsv));
  }
  return kg::test::slurp(path);
}

// Writes bytes as the store at path, with no -wal or -shm left from before.
void place(const std::string& path, const std::string& bytes) {
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// Makes a kg store, then changes it behind kg's back with raw SQL.
std::string kg_store_then(const temp_dir& tmp, const std::string& name, const std::string& sql) {
  const auto path = tmp.path(name);
  {
    auto s = kg::test::new_store(path);
    REQUIRE(kg::test::import_text(s, format::tsv, "subject\tpredicate\tobject\tsource\na\tb\tc\tA\n"));
  }
  kg::test::raw_sql(path, sql);
  return path;
}

// "Zoë" with a combining diaeresis: another name than the precomposed one.
const std::string zoe_combining = "Zoe\xcc\x88";

const std::string world_tsv =
    "subject\tpredicate\tobject\tnote\n"
    "Łódź\ttwinned_with\t東京\t\"Zoë's note 🦀\"\n"
    "東京\tcapital_of\t日本\t\n"
    "Zoë\tvisited\tŁódź\t\n"
    "Zoë\tvisited\t東京\t\n"
    "🦀\tmascot_of\tRust\t\n"
    "Zoe\xcc\x88\tvisited\tŁódź\t\n"
    "visited\tverb_form\t\"visit\"\t\n";

std::vector<std::string> column(const engine::table& a, std::size_t c) {
  std::vector<std::string> out;
  for (const auto& row : a.rows) out.push_back(row[c] ? row[c]->lex : "");
  std::sort(out.begin(), out.end());
  return out;
}

// Runs the kg binary with its standard output into a pipe of which only the
// first line is read before the pipe is closed, as `kg ... | head -1` does,
// SIGPIPE at its default as a shell leaves it; stderr goes to err_path.
// Returns kg's exit code, or minus the signal that ended it.
int run_kg_into_head(const std::vector<std::string>& args, const std::string& err_path, std::string& first) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::vector<char*> argv{const_cast<char*>(KG_BINARY)};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, KG_BINARY, &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(fds[1]);
  REQUIRE(rc == 0);
  char c;
  while (::read(fds[0], &c, 1) == 1 && c != '\n') first += c;
  ::close(fds[0]);
  return kg::test::wait_for(pid);
}

}  // namespace

TEST_SUITE("hostile") {
  TEST_CASE(
      "quotes, SQL, NUL and control characters round-trip byte for byte through add, queries and export") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("add.kg"));
    const auto schema = schema_of(s);
    for (const auto& c : canaries()) {
      CAPTURE(c.size());
      auto added = change_text(
          s, "add <" + entity_iri(subject_name(c)) + "> canary " + quote(c) + " {note: " + quote(c) + "}");
      REQUIRE_MESSAGE(added.has_value(), (added ? "" : added.error()));
      CHECK(added->changed());
    }
    CHECK(s.db().scalar("SELECT count(*) FROM facts") == static_cast<std::int64_t>(canaries().size()));
    check_canaries_in(s);
    check_export_round_trip(s, tmp);
    CHECK(schema_of(s) == schema);
  }

  TEST_CASE("quotes, SQL, NUL and control characters round-trip byte for byte through TSV and CSV import") {
    temp_dir tmp;
    for (auto f : {format::tsv, format::csv}) {
      const std::string name(format_name(f));
      CAPTURE(name);
      auto s = kg::test::new_store(tmp.path(name + ".kg"));
      const auto schema = schema_of(s);
      const char sep = f == format::csv ? ',' : '\t';
      auto cell = [&](const std::string& c) { return f == format::csv ? csv_field(c) : c; };
      std::string text = std::string("subject") + sep + "predicate" + sep + "object" + sep + "note\n";
      for (const auto& c : canaries())
        text += cell(to_cell(entity(subject_name(c)))) + sep + "canary" + sep + cell(quote(c)) + sep +
                cell(quote(c)) + "\n";
      auto r = kg::test::import_text(s, f, text, "canaries." + name);
      REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
      CHECK(r->added == canaries().size());
      check_canaries_in(s);
      check_export_round_trip(s, tmp);
      CHECK(schema_of(s) == schema);
    }
  }

  TEST_CASE("a raw NUL byte in a TSV or CSV file is a positioned error, an escaped NUL is text") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("nul.kg"));
    for (auto f : {format::tsv, format::csv}) {
      const std::string sep = f == format::csv ? "," : "\t";
      const std::string raw = "subject" + sep + "predicate" + sep + "object\na" + sep + "b" + sep + "c" +
                              std::string("\0", 1) + "d\n";
      auto r = kg::test::import_text(s, f, raw, "nul.txt");
      REQUIRE_FALSE(r);
      CHECK(r.error().code == errc::input);
      CHECK(render(r.error()).starts_with("nul.txt:2:6: error: NUL byte in a text file"));
      CHECK(render(r.error()).find("\n  ") != std::string::npos);
      CHECK(render(r.error()).find('^') != std::string::npos);
    }
    CHECK(s.db().scalar("SELECT count(*) FROM facts") == 0);
    auto ok = kg::test::import_text(s, format::tsv, "subject\tpredicate\tobject\na\tb\t\"c\\u0000d\"\n");
    REQUIRE(ok);
    auto a = query_text(s, "a b ?o");
    REQUIRE(a);
    REQUIRE(a->rows.size() == 1);
    CHECK(a->rows[0][0]->lex == std::string("c\0d", 3));
  }

  TEST_CASE("quotes, SQL, NUL and control characters round-trip byte for byte through N-Triples import") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("nt.kg"));
    const auto schema = schema_of(s);
    // Each canary once with N-Triples' escapes (\u0000 for NUL) and its
    // reification carrying the note.
    std::string text;
    int n = 0;
    for (const auto& c : canaries()) {
      const auto subject = to_ntriples(entity(subject_name(c)));
      const std::string b = "_:r" + std::to_string(n++), rdf(rdf::ns);
      text += subject + " <urn:kg:e:canary> " + quote(c) + " .\n";
      text += b + " <" + rdf + "type> <" + rdf + "Statement> .\n" + b + " <" + rdf + "subject> " + subject +
              " .\n" + b + " <" + rdf + "predicate> <urn:kg:e:canary> .\n" + b + " <" + rdf + "object> " +
              quote(c) + " .\n" + b + " <urn:kg:e:note> " + quote(c) + " .\n";
    }
    REQUIRE(text.find('\0') == std::string::npos);
    auto r = kg::test::import_text(s, format::ntriples, text, "canaries.nt");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
    check_canaries_in(s);
    check_export_round_trip(s, tmp);
    CHECK(schema_of(s) == schema);

    // N-Triples literals may also hold raw control characters, NUL included.
    auto raw = kg::test::import_text(
        s, format::ntriples, std::string("<urn:kg:e:raw> <urn:kg:e:p> \"a\0b\x01\x7f\" .\n", 38), "raw.nt");
    REQUIRE_MESSAGE(raw.has_value(), (raw ? "" : raw.error().message));
    auto a = query_text(s, "<urn:kg:e:raw> p ?o");
    REQUIRE(a);
    REQUIRE(a->rows.size() == 1);
    CHECK(a->rows[0][0]->lex == std::string("a\0b\x01\x7f", 5));
  }

  TEST_CASE("canaries leave the kg binary's output intact: json escapes them, tsv and export keep them") {
    temp_dir tmp;
    const auto db = shell_quote(tmp.path("cli.kg"));
    const std::string hostile = "') DROP TABLE facts; -- \"q\" \\ \x01";
    const auto input = "subject\tpredicate\tobject\nBobby\tcanary\t" + quote(hostile) + "\n";
    REQUIRE(run_kg("--db " + db + " import --format tsv -", input).exit_code == 0);
    auto json = run_kg("--db " + db + " query --format json " + shell_quote("Bobby canary ?o"));
    CHECK(json.exit_code == 0);
    CHECK(json.out.find("{\"o\": {\"type\": \"literal\", \"value\": \"') DROP TABLE facts; -- \\\"q\\\" \\\\ "
                        "\\u0001\"}}") != std::string::npos);
    auto tsv = run_kg("--db " + db + " query --format tsv " + shell_quote("Bobby canary ?o"));
    CHECK(tsv.out == "o\n" + quote(hostile) + "\n");
    auto exported_tsv = run_kg("--db " + db + " export --format tsv");
    CHECK(exported_tsv.out == input);
    CHECK(run_kg("--db " + db + " query " + shell_quote("count where ?s ?p ?o")).out == "count\n1\n");
  }

  TEST_CASE("names that differ only after a NUL byte are different names, case-blind and as aliases") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("nul-names.kg"));
    REQUIRE(kg::test::import_text(s, format::ntriples,
                                  "<urn:kg:e:n%00a> <urn:kg:e:p> \"first\" .\n"
                                  "<urn:kg:e:N%00B> <urn:kg:e:p> \"second\" .\n"
                                  "<urn:kg:e:m> <urn:kg:e:alias> \"x\\u0000a\" .\n"
                                  "<urn:kg:e:m> <urn:kg:e:p> \"third\" .\n",
                                  "names.nt"));
    auto objects = [&](const std::string& q) {
      auto a = query_text(s, q);
      REQUIRE_MESSAGE(a.has_value(), (a ? "" : a.error()));
      return column(*a, 0);
    };
    CHECK(objects("\"n\\u0000a\" p ?o") == std::vector<std::string>{"first"});
    CHECK(objects("\"n\\u0000b\" p ?o") == std::vector<std::string>{"second"});
    CHECK(objects("\"N\\u0000A\" p ?o") == std::vector<std::string>{"first"});
    CHECK(objects("\"x\\u0000A\" p ?o") == std::vector<std::string>{"third"});
    for (const std::string unknown : {"n\\u0000c", "x\\u0000b"}) {
      auto a = query_text(s, "\"" + unknown + "\" p ?o");
      REQUIRE_FALSE(a);
      CHECK(a.error().starts_with("query:1:1: error: unknown name '"));
    }
  }

  TEST_CASE("error messages show control characters of names as escapes, never raw") {
    temp_dir tmp;
    const auto db = shell_quote(tmp.path("esc.kg"));
    REQUIRE(
        run_kg("--db " + db + " import --format tsv -", "subject\tpredicate\tobject\na\tb\tc\n").exit_code ==
        0);
    auto escaped = run_kg("--db " + db + " query " + shell_quote("\"\\u001b[2Jgone\\u0000\" b ?o"));
    CHECK(escaped.exit_code == 1);
    CHECK(escaped.err.starts_with("query:1:1: error: unknown name '\\u001B[2Jgone\\u0000'\n"));
    // Written raw in the query, the quoted line shows U+FFFD and the
    // message the escape.
    auto raw = run_kg("--db " + db + " query " + shell_quote("\"x\x1b[31m\" b ?o"));
    CHECK(raw.exit_code == 1);
    CHECK(raw.err ==
          "query:1:1: error: unknown name 'x\\u001B[31m'\n"
          "  \"x\xef\xbf\xbd[31m\" b ?o\n"
          "  ^\n");
    for (const auto* r : {&escaped, &raw}) {
      CHECK(r->err.find('\x1b') == std::string::npos);
      CHECK(r->err.find('\0') == std::string::npos);
    }
  }

  TEST_CASE("names beyond ASCII work in TSV, N-Triples, add, queries, questions and export") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("text.kg"));
    REQUIRE(kg::test::import_text(s, format::tsv, world_tsv, "world.tsv"));
    // The same facts in N-Triples, with raw UTF-8 and with \u escapes, add nothing new.
    const std::string nt = to_ntriples(entity("Łódź")) + " <urn:kg:e:twinned_with> " +
                           to_ntriples(entity("東京")) +
                           " .\n<urn:kg:e:\\u0141\\u00F3d\\u017A> <urn:kg:e:nickname> "
                           "\"\\u0141\\u00F3d\\u017A \\U0001F980\" .\n";
    auto r = kg::test::import_text(s, format::ntriples, nt, "world.nt");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
    CHECK(r->added == 1);
    auto nick = query_text(s, "Łódź nickname ?n");
    REQUIRE(nick);
    REQUIRE(nick->rows.size() == 1);
    CHECK(nick->rows[0][0]->lex == "Łódź 🦀");

    auto added = change_text(s, "add Zoë visited 東京 {note: \"ß and 🦀\"}");
    REQUIRE_MESSAGE(added.has_value(), (added ? "" : added.error()));
    CHECK(added->changed());
    auto who = query_text(s, "select ?who where ?who visited 東京 order by ?who");
    REQUIRE(who);
    CHECK(column(*who, 0) == std::vector<std::string>{"Zoë"});
    auto note = query_text(s, "Zoë visited 東京 {note: ?n}");
    REQUIRE(note);
    REQUIRE(note->rows.size() == 1);
    CHECK(note->rows[0][0]->lex == "ß and 🦀");
    // Names that differ only in their code points are different names.
    auto combining = query_text(s, "select ?x where " + quote(zoe_combining) + " visited ?x");
    REQUIRE(combining);
    CHECK(column(*combining, 0) == std::vector<std::string>{"Łódź"});
    auto emoji = query_text(s, "🦀 mascot_of ?x");
    REQUIRE(emoji);
    CHECK(column(*emoji, 0) == std::vector<std::string>{"Rust"});

    // Case-blind matching folds ASCII letters only: "zoë" finds Zoë, while
    // "ZOË" and "łódź" name nothing.
    auto lower = query_text(s, "zoë visited ?x");
    REQUIRE(lower);
    CHECK(column(*lower, 0) == std::vector<std::string>{"Łódź", "東京"});
    auto upper = query_text(s, "ZOË visited ?x");
    REQUIRE_FALSE(upper);
    CHECK(upper.error().starts_with("query:1:1: error: unknown name 'ZOË'"));
    auto polish = query_text(s, "łódź twinned_with ?x");
    REQUIRE_FALSE(polish);
    CHECK(polish.error().starts_with("query:1:1: error: unknown name 'łódź'"));

    // Questions read non-ASCII words as names.
    auto question = query_text(s, "who visited Łódź?");
    REQUIRE_MESSAGE(question.has_value(), (question ? "" : question.error()));
    CHECK(column(*question, 0) == std::vector<std::string>{zoe_combining, "Zoë"});

    // Export and import into a fresh store: the same facts, bytes intact.
    const auto expected = fingerprint(s);
    for (auto f : {format::tsv, format::csv, format::ntriples}) {
      const std::string name(format_name(f));
      CAPTURE(name);
      const auto out = exported(s, f);
      CHECK(out.find("東京") != std::string::npos);
      auto copy = kg::test::new_store(tmp.path("copy-" + name + ".kg"));
      REQUIRE(kg::test::import_text(copy, f, out, "export." + name));
      CHECK(fingerprint(copy) == expected);
    }
  }

  TEST_CASE("tables measure wide characters, emoji and combining marks in terminal columns") {
    engine::table a;
    a.columns = {"name", "n"};
    for (const auto& [name, n] : std::vector<std::pair<std::string, std::string>>{
             {"東京", "1"}, {"Zoe", "2"}, {zoe_combining, "3"}, {"🦀", "4"}, {"Łódź", "5"}})
      a.rows.push_back({entity(name), term{term_kind::integer, n, {}}});
    std::ostringstream box;
    cli::print_answer(a, cli::output_mode::box, box);
    CHECK(box.str() ==
          "┌──────┬───┐\n"
          "│ name │ n │\n"
          "├──────┼───┤\n"
          "│ 東京 │ 1 │\n"
          "│ Zoe  │ 2 │\n"
          "│ Zoe\xcc\x88  │ 3 │\n"
          "│ 🦀   │ 4 │\n"
          "│ Łódź │ 5 │\n"
          "└──────┴───┘\n"
          "(5 rows)\n");
    // Wrapped or cut to fit a narrow terminal, a wide character is never split.
    cli::render_options narrow;
    narrow.mode = cli::output_mode::table;
    narrow.width = 7;
    engine::table wide;
    wide.columns = {"name"};
    wide.rows.push_back({entity("東京大学東京大学")});
    std::ostringstream wrapped;
    cli::render(wide, narrow, wrapped);
    CHECK(wrapped.str() == "name\n----------\n東京大学東\n京大学\n");  // wrapped, 10 columns at the least
    narrow.wrap = false;
    std::ostringstream cut;
    cli::render(wide, narrow, cut);
    CHECK(cut.str() == "name\n-----\n東京…\n");
  }

  TEST_CASE("json keeps non-ASCII text as it is and escapes control characters") {
    engine::table a;
    a.columns = {"name", "note"};
    a.rows.push_back(
        {entity("Łódź"), term{term_kind::text, std::string("東京 🦀\t\"x\"\x01\x7f\0", 18), {}}});
    std::ostringstream json;
    cli::print_answer(a, cli::output_mode::json, json);
    CHECK(json.str() ==
          "{\"head\": {\"vars\": [\"name\", \"note\"]},\n"
          " \"results\": {\"bindings\": [\n"
          "  {\"name\": {\"type\": \"uri\", \"value\": \"urn:kg:e:Łódź\", \"entity\": \"Łódź\"}, "
          "\"note\": {\"type\": \"literal\", \"value\": \"東京 "
          "🦀\\t\\\"x\\\"\\u0001\\u007F\\u0000\"}}]}}\n");
  }

  TEST_CASE("json says what each cell is, in the SPARQL 1.1 results shape, a yes/no answer is a boolean") {
    engine::table a;
    a.columns = {"x"};
    const std::string xsd(kg::xsd::ns);
    for (const auto& t : std::vector<term>{entity("Jensen Huang"),
                                           {term_kind::iri, "http://example.org/a", {}},
                                           {term_kind::blank, "b1", {}},
                                           {term_kind::text, "plain", {}},
                                           {term_kind::lang_text, "chat", "fr"},
                                           {term_kind::integer, "007", {}},
                                           {term_kind::decimal, "-0.50", {}},
                                           {term_kind::date, "2025-07", {}},
                                           {term_kind::typed, "true", xsd + "boolean"}})
      a.rows.push_back({t});
    a.rows.push_back({std::nullopt});  // unbound: left out of its binding
    std::ostringstream lines;
    cli::print_answer(a, cli::output_mode::jsonl, lines);
    CHECK(
        lines.str() ==
        "{\"x\": {\"type\": \"uri\", \"value\": \"urn:kg:e:Jensen%20Huang\", \"entity\": \"Jensen Huang\"}}\n"
        "{\"x\": {\"type\": \"uri\", \"value\": \"http://example.org/a\"}}\n"
        "{\"x\": {\"type\": \"bnode\", \"value\": \"b1\"}}\n"
        "{\"x\": {\"type\": \"literal\", \"value\": \"plain\"}}\n"
        "{\"x\": {\"type\": \"literal\", \"value\": \"chat\", \"xml:lang\": \"fr\"}}\n"
        "{\"x\": {\"type\": \"literal\", \"value\": \"007\", \"datatype\": \"" +
            xsd +
            "integer\"}}\n"
            "{\"x\": {\"type\": \"literal\", \"value\": \"-0.50\", \"datatype\": \"" +
            xsd +
            "decimal\"}}\n"
            "{\"x\": {\"type\": \"literal\", \"value\": \"2025-07\", \"datatype\": \"" +
            xsd +
            "gYearMonth\"}}\n"
            "{\"x\": {\"type\": \"literal\", \"value\": \"true\", \"datatype\": \"" +
            xsd +
            "boolean\"}}\n"
            "{}\n");
    engine::table yes;
    yes.columns = {"answer"};
    yes.ask = true;
    yes.rows.push_back({term{term_kind::typed, "true", xsd + "boolean"}});
    std::ostringstream doc;
    cli::print_answer(yes, cli::output_mode::json, doc);
    CHECK(doc.str() == "{\"head\": {}, \"boolean\": true}\n");
    engine::table none;
    none.columns = {"x", "y"};
    std::ostringstream empty;
    cli::print_answer(none, cli::output_mode::json, empty);
    CHECK(empty.str() == "{\"head\": {\"vars\": [\"x\", \"y\"]},\n \"results\": {\"bindings\": []}}\n");
  }

  TEST_CASE("invalid UTF-8 in an import file is a positioned error with a caret") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("bad.kg"));
    auto tsv =
        kg::test::import_text(s, format::tsv, "subject\tpredicate\tobject\nŁódź\tnear\tx\xff y\n", "bad.tsv");
    REQUIRE_FALSE(tsv);
    CHECK(tsv.error().code == errc::input);
    // The line is shown with U+FFFD for the bad byte; the caret line keeps
    // the tabs, so the caret stands under it.
    CHECK(render(tsv.error()) ==
          "bad.tsv:2:12: error: invalid UTF-8\n"
          "  Łódź\tnear\tx\xef\xbf\xbd y\n"
          "      \t    \t ^\n"
          "help: kg reads text files in UTF-8; convert the file first (e.g. with iconv)\n"
          "1 error; nothing was imported");
    auto nt =
        kg::test::import_text(s, format::ntriples, "<urn:kg:e:a> <urn:kg:e:b> \"Zoë \xc3(\" .\n", "bad.nt");
    REQUIRE_FALSE(nt);
    CHECK(nt.error().code == errc::input);
    CHECK(render(nt.error()).starts_with("bad.nt:1:32: error: invalid UTF-8\n"));
    CHECK(render(nt.error()).find('^') != std::string::npos);
    CHECK(s.db().scalar("SELECT count(*) FROM facts") == 0);
  }

  TEST_CASE("invalid UTF-8 in a query is a positioned error with exit code 1") {
    temp_dir tmp;
    const auto db = shell_quote(tmp.path("q.kg"));
    REQUIRE(run_kg("--db " + db + " import --format tsv -", world_tsv).exit_code == 0);
    for (const auto& [query, where] :
         std::vector<std::pair<std::string, std::string>>{{"\xff", "query:1:1:"},
                                                          {"Zoë visited \xc3(", "query:1:13:"},
                                                          {"?x \xed\xa0\x80 ?y", "query:1:4:"},
                                                          {"who visited \xf4\x90\x80\x80?", "query:1:13:"}}) {
      const std::string& column_text = where;  // clang 14 cannot capture a structured binding
      CAPTURE(column_text);
      auto r = run_kg("--db " + db + " query " + shell_quote(query));
      CHECK(r.exit_code == 1);
      CHECK(r.err.starts_with(column_text + " error: invalid UTF-8\n"));
      CHECK(r.err.find('^') != std::string::npos);
    }
    // Valid text beyond ASCII reaches every part of the query language.
    for (const std::string query : {"Zoë visited ?x", "select ?x where ?x visited 東京", "who visited Łódź?",
                                    "\"🦀\" ?p ?o", "Łódź ?p ?o . filter contains(?o, \"京\")"}) {
      CAPTURE(query);
      auto r = run_kg("--db " + db + " query --format json " + shell_quote(query));
      CHECK(r.exit_code == 0);
      CHECK(r.out.find("\"bindings\": [\n  {") != std::string::npos);
    }
  }

  TEST_CASE("flipped bytes anywhere in a store are refused or read cleanly, never a crash") {
    temp_dir tmp;
    const auto original = small_store_bytes(tmp);
    REQUIRE(original.size() >= 4096);
    const auto path = tmp.path("flipped.kg");
    std::mt19937 rng(20251122);
    std::uniform_int_distribution<std::size_t> position(0, original.size() - 1);
    std::uniform_int_distribution<int> mask(1, 255);
    int refused = 0;
    auto try_flip = [&](std::size_t at, int with) {
      std::string bytes = original;
      bytes[at] = static_cast<char>(bytes[at] ^ with);
      place(path, bytes);
      if (!read_everything(path)) ++refused;
    };
    // Every byte of SQLite's header, in two ways.
    for (std::size_t at = 0; at < 100; ++at) {
      CAPTURE(at);
      try_flip(at, 0xFF);
      try_flip(at, 0x01);
    }
    for (int i = 0; i < 200; ++i) {
      const auto at = position(rng);
      const auto with = mask(rng);
      CAPTURE(at);
      CAPTURE(with);
      try_flip(at, with);
    }
    // The magic string, the application id and the page size at least.
    CHECK(refused >= 40);
  }

  TEST_CASE("the kg binary refuses damaged stores with exit code 4 or 5, never a signal") {
    temp_dir tmp;
    const auto original = small_store_bytes(tmp);
    const auto path = tmp.path("damaged.kg");
    const auto db = shell_quote(path);
    std::mt19937 rng(7);
    std::uniform_int_distribution<std::size_t> position(100, original.size() - 1);
    std::uniform_int_distribution<int> mask(1, 255);
    // Header bytes where a flip matters most, then random bytes past it.
    std::vector<std::size_t> spots = {0,  15, 16, 17, 18, 19, 20, 21, 28, 31,
                                      44, 52, 56, 60, 63, 68, 71, 96, 99};
    for (int i = 0; i < 12; ++i) spots.push_back(position(rng));
    int refused = 0;
    for (const auto at : spots) {
      CAPTURE(at);
      std::string bytes = original;
      bytes[at] = static_cast<char>(bytes[at] ^ mask(rng));
      for (const char* command : {"stats", "query '?s ?p ?o'", "check"}) {
        CAPTURE(command);
        place(path, bytes);
        auto r = run_kg("--db " + db + " " + command);
        check_clean_exit(r);
        if (r.exit_code != 0) ++refused;
      }
    }
    CHECK(refused > 0);
  }

  TEST_CASE("truncated stores are refused or read cleanly, never a crash") {
    temp_dir tmp;
    const auto original = small_store_bytes(tmp);
    const auto path = tmp.path("short.kg");
    for (std::size_t length :
         {std::size_t{1}, std::size_t{15}, std::size_t{16}, std::size_t{99}, std::size_t{100},
          std::size_t{101}, std::size_t{512}, std::size_t{4095}, std::size_t{4096}, std::size_t{4097},
          std::size_t{8192}, original.size() / 2, original.size() - 4096, original.size() - 1}) {
      CAPTURE(length);
      place(path, original.substr(0, length));
      const bool read = read_everything(path);
      // A header cut short is never a store.
      if (length < 100) CHECK_FALSE(read);
      if (length == 1 || length == 4096 || length == original.size() / 2) {
        place(path, original.substr(0, length));
        check_clean_exit(run_kg("--db " + shell_quote(path) + " stats"));
        place(path, original.substr(0, length));
        check_clean_exit(run_kg("--db " + shell_quote(path) + " query '?s met ?o'"));
      }
    }
  }

  TEST_CASE("a store that opens but is damaged inside fails its queries with exit code 4") {
    temp_dir tmp;
    auto bytes = small_store_bytes(tmp);
    const std::size_t page = 4096;
    REQUIRE(bytes.size() > 2 * page);
    // Page 1 (the header and the schema) stays; every other page is garbage.
    for (std::size_t i = page; i < bytes.size(); ++i) bytes[i] = static_cast<char>(0x5A ^ (i * 31));
    const auto path = tmp.path("garbage.kg");
    place(path, bytes);
    {
      auto s = store::triple_store::open(path, {.read_only = true});
      REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message));
      auto st = store::collect_stats(*s);
      REQUIRE_FALSE(st);
      CHECK(st.error().code == errc::bad_store);
      CHECK(st.error().message.find("is damaged") != std::string::npos);
      auto parsed = query::parse("?s met ?o");
      REQUIRE(parsed);
      auto a = engine::run_query(*s, *parsed, "?s met ?o", "query");
      REQUIRE_FALSE(a);
      CHECK(a.error().code == errc::bad_store);
    }
    const auto db = shell_quote(path);
    for (const char* command :
         {"stats", "query '?s ?p ?o'", "query 'who met person 1?'", "export", "check"}) {
      CAPTURE(command);
      place(path, bytes);
      auto r = run_kg("--db " + db + " " + command);
      CHECK(r.exit_code == 4);
      if (r.out.find("problem: ") == std::string::npos) CHECK(r.err.find("is damaged") != std::string::npos);
    }
  }

  TEST_CASE(
      "the kg binary refuses empty files, other programs' databases and tampered stores with exit code 4") {
    temp_dir tmp;
    struct hostile {
      const char* name;
      std::string path;
      const char* message_part;
    };
    const hostile cases[] = {
        {"an empty file", tmp.write("empty.kg", ""), "the file is empty"},
        {"another program's database",
         [&] {
           kg::test::raw_sql(tmp.path("other.db"),
                             "CREATE TABLE facts(s, p, o); INSERT INTO facts VALUES (1, 2, 3);");
           return tmp.path("other.db");
         }(),
         "an SQLite database of another program"},
        {"a trigger that empties the dictionary",
         kg_store_then(tmp, "trigger.kg",
                       "CREATE TRIGGER t BEFORE DELETE ON facts BEGIN DELETE FROM terms; END;"),
         "triggers or views"},
        {"a trigger on the store's own metadata",
         kg_store_then(tmp, "trigger2.kg", "CREATE TRIGGER t2 AFTER UPDATE ON meta BEGIN SELECT 1; END;"),
         "triggers or views"},
        {"a view", kg_store_then(tmp, "view.kg", "CREATE VIEW facts_v AS SELECT * FROM facts"),
         "triggers or views"},
        {"a view with an INSTEAD OF trigger",
         kg_store_then(tmp, "insteadof.kg",
                       "CREATE VIEW v AS SELECT 1 AS x; "
                       "CREATE TRIGGER t3 INSTEAD OF INSERT ON v BEGIN DELETE FROM facts; END;"),
         "triggers or views"},
        {"a table rebuilt with a default",
         kg_store_then(
             tmp, "meta.kg",
             "DROP TABLE meta; CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT DEFAULT 'x') WITHOUT "
             "ROWID;"),
         "table 'meta' is not defined as kg defines it"},
        {"a table with a column added",
         kg_store_then(tmp, "column.kg", "ALTER TABLE terms ADD COLUMN extra TEXT"),
         "table 'terms' is not defined as kg defines it"},
        {"a unique index added to a kg table",
         kg_store_then(tmp, "unique.kg", "CREATE UNIQUE INDEX one_per_predicate ON predicate_stats(facts)"),
         "index 'one_per_predicate' on table 'predicate_stats' is not one of kg's"},
        {"kg's index redefined",
         kg_store_then(tmp, "index.kg",
                       "DROP INDEX terms_by_hash; CREATE UNIQUE INDEX terms_by_hash ON terms(hash)"),
         "index 'terms_by_hash' is not defined as kg defines it"},
    };
    for (const auto& c : cases) {
      const std::string name = c.name;
      CAPTURE(name);
      const auto before = kg::test::slurp(c.path);
      for (const char* command : {"stats", "query '?s ?p ?o'", "check", "export", "query 'add x y z'"}) {
        CAPTURE(command);
        auto r = run_kg("--db " + shell_quote(c.path) + " " + command);
        CHECK(r.exit_code == 4);
        CHECK(r.err.starts_with("kg: error: '" + c.path + "' is not a kg store: "));
        CHECK(r.err.find(c.message_part) != std::string::npos);
      }
      CHECK(kg::test::slurp(c.path) == before);
    }
  }

  TEST_CASE("tables of other programs and a store without kg's later indexes are still read") {
    temp_dir tmp;
    const auto extra = kg_store_then(tmp, "extra.kg",
                                     "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); "
                                     "CREATE INDEX notes_by_body ON notes(body); ANALYZE;");
    const auto older = kg_store_then(tmp, "older.kg", "DROP INDEX terms_by_name");
    for (const auto& path : {extra, older}) {
      CAPTURE(path);
      auto r = run_kg("--db " + shell_quote(path) + " query --format tsv 'a b ?o'");
      CHECK(r.exit_code == 0);
      CHECK(r.out == "o\nc\n");
      CHECK(run_kg("--db " + shell_quote(path) + " check").out == "ok\n");
    }
  }

  TEST_CASE("a store whose indexes an import rebuilt still has kg's schema") {
    temp_dir tmp;
    const auto path = tmp.path("rebuilt.kg");
    {
      auto s = kg::test::new_store(path);
      // Enough new terms and qualifiers for the import to drop and rebuild
      // the indexes of terms and qualifiers.
      std::string tsv = "subject\tpredicate\tobject\tnote\n";
      for (int i = 0; i < 11000; ++i)
        tsv += "e" + std::to_string(i) + "\tp\t\"t" + std::to_string(i) + "\"\t" + std::to_string(i) + "\n";
      REQUIRE(kg::test::import_text(s, format::tsv, tsv));
    }
    auto again = store::triple_store::open(path, {});
    REQUIRE_MESSAGE(again.has_value(), (again ? "" : again.error().message));
    CHECK(again->db().scalar("SELECT count(*) FROM facts") == 11000);
  }

  TEST_CASE("export refuses a store whose facts name terms missing from the dictionary") {
    temp_dir tmp;
    // Consistent in every other way: kg check finds exactly this.
    const auto path = kg_store_then(tmp, "missing.kg",
                                    "INSERT INTO qualifiers SELECT s, p, o, 1, 9999, 9998 FROM facts; "
                                    "INSERT INTO facts VALUES (9997, 9996, 9995); "
                                    "INSERT INTO facts_pos VALUES (9996, 9995, 9997); "
                                    "INSERT INTO facts_osp VALUES (9995, 9997, 9996); "
                                    "INSERT INTO predicate_stats VALUES (9996, 1);");
    for (const char* f : {"tsv", "csv", "nt"}) {
      CAPTURE(f);
      auto r = run_kg("--db " + shell_quote(path) + " export --format " + f);
      CHECK(r.exit_code == 4);
      CHECK(r.err.find("is damaged: term 999") != std::string::npos);
      const auto file = tmp.path(std::string("out.") + f);
      CHECK(run_kg("--db " + shell_quote(path) + " export " + shell_quote(file)).exit_code == 4);
      CHECK_FALSE(std::filesystem::exists(file));
      CHECK_FALSE(std::filesystem::exists(file + ".tmp"));
    }
    auto check = run_kg("--db " + shell_quote(path) + " check");
    CHECK(check.exit_code == 4);
    CHECK(check.out.find("problem: 1 facts whose subject, predicate or object is not in the dictionary") !=
          std::string::npos);
    CHECK(check.out.find("problem: 1 qualifiers whose key or value is not in the dictionary") !=
          std::string::npos);
  }

  TEST_CASE("every connection kg opens is defensive and trusts no schema") {
    temp_dir tmp;
    auto s = kg::test::new_store(tmp.path("defensive.kg"));
    int defensive = -1, trusted = -1, triggers = -1, views = -1;
    sqlite3_db_config(s.db().handle(), SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
    sqlite3_db_config(s.db().handle(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, &trusted);
    sqlite3_db_config(s.db().handle(), SQLITE_DBCONFIG_ENABLE_TRIGGER, -1, &triggers);
    sqlite3_db_config(s.db().handle(), SQLITE_DBCONFIG_ENABLE_VIEW, -1, &views);
    CHECK(defensive == 1);
    CHECK(trusted == 0);
    CHECK(triggers == 0);
    CHECK(views == 0);
    CHECK(s.db().scalar("PRAGMA trusted_schema") == 0);
    // Defensive mode refuses writes to the schema table even when asked for.
    CHECK_THROWS_AS(
        s.db().exec("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = '' WHERE name = 'facts'"),
        store::sqlite_error);
    CHECK(s.db().scalar("SELECT count(*) FROM sqlite_schema WHERE sql = ''") == 0);
  }

  TEST_CASE("kg run --safe refuses meta-commands that touch files or stores, each at its position") {
    temp_dir tmp;
    const auto db = tmp.path("s.kg");
    const auto facts = tmp.write("facts.tsv", "subject\tpredicate\tobject\na\tlinks\tb\n");
    REQUIRE(run_kg("--db " + shell_quote(db) + " import " + shell_quote(facts)).exit_code == 0);
    tmp.write("other.kgq", "?s links ?o\n");
    struct meta {
      std::string line;     // the meta-command
      std::string written;  // the file it would write, if any
      std::string access;   // what --safe says it does
    };
    const std::vector<meta> commands = {
        {".output " + tmp.path("out.txt"), tmp.path("out.txt"), "writes files"},
        {".once " + tmp.path("once.txt"), tmp.path("once.txt"), "writes files"},
        {".export " + tmp.path("all.tsv"), tmp.path("all.tsv"), "writes files"},
        {".open " + tmp.path("new.kg"), tmp.path("new.kg"), "opens or creates stores"},
        {".read " + tmp.path("other.kgq"), "", "reads files"},
        {".import " + facts, "", "reads files"},
    };
    for (const auto& c : commands) {
      CAPTURE(c.line);
      const auto script = tmp.write("script.kgq", "?s links ?o\n" + c.line + "\n?s ?p ?o\n");
      auto r = run_kg("--db " + shell_quote(db) + " run --safe " + shell_quote(script));
      CHECK(r.exit_code == 1);
      CHECK(r.out == "s\to\na\tb\n");  // the statement before ran; none after
      // (A long quoted line is shown cut, so only its start is compared.)
      CHECK(r.err.starts_with(script + ":2:1: error: kg run --safe refuses " +
                              c.line.substr(0, c.line.find(' ')) + ": it " + c.access + "\n  " +
                              c.line.substr(0, 20)));
      CHECK(r.err.ends_with("\n  ^\nhelp: run the script without --safe if you trust it\n"));
      if (!c.written.empty()) CHECK_FALSE(std::filesystem::exists(c.written));
      // Without --safe the same script runs.
      auto plain = run_kg("--db " + shell_quote(db) + " run " + shell_quote(script));
      CHECK(plain.exit_code == 0);
      CHECK(plain.err.find("error") == std::string::npos);
      if (!c.written.empty()) CHECK(std::filesystem::exists(c.written));
    }
    // Sending answers back to standard output writes no file.
    const auto script = tmp.write("stdout.kgq", ".output stdout\n.output\n?s links ?o\n");
    auto r = run_kg("--db " + shell_quote(db) + " run --safe " + shell_quote(script));
    CHECK(r.exit_code == 0);
    CHECK(r.out == "s\to\na\tb\n");
  }

  TEST_CASE("kg run --safe imports only files in the script's folder, symbolic links followed") {
    temp_dir tmp;
    const auto db = tmp.path("s.kg");
    const auto outside = tmp.write("outside.tsv", "subject\tpredicate\tobject\nfar\tlinks\tside\n");
    std::filesystem::create_directories(tmp.path("scripts/sub"));
    tmp.write("scripts/inside.tsv", "subject\tpredicate\tobject\ninner\tlinks\tside\n");
    std::filesystem::create_symlink(outside, tmp.path("scripts/link.tsv"));
    std::filesystem::create_symlink(tmp.path("scripts/inside.tsv"), tmp.path("scripts/sub/near.tsv"));
    REQUIRE(run_kg("--db " + shell_quote(db) + " query 'add new a links b'").exit_code == 0);
    const auto count = [&] {
      return run_kg("--db " + shell_quote(db) + " query 'count where ?s links ?o'").out;
    };
    for (const std::string& file :
         std::vector<std::string>{"../outside.tsv", outside, "link.tsv", "sub/../../outside.tsv"}) {
      CAPTURE(file);
      const auto script = tmp.write("scripts/s.kgq", "# imports\nimport \"" + file + "\"\n");
      auto r = run_kg("--db " + shell_quote(db) + " run --safe " + shell_quote(script));
      CHECK(r.exit_code == 1);
      CHECK(r.err.starts_with(script +
                              ":2:8: error: kg run --safe imports only files in the script's folder, and '" +
                              file + "' is not in it\n  import \"" + file.substr(0, 10)));
      CHECK(r.err.ends_with("\n         ^\nhelp: run the script without --safe if you trust it\n"));
      CHECK(count() == "count\n1\n");
      // Without --safe the same script imports the file.
      CHECK(run_kg("--db " + shell_quote(db) + " run " + shell_quote(script)).exit_code == 0);
      CHECK(count() == "count\n2\n");
      REQUIRE(run_kg("--db " + shell_quote(db) + " query 'remove far links side'").exit_code == 0);
    }
    for (const std::string& file : std::vector<std::string>{"inside.tsv", "./sub/../inside.tsv",
                                                            tmp.path("scripts/inside.tsv"), "sub/near.tsv"}) {
      CAPTURE(file);
      const auto script = tmp.write("scripts/s.kgq", "import \"" + file + "\"\n");
      auto r = run_kg("--db " + shell_quote(db) + " run --safe " + shell_quote(script));
      CHECK(r.exit_code == 0);
      CHECK(r.err.find("error") == std::string::npos);
      CHECK(count() == "count\n2\n");
      REQUIRE(run_kg("--db " + shell_quote(db) + " query 'remove inner links side'").exit_code == 0);
    }
  }

  TEST_CASE("kg stops with exit code 141 and runs nothing more once the reader of its output goes away") {
    temp_dir tmp;
    const auto db = tmp.path("s.kg");
    // About a megabyte of output: far more than a pipe holds, so kg is
    // still writing when the reader leaves.
    std::string tsv = "subject\tpredicate\tobject\n";
    for (int i = 0; i < 40000; ++i)
      tsv += "entity number " + std::to_string(i) + "\tlinks\tother " + std::to_string(i) + "\n";
    REQUIRE(
        run_kg("--db " + shell_quote(db) + " import " + shell_quote(tmp.write("big.tsv", tsv))).exit_code ==
        0);
    const auto count = [&] {
      return run_kg("--db " + shell_quote(db) + " query 'count where ?s ?p ?o'").out;
    };
    REQUIRE(count() == "count\n40000\n");
    const auto script = tmp.write("s.kgq", "?s links ?o\nadd new late addition here\n?s links ?o\n");
    const auto err = tmp.path("err");
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"--db", db, "run", script},
                                               {"--db", db, "run", "--keep-going", script},
                                               {"--db", db, "run", "--format", "json", script}}) {
      CAPTURE(args.back());
      std::string first;
      CHECK(run_kg_into_head(args, err, first) == 141);  // an exit code, not -SIGPIPE
      CHECK(first.size() > 0);
      CHECK(slurp(err) == "");
      CHECK(count() == "count\n40000\n");  // the add after the closed output did not run
    }
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"--db", db, "query", "?s ?p ?o"},
                                               {"--db", db, "query", "--format", "table", "?s ?p ?o"},
                                               {"--db", db, "export"},
                                               {"--db", db, "export", "--format", "nt"}}) {
      CAPTURE(args[2]);
      std::string first;
      CHECK(run_kg_into_head(args, err, first) == 141);
      CHECK(first.size() > 0);
      CHECK(slurp(err) == "");
    }
    // With its output read to the end, the same script runs whole.
    auto whole = run_kg("--db " + shell_quote(db) + " run " + shell_quote(script));
    CHECK(whole.exit_code == 0);
    CHECK(count() == "count\n40001\n");
  }
}
