// Term normalization and rendering. The rule that keeps round trips exact:
// a term is only turned into one of kg's own kinds when rendering it back
// gives the very same text.
#include "parser/term.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace kg {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

// Characters IRIREF forbids, which entity IRIs percent-encode.
bool iri_forbidden(unsigned char c) {
  return c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' ||
         c == '^' || c == '`' || c == '\\';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

void append_uchar(std::string& out, std::uint32_t cp) {
  char buf[12];
  if (cp <= 0xFFFF)
    std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
  else
    std::snprintf(buf, sizeof buf, "\\U%08X", static_cast<unsigned>(cp));
  out += buf;
}

std::string escape_iri(std::string_view iri) {
  std::string out;
  out.reserve(iri.size());
  for (char ch : iri) {
    if (iri_forbidden(static_cast<unsigned char>(ch)))
      append_uchar(out, static_cast<unsigned char>(ch));
    else
      out += ch;
  }
  return out;
}

std::string_view date_datatype(std::string_view lex) {
  return lex.size() == 10 ? "date" : lex.size() == 7 ? "gYearMonth" : "gYear";
}

// Names that the cell syntax would read as something other than an entity.
bool cell_reserved(std::string_view name) {
  if (name.empty() || name[0] == '<' || name[0] == '"' || name.starts_with("_:")) return true;
  for (char c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
  if (is_integer_lex(name) || is_decimal_lex(name)) return true;
  return name[0] == '#' || is_date_shaped(name);
}

}  // namespace

std::string quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20 || c == 0x7F)
          append_uchar(out, c);
        else
          out += ch;
    }
  }
  out += '"';
  return out;
}

bool is_literal(term_kind k) {
  return k != term_kind::entity && k != term_kind::iri && k != term_kind::blank;
}

std::string entity_iri(std::string_view name) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out(entity_namespace);
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (iri_forbidden(c) || c == '%') {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

term make_iri(std::string_view iri) {
  // Decodes and checks for the canonical form in one pass: a raw character
  // must be one entity_iri leaves alone, and an escape must be upper-case
  // hex for a character it encodes. Such escapes are ASCII, so the name is
  // valid UTF-8 whenever the IRI is.
  if (iri.starts_with(entity_namespace) && iri.size() > entity_namespace.size()) {
    std::string name;
    name.reserve(iri.size() - entity_namespace.size());
    bool canonical = true;
    std::size_t i = entity_namespace.size();
    while (i < iri.size() && canonical) {
      // A run of raw characters is appended at once.
      std::size_t j = i;
      while (j < iri.size() && iri[j] != '%' && !iri_forbidden(static_cast<unsigned char>(iri[j]))) ++j;
      name.append(iri.data() + i, j - i);
      i = j;
      if (i == iri.size()) break;
      if (iri[i] != '%') {
        canonical = false;
        break;
      }
      const int hi = i + 2 < iri.size() ? hex_value(iri[i + 1]) : -1;
      const int lo = hi >= 0 ? hex_value(iri[i + 2]) : -1;
      const auto byte = static_cast<unsigned char>(hi * 16 + lo);
      canonical = lo >= 0 && !std::islower(static_cast<unsigned char>(iri[i + 1])) &&
                  !std::islower(static_cast<unsigned char>(iri[i + 2])) &&
                  (iri_forbidden(byte) || byte == '%');
      name += static_cast<char>(byte);
      i += 3;
    }
    if (canonical) return {term_kind::entity, std::move(name), {}};
  }
  return {term_kind::iri, std::string(iri), {}};
}

bool is_integer_lex(std::string_view s) {
  if (!s.empty() && s[0] == '-') s.remove_prefix(1);
  return all_digits(s);
}

bool is_decimal_lex(std::string_view s) {
  if (!s.empty() && s[0] == '-') s.remove_prefix(1);
  const auto dot = s.find('.');
  return dot != std::string_view::npos && all_digits(s.substr(0, dot)) && all_digits(s.substr(dot + 1));
}

bool is_date_shaped(std::string_view s) {
  return (s.size() == 7 || s.size() == 10) && all_digits(s.substr(0, 4)) && s[4] == '-' &&
         all_digits(s.substr(5, 2)) && (s.size() == 7 || (s[7] == '-' && all_digits(s.substr(8, 2))));
}

bool is_date_lex(std::string_view s) {
  if (s.size() != 4 && s.size() != 7 && s.size() != 10) return false;
  if (!all_digits(s.substr(0, 4))) return false;
  if (s.size() == 4) return true;
  if (s[4] != '-' || !all_digits(s.substr(5, 2))) return false;
  const int year = std::atoi(std::string(s.substr(0, 4)).c_str());
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  if (month < 1 || month > 12) return false;
  if (s.size() == 7) return true;
  if (s[7] != '-' || !all_digits(s.substr(8, 2))) return false;
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int limit = days[month - 1] + (month == 2 && leap ? 1 : 0);
  return day >= 1 && day <= limit;
}

term make_typed(std::string lex, std::string_view datatype) {
  if (datatype.starts_with(xsd::ns)) {
    const auto local = datatype.substr(xsd::ns.size());
    if (local == "string") return {term_kind::text, std::move(lex), {}};
    if (local == "integer" && is_integer_lex(lex)) return {term_kind::integer, std::move(lex), {}};
    if (local == "decimal" && is_decimal_lex(lex)) return {term_kind::decimal, std::move(lex), {}};
    if (is_date_lex(lex) && local == date_datatype(lex)) return {term_kind::date, std::move(lex), {}};
  }
  return {term_kind::typed, std::move(lex), std::string(datatype)};
}

namespace {

// The numeric XSD datatypes besides xsd:integer and xsd:decimal, each with
// the least and most value of its range (NaN: none).
struct numeric_type {
  std::string_view local;
  bool whole;  // integers only
  double least, most;
};
constexpr double unbounded = std::numeric_limits<double>::infinity();
constexpr numeric_type numeric_types[] = {
    {"double", false, -unbounded, unbounded},
    {"float", false, -unbounded, unbounded},
    {"integer", true, -unbounded, unbounded},
    {"decimal", false, -unbounded, unbounded},
    {"long", true, -9223372036854775808.0, 9223372036854775807.0},
    {"int", true, -2147483648.0, 2147483647.0},
    {"short", true, -32768, 32767},
    {"byte", true, -128, 127},
    {"nonNegativeInteger", true, 0, unbounded},
    {"positiveInteger", true, 1, unbounded},
    {"nonPositiveInteger", true, -unbounded, 0},
    {"negativeInteger", true, -unbounded, -1},
    {"unsignedLong", true, 0, 18446744073709551615.0},
    {"unsignedInt", true, 0, 4294967295.0},
    {"unsignedShort", true, 0, 65535},
    {"unsignedByte", true, 0, 255},
};

// An XSD numeric lexical form: [+-]digits, [+-]digits.digits, and for
// floating types an exponent, INF, -INF or +INF (NaN compares with nothing,
// so it has no value here).
std::optional<double> xsd_number(std::string_view lex, bool whole, bool floating) {
  if (floating && (lex == "INF" || lex == "+INF")) return unbounded;
  if (floating && lex == "-INF") return -unbounded;
  std::size_t i = 0;
  if (i < lex.size() && (lex[i] == '+' || lex[i] == '-')) ++i;
  const std::size_t digits_from = i;
  while (i < lex.size() && lex[i] >= '0' && lex[i] <= '9') ++i;
  std::size_t digits = i - digits_from;
  if (!whole && i < lex.size() && lex[i] == '.') {
    const std::size_t from = ++i;
    while (i < lex.size() && lex[i] >= '0' && lex[i] <= '9') ++i;
    digits += i - from;
  }
  if (digits == 0) return std::nullopt;
  if (floating && i < lex.size() && (lex[i] == 'e' || lex[i] == 'E')) {
    ++i;
    if (i < lex.size() && (lex[i] == '+' || lex[i] == '-')) ++i;
    const std::size_t from = i;
    while (i < lex.size() && lex[i] >= '0' && lex[i] <= '9') ++i;
    if (i == from) return std::nullopt;
  }
  if (i != lex.size()) return std::nullopt;
  return std::strtod(std::string(lex).c_str(), nullptr);
}

}  // namespace

std::optional<double> numeric_value(const term& t) {
  if (t.kind == term_kind::integer || t.kind == term_kind::decimal)
    return std::strtod(t.lex.c_str(), nullptr);
  if (t.kind != term_kind::typed || !t.dt.starts_with(xsd::ns)) return std::nullopt;
  const std::string_view local = std::string_view(t.dt).substr(xsd::ns.size());
  for (const auto& n : numeric_types) {
    if (n.local != local) continue;
    const bool floating = local == "double" || local == "float";
    const auto v = xsd_number(t.lex, n.whole, floating);
    if (!v || *v < n.least || *v > n.most) return std::nullopt;
    return v;
  }
  return std::nullopt;
}

std::string datatype_iri(const term& t) {
  switch (t.kind) {
    case term_kind::text:
      return std::string(xsd::ns) + "string";
    case term_kind::typed:
      return t.dt;
    case term_kind::integer:
      return std::string(xsd::ns) + "integer";
    case term_kind::decimal:
      return std::string(xsd::ns) + "decimal";
    case term_kind::date:
      return std::string(xsd::ns) + std::string(date_datatype(t.lex));
    default:
      return {};
  }
}

std::string to_ntriples(const term& t) {
  switch (t.kind) {
    case term_kind::entity:
      return '<' + entity_iri(t.lex) + '>';
    case term_kind::iri:
      return '<' + escape_iri(t.lex) + '>';
    case term_kind::blank:
      return "_:" + t.lex;
    case term_kind::text:
      return quote(t.lex);
    case term_kind::lang_text:
      return quote(t.lex) + '@' + t.dt;
    default:
      return quote(t.lex) + "^^<" + escape_iri(datatype_iri(t)) + '>';
  }
}

std::string to_cell(const term& t) {
  switch (t.kind) {
    case term_kind::entity:
      return cell_reserved(t.lex) ? '<' + entity_iri(t.lex) + '>' : t.lex;
    case term_kind::iri:
      return '<' + escape_iri(t.lex) + '>';
    case term_kind::blank:
      return "_:" + t.lex;
    case term_kind::text:
      return quote(t.lex);
    case term_kind::lang_text:
      return quote(t.lex) + '@' + t.dt;
    case term_kind::typed:
      return quote(t.lex) + "^^<" + escape_iri(t.dt) + '>';
    case term_kind::integer:
    case term_kind::decimal:
      return t.lex;
    case term_kind::date:
      return t.lex.size() == 4 ? quote(t.lex) + "^^xsd:gYear" : t.lex;
  }
  return t.lex;
}

std::string_view kind_name(term_kind k) {
  switch (k) {
    case term_kind::entity:
      return "entity";
    case term_kind::iri:
      return "IRI";
    case term_kind::blank:
      return "blank node";
    case term_kind::text:
      return "text";
    case term_kind::lang_text:
      return "language-tagged text";
    case term_kind::typed:
      return "typed literal";
    case term_kind::integer:
      return "integer";
    case term_kind::decimal:
      return "decimal";
    case term_kind::date:
      return "date";
  }
  return "term";
}

}  // namespace kg
