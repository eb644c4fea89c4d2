// Importing TSV, CSV, N-Triples, Turtle, TriG and N-Quads files into a store: every file is read
// and parsed first, then everything is written in one transaction, so an
// import either lands whole or changes nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <tl/expected.hpp>
#include <utility>
#include <vector>

#include "parser/error.hpp"
#include "parser/statement.hpp"
#include "store/store.hpp"

namespace kg::store {

struct import_source {
  import_source(std::string path_, std::optional<format> fmt_ = std::nullopt,
                std::optional<std::string> text_ = std::nullopt,
                std::optional<std::string> base_ = std::nullopt)
      : path(std::move(path_)), fmt(fmt_), text(std::move(text_)), base(std::move(base_)) {}
  std::string path;                 // "-" reads standard input; names the source in messages
  std::optional<format> fmt;        // taken from the extension when absent
  std::optional<std::string> text;  // the content, when given directly instead of read from path
  // Turtle, TriG, N-Quads: the IRI relative IRIs resolve against (default:
  // the file's file: IRI, or the working folder's for standard input).
  std::optional<std::string> base;
};

struct import_options {
  bool dry_run = false;                              // validate and count, write nothing
  std::size_t max_errors = 20;                       // stop reporting after this many errors
  std::function<void(const std::string&)> progress;  // called with a status line now and then
};

struct import_report {
  std::size_t files = 0;
  std::uint64_t read = 0;     // statements read
  std::uint64_t added = 0;    // statements that were new
  std::uint64_t present = 0;  // statements already in the store (or repeated in the input)
  std::uint64_t new_terms = 0;
  std::size_t prefixes = 0;  // prefixes declared by the sources, kept in the store
  double seconds = 0;
  // Where the time went: (phase, seconds), in order.
  std::vector<std::pair<std::string, double>> phases;
};

// Imports all sources as one transaction. On any error (unreadable file,
// unknown format, a syntax error anywhere, a busy database) nothing is
// written and the error says where: file:line:col with the line and a caret,
// for up to max_errors input errors.
tl::expected<import_report, error> import_sources(triple_store& store,
                                                  const std::vector<import_source>& sources,
                                                  const import_options& opts);

// Reads a whole file ("-" for standard input).
tl::expected<std::string, error> read_file(const std::string& path);

}  // namespace kg::store
