// What the filter functions mean: one row per function (its name is the
// grammar's, parser/keywords.hpp), with its arity, the types it reads and
// gives, and its SQL. The binder checks calls against it, the emitter
// writes a call from it, and error help lists it.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "parser/keywords.hpp"

namespace kg::engine {

// What an expression gives: a term (compared by id when both sides are
// terms), a number, text, or a truth value.
enum class value_type { term, number, text, truth };

using function = query::ast::function_kind;

struct function_info {
  function fn;
  int arity;
  value_type argument;  // every argument is read as this
  value_type result;
  // The SQL of a call in SQLite: {0}, {1} are the arguments' SQL.
  std::string_view sqlite;
  std::string_view help;
};

inline constexpr std::array<function_info, 9> functions = {{
    {function::contains, 2, value_type::text, value_type::truth, "instr({0}, {1}) > 0",
     "whether the first text contains the second"},
    {function::starts_with, 2, value_type::text, value_type::truth, "substr({0}, 1, length({1})) = {1}",
     "whether the first text starts with the second"},
    {function::ends_with, 2, value_type::text, value_type::truth, "substr({0}, -length({1})) = {1}",
     "whether the first text ends with the second"},
    {function::lower, 1, value_type::text, value_type::text, "lower({0})", "the text in lower case"},
    {function::upper, 1, value_type::text, value_type::text, "upper({0})", "the text in upper case"},
    {function::year, 1, value_type::text, value_type::number,
     "CAST(nullif(substr({0}, 1, 4), '') AS INTEGER)", "the year of a date"},
    {function::month, 1, value_type::text, value_type::number,
     "CAST(nullif(substr({0}, 6, 2), '') AS INTEGER)", "the month of a date"},
    {function::day, 1, value_type::text, value_type::number, "CAST(nullif(substr({0}, 9, 2), '') AS INTEGER)",
     "the day of a date"},
    {function::length, 1, value_type::text, value_type::number, "length({0})",
     "the length of a text, in characters"},
}};

// The row of a known function (not function::unknown).
const function_info& info(function f);

// A comparison (=, !=, <, <=, >, >=) as SQL spells it.
std::string_view sql_operator(query::ast::operator_kind op);

}  // namespace kg::engine
