// Printing answers in every output mode.
#include "cli/output.hpp"

#include <algorithm>
#include <iostream>
#include <map>

#include "parser/statement.hpp"
#include "parser/utf8.hpp"

namespace kg::cli {
namespace {

// N-Triples' escapes are JSON's, with hex digits JSON also accepts.
std::string json_string(std::string_view s) { return quote(s); }

bool is_boolean(const term& t) {
  return t.kind == term_kind::typed && t.dt == std::string(xsd::ns) + "boolean";
}

// A cell as an RDF term in the SPARQL 1.1 JSON results shape: its type
// (uri, literal or bnode), its value, and a literal's language or
// datatype. An entity is the IRI kg gives it in RDF, with its name beside
// ("entity"), which SPARQL readers pass over.
std::string json_term(const term& t, bool entity_names = true) {
  std::string out = "{\"type\": ";
  switch (t.kind) {
    case term_kind::entity:
      return out + "\"uri\", \"value\": " + json_string(entity_iri(t.lex)) +
             (entity_names ? ", \"entity\": " + json_string(t.lex) : std::string()) + "}";
    case term_kind::iri:
      return out + "\"uri\", \"value\": " + json_string(t.lex) + "}";
    case term_kind::blank:
      return out + "\"bnode\", \"value\": " + json_string(t.lex) + "}";
    case term_kind::text:
      return out + "\"literal\", \"value\": " + json_string(t.lex) + "}";
    case term_kind::lang_text:
      return out + "\"literal\", \"value\": " + json_string(t.lex) + ", \"xml:lang\": " + json_string(t.dt) +
             "}";
    default:
      return out + "\"literal\", \"value\": " + json_string(t.lex) +
             ", \"datatype\": " + json_string(datatype_iri(t)) + "}";
  }
}

// Decodes one code point of UTF-8 (the text is valid: the store checked it).
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  char32_t cp = n == 1 ? c : c & (0x7F >> n);
  for (int k = 1; k < n && i + static_cast<std::size_t>(k) < s.size(); ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
  i += static_cast<std::size_t>(n);
  return cp;
}

// Columns a code point takes on a terminal: 2 for East Asian wide ones,
// 0 for combining marks, else 1.
std::size_t columns_of(char32_t cp) {
  if ((cp >= 0x300 && cp <= 0x36F) || cp == 0x200B) return 0;
  const bool wide =
      (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD);
  return wide ? 2 : 1;
}

}  // namespace

std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) w += columns_of(next_code_point(s, i));
  return w;
}

namespace {

// The longest prefix that fits in `width` columns, with "…" when cut.
std::string fit(const std::string& s, std::size_t width) {
  if (display_width(s) <= width) return s;
  if (width == 0) return "";
  std::string out;
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const auto cw = columns_of(next_code_point(s, i));
    if (w + cw > width - 1) break;
    out.append(s, start, i - start);
    w += cw;
  }
  return out + "…";
}

// The lines a text takes in `width` columns: broken after the last blank
// that fits, or where the width ends when a word is longer.
std::vector<std::string> wrap(const std::string& s, std::size_t width) {
  std::vector<std::string> lines;
  if (width == 0 || display_width(s) <= width) return {s};
  std::string line;
  std::size_t w = 0;
  std::size_t blank = std::string::npos;  // in line: after the last blank
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const auto cw = columns_of(next_code_point(s, i));
    if (w + cw > width) {
      if (s[start] == ' ') {  // the blank between two lines
        line.erase(line.find_last_not_of(' ') + 1);
        lines.push_back(line);
        line.clear();
        w = 0;
        blank = std::string::npos;
        continue;
      }
      if (blank != std::string::npos && blank > 0) {
        std::string rest = line.substr(blank);
        line.resize(blank);
        line.erase(line.find_last_not_of(' ') + 1);
        lines.push_back(line);
        line = rest;
      } else {
        lines.push_back(line);
        line.clear();
      }
      w = display_width(line);
      blank = std::string::npos;
    }
    if (s[start] == ' ' && line.empty() && !lines.empty()) continue;  // a broken line starts with its word
    line.append(s, start, i - start);
    w += cw;
    if (s[start] == ' ') blank = line.size();
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

// Control characters shown, not obeyed, on a terminal: \n, \t, \x1b, ...
std::string visible(const std::string& s) {
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\r')
      out += "\\r";
    else if (c < 0x20 || c == 0x7F) {
      static const char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

std::string pad(const std::string& s, std::size_t width) {
  const auto w = display_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

// Which part of an answer a renderer writes: the whole of it, or a chunk
// of its rows (streamed), the first with the header, the last with the end.
struct render_part {
  bool first = true, last = true;
  std::size_t offset = 0;                                     // rows written before this chunk
  std::optional<std::size_t> total;                           // rows in all, for the footer
  std::vector<std::size_t>* widths = nullptr;                 // column widths, fixed by the first chunk
  std::optional<std::pair<std::size_t, std::size_t>> elided;  // (rows left out, where), decided by the caller
};

class renderer {
 public:
  renderer(const engine::table& a, const render_options& o, std::ostream& out, const render_part& part = {})
      : a_(a), o_(o), out_(out), part_(part) {}

  void run() {
    const auto m = o_.mode;
    if (m == output_mode::json || m == output_mode::jsonl || m == output_mode::srj)
      return json(m == output_mode::jsonl);
    if (m == output_mode::dot) return dot();
    if (m == output_mode::srx) return xml();
    if (m == output_mode::ntriples || m == output_mode::turtle) return triples(m == output_mode::turtle);
    if (m == output_mode::sparql_csv || m == output_mode::sparql_tsv)
      return sparql_separated(m == output_mode::sparql_csv);
    collect();
    if (m == output_mode::table || m == output_mode::box) return table(m == output_mode::box);
    if (m == output_mode::markdown) return markdown();
    if (m == output_mode::line) return line();
    separated(m == output_mode::csv ? ',' : '\t');
  }

 private:
  std::string cell(std::size_t r, std::size_t c) const {
    const auto& t = a_.rows[r][c];
    // Sources are plain text: "file:line; ..."
    std::string s = a_.sources && c + 1 == a_.columns.size() && t ? t->lex : cell_text(t);
    // CSV quotes by its own rule: text is written as its value, not in kg's
    // quotes (which CSV would double), as SPARQL's CSV results do.
    if (o_.mode == output_mode::csv && t && (t->kind == term_kind::text || t->kind == term_kind::lang_text))
      s = t->lex;
    if (t && o_.prefixes && read_by_people(o_.mode)) s = prefixed(*t, std::move(s));
    return o_.terminal ? visible(s) : s;
  }

  static bool read_by_people(output_mode m) {
    return m == output_mode::table || m == output_mode::box || m == output_mode::line ||
           m == output_mode::markdown;
  }
  // An IRI, or a literal's datatype other than XML Schema's, as a prefixed
  // name where one fits.
  std::string prefixed(const term& t, std::string cell) const {
    if (t.kind == term_kind::iri) {
      if (auto curie = compact_iri(*o_.prefixes, t.lex)) return std::move(*curie);
    } else if (t.kind == term_kind::typed && cell.ends_with('>')) {
      const auto dt = cell.rfind("^^<");
      if (dt != std::string::npos)
        if (auto curie = compact_iri(*o_.prefixes, datatype_iri(t))) return cell.substr(0, dt + 2) + *curie;
    }
    return cell;
  }

  // The rows to show: all, or the first and last halves of max_rows with
  // the number left out between them.
  void collect() {
    const std::size_t n = a_.rows.size();
    std::vector<std::size_t> shown;
    if (part_.elided) {
      for (std::size_t r = 0; r < n; ++r) shown.push_back(r);
      std::tie(elided_, elided_at_) = *part_.elided;
    } else if (o_.max_rows == 0 || n <= o_.max_rows) {
      for (std::size_t r = 0; r < n; ++r) shown.push_back(r);
    } else {
      const std::size_t head = (o_.max_rows + 1) / 2, tail = o_.max_rows / 2;
      for (std::size_t r = 0; r < head; ++r) shown.push_back(r);
      elided_at_ = head;
      elided_ = n - head - tail;
      for (std::size_t r = n - tail; r < n; ++r) shown.push_back(r);
    }
    for (auto r : shown) {
      cells_.emplace_back();
      for (std::size_t c = 0; c < a_.columns.size(); ++c) cells_.back().push_back(cell(r, c));
    }
  }

  std::string elision() const { return "… " + std::to_string(elided_) + " more rows …"; }

  std::string header(const std::string& name) const { return o_.color ? "\x1b[1m" + name + "\x1b[0m" : name; }

  // Column widths: those .width set, the others as wide as their cells,
  // the widest narrowed first until the table fits the terminal.
  std::vector<std::size_t> widths(std::size_t per_column_overhead, std::size_t fixed_overhead) const {
    std::vector<std::size_t> w(a_.columns.size());
    std::vector<bool> chosen(w.size(), false);
    for (std::size_t c = 0; c < w.size(); ++c) {
      if (c < o_.column_widths.size() && o_.column_widths[c] > 0) {
        w[c] = o_.column_widths[c];
        chosen[c] = true;
        continue;
      }
      w[c] = o_.headers ? display_width(a_.columns[c]) : 1;
      for (const auto& row : cells_) w[c] = std::max(w[c], display_width(row[c]));
    }
    if (o_.width == 0 || w.empty()) return w;
    auto total = [&] {
      std::size_t t = fixed_overhead + per_column_overhead * w.size();
      for (auto x : w) t += x;
      return t;
    };
    // Wrapped, a column stays readable down to a word or two; cut, to a
    // few characters.
    const std::size_t narrowest = o_.wrap ? 10 : 4;
    while (total() > o_.width) {
      std::size_t widest = w.size();
      for (std::size_t c = 0; c < w.size(); ++c)
        if (!chosen[c] && w[c] > narrowest && (widest == w.size() || w[c] > w[widest])) widest = c;
      if (widest == w.size()) break;  // wider than the terminal: its lines wrap there
      --w[widest];
    }
    return w;
  }

  void table(bool box) {
    std::vector<std::size_t> w;
    if (part_.widths && !part_.widths->empty() && o_.width == 0) {
      // Streamed, with no terminal to fit: a later cell wider than the
      // first rows' widens its column from there on, never wraps.
      w = box ? widths(3, 1) : widths(2, 0);
      for (std::size_t c = 0; c < w.size() && c < part_.widths->size(); ++c)
        w[c] = std::max(w[c], (*part_.widths)[c]);
      *part_.widths = w;
    } else if (part_.widths && !part_.widths->empty()) {
      w = *part_.widths;
    } else {
      w = box ? widths(3, 1) : widths(2, 0);
      if (part_.widths) *part_.widths = w;
    }
    auto row_text = [&](const std::vector<std::string>& row, bool is_header) {
      // Each cell as the lines it takes at its column's width.
      std::vector<std::vector<std::string>> parts(row.size());
      std::size_t height = 1;
      for (std::size_t c = 0; c < row.size(); ++c) {
        parts[c] = o_.wrap ? wrap(row[c], w[c]) : std::vector<std::string>{fit(row[c], w[c])};
        height = std::max(height, parts[c].size());
      }
      std::string out;
      for (std::size_t k = 0; k < height; ++k) {
        std::string line = box ? "│ " : "";
        for (std::size_t c = 0; c < row.size(); ++c) {
          const auto text = pad(k < parts[c].size() ? parts[c][k] : std::string(), w[c]);
          line += is_header ? header(text) : text;
          if (box)
            line += c + 1 < row.size() ? " │ " : " │";
          else if (c + 1 < row.size())
            line += "  ";
        }
        if (!box) line.erase(line.find_last_not_of(' ') + 1);
        out += line + "\n";
      }
      return out;
    };
    auto rule = [&](const char* left, const char* mid, const char* right) {
      std::string line = left;
      for (std::size_t c = 0; c < w.size(); ++c) {
        for (std::size_t k = 0; k < w[c] + 2; ++k) line += "─";
        line += c + 1 < w.size() ? mid : right;
      }
      return line + "\n";
    };
    if (box && part_.first) out_ << rule("┌", "┬", "┐");
    if (o_.headers && part_.first) {
      out_ << row_text(a_.columns, true);
      if (box) {
        out_ << rule("├", "┼", "┤");
      } else {
        std::vector<std::string> dashes;
        for (auto x : w) dashes.push_back(std::string(x, '-'));
        out_ << row_text(dashes, false);
      }
    }
    for (std::size_t r = 0; r < cells_.size(); ++r) {
      if (elided_ && r == elided_at_) out_ << (box ? "│ " : "") << elision() << '\n';
      out_ << row_text(cells_[r], false);
    }
    if (!part_.last) return;
    if (box) out_ << rule("└", "┴", "┘");
    if (o_.footer) footer();
  }

  void footer() {
    const auto n = part_.total.value_or(a_.rows.size());
    out_ << "(" << n << (n == 1 ? " row" : " rows");
    if (o_.seconds) {
      char buf[32];
      std::snprintf(buf, sizeof buf, ", %.3f s", *o_.seconds);
      out_ << buf;
    }
    out_ << ")\n";
  }

  void markdown() {
    auto escape = [](const std::string& s) {
      std::string out;
      for (char ch : s) out += ch == '|' ? std::string("\\|") : std::string(1, ch);
      return out;
    };
    std::string head = "|", rule = "|";
    for (const auto& c : a_.columns) head += " " + escape(c) + " |", rule += " --- |";
    if (part_.first) out_ << head << '\n' << rule << '\n';
    for (std::size_t r = 0; r < cells_.size(); ++r) {
      if (elided_ && r == elided_at_) out_ << "| " << elision() << " |\n";
      std::string line = "|";
      for (const auto& c : cells_[r]) line += " " + escape(c) + " |";
      out_ << line << '\n';
    }
  }

  void line() {
    std::size_t w = 0;
    for (const auto& c : a_.columns) w = std::max(w, display_width(c));
    for (std::size_t r = 0; r < cells_.size(); ++r) {
      if (part_.offset + r) out_ << '\n';
      if (elided_ && r == elided_at_) out_ << elision() << "\n\n";
      for (std::size_t c = 0; c < a_.columns.size(); ++c)
        out_ << std::string(w - display_width(a_.columns[c]), ' ') << header(a_.columns[c]) << " = "
             << cells_[r][c] << '\n';
    }
  }

  void separated(char sep) {
    if (o_.headers && part_.first) {
      for (std::size_t c = 0; c < a_.columns.size(); ++c)
        out_ << (c ? std::string(1, sep) : "") << a_.columns[c];
      out_ << '\n';
    }
    for (std::size_t r = 0; r < cells_.size(); ++r) {
      for (std::size_t c = 0; c < cells_[r].size(); ++c)
        out_ << (c ? std::string(1, sep) : "") << (sep == ',' ? csv_field(cells_[r][c]) : cells_[r][c]);
      out_ << '\n';
    }
  }

  // JSON: the SPARQL 1.1 query results document (head, then bindings, or
  // the boolean of a yes/no answer); JSON lines: one binding per line.
  // Unbound cells are left out of their binding, as SPARQL does.
  void json(bool lines) {
    if (!lines && part_.first && part_.last && a_.ask && !a_.sources && a_.rows.size() == 1 &&
        a_.rows[0].size() == 1 && a_.rows[0][0]) {
      out_ << "{\"head\": {}, \"boolean\": " << (a_.rows[0][0]->lex == "true" ? "true" : "false") << "}\n";
      return;
    }
    if (!lines && part_.first) {
      out_ << "{\"head\": {\"vars\": [";
      for (std::size_t c = 0; c < a_.columns.size(); ++c)
        out_ << (c ? ", " : "") << json_string(a_.columns[c]);
      out_ << "]},\n \"results\": {\"bindings\": [";
    }
    for (std::size_t r = 0; r < a_.rows.size(); ++r) {
      std::string obj = "{";
      for (std::size_t c = 0; c < a_.columns.size(); ++c)
        if (const auto& t = a_.rows[r][c])
          obj += (obj.size() > 1 ? ", " : "") + json_string(a_.columns[c]) + ": " +
                 json_term(*t, o_.mode != output_mode::srj);
      obj += "}";
      if (lines)
        out_ << obj << '\n';
      else
        out_ << (part_.offset + r ? ",\n  " : "\n  ") << obj;
    }
    if (!lines && part_.last) out_ << "]}}\n";
  }

  // Whether the answer is a yes/no answer, written as SPARQL's boolean.
  bool boolean_answer() const {
    return part_.first && part_.last && a_.ask && !a_.sources && a_.rows.size() == 1 &&
           a_.rows[0].size() == 1 && a_.rows[0][0];
  }

  // XML: the SPARQL 1.1 query results XML format.
  void xml() {
    auto escape = [](std::string_view s) {
      std::string out;
      for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '&')
          out += "&amp;";
        else if (ch == '<')
          out += "&lt;";
        else if (ch == '>')
          out += "&gt;";
        else if (ch == '"')
          out += "&quot;";
        else if (c < 0x20 && ch != '\n' && ch != '\t' && ch != '\r')
          out += "&#" + std::to_string(c) + ";";
        else
          out += ch;
      }
      return out;
    };
    const std::string start =
        "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n";
    if (boolean_answer()) {
      out_ << start << "  <head/>\n  <boolean>" << (a_.rows[0][0]->lex == "true" ? "true" : "false")
           << "</boolean>\n</sparql>\n";
      return;
    }
    if (part_.first) {
      out_ << start << "  <head>\n";
      for (const auto& c : a_.columns) out_ << "    <variable name=\"" << escape(c) << "\"/>\n";
      out_ << "  </head>\n  <results>\n";
    }
    for (const auto& row : a_.rows) {
      out_ << "    <result>\n";
      for (std::size_t c = 0; c < a_.columns.size(); ++c) {
        const auto& t = row[c];
        if (!t) continue;
        out_ << "      <binding name=\"" << escape(a_.columns[c]) << "\">";
        switch (t->kind) {
          case term_kind::entity:
            out_ << "<uri>" << escape(entity_iri(t->lex)) << "</uri>";
            break;
          case term_kind::iri:
            out_ << "<uri>" << escape(t->lex) << "</uri>";
            break;
          case term_kind::blank:
            out_ << "<bnode>" << escape(t->lex) << "</bnode>";
            break;
          case term_kind::text:
            out_ << "<literal>" << escape(t->lex) << "</literal>";
            break;
          case term_kind::lang_text:
            out_ << "<literal xml:lang=\"" << escape(t->dt) << "\">" << escape(t->lex) << "</literal>";
            break;
          default:
            out_ << "<literal datatype=\"" << escape(datatype_iri(*t)) << "\">" << escape(t->lex)
                 << "</literal>";
        }
        out_ << "</binding>\n";
      }
      out_ << "    </result>\n";
    }
    if (part_.last) out_ << "  </results>\n</sparql>\n";
  }

  // SPARQL's CSV (values only: an IRI's text, a literal's lexical form) and
  // TSV (terms in N-Triples syntax, variables with their '?').
  void sparql_separated(bool csv) {
    if (part_.first) {
      for (std::size_t c = 0; c < a_.columns.size(); ++c)
        out_ << (c ? (csv ? "," : "\t") : "") << (csv ? csv_field(a_.columns[c]) : "?" + a_.columns[c]);
      out_ << (csv ? "\r\n" : "\n");
    }
    for (const auto& row : a_.rows) {
      for (std::size_t c = 0; c < a_.columns.size(); ++c) {
        if (c) out_ << (csv ? "," : "\t");
        const auto& t = row[c];
        if (!t) continue;
        if (!csv) {
          out_ << to_ntriples(*t);
        } else if (t->kind == term_kind::entity) {
          out_ << csv_field(entity_iri(t->lex));
        } else if (t->kind == term_kind::blank) {
          out_ << "_:" << t->lex;
        } else {
          out_ << csv_field(t->lex);
        }
      }
      out_ << (csv ? "\r\n" : "\n");
    }
  }

  // N-Triples, or Turtle with each subject's triples grouped: the rows
  // whose first three cells are a triple (a subject that is no literal, an
  // IRI predicate, an object); other rows are left out.
  void triples(bool turtle) {
    if (a_.columns.size() < 3) return;
    std::optional<term> open_subject;
    for (const auto& r : a_.rows) {
      const auto &s = r[0], &p = r[1], &o = r[2];
      if (!s || !p || !o || is_literal(s->kind) ||
          (p->kind != term_kind::iri && p->kind != term_kind::entity))
        continue;
      if (!turtle) {
        out_ << to_ntriples(*s) << ' ' << to_ntriples(*p) << ' ' << to_ntriples(*o) << " .\n";
        continue;
      }
      if (open_subject && *open_subject == *s) {
        out_ << " ;\n    " << to_ntriples(*p) << ' ' << to_ntriples(*o);
        continue;
      }
      if (open_subject) out_ << " .\n";
      out_ << to_ntriples(*s) << ' ' << to_ntriples(*p) << ' ' << to_ntriples(*o);
      open_subject = *s;
    }
    if (open_subject) out_ << " .\n";
  }

  // Graphviz: one node per term, one labelled edge per fact.
  void dot() {
    std::vector<std::array<term, 3>> facts = a_.facts;
    if (facts.empty() && a_.columns.size() >= 3 && a_.columns[0] == "subject" &&
        a_.columns[1] == "predicate" && a_.columns[2] == "object")
      for (const auto& r : a_.rows)
        if (r[0] && r[1] && r[2]) facts.push_back({*r[0], *r[1], *r[2]});
    std::map<std::string, std::string> ids;  // cell -> node id
    auto node = [&](const term& t) {
      const auto key = to_cell(t);
      auto [it, added] = ids.emplace(key, "n" + std::to_string(ids.size()));
      if (added) {
        const bool entity = t.kind == term_kind::entity || t.kind == term_kind::iri;
        out_ << "  " << it->second << " [label=" << quote(entity ? t.lex : key)
             << (entity ? "" : ", shape=box, style=rounded") << "];\n";
      }
      return it->second;
    };
    out_ << "digraph kg {\n  rankdir=LR;\n  node [shape=ellipse, fontname=\"sans-serif\"];\n"
            "  edge [fontname=\"sans-serif\", fontsize=10];\n";
    for (const auto& f : facts) {
      const auto s = node(f[0]), o = node(f[2]);
      out_ << "  " << s << " -> " << o << " [label=" << quote(f[1].lex) << "];\n";
    }
    out_ << "}\n";
  }

  const engine::table& a_;
  const render_options& o_;
  std::ostream& out_;
  render_part part_;
  std::vector<std::vector<std::string>> cells_;
  std::size_t elided_ = 0, elided_at_ = 0;
};

}  // namespace

const std::vector<std::string>& output_modes() {
  static const std::vector<std::string> modes = [] {
    std::vector<std::string> names;
    for (const auto& [name, mode] : output_mode_names) names.emplace_back(name);
    return names;
  }();
  return modes;
}

std::string_view name_of(output_mode m) {
  for (const auto& [name, mode] : output_mode_names)
    if (mode == m) return name;
  return {};
}

std::optional<output_mode> mode_named(std::string_view name) {
  for (const auto& [n, mode] : output_mode_names)
    if (n == name) return mode;
  return std::nullopt;
}

bool has_footer(output_mode m) { return m == output_mode::table || m == output_mode::box; }

bool is_document(output_mode m) {
  return m == output_mode::json || m == output_mode::jsonl || m == output_mode::dot ||
         m == output_mode::srj || m == output_mode::srx || m == output_mode::sparql_csv ||
         m == output_mode::sparql_tsv;
}

std::string cell_text(const std::optional<term>& t) {
  if (!t) return "";
  return is_boolean(*t) ? t->lex : to_cell(*t);  // the answer of a query without variables
}

void render(const engine::table& a, const render_options& o, std::ostream& out) { renderer(a, o, out).run(); }

void print_answer(const engine::table& a, output_mode mode, std::ostream& out) {
  render(a, plain_options(mode), out);
}

streamed_output::streamed_output(const render_options& o, std::ostream& out, std::ostream& err,
                                 std::function<void()> before)
    : o_(o), out_(out), err_(err), before_(std::move(before)) {}

bool streamed_output::wanted(const render_options& o) { return o.mode != output_mode::dot; }

void streamed_output::begin(const engine::table& a) {
  if (!a.note.empty()) err_ << "note: " << a.note << '\n';
  if (!a.caveat.empty()) err_ << "note: " << a.caveat << '\n';
  if (before_) before_();
  chunk_ = engine::table{};
  chunk_.columns = a.columns;
  chunk_.sources = a.sources;
  first_ = true;
  written_ = seen_ = 0;
  tail_.clear();
  widths_.clear();
}

void streamed_output::flush(bool last, const render_options& o) {
  render_part part;
  part.first = first_;
  part.last = last;
  part.offset = written_;
  part.total = seen_;
  part.widths = &widths_;
  renderer(chunk_, o, out_, part).run();
  first_ = false;
  written_ += chunk_.rows.size();
  chunk_.rows.clear();
}

bool streamed_output::row(const engine::table&, std::vector<std::optional<term>>&& cells) {
  ++seen_;
  if (elides()) {
    // The first half of max_rows is kept, and the last rows seen: the
    // middle is left out, as when the answer is not streamed.
    const std::size_t head = (o_.max_rows + 1) / 2, tail = o_.max_rows / 2;
    if (chunk_.rows.size() < head) {
      chunk_.rows.push_back(std::move(cells));
    } else if (tail > 0) {
      tail_.push_back(std::move(cells));
      if (tail_.size() > tail) tail_.pop_front();
    }
    return true;
  }
  chunk_.rows.push_back(std::move(cells));
  // A table sizes its columns by the first rows; the other modes write
  // rows as they come, a few hundred at a time.
  const bool aligned = o_.mode == output_mode::table || o_.mode == output_mode::box;
  const std::size_t chunk = aligned && first_ ? 1000 : 256;
  if (chunk_.rows.size() >= chunk) flush(false, o_);
  return static_cast<bool>(out_);  // a closed pipe or a full disk: stop reading
}

bool streamed_output::elides() const { return o_.max_rows > 0 && !is_document(o_.mode); }

void streamed_output::finish(const engine::table& a, const render_options& o) {
  if (elides()) {
    const std::size_t kept = chunk_.rows.size();
    const std::size_t left_out = seen_ - kept - tail_.size();
    for (auto& r : tail_) chunk_.rows.push_back(std::move(r));
    tail_.clear();
    render_part part;
    part.total = seen_;
    if (left_out > 0) part.elided = std::pair<std::size_t, std::size_t>{left_out, kept};
    renderer(chunk_, o, out_, part).run();
    chunk_.rows.clear();
  } else {
    flush(true, o);
  }
  (void)a;
}

void print_result(const engine::answer& answer, const render_options& o, std::ostream& out, std::ostream& err,
                  streamed_output* streamed) {
  if (const auto* c = std::get_if<engine::change_report>(&answer)) {
    if (!c->message.empty()) err << c->message << '\n';
    return;
  }
  if (const auto* x = std::get_if<engine::explain_report>(&answer)) {
    if (!x->pattern_form.empty()) out << "pattern: " << x->pattern_form << '\n';
    if (!x->readings.empty()) {
      out << "readings (score, best first):\n";
      for (const auto& line : x->readings) out << "  " << line << '\n';
    }
    out << "kg plan:\n";
    for (const auto& line : x->steps) out << "  " << line << '\n';
    out << "sql: " << x->sql << "\nsqlite plan:\n";
    for (const auto& line : x->plan) out << "  " << line << '\n';
    return;
  }
  const auto& a = std::get<engine::table>(answer);
  render_options shown = o;
  if (a.graph) shown.mode = output_mode::dot;
  if (a.streamed && streamed) {
    streamed->finish(a, shown);  // its notes went before its rows
  } else {
    if (!a.note.empty()) err << "note: " << a.note << '\n';
    if (!a.caveat.empty()) err << "note: " << a.caveat << '\n';
    render(a, shown, out);
  }
  if (engine::rows_in(a) == 0 && !is_document(shown.mode)) {
    err << "no answers";
    if (!a.unmatched_pattern.empty()) err << ": the pattern '" << a.unmatched_pattern << "' matches nothing";
    err << '\n';
  }
}

void print_result(const engine::answer& a, output_mode mode, std::ostream& out, std::ostream& err,
                  streamed_output* streamed) {
  print_result(a, plain_options(mode), out, err, streamed);
}

render_options plain_options(output_mode mode) {
  render_options o;
  o.mode = mode;
  o.footer = has_footer(mode);
  return o;
}

}  // namespace kg::cli
