// TSV and CSV import: records and fields by hand (RFC 4180 for CSV), each
// cell through the cell grammar, plus the format dispatch shared by all
// import formats.
#include <algorithm>
#include <cctype>
#include <set>

#include "parser/statement.hpp"
#include "parser/utf8.hpp"

namespace kg {
namespace {

// A field's content is a view of the text, except in a quoted CSV field
// with doubled quotes, whose content is kept unescaped, and only up to one
// byte past max_term_bytes: a longer one is an error whatever follows.
struct field {
  std::string_view raw;    // the content, when it is not unescaped
  std::size_t offset = 0;  // byte offset of the field's first byte in the whole text
  bool quoted = false;
  bool unescaped = false;
  std::string content = {};  // the content, when it is unescaped

  std::string_view text() const { return unescaped ? std::string_view(content) : raw; }
};

struct record {
  std::vector<field> fields;
  std::size_t line = 0;    // line where the record starts
  std::size_t offset = 0;  // byte offset where it starts
  std::size_t end = 0;     // byte offset of its line break (or the end of text)
};

// Reads records one by one; reports a malformed CSV quote as an error.
class record_reader {
 public:
  record_reader(format f, std::string_view file, std::string_view text)
      : csv_(f == format::csv), file_(file), text_(text) {}

  // Returns false at the end of the text. On a malformed record, fills err
  // and returns true with the position after the bad record.
  bool next(record& r, std::optional<diagnostic>& err) {
    err.reset();
    r.fields.clear();
    while (pos_ < text_.size()) {
      // Blank lines and lines starting with '#' are skipped.
      const char c = text_[pos_];
      if (c == '\n' || c == '\r' || c == '#') {
        const std::size_t eol = line_end(pos_);
        if (c == '#' || eol == pos_ || (text_[pos_] == '\r' && eol == pos_ + 1)) {
          advance_line(eol);
          continue;
        }
      }
      break;
    }
    if (pos_ >= text_.size()) return false;
    r.line = line_;
    r.offset = pos_;
    return csv_ ? read_csv(r, err) : read_tsv(r);
  }

 private:
  std::size_t line_end(std::size_t from) const {
    const auto e = text_.find('\n', from);
    return e == std::string_view::npos ? text_.size() : e;
  }
  void advance_line(std::size_t eol) {
    pos_ = eol + 1;
    ++line_;
  }

  bool read_tsv(record& r) {
    std::size_t eol = line_end(pos_);
    std::size_t stop = eol;
    if (stop > pos_ && text_[stop - 1] == '\r') --stop;
    std::size_t start = pos_;
    while (true) {
      const auto tab = text_.find('\t', start);
      const std::size_t fend = tab == std::string_view::npos || tab >= stop ? stop : tab;
      r.fields.push_back({text_.substr(start, fend - start), start});
      if (fend == stop) break;
      start = fend + 1;
    }
    r.end = stop;
    advance_line(eol);
    return true;
  }

  bool read_csv(record& r, std::optional<diagnostic>& err) {
    std::size_t i = pos_;
    while (true) {
      field f{{}, i};
      if (i < text_.size() && text_[i] == '"') {
        f.quoted = true;
        const std::size_t open = i++;
        bool closed = false;
        while (i < text_.size()) {
          // A run of content up to the next quote, counting its line breaks.
          const auto quote = text_.find('"', i);
          const std::size_t run_end = quote == std::string_view::npos ? text_.size() : quote;
          line_ += static_cast<std::size_t>(std::count(text_.begin() + static_cast<std::ptrdiff_t>(i),
                                                       text_.begin() + static_cast<std::ptrdiff_t>(run_end),
                                                       '\n'));
          if (f.unescaped) append_capped(f.content, text_.substr(i, run_end - i));
          i = run_end;
          if (i >= text_.size()) break;
          if (i + 1 < text_.size() && text_[i + 1] == '"') {  // a doubled quote
            if (!f.unescaped) {
              f.unescaped = true;
              append_capped(f.content, text_.substr(open + 1, i - open - 1));
            }
            append_capped(f.content, "\"");
            i += 2;
            continue;
          }
          if (!f.unescaped) f.raw = text_.substr(open + 1, i - open - 1);
          ++i;
          closed = true;
          break;
        }
        if (!closed) {
          err = diagnose_at(file_, text_, open, "unterminated quoted field");
          err->help = "a quoted CSV field ends with '\"'; write a quote inside it as \"\"";
          pos_ = text_.size();
          return true;
        }
        const bool at_end = i >= text_.size() || text_[i] == ',' || text_[i] == '\n' ||
                            (text_[i] == '\r' && (i + 1 >= text_.size() || text_[i + 1] == '\n'));
        if (!at_end) {
          err = diagnose_at(file_, text_, i, "expected ',' or the end of the line after a quoted field");
          advance_line(line_end(i));
          return true;
        }
      } else {
        const std::size_t start = i;
        while (i < text_.size() && text_[i] != ',' && text_[i] != '\n') {
          if (text_[i] == '\r' && (i + 1 >= text_.size() || text_[i + 1] == '\n')) break;
          ++i;
        }
        f.raw = text_.substr(start, i - start);
      }
      r.fields.push_back(std::move(f));
      if (i < text_.size() && text_[i] == ',') {
        ++i;
        continue;
      }
      break;
    }
    r.end = i;
    if (i < text_.size() && text_[i] == '\r') ++i;
    advance_line(i);
    return true;
  }

  // Appends to an unescaped field's content while it is within the term
  // size limit, so that an oversized field costs no more than the limit.
  static void append_capped(std::string& content, std::string_view more) {
    if (content.size() > max_term_bytes) return;
    content.append(more.substr(0, max_term_bytes + 1 - content.size()));
  }

  bool csv_;
  std::string_view file_;
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

// The byte offset in the text of byte `at` of a field's content: in a
// quoted CSV field, the content starts after the quote and each doubled
// quote stands for one content byte.
std::size_t raw_offset(std::string_view text, const field& f, std::size_t at) {
  if (!f.quoted) return f.offset + at;
  std::size_t raw = f.offset + 1;
  for (std::size_t content = 0; content < at && raw < text.size(); ++content) raw += text[raw] == '"' ? 2 : 1;
  return raw;
}

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

constexpr std::string_view header_help =
    "the first row names the columns: subject, predicate, object, then one column per qualifier "
    "(such as date or source)";

}  // namespace

void parse_tabular(format f, std::string_view file, std::string_view text, statement_sink& sink) {
  record_reader reader(f, file, text);
  record r;
  std::optional<diagnostic> err;

  auto fail = [&](std::size_t offset, std::string message, std::string help = {}) {
    auto d = diagnose_at(file, text, offset, std::move(message));
    d.help = std::move(help);
    return sink.on_error(std::move(d));
  };

  if (!reader.next(r, err)) {
    fail(text.size(), "empty file: expected a header row", std::string(header_help));
    return;
  }
  if (err) {
    sink.on_error(std::move(*err));
    return;
  }

  // The header: required columns and qualifier keys.
  if (r.fields.size() > max_columns)
    return void(fail(r.fields[max_columns].offset,
                     "more than " + std::to_string(max_columns) + " columns in the header",
                     "kg reads at most " + std::to_string(max_columns) +
                         " columns: subject, predicate, object and qualifiers"));
  int col_s = -1, col_p = -1, col_o = -1;
  std::vector<std::optional<term>> keys(r.fields.size());
  std::set<std::pair<term_kind, std::string_view>> seen;  // views of the keys' names
  for (std::size_t i = 0; i < r.fields.size(); ++i) {
    const auto& fld = r.fields[i];
    if (fld.text().size() > max_term_bytes) return void(fail(fld.offset, "a term longer than 16 MiB"));
    const auto name = lower_trimmed(fld.text());
    int* slot = name == "subject"     ? &col_s
                : name == "predicate" ? &col_p
                : name == "object"    ? &col_o
                                      : nullptr;
    if (slot) {
      if (*slot >= 0) return void(fail(fld.offset, "column '" + name + "' appears twice"));
      *slot = static_cast<int>(i);
      continue;
    }
    if (name.empty()) return void(fail(fld.offset, "empty column name", std::string(header_help)));
    auto key = parse_cell(fld.text());
    if (!key.value) return void(fail(raw_offset(text, fld, key.error_offset), key.error));
    if (key.value->kind != term_kind::entity && key.value->kind != term_kind::iri)
      return void(
          fail(raw_offset(text, fld, 0), "a qualifier column must be named by an entity name or an IRI"));
    keys[i] = std::move(key.value);
    if (!seen.emplace(keys[i]->kind, keys[i]->lex).second)
      return void(fail(fld.offset, "column '" + std::string(fld.text()) + "' appears twice"));
  }
  for (auto [col, name] : {std::pair{col_s, "subject"}, {col_p, "predicate"}, {col_o, "object"}}) {
    if (col < 0) {
      fail(r.offset, std::string("missing column '") + name + "' in the header", std::string(header_help));
      return;
    }
  }

  statement st;
  bool any = false;
  const std::size_t width = r.fields.size();
  while (reader.next(r, err)) {
    any = true;
    if (err) {
      if (!sink.on_error(std::move(*err))) return;
      continue;
    }
    if (r.fields.size() != width) {
      const std::size_t at = r.fields.size() > width ? r.fields[width].offset : r.end;
      if (!fail(at, "expected " + std::to_string(width) + " fields, as in the header, but found " +
                        std::to_string(r.fields.size())))
        return;
      continue;
    }
    st.qualifiers.clear();
    st.line = r.line;
    bool ok = true;
    for (std::size_t i = 0; i < width && ok; ++i) {
      const auto& fld = r.fields[i];
      const std::size_t base = raw_offset(text, fld, 0);
      const bool is_s = static_cast<int>(i) == col_s, is_p = static_cast<int>(i) == col_p,
                 is_o = static_cast<int>(i) == col_o;
      if (fld.text().empty()) {
        if (is_s || is_p || is_o) {
          if (!fail(fld.offset, std::string("empty ") + (is_s ? "subject" : is_p ? "predicate" : "object")))
            return;
          ok = false;
          break;
        }
        continue;
      }
      if (fld.text().size() > max_term_bytes) {
        if (!fail(fld.offset, "a term longer than 16 MiB")) return;
        ok = false;
        break;
      }
      auto cell = parse_cell(fld.text());
      if (!cell.value) {
        if (!fail(raw_offset(text, fld, cell.error_offset), cell.error)) return;
        ok = false;
        break;
      }
      const auto kind = cell.value->kind;
      if (is_s && is_literal(kind)) {
        if (!fail(base,
                  "a subject must be an entity, an IRI or a blank node, not " + std::string(kind_name(kind))))
          return;
        ok = false;
        break;
      }
      if (is_p && kind != term_kind::entity && kind != term_kind::iri) {
        if (!fail(base, "a predicate must be an entity name or an IRI, not " + std::string(kind_name(kind))))
          return;
        ok = false;
        break;
      }
      if (is_s)
        st.s = std::move(*cell.value);
      else if (is_p)
        st.p = std::move(*cell.value);
      else if (is_o)
        st.o = std::move(*cell.value);
      else
        st.qualifiers.push_back({*keys[i], std::move(*cell.value)});
    }
    if (ok) sink.on_statement(st);
  }
  if (!any) fail(text.size(), "no facts after the header row");
}

std::optional<format> format_from_name(std::string_view name) {
  const auto n = lower_trimmed(name);
  if (n == "tsv" || n == "tab") return format::tsv;
  if (n == "csv") return format::csv;
  if (n == "nt" || n == "ntriples" || n == "n-triples") return format::ntriples;
  if (n == "ttl" || n == "turtle") return format::turtle;
  if (n == "trig") return format::trig;
  if (n == "nq" || n == "nquads" || n == "n-quads") return format::nquads;
  return std::nullopt;
}

std::optional<format> format_from_path(std::string_view path) {
  const auto slash = path.find_last_of('/');
  const auto base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const auto dot = base.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  return format_from_name(base.substr(dot + 1));
}

std::string_view format_name(format f) {
  switch (f) {
    case format::tsv:
      return "tsv";
    case format::csv:
      return "csv";
    case format::ntriples:
      return "nt";
    case format::turtle:
      return "ttl";
    case format::trig:
      return "trig";
    case format::nquads:
      return "nq";
  }
  return "?";
}

std::string csv_field(std::string_view cell) {
  if (cell.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(cell);
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

bool prepare_text(format f, std::string_view file, std::string_view& text, statement_sink& sink) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (const auto bad = utf8::first_invalid(text)) {
    auto d = diagnose_at(file, text, *bad, "invalid UTF-8");
    d.help = "kg reads text files in UTF-8; convert the file first (e.g. with iconv)";
    sink.on_error(std::move(d));
    return false;
  }
  // RDF literals may hold raw control characters, NUL included; in TSV
  // and CSV a NUL byte means the file is not text.
  if (const auto nul = text.find('\0'); nul != std::string_view::npos && !is_rdf(f)) {
    sink.on_error(diagnose_at(file, text, nul, "NUL byte in a text file"));
    return false;
  }
  return true;
}

void parse(format f, std::string_view file, std::string_view text, statement_sink& sink) {
  if (!prepare_text(f, file, text, sink)) return;
  if (f == format::ntriples)
    parse_ntriples(file, text, sink);
  else if (is_rdf(f))
    parse_rdf(f, file, text, "", sink);
  else
    parse_tabular(f, file, text, sink);
}

}  // namespace kg
