// SPARQL's operators and built-in functions on terms (values.hpp), after
// SPARQL 1.1 section 17 and the XPath functions it refers to. Integers and
// decimals are computed exactly; XPath's regular expressions run on
// Boost.Regex's wregex over code points, so that '.' is one character, not
// one byte; Boost's matcher keeps its own stack and gives up with an
// exception on a pathological match, where std::regex recurses until the
// process's stack overflows (a long literal would crash kg).
#include "engine/values.hpp"

#include <locale.h>
#include <openssl/evp.h>
#include <wctype.h>

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <boost/regex.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <compare>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <limits>
#include <locale>
#include <random>

#include "parser/error.hpp"
#include "parser/utf8.hpp"

namespace kg::engine::values {
namespace {

namespace mp = boost::multiprecision;
using big = mp::cpp_int;
using arguments = std::vector<term>;

// ---------------------------------------------------------------------------
// Datatypes and small term helpers

std::string xsd_type(std::string_view local) { return std::string(xsd::ns) + std::string(local); }

// Whether a typed literal's datatype is xsd:<local>.
bool has_xsd_type(const term& t, std::string_view local) {
  return t.kind == term_kind::typed && t.dt.size() == xsd::ns.size() + local.size() &&
         t.dt.starts_with(xsd::ns) && t.dt.ends_with(local);
}

bool is_node(const term& t) { return !is_literal(t.kind); }
bool is_iri_like(const term& t) { return t.kind == term_kind::entity || t.kind == term_kind::iri; }
bool is_string(const term& t) { return t.kind == term_kind::text || t.kind == term_kind::lang_text; }

// The IRI text of an entity or IRI term.
std::string iri_text(const term& t) { return t.kind == term_kind::entity ? entity_iri(t.lex) : t.lex; }

// Nodes are equal by identity, and an entity is the IRI it names.
bool same_node(const term& a, const term& b) {
  if (is_iri_like(a) && is_iri_like(b)) return iri_text(a) == iri_text(b);
  return a == b;
}

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

term text(std::string s) { return {term_kind::text, std::move(s), {}}; }

// A string result with the language tag of `model` (none when it has none).
term string_like(std::string s, const term& model) {
  if (model.kind == term_kind::lang_text) return {term_kind::lang_text, std::move(s), model.dt};
  return text(std::move(s));
}

// XSD's whitespace collapsing for the lexical forms casts read.
std::string_view trim(std::string_view s) {
  constexpr std::string_view space = " \t\n\r";
  const auto from = s.find_first_not_of(space);
  if (from == std::string_view::npos) return {};
  return s.substr(from, s.find_last_not_of(space) - from + 1);
}

int sign(std::weak_ordering o) { return o < 0 ? -1 : o > 0 ? 1 : 0; }

// ---------------------------------------------------------------------------
// Exact integers and decimals

// An xsd:integer or xsd:decimal value: units / 10^scale. XSD defines their
// arithmetic without rounding, so a double would be wrong (0.1 + 0.2 would
// print as 0.30000000000000004); cpp_dec_float would round too, only
// later, and prints in its own style. A scaled cpp_int is exact and prints
// the canonical form directly.
struct exact {
  big units;
  unsigned scale = 0;
};

big pow10(unsigned n) { return mp::pow(big(10), n); }

// The same value with a larger scale.
big units_at(const exact& x, unsigned scale) { return x.units * pow10(scale - x.scale); }

std::strong_ordering compare_exact(const exact& a, const exact& b) {
  const unsigned s = std::max(a.scale, b.scale);
  const big l = units_at(a, s), r = units_at(b, s);
  return l < r   ? std::strong_ordering::less
         : l > r ? std::strong_ordering::greater
                 : std::strong_ordering::equal;
}

exact add(const exact& a, const exact& b) {
  const unsigned s = std::max(a.scale, b.scale);
  return {units_at(a, s) + units_at(b, s), s};
}

exact negated(const exact& a) { return {-a.units, a.scale}; }

exact multiply(const exact& a, const exact& b) { return {a.units * b.units, a.scale + b.scale}; }

// XSD leaves the precision of decimal division to the implementation: 24
// fractional digits (more when the dividend has more), truncated. The
// divisor is not zero.
exact divide(const exact& a, const exact& b) {
  const unsigned digits = std::max(24u, a.scale);
  // a / b = ua * 10^(sb + digits) / (ub * 10^sa) / 10^digits
  return {a.units * pow10(b.scale + digits) / (b.units * pow10(a.scale)), digits};
}

// Toward zero, toward -inf, toward +inf: whole values (scale 0).
exact truncated(const exact& x) { return {x.units / pow10(x.scale), 0}; }

exact floored(const exact& x) {
  const big p = pow10(x.scale);
  big q = x.units / p;
  if (x.units % p < 0) --q;
  return {q, 0};
}

exact ceiled(const exact& x) { return negated(floored(negated(x))); }

// fn:round: halves go toward +inf.
exact rounded(const exact& x) { return floored(add(x, exact{5, 1})); }

exact absolute(const exact& x) { return {mp::abs(x.units), x.scale}; }

// Digits (no sign) as a cpp_int; its string constructor would read a
// leading zero as octal.
big digits_value(std::string_view digits) {
  const auto first = digits.find_first_not_of('0');
  if (first == std::string_view::npos) return 0;
  return big(std::string(digits.substr(first)));
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The XSD integer lexical form [+-]?[0-9]+ or, with `fraction`, the decimal
// one [+-]?([0-9]+(.[0-9]*)?|.[0-9]+).
std::optional<exact> parse_exact(std::string_view s, bool fraction) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  const auto dot = fraction ? s.find('.') : std::string_view::npos;
  const std::string_view whole = s.substr(0, dot);
  const std::string_view part = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  if (whole.size() + part.size() == 0 || !all_digits(whole) || !all_digits(part)) return std::nullopt;
  exact x{digits_value(std::string(whole) + std::string(part)), static_cast<unsigned>(part.size())};
  if (negative) x.units = -x.units;
  return x;
}

std::string decimal_lex(exact x) {
  while (x.scale > 0 && x.units % 10 == 0) {
    x.units /= 10;
    --x.scale;
  }
  std::string digits = big(mp::abs(x.units)).str();
  if (digits.size() <= x.scale) digits.insert(0, x.scale + 1 - digits.size(), '0');
  digits.insert(digits.size() - x.scale, ".");
  if (x.scale == 0) digits += '0';
  return x.units < 0 ? '-' + digits : digits;
}

// ---------------------------------------------------------------------------
// Floating point

// The shortest scientific form that reads back as the same double (or,
// with `single`, the same float): "1.5e+02".
std::string scientific(double x, bool single) {
  char buf[64];
  const auto end =
      single ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(x), std::chars_format::scientific).ptr
             : std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific).ptr;
  return std::string(buf, end);
}

// XSD's canonical double and float form: "1.5E2", "1.0E0", "-3.25E-1".
std::string real_lex(double x, bool single) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "INF" : "-INF";
  const std::string s = scientific(x, single);
  const auto e = s.find('e');
  std::string mantissa = s.substr(0, e);
  if (mantissa.find('.') == std::string::npos) mantissa += ".0";
  return mantissa + 'E' + std::to_string(std::atoi(s.c_str() + e + 1));
}

// The decimal a finite double prints as: its shortest round-trip digits.
exact shortest_exact(double x, bool single) {
  const std::string s = scientific(x, single);
  const auto e = s.find('e');
  const int exponent = std::atoi(s.c_str() + e + 1);
  exact m = *parse_exact(std::string_view(s).substr(0, e), true);
  if (static_cast<int>(m.scale) >= exponent) {
    m.scale -= exponent;
    return m;
  }
  return {m.units * pow10(exponent - m.scale), 0};
}

// The exact value of a finite double: binary fractions are finite decimals.
exact exact_of(double x) {
  int e = 0;
  const double fraction = std::frexp(x, &e);  // x = fraction * 2^e
  const big m(static_cast<long long>(std::ldexp(fraction, 53)));
  e -= 53;
  if (e >= 0) return {m * mp::pow(big(2), e), 0};
  return {m * mp::pow(big(5), -e), static_cast<unsigned>(-e)};
}

// XSD's double lexical form (also float's): the value, or nothing.
std::optional<double> parse_real(std::string_view s) {
  if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (s == "INF" || s == "+INF") return std::numeric_limits<double>::infinity();
  if (s == "-INF") return -std::numeric_limits<double>::infinity();
  const auto e = s.find_first_of("eE");
  if (!parse_exact(s.substr(0, e), true)) return std::nullopt;
  if (e != std::string_view::npos) {
    std::string_view exponent = s.substr(e + 1);
    if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) exponent.remove_prefix(1);
    if (exponent.empty() || !all_digits(exponent)) return std::nullopt;
  }
  return std::strtod(std::string(s).c_str(), nullptr);
}

// fn:round on a double: halves go toward +inf.
double round_real(double x) {
  const double f = std::floor(x);
  return x - f >= 0.5 ? f + 1 : f;
}

// ---------------------------------------------------------------------------
// Numbers

// The numeric types, in promotion order.
enum class numeric { integer, decimal, single, real };

struct number {
  numeric type = numeric::integer;
  exact value;      // integer (scale 0) and decimal
  double real = 0;  // float (held as the double it equals) and double
};

constexpr std::string_view integer_types[] = {"integer",
                                              "long",
                                              "int",
                                              "short",
                                              "byte",
                                              "nonNegativeInteger",
                                              "positiveInteger",
                                              "nonPositiveInteger",
                                              "negativeInteger",
                                              "unsignedLong",
                                              "unsignedInt",
                                              "unsignedShort",
                                              "unsignedByte"};

// A literal's numeric type by its datatype, valid lexical form or not.
std::optional<numeric> numeric_type(const term& t) {
  if (t.kind == term_kind::integer) return numeric::integer;
  if (t.kind == term_kind::decimal) return numeric::decimal;
  if (t.kind != term_kind::typed || !t.dt.starts_with(xsd::ns)) return std::nullopt;
  const std::string_view local = std::string_view(t.dt).substr(xsd::ns.size());
  if (std::find(std::begin(integer_types), std::end(integer_types), local) != std::end(integer_types))
    return numeric::integer;
  if (local == "decimal") return numeric::decimal;
  if (local == "float") return numeric::single;
  if (local == "double") return numeric::real;
  return std::nullopt;
}

// A numeric literal's value; nothing for other terms and for invalid
// lexical forms (numeric_value checks those and the derived types' ranges).
std::optional<number> to_number(const term& t) {
  const auto type = numeric_type(t);
  if (!type) return std::nullopt;
  if (*type == numeric::single || *type == numeric::real) {
    const auto v = parse_real(t.lex);
    if (!v) return std::nullopt;
    return number{*type, {}, *type == numeric::single ? static_cast<float>(*v) : *v};
  }
  if (!numeric_value(t)) return std::nullopt;
  const auto v = parse_exact(t.lex, *type == numeric::decimal);
  if (!v) return std::nullopt;
  return number{*type, *v, 0};
}

bool is_floating(numeric t) { return t == numeric::single || t == numeric::real; }

double to_double(const number& n) {
  return is_floating(n.type) ? n.real : std::strtod(decimal_lex(n.value).c_str(), nullptr);
}

// The number as another numeric type (XPath casting); nothing for NaN or
// an infinity made an integer or decimal. Promotion never fails.
std::optional<number> convert(const number& n, numeric to) {
  if (n.type == to) return n;
  if (is_floating(to)) {
    const double d = to_double(n);
    return number{to, {}, to == numeric::single ? static_cast<float>(d) : d};
  }
  if (is_floating(n.type) && !std::isfinite(n.real)) return std::nullopt;
  const exact v = is_floating(n.type) ? shortest_exact(n.real, n.type == numeric::single) : n.value;
  if (to == numeric::decimal) return number{to, v, 0};
  return number{to, truncated(is_floating(n.type) ? exact_of(n.real) : v), 0};
}

term number_term(const number& n) {
  switch (n.type) {
    case numeric::integer:
      return make_typed(n.value.units.str(), xsd_type("integer"));
    case numeric::decimal:
      return make_typed(decimal_lex(n.value), xsd_type("decimal"));
    case numeric::single:
      return make_typed(real_lex(n.real, true), xsd_type("float"));
    case numeric::real:
      return make_typed(real_lex(n.real, false), xsd_type("double"));
  }
  return {};
}

term integer_term(const big& v) { return number_term({numeric::integer, {v, 0}, 0}); }

std::optional<number> apply(char op, const number& a, const number& b) {
  numeric type = std::max(a.type, b.type);
  if (op == '/' && type == numeric::integer) type = numeric::decimal;
  const number x = *convert(a, type), y = *convert(b, type);
  if (is_floating(type)) {
    double r = op == '+'   ? x.real + y.real
               : op == '-' ? x.real - y.real
               : op == '*' ? x.real * y.real
                           : x.real / y.real;
    if (type == numeric::single) r = static_cast<float>(r);
    return number{type, {}, r};
  }
  switch (op) {
    case '+':
      return number{type, add(x.value, y.value), 0};
    case '-':
      return number{type, add(x.value, negated(y.value)), 0};
    case '*':
      return number{type, multiply(x.value, y.value), 0};
    default:
      if (y.value.units == 0) return std::nullopt;
      return number{type, divide(x.value, y.value), 0};
  }
}

// Numbers by value after promotion (XPath's op:numeric-less-than and
// equal); NaN is unordered.
std::partial_ordering compare_numbers(const number& a, const number& b) {
  const numeric type = std::max(a.type, b.type);
  if (is_floating(type)) return convert(a, type)->real <=> convert(b, type)->real;
  return compare_exact(a.value, b.value);
}

// A total order on numbers for ORDER BY, by exact value so that it stays
// transitive across types: NaN, -INF, the finite values, INF.
std::weak_ordering order_numbers(const number& a, const number& b) {
  const auto rank = [](const number& n) {
    if (!is_floating(n.type)) return 2;
    return std::isnan(n.real) ? 0 : std::isinf(n.real) ? (n.real < 0 ? 1 : 3) : 2;
  };
  const int ra = rank(a), rb = rank(b);
  if (ra != rb || ra != 2) return ra <=> rb;
  const auto exact_value = [](const number& n) { return is_floating(n.type) ? exact_of(n.real) : n.value; };
  return compare_exact(exact_value(a), exact_value(b));
}

// ---------------------------------------------------------------------------
// Booleans

std::optional<bool> boolean_of(std::string_view lex) {
  if (lex == "true" || lex == "1") return true;
  if (lex == "false" || lex == "0") return false;
  return std::nullopt;
}

// An xsd:boolean literal's value; nothing for others and invalid forms.
std::optional<bool> boolean_of(const term& t) {
  if (!has_xsd_type(t, "boolean")) return std::nullopt;
  return boolean_of(t.lex);
}

// ---------------------------------------------------------------------------
// Dates and times

struct date_time {
  long long year = 0;
  int month = 1, day = 1, hour = 0, minute = 0;
  exact second;
  std::optional<int> zone;  // minutes east of UTC
  std::string zone_text;    // as written: "Z", "-08:00" or ""
};

// Reads exactly `n` digits at s[i], advancing i.
std::optional<int> read_digits(std::string_view s, std::size_t& i, std::size_t n) {
  if (i + n > s.size() || !all_digits(s.substr(i, n))) return std::nullopt;
  int v = 0;
  for (std::size_t k = 0; k < n; ++k) v = v * 10 + (s[i + k] - '0');
  i += n;
  return v;
}

bool expect(std::string_view s, std::size_t& i, char c) {
  if (i >= s.size() || s[i] != c) return false;
  ++i;
  return true;
}

int days_in_month(long long year, int month) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return days[month - 1] + (month == 2 && leap ? 1 : 0);
}

// -?YYYY-MM-DD at s[i] (a year of more than four digits has no leading zero).
bool read_date(std::string_view s, std::size_t& i, date_time& d) {
  const bool negative = i < s.size() && s[i] == '-';
  if (negative) ++i;
  const std::size_t from = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  const std::size_t n = i - from;
  if (n < 4 || n > 18 || (n > 4 && s[from] == '0')) return false;
  d.year = std::stoll(std::string(s.substr(from, n))) * (negative ? -1 : 1);
  std::optional<int> month, day;
  if (!expect(s, i, '-') || !(month = read_digits(s, i, 2)) || !expect(s, i, '-') ||
      !(day = read_digits(s, i, 2)))
    return false;
  d.month = *month;
  d.day = *day;
  return d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= days_in_month(d.year, d.month);
}

// hh:mm:ss(.s+)? at s[i]; 24:00:00 is allowed.
bool read_time(std::string_view s, std::size_t& i, date_time& d) {
  std::optional<int> hour, minute, second;
  if (!(hour = read_digits(s, i, 2)) || !expect(s, i, ':') || !(minute = read_digits(s, i, 2)) ||
      !expect(s, i, ':') || !(second = read_digits(s, i, 2)))
    return false;
  std::size_t end = i;
  if (i < s.size() && s[i] == '.') {
    end = i + 1;
    while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
    if (end == i + 1) return false;
  }
  d.second = *parse_exact(s.substr(i - 2, end - i + 2), true);
  i = end;
  d.hour = *hour;
  d.minute = *minute;
  if (d.hour == 24) return d.minute == 0 && d.second.units == 0;
  return d.hour < 24 && d.minute < 60 && *second < 60;
}

// Z or (+|-)hh:mm at s[i], up to 14:00.
bool read_zone(std::string_view s, std::size_t& i, date_time& d) {
  if (i == s.size()) return true;
  const std::size_t from = i;
  if (expect(s, i, 'Z')) {
    d.zone = 0;
  } else {
    const int sign = s[i] == '-' ? -1 : 1;
    if (s[i] != '+' && s[i] != '-') return false;
    ++i;
    std::optional<int> hours, minutes;
    if (!(hours = read_digits(s, i, 2)) || !expect(s, i, ':') || !(minutes = read_digits(s, i, 2)) ||
        *minutes > 59 || *hours * 60 + *minutes > 14 * 60)
      return false;
    d.zone = sign * (*hours * 60 + *minutes);
  }
  d.zone_text = std::string(s.substr(from, i - from));
  return i == s.size();
}

std::optional<date_time> parse_date_time(std::string_view s) {
  date_time d;
  std::size_t i = 0;
  if (read_date(s, i, d) && expect(s, i, 'T') && read_time(s, i, d) && read_zone(s, i, d)) return d;
  return std::nullopt;
}

// The date-time a YEAR ... TZ function reads: an xsd:dateTime, or with
// `date_ok` also an xsd:date (kg's full date kind, midnight, no zone).
std::optional<date_time> date_time_of(const term& t, bool date_ok) {
  if (has_xsd_type(t, "dateTime")) return parse_date_time(t.lex);
  if (!date_ok || t.kind != term_kind::date || t.lex.size() != 10) return std::nullopt;
  date_time d;
  std::size_t i = 0;
  if (!read_date(t.lex, i, d)) return std::nullopt;
  return d;
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant).
long long days_from_civil(long long y, int m, int d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const long long yoe = y - era * 400;
  const long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Seconds since the epoch, reading the date-time in the given zone.
exact instant(const date_time& d, int zone_minutes) {
  const big seconds = big(days_from_civil(d.year, d.month, d.day)) * 86400 + d.hour * 3600 + d.minute * 60 -
                      zone_minutes * 60;
  return add(exact{seconds, 0}, d.second);
}

// XSD's order of date-times: one without a zone is compared with one with
// a zone for every zone from +14:00 to -14:00; nothing when that does not
// decide.
std::optional<std::weak_ordering> compare_date_times(const date_time& a, const date_time& b) {
  if (a.zone.has_value() == b.zone.has_value())
    return compare_exact(instant(a, a.zone.value_or(0)), instant(b, b.zone.value_or(0)));
  const bool a_local = !a.zone;
  const date_time& local = a_local ? a : b;
  const exact zoned = a_local ? instant(b, *b.zone) : instant(a, *a.zone);
  std::weak_ordering o = std::weak_ordering::equivalent;
  if (compare_exact(instant(local, -14 * 60), zoned) < 0)
    o = std::weak_ordering::less;
  else if (compare_exact(instant(local, 14 * 60), zoned) > 0)
    o = std::weak_ordering::greater;
  else
    return std::nullopt;
  return a_local ? o : 0 <=> o;
}

// ---------------------------------------------------------------------------
// Comparison

// A literal by the kind of value it has: a known type with a valid lexical
// form, or `other` (an unknown datatype, or a known one whose lexical form
// is invalid): those compare only by identity. Also ORDER BY's groups.
enum class group { number, string, boolean, date, date_time, other };

group group_of(const term& t) {
  switch (t.kind) {
    case term_kind::text:
    case term_kind::lang_text:
      return group::string;
    case term_kind::integer:
    case term_kind::decimal:
      return group::number;
    case term_kind::date:
      return group::date;
    default:
      break;
  }
  if (to_number(t)) return group::number;
  if (boolean_of(t)) return group::boolean;
  if (has_xsd_type(t, "dateTime") && parse_date_time(t.lex)) return group::date_time;
  return group::other;
}

// The order `<` defines between two literals; nothing when it is a type error.
std::optional<std::partial_ordering> ordered(const term& a, const term& b) {
  if (is_node(a) || is_node(b) || group_of(a) != group_of(b)) return std::nullopt;
  switch (group_of(a)) {
    case group::number:
      return compare_numbers(*to_number(a), *to_number(b));
    case group::string:
      // UTF-8 byte order is code point order.
      if (a.kind != term_kind::text || b.kind != term_kind::text) return std::nullopt;
      return a.lex <=> b.lex;
    case group::boolean:
      return *boolean_of(a) <=> *boolean_of(b);
    case group::date:
      if (a.lex.size() != b.lex.size()) return std::nullopt;
      return a.lex <=> b.lex;
    case group::date_time:
      return compare_date_times(*parse_date_time(a.lex), *parse_date_time(b.lex));
    case group::other:
      break;
  }
  return std::nullopt;
}

// RDFterm-equal, and value equality for the types SPARQL knows.
std::optional<bool> equal(const term& a, const term& b) {
  if (is_node(a) || is_node(b)) return same_node(a, b);
  const group ga = group_of(a), gb = group_of(b);
  if (ga == group::other || gb == group::other) return a == b ? std::optional<bool>(true) : std::nullopt;
  if (ga != gb) return false;
  if (ga == group::string) return a.kind == b.kind && a.lex == b.lex && iequals(a.dt, b.dt);
  if (ga == group::date) return a.lex == b.lex;
  const auto o = ordered(a, b);
  if (!o) return std::nullopt;
  return *o == 0;
}

// ---------------------------------------------------------------------------
// ORDER BY

int rank(const value& v) {
  if (!v) return 0;
  if (v->kind == term_kind::blank) return 1;
  if (is_iri_like(*v)) return 2;
  return 3 + static_cast<int>(group_of(*v));
}

// Ties within a group: by datatype, then lexical form, then tag.
std::weak_ordering by_text(const term& a, const term& b) {
  if (auto o = datatype_iri(a) <=> datatype_iri(b); o != 0) return o;
  if (auto o = a.lex <=> b.lex; o != 0) return o;
  return a.dt <=> b.dt;
}

std::weak_ordering order_in_group(group g, const term& a, const term& b) {
  std::weak_ordering o = std::weak_ordering::equivalent;
  switch (g) {
    case group::number:
      o = order_numbers(*to_number(a), *to_number(b));
      break;
    case group::string:
      // Then by tag: a plain string (no tag) first.
      o = a.lex != b.lex ? a.lex <=> b.lex : a.dt <=> b.dt;
      break;
    case group::boolean:
      o = *boolean_of(a) <=> *boolean_of(b);
      break;
    case group::date:
      o = a.lex <=> b.lex;
      break;
    case group::other:
      break;
    case group::date_time: {
      const auto x = *parse_date_time(a.lex), y = *parse_date_time(b.lex);
      o = compare_exact(instant(x, x.zone.value_or(0)), instant(y, y.zone.value_or(0)));
      break;
    }
  }
  return o != 0 ? o : by_text(a, b);
}

// ---------------------------------------------------------------------------
// Strings

std::wstring to_wide(std::string_view s) {
  std::wstring out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) out += static_cast<wchar_t>(utf8::decode(s, i));
  return out;
}

std::string to_utf8(std::wstring_view w) {
  std::string out;
  out.reserve(w.size());
  for (wchar_t c : w) utf8::append(out, static_cast<std::uint32_t>(c));
  return out;
}

// Unicode case mapping and regex character classes need a UTF-8 locale;
// C.UTF-8 is always there with glibc. Without it only ASCII changes case.
locale_t utf8_locale() {
  static const locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  return loc;
}

const std::locale* utf8_std_locale() {
  static const std::optional<std::locale> loc = []() -> std::optional<std::locale> {
    try {
      return std::locale("C.UTF-8");
    } catch (const std::runtime_error&) {
      return std::nullopt;
    }
  }();
  return loc ? &*loc : nullptr;
}

std::string map_case(std::string_view s, bool upper) {
  std::string out;
  out.reserve(s.size());
  const locale_t loc = utf8_locale();
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<wint_t>(utf8::decode(s, i));
    wint_t mapped = c;
    if (loc)
      mapped = upper ? towupper_l(c, loc) : towlower_l(c, loc);
    else if (c < 0x80)
      mapped = upper ? std::toupper(static_cast<int>(c)) : std::tolower(static_cast<int>(c));
    utf8::append(out, static_cast<std::uint32_t>(mapped));
  }
  return out;
}

// Argument compatibility (17.4.3.1.2): both simple, both tagged alike, or
// a tagged first and a simple second.
bool compatible(const term& a, const term& b) {
  if (!is_string(a) || !is_string(b)) return false;
  return b.kind == term_kind::text || (a.kind == term_kind::lang_text && iequals(a.dt, b.dt));
}

// A language tag as RDF writes one: [a-zA-Z]+(-[a-zA-Z0-9]+)*.
bool is_language_tag(std::string_view tag) {
  std::size_t i = 0;
  bool first = true;
  while (true) {
    const std::size_t from = i;
    while (i < tag.size() && (std::isalpha(static_cast<unsigned char>(tag[i])) ||
                              (!first && std::isdigit(static_cast<unsigned char>(tag[i])))))
      ++i;
    if (i == from) return false;
    if (i == tag.size()) return true;
    if (tag[i++] != '-') return false;
    first = false;
  }
}

// ---------------------------------------------------------------------------
// Regular expressions

// XPath's pattern as ECMAScript: flag s makes '.' match line breaks too,
// flag x drops whitespace outside character classes.
std::wstring translate_pattern(std::wstring_view p, bool dot_all, bool extended) {
  std::wstring out;
  bool in_class = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const wchar_t c = p[i];
    if (c == L'\\' && i + 1 < p.size()) {
      out += c;
      out += p[++i];
    } else if (in_class) {
      in_class = c != L']';
      out += c;
    } else if (c == L'[') {
      in_class = true;
      out += c;
    } else if (extended && (c == L' ' || c == L'\t' || c == L'\n' || c == L'\r')) {
      continue;
    } else if (dot_all && c == L'.') {
      out += L"[\\s\\S]";
    } else {
      out += c;
    }
  }
  return out;
}

// Flag q: every character stands for itself.
std::wstring quote_pattern(std::wstring_view p) {
  std::wstring out;
  for (wchar_t c : p) {
    if (std::wstring_view(L"\\^$.|?*+()[]{}").find(c) != std::wstring_view::npos) out += L'\\';
    out += c;
  }
  return out;
}

std::optional<boost::wregex> compile(std::string_view pattern, std::string_view flags) {
  // XPath: ^ and $ match at line ends only with flag m, '.' never matches
  // a line break unless flag s rewrote it.
  boost::wregex::flag_type syntax = boost::regex::perl | boost::regex::no_mod_m | boost::regex::no_mod_s;
  bool dot_all = false, extended = false, literal = false;
  for (char f : flags) {
    if (f == 's')
      dot_all = true;
    else if (f == 'm')
      syntax &= ~boost::regex::no_mod_m;
    else if (f == 'i')
      syntax |= boost::regex::icase;
    else if (f == 'x')
      extended = true;
    else if (f == 'q')
      literal = true;
    else
      return std::nullopt;
  }
  const std::wstring wide = to_wide(pattern);
  const std::wstring source = literal ? quote_pattern(wide) : translate_pattern(wide, dot_all, extended);
  // A bad pattern is reported only by throwing; here that is an expected
  // failure, so it becomes a value.
  try {
    boost::wregex re;
    if (const auto* loc = utf8_std_locale()) re.imbue(*loc);
    re.assign(source, syntax);
    return re;
  } catch (const boost::regex_error&) {
    return std::nullopt;
  }
}

// The compiled pattern, or nullptr when it or its flags are invalid. A
// filter calls REGEX with the same pattern row after row, so the last one
// is kept.
const boost::wregex* xpath_regex(std::string_view pattern, std::string_view flags) {
  struct entry {
    std::string pattern, flags;
    std::optional<boost::wregex> re;
  };
  thread_local std::optional<entry> last;
  if (!last || last->pattern != pattern || last->flags != flags)
    last = entry{std::string(pattern), std::string(flags), compile(pattern, flags)};
  return last->re ? &*last->re : nullptr;
}

// The error when the matcher gives up: the query's, at no position.
error too_complex(const char* function, const std::string& text) {
  return error(error_kind::semantic, std::string(function) +
                                         " gave up matching its pattern against a text of " +
                                         std::to_string(utf8::length(text)) +
                                         " characters: the pattern needs too much backtracking");
}

// XPath's replacement string for one match: $n is group n (as many digits
// as name a group), \$ and \\ are literal; any other '\' or '$' is an error.
std::optional<std::wstring> expand(std::wstring_view r, const boost::wsmatch& m) {
  const std::size_t groups = m.empty() ? 0 : m.size() - 1;
  const auto digit = [&](std::size_t i) { return i < r.size() && r[i] >= L'0' && r[i] <= L'9'; };
  std::wstring out;
  for (std::size_t i = 0; i < r.size();) {
    if (r[i] == L'\\') {
      if (i + 1 >= r.size() || (r[i + 1] != L'\\' && r[i + 1] != L'$')) return std::nullopt;
      out += r[i + 1];
      i += 2;
    } else if (r[i] == L'$') {
      if (!digit(i + 1)) return std::nullopt;
      std::size_t n = r[i + 1] - L'0';
      i += 2;
      while (digit(i) && n * 10 + (r[i] - L'0') <= groups) n = n * 10 + (r[i++] - L'0');
      if (n <= groups && m[n].matched) out += m[n].str();
    } else {
      out += r[i++];
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// The functions. Each gets its arguments bound and counted.

value fn_str(const arguments& a) {
  if (a[0].kind == term_kind::blank) return std::nullopt;
  return text(is_iri_like(a[0]) ? iri_text(a[0]) : a[0].lex);
}

value fn_lang(const arguments& a) {
  if (is_node(a[0])) return std::nullopt;
  return text(a[0].kind == term_kind::lang_text ? a[0].dt : "");
}

value fn_datatype(const arguments& a) {
  if (is_node(a[0])) return std::nullopt;
  if (a[0].kind == term_kind::lang_text) return make_iri(std::string(rdf::ns) + "langString");
  return make_iri(datatype_iri(a[0]));
}

value fn_iri(const arguments& a) {
  if (is_iri_like(a[0])) return a[0];
  if (a[0].kind != term_kind::text) return std::nullopt;
  return make_iri(a[0].lex);
}

value fn_strdt(const arguments& a) {
  if (a[0].kind != term_kind::text || !is_iri_like(a[1])) return std::nullopt;
  return make_typed(a[0].lex, iri_text(a[1]));
}

value fn_strlang(const arguments& a) {
  if (a[0].kind != term_kind::text || a[1].kind != term_kind::text || !is_language_tag(a[1].lex))
    return std::nullopt;
  return term{term_kind::lang_text, a[0].lex, a[1].lex};
}

value fn_strlen(const arguments& a) {
  if (!is_string(a[0])) return std::nullopt;
  return integer_term(utf8::length(a[0].lex));
}

// fn:substring: the characters at positions p (from 1) with
// round(start) <= p < round(start) + round(length); NaN selects nothing.
value fn_substr(const arguments& a) {
  const auto start = to_number(a[1]);
  const auto length = a.size() == 3 ? to_number(a[2]) : number{numeric::real, {}, HUGE_VAL};
  if (!is_string(a[0]) || !start || !length) return std::nullopt;
  const double first = round_real(to_double(*start));
  const double end = first + round_real(to_double(*length));
  std::string out;
  double position = 1;
  for (std::size_t i = 0; i < a[0].lex.size(); ++position) {
    const std::size_t from = i;
    utf8::decode(a[0].lex, i);
    if (position >= first && position < end) out.append(a[0].lex, from, i - from);
  }
  return string_like(std::move(out), a[0]);
}

value fn_ucase(const arguments& a) {
  if (!is_string(a[0])) return std::nullopt;
  return string_like(map_case(a[0].lex, true), a[0]);
}

value fn_lcase(const arguments& a) {
  if (!is_string(a[0])) return std::nullopt;
  return string_like(map_case(a[0].lex, false), a[0]);
}

value fn_strstarts(const arguments& a) {
  if (!compatible(a[0], a[1])) return std::nullopt;
  return boolean(a[0].lex.starts_with(a[1].lex));
}

value fn_strends(const arguments& a) {
  if (!compatible(a[0], a[1])) return std::nullopt;
  return boolean(a[0].lex.ends_with(a[1].lex));
}

value fn_contains(const arguments& a) {
  if (!compatible(a[0], a[1])) return std::nullopt;
  return boolean(a[0].lex.find(a[1].lex) != std::string::npos);
}

// STRBEFORE and STRAFTER: the part before or after the first match, tagged
// like the first argument; a plain "" when there is no match. Byte search
// is code point search in UTF-8.
value split_at(const arguments& a, bool before) {
  if (!compatible(a[0], a[1])) return std::nullopt;
  const auto at = a[0].lex.find(a[1].lex);
  if (at == std::string::npos) return text("");
  return string_like(before ? a[0].lex.substr(0, at) : a[0].lex.substr(at + a[1].lex.size()), a[0]);
}

value fn_strbefore(const arguments& a) { return split_at(a, true); }
value fn_strafter(const arguments& a) { return split_at(a, false); }

value fn_encode_for_uri(const arguments& a) {
  if (!is_string(a[0])) return std::nullopt;
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : a[0].lex) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return text(std::move(out));
}

// The tag is kept only when every argument has the same one.
value fn_concat(const arguments& a) {
  std::string out;
  bool same_tag = !a.empty();
  for (const term& t : a) {
    if (!is_string(t)) return std::nullopt;
    same_tag = same_tag && t.kind == term_kind::lang_text && iequals(t.dt, a[0].dt);
    out += t.lex;
  }
  return same_tag ? string_like(std::move(out), a[0]) : text(std::move(out));
}

// RFC 4647 basic filtering: "*" matches any tag, else the range itself or
// a prefix of the tag ending at a '-'.
value fn_langmatches(const arguments& a) {
  if (a[0].kind != term_kind::text || a[1].kind != term_kind::text) return std::nullopt;
  const std::string_view tag = a[0].lex, range = a[1].lex;
  if (range == "*") return boolean(!tag.empty());
  return boolean(iequals(tag, range) || (tag.size() > range.size() && tag[range.size()] == '-' &&
                                         iequals(tag.substr(0, range.size()), range)));
}

value fn_regex(const arguments& a) {
  const std::string_view flags = a.size() == 3 ? std::string_view(a[2].lex) : std::string_view{};
  if (!is_string(a[0]) || a[1].kind != term_kind::text || (a.size() == 3 && a[2].kind != term_kind::text))
    return std::nullopt;
  const boost::wregex* re = xpath_regex(a[1].lex, flags);
  if (!re) return std::nullopt;
  try {
    return boolean(boost::regex_search(to_wide(a[0].lex), *re));
  } catch (const std::runtime_error&) {
    throw too_complex("REGEX", a[0].lex);
  }
}

value fn_replace(const arguments& a) {
  const std::string_view flags = a.size() == 4 ? std::string_view(a[3].lex) : std::string_view{};
  if (!is_string(a[0]) || a[1].kind != term_kind::text || a[2].kind != term_kind::text ||
      (a.size() == 4 && a[3].kind != term_kind::text))
    return std::nullopt;
  const boost::wregex* re = xpath_regex(a[1].lex, flags);
  const std::wstring replacement = to_wide(a[2].lex);
  // XPath: a pattern that matches the empty string is an error, and so is
  // a malformed replacement even when nothing matches.
  if (!re || boost::regex_search(std::wstring(), *re) || !expand(replacement, boost::wsmatch{}))
    return std::nullopt;
  const std::wstring in = to_wide(a[0].lex);
  std::wstring out;
  auto rest = in.cbegin();
  try {
    for (boost::wsregex_iterator it(in.cbegin(), in.cend(), *re), end; it != end; ++it) {
      out.append(rest, (*it)[0].first);
      out += *expand(replacement, *it);
      rest = (*it)[0].second;
    }
  } catch (const std::runtime_error&) {
    throw too_complex("REPLACE", a[0].lex);
  }
  out.append(rest, in.cend());
  return string_like(to_utf8(out), a[0]);
}

// ABS, ROUND, CEIL, FLOOR: the argument's type out (a derived integer type
// as xsd:integer).
value on_number(const term& t, exact (*on_exact)(const exact&), double (*on_real)(double)) {
  auto n = to_number(t);
  if (!n) return std::nullopt;
  if (is_floating(n->type)) {
    n->real = on_real(n->real);
    if (n->type == numeric::single) n->real = static_cast<float>(n->real);
  } else {
    n->value = on_exact(n->value);
  }
  return number_term(*n);
}

value fn_abs(const arguments& a) {
  return on_number(a[0], absolute, [](double x) { return std::fabs(x); });
}
value fn_round(const arguments& a) { return on_number(a[0], rounded, round_real); }
value fn_ceil(const arguments& a) {
  return on_number(a[0], ceiled, [](double x) { return std::ceil(x); });
}
value fn_floor(const arguments& a) {
  return on_number(a[0], floored, [](double x) { return std::floor(x); });
}

std::mt19937_64& generator() {
  thread_local std::mt19937_64 g{std::random_device{}()};
  return g;
}

value fn_rand(const arguments&) {
  return number_term({numeric::real, {}, std::uniform_real_distribution<double>(0, 1)(generator())});
}

value fn_now(const arguments&) {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  return make_typed(buf, xsd_type("dateTime"));
}

// YEAR, MONTH, DAY read xsd:date too; HOURS, MINUTES, SECONDS only dateTime.
template <auto field, bool date_ok>
value date_part(const arguments& a) {
  const auto d = date_time_of(a[0], date_ok);
  if (!d) return std::nullopt;
  return integer_term((*d).*field);
}

value fn_seconds(const arguments& a) {
  const auto d = date_time_of(a[0], false);
  if (!d) return std::nullopt;
  return number_term({numeric::decimal, d->second, 0});
}

// The zone as an xsd:dayTimeDuration: "PT0S", "-PT8H", "PT5H30M".
value fn_timezone(const arguments& a) {
  const auto d = date_time_of(a[0], true);
  if (!d || !d->zone) return std::nullopt;
  const int minutes = std::abs(*d->zone);
  std::string out = *d->zone < 0 ? "-PT" : "PT";
  if (minutes / 60) out += std::to_string(minutes / 60) + 'H';
  if (minutes % 60) out += std::to_string(minutes % 60) + 'M';
  if (minutes == 0) out += "0S";
  return make_typed(std::move(out), xsd_type("dayTimeDuration"));
}

value fn_tz(const arguments& a) {
  const auto d = date_time_of(a[0], true);
  if (!d) return std::nullopt;
  return text(d->zone_text);
}

// A random (version 4) UUID: "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string random_uuid() {
  std::uint64_t hi = generator()(), lo = generator()();
  hi = (hi & ~0xF000ULL) | 0x4000ULL;
  lo = (lo & ~(3ULL << 62)) | (2ULL << 62);
  char buf[40];
  std::snprintf(
      buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx", static_cast<unsigned long long>(hi >> 32),
      static_cast<unsigned long long>((hi >> 16) & 0xFFFF), static_cast<unsigned long long>(hi & 0xFFFF),
      static_cast<unsigned long long>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

value fn_uuid(const arguments&) { return make_iri("urn:uuid:" + random_uuid()); }
value fn_struuid(const arguments&) { return text(random_uuid()); }

// MD5, SHA1, ...: lower-case hex of the UTF-8 bytes of a simple literal.
template <const EVP_MD* (*md)()>
value digest(const arguments& a) {
  if (a[0].kind != term_kind::text) return std::nullopt;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  if (!EVP_Digest(a[0].lex.data(), a[0].lex.size(), out, &length, md(), nullptr)) return std::nullopt;
  static constexpr char hex[] = "0123456789abcdef";
  std::string s;
  for (unsigned i = 0; i < length; ++i) {
    s += hex[out[i] >> 4];
    s += hex[out[i] & 15];
  }
  return text(std::move(s));
}

value fn_isiri(const arguments& a) { return boolean(is_iri_like(a[0])); }
value fn_isblank(const arguments& a) { return boolean(a[0].kind == term_kind::blank); }
value fn_isliteral(const arguments& a) { return boolean(is_literal(a[0].kind)); }
value fn_isnumeric(const arguments& a) { return boolean(to_number(a[0]).has_value()); }

value fn_sameterm(const arguments& a) {
  return boolean(is_node(a[0]) && is_node(a[1]) ? same_node(a[0], a[1]) : a[0] == a[1]);
}

// ---------------------------------------------------------------------------
// Casts (17.5)

// A numeric cast: from a string in the target type's lexical form, from a
// boolean (1 or 0), or from another number by XPath's conversion.
value cast_number(numeric to, const term& t) {
  std::optional<number> n;
  if (t.kind == term_kind::text) {
    const std::string_view s = trim(t.lex);
    if (is_floating(to)) {
      if (const auto r = parse_real(s)) n = number{numeric::real, {}, *r};
    } else if (const auto x = parse_exact(s, to == numeric::decimal)) {
      n = number{to, *x, 0};
    }
  } else if (const auto b = boolean_of(t)) {
    n = number{numeric::integer, {*b ? 1 : 0, 0}, 0};
  } else {
    n = to_number(t);
  }
  if (!n) return std::nullopt;
  const auto converted = convert(*n, to);
  if (!converted) return std::nullopt;
  return number_term(*converted);
}

// XPath's string form of a decimal: no ".0" for a whole number.
std::string decimal_string(const exact& x) {
  std::string s = decimal_lex(x);
  return s.ends_with(".0") ? s.substr(0, s.size() - 2) : s;
}

// XPath's string form of a number: doubles of moderate size are written
// as decimals ("1", "1.25"), others in canonical E notation.
std::string number_string(const number& n) {
  if (!is_floating(n.type)) return decimal_string(n.value);
  const double m = std::fabs(n.real);
  if (m == 0) return std::signbit(n.real) ? "-0" : "0";
  if (m >= 1e-6 && m < 1e6) return decimal_string(shortest_exact(n.real, n.type == numeric::single));
  return real_lex(n.real, n.type == numeric::single);
}

value cast_string(const term& t) {
  if (t.kind == term_kind::blank) return std::nullopt;
  if (is_iri_like(t)) return text(iri_text(t));
  if (const auto n = to_number(t)) return text(number_string(*n));
  if (const auto b = boolean_of(t)) return text(*b ? "true" : "false");
  return text(t.lex);
}

value cast_boolean(const term& t) {
  if (t.kind == term_kind::text) {
    const auto b = boolean_of(trim(t.lex));
    return b ? value(boolean(*b)) : std::nullopt;
  }
  if (const auto b = boolean_of(t)) return boolean(*b);
  const auto n = to_number(t);
  if (!n) return std::nullopt;
  if (is_floating(n->type)) return boolean(n->real != 0 && !std::isnan(n->real));
  return boolean(n->value.units != 0);
}

value cast_date_time(const term& t) {
  if (t.kind != term_kind::text && !has_xsd_type(t, "dateTime")) return std::nullopt;
  const std::string_view s = trim(t.lex);
  if (!parse_date_time(s)) return std::nullopt;
  return make_typed(std::string(s), xsd_type("dateTime"));
}

// ---------------------------------------------------------------------------
// The function table

struct function_def {
  std::string_view name;
  std::size_t least, most;  // arity
  value (*fn)(const arguments&);
};

constexpr std::size_t any = std::numeric_limits<std::size_t>::max();

#define KG_XSD "http://www.w3.org/2001/XMLSchema#"

const function_def functions[] = {
    {"str", 1, 1, fn_str},
    {"lang", 1, 1, fn_lang},
    {"datatype", 1, 1, fn_datatype},
    {"iri", 1, 1, fn_iri},
    {"uri", 1, 1, fn_iri},
    {"strdt", 2, 2, fn_strdt},
    {"strlang", 2, 2, fn_strlang},
    {"strlen", 1, 1, fn_strlen},
    {"substr", 2, 3, fn_substr},
    {"ucase", 1, 1, fn_ucase},
    {"lcase", 1, 1, fn_lcase},
    {"strstarts", 2, 2, fn_strstarts},
    {"strends", 2, 2, fn_strends},
    {"contains", 2, 2, fn_contains},
    {"strbefore", 2, 2, fn_strbefore},
    {"strafter", 2, 2, fn_strafter},
    {"encode_for_uri", 1, 1, fn_encode_for_uri},
    {"concat", 0, any, fn_concat},
    {"langmatches", 2, 2, fn_langmatches},
    {"regex", 2, 3, fn_regex},
    {"replace", 3, 4, fn_replace},
    {"abs", 1, 1, fn_abs},
    {"round", 1, 1, fn_round},
    {"ceil", 1, 1, fn_ceil},
    {"floor", 1, 1, fn_floor},
    {"rand", 0, 0, fn_rand},
    {"now", 0, 0, fn_now},
    {"year", 1, 1, date_part<&date_time::year, true>},
    {"month", 1, 1, date_part<&date_time::month, true>},
    {"day", 1, 1, date_part<&date_time::day, true>},
    {"hours", 1, 1, date_part<&date_time::hour, false>},
    {"minutes", 1, 1, date_part<&date_time::minute, false>},
    {"seconds", 1, 1, fn_seconds},
    {"timezone", 1, 1, fn_timezone},
    {"tz", 1, 1, fn_tz},
    {"uuid", 0, 0, fn_uuid},
    {"struuid", 0, 0, fn_struuid},
    {"md5", 1, 1, digest<EVP_md5>},
    {"sha1", 1, 1, digest<EVP_sha1>},
    {"sha256", 1, 1, digest<EVP_sha256>},
    {"sha384", 1, 1, digest<EVP_sha384>},
    {"sha512", 1, 1, digest<EVP_sha512>},
    {"isiri", 1, 1, fn_isiri},
    {"isuri", 1, 1, fn_isiri},
    {"isblank", 1, 1, fn_isblank},
    {"isliteral", 1, 1, fn_isliteral},
    {"isnumeric", 1, 1, fn_isnumeric},
    {"sameterm", 2, 2, fn_sameterm},
    {KG_XSD "integer", 1, 1, [](const arguments& a) { return cast_number(numeric::integer, a[0]); }},
    {KG_XSD "decimal", 1, 1, [](const arguments& a) { return cast_number(numeric::decimal, a[0]); }},
    {KG_XSD "float", 1, 1, [](const arguments& a) { return cast_number(numeric::single, a[0]); }},
    {KG_XSD "double", 1, 1, [](const arguments& a) { return cast_number(numeric::real, a[0]); }},
    {KG_XSD "string", 1, 1, [](const arguments& a) { return cast_string(a[0]); }},
    {KG_XSD "boolean", 1, 1, [](const arguments& a) { return cast_boolean(a[0]); }},
    {KG_XSD "dateTime", 1, 1, [](const arguments& a) { return cast_date_time(a[0]); }},
};

#undef KG_XSD

const function_def* find_function(std::string_view name, std::size_t arity) {
  for (const auto& f : functions)
    if (f.name == name) return arity >= f.least && arity <= f.most ? &f : nullptr;
  return nullptr;
}

}  // namespace

term boolean(bool b) { return make_typed(b ? "true" : "false", xsd_type("boolean")); }

std::optional<bool> ebv(const value& v) {
  if (!v) return std::nullopt;
  if (is_string(*v)) return !v->lex.empty();
  if (numeric_type(*v)) {
    // An invalid lexical form is false (17.2.2), as is NaN.
    const auto n = to_number(*v);
    if (!n) return false;
    if (is_floating(n->type)) return n->real != 0 && !std::isnan(n->real);
    return n->value.units != 0;
  }
  if (has_xsd_type(*v, "boolean")) return boolean_of(*v).value_or(false);
  return std::nullopt;
}

value arithmetic(char op, const value& a, const value& b) {
  if (!a || !b || std::string_view("+-*/").find(op) == std::string_view::npos) return std::nullopt;
  const auto x = to_number(*a), y = to_number(*b);
  if (!x || !y) return std::nullopt;
  const auto r = apply(op, *x, *y);
  if (!r) return std::nullopt;
  return number_term(*r);
}

value negate(const value& a) {
  if (!a) return std::nullopt;
  auto n = to_number(*a);
  if (!n) return std::nullopt;
  n->value = negated(n->value);
  n->real = -n->real;
  return number_term(*n);
}

value plus(const value& a) {
  if (!a) return std::nullopt;
  const auto n = to_number(*a);
  if (!n) return std::nullopt;
  return number_term(*n);
}

std::optional<bool> compare(std::string_view op, const value& a, const value& b) {
  if (!a || !b) return std::nullopt;
  if (op == "=" || op == "!=") {
    const auto e = equal(*a, *b);
    if (!e) return std::nullopt;
    return op == "=" ? *e : !*e;
  }
  const auto o = ordered(*a, *b);
  if (!o) return std::nullopt;
  if (op == "<") return *o < 0;
  if (op == "<=") return *o <= 0;
  if (op == ">") return *o > 0;
  if (op == ">=") return *o >= 0;
  return std::nullopt;
}

int order(const value& a, const value& b) {
  const int ra = rank(a), rb = rank(b);
  if (ra != rb || ra == 0) return ra < rb ? -1 : ra > rb ? 1 : 0;
  if (ra == 1) return sign(a->lex <=> b->lex);
  if (ra == 2) return sign(iri_text(*a) <=> iri_text(*b));
  return sign(order_in_group(group_of(*a), *a, *b));
}

bool known(std::string_view name, std::size_t arity) { return find_function(name, arity) != nullptr; }

value call(std::string_view name, const std::vector<value>& args) {
  const function_def* f = find_function(name, args.size());
  if (!f) return std::nullopt;
  arguments bound;
  bound.reserve(args.size());
  for (const value& v : args) {
    if (!v) return std::nullopt;
    bound.push_back(*v);
  }
  return f->fn(bound);
}

term iri(std::string_view text) { return make_iri(text); }

}  // namespace kg::engine::values
