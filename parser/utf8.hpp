// UTF-8 validation and code-point counting, used to position diagnostics
// (columns are counted in code points) and to refuse invalid text early.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kg::utf8 {

// Returns the byte offset of the first byte that does not start a valid
// UTF-8 sequence (overlongs, surrogates and values past U+10FFFF are
// invalid), or nothing when the whole text is valid.
std::optional<std::size_t> first_invalid(std::string_view text);

// Number of code points in a valid UTF-8 text (invalid bytes count as one).
std::size_t length(std::string_view text);

// Appends the UTF-8 encoding of a code point; returns false (appending
// nothing) for surrogates and values past U+10FFFF.
bool append(std::string& out, std::uint32_t cp);

// Decodes the code point starting at text[i], advancing i. Assumes valid UTF-8.
std::uint32_t decode(std::string_view text, std::size_t& i);

}  // namespace kg::utf8
