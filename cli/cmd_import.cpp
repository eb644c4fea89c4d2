// kg import FILE... : one transaction for all files, a summary after.
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "cli/app.hpp"
#include "cli/terminal.hpp"
#include "store/import.hpp"

namespace kg::cli {
namespace {

struct import_args {
  std::vector<std::string> files;
  std::string format;
  std::string base;
  bool dry_run = false;
  bool quiet = false;
  bool timings = false;
};

int run_import(const context& ctx, const import_args& args) {
  std::optional<kg::format> fmt;
  if (!args.format.empty()) {
    fmt = format_from_name(args.format);
    if (!fmt)
      return report(
          error(errc::usage, "unknown format '" + args.format + "' (use tsv, csv, nt, ttl, trig or nq)"));
  }
  std::vector<store::import_source> sources;
  std::uint64_t total_bytes = 0;
  for (const auto& f : args.files) {
    sources.push_back({f, fmt, std::nullopt, std::nullopt});
    if (!args.base.empty()) sources.back().base = args.base;
    std::error_code ec;
    if (f != "-")
      total_bytes += std::filesystem::is_regular_file(f, ec) ? std::filesystem::file_size(f, ec) : 0;
  }
  // A store this import creates is removed again if the import fails.
  const auto path = explicit_store_path(ctx);
  std::error_code ec;
  const bool created = path && !std::filesystem::exists(*path, ec);
  auto store = open_store(ctx, /*create=*/!args.dry_run);
  if (!store) return report(store.error());
  auto discard_created = [&] {
    if (!created) return;
    store = tl::unexpected(error(errc::io, ""));  // closes the database first
    remove_store_files(*path);
  };

  store::import_options opts;
  opts.dry_run = args.dry_run;
  const bool show_progress = !args.quiet && stderr_is_tty() && total_bytes >= (16u << 20);
  if (show_progress) opts.progress = [](const std::string& s) { std::cerr << "\r\033[K" << s << std::flush; };
  auto result = without_bad_alloc([&] { return store::import_sources(*store, sources, opts); });
  if (show_progress) std::cerr << "\r\033[K" << std::flush;
  if (!result) {
    discard_created();
    return report(result.error());
  }

  if (!args.quiet) {
    const auto& r = *result;
    const double rate = r.seconds > 0 ? static_cast<double>(r.read) / r.seconds : 0;
    std::cout << (args.dry_run ? "dry run, nothing written: " : "imported ") << r.files
              << (r.files == 1 ? " file: " : " files: ") << thousands(r.read) << " statements read, "
              << thousands(r.added) << (args.dry_run ? " would be new, " : " new, ") << thousands(r.present)
              << " already present, 0 errors (" << std::fixed << std::setprecision(2) << r.seconds << " s, "
              << thousands(static_cast<std::uint64_t>(rate)) << " statements/s)";
    if (r.prefixes > 0)
      std::cout << "; " << (args.dry_run ? "would keep " : "kept ") << r.prefixes
                << (r.prefixes == 1 ? " prefix" : " prefixes");
    // A fact (S P O) holds one statement or several (with other qualifiers):
    // kg stats counts facts.
    if (!args.dry_run && store)
      std::cout << "; the store holds "
                << thousands(static_cast<std::uint64_t>(store->db().scalar("SELECT count(*) FROM facts")))
                << " facts";
    std::cout << '\n';
  }
  if (args.timings)
    for (const auto& [name, seconds] : result->phases)
      std::cerr << std::left << std::setw(18) << name << std::right << std::fixed << std::setprecision(3)
                << seconds << " s\n";
  return 0;
}

}  // namespace

void add_import(CLI::App& app, context& ctx, action& act) {
  auto args = std::make_shared<import_args>();
  auto* cmd = app.add_subcommand(
      "import",
      "Import facts from TSV, CSV, N-Triples, Turtle, TriG or N-Quads files, all in one transaction");
  cmd->add_option("files", args->files, "Files to import ('-' reads standard input)")->required();
  cmd->add_option("--format", args->format,
                  "tsv, csv, nt, ttl, trig or nq (default: from each file's extension)");
  cmd->add_option(
      "--base", args->base,
      "The IRI relative IRIs in Turtle, TriG and N-Quads resolve against (default: the file's file: IRI)");
  cmd->add_flag("--dry-run", args->dry_run, "Check the files and report what would change, writing nothing");
  cmd->add_flag("-q,--quiet", args->quiet, "Print nothing on success");
  cmd->add_flag("--timings", args->timings, "Also print where the time went, phase by phase, on stderr");
  cmd->callback([&ctx, &act, args] { act = [&ctx, args] { return run_import(ctx, *args); }; });
}

}  // namespace kg::cli
