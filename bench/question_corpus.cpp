// Reading and judging the reader-question corpus (question_corpus.hpp).
#include "bench/question_corpus.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>

#include "cli/output.hpp"
#include "engine/run.hpp"
#include "parser/query.hpp"

namespace kg::corpus {

tl::expected<std::vector<entry>, std::string> read(const std::string& path) {
  std::ifstream in(path);
  if (!in) return tl::unexpected("cannot open " + path);
  std::vector<entry> out;
  std::string line;
  std::size_t n = 0;
  bool open = false;
  auto fail = [&](const std::string& why) {
    return tl::unexpected(path + ":" + std::to_string(n) + ": " + why);
  };
  auto close = [&]() -> std::string {
    if (!open) return {};
    open = false;
    const auto& e = out.back();
    if (e.questions.empty()) return "an entry without a question";
    if (e.pattern.empty()) return "an entry without a pattern";
    if (e.expected.empty()) return "an entry without an expected value";
    return {};
  };
  while (std::getline(in, line)) {
    ++n;
    if (line.starts_with("#")) continue;
    if (line.empty()) {
      if (auto why = close(); !why.empty()) return fail(why);
      continue;
    }
    if (line.starts_with("[")) {
      if (auto why = close(); !why.empty()) return fail(why);
      const auto end = line.find("] ");
      if (end == std::string::npos) return fail("expected [ARTICLE:LINE] shape");
      out.push_back({path, n, line.substr(1, end - 1), line.substr(end + 2), {}, {}, {}});
      open = true;
      continue;
    }
    if (!open) return fail("a line outside an entry");
    auto& e = out.back();
    if (line.starts_with("? "))
      e.questions.push_back(line.substr(2));
    else if (line.starts_with("pattern: "))
      e.pattern = line.substr(9);
    else if (line.starts_with("= "))
      e.expected.push_back(line.substr(2));
    else
      return fail("expected '? ', 'pattern: ' or '= '");
  }
  if (auto why = close(); !why.empty()) return fail(why);
  return out;
}

outcome judge(store::triple_store& s, const std::string& statement,
              const std::vector<std::string>& expected) {
  outcome o;
  const auto started = std::chrono::steady_clock::now();
  auto parsed = query::parse(statement, "question");
  tl::expected<engine::answer, error> answer = tl::unexpected(error(error_kind::syntax, "not parsed"));
  if (parsed) answer = engine::run_query(s, *parsed, statement, "question");
  o.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (!parsed || !answer) {
    o.detail = render(parsed ? answer.error() : parsed.error());
    o.detail = o.detail.substr(0, o.detail.find('\n'));
    return o;
  }
  const auto* rows = std::get_if<engine::table>(&*answer);
  if (!rows || rows->rows.empty()) {
    o.detail = "no rows";
    return o;
  }
  std::set<std::string> seen;
  const auto shown = std::min(rows->rows.size(), expected.size() + 4);
  for (std::size_t r = 0; r < shown; ++r) {
    std::string row;
    for (const auto& cell : rows->rows[r]) {
      seen.insert(cli::cell_text(cell));
      row += (row.empty() ? "" : " | ") + cli::cell_text(cell);
    }
    if (r < 3) o.detail += (o.detail.empty() ? "" : "; ") + row;
  }
  if (rows->rows.size() > 3) o.detail += "; ... (" + std::to_string(rows->rows.size()) + " rows)";
  const bool all =
      std::all_of(expected.begin(), expected.end(), [&](const std::string& v) { return seen.count(v); });
  o.result = all ? verdict::correct : verdict::wrong;
  return o;
}

void tally::add(verdict v) {
  ++questions;
  if (v == verdict::correct) ++correct;
  if (v == verdict::wrong) ++wrong;
  if (v == verdict::unanswered) ++unanswered;
}

}  // namespace kg::corpus
