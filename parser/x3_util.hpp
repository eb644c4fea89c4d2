// Small Spirit X3 building blocks shared by kg's grammars. Character
// classes are predicates over bytes, so bytes >= 0x80 (UTF-8) never reach
// X3's `standard` classes, which assert on them in Boost 1.74.
#pragma once

#include <array>
#include <boost/spirit/home/x3.hpp>
#include <concepts>
#include <string>

namespace kg::x3_util {

namespace x3 = boost::spirit::x3;

// One byte that satisfies a predicate.
template <bool (*Pred)(unsigned char)>
struct byte_if_parser : x3::parser<byte_if_parser<Pred>> {
  using attribute_type = char;
  static bool const has_attribute = true;

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr& attr) const {
    if (first == last || !Pred(static_cast<unsigned char>(*first))) return false;
    x3::traits::move_to(*first, attr);
    ++first;
    return true;
  }
};

// One or more bytes that satisfy a predicate, matched with a table built
// once: the long plain runs of IRIs and strings, without a parser call per
// byte. Its attribute is unused; wrap it in x3::raw for the bytes.
template <bool (*Pred)(unsigned char)>
struct byte_run_parser : x3::parser<byte_run_parser<Pred>> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const {
    static const auto table = [] {
      std::array<bool, 256> t{};
      for (int c = 0; c < 256; ++c) t[static_cast<std::size_t>(c)] = Pred(static_cast<unsigned char>(c));
      return t;
    }();
    It i = first;
    while (i != last && table[static_cast<unsigned char>(*i)]) ++i;
    if (i == first) return false;
    first = i;
    return true;
  }
};

inline bool is_space(unsigned char c) { return c == ' ' || c == '\t'; }
inline bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
inline bool is_alnum(unsigned char c) { return is_alpha(c) || is_digit(c); }
inline bool is_any(unsigned char) { return true; }

}  // namespace kg::x3_util

// What an expectation names when it fails: X3 names a parser it has no
// description for by its mangled C++ type. An action, a repetition, an
// optional part or a directive is described by what it wraps, a sequence
// by its first part and an alternative by its choices.
namespace boost::spirit::x3 {

template <typename Subject, typename Action>
struct get_info<action<Subject, Action>> {
  using result_type = std::string;
  std::string operator()(action<Subject, Action> const& p) const { return what(p.subject); }
};

#define KG_X3_WHAT_OF_SUBJECT(wrapper)                                                  \
  template <typename Subject>                                                           \
  struct get_info<wrapper<Subject>> {                                                   \
    using result_type = std::string;                                                    \
    std::string operator()(wrapper<Subject> const& p) const { return what(p.subject); } \
  };
KG_X3_WHAT_OF_SUBJECT(plus)
KG_X3_WHAT_OF_SUBJECT(kleene)
KG_X3_WHAT_OF_SUBJECT(optional)
KG_X3_WHAT_OF_SUBJECT(expect_directive)
KG_X3_WHAT_OF_SUBJECT(raw_directive)
KG_X3_WHAT_OF_SUBJECT(lexeme_directive)
KG_X3_WHAT_OF_SUBJECT(no_skip_directive)
KG_X3_WHAT_OF_SUBJECT(omit_directive)
#undef KG_X3_WHAT_OF_SUBJECT

// A parser of kg's that says what it reads (a keyword, say).
template <typename Parser>
requires requires(Parser const& p) {
  { p.description() } -> std::convertible_to<std::string>;
}
struct get_info<Parser> {
  using result_type = std::string;
  std::string operator()(Parser const& p) const { return p.description(); }
};

template <typename Left, typename Right>
struct get_info<sequence<Left, Right>> {
  using result_type = std::string;
  std::string operator()(sequence<Left, Right> const& p) const { return what(p.left); }
};

template <typename Left, typename Right>
struct get_info<alternative<Left, Right>> {
  using result_type = std::string;
  std::string operator()(alternative<Left, Right> const& p) const {
    return what(p.left) + " or " + what(p.right);
  }
};

template <typename Left, typename Right>
struct get_info<list<Left, Right>> {
  using result_type = std::string;
  std::string operator()(list<Left, Right> const& p) const { return what(p.left); }
};

}  // namespace boost::spirit::x3
