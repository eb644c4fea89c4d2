// The fuzz invariants; see invariants.hpp. Failures are described in words
// and with the rendered terms, so that a saved input explains itself when
// the regression test replays it.
#include "tests/fuzz/invariants.hpp"

#include <algorithm>
#include <vector>

#include "parser/query.hpp"
#include "parser/script.hpp"
#include "parser/statement.hpp"
#include "parser/utf8.hpp"

namespace kg::fuzz {
namespace {

constexpr std::string_view file_name = "in";
constexpr std::string_view no_facts = "no facts after the header row";

struct collected {
  std::vector<statement> statements;
  std::vector<diagnostic> errors;
};

// Keeps everything and never stops the parser, so that every error counts.
class collecting_sink : public statement_sink {
 public:
  explicit collecting_sink(collected& c) : c_(c) {}
  void on_statement(statement& st) override { c_.statements.push_back(st); }
  bool on_error(diagnostic d) override {
    c_.errors.push_back(std::move(d));
    return true;
  }

 private:
  collected& c_;
};

// Takes every plainly shaped line as spellings, as kg's import does,
// reading each spelling on its own; declined lines are parsed in full.
class spelling_sink : public collecting_sink {
 public:
  explicit spelling_sink(collected& c) : collecting_sink(c), c_(c) {}
  bool takes_spellings() const override { return true; }
  bool on_spelled(const spelled_triple& t, std::size_t line) override {
    if (t.s.front() == '"' || t.p.front() != '<') return false;
    auto s = parse_ntriples_term(t.s), p = parse_ntriples_term(t.p), o = parse_ntriples_term(t.o);
    if (!s || !p || !o) return false;
    c_.statements.push_back(statement{std::move(*s), std::move(*p), std::move(*o), {}, line});
    return true;
  }

 private:
  collected& c_;
};

// Prepares and parses a whole document, as kg's import does.
collected parse_document(format f, std::string_view text) {
  collected c;
  collecting_sink sink(c);
  parse(f, file_name, text, sink);
  return c;
}

std::string show(const term& t) {
  std::string out(kind_name(t.kind));
  out += ' ' + quote(t.lex);
  if (!t.dt.empty()) out += ' ' + quote(t.dt);
  return out;
}

std::string show(const statement& st, bool with_line) {
  std::string out = show(st.s) + " | " + show(st.p) + " | " + show(st.o);
  for (const auto& q : st.qualifiers) out += " {" + show(q.key) + ": " + show(q.value) + "}";
  if (with_line) out += " (line " + std::to_string(st.line) + ")";
  return out;
}

bool same(const diagnostic& a, const diagnostic& b) {
  return a.file == b.file && a.line == b.line && a.column == b.column && a.message == b.message &&
         a.source_line == b.source_line && a.help == b.help;
}

// An error is positioned: a line and a column within that line, the line's
// text taken from the input, and a rendering with the position and a caret.
std::string check_position(const diagnostic& d, std::string_view text) {
  const std::string rendered = render(d);
  if (d.line == 0 || d.column == 0) return "an error without a position:\n" + rendered;
  if (d.line > count_line_breaks(text) + 1)
    return "an error on a line past the end of the input:\n" + rendered;
  if (d.column > utf8::length(d.source_line) + 1)
    return "an error column past the end of its line:\n" + rendered;
  if (text.find(d.source_line) == std::string_view::npos)
    return "an error quoting a line that is not in the input:\n" + rendered;
  const std::string head =
      d.file + ':' + std::to_string(d.line) + ':' + std::to_string(d.column) + ": error: ";
  if (!rendered.starts_with(head)) return "an error rendered without its position:\n" + rendered;
  bool caret = false;
  for (std::size_t at = rendered.find('\n'); at != std::string::npos && !caret;
       at = rendered.find('\n', at + 1)) {
    const auto from = rendered.find_first_not_of(" \t", at + 1);
    caret = from != std::string::npos && rendered[from] == '^' &&
            (from + 1 == rendered.size() || rendered[from + 1] == '\n');
  }
  if (!caret && !d.source_line.empty()) return "an error rendered without a caret:\n" + rendered;
  return {};
}

std::string check_positions(const collected& c, std::string_view text) {
  for (const auto& d : c.errors)
    if (auto bad = check_position(d, text); !bad.empty()) return bad;
  return {};
}

// The same statements (lines included) and the same errors, in order.
std::string compare(const collected& whole, const collected& pieces) {
  const std::size_t n = std::max(whole.statements.size(), pieces.statements.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::string a = i < whole.statements.size() ? show(whole.statements[i], true) : "nothing";
    const std::string b = i < pieces.statements.size() ? show(pieces.statements[i], true) : "nothing";
    if (a != b)
      return "statement " + std::to_string(i + 1) + " differs in pieces:\n  whole:  " + a +
             "\n  pieces: " + b;
  }
  const std::size_t m = std::max(whole.errors.size(), pieces.errors.size());
  for (std::size_t i = 0; i < m; ++i) {
    const bool a = i < whole.errors.size(), b = i < pieces.errors.size();
    if (a && b && same(whole.errors[i], pieces.errors[i])) continue;
    return "error " + std::to_string(i + 1) +
           " differs in pieces:\n  whole:  " + (a ? render(whole.errors[i]) : "nothing") +
           "\n  pieces: " + (b ? render(pieces.errors[i]) : "nothing");
  }
  return {};
}

// Parses a document written from statements and expects exactly those
// statements back (their terms, and their qualifiers when asked).
std::string check_reparse(format f, const std::string& doc, const std::vector<statement>& expected,
                          bool qualifiers) {
  const collected again = parse_document(f, doc);
  const std::string what = std::string(format_name(f)) + " written from the statements";
  if (!again.errors.empty()) return what + " does not parse:\n" + doc + "\n" + render(again.errors.front());
  if (again.statements.size() != expected.size())
    return what + " gives " + std::to_string(again.statements.size()) + " statements, not " +
           std::to_string(expected.size()) + ":\n" + doc;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    // Qualifiers come in column order, and the writer orders the columns
    // as it likes: compare them as a set.
    statement want = expected[i], got = again.statements[i];
    if (!qualifiers) want.qualifiers.clear();
    for (auto* st : {&want, &got})
      std::sort(st->qualifiers.begin(), st->qualifiers.end(),
                [](const qualifier& x, const qualifier& y) { return show(x.key) < show(y.key); });
    const std::string a = show(want, false), b = show(got, false);
    if (a != b) return what + " reads back otherwise:\n  written: " + a + "\n  read:    " + b + "\n" + doc;
  }
  return {};
}

std::string write_ntriples(const std::vector<statement>& sts) {
  std::string out;
  for (const auto& st : sts)
    out += to_ntriples(st.s) + ' ' + to_ntriples(st.p) + ' ' + to_ntriples(st.o) + " .\n";
  return out;
}

// A TSV or CSV document as the exporter writes one: a header naming a column
// per qualifier key (as an IRI, which no column name can be mistaken for),
// cells in kg's cell syntax, CSV fields quoted where needed.
std::string write_tabular(format f, const std::vector<statement>& sts) {
  std::vector<term> keys;
  for (const auto& st : sts)
    for (const auto& q : st.qualifiers)
      if (std::find(keys.begin(), keys.end(), q.key) == keys.end()) keys.push_back(q.key);
  const char sep = f == format::csv ? ',' : '\t';
  auto cell = [&](const std::string& c) { return f == format::csv ? csv_field(c) : c; };
  std::string out = std::string("subject") + sep + "predicate" + sep + "object";
  for (const auto& k : keys) out += sep + cell(to_ntriples(k));
  out += '\n';
  for (const auto& st : sts) {
    out += cell(to_cell(st.s)) + sep + cell(to_cell(st.p)) + sep + cell(to_cell(st.o));
    for (const auto& k : keys) {
      out += sep;
      for (const auto& q : st.qualifiers)
        if (q.key == k) out += cell(to_cell(q.value));
    }
    out += '\n';
  }
  return out;
}

// Where a tabular document may be cut: the offsets, short of the end, at
// which its reader stands between records. Mirrors record_reader's rules:
// blank and '#' lines are skipped where a record would start, a quoted CSV
// field may span lines, and after a malformed quoted field the reader goes
// on at the next line. Also returns the header record's extent.
std::vector<std::size_t> record_cuts(format f, std::string_view text, std::size_t& header_begin,
                                     std::size_t& header_end) {
  const bool csv = f == format::csv;
  const std::size_t size = text.size();
  auto line_end = [&](std::size_t from) {
    const auto e = text.find('\n', from);
    return e == std::string_view::npos ? size : e;
  };
  auto crlf_at = [&](std::size_t i) { return text[i] == '\r' && (i + 1 >= size || text[i + 1] == '\n'); };
  std::vector<std::size_t> cuts;
  bool header = true;
  header_begin = header_end = std::string_view::npos;
  std::size_t i = 0;
  while (i < size) {
    if (i > 0 && !header) cuts.push_back(i);
    const char c = text[i];
    if (c == '#' || c == '\n' || crlf_at(i)) {
      i = line_end(i) + 1;
      continue;
    }
    const std::size_t start = i;
    if (!csv) {
      i = line_end(i) + 1;
    } else {
      bool malformed = false;
      while (true) {
        if (i < size && text[i] == '"') {
          ++i;
          bool closed = false;
          while (i < size && !closed) {
            if (text[i] == '"' && i + 1 < size && text[i + 1] == '"')
              i += 2;
            else
              closed = text[i++] == '"';
          }
          if (!closed) return cuts;  // the reader stops at an unterminated field
          if (!(i >= size || text[i] == ',' || text[i] == '\n' || crlf_at(i))) {
            malformed = true;
            break;
          }
        } else {
          while (i < size && text[i] != ',' && text[i] != '\n' && !crlf_at(i)) ++i;
        }
        if (i < size && text[i] == ',') {
          ++i;
          continue;
        }
        break;
      }
      if (malformed) {
        i = line_end(i) + 1;
      } else {
        if (i < size && text[i] == '\r') ++i;
        i = i + 1;
      }
    }
    if (header) {
      header = false;
      header_begin = start;
      header_end = std::min(i, size);
    }
  }
  return cuts;
}

std::size_t count_lf(std::string_view s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

void drop_no_facts(collected& c) {
  std::erase_if(c.errors, [](const diagnostic& d) { return d.message == no_facts; });
}

}  // namespace

std::string check_query(std::string_view input) {
  if (const auto q = query::parse(input); !q) {
    if (auto bad = check_position(q.error().diagnostics.front(), input); !bad.empty()) return bad;
  } else {
    for (std::size_t p : q->positions)
      if (p > input.size()) return "a node positioned past the end of the query";
    const std::string printed = query::to_string(q->tree);
    const auto again = query::parse(printed);
    if (!again)
      return "the canonical text of a query does not parse:\n  " + printed + "\n" + render(again.error());
    const std::string reprinted = query::to_string(again->tree);
    if (reprinted != printed)
      return "the canonical text parses to another tree:\n  first:  " + printed + "\n  second: " + reprinted;
  }
  for (const auto& r : query::split_script(input)) {
    if (r.begin > r.end || r.end > input.size()) return "a script statement outside the script";
    if (r.meta) continue;
    const auto part = query::parse(input, "query", r.begin, r.end);
    if (part) continue;
    if (auto bad = check_position(part.error().diagnostics.front(), input); !bad.empty()) return bad;
    if (part.error().diagnostics.front().line < 1 + count_lf(input.substr(0, r.begin)))
      return "a script statement's error positioned before the statement:\n" + render(part.error());
  }
  return {};
}

std::string check_ntriples(std::string_view input) {
  if (input.empty()) return {};
  const auto control = static_cast<unsigned char>(input[0]);
  std::string_view text = input.substr(1);

  collected whole;
  collecting_sink whole_sink(whole);
  const bool prepared = prepare_text(format::ntriples, file_name, text, whole_sink);
  if (prepared) parse_ntriples(file_name, text, whole_sink);
  if (auto bad = check_positions(whole, text); !bad.empty()) return bad;
  if (!prepared) return {};

  // Lines read through their spellings read exactly as in full.
  collected spelled;
  spelling_sink spelled_sink(spelled);
  parse_ntriples(file_name, text, spelled_sink);
  if (auto bad = compare(whole, spelled); !bad.empty()) return "read through spellings: " + bad;

  // Cut after a LF, as the importer cuts large files.
  std::vector<std::size_t> cuts;
  for (std::size_t i = 0; i + 1 < text.size(); ++i)
    if (text[i] == '\n') cuts.push_back(i + 1);
  if (!cuts.empty()) {
    const std::size_t cut = cuts[control % cuts.size()];
    collected pieces;
    collecting_sink sink(pieces);
    parse_ntriples(file_name, text.substr(0, cut), sink, 1);
    parse_ntriples(file_name, text.substr(cut), sink, 1 + count_line_breaks(text.substr(0, cut)));
    if (auto bad = compare(whole, pieces); !bad.empty()) return bad;
  }

  if (whole.statements.empty()) return {};
  if (auto bad = check_reparse(format::ntriples, write_ntriples(whole.statements), whole.statements, false);
      !bad.empty())
    return bad;
  return check_reparse(format::tsv, write_tabular(format::tsv, whole.statements), whole.statements, true);
}

std::string check_tabular(std::string_view input) {
  if (input.empty()) return {};
  const auto control = static_cast<unsigned char>(input[0]);
  const format f = control % 2 ? format::csv : format::tsv;
  std::string_view text = input.substr(1);

  collected whole;
  collecting_sink whole_sink(whole);
  const bool prepared = prepare_text(f, file_name, text, whole_sink);
  if (prepared) parse_tabular(f, file_name, text, whole_sink);
  if (auto bad = check_positions(whole, text); !bad.empty()) return bad;
  if (!prepared) return {};

  // Cut between records after the header; the second piece gets the header
  // again, and its lines are renumbered as in the whole text.
  std::size_t header_begin = 0, header_end = 0;
  const auto cuts = record_cuts(f, text, header_begin, header_end);
  if (!cuts.empty()) {
    const std::string header(text.substr(header_begin, header_end - header_begin));
    collected header_only;
    collecting_sink header_sink(header_only);
    parse_tabular(f, file_name, header, header_sink);
    const bool header_ok = header_only.errors.size() == 1 && header_only.errors[0].message == no_facts;
    if (header_ok) {
      const std::size_t cut = cuts[(control / 2) % cuts.size()];
      collected first, second;
      collecting_sink first_sink(first), second_sink(second);
      parse_tabular(f, file_name, text.substr(0, cut), first_sink);
      parse_tabular(f, file_name, header + std::string(text.substr(cut)), second_sink);
      // Lines of the second piece after its header, numbered in the whole text.
      const std::size_t header_lines = count_lf(header), cut_lines = count_lf(text.substr(0, cut));
      for (auto& st : second.statements) st.line = st.line - header_lines + cut_lines;
      for (auto& d : second.errors) d.line = d.line - header_lines + cut_lines;
      collected pieces = std::move(first), rest = whole;
      pieces.statements.insert(pieces.statements.end(), second.statements.begin(), second.statements.end());
      pieces.errors.insert(pieces.errors.end(), second.errors.begin(), second.errors.end());
      drop_no_facts(pieces);
      drop_no_facts(rest);
      if (auto bad = compare(rest, pieces); !bad.empty()) return bad;
    }
  }

  if (whole.statements.empty()) return {};
  for (format out : {format::tsv, format::csv})
    if (auto bad = check_reparse(out, write_tabular(out, whole.statements), whole.statements, true);
        !bad.empty())
      return bad;
  return check_reparse(format::ntriples, write_ntriples(whole.statements), whole.statements, false);
}

}  // namespace kg::fuzz
