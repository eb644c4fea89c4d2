// kg export [FILE] : every fact, as TSV, CSV or N-Triples.
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/app.hpp"
#include "store/export.hpp"

namespace kg::cli {
namespace {

struct export_args {
  std::string file;
  std::string format;
};

int run_export(const context& ctx, const export_args& args) {
  auto store = open_store(ctx, false, true);
  if (!store) return report(store.error());
  return export_store(*store, args.file, args.format);
}

}  // namespace

int export_store(store::triple_store& store, const std::string& file_name, const std::string& format) {
  const export_args args{file_name, format};
  std::optional<kg::format> fmt;
  if (!args.format.empty()) {
    fmt = format_from_name(args.format);
    if (!fmt) return report(error(errc::usage, "unknown format '" + args.format + "' (use tsv, csv or nt)"));
  } else if (!args.file.empty() && args.file != "-") {
    fmt = format_from_path(args.file);
    if (!fmt)
      return report(error(errc::usage, "cannot tell the format of '" + args.file +
                                           "' from its name; say --format tsv|csv|nt"));
  }
  const bool to_stdout = args.file.empty() || args.file == "-";
  // Write to a temporary file and rename, so a failed export leaves no partial file.
  const std::string tmp = args.file + ".tmp";
  std::ofstream file;
  if (!to_stdout) {
    file.open(tmp, std::ios::binary | std::ios::trunc);
    if (!file) return report(error(errc::io, "cannot write '" + args.file + "': " + std::strerror(errno)));
  }
  std::ostream& out = to_stdout ? std::cout : file;
  auto n = store::export_facts(store, fmt.value_or(kg::format::tsv), out);
  if (!to_stdout) {
    file.close();
    std::error_code ec;
    if (!n || !file) {
      std::filesystem::remove(tmp, ec);
      if (!n) return report(n.error());
      return report(error(errc::io, "cannot write '" + args.file + "'"));
    }
    std::filesystem::rename(tmp, args.file, ec);
    if (ec) return report(error(errc::io, "cannot write '" + args.file + "': " + ec.message()));
    std::cerr << "exported " << *n << " facts to " << args.file << '\n';
  } else if (!n) {
    return report(n.error());
  }
  return 0;
}

void add_export(CLI::App& app, context& ctx, action& act) {
  auto args = std::make_shared<export_args>();
  auto* cmd = app.add_subcommand("export", "Write every fact as TSV, CSV or N-Triples");
  cmd->add_option("file", args->file, "Output file (default: standard output)");
  cmd->add_option("--format", args->format, "tsv, csv or nt (default: from the file's extension, else tsv)");
  cmd->callback([&ctx, &act, args] { act = [&ctx, args] { return run_export(ctx, *args); }; });
}

}  // namespace kg::cli
