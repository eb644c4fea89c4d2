// kg query QUERY : run one statement and print its answer.
// kg run FILE    : run a script of statements, stopping at the first error
//                  unless --keep-going.
#include <filesystem>
#include <iostream>

#include "cli/app.hpp"
#include "cli/interrupt.hpp"
#include "cli/output.hpp"
#include "cli/session.hpp"
#include "cli/terminal.hpp"
#include "engine/run.hpp"
#include "parser/query.hpp"
#include "parser/sparql.hpp"
#include "store/import.hpp"

namespace kg::cli {
namespace {

struct query_args {
  std::string text;  // the query, or the script's path
  std::string format;
  bool show_sql = false;
  bool keep_going = false;
  bool echo = false;
  bool safe = false;
  bool sparql = false;
  int timeout_ms = 0;
};

output_mode output_format(const query_args& args) {
  if (args.format.empty()) return stdout_is_tty() ? output_mode::table : output_mode::tsv;
  return mode_named(args.format).value();  // checked by --format
}

engine::run_options options(const query_args& args, std::string base_dir) {
  engine::run_options opts;
  opts.timeout = std::chrono::milliseconds(args.timeout_ms);
  opts.interrupt = interrupt_flag();
  opts.base_dir = std::move(base_dir);
  opts.collect_facts = mode_named(args.format) == output_mode::dot;
  opts.keyword_fallback = true;
  opts.strict_add = true;
  return opts;
}

int run_query(const context& ctx, const query_args& args) {
  std::string text = args.text;
  if (text == "-") {
    auto in = store::read_file("-");
    if (!in) return report(in.error());
    text = std::move(*in);
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // a byte order mark
  // The store's prefixes, when it can be read (else it is reported below).
  prefix_list known = well_known_prefixes();
  if (auto readable = open_store(ctx, false, true))
    if (auto stored = store::stored_prefixes(*readable))
      for (const auto& p : *stored) declare(known, p.name, p.iri);
  auto parsed = args.sparql ? sparql::parse(text, "query", 0, std::string_view::npos, &known)
                            : query::parse(text, "query", 0, std::string_view::npos, &known);
  if (!parsed) return report(parsed.error());
  // An update creates the store it names, like import; a store it created
  // is removed again when the update fails.
  const bool update = engine::is_update(*parsed);
  const auto path = explicit_store_path(ctx);
  std::error_code ec;
  const bool created = update && path && !std::filesystem::exists(*path, ec);
  auto store = open_store(ctx, update, !update);
  if (!store) return report(store.error());
  // Rows are printed as they are read, never held whole.
  auto shown = plain_options(output_format(args));
  for (const auto& p : parsed->declared) declare(known, p.name, p.iri);
  shown.prefixes = &known;
  streamed_output stream(shown, std::cout, std::cerr);
  auto opts = options(args, {});
  if (streamed_output::wanted(shown)) opts.sink = &stream;
  auto a = without_bad_alloc([&] { return engine::run_query(*store, *parsed, text, "query", opts); });
  if (!a) {
    const int code = report(a.error());
    if (created) {
      store = tl::unexpected(error(errc::io, ""));  // closes the database first
      remove_store_files(*path);
    }
    return code;
  }
  if (args.show_sql && !engine::sql_of(*a).empty()) std::cerr << engine::sql_of(*a) << '\n';
  print_result(*a, shown, std::cout, std::cerr, &stream);
  return stdout_failure();
}

int run_script(const context& ctx, const query_args& args) {
  auto in = store::read_file(args.text);
  if (!in) return report(in.error());
  const std::string source = args.text == "-" ? "<stdin>" : args.text;
  const std::string base_dir =
      args.text == "-" ? std::string() : std::filesystem::path(args.text).parent_path().string();
  session_settings settings;
  settings.mode = output_format(args);
  settings.show_sql = args.show_sql;
  settings.timeout_ms = args.timeout_ms;
  settings.terminal = stdout_is_tty();
  settings.echo = args.echo;
  settings.safe = args.safe;
  session s(ctx, settings);
  return s.run_script(*in, source, base_dir, args.keep_going);
}

}  // namespace

namespace {

void add_output_options(CLI::App* cmd, query_args& args) {
  cmd->add_option(
         "--format", args.format,
         "table, box, tsv, csv, json, jsonl, line, markdown, dot, SPARQL's results formats srj, srx, "
         "sparql-csv, sparql-tsv, or triples as nt or ttl (default: table on a terminal, else tsv)")
      ->check(CLI::IsMember(output_modes()));
  cmd->add_flag("--sql", args.show_sql, "Also print the SQL statement that ran, on stderr");
  cmd->add_option("--timeout", args.timeout_ms,
                  "Stop a query that runs longer than this many milliseconds (exit 6)")
      ->check(CLI::Range(0, 86'400'000));
}

}  // namespace

void add_query(CLI::App& app, context& ctx, action& act) {
  auto args = std::make_shared<query_args>();
  auto* cmd = app.add_subcommand("query", "Run one query or statement ('-' reads it from standard input)");
  cmd->add_option(
         "query", args->text,
         "The query, e.g. '?who met Huang', 'who met Huang?' or a SPARQL query (told by its first keyword)")
      ->required();
  cmd->add_flag("--sparql", args->sparql, "Read the query as SPARQL, whatever it starts with");
  add_output_options(cmd, *args);
  cmd->callback([&ctx, &act, args] { act = [&ctx, args] { return run_query(ctx, *args); }; });
}

void add_run(CLI::App& app, context& ctx, action& act) {
  auto args = std::make_shared<query_args>();
  auto* cmd = app.add_subcommand("run", "Run a script of statements ('-' reads it from standard input)");
  cmd->add_option("script", args->text,
                  "The script: statements end at ';' or a line break; # starts a comment")
      ->required();
  cmd->add_flag("--keep-going", args->keep_going,
                "Run the statements after a failing one (the exit code is still 1)");
  cmd->add_flag("--echo", args->echo, "Print each statement before its answer (as .echo on)");
  cmd->add_flag("--safe", args->safe,
                "For scripts you did not write: refuse .read, .import, .export, .output FILE, .once and "
                ".open, and import of files outside the script's folder (exit 1)");
  add_output_options(cmd, *args);
  cmd->callback([&ctx, &act, args] { act = [&ctx, args] { return run_script(ctx, *args); }; });
}

}  // namespace kg::cli
