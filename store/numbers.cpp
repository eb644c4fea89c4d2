// The exact-number collation; see numbers.hpp.
#include "store/numbers.hpp"

#include <algorithm>
#include <cstring>
#include <optional>

#include "parser/term.hpp"
#include "store/sqlite.hpp"

namespace kg::store {
namespace {

// A number's lexical form in parts: its sign, its integer digits without
// leading zeros and its fraction digits without trailing zeros.
struct decimal_parts {
  bool negative = false;
  std::string_view whole, fraction;
};

std::optional<decimal_parts> parts_of(std::string_view s) {
  decimal_parts p;
  if (!s.empty() && s.front() == '-') {
    p.negative = true;
    s.remove_prefix(1);
  }
  const auto dot = s.find('.');
  p.whole = s.substr(0, dot);
  p.fraction = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  const auto digits = [](std::string_view d) {
    return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (p.whole.empty() || !digits(p.whole) || (dot != std::string_view::npos && p.fraction.empty()) ||
      !digits(p.fraction))
    return std::nullopt;
  while (!p.whole.empty() && p.whole.front() == '0') p.whole.remove_prefix(1);
  while (!p.fraction.empty() && p.fraction.back() == '0') p.fraction.remove_suffix(1);
  if (p.whole.empty() && p.fraction.empty()) p.negative = false;  // -0 is 0
  return p;
}

int sign(int c) { return (c > 0) - (c < 0); }

// Compares two magnitudes.
int compare_magnitudes(const decimal_parts& a, const decimal_parts& b) {
  if (a.whole.size() != b.whole.size()) return a.whole.size() < b.whole.size() ? -1 : 1;
  if (const int c = a.whole.compare(b.whole)) return sign(c);
  // Fractions without trailing zeros: the longer of two equal prefixes is more.
  return sign(a.fraction.compare(b.fraction));
}

int collate(void*, int a_size, const void* a, int b_size, const void* b) {
  return compare_exact_numbers({static_cast<const char*>(a), static_cast<std::size_t>(a_size)},
                               {static_cast<const char*>(b), static_cast<std::size_t>(b_size)});
}

}  // namespace

int compare_exact_numbers(std::string_view a, std::string_view b) {
  const auto x = parts_of(a), y = parts_of(b);
  if (!x || !y) return sign(a.compare(b));
  if (x->negative != y->negative) return x->negative ? -1 : 1;
  const int c = compare_magnitudes(*x, *y);
  return x->negative ? -c : c;
}

void register_exact_numbers(database& db) {
  const int rc = sqlite3_create_collation_v2(db.handle(), exact_number_collation, SQLITE_UTF8, nullptr,
                                             collate, nullptr);
  if (rc != SQLITE_OK) throw_error(db.handle(), rc);
}

void register_unsupported(database& db) {
  auto fail = [](sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    sqlite3_result_error(ctx, text ? text : "not supported", -1);
  };
  const int rc = sqlite3_create_function_v2(db.handle(), unsupported_function, 1, SQLITE_UTF8, nullptr, fail,
                                            nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw_error(db.handle(), rc);
}

void register_entity_iri(database& db) {
  auto iri = [](sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    if (!text) {
      sqlite3_result_null(ctx);
      return;
    }
    const auto out =
        entity_iri(std::string_view(text, static_cast<std::size_t>(sqlite3_value_bytes(argv[0]))));
    sqlite3_result_text(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
  };
  const int rc =
      sqlite3_create_function_v2(db.handle(), entity_iri_function, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                 nullptr, iri, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw_error(db.handle(), rc);
}

}  // namespace kg::store
