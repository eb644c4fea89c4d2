// kg export [FILE] : every fact, as TSV, CSV or N-Triples.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
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

// Why the export must not write to file, if it must not: the open store
// itself (under any name), its -wal or -shm file, or any other kg store.
std::optional<error> refuse_export_target(store::triple_store& store, const std::string& file) {
  struct stat target {};
  if (::stat(file.c_str(), &target) != 0) return std::nullopt;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    struct stat own {};
    if (::stat((store.path() + suffix).c_str(), &own) == 0 && own.st_dev == target.st_dev &&
        own.st_ino == target.st_ino)
      return error(errc::usage, "will not export onto '" + file + "': it is " +
                                    (*suffix ? "a file of " : "") + "the store being exported ('" +
                                    store.path() + "')\nhelp: name another file, or - for standard output");
  }
  if (S_ISREG(target.st_mode)) {
    unsigned char header[100] = {};
    std::size_t got = 0;
    if (std::FILE* f = std::fopen(file.c_str(), "rb")) {
      got = std::fread(header, 1, sizeof header, f);
      std::fclose(f);
    }
    const auto id = [&] {
      return (std::uint32_t{header[68]} << 24) | (std::uint32_t{header[69]} << 16) |
             (std::uint32_t{header[70]} << 8) | header[71];
    };
    if (got == sizeof header && std::memcmp(header, "SQLite format 3", 16) == 0 &&
        id() == static_cast<std::uint32_t>(store::application_id))
      return error(errc::usage, "will not export onto '" + file +
                                    "': it is a kg store, which the export would replace\nhelp: name another "
                                    "file, or remove the store first if it is meant to go");
  }
  return std::nullopt;
}

}  // namespace

int export_store(store::triple_store& store, const std::string& file_name, const std::string& format) {
  const export_args args{file_name, format};
  std::optional<kg::format> fmt;
  if (!args.format.empty()) {
    fmt = format_from_name(args.format);
    if (!fmt)
      return report(
          error(errc::usage, "unknown format '" + args.format + "' (use tsv, csv, nt, ttl, trig or nq)"));
  } else if (!args.file.empty() && args.file != "-") {
    fmt = format_from_path(args.file);
    if (!fmt)
      return report(error(errc::usage, "cannot tell the format of '" + args.file +
                                           "' from its name; say --format tsv|csv|nt|ttl|trig|nq"));
  }
  const bool to_stdout = args.file.empty() || args.file == "-";
  if (to_stdout) {
    auto n = store::export_facts(store, fmt.value_or(kg::format::tsv), std::cout);
    if (!n) return report(n.error());
    return stdout_failure();
  }
  if (auto refused = refuse_export_target(store, args.file)) return report(*refused);
  struct stat st {};
  const bool exists = ::stat(args.file.c_str(), &st) == 0;
  if (exists && !S_ISREG(st.st_mode)) {
    // A device or a pipe (/dev/stdout, a FIFO) is written as it is.
    std::ofstream file(args.file, std::ios::binary);
    if (!file) return report(error(errc::io, "cannot write '" + args.file + "': " + std::strerror(errno)));
    auto n = store::export_facts(store, fmt.value_or(kg::format::tsv), file);
    if (!n) return report(n.error());
    file.flush();
    if (!file) return report(error(errc::io, "cannot write '" + args.file + "'"));
    return 0;
  }
  // Write to a temporary file of this export's own and rename, so a failed
  // export leaves no partial file and two exports never share one. A
  // symbolic link is followed: its target is what gets replaced.
  std::error_code ec;
  std::string target = args.file;
  if (std::filesystem::is_symlink(target, ec))
    target = std::filesystem::weakly_canonical(target, ec).string();
  std::string tmp = target + ".XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return report(error(errc::io, "cannot write '" + args.file + "': " + std::strerror(errno)));
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, exists ? (st.st_mode & 07777) : (0666 & ~mask));
  ::close(fd);
  std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
  if (!file) {
    std::filesystem::remove(tmp, ec);
    return report(error(errc::io, "cannot write '" + args.file + "': " + std::strerror(errno)));
  }
  auto n = store::export_facts(store, fmt.value_or(kg::format::tsv), file);
  file.close();
  if (!n || !file) {
    std::filesystem::remove(tmp, ec);
    if (!n) return report(n.error());
    return report(error(errc::io, "cannot write '" + args.file + "'"));
  }
  std::filesystem::rename(tmp, target, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    return report(error(errc::io, "cannot write '" + args.file + "': " + ec.message()));
  }
  std::cerr << "exported " << *n << " facts to " << args.file << '\n';
  return 0;
}

void add_export(CLI::App& app, context& ctx, action& act) {
  auto args = std::make_shared<export_args>();
  auto* cmd =
      app.add_subcommand("export", "Write every fact as TSV, CSV, N-Triples, Turtle, TriG or N-Quads");
  cmd->add_option("file", args->file, "Output file (default: standard output)");
  cmd->add_option("--format", args->format,
                  "tsv, csv, nt, ttl, trig or nq (default: from the file's extension, else tsv)");
  cmd->callback([&ctx, &act, args] { act = [&ctx, args] { return run_export(ctx, *args); }; });
}

}  // namespace kg::cli
