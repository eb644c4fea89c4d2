// Tab completion for the shell, from the data: keywords, meta-commands and
// their arguments, predicates (with fact counts), entity names and aliases
// (quoted when they hold spaces), and variables already in the statement.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

namespace kg::cli {

struct candidate {
  std::string text;    // what replaces the word being completed
  std::string detail;  // shown beside it when listing (e.g. "12 facts")
  bool whole = true;   // a whole word, a blank may follow (not a folder, whose files come next)
};

struct completion {
  std::size_t word_begin = 0;         // byte offset in the line where the completed word starts
  std::vector<candidate> candidates;  // sorted, distinct
};

// Completes the word before the cursor: file names after .read, .open,
// .import, .export, .output, .once and import "; predicates alone where a
// predicate goes (after a pattern's subject) when any matches. `line` is the text up to the
// cursor; `statement` is the whole statement so far (earlier lines of a
// multi-line statement included), for its variables.
completion complete(store::triple_store* store, std::string_view line, std::string_view statement);

// The longest common prefix of the candidates (ASCII case-sensitive).
std::string common_prefix(const std::vector<candidate>& candidates);

}  // namespace kg::cli
