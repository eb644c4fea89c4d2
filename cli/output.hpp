// Printing answers: table, tsv, csv, json and jsonl.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "store/query.hpp"

namespace kg::cli {

// Writes an answer in a format: "table" (aligned, with a row count), "tsv"
// and "csv" (a header of variable names, then cells in kg's cell syntax),
// "json" (an array of objects) or "jsonl" (an object per line).
// Unbound cells (from optional or or groups) are empty, or null in JSON.
void print_answer(const store::answer& a, const std::string& format, std::ostream& out);

// A cell in kg's cell syntax; "" when unbound.
std::string cell_text(const std::optional<term>& t);

// Prints what a statement gave: its answer (or, for explain, the pattern
// form, SQL and plan) to out, and notes (what changed, "no answers ...")
// to err.
void print_result(const store::answer& a, const std::string& format, std::ostream& out, std::ostream& err);

}  // namespace kg::cli
