// The one error type every kg layer returns or throws for expected
// failures: a kind, a message, and where it has one a position in the
// statement's text (and a help line). Layers below the command line never
// render it; the edge does (render in parser/diagnostic.hpp). Each kind
// maps to an exit code (documented in README.md).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kg {

// Exit codes of the kg command; the numeric values are part of kg's contract.
enum class errc {
  input = 1,         // bad input: a file or query that does not parse or type-check
  usage = 2,         // bad command line
  busy = 3,          // the database is locked by another writer
  bad_store = 4,     // not a kg store, newer schema, corrupt, failed check
  io = 5,            // a file or database that cannot be read or written
  timeout = 6,       // a query ran longer than --timeout
  interrupted = 130  // stopped by Ctrl-C
};

enum class error_kind {
  syntax,        // text that does not parse
  incomplete,    // text that ends before its statement does (the shell reads on)
  unknown_name,  // a name, predicate, qualifier or word the store does not know
  semantic,      // parses, but means nothing kg can answer
  limit,         // past one of kg's or SQLite's limits
  io,            // a file or database that cannot be read or written
  busy,          // the database is locked by another writer
  bad_store,     // not a kg store, a newer schema, damaged
  timeout,       // a query ran longer than its timeout
  interrupted,   // stopped by Ctrl-C
  usage,         // a bad command line
};

constexpr errc exit_code_for(error_kind k) {
  switch (k) {
    case error_kind::io:
      return errc::io;
    case error_kind::busy:
      return errc::busy;
    case error_kind::bad_store:
      return errc::bad_store;
    case error_kind::timeout:
      return errc::timeout;
    case error_kind::interrupted:
      return errc::interrupted;
    case error_kind::usage:
      return errc::usage;
    default:
      return errc::input;
  }
}

// A positioned problem in a text (rendered by parser/diagnostic.hpp).
struct diagnostic {
  std::string file;
  std::size_t line = 0;    // 0 when the error has no position
  std::size_t column = 0;  // 0 when only the line is known
  std::string message;
  std::string source_line;  // the text of the line, without its line break
  std::string help;
};

struct error {
  error_kind kind;
  errc code;            // the exit code, from the kind
  std::string message;  // what went wrong, without a position
  std::string help;     // an optional hint
  // Where the problem is: a byte offset of the statement's text, which is
  // named `source` (both filled in by whoever knows the text).
  std::optional<std::size_t> offset;
  std::string source, text;
  // Problems found in an input file, each positioned already; `message`
  // then sums them up.
  std::vector<diagnostic> diagnostics;

  error(errc c, std::string m);
  error(error_kind k, std::string m, std::string h = {});
  // The error of one positioned diagnostic (a text that does not parse).
  static error in(diagnostic d, error_kind k = error_kind::syntax);
  // An error at a byte offset of the statement being read.
  static error at(error_kind k, std::size_t offset, std::string m, std::string h = {});
};

inline int exit_code(errc c) { return static_cast<int>(c); }

}  // namespace kg
