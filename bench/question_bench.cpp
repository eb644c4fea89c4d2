// kg-question-bench: the reader-question corpus (tests/questions/*.q) asked
// in plain English against a store of triples/, with the share of
// questions answered correctly, wrongly or not at all, per file and per
// shape, and the time per question. The formal pattern of every entry is
// checked too: it must give the expected values.
//
//   kg-question-bench [--verbose] STORE FILE.q...
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include "bench/question_corpus.hpp"

using namespace kg;

int main(int argc, char** argv) {
  CLI::App app{"Asks the reader-question corpus in plain English and scores the answers"};
  std::string db;
  std::vector<std::string> files;
  bool verbose = false;
  app.add_option("store", db, "a kg store of triples/")->required();
  app.add_option("files", files, "corpus files (tests/questions/*.q)")->required();
  app.add_flag("--verbose", verbose, "print every question that is not answered correctly");
  CLI11_PARSE(app, argc, argv);

  auto s = store::triple_store::open(db, {.read_only = true});
  if (!s) {
    std::fprintf(stderr, "%s\n", s.error().message.c_str());
    return 2;
  }
  std::map<std::string, corpus::tally> by_shape;
  std::vector<double> ms;
  int bad_patterns = 0;
  std::printf("%-16s %9s %8s %8s %11s\n", "set", "questions", "correct", "wrong", "unanswered");
  for (const auto& file : files) {
    auto entries = corpus::read(file);
    if (!entries) {
      std::fprintf(stderr, "%s\n", entries.error().c_str());
      return 2;
    }
    corpus::tally t;
    for (const auto& e : *entries) {
      if (corpus::judge(*s, e.pattern, e.expected).result != corpus::verdict::correct) {
        ++bad_patterns;
        std::fprintf(stderr, "%s:%zu: the pattern does not give the expected values: %s\n", e.file.c_str(),
                     e.line, e.pattern.c_str());
      }
      for (const auto& q : e.questions) {
        const auto o = corpus::judge(*s, q, e.expected);
        t.add(o.result);
        by_shape[e.shape].add(o.result);
        ms.push_back(o.ms);
        if (verbose && o.result != corpus::verdict::correct)
          std::printf("  %s %s\n    %s\n", o.result == corpus::verdict::wrong ? "WRONG" : "unanswered",
                      q.c_str(), o.detail.c_str());
      }
    }
    const auto name = std::filesystem::path(file).filename().string();
    std::printf("%-16s %9zu %7.1f%% %7.1f%% %10.1f%%\n", name.c_str(), t.questions, t.percent(t.correct),
                t.percent(t.wrong), t.percent(t.unanswered));
  }
  std::printf("\n%-16s %9s %8s %8s %11s\n", "shape", "questions", "correct", "wrong", "unanswered");
  for (const auto& [shape, t] : by_shape)
    std::printf("%-16s %9zu %7.1f%% %7.1f%% %10.1f%%\n", shape.c_str(), t.questions, t.percent(t.correct),
                t.percent(t.wrong), t.percent(t.unanswered));
  std::sort(ms.begin(), ms.end());
  if (!ms.empty())
    std::printf("\nper question (parse and run, in process): median %.3f ms, p95 %.3f ms, max %.3f ms\n",
                ms[ms.size() / 2], ms[ms.size() * 95 / 100], ms.back());
  return bad_patterns ? 1 : 0;
}
