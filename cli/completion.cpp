#include "cli/completion.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "cli/output.hpp"
#include "cli/session.hpp"
#include "cli/terminal.hpp"
#include "parser/query.hpp"
#include "parser/term.hpp"

namespace kg::cli {
namespace {

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

bool name_char(char c) { return query::is_name_char(static_cast<unsigned char>(c)); }

// The word being completed: a name, a variable (?x) or a meta-command (.mode).
bool word_char(char c) { return name_char(c) || c == '?' || c == '.'; }

// A name as it is written in a query: bare when it reads back as one word.
std::string written(const std::string& name) { return query::is_bare_name(name) ? name : quote(name); }

// The files and folders whose path starts with `prefix` (a folder's with
// '/' after it); hidden ones only when the prefix's last part starts with '.'.
std::vector<candidate> files_starting(const std::string& prefix) {
  namespace fs = std::filesystem;
  const auto slash = prefix.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : prefix.substr(0, slash + 1);
  const std::string part = slash == std::string::npos ? prefix : prefix.substr(slash + 1);
  std::vector<candidate> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir.empty() ? fs::path(".") : fs::path(dir), ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(part) || (name.starts_with('.') && !part.starts_with('.'))) continue;
    std::error_code dir_ec;
    const bool folder = it->is_directory(dir_ec);
    out.push_back({dir + name + (folder ? "/" : ""), {}, !folder});
    if (out.size() >= 1000) break;
  }
  return out;
}

// The tokens of a statement before the word being completed, enough to
// tell where a pattern's predicate goes: names, variables and values count
// as nodes; punctuation and keywords that start a pattern reset the count.
// A predicate comes after exactly one node (the subject); a pattern's
// qualifiers ({key: value, ...}) hold none.
bool at_predicate(std::string_view before) {
  int nodes = 0;
  int qualifier_depth = 0;   // inside a pattern's { ... } of qualifiers
  std::vector<bool> braces;  // for each open '{': whether it holds qualifiers
  std::size_t i = 0;
  while (i < before.size()) {
    const char c = before[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '#') {
      while (i < before.size() && before[i] != '\n') ++i;
    } else if (c == '"') {
      for (++i; i < before.size() && before[i] != '"'; ++i)
        if (before[i] == '\\') ++i;
      ++i;
      while (i < before.size() &&
             (before[i] == '@' || before[i] == '^' || name_char(before[i]) || before[i] == ':'))
        ++i;  // "x"@en, "5"^^xsd:integer
      ++nodes;
    } else if (c == '<') {
      while (i < before.size() && before[i] != '>') ++i;
      ++i;
      ++nodes;
    } else if (c == '{') {
      const bool qualifiers = nodes >= 3;
      braces.push_back(qualifiers);
      qualifier_depth += qualifiers;
      nodes = 0;
      ++i;
    } else if (c == '}') {
      if (!braces.empty()) {
        qualifier_depth -= braces.back();
        braces.pop_back();
      }
      nodes = 0;
      ++i;
    } else if (c == '.' || c == '(' || c == ')' || c == ';' || c == ',') {
      nodes = 0;
      ++i;
    } else if (c == '^') {
      ++i;  // an inverse path: the predicate follows
    } else if (c == '+' || c == '*') {
      ++i;
    } else if (c == '?' || c == '-' || name_char(c)) {
      const std::size_t start = i;
      ++i;
      while (i < before.size() && (name_char(before[i]) || before[i] == '.') &&
             !(before[i] == '.' &&
               (i + 1 >= before.size() || !std::isdigit(static_cast<unsigned char>(before[i + 1])))))
        ++i;
      const std::string_view w = before.substr(start, i - start);
      if (w.front() != '?' && query::is_keyword(w)) {
        // select ?x ?y where: the head's variables are no pattern's.
        nodes = 0;
      } else {
        ++nodes;
      }
    } else {
      ++i;  // an operator in a filter
      nodes = 0;
    }
  }
  return qualifier_depth == 0 && nodes == 1;
}

}  // namespace

std::string common_prefix(const std::vector<candidate>& candidates) {
  if (candidates.empty()) return "";
  std::string prefix = candidates.front().text;
  for (const auto& c : candidates) {
    std::size_t n = 0;
    while (n < prefix.size() && n < c.text.size() && prefix[n] == c.text[n]) ++n;
    prefix.resize(n);
  }
  return prefix;
}

completion complete(store::triple_store* store, std::string_view line, std::string_view statement) {
  completion out;
  // The word being completed: back to a blank, or to an unclosed quote.
  std::size_t quotes = 0, last_quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i)
    if (line[i] == '"' && (i == 0 || line[i - 1] != '\\')) ++quotes, last_quote = i;
  std::size_t begin = line.size();
  // The argument of a meta-command that takes a file: back to a blank.
  const auto lead = line.find_first_not_of(" \t");
  std::string file_command;
  if (lead != std::string::npos && line[lead] == '.' && statement.size() == line.size()) {
    const auto end = line.find_first_of(" \t", lead);
    const std::string cmd(line.substr(lead, end == std::string_view::npos ? line.size() - lead : end - lead));
    if (end != std::string_view::npos && (cmd == ".read" || cmd == ".open" || cmd == ".import" ||
                                          cmd == ".export" || cmd == ".output" || cmd == ".once"))
      file_command = cmd;
  }
  if (quotes % 2 == 1) {
    begin = last_quote;
  } else if (!file_command.empty()) {
    while (begin > 0 && line[begin - 1] != ' ' && line[begin - 1] != '\t') --begin;
  } else {
    while (begin > 0 && word_char(line[begin - 1])) --begin;
  }
  out.word_begin = begin;
  const std::string word(line.substr(begin));
  const std::string before(line.substr(0, begin));
  std::vector<candidate> found;
  auto add = [&](std::string text, std::string detail = {}) {
    found.push_back({std::move(text), std::move(detail)});
  };

  // import "file: a file name, closed by its quote.
  auto before_word = std::string_view(before);
  while (!before_word.empty() && (before_word.back() == ' ' || before_word.back() == '\t'))
    before_word.remove_suffix(1);
  const bool import_file = quotes % 2 == 1 && before_word.size() >= 6 &&
                           query::starts_with_keyword(before_word.substr(before_word.size() - 6), "import") &&
                           (before_word.size() == 6 || !name_char(before_word[before_word.size() - 7]));
  if (!file_command.empty() || import_file) {
    for (auto& f : files_starting(import_file ? word.substr(1) : word)) {
      if (import_file) f.text = "\"" + f.text + (f.whole ? "\"" : "");
      found.push_back(std::move(f));
    }
    std::sort(found.begin(), found.end(),
              [](const candidate& a, const candidate& b) { return a.text < b.text; });
    out.candidates = std::move(found);
    return out;
  }

  // Meta-commands and their arguments.
  const auto first = before.find_first_not_of(" \t");
  const bool meta_line =
      (first == std::string::npos && word.starts_with('.')) ||
      (first != std::string::npos && before[first] == '.' && statement.size() == line.size());
  if (meta_line) {
    if (first == std::string::npos) {
      for (const auto& m : meta_commands())
        if (m.starts_with(word)) add(m);
    } else {
      const std::string cmd = before.substr(first, before.find_first_of(" \t", first) - first);
      std::vector<std::string> args;
      if (cmd == ".mode")
        args = output_modes();
      else if (cmd == ".headers" || cmd == ".timer" || cmd == ".explain" || cmd == ".sources" ||
               cmd == ".strict" || cmd == ".echo" || cmd == ".bail" || cmd == ".changes" || cmd == ".wrap")
        args = {"on", "off"};
      else if (cmd == ".output")
        args = {"stdout"};
      for (const auto& a : args)
        if (a.starts_with(word)) add(a);
    }
  } else if (word.starts_with('?')) {
    // Variables already in the statement.
    std::set<std::string> vars;
    for (std::size_t i = 0; i < statement.size(); ++i) {
      if (statement[i] != '?') continue;
      std::size_t j = i + 1;
      while (j < statement.size() && name_char(statement[j])) ++j;
      if (j > i + 1 && i != begin) vars.insert(std::string(statement.substr(i, j - i)));
    }
    for (const auto& v : vars)
      if (v.starts_with(word) && v != word) add(v);
  } else if (store) {
    const bool quoted = word.starts_with('"');
    const std::string prefix = quoted ? word.substr(1) : word;
    const bool predicate_place = at_predicate(statement.substr(0, statement.size() - word.size()));
    if (!quoted && !predicate_place)
      for (const auto k : query::reserved_words)
        if (istarts_with(k, prefix) && !prefix.empty()) add(std::string(k));
    auto& db = store->db();
    // Where a predicate goes: the predicates that match, when any do.
    if (predicate_place) {
      auto preds = db.prepare(
          "SELECT t.lex, ps.facts FROM predicate_stats ps JOIN terms t ON t.id = ps.p "
          "WHERE ps.facts > 0 AND t.kind = 1 AND t.lex >= ?1 COLLATE NOCASE AND t.lex < ?2 COLLATE NOCASE");
      const std::string upper = prefix + "\xff";
      preds.bind(1, std::string_view(prefix)).bind(2, std::string_view(upper));
      while (preds.step()) {
        const auto n = preds.int64(1);
        const std::string name(preds.text(0));
        add(quoted ? quote(name) : written(name),
            thousands(static_cast<std::uint64_t>(n)) + (n == 1 ? " fact" : " facts"));
      }
    }
    if (predicate_place && !found.empty()) {
      std::sort(found.begin(), found.end(),
                [](const candidate& a, const candidate& b) { return a.text < b.text; });
      out.candidates = std::move(found);
      return out;
    }
    // Predicates, with their fact counts.
    auto preds = db.prepare(
        "SELECT t.lex, ps.facts FROM predicate_stats ps JOIN terms t ON t.id = ps.p "
        "WHERE ps.facts > 0 AND t.kind = 1 AND t.lex >= ?1 COLLATE NOCASE AND t.lex < ?2 COLLATE NOCASE");
    const std::string upper = prefix + "\xff";
    preds.bind(1, std::string_view(prefix)).bind(2, std::string_view(upper));
    std::set<std::string> predicates;
    while (preds.step()) {
      const std::string name(preds.text(0));
      predicates.insert(name);
      const auto n = preds.int64(1);
      add(written(name), thousands(static_cast<std::uint64_t>(n)) + (n == 1 ? " fact" : " facts"));
    }
    // Entity names, through the case-blind name index.
    auto names = db.prepare(
        "SELECT lex FROM terms WHERE kind = 1 AND lex >= ?1 COLLATE NOCASE AND lex < ?2 COLLATE NOCASE "
        "ORDER BY lex COLLATE NOCASE LIMIT 200");
    names.bind(1, std::string_view(prefix)).bind(2, std::string_view(upper));
    while (names.step()) {
      const std::string name(names.text(0));
      if (!predicates.count(name)) add(quoted ? quote(name) : written(name));
    }
    // Aliases: the alias as written, which resolves to its entity.
    auto aliases = db.prepare(
        "SELECT o.lex, s.lex FROM facts_pos f JOIN terms o ON o.id = f.o JOIN terms s ON s.id = f.s "
        "WHERE f.p = (SELECT id FROM terms WHERE kind = 1 AND lex = 'alias') "
        "AND o.lex >= ?1 COLLATE NOCASE AND o.lex < ?2 COLLATE NOCASE LIMIT 200");
    aliases.bind(1, std::string_view(prefix)).bind(2, std::string_view(upper));
    while (aliases.step())
      add(quoted ? quote(std::string(aliases.text(0))) : written(std::string(aliases.text(0))),
          "alias of " + std::string(aliases.text(1)));
  }
  std::sort(found.begin(), found.end(),
            [](const candidate& a, const candidate& b) { return a.text < b.text; });
  found.erase(std::unique(found.begin(), found.end(),
                          [](const candidate& a, const candidate& b) { return a.text == b.text; }),
              found.end());
  out.candidates = std::move(found);
  return out;
}

}  // namespace kg::cli
