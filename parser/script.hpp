// Splitting a script (kg run FILE) into statements.
//
// A statement ends at ';' or at a line break, except that it continues
// while braces or parentheses are open, and on following lines that are
// indented. Blank lines, '#' comments and quoted strings are respected.
// A line starting with '.' where a statement would start is a shell
// meta-command (.mode json): it runs to the end of its line.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace kg::query {

struct statement_range {
  std::size_t begin = 0, end = 0;  // byte offsets [begin, end) in the script
  bool meta = false;               // a meta-command line
};

// The statements of a script, in order; ranges holding only blanks and
// comments are left out.
std::vector<statement_range> split_script(std::string_view script);

}  // namespace kg::query
