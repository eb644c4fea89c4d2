// The filter functions and comparison operators of the query language, in
// one table each: the binder checks calls against it, the SQL emitter
// writes a call from its template, and error help and shell completion
// list its names.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace kg::engine {

// What an expression gives: a term (compared by id when both sides are
// terms), a number, text, or a truth value.
enum class value_type { term, number, text, truth };

enum class function { contains, starts_with, ends_with, lower, upper, year, month, day, length };

struct function_info {
  function fn;
  std::string_view name;
  int arity;
  value_type argument;  // every argument is read as this
  value_type result;
  // The SQL of a call in SQLite: {0}, {1} are the arguments' SQL.
  std::string_view sqlite;
  std::string_view help;
};

inline constexpr std::array<function_info, 9> functions = {{
    {function::contains, "contains", 2, value_type::text, value_type::truth, "instr({0}, {1}) > 0",
     "whether the first text contains the second"},
    {function::starts_with, "starts_with", 2, value_type::text, value_type::truth,
     "substr({0}, 1, length({1})) = {1}", "whether the first text starts with the second"},
    {function::ends_with, "ends_with", 2, value_type::text, value_type::truth,
     "substr({0}, -length({1})) = {1}", "whether the first text ends with the second"},
    {function::lower, "lower", 1, value_type::text, value_type::text, "lower({0})", "the text in lower case"},
    {function::upper, "upper", 1, value_type::text, value_type::text, "upper({0})", "the text in upper case"},
    {function::year, "year", 1, value_type::text, value_type::number,
     "CAST(nullif(substr({0}, 1, 4), '') AS INTEGER)", "the year of a date"},
    {function::month, "month", 1, value_type::text, value_type::number,
     "CAST(nullif(substr({0}, 6, 2), '') AS INTEGER)", "the month of a date"},
    {function::day, "day", 1, value_type::text, value_type::number,
     "CAST(nullif(substr({0}, 9, 2), '') AS INTEGER)", "the day of a date"},
    {function::length, "length", 1, value_type::text, value_type::number, "length({0})",
     "the length of a text, in characters"},
}};

const function_info& info(function f);
std::optional<function> function_named(std::string_view name);
// "contains, starts_with, ...": every function's name, for help lines.
std::string function_names();

enum class compare_op { eq, ne, lt, le, gt, ge };
std::optional<compare_op> compare_op_named(std::string_view op);  // =, !=, <, <=, >, >=
std::string_view sql_operator(compare_op op);                     // =, <>, <, <=, >, >=

}  // namespace kg::engine
