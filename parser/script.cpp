#include "parser/script.hpp"

namespace kg::query {
namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Whether [from, to) holds only blanks, line breaks and comments.
bool empty_statement(std::string_view s, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i) {
    if (s[i] == '#') {
      while (i < to && s[i] != '\n') ++i;
    } else if (!blank(s[i]) && s[i] != '\n') {
      return false;
    }
  }
  return true;
}

// Whether the line starting at `i` is indented and holds something other
// than a comment: it continues the statement before it.
bool continuation(std::string_view s, std::size_t i) {
  if (i >= s.size() || !blank(s[i]) || s[i] == '\r') return false;
  while (i < s.size() && blank(s[i])) ++i;
  return i < s.size() && s[i] != '\n' && s[i] != '#';
}

}  // namespace

std::vector<statement_range> split_script(std::string_view s) {
  std::vector<statement_range> out;
  std::size_t start = 0;
  int depth = 0;
  auto finish = [&](std::size_t end) {
    if (!empty_statement(s, start, end)) out.push_back({start, end});
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.' && depth == 0 && empty_statement(s, start, i)) {
      std::size_t eol = s.find('\n', i);
      if (eol == std::string_view::npos) eol = s.size();
      std::size_t end = eol;
      while (end > i && (s[end - 1] == '\r' || blank(s[end - 1]))) --end;
      out.push_back({i, end, true});
      start = eol + (eol < s.size() ? 1 : 0);
      i = eol;
      continue;
    }
    if (c == '"') {
      for (++i; i < s.size() && s[i] != '"' && s[i] != '\n'; ++i)
        if (s[i] == '\\') ++i;
      if (i < s.size() && s[i] == '\n') --i;  // an unterminated string ends at the line break
    } else if (c == '#') {
      while (i + 1 < s.size() && s[i + 1] != '\n') ++i;
    } else if (c == '<') {
      // An IRI runs to '>' without blanks; otherwise '<' is a comparison.
      std::size_t j = i + 1;
      while (j < s.size() && s[j] != '>' && !blank(s[j]) && s[j] != '\n') ++j;
      if (j < s.size() && s[j] == '>') i = j;
    } else if (c == '{' || c == '(') {
      ++depth;
    } else if (c == '}' || c == ')') {
      if (depth > 0) --depth;
    } else if (c == ';' && depth == 0) {
      finish(i);
      start = i + 1;
    } else if (c == '\n' && depth == 0 && !continuation(s, i + 1)) {
      finish(i);
      start = i + 1;
    }
  }
  finish(s.size());
  return out;
}

}  // namespace kg::query
