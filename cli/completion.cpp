#include "cli/completion.hpp"

#include <algorithm>
#include <cctype>
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
  if (quotes % 2 == 1) {
    begin = last_quote;
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
               cmd == ".strict")
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
    if (!quoted)
      for (const auto k : query::reserved_words)
        if (istarts_with(k, prefix) && !prefix.empty()) add(std::string(k));
    auto& db = store->db();
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
