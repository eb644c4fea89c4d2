// Running statements and meta-commands for kg run and kg shell.
#include "cli/session.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/interrupt.hpp"
#include "cli/terminal.hpp"
#include "engine/reader.hpp"
#include "parser/query.hpp"
#include "parser/script.hpp"
#include "store/import.hpp"

namespace kg::cli {
namespace {

std::vector<std::string> words_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string resolve(const std::string& path, const std::string& base_dir) {
  std::filesystem::path p(path);
  if (p.is_relative() && !base_dir.empty()) p = std::filesystem::path(base_dir) / p;
  return p.string();
}

// What a meta-command does to files or stores, for kg run --safe to refuse
// it; empty when it does nothing of the kind. `.output` alone or `.output
// stdout` only sends answers back to standard output.
std::string file_access(const std::vector<std::string>& w) {
  const std::string& cmd = w.front();
  if (cmd == ".read" || cmd == ".import") return "reads files";
  if (cmd == ".export" || cmd == ".once") return "writes files";
  if (cmd == ".output") return w.size() == 1 || w[1] == "stdout" ? "" : "writes files";
  if (cmd == ".open") return "opens or creates stores";
  return "";
}

// Whether path, resolved against base_dir (the current folder when empty)
// with every symbolic link followed, names something inside that folder.
bool inside_folder(const std::string& path, const std::string& base_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path folder = fs::weakly_canonical(fs::absolute(base_dir.empty() ? "." : base_dir, ec), ec);
  if (ec) return false;
  const fs::path file = fs::weakly_canonical(fs::absolute(resolve(path, base_dir), ec), ec);
  if (ec) return false;
  auto f = folder.begin();
  auto p = file.begin();
  for (; f != folder.end() && !f->empty(); ++f, ++p)
    if (p == file.end() || *p != *f) return false;
  return p != file.end();
}

}  // namespace

const std::vector<std::string>& meta_commands() {
  static const std::vector<std::string> commands = {
      ".help",   ".mode",    ".headers", ".timer", ".explain", ".sources", ".predicates", ".stats", ".read",
      ".import", ".export",  ".output",  ".once",  ".open",    ".maxrows", ".width",      ".wrap",  ".echo",
      ".bail",   ".changes", ".quit",    ".exit",  ".lexicon", ".strict",  ".prefix"};
  return commands;
}

const std::string& meta_help() {
  static const std::string text =
      "Statements: a pattern query (?who met Huang), a question (who met Huang?), explain ...,\n"
      "add [new]/remove S P O, import \"file\", why S P O, describe X, graph X. A statement ends\n"
      "at ';' or at the end of a line; it goes on while brackets or a string are open, on an\n"
      "indented line, and while the line cannot end it (where, and, a ',', a missing object).\n"
      "\n"
      ".help                 this text\n"
      ".mode [MODE]          output mode: table box tsv csv json jsonl line markdown dot\n"
      ".headers on|off       column names in table, tsv, csv and markdown output\n"
      ".timer on|off         how long each statement took\n"
      ".explain on|off       show the pattern, SQL and plan before each answer\n"
      ".sources on|off       add the sources of every answer row\n"
      ".strict on|off        add refuses new names that may be typos (on); add new ... always adds\n"
      ".echo on|off          print each statement before its answer\n"
      ".bail on|off          stop a script at its first error (kg run: on; kg < FILE: on)\n"
      ".changes on|off       after each change, the statements it changed and the session's total\n"
      ".predicates           the predicates, with their fact counts\n"
      ".lexicon PREDICATE    what questions know of a predicate, and the forms it lacks\n"
      ".stats                what the store holds\n"
      ".prefix [NAME: <IRI>] the prefixes ex:name may use; with one, keep it in the store\n"
      ".prefix drop NAME:    forget a prefix the store keeps\n"
      ".read FILE            run the statements of a file\n"
      ".import FILE...       import TSV, CSV, N-Triples, Turtle, TriG or N-Quads files (one transaction)\n"
      ".export FILE          write every fact (format from the extension)\n"
      ".output FILE|stdout   send answers to a file, or back to the screen\n"
      ".once FILE            send the next answer to a file\n"
      ".open DB              use another store (created if missing)\n"
      ".maxrows N            show at most N rows of a table (0: all)\n"
      ".width [N ...]        table column widths, in order (0: fit the cells); none: all automatic\n"
      ".wrap on|off          a cell wider than its column goes on over more lines (on), or is cut\n"
      ".quit                 leave (Ctrl-D too)\n";
  return text;
}

session::session(const context& ctx, session_settings settings) : ctx_(ctx), settings_(std::move(settings)) {}

std::ostream& session::out() {
  return output_file_.is_open() ? static_cast<std::ostream&>(output_file_) : std::cout;
}

store::triple_store* session::store(bool write) {
  if (store_ && (writable_ || !write)) return &*store_;
  store_.reset();
  auto opened = open_store(ctx_, write && explicit_store_path(ctx_).has_value(), !write);
  if (!opened) {
    report(opened.error());
    return nullptr;
  }
  store_.emplace(std::move(*opened));
  writable_ = write;
  return &*store_;
}

render_options session::render_settings(std::optional<double> seconds) const {
  render_options o;
  o.mode = settings_.mode;
  o.headers = settings_.headers;
  o.terminal = settings_.terminal && !output_file_.is_open();
  o.color = settings_.color && !output_file_.is_open();
  o.width = o.terminal ? terminal_width() : 0;
  o.max_rows = settings_.max_rows;
  o.column_widths = settings_.widths;
  o.wrap = settings_.wrap;
  o.footer = has_footer(o.mode);
  o.prefixes = &shown_prefixes_;
  if (settings_.timer || settings_.footer_time) o.seconds = seconds;
  return o;
}

int session::prefix_command(const std::string& line) {
  const auto w = words_of(line);
  if (w.size() == 1) {  // every prefix a statement may use, and where it comes from
    engine::table a;
    a.columns = {"prefix", "iri", "from"};
    const auto known = known_prefixes();
    prefix_list stored;
    if (store_)
      if (auto kept = store::stored_prefixes(*store_)) stored = std::move(*kept);
    for (const auto& p : known) {
      const char* from = find_prefix(declared_, p.name) == p.iri ? "session"
                         : find_prefix(stored, p.name) == p.iri  ? "store"
                                                                 : "well-known";
      a.rows.push_back(
          {term{term_kind::entity, p.name + ":", {}}, make_iri(p.iri), term{term_kind::entity, from, {}}});
    }
    auto o = render_settings(std::nullopt);
    o.prefixes = nullptr;
    print_result(a, o, out(), std::cerr);
    return 0;
  }
  const bool drop = w.size() == 3 && w[1] == "drop";
  const std::string name = drop ? w[2] : w[1];
  auto usage = [] { return report(error(errc::usage, "usage: .prefix [NAME: <IRI>] | .prefix drop NAME:")); };
  if (w.size() != 3 || !name.ends_with(':')) return usage();
  const std::string bare = name.substr(0, name.size() - 1);
  if (!valid_prefix_name(bare)) return report(error(errc::usage, "'" + bare + "' cannot name a prefix"));
  std::string iri;
  if (!drop) {
    const std::string& spelled = w[2];
    if (spelled.size() < 2 || spelled.front() != '<' || spelled.back() != '>' ||
        spelled.find_first_of("<>\"{}|^`\\", 1) != spelled.size() - 1)
      return report(
          error(errc::usage, "the prefix's IRI goes in angle brackets: .prefix " + name + " <http://...>"));
    iri = spelled.substr(1, spelled.size() - 2);
  }
  auto* st = store(true);
  if (!st) return exit_code(errc::io);
  if (auto saved = store::save_prefix(*st, bare, iri); !saved) return report(saved.error());
  std::erase_if(declared_, [&](const prefix& p) { return p.name == bare; });
  ++generation_;
  return 0;
}

prefix_list session::known_prefixes() {
  if (!store_) {
    if (auto opened = open_store(ctx_, false, true)) {
      store_.emplace(std::move(*opened));
      writable_ = false;
    }
  }
  prefix_list known = well_known_prefixes();
  if (store_)
    if (auto stored = store::stored_prefixes(*store_))
      for (const auto& p : *stored) declare(known, p.name, p.iri);
  for (const auto& p : declared_) declare(known, p.name, p.iri);
  return known;
}

int session::run_statement(const std::string& text, std::size_t begin, std::size_t end,
                           const std::string& source, const std::string& base_dir) {
  shown_prefixes_ = known_prefixes();
  auto parsed = query::parse(text, source, begin, end, &shown_prefixes_);
  if (!parsed) return report(parsed.error());
  if (parsed->declarations_only) {
    for (const auto& p : parsed->declared) declare(declared_, p.name, p.iri);
    return 0;
  }
  for (const auto& p : parsed->declared) declare(shown_prefixes_, p.name, p.iri);
  if (const auto* imp = boost::get<query::ast::import_file>(&parsed->tree.get());
      imp && settings_.safe && !inside_folder(imp->file.text, base_dir)) {
    auto e = error::at(
        error_kind::semantic, parsed->span_of(imp->file).begin,
        "kg run --safe imports only files in the script's folder, and '" + imp->file.text + "' is not in it",
        "run the script without --safe if you trust it");
    e.source = source;
    e.text = text;
    return report(e);
  }
  auto* st = store(engine::is_update(*parsed));
  if (!st) return exit_code(errc::io);
  engine::run_options opts;
  opts.timeout = std::chrono::milliseconds(settings_.timeout_ms);
  opts.interrupt = interrupt_flag();
  opts.base_dir = base_dir;
  opts.collect_facts = settings_.mode == output_mode::dot;
  opts.with_sources = settings_.sources;
  opts.keyword_fallback = true;
  opts.strict_add = settings_.strict;
  if (settings_.explain && !parsed->explain && !engine::is_update(*parsed)) {
    auto e = *parsed;
    e.explain = true;
    if (auto plan = engine::run_query(*st, e, text, source, opts);
        plan && std::holds_alternative<engine::explain_report>(*plan))
      print_result(*plan, render_settings(std::nullopt), out(), std::cerr);
  }
  // A blank line between answers, in the modes where it reads as a break
  // (an echoed statement is break enough); before the first row of an
  // answer streamed.
  const auto streamed_settings = render_settings(std::nullopt);
  bool separated = false;
  auto separate = [&] {
    if (separated) return;
    separated = true;
    if (answers_++ && settings_.separate_answers && !settings_.echo && !is_document(streamed_settings.mode))
      out() << '\n';
  };
  streamed_output stream(streamed_settings, out(), std::cerr, separate);
  if (streamed_output::wanted(streamed_settings)) opts.sink = &stream;
  const auto started = std::chrono::steady_clock::now();
  auto a = without_bad_alloc([&] { return engine::run_query(*st, *parsed, text, source, opts); });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!a) {
    if (a.error().code == errc::interrupted && settings_.terminal) std::cerr << '\n';  // after the echoed ^C
    return report(a.error());
  }
  if (engine::changed_store(*a)) ++generation_;
  if (settings_.show_sql && !engine::sql_of(*a).empty()) std::cerr << engine::sql_of(*a) << '\n';
  const auto o = render_settings(seconds);
  if (!std::holds_alternative<engine::change_report>(*a)) separate();
  print_result(*a, o, out(), std::cerr, &stream);
  if (const auto* c = std::get_if<engine::change_report>(&*a); c && settings_.changes) {
    total_changes_ += c->added + c->removed;
    std::cerr << "changes: " << c->added + c->removed << "   total changes: " << total_changes_ << '\n';
  }
  if (settings_.timer && !o.footer) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "time: %.3f s\n", seconds);
    std::cerr << buf;
  }
  out().flush();
  return 0;
}

int session::run_script(const std::string& script, const std::string& source, const std::string& base_dir,
                        bool keep_going) {
  // A byte order mark is not part of the first statement.
  const std::string text = script.starts_with("\xEF\xBB\xBF") ? script.substr(3) : script;
  int failed = 0;
  for (const auto& r : query::split_script(text)) {
    if (interrupt_flag()->load()) return report(error(errc::interrupted, "interrupted"));
    const std::string item = text.substr(r.begin, r.end - r.begin);
    if (settings_.echo) {
      // To the screen, or to the file of .output (not of .once: it takes an answer).
      auto& echo = output_file_.is_open() && !once_ ? static_cast<std::ostream&>(output_file_) : std::cout;
      const auto from = item.find_first_not_of(" \t\n");
      const auto to = item.find_last_not_of(" \t\n");
      if (from != std::string::npos) echo << item.substr(from, to - from + 1) << '\n';
      echo.flush();
    }
    int code;
    const bool once = r.meta && item.substr(item.find_first_not_of(" \t")).starts_with(".once");
    const bool answer_to_file = once_;
    if (r.meta) {
      code = settings_.safe ? refuse_unsafe(text, r.begin, source) : 0;
      if (code == 0) code = run_meta(item, base_dir);
    } else {
      code = run_statement(text, r.begin, r.end, source, base_dir);
    }
    if (answer_to_file && !once) {  // .once: this answer was the one
      output_file_.close();
      once_ = false;
    }
    // Standard output closed by its reader: no statement after this one
    // runs, whatever --keep-going says.
    if (const int closed = stdout_failure()) return closed;
    if (quit_) break;
    if (code != 0) {
      const bool stop = settings_.bail.value_or(!keep_going);
      if (stop || code == exit_code(errc::interrupted)) return code;
      failed = failed ? failed : code;
    }
  }
  return failed;
}

int session::refuse_unsafe(const std::string& text, std::size_t begin, const std::string& source) {
  const auto from = text.find_first_not_of(" \t\r\n", begin);
  if (from == std::string::npos) return 0;
  const auto line = text.substr(from, text.find('\n', from) - from);
  const auto w = words_of(line);
  if (w.empty()) return 0;
  const auto access = file_access(w);
  if (access.empty()) return 0;
  auto e = error::at(error_kind::semantic, from, "kg run --safe refuses " + w.front() + ": it " + access,
                     "run the script without --safe if you trust it");
  e.source = source;
  e.text = text;
  return report(e);
}

int session::run_meta(const std::string& line, const std::string& base_dir) {
  const auto w = words_of(line);
  if (w.empty()) return 0;
  const std::string& cmd = w[0];
  auto arg = [&](std::size_t i) { return i < w.size() ? w[i] : std::string(); };
  // The rest of the line after the command, for file names with spaces.
  auto rest = [&] {
    const auto at = line.find(cmd) + cmd.size();
    const auto from = line.find_first_not_of(" \t", at);
    return from == std::string::npos ? std::string() : line.substr(from);
  };
  auto usage = [&](const std::string& how) { return report(error(errc::usage, "usage: " + how)); };
  auto on_off = [&](bool& flag, const char* name) {
    if (arg(1) == "on")
      flag = true;
    else if (arg(1) == "off")
      flag = false;
    else
      return usage(std::string(name) + " on|off");
    return 0;
  };

  if (cmd == ".help") {
    out() << meta_help();
    return 0;
  }
  if (cmd == ".quit" || cmd == ".exit") {
    quit_ = true;
    return 0;
  }
  if (cmd == ".mode") {
    if (w.size() == 1) {
      for (const auto& m : output_modes()) out() << (m == name_of(settings_.mode) ? "* " : "  ") << m << '\n';
      return 0;
    }
    const auto mode = mode_named(arg(1));
    if (!mode) {
      std::string names;
      for (const auto& m : output_modes()) names += (names.empty() ? "" : " ") + m;
      return report(error(errc::usage, "unknown mode '" + arg(1) + "'; modes: " + names));
    }
    settings_.mode = *mode;
    return 0;
  }
  if (cmd == ".headers") return on_off(settings_.headers, ".headers");
  if (cmd == ".timer") {
    const int code = on_off(settings_.timer, ".timer");
    settings_.footer_time = settings_.timer;
    return code;
  }
  if (cmd == ".explain") return on_off(settings_.explain, ".explain");
  if (cmd == ".sources") return on_off(settings_.sources, ".sources");
  if (cmd == ".strict") return on_off(settings_.strict, ".strict");
  if (cmd == ".echo") return on_off(settings_.echo, ".echo");
  if (cmd == ".changes") return on_off(settings_.changes, ".changes");
  if (cmd == ".wrap") return on_off(settings_.wrap, ".wrap");
  if (cmd == ".bail") {
    bool bail = false;
    const int code = on_off(bail, ".bail");
    if (code == 0) settings_.bail = bail;
    return code;
  }
  if (cmd == ".width") {
    std::vector<std::size_t> widths;
    for (std::size_t i = 1; i < w.size(); ++i) {
      try {
        std::size_t used = 0;
        const auto n = std::stoul(w[i], &used);
        if (used != w[i].size() || n > 10000) throw std::invalid_argument("n");
        widths.push_back(n);
      } catch (const std::exception&) {
        return usage(".width [N ...] (column widths in order; 0: fit the cells)");
      }
    }
    settings_.widths = std::move(widths);
    return 0;
  }
  if (cmd == ".maxrows") {
    try {
      std::size_t used = 0;
      const auto n = std::stoul(arg(1), &used);
      if (used != arg(1).size()) throw std::invalid_argument("n");
      settings_.max_rows = n;
    } catch (const std::exception&) {
      return usage(".maxrows N (0: every row)");
    }
    return 0;
  }
  if (cmd == ".prefix") return prefix_command(line);
  if (cmd == ".predicates") {
    auto* st = store();
    if (!st) return exit_code(errc::io);
    auto stats = store::collect_stats(*st, 1 << 20);
    if (!stats) return report(stats.error());
    engine::table a;
    a.columns = {"predicate", "facts"};
    for (const auto& [name, n] : stats->top_predicates)
      a.rows.push_back({term{term_kind::entity, name, {}}, term{term_kind::integer, std::to_string(n), {}}});
    print_result(a, render_settings(std::nullopt), out(), std::cerr);
    return 0;
  }
  if (cmd == ".lexicon") {
    if (w.size() != 2) return usage(".lexicon PREDICATE");
    auto* st = store();
    if (!st) return exit_code(errc::io);
    store::names n(st->db());
    const auto lines = engine::lexicon_report(n, arg(1));
    if (lines.empty())
      return report(error(error_kind::usage, "no predicate or qualifier named '" + arg(1) + "'",
                          n.predicate_list(arg(1))));
    engine::table a;
    a.columns = {"aspect", "value"};
    for (const auto& [aspect, value] : lines)
      a.rows.push_back({term{term_kind::entity, aspect, {}}, term{term_kind::entity, value, {}}});
    print_result(a, render_settings(std::nullopt), out(), std::cerr);
    return 0;
  }
  if (cmd == ".stats") {
    auto* st = store();
    return st ? print_stats(*st, out()) : exit_code(errc::io);
  }
  if (cmd == ".read") {
    if (w.size() < 2) return usage(".read FILE");
    if (depth_ >= 16) return report(error(errc::input, ".read nests more than 16 files deep"));
    const auto path = resolve(rest(), base_dir);
    auto text = store::read_file(path);
    if (!text) return report(text.error());
    ++depth_;
    const int code = run_script(*text, path, std::filesystem::path(path).parent_path().string(), false);
    --depth_;
    return code;
  }
  if (cmd == ".import") {
    if (w.size() < 2) return usage(".import FILE...");
    auto* st = store(true);
    if (!st) return exit_code(errc::io);
    std::vector<store::import_source> sources;
    for (std::size_t i = 1; i < w.size(); ++i)
      sources.push_back({resolve(w[i], base_dir), std::nullopt, std::nullopt});
    auto r = store::import_sources(*st, sources, {});
    if (!r) return report(r.error());
    ++generation_;
    std::cerr << "imported " << r->files << (r->files == 1 ? " file: " : " files: ") << r->added << " new, "
              << r->present << " already present\n";
    return 0;
  }
  if (cmd == ".export") {
    if (w.size() < 2) return usage(".export FILE");
    auto* st = store();
    return st ? export_store(*st, resolve(rest(), base_dir), "") : exit_code(errc::io);
  }
  if (cmd == ".output" || cmd == ".once") {
    if (output_file_.is_open()) output_file_.close();
    once_ = false;
    if (cmd == ".once" && w.size() < 2) return usage(".once FILE");
    if (w.size() < 2 || (cmd == ".output" && arg(1) == "stdout")) return 0;
    output_file_.open(resolve(rest(), base_dir), std::ios::binary | std::ios::trunc);
    if (!output_file_) return report(error(errc::io, "cannot write '" + rest() + "'"));
    once_ = cmd == ".once";
    return 0;
  }
  if (cmd == ".open") {
    if (w.size() < 2) return usage(".open DB");
    store_.reset();
    ctx_.db_path = resolve(rest(), base_dir);
    ++generation_;
    return store(true) ? 0 : exit_code(errc::io);
  }
  return report(error(errc::usage, "unknown command '" + cmd + "'; .help lists them"));
}

}  // namespace kg::cli
