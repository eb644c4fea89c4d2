// Shared test helpers; see helpers.hpp.
#include "tests/helpers.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "parser/query.hpp"

extern char** environ;

namespace kg::test {

temp_dir::temp_dir() {
  std::random_device rd;
  dir_ = std::filesystem::temp_directory_path() /
         ("kg-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(dir_);
}

temp_dir::~temp_dir() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string temp_dir::write(const std::string& name, const std::string& content) const {
  const auto p = path(name);
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

namespace {

class collecting_sink : public statement_sink {
 public:
  explicit collecting_sink(parsed& p) : p_(p) {}
  void on_statement(statement& st) override { p_.statements.push_back(st); }
  bool on_error(diagnostic d) override {
    p_.errors.push_back(render(d));
    return true;
  }

 private:
  parsed& p_;
};

// Takes spellings the way an importing sink does: a subject must be an IRI
// or a blank node, a predicate an IRI, and every spelling a valid term.
class spelling_sink : public collecting_sink {
 public:
  spelling_sink(parsed& p, std::size_t& spelled) : collecting_sink(p), p_(p), spelled_(spelled) {}
  bool takes_spellings() const override { return true; }
  bool on_spelled(const spelled_triple& t, std::size_t line) override {
    if (t.s.front() == '"' || t.p.front() != '<') return false;
    auto s = parse_ntriples_term(t.s), p = parse_ntriples_term(t.p), o = parse_ntriples_term(t.o);
    if (!s || !p || !o) return false;
    p_.statements.push_back(statement{std::move(*s), std::move(*p), std::move(*o), {}, line});
    ++spelled_;
    return true;
  }

 private:
  parsed& p_;
  std::size_t& spelled_;
};

}  // namespace

parsed parse_ntriples_spelled(const std::string& text, std::size_t& spelled, const std::string& file) {
  parsed p;
  spelled = 0;
  spelling_sink sink(p, spelled);
  parse(format::ntriples, file, text, sink);
  return p;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void raw_sql(const std::string& path, const std::string& sql) {
  store::database db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  db.exec(sql);
}

parsed parse_text(format f, const std::string& text, const std::string& file) {
  parsed p;
  collecting_sink sink(p);
  parse(f, file, text, sink);
  return p;
}

store::triple_store new_store(const std::string& path) {
  auto s = store::triple_store::open(path, {.create = true});
  REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message));
  return std::move(*s);
}

tl::expected<store::import_report, error> import_text(store::triple_store& s, format f,
                                                      const std::string& text, const std::string& name) {
  return store::import_sources(s, {{name, f, text}}, {});
}

tl::expected<engine::answer, std::string> run_text(store::triple_store& s, const std::string& text,
                                                   const engine::run_options& opts) {
  auto parsed = query::parse(text);
  if (!parsed) return tl::unexpected(render(parsed.error()));
  auto a = engine::run_query(s, *parsed, text, "query", opts);
  if (!a) return tl::unexpected(render(a.error()));
  return *a;
}

namespace {

template <class Kind>
tl::expected<Kind, std::string> run_as(store::triple_store& s, const std::string& text,
                                       const engine::run_options& opts) {
  auto a = run_text(s, text, opts);
  if (!a) return tl::unexpected(a.error());
  if (auto* found = std::get_if<Kind>(&*a)) return std::move(*found);
  static constexpr const char* kinds[] = {"rows", "a change report", "an explain report"};
  return tl::unexpected(text + ": answered with " + kinds[a->index()]);
}

}  // namespace

tl::expected<engine::table, std::string> query_text(store::triple_store& s, const std::string& text,
                                                    const engine::run_options& opts) {
  return run_as<engine::table>(s, text, opts);
}

tl::expected<engine::change_report, std::string> change_text(store::triple_store& s, const std::string& text,
                                                             const engine::run_options& opts) {
  return run_as<engine::change_report>(s, text, opts);
}

tl::expected<engine::explain_report, std::string> explain_text(store::triple_store& s,
                                                               const std::string& text,
                                                               const engine::run_options& opts) {
  return run_as<engine::explain_report>(s, text, opts);
}

std::vector<std::string> fingerprint(store::triple_store& s) {
  std::vector<std::string> lines;
  auto& db = s.db();
  auto get = db.prepare("SELECT kind, lex, dt FROM terms WHERE id = ?");
  auto name = [&](std::int64_t id) {
    get.reset().bind(1, id);
    REQUIRE(get.step());
    auto t = store::load_term(get);
    get.reset();
    return to_ntriples(t);
  };
  auto facts = db.prepare("SELECT s, p, o FROM facts");
  auto quals =
      db.prepare("SELECT grp, key, value FROM qualifiers WHERE s = ? AND p = ? AND o = ? ORDER BY grp");
  while (facts.step()) {
    const auto triple = name(facts.int64(0)) + " " + name(facts.int64(1)) + " " + name(facts.int64(2));
    lines.push_back(triple);
    quals.reset().bind(1, facts.int64(0)).bind(2, facts.int64(1)).bind(3, facts.int64(2));
    std::vector<std::vector<std::string>> groups;
    std::int64_t current = -1;
    while (quals.step()) {
      if (quals.int64(0) != current) groups.emplace_back(), current = quals.int64(0);
      groups.back().push_back(name(quals.int64(1)) + "=" + name(quals.int64(2)));
    }
    for (auto& g : groups) {
      std::sort(g.begin(), g.end());
      std::string line = triple + " {";
      for (auto& q : g) line += " " + q;
      lines.push_back(line + " }");
    }
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::vector<std::string> schema_of(store::triple_store& s) {
  std::vector<std::string> out;
  auto st = s.db().prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY name");
  while (st.step())
    out.push_back(std::string(st.text(0)) + " " + std::string(st.text(1)) + " " + std::string(st.text(2)));
  return out;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

run_result run_kg(const std::string& args, const std::string& input, const std::string& env) {
  temp_dir io;
  const auto in = io.write("stdin", input);
  const auto out = io.path("stdout"), err = io.path("stderr");
  const std::string cmd = (env.empty() ? "" : "env " + env + " ") + shell_quote(KG_BINARY) + " " + args +
                          " <" + shell_quote(in) + " >" + shell_quote(out) + " 2>" + shell_quote(err);
  const int status = std::system(cmd.c_str());
  run_result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

pid_t spawn_kg(const std::vector<std::string>& args, const std::vector<std::string>& env,
               const std::string& out, const std::string& err) {
  std::vector<char*> argv{const_cast<char*>(KG_BINARY)};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> env_strings(env.begin(), env.end());
  for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, KG_BINARY, &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(rc == 0);
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

std::string w3c_dir() {
  if (const char* env = std::getenv("KG_W3C_DIR"); env && *env) return env;
  const auto dir = std::filesystem::path(KG_SOURCE_DIR) / ".." / "shared" / "w3c" / "rdf-n-triples";
  return std::filesystem::exists(dir / "manifest.ttl") ? dir.string() : std::string();
}

std::string w3c_suite(const std::string& name) {
  const auto nt = w3c_dir();
  if (nt.empty()) return {};
  const auto dir = std::filesystem::path(nt).parent_path() / name;
  return std::filesystem::exists(dir / "manifest.ttl") ? dir.string() : std::string();
}

namespace {

class quad_collector : public statement_sink {
 public:
  void on_statement(statement& st) override {
    quad q{to_ntriples(st.s), to_ntriples(st.p), to_ntriples(st.o), ""};
    for (const auto& qu : st.qualifiers)
      if (qu.key == entity("source")) q[3] = to_ntriples(qu.value);
    out.quads.push_back(std::move(q));
  }
  bool on_error(diagnostic d) override {
    out.errors.push_back(std::move(d));
    return true;
  }
  rdf_read out;
};

}  // namespace

rdf_read read_rdf(format f, const std::string& path, const std::string& base) {
  quad_collector c;
  const std::string text = slurp(path);
  std::string_view view = text;
  if (prepare_text(f, path, view, c)) {
    if (f == format::ntriples)
      parse_ntriples(path, view, c);
    else
      parse_rdf(f, path, view, base, c);
  }
  return std::move(c.out);
}

std::vector<w3c_test> w3c_manifest(const std::string& dir, std::string& base) {
  const auto c = read_rdf(format::turtle, dir + "/manifest.ttl", "file:///w3c/manifest.ttl");
  REQUIRE(c.errors.empty());
  const std::string rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
  const std::string mf = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
  const std::string qt = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#";
  const std::string dawgt = "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#";
  const std::vector<std::string> type_spaces = {"<http://www.w3.org/ns/rdftest#", "<" + mf};
  std::map<std::string, w3c_test> tests;
  struct action {
    std::string query;
    std::vector<std::string> data, graph_data;
  };
  std::map<std::string, action> actions;  // an action's node -> its files
  auto file = [](const std::string& iri) {
    return iri.substr(iri.rfind('/') + 1, iri.size() - iri.rfind('/') - 2);
  };
  for (const auto& q : c.quads) {
    if (q[1] == "<" + mf + "assumedTestBase>") base = q[2].substr(1, q[2].size() - 2);
    if (q[1] == rdf_type)
      for (const auto& ns : type_spaces)
        if (q[2].starts_with(ns) && q[2] != "<" + mf + "Manifest>")
          tests[q[0]].type = q[2].substr(ns.size(), q[2].size() - ns.size() - 1);
    if (q[1] == "<" + mf + "action>") tests[q[0]].action = q[2];
    if (q[1] == "<" + mf + "result>") tests[q[0]].result = file(q[2]);
    if (q[1] == "<" + dawgt + "approval>") tests[q[0]].approval = file(q[2]).substr(file(q[2]).find('#') + 1);
    if (q[1] == "<" + qt + "query>") actions[q[0]].query = file(q[2]);
    if (q[1] == "<" + qt + "data>") actions[q[0]].data.push_back(file(q[2]));
    if (q[1] == "<" + qt + "graphData>") actions[q[0]].graph_data.push_back(q[2]);
  }
  std::vector<w3c_test> out;
  for (auto& [name, t] : tests) {
    if (t.type.empty()) continue;
    if (const auto a = actions.find(t.action); a != actions.end()) {
      t.query = a->second.query;
      t.data = a->second.data;
      t.graph_data = a->second.graph_data;
      t.action.clear();
    } else if (!t.action.empty()) {
      t.action = file(t.action);
    }
    t.name = name.substr(name.rfind('#') + 1, name.size() - name.rfind('#') - 2);
    out.push_back(t);
  }
  return out;
}

}  // namespace kg::test
