// The Spirit X3 grammar of SPARQL 1.1 queries (the W3C recommendation's
// grammar, section 19.8), read into sparql_ast.hpp. Tokens with escapes
// and look-behind rules (IRIs, prefixed names, strings, numbers) are read
// by small scanners; the rest is X3. Every rule fills its attribute by
// actions, and tags its node's position itself (tag_span), so that errors
// later on can point into the query.
#include <algorithm>
#include <boost/spirit/home/x3.hpp>
#include <cctype>
#include <cstring>
#include <map>
#include <set>
#include <sstream>

#include "parser/sparql.hpp"
#include "parser/utf8.hpp"
#include "parser/x3_util.hpp"

namespace kg::sparql {
namespace grammar {

namespace x3 = boost::spirit::x3;
using iterator = const char*;
using failure = x3::expectation_failure<iterator>;

// The byte offsets a parse tags nodes with: node.id_first and id_last
// index into it.
struct positions_tag;
struct positions {
  const char* text = nullptr;
  std::vector<std::size_t> offsets;
  int add(const char* at) {
    offsets.push_back(static_cast<std::size_t>(at - text));
    return static_cast<int>(offsets.size() - 1);
  }
};

bool is_ws(unsigned char c);

// The first byte of a token at or after `first`: past blanks and comments
// (x3::raw's range starts before them).
const char* token_start(const char* first, const char* last) {
  while (first < last) {
    if (is_ws(static_cast<unsigned char>(*first))) {
      ++first;
    } else if (*first == '#') {
      while (first < last && *first != '\n') ++first;
    } else {
      break;
    }
  }
  return first;
}

template <class Ctx>
void tag_span(const Ctx& ctx, x3::position_tagged& node, const char* first, const char* last) {
  auto& p = x3::get<positions_tag>(ctx).get();
  first = token_start(first, last);
  node.id_first = p.add(first);
  node.id_last = p.add(last);
}

// --- character classes -------------------------------------------------------

bool is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_hex(unsigned char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
// PN_CHARS_BASE, with every byte of a multi-byte UTF-8 character.
bool is_base(unsigned char c) { return is_alpha(c) || c >= 0x80; }
bool is_pn_u(unsigned char c) { return is_base(c) || c == '_'; }
bool is_pn(unsigned char c) { return is_pn_u(c) || c == '-' || is_digit(c); }

// Blanks and # comments.
struct skipper_parser : x3::parser<skipper_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const {
    if (first == last) return false;
    if (is_ws(static_cast<unsigned char>(*first))) {
      ++first;
      return true;
    }
    if (*first != '#') return false;
    while (first != last && *first != '\n') ++first;
    return true;
  }
};
skipper_parser const skipper{};

[[noreturn]] void fail_at(const char* at, const std::string& why) { throw failure(at, "!" + why); }

// --- scanners ----------------------------------------------------------------
// Each reads one token at i (blanks already skipped), appends its value to
// out and moves i past it; false (i unchanged) when the token is not there.

using scan_fn = bool (*)(const char*& i, const char* last, std::string& out);

template <scan_fn F>
struct token_parser : x3::parser<token_parser<F>> {
  using attribute_type = std::string;
  static bool const has_attribute = true;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    const char* i = first;
    std::string out;
    if (!F(i, last, out)) return false;
    first = i;
    x3::traits::move_to(std::move(out), attr);
    return true;
  }
};

// \uXXXX or \UXXXXXXXX at i (after the backslash's letter check).
bool read_uchar(const char*& i, const char* last, std::string& out) {
  const int n = i[1] == 'u' ? 4 : 8;
  if (last - i < n + 2) fail_at(i, "an escape \\u needs 4 hex digits, \\U 8");
  std::uint32_t cp = 0;
  for (int k = 0; k < n; ++k) {
    const auto c = static_cast<unsigned char>(i[2 + k]);
    if (!is_hex(c)) fail_at(i, "an escape \\u needs 4 hex digits, \\U 8");
    cp = cp * 16 + static_cast<std::uint32_t>(is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) fail_at(i, "the escape names no Unicode character");
  utf8::append(out, cp);
  i += n + 2;
  return true;
}

bool scan_iriref(const char*& i, const char* last, std::string& out) {
  if (i == last || *i != '<') return false;
  const char* p = i + 1;
  std::string s;
  while (p != last && *p != '>') {
    const auto c = static_cast<unsigned char>(*p);
    if (c <= 0x20 || std::strchr("<\"{}|^`", c)) return false;  // not an IRI: '<' is an operator then
    if (c == '\\') {
      if (p + 1 == last || (p[1] != 'u' && p[1] != 'U'))
        fail_at(p, "only \\u and \\U escapes are allowed in an IRI");
      read_uchar(p, last, s);
      continue;
    }
    s += *p++;
  }
  if (p == last) return false;
  out += s;
  i = p + 1;
  return true;
}

// PN_PREFIX? ':' : the prefix, without its colon.
bool scan_pname_ns(const char*& i, const char* last, std::string& out) {
  const char* p = i;
  if (p != last && is_base(static_cast<unsigned char>(*p))) {
    ++p;
    while (p != last && (is_pn(static_cast<unsigned char>(*p)) || *p == '.')) ++p;
    while (p[-1] == '.') --p;  // a prefix does not end in '.'
  }
  if (p == last || *p != ':') return false;
  out.append(i, p);
  i = p + 1;
  return true;
}

// PN_LOCAL, escapes decoded (%XX stays as written).
bool scan_local(const char*& i, const char* last, std::string& out) {
  const char* p = i;
  std::string s;
  const char* good = p;  // the end of the longest run not ending in '.'
  std::size_t good_size = 0;
  bool first = true;
  while (p != last) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '%') {
      if (last - p < 3 || !is_hex(static_cast<unsigned char>(p[1])) ||
          !is_hex(static_cast<unsigned char>(p[2])))
        fail_at(p, "a % in a prefixed name needs two hex digits");
      s.append(p, 3);
      p += 3;
    } else if (c == '\\') {
      if (p + 1 == last || !std::strchr("_~.-!$&'()*+,;=/?#@%", p[1]) || p[1] == 0)
        fail_at(p, "not an escape allowed in a prefixed name");
      s += p[1];
      p += 2;
    } else if (is_pn_u(c) || c == ':' || is_digit(c) || (!first && (c == '-' || c == '.'))) {
      s += *p++;
    } else {
      break;
    }
    first = false;
    if (c != '.') good = p, good_size = s.size();
  }
  s.resize(good_size);
  out += s;
  i = good;
  return true;
}

bool scan_blank_label(const char*& i, const char* last, std::string& out) {
  if (last - i < 3 || i[0] != '_' || i[1] != ':') return false;
  const char* p = i + 2;
  if (!is_pn_u(static_cast<unsigned char>(*p)) && !is_digit(static_cast<unsigned char>(*p))) return false;
  ++p;
  while (p != last && (is_pn(static_cast<unsigned char>(*p)) || *p == '.')) ++p;
  while (p[-1] == '.') --p;
  out.append(i + 2, p);
  i = p;
  return true;
}

bool scan_var(const char*& i, const char* last, std::string& out) {
  if (i == last || (*i != '?' && *i != '$')) return false;
  const char* p = i + 1;
  while (p != last && (is_pn_u(static_cast<unsigned char>(*p)) || is_digit(static_cast<unsigned char>(*p))))
    ++p;
  if (p == i + 1) return false;
  out.append(i + 1, p);
  i = p;
  return true;
}

bool scan_string(const char*& i, const char* last, std::string& out) {
  if (i == last || (*i != '"' && *i != '\'')) return false;
  const char q = *i;
  const bool long_form = last - i >= 3 && i[1] == q && i[2] == q;
  const char* p = i + (long_form ? 3 : 1);
  std::string s;
  for (;;) {
    if (p == last) fail_at(i, "this string is not closed");
    const char c = *p;
    if (long_form ? (last - p >= 3 && p[0] == q && p[1] == q && p[2] == q) : c == q) break;
    if (!long_form && (c == '\n' || c == '\r'))
      fail_at(p, "a line break in a string: use \\n, or a \"\"\"long string\"\"\"");
    if (c == '\\') {
      if (p + 1 == last) fail_at(p, "an escape is cut off");
      const char e = p[1];
      if (e == 'u' || e == 'U') {
        read_uchar(p, last, s);
        continue;
      }
      const char* from = "tnrbf\"'\\";
      const char* to = "\t\n\r\b\f\"'\\";
      const char* k = std::strchr(from, e);
      if (!k || e == 0) fail_at(p, "not an escape of SPARQL: \\t \\n \\r \\b \\f \\\" \\' \\\\ \\u \\U");
      s += to[k - from];
      p += 2;
      continue;
    }
    s += c;
    ++p;
  }
  out += s;
  i = p + (long_form ? 3 : 1);
  return true;
}

bool scan_langtag(const char*& i, const char* last, std::string& out) {
  if (i == last || *i != '@') return false;
  const char* p = i + 1;
  while (p != last && is_alpha(static_cast<unsigned char>(*p))) ++p;
  if (p == i + 1) return false;
  while (p != last && *p == '-' && p + 1 != last &&
         (is_alpha(static_cast<unsigned char>(p[1])) || is_digit(static_cast<unsigned char>(p[1])))) {
    ++p;
    while (p != last &&
           (is_alpha(static_cast<unsigned char>(*p)) || is_digit(static_cast<unsigned char>(*p))))
      ++p;
  }
  out.append(i + 1, p);
  i = p;
  return true;
}

// A number, signed or not: "integer|1", "decimal|1.5", "double|1e3". The
// kind and the lexical form, separated by '|'.
bool scan_number(const char*& i, const char* last, std::string& out) {
  const char* p = i;
  if (p != last && (*p == '+' || *p == '-')) ++p;
  const char* digits = p;
  while (p != last && is_digit(static_cast<unsigned char>(*p))) ++p;
  bool whole = p != digits, fraction = false;
  if (p != last && *p == '.' && p + 1 != last && is_digit(static_cast<unsigned char>(p[1]))) {
    ++p;
    while (p != last && is_digit(static_cast<unsigned char>(*p))) ++p;
    fraction = true;
  } else if (whole && p != last && *p == '.' && p + 1 != last && (p[1] == 'e' || p[1] == 'E')) {
    ++p;  // 1.e5
    fraction = true;
  }
  if (!whole && !fraction) return false;
  const char* kind = fraction ? "decimal" : "integer";
  if (p != last && (*p == 'e' || *p == 'E')) {
    const char* e = p + 1;
    if (e != last && (*e == '+' || *e == '-')) ++e;
    if (e != last && is_digit(static_cast<unsigned char>(*e))) {
      while (e != last && is_digit(static_cast<unsigned char>(*e))) ++e;
      p = e;
      kind = "double";
    }
  }
  out += kind;
  out += '|';
  out.append(i, p);
  i = p;
  return true;
}

token_parser<scan_iriref> const iriref{};
token_parser<scan_pname_ns> const pname_ns{};
token_parser<scan_blank_label> const blank_label{};
token_parser<scan_var> const var_token{};
token_parser<scan_string> const string_token{};
token_parser<scan_langtag> const langtag{};
token_parser<scan_number> const number_token{};

// The local part right after a prefix's colon (no blank between).
struct local_parser : x3::parser<local_parser> {
  using attribute_type = std::string;
  static bool const has_attribute = true;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr& attr) const {
    std::string out;
    const char* i = first;
    scan_local(i, last, out);
    first = i;
    x3::traits::move_to(std::move(out), attr);
    return true;
  }
};
local_parser const local_name{};

// A keyword in any case, not followed by a name character.
struct keyword_parser : x3::parser<keyword_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;
  const char* word;
  std::size_t n = std::strlen(word);
  std::string description() const {
    std::string upper(word);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return "'" + upper + "'";
  }
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr&) const {
    x3::skip_over(first, last, ctx);
    if (static_cast<std::size_t>(last - first) < n) return false;
    for (std::size_t k = 0; k < n; ++k)
      if ((first[k] | 0x20) != (word[k] | 0x20) && !(word[k] == '_' && first[k] == '_')) return false;
    if (first + n != last && (is_pn(static_cast<unsigned char>(first[n])) || first[n] == ':')) return false;
    first += n;
    return true;
  }
};
keyword_parser kw(const char* w) { return keyword_parser{{}, w, std::strlen(w)}; }

// The built-in functions of SPARQL 1.1 (section 17.4) and the aggregates.
constexpr const char* builtin_names[] = {
    "str",      "lang",           "langmatches", "datatype",  "bound",   "iri",
    "uri",      "bnode",          "rand",        "abs",       "ceil",    "floor",
    "round",    "concat",         "substr",      "strlen",    "replace", "ucase",
    "lcase",    "encode_for_uri", "contains",    "strstarts", "strends", "strbefore",
    "strafter", "year",           "month",       "day",       "hours",   "minutes",
    "seconds",  "timezone",       "tz",          "now",       "uuid",    "struuid",
    "md5",      "sha1",           "sha256",      "sha384",    "sha512",  "coalesce",
    "if",       "strlang",        "strdt",       "sameterm",  "isiri",   "isuri",
    "isblank",  "isliteral",      "isnumeric",   "regex"};
constexpr const char* aggregate_names[] = {"count", "sum", "min", "max", "avg", "sample", "group_concat"};

// A function name from a list, in any case, before '(' (or a NIL).
template <std::size_t N>
struct name_in_parser : x3::parser<name_in_parser<N>> {
  using attribute_type = std::string;
  static bool const has_attribute = true;
  const char* const (*names)[N];
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    const char* p = first;
    while (p != last && (is_alpha(static_cast<unsigned char>(*p)) ||
                         is_digit(static_cast<unsigned char>(*p)) || *p == '_'))
      ++p;
    if (p == first) return false;
    const char* q = p;
    while (q != last && is_ws(static_cast<unsigned char>(*q))) ++q;
    if (q == last || *q != '(') return false;
    std::string w(first, p);
    for (auto& c : w) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (std::none_of(std::begin(*names), std::end(*names), [&](const char* n) { return w == n; }))
      return false;
    first = p;
    x3::traits::move_to(std::move(w), attr);
    return true;
  }
};
name_in_parser<std::size(builtin_names)> const builtin_name{{}, &builtin_names};
name_in_parser<std::size(aggregate_names)> const aggregate_name{{}, &aggregate_names};

// --- rules --------------------------------------------------------------------

#define KG_RULE(name, type, what) x3::rule<struct name##_class, type> const name = what

KG_RULE(var, ast::var, "a variable");
KG_RULE(iri, ast::iri, "an IRI or a prefixed name");
KG_RULE(blank, ast::blank, "a blank node");
KG_RULE(literal, ast::literal, "a literal");
KG_RULE(node, ast::node, "a variable, an IRI, a literal or a blank node");
KG_RULE(var_or_iri, ast::node, "a variable or an IRI");
KG_RULE(property_list, ast::property_list, "a blank node property list");
KG_RULE(collection, ast::collection, "a collection");
KG_RULE(path, ast::path, "a property path");
KG_RULE(path_sequence, std::vector<ast::path_step>, "a property path");
KG_RULE(path_step, ast::path_step, "a property path");
KG_RULE(verb, ast::verb, "a predicate");
KG_RULE(predicate_objects, ast::predicate_objects, "a predicate and an object");
KG_RULE(properties, std::vector<ast::predicate_objects>, "a predicate and an object");
KG_RULE(triples, ast::triples, "a triple pattern");
KG_RULE(expression, ast::expression, "an expression");
KG_RULE(and_expression, ast::expression, "an expression");
KG_RULE(relational, ast::expression, "an expression");
KG_RULE(additive, ast::expression, "an expression");
KG_RULE(multiplicative, ast::expression, "an expression");
KG_RULE(unary, ast::expression, "an expression");
KG_RULE(primary, ast::expression, "an expression");
KG_RULE(bracketted, ast::expression, "an expression in parentheses");
KG_RULE(call, ast::expression, "a function call");
KG_RULE(constraint, ast::expression, "a condition: (expression) or a function call");
KG_RULE(arguments, std::vector<ast::expression>, "arguments in parentheses");
KG_RULE(group, ast::group, "a group pattern in braces");
KG_RULE(element, ast::element, "a group, OPTIONAL, MINUS, FILTER, BIND or VALUES");
KG_RULE(sub_select, ast::unsupported_part, "a sub-query");
KG_RULE(values_block, ast::unsupported_part, "VALUES");
KG_RULE(select_clause, ast::query, "SELECT");
KG_RULE(modifiers, ast::query, "GROUP BY, HAVING, ORDER BY, LIMIT or OFFSET");
KG_RULE(query, ast::query, "a SPARQL query");

// Actions.
auto const move_attr = [](auto& ctx) { x3::_val(ctx) = std::move(x3::_attr(ctx)); };

// var
x3::rule<struct var_raw_class, std::string> const var_raw = "a variable";
auto const var_raw_def = var_token;
auto const var_def =
    x3::raw[var_raw[([](auto& ctx) { x3::_val(ctx).name = x3::_attr(ctx); })]]
           [([](auto& ctx) { tag_span(ctx, x3::_val(ctx), x3::_attr(ctx).begin(), x3::_attr(ctx).end()); })];

// iri: <...> | prefix:local | prefix:
auto const set_full_iri = [](auto& ctx) {
  x3::_val(ctx).prefixed = false;
  x3::_val(ctx).text = std::move(x3::_attr(ctx));
};
auto const set_prefix = [](auto& ctx) {
  x3::_val(ctx).prefixed = true;
  x3::_val(ctx).prefix = std::move(x3::_attr(ctx));
};
auto const set_local = [](auto& ctx) { x3::_val(ctx).text = std::move(x3::_attr(ctx)); };
auto const iri_def =
    x3::raw[iriref[set_full_iri] | (pname_ns[set_prefix] >> local_name[set_local])]
           [([](auto& ctx) { tag_span(ctx, x3::_val(ctx), x3::_attr(ctx).begin(), x3::_attr(ctx).end()); })];

// blank: _:label | []
auto const blank_def =
    x3::raw[blank_label[([](auto& ctx) { x3::_val(ctx).label = std::move(x3::_attr(ctx)); })] |
            (x3::lit('[') >> ']')]
           [([](auto& ctx) { tag_span(ctx, x3::_val(ctx), x3::_attr(ctx).begin(), x3::_attr(ctx).end()); })];

// literal: string (@lang | ^^iri)? | number | true | false
std::string xsd(const char* local) { return std::string("http://www.w3.org/2001/XMLSchema#") + local; }
ast::iri full_iri(std::string text) {
  ast::iri i;
  i.text = std::move(text);
  return i;
}
auto const set_lex = [](auto& ctx) { x3::_val(ctx).lex = std::move(x3::_attr(ctx)); };
auto const set_lang = [](auto& ctx) { x3::_val(ctx).lang = std::move(x3::_attr(ctx)); };
auto const set_datatype = [](auto& ctx) { x3::_val(ctx).datatype = std::move(x3::_attr(ctx)); };
auto const set_number = [](auto& ctx) {
  const std::string& s = x3::_attr(ctx);
  const auto bar = s.find('|');
  x3::_val(ctx).lex = s.substr(bar + 1);
  x3::_val(ctx).datatype = full_iri(xsd(s.substr(0, bar).c_str()));
};
auto const set_boolean = [](const char* v) {
  return [v](auto& ctx) {
    x3::_val(ctx).lex = v;
    x3::_val(ctx).datatype = full_iri(xsd("boolean"));
  };
};
auto const literal_def =
    x3::raw[(string_token[set_lex] >>
             -(x3::no_skip[langtag[set_lang]] | (x3::lit("^^") >> iri[set_datatype]))) |
            number_token[set_number] | kw("true")[set_boolean("true")] | kw("false")[set_boolean("false")]]
           [([](auto& ctx) { tag_span(ctx, x3::_val(ctx), x3::_attr(ctx).begin(), x3::_attr(ctx).end()); })];

auto const nil_iri = [](auto& ctx) {  // () is rdf:nil
  ast::iri i = full_iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#nil");
  tag_span(ctx, i, x3::_attr(ctx).begin(), x3::_attr(ctx).end());
  x3::_val(ctx) = std::move(i);
};
auto const node_def = var[move_attr] | iri[move_attr] | blank[move_attr] | literal[move_attr] |
                      x3::raw[x3::lit('(') >> ')'][nil_iri] | property_list[move_attr] |
                      collection[move_attr];
auto const var_or_iri_def = var[move_attr] | iri[move_attr];

auto const property_list_def =
    x3::raw[x3::lit('[') >>
            properties[([](auto& ctx) { x3::_val(ctx).properties = std::move(x3::_attr(ctx)); })] > ']']
           [([](auto& ctx) { tag_span(ctx, x3::_val(ctx), x3::_attr(ctx).begin(), x3::_attr(ctx).end()); })];
auto const collection_def =
    x3::raw[x3::lit('(') >>
            +node[([](auto& ctx) { x3::_val(ctx).items.push_back(std::move(x3::_attr(ctx))); })] > ')']
           [([](auto& ctx) { tag_span(ctx, x3::_val(ctx), x3::_attr(ctx).begin(), x3::_attr(ctx).end()); })];

// Paths.
auto const rdf_type = [](auto& ctx) {
  ast::iri i = full_iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
  tag_span(ctx, i, x3::_attr(ctx).begin(), x3::_attr(ctx).end());
  x3::_val(ctx).predicate = std::move(i);
};
auto const step_iri = [](auto& ctx) { x3::_val(ctx).predicate = std::move(x3::_attr(ctx)); };
auto const step_sub = [](auto& ctx) {
  x3::_val(ctx).sub = std::make_shared<ast::path>(std::move(x3::_attr(ctx)));
};
// A negated set's members, each with its direction.
auto const push_negated = [](bool inverse) {
  return [inverse](auto& ctx) { x3::_val(ctx).negated_set.emplace_back(inverse, x3::_attr(ctx)); };
};
auto const push_negated_type = [](bool inverse) {
  return [inverse](auto& ctx) {
    x3::_val(ctx).negated_set.emplace_back(inverse,
                                           full_iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"));
  };
};
auto const negated_member = (x3::lit('^') >> (iri[push_negated(true)] | kw("a")[push_negated_type(true)])) |
                            iri[push_negated(false)] | kw("a")[push_negated_type(false)];
auto const step_negated = [](auto& ctx) { x3::_val(ctx).negated = true; };
auto const path_primary =
    iri[step_iri] | x3::raw[kw("a")][rdf_type] |
    (x3::lit('!') >> (negated_member | (x3::lit('(') >> -(negated_member % '|') > ')')))[step_negated] |
    (x3::lit('(') > path[step_sub] > ')');
auto const set_modifier = [](auto& ctx) { x3::_val(ctx).modifier = x3::_attr(ctx); };
// '?' '*' '+' right after a step (a '?' starting a variable is no modifier).
x3::rule<struct modifier_class, char> const modifier = "a path modifier";
auto const modifier_def = x3::no_skip[(x3::char_("*+") | (x3::char_('?') >> !(x3::alnum | '_')))];
auto const path_step_def =
    x3::raw[-x3::lit('^')[([](auto& ctx) { x3::_val(ctx).inverse = true; })] >> path_primary >>
            -(modifier[set_modifier])]
           [([](auto& ctx) { tag_span(ctx, x3::_val(ctx), x3::_attr(ctx).begin(), x3::_attr(ctx).end()); })];
auto const push_step = [](auto& ctx) { x3::_val(ctx).push_back(std::move(x3::_attr(ctx))); };
auto const path_sequence_def = path_step[push_step] >> *('/' > path_step[push_step]);
auto const push_alternative = [](auto& ctx) {
  x3::_val(ctx).alternatives.push_back(std::move(x3::_attr(ctx)));
};
auto const path_def =
    x3::raw[path_sequence[push_alternative] >> *('|' > path_sequence[push_alternative])]
           [([](auto& ctx) { tag_span(ctx, x3::_val(ctx), x3::_attr(ctx).begin(), x3::_attr(ctx).end()); })];

auto const verb_def =
    x3::raw[var[([](auto& ctx) { x3::_val(ctx).variable = std::move(x3::_attr(ctx)); })] |
            path[([](auto& ctx) { x3::_val(ctx).p = std::move(x3::_attr(ctx)); })]]
           [([](auto& ctx) { tag_span(ctx, x3::_val(ctx), x3::_attr(ctx).begin(), x3::_attr(ctx).end()); })];
auto const push_object = [](auto& ctx) { x3::_val(ctx).objects.push_back(std::move(x3::_attr(ctx))); };
auto const predicate_objects_def =
    x3::raw[verb[([](auto& ctx) { x3::_val(ctx).v = std::move(x3::_attr(ctx)); })] > node[push_object] >
            *(',' > node[push_object])]
           [([](auto& ctx) { tag_span(ctx, x3::_val(ctx), x3::_attr(ctx).begin(), x3::_attr(ctx).end()); })];
auto const push_property = [](auto& ctx) { x3::_val(ctx).push_back(std::move(x3::_attr(ctx))); };
auto const properties_def = predicate_objects[push_property] >> *(';' >> -predicate_objects[push_property]);
auto const set_subject = [](auto& ctx) { x3::_val(ctx).subject = std::move(x3::_attr(ctx)); };
auto const set_properties = [](auto& ctx) { x3::_val(ctx).properties = std::move(x3::_attr(ctx)); };
// A subject needs properties, unless it is a property list or collection.
auto const triples_def =
    x3::raw[((property_list | collection)[set_subject] >> -properties[set_properties]) |
            (node[set_subject] > properties[set_properties])]
           [([](auto& ctx) { tag_span(ctx, x3::_val(ctx), x3::_attr(ctx).begin(), x3::_attr(ctx).end()); })];

// --- expressions --------------------------------------------------------------

ast::expression make_op(std::string op, std::vector<ast::expression> args) {
  ast::expression e;
  e.op = std::move(op);
  e.args = std::move(args);
  e.id_first = e.args.front().id_first;
  e.id_last = e.args.back().id_last;
  return e;
}
// Folds `lhs op rhs` into _val.
auto const binary = [](const char* op) {
  return [op](auto& ctx) {
    auto lhs = std::move(x3::_val(ctx));
    x3::_val(ctx) = make_op(op, {std::move(lhs), std::move(x3::_attr(ctx))});
  };
};
auto const expression_def = and_expression[move_attr] >> *(x3::lit("||") > and_expression[binary("||")]);
auto const and_expression_def = relational[move_attr] >> *(x3::lit("&&") > relational[binary("&&")]);
auto const in_list = [](const char* op) {
  return [op](auto& ctx) {
    auto lhs = std::move(x3::_val(ctx));
    std::vector<ast::expression> args{std::move(lhs)};
    for (auto& a : x3::_attr(ctx)) args.push_back(std::move(a));
    auto e = make_op(op, std::move(args));
    x3::_val(ctx) = std::move(e);
  };
};
auto const relational_def = additive[move_attr] >>
                            -((x3::lit("=") > additive[binary("=")]) |
                              (x3::lit("!=") > additive[binary("!=")]) |
                              (!iriref >> x3::lit("<=") > additive[binary("<=")]) |
                              (x3::lit(">=") > additive[binary(">=")]) |
                              (!iriref >> x3::lit('<') > additive[binary("<")]) |
                              (x3::lit('>') > additive[binary(">")]) | (kw("in") > arguments[in_list("in")]) |
                              (kw("not") >> kw("in") > arguments[in_list("not in")]));
// A signed number after an operand is an addition: ?x -1 is ?x - 1.
auto const signed_number = [](auto& ctx) {
  std::string s = x3::_attr(ctx);
  const auto bar = s.find('|');
  const char sign = s[bar + 1];
  ast::expression number;
  number.op = "term";
  ast::literal l;
  l.lex = s.substr(bar + 2);
  l.datatype = full_iri(xsd(s.substr(0, bar).c_str()));
  l.id_first = x3::_val(ctx).id_first;  // at the operand before it
  l.id_last = x3::_val(ctx).id_last;
  number.id_first = l.id_first;
  number.id_last = l.id_last;
  number.leaf = ast::node(std::move(l));
  auto lhs = std::move(x3::_val(ctx));
  x3::_val(ctx) = make_op(sign == '-' ? "-" : "+", {std::move(lhs), std::move(number)});
};
auto const signed_token = &(x3::lit('+') | '-') >> number_token;
auto const additive_def = multiplicative[move_attr] >>
                          *((x3::lit('+') > multiplicative[binary("+")]) |
                            (x3::lit('-') > multiplicative[binary("-")]) | signed_token[signed_number]);
auto const multiplicative_def = unary[move_attr] >>
                                *((x3::lit('*') > unary[binary("*")]) | (x3::lit('/') > unary[binary("/")]));
auto const unary_op = [](const char* op) {
  return [op](auto& ctx) { x3::_val(ctx) = make_op(op, {std::move(x3::_attr(ctx))}); };
};
auto const unary_def = (x3::lit('!') > primary[unary_op("!")]) |
                       (x3::lit('+') >> !number_token > primary[unary_op("pos")]) |
                       (x3::lit('-') >> !number_token > primary[unary_op("neg")]) | primary[move_attr];
auto const leaf = [](auto& ctx) {
  ast::expression e;
  e.op = "term";
  const auto& tagged = boost::apply_visitor(
      [](const auto& n) -> const x3::position_tagged& {
        if constexpr (std::is_base_of_v<x3::position_tagged, std::decay_t<decltype(n)>>)
          return n;
        else
          return n.get();
      },
      x3::_attr(ctx));
  e.id_first = tagged.id_first;
  e.id_last = tagged.id_last;
  e.leaf = std::move(x3::_attr(ctx));
  x3::_val(ctx) = std::move(e);
};
x3::rule<struct term_node_class, ast::node> const term_node = "a value";
auto const term_node_def = var[move_attr] | literal[move_attr] | iri[move_attr];
auto const primary_def = bracketted[move_attr] | call[move_attr] | term_node[leaf];
auto const bracketted_def = '(' > expression[move_attr] > ')';
auto const arguments_def = (x3::lit('(') >> ')') | ('(' > (expression[push_step] % ',') > ')');

// Calls: built-ins, aggregates, EXISTS, and functions named by an IRI.
auto const set_call = [](auto& ctx) {
  x3::_val(ctx).op = "call";
  x3::_val(ctx).name = std::move(x3::_attr(ctx));
};
auto const set_args = [](auto& ctx) { x3::_val(ctx).args = std::move(x3::_attr(ctx)); };
auto const set_aggregate = [](auto& ctx) {
  x3::_val(ctx).op = "aggregate";
  x3::_val(ctx).name = std::move(x3::_attr(ctx));
};
auto const set_distinct = [](auto& ctx) { x3::_val(ctx).distinct = true; };
auto const set_star = [](auto& ctx) { x3::_val(ctx).star = true; };
auto const push_arg = [](auto& ctx) { x3::_val(ctx).args.push_back(std::move(x3::_attr(ctx))); };
auto const set_separator = [](auto& ctx) { x3::_val(ctx).separator = std::move(x3::_attr(ctx)); };
auto const set_exists = [](const char* op) {
  return [op](auto& ctx) {
    x3::_val(ctx).op = op;
    x3::_val(ctx).pattern = std::make_shared<ast::group>(std::move(x3::_attr(ctx)));
  };
};
auto const iri_call = [](auto& ctx) {
  x3::_val(ctx).op = "call";
  const ast::iri& i = x3::_attr(ctx);
  x3::_val(ctx).name = i.prefixed ? i.prefix + ":" + i.text : "<" + i.text + ">";
};
auto const call_inner = (aggregate_name[set_aggregate] > '(' > -kw("distinct")[set_distinct] >
                         (x3::lit('*')[set_star] | expression[push_arg]) >
                         -(x3::lit(';') > kw("separator") > '=' > string_token[set_separator]) > ')') |
                        (builtin_name[set_call] > arguments[set_args]) |
                        (kw("not") >> kw("exists") > group[set_exists("not exists")]) |
                        (kw("exists") > group[set_exists("exists")]) |
                        (iri[iri_call] >> &x3::lit('(') > arguments[set_args]);
auto const call_def =
    x3::raw[call_inner]
           [([](auto& ctx) { tag_span(ctx, x3::_val(ctx), x3::_attr(ctx).begin(), x3::_attr(ctx).end()); })];
auto const constraint_def = bracketted[move_attr] | call[move_attr];

// --- group patterns -----------------------------------------------------------

template <class Part>
auto set_body() {
  return [](auto& ctx) {
    Part p;
    p.body = std::move(x3::_attr(ctx));
    p.id_first = p.body.id_first;
    p.id_last = p.body.id_last;
    x3::_val(ctx) = x3::forward_ast<Part>(std::move(p));
  };
}
auto const set_union = [](auto& ctx) {
  ast::union_part u;
  u.branches = std::move(x3::_attr(ctx));
  u.id_first = u.branches.front().id_first;
  u.id_last = u.branches.back().id_last;
  x3::_val(ctx) = x3::forward_ast<ast::union_part>(std::move(u));
};
auto const set_filter = [](auto& ctx) {
  ast::filter_part f;
  f.condition = std::move(x3::_attr(ctx));
  f.id_first = f.condition.id_first;
  f.id_last = f.condition.id_last;
  x3::_val(ctx) = std::move(f);
};
auto const set_bind = [](auto& ctx) {
  ast::bind_part b;
  b.value = std::move(boost::fusion::at_c<0>(x3::_attr(ctx)));
  b.as = std::move(boost::fusion::at_c<1>(x3::_attr(ctx)));
  b.id_first = b.value.id_first;
  b.id_last = b.as.id_last;
  x3::_val(ctx) = std::move(b);
};
auto const unsupported = [](const char* what) {
  return [what](auto& ctx) {
    ast::unsupported_part u;
    u.what = what;
    tag_span(ctx, u, x3::_attr(ctx).begin(), x3::_attr(ctx).end());
    x3::_val(ctx) = std::move(u);
  };
};
x3::rule<struct union_branches_class, std::vector<ast::group>> const union_branches = "a group";
auto const union_branches_def = group[push_step] >> *(kw("union") > group[push_step]);
// A value of VALUES, kept in its block's cells (UNDEF: none).
auto const push_cell = [](auto& ctx) { x3::_val(ctx).cells.emplace_back(ast::node(x3::_attr(ctx))); };
auto const push_undef = [](auto& ctx) { x3::_val(ctx).cells.emplace_back(); };
auto const data_value = iri[push_cell] | literal[push_cell] | kw("undef")[push_undef];
auto const values_var = [](auto& ctx) { x3::_val(ctx).variables.push_back(x3::_attr(ctx).name); };
auto const values_row = [](auto& ctx) { x3::_val(ctx).rows.push_back(0); };
auto const values_cell = [](auto& ctx) { ++x3::_val(ctx).rows.back(); };
auto const values_single = [](auto& ctx) { x3::_val(ctx).rows.push_back(1); };
// Every row has as many values as there are variables.
auto const check_values = [](auto& ctx) {
  auto& v = x3::_val(ctx);
  v.what = "VALUES";
  tag_span(ctx, v, x3::_attr(ctx).begin(), x3::_attr(ctx).end());
  for (const auto n : v.rows)
    if (n != v.variables.size())
      fail_at(token_start(x3::_attr(ctx).begin(), x3::_attr(ctx).end()),
              "a row of VALUES has " + std::to_string(n) + " values for " +
                  std::to_string(v.variables.size()) + " variables");
};
auto const values_block_def =
    x3::raw[kw("values") > ((var[values_var] >> '{' > *data_value[values_single] > '}') |
                            ('(' > *var[values_var] > ')' > '{' >
                             *((x3::lit('(')[values_row] > *data_value[values_cell] > ')')) > '}'))]
           [check_values];
auto const move_unsupported = [](auto& ctx) { x3::_val(ctx) = std::move(x3::_attr(ctx)); };
// An element's position is where it starts: its keyword, its subject.
auto const retag_element = [](auto& ctx) {
  boost::apply_visitor(
      [&](auto& n) {
        if constexpr (std::is_base_of_v<x3::position_tagged, std::decay_t<decltype(n)>>)
          tag_span(ctx, n, x3::_attr(ctx).begin(), x3::_attr(ctx).end());
        else
          tag_span(ctx, n.get(), x3::_attr(ctx).begin(), x3::_attr(ctx).end());
      },
      x3::_val(ctx));
};
x3::rule<struct element_inner_class, ast::element> const element_inner =
    "a triple pattern, a group, OPTIONAL, MINUS, FILTER, BIND or VALUES";
auto const element_def = x3::raw[element_inner[move_attr]][retag_element];
auto const element_inner_def =
    (kw("optional") > group[set_body<ast::optional_part>()]) |
    (kw("minus") > group[set_body<ast::minus_part>()]) | (kw("filter") > constraint[set_filter]) |
    (kw("bind") > ('(' > expression > kw("as") > var > ')'))[set_bind] | values_block[move_unsupported] |
    x3::raw[kw("graph") > var_or_iri > group][unsupported("GRAPH")] |
    x3::raw[kw("service") > -kw("silent") > var_or_iri > group][unsupported("SERVICE")] |
    union_branches[set_union];
auto const push_element = [](auto& ctx) { x3::_val(ctx).elements.push_back(std::move(x3::_attr(ctx))); };
auto const sub_group = [](auto& ctx) {
  x3::_val(ctx).elements.push_back(ast::element(std::move(x3::_attr(ctx))));
};
// Triple patterns are separated by '.'; after OPTIONAL, FILTER and the
// like the '.' may be left out.
x3::rule<struct triples_element_class, ast::element> const triples_element = "a triple pattern";
auto const triples_element_def = x3::raw[triples[move_attr]][retag_element];
auto const triples_block = triples_element[push_element] % '.' >> -x3::lit('.');
auto const group_def =
    x3::raw['{' >> (sub_select[sub_group] |
                    (-triples_block >> *(element[push_element] >> -x3::lit('.') >> -triples_block))) > '}']
           [([](auto& ctx) { tag_span(ctx, x3::_val(ctx), x3::_attr(ctx).begin(), x3::_attr(ctx).end()); })];

// --- queries ------------------------------------------------------------------

auto const push_projection = [](auto& ctx) {
  ast::projection_item p;
  p.as = std::move(x3::_attr(ctx));
  p.id_first = p.as.id_first;
  p.id_last = p.as.id_last;
  x3::_val(ctx).projection.push_back(std::move(p));
};
auto const push_projected_expression = [](auto& ctx) {
  ast::projection_item p;
  p.value = std::move(boost::fusion::at_c<0>(x3::_attr(ctx)));
  p.as = std::move(boost::fusion::at_c<1>(x3::_attr(ctx)));
  p.id_first = p.value->id_first;
  p.id_last = p.as.id_last;
  x3::_val(ctx).projection.push_back(std::move(p));
};
auto const set_query_distinct = [](auto& ctx) { x3::_val(ctx).distinct = true; };
auto const set_reduced = [](auto& ctx) { x3::_val(ctx).reduced = true; };
auto const set_query_star = [](auto& ctx) { x3::_val(ctx).star = true; };
auto const select_clause_def = kw("select") >
                               -(kw("distinct")[set_query_distinct] | kw("reduced")[set_reduced]) >
                               (x3::lit('*')[set_query_star] |
                                +(var[push_projection] |
                                  ('(' > expression > kw("as") > var > ')')[push_projected_expression]));
auto const set_dataset = [](auto& ctx) {
  x3::_val(ctx).has_dataset = true;
  x3::_val(ctx).dataset_at = static_cast<std::size_t>(
      token_start(x3::_attr(ctx).begin(), x3::_attr(ctx).end()) - x3::get<positions_tag>(ctx).get().text);
};
auto const dataset = x3::raw[kw("from") > -kw("named") > iri][set_dataset];
auto const set_where = [](auto& ctx) { x3::_val(ctx).where = std::move(x3::_attr(ctx)); };
auto const where_clause = -kw("where") >> group[set_where];
auto const push_group_by = [](auto& ctx) {
  x3::_val(ctx).group_by.push_back(std::move(x3::_attr(ctx)));
  x3::_val(ctx).group_aliases.emplace_back();
};
auto const var_expression = [](auto& ctx) {
  ast::expression e;
  e.op = "term";
  e.id_first = x3::_attr(ctx).id_first;
  e.id_last = x3::_attr(ctx).id_last;
  e.leaf = ast::node(std::move(x3::_attr(ctx)));
  x3::_val(ctx).group_by.push_back(std::move(e));
  x3::_val(ctx).group_aliases.emplace_back();
};
auto const group_alias = [](auto& ctx) {  // (expr AS ?v)
  x3::_val(ctx).group_by.push_back(std::move(boost::fusion::at_c<0>(x3::_attr(ctx))));
  const auto& v = boost::fusion::at_c<1>(x3::_attr(ctx));
  x3::_val(ctx).group_aliases.push_back(v ? v->name : std::string());
};
auto const group_condition =
    call[push_group_by] | var[var_expression] | ('(' > expression > -(kw("as") > var) > ')')[group_alias];
auto const push_having = [](auto& ctx) { x3::_val(ctx).having.push_back(std::move(x3::_attr(ctx))); };
auto const push_order = [](bool descending) {
  return [descending](auto& ctx) {
    ast::order_key k;
    k.descending = descending;
    k.key = std::move(x3::_attr(ctx));
    k.id_first = k.key.id_first;
    k.id_last = k.key.id_last;
    x3::_val(ctx).order_by.push_back(std::move(k));
  };
};
auto const order_var = [](auto& ctx) {
  ast::order_key k;
  k.key.op = "term";
  k.key.id_first = k.id_first = x3::_attr(ctx).id_first;
  k.key.id_last = k.id_last = x3::_attr(ctx).id_last;
  k.key.leaf = ast::node(std::move(x3::_attr(ctx)));
  x3::_val(ctx).order_by.push_back(std::move(k));
};
auto const order_condition = (kw("asc") > bracketted[push_order(false)]) |
                             (kw("desc") > bracketted[push_order(true)]) | constraint[push_order(false)] |
                             var[order_var];
x3::rule<struct count_class, unsigned long long> const count_value = "a whole number";
auto const count_value_def = x3::ulong_long;
auto const set_limit = [](auto& ctx) { x3::_val(ctx).limit = x3::_attr(ctx); };
auto const set_offset = [](auto& ctx) { x3::_val(ctx).offset = x3::_attr(ctx); };
auto const limit_clause = kw("limit") > count_value[set_limit];
auto const offset_clause = kw("offset") > count_value[set_offset];
auto const modifiers_def = -(kw("group") > kw("by") > +group_condition) >>
                           -(kw("having") > +constraint[push_having]) >>
                           -(kw("order") > kw("by") > +order_condition) >>
                           -((limit_clause >> -offset_clause) | (offset_clause >> -limit_clause));
auto const merge_modifiers = [](auto& ctx) {
  auto& q = x3::_val(ctx);
  auto& m = x3::_attr(ctx);
  q.group_by = std::move(m.group_by);
  q.group_aliases = std::move(m.group_aliases);
  q.having = std::move(m.having);
  q.order_by = std::move(m.order_by);
  q.limit = m.limit;
  q.offset = m.offset;
};
auto const merge_select = [](auto& ctx) {
  auto& q = x3::_val(ctx);
  auto& s = x3::_attr(ctx);
  q.kind = ast::form::select;
  q.distinct = s.distinct;
  q.reduced = s.reduced;
  q.star = s.star;
  q.projection = std::move(s.projection);
};
auto const keep_values = [](auto& ctx) {
  x3::_val(ctx).has_values = true;
  x3::_val(ctx).values = std::make_shared<ast::unsupported_part>(std::move(x3::_attr(ctx)));
};
x3::rule<struct sub_query_class, ast::query> const sub_query = "a sub-query";
auto const sub_query_def =
    select_clause[merge_select] >> where_clause >> modifiers[merge_modifiers] >> -values_block[keep_values];
auto const keep_sub_query = [](auto& ctx) {
  auto& u = x3::_val(ctx);
  u.what = "a sub-query";
  u.sub = std::make_shared<ast::query>(std::move(x3::_attr(ctx)));
};
auto const sub_select_def =
    x3::raw[sub_query[keep_sub_query]]
           [([](auto& ctx) { tag_span(ctx, x3::_val(ctx), x3::_attr(ctx).begin(), x3::_attr(ctx).end()); })];
auto const set_values = [](auto& ctx) {
  x3::_val(ctx).has_values = true;
  x3::_val(ctx).values_at = static_cast<std::size_t>(
      token_start(x3::_attr(ctx).begin(), x3::_attr(ctx).end()) - x3::get<positions_tag>(ctx).get().text);
};
auto const push_prefix = [](auto& ctx) {
  auto& q = x3::_val(ctx);
  q.prefixes.emplace_back(std::move(boost::fusion::at_c<0>(x3::_attr(ctx))),
                          std::move(boost::fusion::at_c<1>(x3::_attr(ctx))));
};
auto const set_base = [](auto& ctx) { x3::_val(ctx).base = std::move(x3::_attr(ctx)); };
auto const prologue = *((kw("base") > iriref[set_base]) | (kw("prefix") > pname_ns > iriref)[push_prefix]);
auto const set_kind = [](ast::form f) { return [f](auto& ctx) { x3::_val(ctx).kind = f; }; };
auto const push_described = [](auto& ctx) { x3::_val(ctx).described.push_back(std::move(x3::_attr(ctx))); };
auto const push_template = [](auto& ctx) {
  x3::_val(ctx).construct_template.push_back(std::move(x3::_attr(ctx)));
};
auto const construct_template = '{' >> -(triples[push_template] % '.') >> -x3::lit('.') > '}';
auto const query_body =
    (select_clause[merge_select] >> *dataset > where_clause) |
    (kw("construct")[set_kind(ast::form::construct)] >
     ((construct_template >> *dataset > where_clause) | (*dataset >> kw("where") > construct_template))) |
    (kw("describe")[set_kind(ast::form::describe)] >
     (x3::lit('*')[set_query_star] | +var_or_iri[push_described]) >> *dataset >> -where_clause) |
    (kw("ask")[set_kind(ast::form::ask)] >> *dataset > where_clause);
auto const query_def =
    prologue >> query_body >> modifiers[merge_modifiers] >> -x3::raw[values_block[keep_values]][set_values];

BOOST_SPIRIT_DEFINE(var, iri, blank, literal, node, var_or_iri, property_list, collection, path,
                    path_sequence, path_step, verb, predicate_objects, properties, triples, expression,
                    and_expression, relational, additive, multiplicative, unary, primary, bracketted, call,
                    constraint, arguments, group, element, sub_select, values_block, select_clause, modifiers,
                    query)
BOOST_SPIRIT_DEFINE(var_raw, term_node, union_branches, count_value, sub_query, modifier, element_inner,
                    triples_element)

// --- the rules of the grammar that are not context-free ------------------------
// (the notes of the SPARQL 1.1 grammar, section 19.8, and variable scope,
// section 18.2.1): a blank node label in one basic graph pattern only;
// BIND and (expr AS ?v) not to a variable already in scope; with GROUP BY
// or an aggregate, only grouped variables selected, and no SELECT *.

class scope_checker {
 public:
  explicit scope_checker(const std::vector<std::size_t>& positions) : positions_(positions) {}

  std::optional<std::pair<std::size_t, std::string>> run(const ast::query& q) {
    query(q);
    if (q.kind == ast::form::construct)
      for (const auto& t : q.construct_template) {
        std::set<std::string> unused;
        triples_vars(t, unused);
      }
    return found_;
  }

 private:
  using vars = std::set<std::string>;

  void fail(const x3::position_tagged& n, std::string message) {
    if (found_) return;
    std::size_t at = 0;
    if (n.id_first >= 0 && static_cast<std::size_t>(n.id_first) < positions_.size())
      at = positions_[static_cast<std::size_t>(n.id_first)];
    found_ = std::make_pair(at, std::move(message));
  }

  void node_vars(const ast::node& n, vars& out) {
    if (const auto* v = boost::get<ast::var>(&n.get())) out.insert(v->name);
    if (const auto* b = boost::get<ast::blank>(&n.get()); b && !b->label.empty()) label(*b);
    if (const auto* pl = boost::get<x3::forward_ast<ast::property_list>>(&n.get()))
      for (const auto& po : pl->get().properties) property_vars(po, out);
    if (const auto* c = boost::get<x3::forward_ast<ast::collection>>(&n.get()))
      for (const auto& item : c->get().items) node_vars(item, out);
  }
  void property_vars(const ast::predicate_objects& po, vars& out) {
    if (po.v.variable) out.insert(po.v.variable->name);
    for (const auto& o : po.objects) node_vars(o, out);
  }
  void triples_vars(const ast::triples& t, vars& out) {
    node_vars(t.subject, out);
    for (const auto& po : t.properties) property_vars(po, out);
  }

  void label(const ast::blank& b) {
    if (bgp_ < 0) return;  // a template's
    const auto [it, added] = labels_.emplace(b.label, bgp_);
    if (!added && it->second != bgp_)
      fail(b, "the blank node _:" + b.label + " is used in two basic graph patterns");
  }

  static bool has_aggregate(const ast::expression& e) {
    if (e.op == "aggregate") return true;
    return std::any_of(e.args.begin(), e.args.end(), [](const auto& a) { return has_aggregate(a); });
  }
  // Variables an expression reads outside aggregates.
  static void free_vars(const ast::expression& e, vars& out) {
    if (e.op == "aggregate") return;
    if (e.leaf)
      if (const auto* v = boost::get<ast::var>(&e.leaf->get())) out.insert(v->name);
    for (const auto& a : e.args) free_vars(a, out);
  }

  void expression(const ast::expression& e) {
    if (e.pattern) group(*e.pattern);
    for (const auto& a : e.args) expression(a);
  }

  vars group(const ast::group& g) {
    vars scope;
    const int saved = bgp_;
    bgp_ = ++bgps_;
    for (const auto& e : g.elements) {
      if (const auto* t = boost::get<ast::triples>(&e.get())) {
        triples_vars(*t, scope);
        continue;
      }
      if (const auto* f = boost::get<ast::filter_part>(&e.get())) {
        const int here = bgp_;
        expression(f->condition);
        bgp_ = here;  // a filter does not end a basic graph pattern
        continue;
      }
      if (const auto* o = boost::get<x3::forward_ast<ast::optional_part>>(&e.get())) {
        const auto inner = group(o->get().body);
        scope.insert(inner.begin(), inner.end());
      } else if (const auto* m = boost::get<x3::forward_ast<ast::minus_part>>(&e.get())) {
        group(m->get().body);
      } else if (const auto* u = boost::get<x3::forward_ast<ast::union_part>>(&e.get())) {
        for (const auto& b : u->get().branches) {
          const auto inner = group(b);
          scope.insert(inner.begin(), inner.end());
        }
      } else if (const auto* b = boost::get<ast::bind_part>(&e.get())) {
        expression(b->value);
        if (scope.count(b->as.name))
          fail(b->as, "?" + b->as.name + " is already bound where BIND assigns it");
        scope.insert(b->as.name);
      } else if (const auto* x = boost::get<ast::unsupported_part>(&e.get())) {
        scope.insert(x->variables.begin(), x->variables.end());
        if (x->sub) {
          const auto inner = query(*x->sub);
          scope.insert(inner.begin(), inner.end());
        }
      }
      bgp_ = ++bgps_;  // anything else ends it
    }
    bgp_ = saved;
    return scope;
  }

  // The variables a query answers with.
  vars query(const ast::query& q) {
    vars where;
    if (q.where) where = group(*q.where);
    for (const auto& h : q.having) expression(h);
    bool aggregated = !q.group_by.empty();
    for (const auto& p : q.projection) aggregated = aggregated || (p.value && has_aggregate(*p.value));
    for (const auto& h : q.having) aggregated = aggregated || has_aggregate(h);
    vars grouped(q.group_aliases.begin(), q.group_aliases.end());
    for (const auto& g : q.group_by)
      if (g.leaf)
        if (const auto* v = boost::get<ast::var>(&g.leaf->get())) grouped.insert(v->name);
    if (q.kind == ast::form::select && q.star && aggregated && q.where)
      fail(*q.where, "SELECT * with GROUP BY");
    vars projected;
    for (const auto& p : q.projection) {
      if (p.value) {
        expression(*p.value);
        if (where.count(p.as.name) || projected.count(p.as.name))
          fail(p.as, "?" + p.as.name + " is already bound where SELECT assigns it");
        if (aggregated) {
          vars used;
          free_vars(*p.value, used);
          for (const auto& v : used)
            if (!grouped.count(v) && !projected.count(v)) fail(p, "?" + v + " is not grouped");
        }
      } else if (aggregated && !grouped.count(p.as.name)) {
        fail(p.as, "?" + p.as.name + " is not grouped");
      }
      projected.insert(p.as.name);
    }
    return q.star ? where : projected;
  }

  const std::vector<std::size_t>& positions_;
  std::optional<std::pair<std::size_t, std::string>> found_;
  std::map<std::string, int> labels_;
  int bgp_ = -1, bgps_ = 0;
};

}  // namespace grammar

tl::expected<parsed, error> read(std::string_view text, std::string_view source, std::size_t begin,
                                 std::size_t end) {
  end = std::min(end, text.size());
  begin = std::min(begin, end);
  // A failure past the last token is an incomplete query: the shell reads
  // on.
  std::size_t tail = end;
  while (tail > begin && grammar::is_ws(static_cast<unsigned char>(text[tail - 1]))) --tail;
  auto fail = [&](std::size_t offset, std::string message) {
    const bool incomplete = offset >= tail || message == "this string is not closed";
    return tl::unexpected(error::in(diagnose_at(source, text, offset, std::move(message)),
                                    incomplete ? error_kind::incomplete : error_kind::syntax));
  };
  const std::string_view part = text.substr(begin, end - begin);
  if (const auto bad = utf8::first_invalid(part)) return fail(begin + *bad, "invalid UTF-8");
  if (const auto nul = part.find('\0'); nul != std::string_view::npos)
    return fail(begin + nul, "NUL byte in a query");
  if (const auto deep = too_deep(part))
    return fail(begin + *deep, "nested more than " + std::to_string(query::max_nesting) + " levels deep");
  namespace x3 = boost::spirit::x3;
  const char* first = part.data();
  const char* const last = part.data() + part.size();
  grammar::positions pos;
  pos.text = text.data();
  parsed out;
  try {
    const auto parser = x3::with<grammar::positions_tag>(std::ref(pos))[grammar::query];
    if (!x3::phrase_parse(first, last, parser, grammar::skipper, out.tree))
      return fail(static_cast<std::size_t>(first - text.data()), "expected a SPARQL query");
    {
      x3::unused_type u;
      while (grammar::skipper.parse(first, last, u, u, u)) {
      }
    }
    if (first != last) {
      // Name what was there, when it is a word.
      return fail(static_cast<std::size_t>(first - text.data()), "expected the end of the query");
    }
  } catch (const grammar::failure& e) {
    const char* at = e.where();
    while (at != last && (grammar::is_ws(static_cast<unsigned char>(*at)) || *at == '#')) {
      if (*at == '#')
        while (at != last && *at != '\n') ++at;
      else
        ++at;
    }
    const std::string& what = e.which();
    return fail(static_cast<std::size_t>(at - text.data()),
                what.starts_with('!') ? what.substr(1) : "expected " + what);
  }
  out.positions = std::move(pos.offsets);
  if (auto problem = grammar::scope_checker(out.positions).run(out.tree))
    return fail(problem->first, std::move(problem->second));
  return out;
}

}  // namespace kg::sparql
