// The error value every kg layer returns for expected failures, and the
// exit code each kind of failure maps to (documented in README.md).
#pragma once

#include <string>
#include <utility>

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

struct error {
  errc code;
  std::string message;  // fully rendered, may span lines; no trailing newline

  error(errc c, std::string m) : code(c), message(std::move(m)) {}
};

inline int exit_code(errc c) { return static_cast<int>(c); }

}  // namespace kg
