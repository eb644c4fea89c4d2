// Which store a command works on, and the per-user default store seeded
// from the curated facts that ship with kg.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/app.hpp"
#include "cli/curated.hpp"
#include "store/import.hpp"

namespace kg::cli {

std::string default_store_path() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/')
    return std::string(xdg) + "/kg/kg.db";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/kg/kg.db";
}

namespace {

// Creates the default store from the curated facts, as one import. The
// store is made and filled under a name of its own beside the final path,
// closed (which checkpoints it into one file), then moved into place unless
// another process got there first: two first uses at once both end with
// the one store, and an interrupted seed leaves nothing at the path.
tl::expected<void, error> seed_default_store(const std::string& path, const context& ctx) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec)
    return tl::unexpected(error(errc::io, "cannot create the folder of '" + path + "': " + ec.message()));
  auto tmp = store::create_store_beside(path);
  if (!tmp) return tl::unexpected(tmp.error());
  std::int64_t added = 0;
  {
    auto store = store::triple_store::open(*tmp, {.busy_timeout_ms = ctx.busy_timeout_ms});
    if (!store) {
      remove_store_files(*tmp);
      return tl::unexpected(store.error());
    }
    std::vector<store::import_source> sources;
    for (const auto& f : curated_files())
      sources.push_back({"triples/" + std::string(f.name), format::tsv, std::string(f.content)});
    auto report = store::import_sources(*store, sources, {});
    if (!report) {
      store = tl::unexpected(report.error());  // closes the database first
      remove_store_files(*tmp);
      return tl::unexpected(report.error());
    }
    added = report->added;
  }
  auto moved = store::move_into_place(*tmp, path);
  if (!moved) return tl::unexpected(moved.error());
  if (*moved)
    std::cerr << "kg: created the default store " << path << " with " << added << " curated statements\n";
  return {};
}

}  // namespace

std::optional<std::string> explicit_store_path(const context& ctx) {
  if (!ctx.db_path.empty()) return ctx.db_path;
  if (const char* env = std::getenv("KG_DB"); env && *env) return std::string(env);
  return std::nullopt;
}

void remove_store_files(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ec);
}

tl::expected<store::triple_store, error> open_store(const context& ctx, bool create, bool read_only) {
  store::open_options opts{.create = create, .read_only = read_only, .busy_timeout_ms = ctx.busy_timeout_ms};
  if (auto path = explicit_store_path(ctx)) return store::triple_store::open(*path, opts);
  const auto path = default_store_path();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (auto seeded = seed_default_store(path, ctx); !seeded) return tl::unexpected(seeded.error());
  }
  return store::triple_store::open(path, opts);
}

}  // namespace kg::cli
