// Small Spirit X3 building blocks shared by kg's grammars. Character
// classes are predicates over bytes, so bytes >= 0x80 (UTF-8) never reach
// X3's `standard` classes, which assert on them in Boost 1.74.
#pragma once

#include <array>
#include <boost/spirit/home/x3.hpp>

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
