// The shell's history file (see history.hpp).
#include "cli/history.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace kg::cli {

std::optional<std::string> history_file_problem(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return std::nullopt;
    return std::string("it cannot be examined (") + std::strerror(errno) + ")";
  }
  // A link is refused, not followed: whatever it points at is not kg's to
  // replace.
  if (S_ISLNK(st.st_mode)) return "it is a symbolic link";
  if (S_ISDIR(st.st_mode)) return "it is a folder";
  if (!S_ISREG(st.st_mode)) return "it is not a regular file";
  if (st.st_size == 0) return std::nullopt;
  static constexpr char header[] = "_HiStOrY_V2_";
  char first[sizeof header] = {};
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::string("it cannot be read (") + std::strerror(errno) + ")";
  in.read(first, sizeof first);
  const auto got = static_cast<std::size_t>(in.gcount());
  const bool history =
      got >= sizeof header - 1 && std::memcmp(first, header, sizeof header - 1) == 0 &&
      (got == sizeof header - 1 || first[sizeof header - 1] == '\n' || first[sizeof header - 1] == '\r');
  if (!history) return "it is not a history file (it does not start with _HiStOrY_V2_)";
  return std::nullopt;
}

std::optional<std::string> write_history(History* h, const std::string& path) {
  std::string tmp = path + ".XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return std::string(std::strerror(errno));
  std::FILE* f = ::fdopen(fd, "w");
  if (!f) {
    const int e = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return std::string(std::strerror(e));
  }
  HistEvent ev;
  const bool written = history(h, &ev, H_SAVE_FP, f) >= 0;
  errno = 0;
  const bool flushed = std::fflush(f) == 0 && !std::ferror(f) && ::fsync(fd) == 0;
  const int e = errno;
  const bool closed = std::fclose(f) == 0;
  if (!written || !flushed || !closed || std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int why = e ? e : errno;
    ::unlink(tmp.c_str());
    return std::string(why ? std::strerror(why) : "the history could not be written");
  }
  return std::nullopt;
}

}  // namespace kg::cli
