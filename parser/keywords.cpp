// The reserved words and name rules of the query language (keywords.hpp).
#include "parser/keywords.hpp"

#include <algorithm>

namespace kg::query {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace

bool is_keyword(std::string_view word) {
  return std::any_of(reserved_words.begin(), reserved_words.end(),
                     [&](std::string_view k) { return iequals(word, k); });
}

bool starts_with_keyword(std::string_view text, std::string_view word) {
  if (text.size() < word.size() || !iequals(text.substr(0, word.size()), word)) return false;
  return text.size() == word.size() || !is_name_char(static_cast<unsigned char>(text[word.size()]));
}

bool is_name_word(std::string_view word) {
  if (word.empty()) return false;
  const auto first = static_cast<unsigned char>(word.front());
  if (is_name_start(first)) return true;
  return first >= '0' && first <= '9' &&
         std::any_of(word.begin(), word.end(), [](char c) { return !(c >= '0' && c <= '9') && c != '-'; });
}

bool is_bare_name(std::string_view text) {
  return is_name_word(text) &&
         std::all_of(text.begin(), text.end(),
                     [](char c) { return is_name_char(static_cast<unsigned char>(c)); }) &&
         !is_keyword(text);
}

ast::function_kind function_named(std::string_view name) {
  for (const auto& f : functions)
    if (f.text == name) return f.value;
  return ast::function_kind::unknown;
}

std::string function_list() {
  std::string out;
  for (const auto& f : functions) (out += out.empty() ? "" : ", ") += f.text;
  return out;
}

}  // namespace kg::query
