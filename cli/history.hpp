// The shell's history file: which files kg may read and replace as its
// history, and saving it whole or not at all.
#pragma once

#include <histedit.h>

#include <optional>
#include <string>

namespace kg::cli {

// Why `path` must not be the shell's history file, or nullopt when it may
// be: a missing file, an empty one, or a regular file whose first line is
// libedit's header "_HiStOrY_V2_". A symbolic link, a folder, a device, a
// FIFO or socket, and a file holding anything else (another program's
// text, binary data) are refused, so that saving never overwrites them.
std::optional<std::string> history_file_problem(const std::string& path);

// Writes the history to `path` through a new file beside it (mode 0600)
// that is renamed over it, so that a crash or a full disk never leaves half
// a history file; returns why it could not, or nullopt.
std::optional<std::string> write_history(History* h, const std::string& path);

}  // namespace kg::cli
