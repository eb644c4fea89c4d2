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

namespace kg {

struct diagnostic {
  std::string file;
  std::size_t line = 0;    // 0 when the error has no position
  std::size_t column = 0;  // 0 when only the line is known
  std::string message;
  std::string source_line;  // the text of the line, without its line break
  std::string help;
};

// Positions a diagnostic at a byte offset of a whole text.
diagnostic diagnose_at(std::string_view file, std::string_view text, std::size_t offset,
                       std::string message);

// Positions a diagnostic at a byte offset within one line whose number is known.
diagnostic diagnose_in_line(std::string_view file, std::size_t line_number,
                            std::string_view line, std::size_t offset, std::string message);

// Renders the diagnostic as text (no trailing newline). Long lines are
// shown as a window around the column; control characters and invalid
// UTF-8 are replaced so the caret stays aligned.
std::string render(const diagnostic& d);

}  // namespace kg
