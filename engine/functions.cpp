#include "engine/functions.hpp"

namespace kg::engine {

const function_info& info(function f) { return functions[static_cast<std::size_t>(f)]; }

std::optional<function> function_named(std::string_view name) {
  for (const auto& f : functions)
    if (f.name == name) return f.fn;
  return std::nullopt;
}

std::string function_names() {
  std::string out;
  for (const auto& f : functions) out += (out.empty() ? "" : ", ") + std::string(f.name);
  return out;
}

namespace {
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> operators = {
    {{"=", "="}, {"!=", "<>"}, {"<", "<"}, {"<=", "<="}, {">", ">"}, {">=", ">="}}};
}

std::optional<compare_op> compare_op_named(std::string_view op) {
  for (std::size_t i = 0; i < operators.size(); ++i)
    if (operators[i].first == op) return static_cast<compare_op>(i);
  return std::nullopt;
}

std::string_view sql_operator(compare_op op) { return operators[static_cast<std::size_t>(op)].second; }

}  // namespace kg::engine
