// Rendering of positioned errors; see diagnostic.hpp for the format.
#include "parser/diagnostic.hpp"

#include <algorithm>
#include <vector>

#include "parser/utf8.hpp"

namespace kg {
namespace {

// Splits a line into display units (one per code point or invalid byte),
// each already made printable: those from unit `first` up to unit `last`,
// and whether the line has more units after them. Only the shown window is
// built, so that a line of many megabytes costs no more than a short one.
struct display_window {
  std::vector<std::string> units;
  bool more = false;
};

display_window display_units(std::string_view line, std::size_t first, std::size_t last) {
  display_window w;
  std::size_t i = 0;
  for (std::size_t n = 0; i < line.size() && n < last; ++n) {
    const auto c = static_cast<unsigned char>(line[i]);
    std::size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    std::string_view unit;
    if (i + len > line.size() || utf8::first_invalid(line.substr(i, len))) {
      unit = "\xEF\xBF\xBD";  // U+FFFD
      len = 1;
    } else if (c == '\t') {
      unit = "\t";
    } else if (c < 0x20 || c == 0x7F) {
      unit = "\xEF\xBF\xBD";
    } else {
      unit = line.substr(i, len);
    }
    if (n >= first) w.units.emplace_back(unit);
    i += len;
  }
  w.more = i < line.size();
  return w;
}

std::size_t column_of(std::string_view line, std::size_t offset) {
  return utf8::length(line.substr(0, std::min(offset, line.size()))) + 1;
}

}  // namespace

diagnostic diagnose_in_line(std::string_view file, std::size_t line_number, std::string_view line,
                            std::size_t offset, std::string message) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  diagnostic d;
  d.file = file;
  d.line = line_number;
  d.column = column_of(line, offset);
  d.message = std::move(message);
  d.source_line = line;
  return d;
}

diagnostic diagnose_at(std::string_view file, std::string_view text, std::size_t offset,
                       std::string message) {
  offset = std::min(offset, text.size());
  std::size_t line_number = 1 + std::count(text.begin(), text.begin() + offset, '\n');
  std::size_t start = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  start = start == std::string_view::npos ? 0 : start + 1;
  std::size_t end = text.find('\n', offset);
  if (end == std::string_view::npos) end = text.size();
  return diagnose_in_line(file, line_number, text.substr(start, end - start), offset - start,
                          std::move(message));
}

namespace {

// A message or help text cut to a screenful: one that quotes a huge name or
// value back must not echo megabytes of input.
std::string shortened(const std::string& text) {
  constexpr std::size_t most = 480;
  if (text.size() <= most) return text;
  std::size_t cut = most;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return text.substr(0, cut) + "\xE2\x80\xA6 (" + std::to_string(text.size() - cut) + " bytes more)";
}

}  // namespace

std::string render(const diagnostic& d) {
  std::string out = d.file;
  if (d.line > 0) {
    out += ':' + std::to_string(d.line);
    if (d.column > 0) out += ':' + std::to_string(d.column);
  }
  out += ": error: " + shortened(d.message);
  if (d.line > 0 && d.column > 0 && !d.source_line.empty()) {
    constexpr std::size_t before = 60, after = 40;
    const std::size_t caret = d.column - 1;
    const std::size_t first = caret > before ? caret - before : 0;
    const auto window = display_units(d.source_line, first, caret + after);
    const auto& units = window.units;  // units[k] is unit first + k of the line
    out += "\n  ";
    if (first > 0) out += "\xE2\x80\xA6";  // …
    for (const auto& u : units) out += u;
    if (window.more) out += "\xE2\x80\xA6";
    out += "\n  ";
    if (first > 0) out += ' ';
    for (std::size_t i = first; i < caret; ++i)
      out += i - first < units.size() && units[i - first] == "\t" ? '\t' : ' ';
    out += '^';
  }
  if (!d.help.empty()) out += "\nhelp: " + shortened(d.help);
  return out;
}

error::error(errc c, std::string m) : kind(error_kind::semantic), code(c), message(std::move(m)) {
  // Every exit code but bad input's has one kind.
  for (auto k : {error_kind::io, error_kind::busy, error_kind::bad_store, error_kind::timeout,
                 error_kind::interrupted, error_kind::usage})
    if (exit_code_for(k) == c) kind = k;
}

error::error(error_kind k, std::string m, std::string h)
    : kind(k), code(exit_code_for(k)), message(std::move(m)), help(std::move(h)) {}

error error::in(diagnostic d, error_kind k) {
  error e(k, {});
  e.diagnostics.push_back(std::move(d));
  return e;
}

error error::at(error_kind k, std::size_t offset, std::string m, std::string h) {
  error e(k, std::move(m), std::move(h));
  e.offset = offset;
  return e;
}

std::string render(const error& e) {
  if (e.offset) {
    auto d = diagnose_at(e.source, e.text, *e.offset, e.message);
    d.help = e.help;
    return render(d);
  }
  std::string out;
  for (const auto& d : e.diagnostics) out += (out.empty() ? "" : "\n") + render(d);
  if (e.message.empty()) return out;
  out += (out.empty() ? "kg: error: " : "\n") + shortened(e.message);
  if (!e.help.empty()) out += "\nhelp: " + shortened(e.help);
  return out;
}

}  // namespace kg
