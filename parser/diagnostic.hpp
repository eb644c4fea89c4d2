// Positioned error messages in one format for every input kg reads:
//
//   file:line:col: error: message
//     the offending line
//           ^
//   help: an optional hint
//
// Lines and columns are 1-based; columns count code points; CRLF is one
// line break.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "parser/error.hpp"

namespace kg {

// Positions a diagnostic at a byte offset of a whole text.
diagnostic diagnose_at(std::string_view file, std::string_view text, std::size_t offset, std::string message);

// Positions a diagnostic at a byte offset within one line whose number is known.
diagnostic diagnose_in_line(std::string_view file, std::size_t line_number, std::string_view line,
                            std::size_t offset, std::string message);

// Renders the diagnostic as text (no trailing newline). Long lines are
// shown as a window around the column; control characters and invalid
// UTF-8 are replaced so the caret stays aligned.
std::string render(const diagnostic& d);

// Renders an error as the command line shows it: at its position (like a
// diagnostic), as its file's diagnostics and their sum, or else as
// "kg: error: message" with its help line.
std::string render(const error& e);

}  // namespace kg
