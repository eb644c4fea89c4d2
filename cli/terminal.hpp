// What kg needs to know about the terminal it talks to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace kg::cli {

bool stdout_is_tty();
bool stderr_is_tty();
bool stdin_is_tty();

// The terminal's width in columns (80 when it cannot be told).
std::size_t terminal_width();

// Whether to colour output on stdout: a terminal, and NO_COLOR unset.
bool use_color();

// 1234567 -> "1,234,567".
std::string thousands(std::uint64_t n);

// A byte count for people: "812 B", "4.2 MB".
std::string human_bytes(std::uint64_t n);

}  // namespace kg::cli
