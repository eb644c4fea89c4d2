// kg query QUERY : run one query and print its answers.
#include <iostream>
#include <sstream>

#include "cli/app.hpp"
#include "cli/output.hpp"
#include "cli/terminal.hpp"
#include "parser/query.hpp"
#include "parser/statement.hpp"
#include "parser/utf8.hpp"
#include "store/import.hpp"
#include "store/query.hpp"

namespace kg::cli {
namespace {

struct query_args {
  std::string text;
  std::string format;
  bool show_sql = false;
};

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

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

void print_answer(const store::answer& a, const std::string& format, std::ostream& out) {
  if (format == "json" || format == "jsonl") {
    const bool lines = format == "jsonl";
    if (!lines) out << "[";
    for (std::size_t r = 0; r < a.rows.size(); ++r) {
      std::string obj = "{";
      for (std::size_t c = 0; c < a.columns.size(); ++c)
        obj += (c ? ", " : "") + json_string(a.columns[c]) + ": " + json_value(a.rows[r][c]);
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
        cells.back().push_back(to_cell(row[c]));
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
      const auto cell = to_cell(row[c]);
      out << (c ? std::string(1, sep) : "") << (sep == ',' ? csv_field(cell) : cell);
    }
    out << '\n';
  }
}

namespace {

int run_query(const context& ctx, const query_args& args) {
  std::string format = args.format.empty() ? (stdout_is_tty() ? "table" : "tsv") : args.format;
  std::string text = args.text;
  if (text == "-") {
    auto in = store::read_file("-");
    if (!in) return report(in.error());
    text = std::move(*in);
  }
  auto parsed = query::parse(text, "query");
  if (!parsed) return report(error(errc::input, render(parsed.error())));
  auto store = open_store(ctx, false, true);
  if (!store) return report(store.error());
  auto a = store::run_query(*store, *parsed, text, "query");
  if (!a) return report(error(a.error().code, a.error().message));
  if (args.show_sql) std::cerr << a->sql << '\n';
  print_answer(*a, format, std::cout);
  if (a->rows.empty() && format != "json" && format != "jsonl") {
    std::cerr << "no answers";
    if (!a->unmatched_pattern.empty()) std::cerr << ": the pattern '" << a->unmatched_pattern << "' matches nothing";
    std::cerr << '\n';
  }
  return 0;
}

}  // namespace

void add_query(CLI::App& app, context& ctx, action& act) {
  auto args = std::make_shared<query_args>();
  auto* cmd = app.add_subcommand("query", "Answer one query ('-' reads it from standard input)");
  cmd->add_option("query", args->text, "The query, e.g. '?who met Huang'")->required();
  cmd->add_option("--format", args->format, "table, tsv, csv, json or jsonl (default: table on a terminal, else tsv)")
      ->check(CLI::IsMember({"table", "tsv", "csv", "json", "jsonl"}));
  cmd->add_flag("--sql", args->show_sql, "Also print the SQL statement that ran, on stderr");
  cmd->callback([&ctx, &act, args] { act = [&ctx, args] { return run_query(ctx, *args); }; });
}

}  // namespace kg::cli
