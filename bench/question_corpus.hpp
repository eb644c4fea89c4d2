// The reader-question corpus (tests/questions/*.q): plain-English questions
// about the source articles, each entry with its paraphrases, a formal
// pattern that answers it and the expected answer values. Read here, and
// scored against a store: by kg-question-bench (the figures) and by the
// test suite (the corpus stays true to the facts, and the scores do not
// fall).
//
// An entry of a .q file, entries separated by blank lines, '#' comments:
//   [ARTICLE:LINE] shape
//   ? a question
//   ? a paraphrase of it
//   pattern: a kg query answering it
//   = an expected value, as kg prints the cell
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <tl/expected.hpp>
#include <vector>

#include "store/store.hpp"

namespace kg::corpus {

struct entry {
  std::string file;
  std::size_t line = 0;  // of the entry's first line
  std::string article;   // ARTICLE:LINE
  std::string shape;
  std::vector<std::string> questions;
  std::string pattern;
  std::vector<std::string> expected;  // cells, as kg prints them
};

// Reads a corpus file; an error names file:line.
tl::expected<std::vector<entry>, std::string> read(const std::string& path);

enum class verdict { correct, wrong, unanswered };

struct outcome {
  verdict result = verdict::unanswered;
  std::string detail;  // the error, or the first rows kg gave
  double ms = 0;       // parse and run
};

// Asks kg one statement and judges the answer against `expected`: correct
// when every expected value is among the cells of the first
// expected.size() + 4 rows (or, for true/false, the answer is that
// value); unanswered on an error or no rows; wrong otherwise.
outcome judge(store::triple_store& s, const std::string& statement, const std::vector<std::string>& expected);

struct tally {
  std::size_t questions = 0, correct = 0, wrong = 0, unanswered = 0;
  void add(verdict v);
  double percent(std::size_t n) const { return questions ? 100.0 * static_cast<double>(n) / questions : 0; }
};

}  // namespace kg::corpus
