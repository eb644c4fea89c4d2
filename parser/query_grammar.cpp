// The Spirit X3 grammar of kg's query language, in one translation unit.
// Keywords are case-insensitive and reserved; names are bare words or
// quoted strings; literals use kg's cell syntax and are checked here.
#include <algorithm>
#include <array>
#include <boost/fusion/include/adapt_struct.hpp>
#include <boost/spirit/home/x3.hpp>
#include <boost/spirit/home/x3/support/utility/annotate_on_success.hpp>
#include <boost/spirit/home/x3/support/utility/error_reporting.hpp>
#include <cassert>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <sstream>

#include "parser/keywords.hpp"
#include "parser/query.hpp"
#include "parser/sparql.hpp"
#include "parser/statement.hpp"
#include "parser/utf8.hpp"
#include "parser/x3_util.hpp"

BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::variable, name)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::name, text, quoted)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::literal, text, value)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::path, inverse, predicate, repeat)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::qualifier, key, value)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::triple, subject, predicate, object, qualifiers)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::operation, op, rhs)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::expression, negated, first, rest)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::call, function, name, arguments)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::optional_group, body)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::not_group, body)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::union_group, branches)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::filter, condition)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::group, elements)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::projection, kind, distinct, variables)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::order_key, var, direction)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::pattern_query, head, where, group_by, order_by, limit, offset,
                          with_sources)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::word, text, quoted)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::question, asks, words, with_sources)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::update, action, confirmed, fact)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::import_file, file)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::why, fact)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::search, text, limit)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::describe, verb, entity, with_sources)
BOOST_FUSION_ADAPT_STRUCT(kg::query::ast::statement, prefixes, explain, more_prefixes, body)

namespace kg::query {

// What the grammar says when a question lacks its '?' (see ended_early).
constexpr const char* question_mark_wanted = "'?' to end the question";

namespace grammar {

namespace x3 = boost::spirit::x3;
using iterator = const char*;
using failure = x3::expectation_failure<iterator>;
using x3_util::byte_if_parser;

bool is_space_char(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_not_eol(unsigned char c) { return c != '\n'; }
bool is_digit(unsigned char c) { return x3_util::is_digit(c); }

byte_if_parser<is_name_char> const ident_char{};
byte_if_parser<is_name_start> const ident_start{};
byte_if_parser<is_space_char> const space_char{};
byte_if_parser<is_not_eol> const not_eol{};
byte_if_parser<is_digit> const digit{};
byte_if_parser<x3_util::is_any> const any_char{};
// The bytes of a question's plain words: all but blanks, controls and the
// few that end a word or a statement.
constexpr bool is_question_char(unsigned char c) {
  return c > ' ' && c != 0x7f && c != '?' && c != '"' && c != ';' && c != '{' && c != '}' && c != '#';
}
byte_if_parser<is_question_char> const question_char{};

// Blanks and # comments between tokens.
auto const skipper = space_char | ('#' >> *not_eol);

// Matches a keyword spelling of one or more words, each in any case and
// not followed by a name character, with blanks and comments before each.
template <typename It, typename Ctx>
bool match_keyword(It& first, It const& last, Ctx const& ctx, std::string_view text) {
  x3::skip_over(first, last, ctx);
  It i = first;
  for (bool leading = true; !text.empty(); leading = false) {
    const auto blank = text.find(' ');
    const std::string_view w = text.substr(0, blank);
    text = blank == std::string_view::npos ? std::string_view() : text.substr(blank + 1);
    if (!leading) x3::skip_over(i, last, ctx);
    if (!starts_with_keyword(std::string_view(std::to_address(i), static_cast<std::size_t>(last - i)), w))
      return false;
    i += static_cast<std::ptrdiff_t>(w.size());
  }
  first = i;
  return true;
}

// A keyword that only shapes the syntax.
struct keyword_parser : x3::parser<keyword_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;
  std::string_view word;
  std::string description() const { return "'" + std::string(word) + "'"; }

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr&) const {
    return match_keyword(first, last, ctx, word);
  }
};
keyword_parser key(std::string_view w) {
  assert(is_keyword(w));
  return keyword_parser{{}, w};
}

// One of the keyword spellings of a closed set (keywords.hpp); its
// attribute is the member spelled.
template <class E>
struct keyword_set_parser : x3::parser<keyword_set_parser<E>> {
  using attribute_type = E;
  static bool const has_attribute = true;
  std::span<const spelling<E>> table;

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    for (const auto& s : table) {
      if (!match_keyword(first, last, ctx, s.text)) continue;
      x3::traits::move_to(s.value, attr);
      return true;
    }
    return false;
  }
};
// Any member of a set.
template <class E, std::size_t N>
keyword_set_parser<E> one_of(const std::array<spelling<E>, N>& table) {
  return {{}, std::span<const spelling<E>>(table)};
}
// One member of a set.
template <class E, std::size_t N>
keyword_set_parser<E> just(const std::array<spelling<E>, N>& table, E value) {
  const auto s = std::find_if(table.begin(), table.end(), [&](const auto& x) { return x.value == value; });
  assert(s != table.end());
  return {{}, std::span<const spelling<E>>(&*s, 1)};
}

// The symbols of a set that are punctuation, not words (=, +, ...).
template <class E, std::size_t N>
x3::symbols<E> symbols_of(const std::array<spelling<E>, N>& table) {
  x3::symbols<E> out;
  for (const auto& s : table)
    if (!s.text.empty() && !is_name_char(static_cast<unsigned char>(s.text.front())))
      out.add(std::string(s.text), s.value);
  return out;
}

// A bare word that is not a keyword: Huang, part_of, H20, 北京, and words
// led by digits that are no number or date (000_fc729ba78c68ed91).
struct bare_word_parser : x3::parser<bare_word_parser> {
  using attribute_type = std::string;
  static bool const has_attribute = true;

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    It i = first;
    while (i != last && is_name_char(static_cast<unsigned char>(*i))) ++i;
    const std::string_view w(&*first, static_cast<std::size_t>(i - first));
    if (!is_name_word(w) || is_keyword(w)) return false;
    x3::traits::move_to(std::string(w), attr);
    first = i;
    return true;
  }
};
bare_word_parser const bare_word{};

// The prefixes a statement may use, in the parser's context: those known
// before it, and its own declarations as they are read.
struct prefix_tag;
using prefix_ref = std::reference_wrapper<prefix_list>;

bool is_prefix_char(unsigned char c) { return is_name_char(c) || c == '.'; }
bool is_hex(unsigned char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
// The characters a prefixed name's local part may escape with '\'.
bool is_local_escape(char c) {
  return std::string_view("_~.-!$&'()*+,;=/?#@%").find(c) != std::string_view::npos;
}

// Where the prefixed name (ex:name, :name, ex:) at `first` ends, as Turtle
// and SPARQL spell one, or `first` when there is none. A '.' ends it unless
// more of the name follows (ex:a.b is one name; ex:a. ends a pattern).
template <typename It>
It prefixed_name_end(It first, It const& last) {
  It i = first;
  while (i != last && is_prefix_char(static_cast<unsigned char>(*i))) ++i;
  if (i == last || *i != ':' ||
      !valid_prefix_name(std::string_view(&*first, static_cast<std::size_t>(i - first))))
    return first;
  ++i;
  auto part = [&](It j) -> It {  // the end of one piece of the local part at j, or j
    if (j == last) return j;
    const auto c = static_cast<unsigned char>(*j);
    if (is_name_char(c) || c == ':') return j + 1;
    if (c == '%' && last - j > 2 && is_hex(static_cast<unsigned char>(j[1])) &&
        is_hex(static_cast<unsigned char>(j[2])))
      return j + 3;
    if (c == '\\' && last - j > 1 && is_local_escape(j[1])) return j + 2;
    return j;
  };
  for (;;) {
    if (It n = part(i); n != i) {
      i = n;
    } else if (i != last && *i == '.') {
      It dots = i;
      while (dots != last && *dots == '.') ++dots;
      if (part(dots) == dots) break;
      i = dots;
    } else {
      break;
    }
  }
  return i;
}

// The spelling of a prefixed name.
struct prefixed_name_parser : x3::parser<prefixed_name_parser> {
  using attribute_type = std::string;
  static bool const has_attribute = true;
  bool needs_local = false;  // only a name with a local part (ex:a, not ex:)

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    const It end = prefixed_name_end(first, last);
    if (end == first || (needs_local && *(end - 1) == ':')) return false;
    x3::traits::move_to(std::string(first, end), attr);
    first = end;
    return true;
  }
};
prefixed_name_parser const prefixed_name{};
prefixed_name_parser const prefixed_name_with_local{{}, true};

// The IRI a prefixed name stands for, with the context's prefixes; a
// positioned failure when its prefix is not declared. `at` is where the
// name starts.
template <class Ctx>
std::string expand_prefixed(const Ctx& ctx, std::string_view spelling, const char* at) {
  const auto colon = spelling.find(':');
  const std::string_view name = spelling.substr(0, colon);
  const auto iri = find_prefix(x3::get<prefix_tag>(ctx).get(), name);
  if (!iri) throw failure(at, "!undefined prefix '" + std::string(name) + ":'");
  std::string out = *iri;
  for (std::size_t i = colon + 1; i < spelling.size(); ++i) {
    if (spelling[i] == '\\') ++i;  // an escaped character stands for itself
    out += spelling[i];
  }
  return out;
}

// prefix ex: <http://example.org/>, declaring the prefix for the rest of
// the statement. Text of another shape is not a declaration (a pattern may
// begin with an entity named prefix).
struct prefix_declaration_parser : x3::parser<prefix_declaration_parser> {
  using attribute_type = ast::prefix_declaration;
  static bool const has_attribute = true;

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    It i = first;
    const std::string_view rest(&*i, static_cast<std::size_t>(last - i));
    if (!starts_with_keyword(rest, "prefix")) return false;
    i += 6;
    if (i == last || !is_space_char(static_cast<unsigned char>(*i))) return false;
    x3::skip_over(i, last, ctx);
    It name_end = i;
    while (name_end != last && is_prefix_char(static_cast<unsigned char>(*name_end))) ++name_end;
    if (name_end == last || *name_end != ':') return false;
    const std::string name(i, name_end);
    if (!valid_prefix_name(name)) throw failure(i, "!'" + name + "' cannot name a prefix");
    It j = name_end + 1;
    x3::skip_over(j, last, ctx);
    if (j == last || *j != '<')
      throw failure(j, "!expected the prefix's IRI in angle brackets: <http://...>");
    It close = j + 1;
    while (close != last && *close != '>' && !is_space_char(static_cast<unsigned char>(*close)) &&
           *close != '<' && *close != '"')
      ++close;
    if (close == last || *close != '>')
      throw failure(j, "!expected the prefix's IRI in angle brackets: <http://...>");
    ast::prefix_declaration d;
    d.name = name;
    d.iri = std::string(j + 1, close);
    declare(x3::get<prefix_tag>(ctx).get(), d.name, d.iri);
    x3::traits::move_to(std::move(d), attr);
    first = close + 1;
    return true;
  }
};
prefix_declaration_parser const prefix_declaration{};

// The text of an attribute that may be a string or a raw iterator range.
template <class A>
std::string text_of(const A& a) {
  return std::string(a.begin(), a.end());
}

// Reads a raw literal spelling in cell syntax, throwing a positioned
// failure when it is malformed. (_where starts after the match in Boost
// 1.74, so the text's start is found from its end.)
// `written` is the length of the spelling in the text when `text` is not
// that spelling.
template <class Ctx>
kg::term read_cell(const Ctx& ctx, const std::string& text, std::size_t written = std::string::npos) {
  auto cell = kg::parse_cell(text);
  if (!cell.value) {
    const auto length = written == std::string::npos ? text.size() : written;
    const char* at = x3::_where(ctx).begin() - static_cast<std::ptrdiff_t>(length) +
                     static_cast<std::ptrdiff_t>(std::min(cell.error_offset, length));
    // A reason that is not "expected ..." is marked with '!'.
    throw failure(at, cell.error.starts_with("expected ") ? cell.error.substr(9) : "!" + cell.error);
  }
  return std::move(*cell.value);
}

// A literal: read once into its term, and kept as written.
auto const set_literal = [](auto& ctx) {
  auto& l = x3::_val(ctx);
  l.text = text_of(x3::_attr(ctx));
  // "lex"^^ex:type: the cell syntax reads the datatype's full IRI.
  const auto suffix = l.text.rfind("\"^^");
  if (suffix != std::string::npos && suffix + 3 < l.text.size() && l.text[suffix + 3] != '<') {
    const char* at = x3::_where(ctx).begin() - static_cast<std::ptrdiff_t>(l.text.size() - suffix - 3);
    const std::string full = l.text.substr(0, suffix + 3) + '<' +
                             expand_prefixed(ctx, std::string_view(l.text).substr(suffix + 3), at) + '>';
    l.value = read_cell(ctx, full, l.text.size());
    return;
  }
  l.value = read_cell(ctx, l.text);
};
// ex:name: the IRI it stands for (kg:Name: the entity).
auto const set_prefixed_literal = [](auto& ctx) {
  auto& l = x3::_val(ctx);
  l.text = x3::_attr(ctx);
  const char* at = x3::_where(ctx).begin() - static_cast<std::ptrdiff_t>(l.text.size());
  l.value = make_iri(expand_prefixed(ctx, l.text, at));
};
// A quoted string without suffix names an entity: decode its escapes.
auto const set_quoted_name = [](auto& ctx) {
  x3::_val(ctx).text = read_cell(ctx, text_of(x3::_attr(ctx))).lex;
  x3::_val(ctx).quoted = true;
};

struct variable_class : x3::annotate_on_success {};
struct name_class : x3::annotate_on_success {};
struct literal_class : x3::annotate_on_success {};
struct node_class {};
struct path_class : x3::annotate_on_success {};
struct qualifier_class : x3::annotate_on_success {};
struct triple_class : x3::annotate_on_success {};
struct operand_class {};
struct operation_class {};
struct comparison_class : x3::annotate_on_success {};
struct not_level_class : x3::annotate_on_success {};
struct and_level_class : x3::annotate_on_success {};
struct expression_class : x3::annotate_on_success {};
struct call_class : x3::annotate_on_success {};
struct optional_class : x3::annotate_on_success {};
struct not_group_class : x3::annotate_on_success {};
struct union_class : x3::annotate_on_success {};
struct braced_class : x3::annotate_on_success {};
struct filter_class : x3::annotate_on_success {};
struct element_class {};
struct group_class : x3::annotate_on_success {};
struct projection_class : x3::annotate_on_success {};
struct order_key_class : x3::annotate_on_success {};
struct pattern_query_class : x3::annotate_on_success {};
struct word_class : x3::annotate_on_success {};
struct question_class : x3::annotate_on_success {};
struct update_class : x3::annotate_on_success {};
struct import_class : x3::annotate_on_success {};
struct why_class : x3::annotate_on_success {};
struct describe_class : x3::annotate_on_success {};
struct search_class : x3::annotate_on_success {};
struct query_class {};
struct statement_class {};

x3::rule<variable_class, ast::variable> const variable = "a variable such as ?who";
x3::rule<name_class, ast::name> const name = "a name";
x3::rule<literal_class, ast::literal> const literal = "a value";
x3::rule<node_class, ast::node> const node = "a name, a value or a variable";
x3::rule<path_class, ast::path> const path = "a predicate";
x3::rule<qualifier_class, ast::qualifier> const qualifier = "a qualifier such as date: ?when";
x3::rule<triple_class, ast::triple> const triple = "a pattern";
x3::rule<operand_class, ast::operand> const operand = "a value, a variable or a function call";
x3::rule<operation_class, ast::operation> const comparison_op = "a comparison";
x3::rule<comparison_class, ast::expression> const comparison = "a condition such as ?x > 3";
x3::rule<not_level_class, ast::expression> const not_level = "a condition";
x3::rule<and_level_class, ast::expression> const and_level = "a condition";
x3::rule<expression_class, ast::expression> const expression = "a condition";
x3::rule<call_class, ast::call> const call = "a function call";
x3::rule<optional_class, ast::optional_group> const optional_group = "an optional group";
x3::rule<not_group_class, ast::not_group> const not_group = "a not group";
x3::rule<union_class, ast::union_group> const union_group = "a group in braces";
x3::rule<braced_class, ast::group> const braced = "a group in braces";
x3::rule<filter_class, ast::filter> const filter = "a filter";
x3::rule<element_class, ast::element> const element = "a pattern";
x3::rule<group_class, ast::group> const group = "a pattern";
x3::rule<projection_class, ast::projection> const projection = "select or count";
x3::rule<order_key_class, ast::order_key> const order_key = "a variable to order by";
x3::rule<pattern_query_class, ast::pattern_query> const pattern_query = "a query";
x3::rule<word_class, ast::word> const word = "a word";
x3::rule<question_class, ast::question> const question = "a question";
x3::rule<update_class, ast::update> const update = "a fact to add or remove";
x3::rule<import_class, ast::import_file> const import_file = "a file to import";
x3::rule<why_class, ast::why> const why = "a fact";
x3::rule<describe_class, ast::describe> const describe = "a name";
x3::rule<search_class, ast::search> const search = "words to search for";
x3::rule<query_class, ast::query> const query = "a query";
x3::rule<statement_class, ast::statement> const statement = "a query";

// Raw spellings of literals, checked by set_literal.
auto const quoted_raw = x3::lexeme[x3::raw['"' >> *(('\\' >> any_char) | (any_char - '"')) >> '"']];
auto const suffix_raw =
    x3::lexeme[x3::raw['@' >> +ident_char] |
               x3::raw["^^" >> (('<' >> *(any_char - '>') >> '>') | x3::omit[prefixed_name])]];
auto const iri_raw = x3::lexeme[x3::raw['<' >> *(any_char - x3::lit('>') - space_char) >> '>']];
auto const number_raw =
    x3::lexeme[x3::raw[-x3::lit('-') >> +digit >> -('.' >> +digit) >> -('-' >> +digit >> -('-' >> +digit))] >>
               !ident_char];

x3::rule<class var_name, std::string> const variable_name = "a variable name";
auto const variable_name_def = +ident_char;
auto const variable_def = x3::lexeme['?' > variable_name];
// The actions live in an inner rule: X3 tags positions of a rule whose
// right-hand side is free of actions.
x3::rule<class name_inner_class, ast::name> const name_inner = "a name";
auto const name_inner_def = bare_word[([](auto& ctx) {
                              x3::_val(ctx).text = x3::_attr(ctx);
                              x3::_val(ctx).quoted = false;
                            })] |
                            (quoted_raw >> !x3::lit('@') >> !x3::lit("^^"))[set_quoted_name];
auto const name_def = name_inner;
x3::rule<class literal_inner_class, ast::literal> const literal_inner = "a value";
auto const literal_inner_def = x3::raw[x3::lexeme[quoted_raw >> suffix_raw]][set_literal] |
                               iri_raw[set_literal] | number_raw[set_literal] |
                               prefixed_name[set_prefixed_literal];
auto const literal_def = literal_inner;
auto const node_def = variable | literal | name;
x3::rule<class repeat_class, ast::repetition> const repeat = "+ or *";
x3::symbols<ast::repetition> const kg_repetitions = [] {
  auto s = symbols_of(repetitions);
  s.remove("?");
  return s;
}();
auto const repeat_def = x3::lexeme[kg_repetitions] | x3::attr(ast::repetition::once);
auto const path_def = x3::matches['^'] >> node >> repeat;
// A qualifier key written as an IRI, <http://e/date> or ex:date, when a
// ':' follows it; its attribute is the IRI in angle brackets.
struct iri_key_parser : x3::parser<iri_key_parser> {
  using attribute_type = std::string;
  static bool const has_attribute = true;

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    const auto colon_after = [&](It i) {
      while (i != last && is_space_char(static_cast<unsigned char>(*i))) ++i;
      return i != last && *i == ':';
    };
    if (first != last && *first == '<') {
      It close = first + 1;
      while (close != last && *close != '>' && !is_space_char(static_cast<unsigned char>(*close)) &&
             *close != '<' && *close != '"')
        ++close;
      if (close == last || *close != '>' || close == first + 1 || !colon_after(close + 1)) return false;
      x3::traits::move_to(std::string(first, close + 1), attr);
      first = close + 1;
      return true;
    }
    // ex:date: reads as a name whose local part ends with ':' (Turtle's
    // names may hold one): the last ':' is the key's.
    It end = prefixed_name_end(first, last);
    if (end != first && *(end - 1) == ':' && !colon_after(end)) --end;
    const std::string_view spelling(&*first, static_cast<std::size_t>(end - first));
    const auto colon = spelling.find(':');
    if (end == first || colon == std::string_view::npos || colon + 1 == spelling.size() || !colon_after(end))
      return false;
    x3::traits::move_to('<' + expand_prefixed(ctx, spelling, &*first) + '>', attr);
    first = end;
    return true;
  }
};
iri_key_parser const iri_key{};

// Any word names a qualifier, keywords included ({when: ?d}, {where: ?p}).
x3::rule<class key_class, std::string> const qualifier_key = "a qualifier name";
auto const qualifier_key_def = iri_key | x3::lexeme[x3::raw[ident_start >> *ident_char]];
auto const qualifier_def = qualifier_key > ':' > node;
// Braces right after a pattern hold its qualifiers when they start with
// "key:"; otherwise they open the next group.
x3::rule<class qualifiers_class, std::vector<ast::qualifier>> const qualifiers = "qualifiers";
// ({ex:a p o} is a group: its first pattern starts with a prefixed name.)
auto const qualifiers_def =
    (&(x3::lit('{') >> iri_key) >> '{' > (qualifier % ',') > '}') |
    (&(x3::lit('{') >> qualifier_key >> ':') >>
     !(x3::lit('{') >> prefixed_name_with_local >> !(x3::lit(',') | '}')) >> '{' > (qualifier % ',') > '}') |
    x3::attr(std::vector<ast::qualifier>());
auto const triple_def = node >> path > node > qualifiers;

x3::rule<class cmp_class, ast::operator_kind> const cmp = "a comparison operator";
auto const cmp_def = symbols_of(operators);
x3::rule<class call_name_class, std::string> const call_name = "a function name";
auto const call_name_def = x3::lexeme[bare_word >> &x3::lit('(')];
// Any name is read as a call; an unknown one is the engine's error.
auto const set_function = [](auto& ctx) {
  x3::_val(ctx).name = x3::_attr(ctx);
  x3::_val(ctx).function = function_named(x3::_attr(ctx));
};
auto const set_arguments = [](auto& ctx) { x3::_val(ctx).arguments = std::move(x3::_attr(ctx)); };
x3::rule<class call_inner_class, ast::call> const call_inner = "a function call";
auto const call_inner_def = call_name[set_function] >> '(' > -((expression % ',')[set_arguments]) > ')';
auto const call_def = call_inner;
x3::rule<class paren_class, ast::expression> const parenthesized = "a condition in parentheses";
auto const parenthesized_def = '(' > expression > ')';
auto const operand_def = call | parenthesized | variable | literal | name;
auto const comparison_op_def = cmp > operand;
auto const no_operations = x3::attr(std::vector<ast::operation>());
auto const comparison_def = x3::attr(false) >> operand >> *comparison_op;
x3::rule<class negated_class, ast::operand> const negated_operand = "a condition";
auto const negated_operand_def = comparison;
auto const not_level_def = (((key("not") >> x3::attr(true)) > negated_operand) >> no_operations) | comparison;
x3::rule<class and_rhs_class, ast::operand> const and_rhs = "a condition";
auto const and_rhs_def = not_level;
// "and" joins conditions unless a pattern follows it: then it joins the
// filter to that pattern, as between any two elements.
// What starts an element rather than a condition: a pattern, a group.
auto const pattern_ahead =
    (node >> (x3::lit('^') | node)) | (key("not") >> '{') | key("optional") | x3::lit('{');
x3::rule<class and_op_class, ast::operation> const and_operation = "a condition";
auto const and_operation_def = just(operators, ast::operator_kind::logical_and) >> !pattern_ahead >> and_rhs;
auto const and_level_def = x3::attr(false) >> and_rhs >> *and_operation;
x3::rule<class or_rhs_class, ast::operand> const or_rhs = "a condition";
auto const or_rhs_def = and_level;
x3::rule<class or_op_class, ast::operation> const or_operation = "a condition";
auto const or_operation_def = just(operators, ast::operator_kind::logical_or) >> or_rhs;
auto const expression_def = x3::attr(false) >> or_rhs >> *or_operation;

x3::rule<class kw_where_class> const kw_where = "where";
auto const kw_where_def = key("where");
x3::rule<class kw_by_class> const kw_by = "by";
auto const kw_by_def = key("by");
x3::rule<class kw_sources_class> const kw_sources = "sources";
auto const kw_sources_def = key("sources");
auto const braced_def = '{' > group > '}';
auto const optional_group_def = key("optional") > braced;
auto const not_group_def = key("not") > braced;
auto const union_group_def = braced % key("or");
auto const filter_def = key("filter") > expression;
auto const element_def = optional_group | not_group | filter | union_group | triple;
auto const separator = x3::lit('.') | key("and");
// '.' or "and" between elements may be left out: every pattern has exactly
// three parts, and optional, not, filter and braces announce themselves.
x3::rule<class elements_class, std::vector<ast::element>> const elements = "a pattern";
auto const elements_def = element >> *(-separator >> element);
auto const group_def = elements;

x3::rule<class star_class, std::vector<ast::variable>> const star = "variables or *";
auto const star_def = ('*' >> x3::attr(std::vector<ast::variable>())) | +variable;
auto const projection_def =
    (just(projection_kinds, ast::projection_kind::select) >> x3::matches[key("distinct")] > star) |
    (just(projection_kinds, ast::projection_kind::count) >> x3::matches[key("distinct")] >>
     x3::repeat(0, 1)[variable]);
x3::rule<class direction_class, ast::sort_direction> const direction = "asc or desc";
auto const direction_def = one_of(sort_directions) | x3::attr(ast::sort_direction::asc);
auto const order_key_def = variable >> direction;
x3::rule<class grouped_class, std::vector<ast::variable>> const grouped_variables = "a variable to group by";
auto const grouped_variables_def = +variable;
x3::rule<class order_keys_class, std::vector<ast::order_key>> const order_keys = "a variable to order by";
auto const order_keys_def = +order_key;
x3::rule<class group_by_class, std::vector<ast::variable>> const group_by = "group by";
auto const group_by_def = (key("group") > kw_by > grouped_variables) | x3::attr(std::vector<ast::variable>());
x3::rule<class order_by_class, std::vector<ast::order_key>> const order_by = "order by";
auto const order_by_def = (key("order") > kw_by > order_keys) | x3::attr(std::vector<ast::order_key>());
x3::rule<class count_value_class, unsigned> const count_value = "a whole number";
auto const count_value_def = x3::uint_;
x3::rule<class limit_class, std::optional<unsigned>> const limit = "limit";
auto const limit_def = -(key("limit") > count_value);
x3::rule<class offset_class, std::optional<unsigned>> const offset = "offset";
auto const offset_def = -(key("offset") > count_value);
x3::rule<class sources_class, bool> const sources = "with sources";
auto const sources_def = x3::matches[key("with") > kw_sources];
x3::rule<class head_class, std::optional<ast::projection>> const head = "select or count";
auto const head_def = -(projection > kw_where);
auto const pattern_query_def = head >> group >> group_by >> order_by >> limit >> offset >> sources;

x3::rule<class asks_class, ast::question_word> const asks = "a question word";
auto const asks_def = one_of(question_words);
auto const set_plain_word = [](auto& ctx) {
  x3::_val(ctx).text = text_of(x3::_attr(ctx));
  x3::_val(ctx).quoted = false;
};
x3::rule<class word_inner_class, ast::word> const word_inner = "a word";
// A question's words are prose: 4,000, $4, U.S.-China, May, (the H20).
auto const word_inner_def = x3::lexeme[x3::raw[+question_char]][set_plain_word] | quoted_raw[set_quoted_name];
auto const word_def = word_inner;
x3::rule<class qmark_class> const question_mark = question_mark_wanted;
auto const question_mark_def = x3::lit('?');
// A question without a question word (did X meet Y?, in which ...?) is
// words that end in '?' and the statement: a pattern never does.
// A request (list ..., show me ..., tell me ..., name ...) needs no '?'.
x3::rule<class request_class, ast::question> const request = "a request";
auto const request_def = &(x3::no_case[x3::lit("list") | "show" | "tell" | "name" | "give" | "find"] >>
                           !ident_char) >>
                         x3::attr(ast::question_word::none) >> +word >> -x3::lit('?') >> sources >> &x3::eoi;
// A noun phrase led by "the" (the CEO of Nvidia) asks for what it names.
x3::rule<class noun_phrase_class, ast::question> const noun_phrase = "a noun phrase";
auto const noun_phrase_def = &(x3::no_case[x3::lit("the")] >> !ident_char) >>
                             x3::attr(ast::question_word::none) >> &(word >> word) >> +word >>
                             -x3::lit('?') >> sources >> &x3::eoi;
// "with sources" may follow the '?' (or end the words: see normalize).
auto const question_def =
    request | noun_phrase | (asks >> +word > question_mark > sources) |
    (x3::attr(ast::question_word::none) >> +word >> x3::lit('?') >> sources >> &x3::eoi);
x3::rule<class end_class> const end = "the end of the query";
auto const end_def = x3::eoi;
// "add new S P O": "new" is a word of the statement only when a whole
// fact follows it (add new p O adds a fact about an entity named new).
auto const confirmed_new = x3::matches[x3::no_case[x3::lit("new")] >> !ident_char >> &(node >> path >> node)];
auto const update_def = one_of(update_actions) > confirmed_new > triple;
// The inner rule holds the action, so that the outer one tags the name's
// position: an error opening the file points at it.
struct file_name_class : x3::annotate_on_success {};
x3::rule<class file_name_inner_class, ast::name> const file_name_inner = "a quoted file name";
auto const file_name_inner_def = quoted_raw[set_quoted_name];
x3::rule<file_name_class, ast::name> const file_name = "a quoted file name";
auto const file_name_def = file_name_inner;
auto const import_file_def = key("import") > file_name;
auto const why_def = key("why") > triple;
auto const describe_def = one_of(describe_verbs) > node >> sources;
struct search_text_class : x3::annotate_on_success {};
x3::rule<search_text_class, ast::name> const search_text = "words to search for, in quotes";
auto const search_text_def = file_name_inner;
auto const search_def = key("search") > search_text > limit;
auto const query_def = question | update | import_file | why | describe | search | pattern_query;
auto const statement_def =
    *prefix_declaration >> x3::matches[key("explain")] >> *prefix_declaration >> query > end;
// A statement of nothing but declarations.
x3::rule<class declarations_class, std::vector<ast::prefix_declaration>> const declarations =
    "prefix declarations";
auto const declarations_def = +prefix_declaration >> x3::eoi;

BOOST_SPIRIT_DEFINE(variable, name, literal, node, path, qualifier, triple, operand, comparison_op,
                    comparison, not_level, and_level, expression, call, optional_group, not_group,
                    union_group, braced, filter, element, group, projection, order_key, pattern_query, word,
                    question, update, import_file, why, describe, search, query, statement)

// Every rule is defined here, the small ones too. X3 parses a rule
// without a definition by carrying its right-hand side in the context, and
// then instantiates every rule it reaches again for that context: with the
// recursive conditions and groups, this made the grammar a 400 MB object
// that took clang minutes and tens of GiB to build.
BOOST_SPIRIT_DEFINE(variable_name, name_inner, literal_inner, repeat, qualifier_key, qualifiers, cmp,
                    call_name, call_inner, parenthesized, negated_operand, and_rhs, and_operation, or_rhs,
                    or_operation, kw_where, kw_by, kw_sources, elements, star, direction, grouped_variables,
                    order_keys, group_by, order_by, count_value, limit, offset, sources, head, asks,
                    word_inner, question_mark, request, noun_phrase, end, file_name_inner, file_name,
                    search_text, declarations)

}  // namespace grammar
}  // namespace kg::query

namespace kg::query {
namespace {

// Nesting is checked before parsing, so deep input fails cleanly instead
// of exhausting the stack in recursive rules.
std::optional<std::size_t> too_deep(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '{' || c == '(') {
      if (++depth > max_nesting) return i;
    } else if (c == '}' || c == ')')
      --depth;
  }
  return std::nullopt;
}

// The opening quote of a string that runs past the end of its line.
std::optional<std::size_t> unterminated_string(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (text[i] == '<') {
      // An IRI may hold a '"'-free run; skip it like the grammar does.
      std::size_t j = i + 1;
      while (j < text.size() && text[j] != '>' && text[j] != ' ' && text[j] != '\n') ++j;
      if (j < text.size() && text[j] == '>') i = j;
    } else if (text[i] == '"') {
      const std::size_t open = i;
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\')
          ++i;
        else if (text[i] == '\n')
          return open;
      }
      if (i >= text.size()) return open;
    }
  }
  return std::nullopt;
}

}  // namespace

span parsed_query::span_of(const boost::spirit::x3::position_tagged& node) const {
  const auto n = static_cast<int>(positions.size());
  if (node.id_first < 0 || node.id_first >= n || node.id_last < 0 || node.id_last >= n) return {};
  return {positions[static_cast<std::size_t>(node.id_first)],
          positions[static_cast<std::size_t>(node.id_last)]};
}

namespace {

// One statement, or why it does not parse; `open_string` is set when the
// text ends inside a string.
tl::expected<parsed_query, diagnostic> parse_part(std::string_view text, std::string_view source,
                                                  std::size_t begin, std::size_t end, bool& open_string,
                                                  const prefix_list* known) {
  namespace x3 = boost::spirit::x3;
  auto fail = [&](std::size_t offset, std::string message) {
    return tl::unexpected(diagnose_at(source, text, offset, std::move(message)));
  };
  end = std::min(end, text.size());
  begin = std::min(begin, end);
  const std::string_view part = text.substr(begin, end - begin);
  if (const auto bad = utf8::first_invalid(part)) return fail(begin + *bad, "invalid UTF-8");
  if (const auto nul = part.find('\0'); nul != std::string_view::npos)
    return fail(begin + nul, "NUL byte in a query");
  if (const auto open = unterminated_string(part)) {
    open_string = true;
    return fail(begin + *open, "unterminated string: a \" is missing");
  }
  if (const auto deep = too_deep(part))
    return fail(begin + *deep, "nested more than " + std::to_string(max_nesting) + " levels deep");

  const char* first = part.data();
  const char* const last = part.data() + part.size();
  std::ostringstream ignored;
  x3::error_handler<const char*> handler(first, last, ignored);
  parsed_query result;
  const prefix_list& before = known ? *known : well_known_prefixes();
  prefix_list prefixes = before;
  try {
    {
      // A statement of declarations only.
      const auto parser = x3::with<grammar::prefix_tag>(std::ref(prefixes))[grammar::declarations];
      std::vector<ast::prefix_declaration> declared;
      const char* at = first;
      if (x3::phrase_parse(at, last, parser, grammar::skipper, declared)) {
        for (auto& d : declared) declare(result.declared, d.name, d.iri);
        result.declarations_only = true;
        return result;
      }
      prefixes = before;
    }
    const auto parser = x3::with<grammar::prefix_tag>(
        std::ref(prefixes))[x3::with<x3::error_handler_tag>(std::ref(handler))[grammar::statement]];
    ast::statement st;
    if (!x3::phrase_parse(first, last, parser, grammar::skipper, st))
      return fail(static_cast<std::size_t>(first - text.data()), "expected a query or a question");
    result.tree = std::move(st.body);
    result.explain = st.explain;
    for (auto& d : st.prefixes) declare(result.declared, d.name, d.iri);
    for (auto& d : st.more_prefixes) declare(result.declared, d.name, d.iri);
  } catch (const grammar::failure& e) {
    // X3 fails before skipping blanks; point at the token that was found.
    const char* at = e.where();
    while (at != last && (grammar::is_space_char(static_cast<unsigned char>(*at)) || *at == '#')) {
      if (*at == '#')
        while (at != last && *at != '\n') ++at;
      else
        ++at;
    }
    // A reason that is not "expected ..." comes marked with '!'.
    const std::string& what = e.which();
    auto d = diagnose_at(source, text, static_cast<std::size_t>(at - text.data()),
                         what.starts_with('!') ? what.substr(1) : "expected " + what);
    // A second bare word where the query should end: most likely a name with a space.
    if (what == "the end of the query" && at != last && is_name_start(static_cast<unsigned char>(*at)))
      d.help = "a name with spaces is written in quotes: \"Jensen Huang\"";
    return tl::unexpected(std::move(d));
  }
  normalize(result.tree);
  for (const char* at : handler.get_position_cache().get_positions())
    result.positions.push_back(static_cast<std::size_t>(at - text.data()));
  return result;
}

// Whether a statement that does not parse ends before it is complete: it
// fails at its end or inside a string, or a pattern or a closing brace
// after it would complete it ("select ?x where" fails where it starts).
bool ended_early(std::string_view text, std::size_t begin, std::size_t end, const diagnostic& d,
                 bool open_string, const prefix_list* known) {
  if (open_string) return true;
  // A question lacking only its '?' is whole: more lines would be read as
  // more of its words.
  if (d.message == std::string("expected ") + question_mark_wanted) return false;
  const std::string_view part = text.substr(begin, end - begin);
  // Where the statement's last line ends, as a line and column of the
  // whole text (the diagnostic's terms).
  const auto line_start = text.rfind('\n', begin == 0 ? 0 : begin - 1);
  const std::size_t before =
      begin == 0 || line_start == std::string_view::npos ? begin : begin - line_start - 1;
  std::size_t lines = 1, last_line_start = 0;
  for (std::size_t i = 0; i < part.size(); ++i)
    if (part[i] == '\n') ++lines, last_line_start = i + 1;
  std::string_view last = part.substr(last_line_start);
  while (!last.empty() && (last.back() == ' ' || last.back() == '\t' || last.back() == '\r'))
    last.remove_suffix(1);
  const std::size_t end_line = static_cast<std::size_t>(std::count(
                                   text.begin(), text.begin() + static_cast<std::ptrdiff_t>(begin), '\n')) +
                               lines;
  const std::size_t end_column = last.size() + (lines == 1 ? before : 0);
  if (d.line > end_line || (d.line == end_line && d.column > end_column)) return true;
  for (const char* rest : {" ?kg_a ?kg_b ?kg_c", " }"}) {
    const std::string completed = std::string(part) + rest;
    bool open = false;
    if (parse_part(completed, "", 0, completed.size(), open, known)) return true;
  }
  return false;
}

}  // namespace

bool lacks_question_mark(const error& e) {
  return !e.diagnostics.empty() &&
         e.diagnostics.front().message == std::string("expected ") + question_mark_wanted;
}

tl::expected<parsed_query, error> parse(std::string_view text, std::string_view source, std::size_t begin,
                                        std::size_t end, const prefix_list* known) {
  end = std::min(end, text.size());
  begin = std::min(begin, end);
  if (sparql::looks_like_sparql(text.substr(begin, end - begin))) {
    auto sparql = sparql::parse(text, source, begin, end, known);
    // kg's own select may also open a braced group right after its head:
    // a statement SPARQL cannot read but kg can is kg's.
    if (!sparql && sparql.error().kind == error_kind::syntax) {
      bool open_string = false;
      auto own = parse_part(text, source, begin, end, open_string, known);
      if (own) return std::move(*own);
      // Neither reads it: the error of the one that read further is likelier
      // the writer's language.
      const auto& theirs = sparql.error().diagnostics;
      if (!theirs.empty() && std::pair{own.error().line, own.error().column} >
                                 std::pair{theirs.front().line, theirs.front().column})
        return tl::unexpected(error::in(std::move(own.error()), error_kind::syntax));
    }
    return sparql;
  }
  bool open_string = false;
  auto parsed = parse_part(text, source, begin, end, open_string, known);
  if (parsed) return std::move(*parsed);
  end = std::min(end, text.size());
  begin = std::min(begin, end);
  const auto kind = ended_early(text, begin, end, parsed.error(), open_string, known) ? error_kind::incomplete
                                                                                      : error_kind::syntax;
  return tl::unexpected(error::in(std::move(parsed.error()), kind));
}

}  // namespace kg::query
