// Where statements end, for kg run FILE and the shell alike.
//
// A statement ends at ';' (but not inside the braces of a SPARQL query,
// where ';' separates predicates). It ends at a line break unless it goes
// on: while braces, parentheses or a string are open; when the next line
// is indented; and when the text so far cannot end a statement: it ends
// early for the parser (select ?x where, Huang met), or ends in a keyword
// that needs more (where, and, or, not, filter, limit, ...), a ',', a '.',
// a ':' or an operator. A question lacking only its '?' does not go on.
// Blank lines, '#' comments and quoted strings are respected. A line
// starting with '.' where a statement would start is a shell meta-command
// (.mode json): it runs to the end of its line.
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

// Whether the script's last statement goes on past one more line break:
// the shell then reads another line into it.
bool unfinished(std::string_view script);

}  // namespace kg::query
