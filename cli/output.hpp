// Printing answers: table, tsv, csv, json and jsonl.
#pragma once

#include <ostream>
#include <string>

#include "store/query.hpp"

namespace kg::cli {

// Writes an answer in a format: "table" (aligned, with a row count), "tsv"
// and "csv" (a header of variable names, then cells in kg's cell syntax),
// "json" (an array of objects) or "jsonl" (an object per line).
void print_answer(const store::answer& a, const std::string& format, std::ostream& out);

}  // namespace kg::cli
