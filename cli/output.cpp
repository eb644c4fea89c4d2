// Printing answers: an aligned table, TSV, CSV, JSON or JSON lines.
#include "cli/output.hpp"

#include <iostream>

#include "parser/statement.hpp"
#include "parser/utf8.hpp"

namespace kg::cli {
namespace {

// N-Triples' escapes are JSON's, with hex digits JSON also accepts.
std::string json_string(std::string_view s) { return quote(s); }

// Entities, IRIs and text as their plain string, numbers as numbers, other
// literals in kg's cell syntax.
std::string json_value(const term& t) {
  switch (t.kind) {
    case term_kind::integer:
    case term_kind::decimal: return t.lex;
    case term_kind::entity:
    case term_kind::iri:
    case term_kind::text:
    case term_kind::date: return json_string(t.lex);
    default: return json_string(to_cell(t));
  }
}

}  // namespace

std::string cell_text(const std::optional<term>& t) {
  return t ? to_cell(*t) : std::string();
}

void print_result(const store::answer& a, const std::string& format, std::ostream& out, std::ostream& err) {
  if (!a.message.empty()) {
    err << a.message << '\n';
    return;
  }
  if (a.explained) {
    if (!a.pattern_form.empty()) out << "pattern: " << a.pattern_form << '\n';
    out << "sql: " << a.sql << "\nplan:\n";
    for (const auto& line : a.plan) out << "  " << line << '\n';
    return;
  }
  print_answer(a, format, out);
  if (a.rows.empty() && format != "json" && format != "jsonl") {
    err << "no answers";
    if (!a.unmatched_pattern.empty()) err << ": the pattern '" << a.unmatched_pattern << "' matches nothing";
    err << '\n';
  }
}

void print_answer(const store::answer& a, const std::string& format, std::ostream& out) {
  if (format == "json" || format == "jsonl") {
    const bool lines = format == "jsonl";
    if (!lines) out << "[";
    for (std::size_t r = 0; r < a.rows.size(); ++r) {
      std::string obj = "{";
      for (std::size_t c = 0; c < a.columns.size(); ++c)
        obj += (c ? ", " : "") + json_string(a.columns[c]) + ": " + (a.rows[r][c] ? json_value(*a.rows[r][c]) : "null");
      obj += "}";
      if (lines)
        out << obj << '\n';
      else
        out << (r ? ",\n " : "") << obj;
    }
    if (!lines) out << "]\n";
    return;
  }
  if (format == "table") {
    std::vector<std::size_t> width(a.columns.size());
    std::vector<std::vector<std::string>> cells;
    for (std::size_t c = 0; c < a.columns.size(); ++c) width[c] = a.columns[c].size();
    for (const auto& row : a.rows) {
      cells.emplace_back();
      for (std::size_t c = 0; c < row.size(); ++c) {
        cells.back().push_back(a.sources && c + 1 == row.size() && row[c] ? row[c]->lex : cell_text(row[c]));
        width[c] = std::max(width[c], utf8::length(cells.back().back()));
      }
    }
    auto print_row = [&](const std::vector<std::string>& row) {
      for (std::size_t c = 0; c < row.size(); ++c) {
        out << row[c];
        if (c + 1 < row.size()) out << std::string(width[c] - utf8::length(row[c]) + 2, ' ');
      }
      out << '\n';
    };
    print_row(a.columns);
    std::vector<std::string> rule;
    for (auto w : width) rule.push_back(std::string(w, '-'));
    print_row(rule);
    for (const auto& row : cells) print_row(row);
    out << "(" << a.rows.size() << (a.rows.size() == 1 ? " row)\n" : " rows)\n");
    return;
  }
  const char sep = format == "csv" ? ',' : '\t';
  for (std::size_t c = 0; c < a.columns.size(); ++c) out << (c ? std::string(1, sep) : "") << a.columns[c];
  out << '\n';
  for (const auto& row : a.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      const auto cell = a.sources && c + 1 == row.size() && row[c] ? row[c]->lex : cell_text(row[c]);
      out << (c ? std::string(1, sep) : "") << (sep == ',' ? csv_field(cell) : cell);
    }
    out << '\n';
  }
}

}  // namespace kg::cli
