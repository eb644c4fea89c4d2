// The Spirit X3 grammars of kg's import formats: N-Triples lines and the
// quoted, IRI and blank-node forms of kg's cell syntax. Kept in one
// translation unit so the grammar is compiled once.
//
// Input is validated as UTF-8 before it reaches these rules, and character
// classes are predicates over bytes, never X3's `standard` classes (which
// assert on bytes >= 0x80 in Boost 1.74).
#include <algorithm>
#include <boost/fusion/include/adapt_struct.hpp>
#include <boost/spirit/home/x3.hpp>
#include <cstring>

#include "parser/statement.hpp"
#include "parser/utf8.hpp"
#include "parser/x3_util.hpp"

namespace kg::nt_ast {

// kind: '<' IRI, '_' blank node, '"' plain literal, '@' language-tagged
// literal, '^' datatyped literal; extra holds the tag or the datatype IRI.
struct node {
  char kind = 0;
  std::string value;
  std::string extra;
};

struct triple {
  node s, p, o;
};

}  // namespace kg::nt_ast

BOOST_FUSION_ADAPT_STRUCT(kg::nt_ast::triple, s, p, o)

namespace kg {
namespace grammar {

namespace x3 = boost::spirit::x3;
using iterator = const char*;
using failure = x3::expectation_failure<iterator>;

using x3_util::byte_if_parser;
using x3_util::is_alnum;
using x3_util::is_alpha;
using x3_util::is_any;
using x3_util::is_space;

bool is_iri_char(unsigned char c) {
  return c > 0x20 && c != '<' && c != '>' && c != '"' && c != '{' && c != '}' && c != '|' && c != '^' &&
         c != '`' && c != '\\';
}
bool is_string_char(unsigned char c) { return c != '"' && c != '\\' && c != '\n' && c != '\r'; }

byte_if_parser<is_space> const space_char{};
byte_if_parser<is_alpha> const alpha_char{};
byte_if_parser<is_alnum> const alnum_char{};
byte_if_parser<is_any> const any_char{};
x3_util::byte_run_parser<is_iri_char> const iri_run{};
x3_util::byte_run_parser<is_string_char> const string_run{};

// Thrown where a term being read grows past max_term_bytes: reading stops
// there, so an oversized term costs no more memory than the limit.
struct term_too_long {
  const char* where;
};

// PN_CHARS_U and PN_CHARS of the N-Triples grammar, by code point.
bool pn_chars_base(std::uint32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6) ||
         (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
         (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F) ||
         (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}
// The W3C suite rejects ':' in labels (nt-syntax-bad-bnode-01/02), as Turtle
// does, although the N-Triples grammar text lists it in PN_CHARS_U.
bool pn_chars_u(std::uint32_t c) { return pn_chars_base(c) || c == '_'; }
bool pn_chars(std::uint32_t c) {
  return pn_chars_u(c) || c == '-' || (c >= '0' && c <= '9') || c == 0xB7 || (c >= 0x300 && c <= 0x36F) ||
         (c >= 0x203F && c <= 0x2040);
}

// BLANK_NODE_LABEL after "_:": the label may contain '.' but not end with
// one, which needs a step back that plain rules cannot express.
struct blank_label_parser : x3::parser<blank_label_parser> {
  using attribute_type = std::string;
  static bool const has_attribute = true;

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr& attr) const {
    const std::string_view rest(first, static_cast<std::size_t>(last - first));
    std::size_t i = 0;
    if (rest.empty()) return false;
    const std::uint32_t c0 = utf8::decode(rest, i);
    if (!pn_chars_u(c0) && !(c0 >= '0' && c0 <= '9')) return false;
    std::size_t end = i;
    while (i < rest.size()) {
      std::size_t next = i;
      const std::uint32_t c = utf8::decode(rest, next);
      if (c == '.') {
        i = next;
      } else if (pn_chars(c)) {
        i = next;
        end = i;
      } else {
        break;
      }
    }
    if (end > max_term_bytes) throw term_too_long{first + max_term_bytes};
    x3::traits::move_to(std::string(rest.substr(0, end)), attr);
    first += static_cast<std::ptrdiff_t>(end);
    return true;
  }
};
blank_label_parser const blank_label_body{};

// Matches nothing and yields the current position, for checks made in
// semantic actions (X3's _where in Boost 1.74 starts after the match).
struct position_parser : x3::parser<position_parser> {
  using attribute_type = const char*;
  static bool const has_attribute = true;

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const&, Ctx const&, RCtx&, Attr& attr) const {
    attr = &*first;
    return true;
  }
};
position_parser const position{};

bool is_absolute_iri(std::string_view iri) {
  if (iri.empty() || !is_alpha(static_cast<unsigned char>(iri[0]))) return false;
  for (char c : iri.substr(1)) {
    if (c == ':') return true;
    if (!is_alnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
  }
  return false;
}

// Semantic actions: decoding escapes into the rule's string, and filling nodes.
// Appends a run of plain characters at once: most of an IRI or a string.
auto const push_run = [](auto& ctx) {
  const auto& run = x3::_attr(ctx);
  auto& value = x3::_val(ctx);
  const auto size = static_cast<std::size_t>(run.end() - run.begin());
  if (value.size() + size > max_term_bytes) throw term_too_long{&*run.begin()};
  value.append(run.begin(), run.end());
};
auto const push_code_point = [](auto& ctx) {
  if (!utf8::append(x3::_val(ctx), x3::_attr(ctx)))
    throw failure(x3::_where(ctx).begin(), "a code point that is not a surrogate and at most U+10FFFF");
  if (x3::_val(ctx).size() > max_term_bytes) throw term_too_long{&*x3::_where(ctx).begin()};
};
// The attribute of (position >> iriref): where the IRI starts, and the IRI.
auto const require_absolute = [](auto& attr) -> std::string& {
  auto& iri = boost::fusion::at_c<1>(attr);
  if (!is_absolute_iri(iri))
    throw failure(boost::fusion::at_c<0>(attr), "an absolute IRI (with a scheme, such as http:)");
  return iri;
};
auto const set_iri = [](auto& ctx) {
  x3::_val(ctx) = nt_ast::node{'<', std::move(require_absolute(x3::_attr(ctx))), {}};
};
auto const set_blank = [](auto& ctx) { x3::_val(ctx) = nt_ast::node{'_', std::move(x3::_attr(ctx)), {}}; };
auto const set_plain = [](auto& ctx) { x3::_val(ctx) = nt_ast::node{'"', std::move(x3::_attr(ctx)), {}}; };
auto const set_lang = [](auto& ctx) {
  x3::_val(ctx).kind = '@';
  x3::_val(ctx).extra = std::move(x3::_attr(ctx));
};
auto const set_absolute_datatype = [](auto& ctx) {
  x3::_val(ctx).kind = '^';
  x3::_val(ctx).extra = std::move(require_absolute(x3::_attr(ctx)));
};
auto const set_xsd_datatype = [](auto& ctx) {
  x3::_val(ctx).kind = '^';
  x3::_val(ctx).extra = std::string(xsd::ns) + x3::_attr(ctx);
};

struct echar_table : x3::symbols<std::uint32_t> {
  echar_table() {
    add("t", '\t')("b", '\b')("n", '\n')("r", '\r')("f", '\f')("\"", '"')("'", '\'')("\\", '\\');
  }
} const echar;

x3::uint_parser<std::uint32_t, 16, 4, 4> const hex4{};
x3::uint_parser<std::uint32_t, 16, 8, 8> const hex8{};

x3::rule<class uchar_class, std::uint32_t> const uchar = "a \\u or \\U escape with 4 or 8 hex digits";
x3::rule<class escape_class, std::uint32_t> const escape =
    "an escape: \\t \\b \\n \\r \\f \\\" \\' \\\\ \\uXXXX or \\UXXXXXXXX";
x3::rule<class hex4_class, std::uint32_t> const hex4_digits = "4 hex digits";
x3::rule<class hex8_class, std::uint32_t> const hex8_digits = "8 hex digits";
x3::rule<class iriref_class, std::string> const iriref = "an IRI";
x3::rule<class iri_close_class> const iri_close = "'>' to end the IRI";
x3::rule<class quoted_class, std::string> const quoted = "a quoted string";
x3::rule<class quote_close_class> const quote_close = "'\"' to end the string";
x3::rule<class langtag_class, std::string> const langtag = "a language tag such as en or en-US";
x3::rule<class blank_label_class, std::string> const blank_label = "a blank node label";
x3::rule<class iri_node_class, nt_ast::node> const iri_node = "an IRI";
x3::rule<class blank_node_class, nt_ast::node> const blank_node = "a blank node";
x3::rule<class literal_class, nt_ast::node> const literal = "a literal";
x3::rule<class subject_class, nt_ast::node> const subject = "a subject (an IRI or a blank node)";
x3::rule<class predicate_class, nt_ast::node> const predicate = "a predicate (an IRI)";
x3::rule<class object_class, nt_ast::node> const object = "an object (an IRI, a blank node or a literal)";
x3::rule<class dot_class> const dot = "'.' to end the triple";
x3::rule<class eol_class> const eol = "the end of the line (or a # comment)";
x3::rule<class triple_class, nt_ast::triple> const triple = "a triple";
x3::rule<class xsd_name_class, std::string> const xsd_name = "a datatype name such as xsd:date";
x3::rule<class datatype_class, nt_ast::node> const cell_literal = "a literal";
x3::rule<class cell_end_class> const cell_end = "the end of the cell";

auto const ws = *x3::omit[space_char];
// Named lookaheads, so that a bad datatype reads "expected a datatype ...".
auto const datatype_start = x3::rule<class datatype_start_class>{"a datatype IRI such as <http://...>"} =
    &x3::lit('<');
auto const cell_datatype_start =
    x3::rule<class cell_datatype_start_class>{"a datatype: an IRI in <...> or xsd:name"} =
        &(x3::lit('<') | x3::lit("xsd:"));
auto const hex4_digits_def = hex4;
auto const hex8_digits_def = hex8;
auto const uchar_def = ('u' > hex4_digits) | ('U' > hex8_digits);
auto const escape_def = echar | ('u' > hex4_digits) | ('U' > hex8_digits);
auto const iriref_def = '<' > *(x3::raw[iri_run][push_run] | ('\\' > uchar)[push_code_point]) > iri_close;
auto const iri_close_def = x3::lit('>');
auto const quoted_def = '"' >
                        *(x3::raw[string_run][push_run] | ('\\' > escape)[push_code_point]) > quote_close;
auto const quote_close_def = x3::lit('"');
auto const langtag_def = x3::raw[+alpha_char >> *('-' >> +alnum_char)];
auto const blank_label_def = blank_label_body;
auto const iri_node_def = (position >> iriref)[set_iri];
auto const blank_node_def = ("_:" > blank_label)[set_blank];
auto const literal_def = quoted[set_plain] >>
                         -(('@' > langtag)[set_lang] |
                           ((x3::lit("^^") > datatype_start) >> (position >> iriref)[set_absolute_datatype]));
auto const subject_def = iri_node | blank_node;
auto const predicate_def = iri_node;
auto const object_def = iri_node | blank_node | literal;
auto const dot_def = x3::lit('.');
auto const eol_def = x3::eoi;
auto const comment = '#' >> *x3::omit[any_char];
auto const triple_def = x3::expect[subject] >> ws >> x3::expect[predicate] >> ws >> x3::expect[object] >>
                        ws >> x3::expect[dot] >> ws >> -comment >> x3::expect[eol];
auto const xsd_name_def = x3::lit("xsd:") > x3::raw[+alnum_char];
auto const cell_literal_def = quoted[set_plain] >>
                              -(('@' > langtag)[set_lang] |
                                ((x3::lit("^^") > cell_datatype_start) >>
                                 ((position >> iriref)[set_absolute_datatype] | xsd_name[set_xsd_datatype])));
auto const cell_end_def = x3::eoi;

BOOST_SPIRIT_DEFINE(hex4_digits, hex8_digits, uchar, escape, iriref, iri_close, quoted, quote_close, langtag,
                    blank_label, iri_node, blank_node, literal, subject, predicate, object, dot, eol, triple,
                    xsd_name, cell_literal, cell_end)

term to_term(nt_ast::node&& n) {
  switch (n.kind) {
    case '<':
      return make_iri(n.value);
    case '_':
      return {term_kind::blank, std::move(n.value), {}};
    case '@':
      return {term_kind::lang_text, std::move(n.value), std::move(n.extra)};
    case '^':
      return make_typed(std::move(n.value), n.extra);
    default:
      return {term_kind::text, std::move(n.value), {}};
  }
}

}  // namespace grammar

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Where the spelling of the term at line[i] ends (one past its last byte),
// by its outline alone, or npos. Whether it is a valid term is for
// parse_ntriples_term to say.
std::size_t spelling_end(std::string_view line, std::size_t i) {
  const std::size_t n = line.size();
  switch (line[i]) {
    case '<': {
      const auto close = line.find('>', i + 1);
      return close == std::string_view::npos ? close : close + 1;
    }
    case '_':
      while (i < n && !is_blank(line[i])) ++i;
      return i;
    case '"': {
      ++i;
      while (i < n && line[i] != '"') i += line[i] == '\\' ? 2 : 1;
      if (i >= n) return std::string_view::npos;
      ++i;
      if (i < n && line[i] == '@') {
        ++i;
        while (i < n && (x3_util::is_alnum(static_cast<unsigned char>(line[i])) || line[i] == '-')) ++i;
      } else if (line.substr(i).starts_with("^^<")) {
        const auto close = line.find('>', i + 3);
        return close == std::string_view::npos ? close : close + 1;
      }
      return i;
    }
    default:
      return std::string_view::npos;
  }
}

// The byte offset in the line of the term spelled around line[at]
// (0 when the line's outline is not plain enough to tell).
std::size_t term_start(std::string_view line, std::size_t at) {
  std::size_t i = 0;
  for (int k = 0; k < 3 && i < line.size(); ++k) {
    while (i < line.size() && is_blank(line[i])) ++i;
    if (i >= line.size()) break;
    const auto end = spelling_end(line, i);
    if (at >= i && (end == std::string_view::npos || at < end)) return i;
    if (end == std::string_view::npos) break;
    i = end;
  }
  return 0;
}

}  // namespace

void parse_ntriples(std::string_view file, std::string_view text, statement_sink& sink,
                    std::size_t first_line) {
  namespace x3 = boost::spirit::x3;
  statement st;
  std::size_t line_number = first_line - 1;
  std::size_t pos = 0;
  nt_ast::triple t;
  const bool spellings = sink.takes_spellings();
  // EOL is [#xD#xA]+: LF, CRLF and a lone CR each end a line.
  while (pos < text.size()) {
    // memchr twice, not find_first_of (a search of the set per byte).
    const char* nl = static_cast<const char*>(std::memchr(text.data() + pos, '\n', text.size() - pos));
    std::size_t end = nl ? static_cast<std::size_t>(nl - text.data()) : text.size();
    if (const char* cr = static_cast<const char*>(std::memchr(text.data() + pos, '\r', end - pos)))
      end = static_cast<std::size_t>(cr - text.data());
    std::string_view line = text.substr(pos, end - pos);
    pos = end + (end + 1 < text.size() && text[end] == '\r' && text[end + 1] == '\n' ? 2 : 1);
    ++line_number;

    const char* first = line.data();
    const char* const last = line.data() + line.size();
    x3::parse(first, last, grammar::ws);
    if (first == last || *first == '#') continue;
    if (spellings) {
      if (const auto spelled = split_ntriples_line(line); spelled && sink.on_spelled(*spelled, line_number))
        continue;
    }
    try {
      if (x3::parse(first, last, grammar::triple, t)) {
        if (std::max({t.s.value.size(), t.p.value.size(), t.o.value.size(), t.o.extra.size()}) >
            max_term_bytes) {
          if (!sink.on_error(diagnose_in_line(file, line_number, line, 0, "a term longer than 16 MiB")))
            return;
          continue;
        }
        st.s = grammar::to_term(std::move(t.s));
        st.p = grammar::to_term(std::move(t.p));
        st.o = grammar::to_term(std::move(t.o));
        st.qualifiers.clear();
        st.line = line_number;
        sink.on_statement(st);
      }
    } catch (grammar::failure const& e) {
      const auto offset = static_cast<std::size_t>(e.where() - line.data());
      if (!sink.on_error(diagnose_in_line(file, line_number, line, offset, "expected " + e.which()))) return;
    } catch (grammar::term_too_long const& e) {
      const auto offset = term_start(line, static_cast<std::size_t>(e.where - line.data()));
      if (!sink.on_error(diagnose_in_line(file, line_number, line, offset, "a term longer than 16 MiB")))
        return;
    }
  }
}

std::optional<spelled_triple> split_ntriples_line(std::string_view line) {
  std::size_t i = 0;
  const std::size_t n = line.size();
  while (i < n && is_blank(line[i])) ++i;
  std::string_view terms[3];
  for (auto& t : terms) {
    if (i >= n) return std::nullopt;
    const auto end = spelling_end(line, i);
    // Each term is followed by a blank (the last may be followed by '.').
    if (end == std::string_view::npos || end >= n ||
        (!is_blank(line[end]) && (&t != &terms[2] || line[end] != '.')))
      return std::nullopt;
    t = line.substr(i, end - i);
    i = end;
    while (i < n && is_blank(line[i])) ++i;
  }
  if (i >= n || line[i] != '.') return std::nullopt;
  ++i;
  while (i < n && is_blank(line[i])) ++i;
  if (i < n && line[i] != '#') return std::nullopt;
  return spelled_triple{terms[0], terms[1], terms[2]};
}

std::optional<term> parse_ntriples_term(std::string_view spelling) {
  namespace x3 = boost::spirit::x3;
  const char* first = spelling.data();
  const char* const last = spelling.data() + spelling.size();
  nt_ast::node n;
  try {
    if (!x3::parse(first, last, grammar::object, n) || first != last) return std::nullopt;
  } catch (grammar::failure const&) {
    return std::nullopt;
  } catch (grammar::term_too_long const&) {
    return std::nullopt;
  }
  if (std::max(n.value.size(), n.extra.size()) > max_term_bytes) return std::nullopt;
  return grammar::to_term(std::move(n));
}

std::size_t count_line_breaks(std::string_view text) {
  // Most text has no CR: count LFs with memchr, which libc vectorizes.
  if (text.find('\r') == std::string_view::npos) {
    std::size_t n = 0;
    for (const char *p = text.data(), *end = p + text.size();
         (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) != nullptr;
         ++p)
      ++n;
    return n;
  }
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n')
      ++n;
    else if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))
      ++n;
  }
  return n;
}

cell_result parse_cell(std::string_view cell) {
  namespace x3 = boost::spirit::x3;
  cell_result r;
  const char* first = cell.data();
  const char* const last = cell.data() + cell.size();
  try {
    if (cell.starts_with('<')) {
      nt_ast::node n;
      x3::parse(first, last, grammar::iri_node > grammar::cell_end, n);
      r.value = grammar::to_term(std::move(n));
    } else if (cell.starts_with("_:")) {
      nt_ast::node n;
      x3::parse(first, last, grammar::blank_node > grammar::cell_end, n);
      r.value = grammar::to_term(std::move(n));
    } else if (cell.starts_with('"')) {
      nt_ast::node n;
      x3::parse(first, last, grammar::cell_literal > grammar::cell_end, n);
      r.value = grammar::to_term(std::move(n));
    } else if (is_integer_lex(cell)) {
      r.value = term{term_kind::integer, std::string(cell), {}};
    } else if (is_decimal_lex(cell)) {
      r.value = term{term_kind::decimal, std::string(cell), {}};
    } else if (is_date_shaped(cell)) {
      if (!is_date_lex(cell)) {
        r.error = "'" + std::string(cell) + "' is not a valid date";
        return r;
      }
      r.value = term{term_kind::date, std::string(cell), {}};
    } else {
      r.value = entity(std::string(cell));
    }
  } catch (grammar::failure const& e) {
    r.value.reset();
    r.error_offset = static_cast<std::size_t>(e.where() - cell.data());
    r.error = "expected " + e.which();
  } catch (grammar::term_too_long const&) {
    r.value.reset();
    r.error = "a term longer than 16 MiB";
  }
  return r;
}

}  // namespace kg
