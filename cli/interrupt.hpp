// Ctrl-C while a statement runs: the handler sets a flag that the running
// query polls (through SQLite's progress handler) and stops at.
#pragma once

#include <atomic>

namespace kg::cli {

// Installs the SIGINT handler once; returns the flag it sets.
const std::atomic<bool>* interrupt_flag();

// Clears the flag, before the next statement.
void clear_interrupt();

// Whether a second Ctrl-C, while the flag is still set, ends kg at once
// (the default, for kg query and kg run). The shell turns it off.
void exit_on_second_interrupt(bool on);

}  // namespace kg::cli
