#include "parser/script.hpp"

#include <algorithm>
#include <array>

#include "parser/keywords.hpp"
#include "parser/query.hpp"
#include "parser/sparql.hpp"

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

// The keywords a statement cannot end with: each needs something after it.
constexpr std::array<std::string_view, 22> needs_more = {
    "select", "distinct", "where",   "and",      "or",     "not",   "optional", "filter",
    "group",  "by",       "order",   "limit",    "offset", "with",  "add",      "remove",
    "import", "why",      "explain", "describe", "graph",  "search"};

// Whether the statement whose last significant byte (not a blank, a line
// break or a comment) is s[last] plainly goes on: it ends with a
// punctuation mark or an operator that needs an operand, or with a
// keyword that needs more.
bool ends_wanting(std::string_view s, std::size_t start, std::size_t last) {
  const char c = s[last];
  if (c == ',' || c == '.' || c == ':' || c == '^' || c == '=' || c == '<' || c == '>' || c == '!')
    return true;
  if (!is_name_char(static_cast<unsigned char>(c))) return false;
  std::size_t from = last + 1;
  while (from > start && is_name_char(static_cast<unsigned char>(s[from - 1]))) --from;
  if (from > start && (s[from - 1] == '?' || s[from - 1] == '"'))
    return false;  // a variable, a string's tail
  const std::string_view word = s.substr(from, last + 1 - from);
  return std::any_of(needs_more.begin(), needs_more.end(), [&](std::string_view k) {
    return word.size() == k.size() && starts_with_keyword(word, k);
  });
}

// Past this size a statement's end is judged by its last token alone, so
// that splitting a script does not parse a huge statement line after line.
constexpr std::size_t max_parsed_statement = 64 * 1024;

// Whether the statement s[start, end) goes on past a line break at `end`:
// it plainly wants more (ends_wanting), or the parser finds it ends early.
bool goes_on(std::string_view s, std::size_t start, std::size_t end) {
  // The last significant byte, skipping comments (strings are closed here:
  // the caller keeps a statement with an open string going).
  std::size_t last = std::string_view::npos;
  bool broken_string = false;  // a string holds a line break: the parser stops there
  for (std::size_t i = start; i < end; ++i) {
    const char c = s[i];
    if (c == '#') {
      while (i + 1 < end && s[i + 1] != '\n') ++i;
    } else if (c == '"') {
      for (++i; i < end && s[i] != '"'; ++i) {
        if (s[i] == '\\') ++i;
        if (i < end && s[i] == '\n') broken_string = true;
      }
      last = std::min(i, end - 1);
    } else if (!blank(c) && c != '\n') {
      last = i;
    }
  }
  if (last == std::string_view::npos) return false;
  if (!broken_string && end - start <= max_parsed_statement) {
    // Prefixes are declared by statements that have not run yet.
    const auto parsed = parse(s, "", start, end, &accepting_any_prefix());
    if (parsed || lacks_question_mark(parsed.error())) return false;
    if (parsed.error().kind == error_kind::incomplete) return true;
  }
  return ends_wanting(s, start, last);
}

struct split {
  std::vector<statement_range> ranges;
  bool open = false;  // the last statement would go on past one more line break
};

split split_text(std::string_view s) {
  split out;
  std::size_t start = 0;
  int depth = 0;
  bool open_string = false;
  auto finish = [&](std::size_t end) {
    if (!empty_statement(s, start, end)) out.ranges.push_back({start, end});
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.' && depth == 0 && empty_statement(s, start, i)) {
      std::size_t eol = s.find('\n', i);
      if (eol == std::string_view::npos) eol = s.size();
      std::size_t end = eol;
      while (end > i && (s[end - 1] == '\r' || blank(s[end - 1]))) --end;
      out.ranges.push_back({i, end, true});
      start = eol + (eol < s.size() ? 1 : 0);
      i = eol;
      continue;
    }
    if (c == '"') {
      // A string runs to its closing quote; while it is open the statement
      // goes on, line breaks and all (the parser then points at the quote).
      for (++i; i < s.size() && s[i] != '"'; ++i)
        if (s[i] == '\\') ++i;
      open_string = i >= s.size();
    } else if (c == '\'' && sparql::looks_like_sparql(s.substr(start, i - start))) {
      // SPARQL also quotes strings with '.
      for (++i; i < s.size() && s[i] != '\''; ++i)
        if (s[i] == '\\') ++i;
      open_string = i >= s.size();
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
    } else if (c == ';') {
      // ';' ends a statement, whatever is open; but inside a SPARQL
      // query's braces it separates predicates of one subject.
      if (depth > 0 && sparql::looks_like_sparql(s.substr(start, i - start))) continue;
      finish(i);
      start = i + 1;
      depth = 0;
    } else if (c == '\n' && depth == 0 && !continuation(s, i + 1) && !goes_on(s, start, i)) {
      finish(i);
      start = i + 1;
    }
  }
  out.open =
      !empty_statement(s, start, s.size()) && (depth > 0 || open_string || goes_on(s, start, s.size()));
  finish(s.size());
  return out;
}

}  // namespace

std::vector<statement_range> split_script(std::string_view s) { return split_text(s).ranges; }

bool unfinished(std::string_view s) { return split_text(s).open; }

}  // namespace kg::query
