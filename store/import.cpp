// The import path, designed for bulk speed: parse every source into an
// in-memory dictionary of distinct terms and a vector of integer rows, map
// the terms to database ids with one lookup per distinct term, sort the
// rows, and hand them to the fact writer, which appends them in key order,
// all inside one transaction.
#include "store/import.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <future>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#include "parser/utf8.hpp"
#include "store/fact_writer.hpp"

namespace kg::store {
namespace {

using clock = std::chrono::steady_clock;

// Distinct terms of a batch, in an open-addressing table keyed by term_hash.
// A slot keeps the upper half of its term's hash beside the id, so a probe
// compares terms only when those agree: one cache miss per lookup, not three.
class term_dictionary {
 public:
  term_dictionary() : slots_(1 << 16, slot{empty, 0}) {}

  std::uint32_t intern(term&& t) { return intern(std::move(t), term_hash(t)); }

  // Interns a term whose term_hash is already known.
  std::uint32_t intern(term&& t, std::int64_t h) {
    const auto tag = tag_of(h);
    std::size_t i = static_cast<std::size_t>(h) & (slots_.size() - 1);
    while (slots_[i].id != empty) {
      if (slots_[i].tag == tag && terms_[slots_[i].id] == t) return slots_[i].id;
      i = (i + 1) & (slots_.size() - 1);
    }
    const auto id = static_cast<std::uint32_t>(terms_.size());
    slots_[i] = {id, tag};
    terms_.push_back(std::move(t));
    hashes_.push_back(h);
    if (terms_.size() * 2 > slots_.size()) grow();
    return id;
  }

  // The id of a term already in the dictionary.
  std::optional<std::uint32_t> find(const term& t) const {
    const std::int64_t h = term_hash(t);
    for (std::size_t i = static_cast<std::size_t>(h) & (slots_.size() - 1); slots_[i].id != empty;
         i = (i + 1) & (slots_.size() - 1))
      if (slots_[i].tag == tag_of(h) && terms_[slots_[i].id] == t) return slots_[i].id;
    return std::nullopt;
  }

  std::size_t size() const { return terms_.size(); }
  const term& operator[](std::uint32_t id) const { return terms_[id]; }
  term& operator[](std::uint32_t id) { return terms_[id]; }
  std::int64_t hash(std::uint32_t id) const { return hashes_[id]; }

 private:
  static constexpr std::uint32_t empty = 0xFFFFFFFF;
  struct slot {
    std::uint32_t id, tag;
  };
  static std::uint32_t tag_of(std::int64_t h) {
    return static_cast<std::uint32_t>(static_cast<std::uint64_t>(h) >> 32);
  }
  void grow() {
    std::vector<slot> bigger(slots_.size() * 2, slot{empty, 0});
    for (std::uint32_t id = 0; id < terms_.size(); ++id) {
      std::size_t i = static_cast<std::size_t>(hashes_[id]) & (bigger.size() - 1);
      while (bigger[i].id != empty) i = (i + 1) & (bigger.size() - 1);
      bigger[i] = {id, tag_of(hashes_[id])};
    }
    slots_.swap(bigger);
  }
  std::vector<slot> slots_;
  std::vector<term> terms_;
  std::vector<std::int64_t> hashes_;
};

// What the spellings seen in an N-Triples input stand for: a hash table
// from the exact bytes of a term as written (<...>, _:x, "..."@en) to its
// id in a term_dictionary, the bytes kept in blocks of an arena. Lookups
// come in two steps, so that the cache misses of a line's three terms
// overlap: hash_of and prefetch, then find.
class spelling_memo {
 public:
  static std::size_t hash_of(std::string_view spelling) { return std::hash<std::string_view>{}(spelling); }

  void prefetch(std::size_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
  }

  std::optional<std::uint32_t> find(std::string_view spelling, std::size_t h) const {
    if (slots_.empty() || spelling.size() > max_len) return std::nullopt;
    const auto tag = tag_of(h);
    const auto len = static_cast<std::uint16_t>(spelling.size());
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask; slots_[i].at; i = (i + 1) & mask) {
      const auto& s = slots_[i];
      if (s.tag == tag && s.len == len && std::memcmp(s.at, spelling.data(), len) == 0) return s.id;
    }
    return std::nullopt;
  }

  // Remembers that a spelling stands for term `id` (long ones are not kept).
  void remember(std::string_view spelling, std::size_t h, std::uint32_t id) {
    if (spelling.size() > max_len) return;
    if (slots_.empty()) slots_.assign(1 << 16, slot{});
    if ((used_ + 1) * 2 > slots_.size()) grow();
    place(slots_, {store(spelling), id, static_cast<std::uint16_t>(spelling.size()), tag_of(h)}, h);
    ++used_;
  }

 private:
  static constexpr std::size_t max_len = 0xFFFF;
  struct slot {
    const char* at = nullptr;
    std::uint32_t id = 0;
    std::uint16_t len = 0, tag = 0;
  };
  static std::uint16_t tag_of(std::size_t h) { return static_cast<std::uint16_t>(h >> 48); }
  static void place(std::vector<slot>& slots, const slot& s, std::size_t h) {
    std::size_t i = h & (slots.size() - 1);
    while (slots[i].at) i = (i + 1) & (slots.size() - 1);
    slots[i] = s;
  }
  void grow() {
    std::vector<slot> bigger(slots_.size() * 2);
    for (const auto& s : slots_)
      if (s.at) place(bigger, s, hash_of({s.at, s.len}));
    slots_.swap(bigger);
  }
  const char* store(std::string_view spelling) {
    constexpr std::size_t block = 1u << 20;
    if (spelling.size() > left_) {
      blocks_.push_back(std::make_unique_for_overwrite<char[]>(block));
      next_ = blocks_.back().get();
      left_ = block;
    }
    char* at = next_;
    std::memcpy(at, spelling.data(), spelling.size());
    next_ += spelling.size();
    left_ -= spelling.size();
    return at;
  }

  std::vector<slot> slots_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  std::size_t left_ = 0, used_ = 0;
};

struct row {
  std::uint32_t s, p, o;
  std::uint32_t q_begin, q_count;  // into batch::quals
};

struct deferred_triple {
  std::uint32_t s, p, o;
  std::size_t line;
};

// Everything read from the sources, before it touches the database.
struct batch {
  term_dictionary dict;
  spelling_memo spellings;  // while parsing N-Triples
  std::vector<row> rows;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> quals;  // key, value
  std::vector<deferred_triple> deferred;  // blank-subject triples, for reification folding
  std::vector<diagnostic> errors;
  std::size_t error_count = 0;
  prefix_list prefixes;  // declared by Turtle or TriG, kept in the store
};

class batch_sink : public statement_sink {
 public:
  batch_sink(batch& b, const import_options& opts, std::string_view file, bool fold_reification)
      : b_(b),
        opts_(opts),
        file_(file),
        fold_(fold_reification),
        rows_begin_(b.rows.size()),
        deferred_begin_(b.deferred.size()) {}

  void on_statement(statement& st) override {
    const auto s = b_.dict.intern(std::move(st.s));
    const auto p = b_.dict.intern(std::move(st.p));
    const auto o = b_.dict.intern(std::move(st.o));
    // A reification is read from the default graph only: a blank node's
    // triple in a named graph (a source qualifier) stays as it is.
    if (fold_ && b_.dict[s].kind == term_kind::blank && st.qualifiers.empty()) {
      b_.deferred.push_back({s, p, o, st.line});
    } else {
      const auto begin = static_cast<std::uint32_t>(b_.quals.size());
      // A qualifier's value is numbered before its key (fact_writer users
      // that number terms themselves follow the same order).
      for (auto& q : st.qualifiers) {
        const auto value = b_.dict.intern(std::move(q.value));
        b_.quals.emplace_back(b_.dict.intern(std::move(q.key)), value);
      }
      b_.rows.push_back({s, p, o, begin, static_cast<std::uint32_t>(b_.quals.size() - begin)});
    }
    counted();
  }

  // Most lines of a large file repeat terms already seen, spelled the same
  // way: those are found by their spelling, without parsing them again.
  bool takes_spellings() const override { return true; }
  bool on_spelled(const spelled_triple& t, std::size_t line) override {
    // Subjects are IRIs or blank nodes, predicates IRIs.
    if (t.s.front() == '"' || t.p.front() != '<') return false;
    const std::string_view spellings[3] = {t.s, t.p, t.o};
    std::size_t hashes[3];
    for (int k = 0; k < 3; ++k) {
      hashes[k] = spelling_memo::hash_of(spellings[k]);
      b_.spellings.prefetch(hashes[k]);
    }
    std::uint32_t ids[3];
    for (int k = 0; k < 3; ++k) {
      auto id = b_.spellings.find(spellings[k], hashes[k]);
      if (!id) {
        auto parsed = parse_ntriples_term(spellings[k]);
        if (!parsed) return false;  // the full parse reports it
        id = b_.dict.intern(std::move(*parsed));
        b_.spellings.remember(spellings[k], hashes[k], *id);
      }
      ids[k] = *id;
    }
    if (fold_ && t.s.front() == '_')  // a blank node
      b_.deferred.push_back({ids[0], ids[1], ids[2], line});
    else
      b_.rows.push_back({ids[0], ids[1], ids[2], static_cast<std::uint32_t>(b_.quals.size()), 0});
    counted();
    return true;
  }

  void on_prefix(std::string_view name, std::string_view iri) override { declare(b_.prefixes, name, iri); }

  // Keeps the first max_errors diagnostics and counts all of them.
  bool on_error(diagnostic d) override {
    if (b_.errors.size() < opts_.max_errors) b_.errors.push_back(std::move(d));
    ++b_.error_count;
    return true;
  }

  // N-Triples has no qualifiers; kg writes them as RDF reification: a blank
  // node with exactly one rdf:subject, rdf:predicate and rdf:object (and
  // optionally rdf:type rdf:Statement) whose other triples are the
  // qualifiers. Such a node is folded into a qualified statement when the
  // triple it describes is asserted in the same file; the bare assertion is
  // then part of that statement. Everything else stays plain triples. The
  // file's triples are a set: repeated lines count once.
  void finish() {
    using triple = std::array<std::uint32_t, 3>;
    // This file's blank-subject triples in (s, p, o, line) order: placed by
    // subject with a counting sort (a subject has a handful of triples),
    // then each subject's few sorted.
    const auto from = b_.deferred.begin() + static_cast<std::ptrdiff_t>(deferred_begin_);
    if (from == b_.deferred.end()) return;
    std::vector<std::uint32_t> start(b_.dict.size() + 1, 0);
    for (auto t = from; t != b_.deferred.end(); ++t) ++start[t->s + 1];
    for (std::size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
    std::vector<deferred_triple> deferred(static_cast<std::size_t>(b_.deferred.end() - from));
    {
      auto at = start;
      for (auto t = from; t != b_.deferred.end(); ++t) deferred[at[t->s]++] = *t;
    }
    b_.deferred.resize(deferred_begin_);
    for (std::size_t i = 0; i + 1 < start.size(); ++i)
      if (start[i + 1] - start[i] > 1)
        std::sort(deferred.begin() + start[i], deferred.begin() + start[i + 1],
                  [](const auto& x, const auto& y) {
                    return std::tie(x.p, x.o, x.line) < std::tie(y.p, y.o, y.line);
                  });
    std::vector<std::uint32_t>().swap(start);
    deferred.erase(
        std::unique(deferred.begin(), deferred.end(),
                    [](const auto& x, const auto& y) { return x.s == y.s && x.p == y.p && x.o == y.o; }),
        deferred.end());
    auto emit_plain = [&](const deferred_triple& t) {
      b_.rows.push_back({t.s, t.p, t.o, static_cast<std::uint32_t>(b_.quals.size()), 0});
    };
    const auto rdf_id = [&](std::string_view local) {
      return b_.dict.find(term{term_kind::iri, std::string(rdf::ns) + std::string(local), {}});
    };
    const auto subj = rdf_id("subject"), pred = rdf_id("predicate"), obj = rdf_id("object"),
               type = rdf_id("type"), stmt = rdf_id("Statement");
    if (!subj || !pred || !obj) {
      for (const auto& t : deferred) emit_plain(t);
      return;
    }

    // Which blank nodes look like reifications: (begin, end) in deferred.
    struct candidate {
      std::size_t begin, end;
      triple described;
    };
    std::vector<candidate> candidates;
    std::vector<char> in_candidate(deferred.size(), 0);
    for (std::size_t i = 0; i < deferred.size();) {
      std::size_t j = i;
      while (j < deferred.size() && deferred[j].s == deferred[i].s) ++j;
      int n_s = 0, n_p = 0, n_o = 0;
      triple described{};
      for (std::size_t k = i; k < j; ++k) {
        const auto& t = deferred[k];
        if (t.p == *subj) ++n_s, described[0] = t.o;
        if (t.p == *pred) ++n_p, described[1] = t.o;
        if (t.p == *obj) ++n_o, described[2] = t.o;
      }
      if (n_s == 1 && n_p == 1 && n_o == 1 && !is_literal(b_.dict[described[0]].kind) &&
          (b_.dict[described[1]].kind == term_kind::iri || b_.dict[described[1]].kind == term_kind::entity)) {
        candidates.push_back({i, j, described});
        std::fill(in_candidate.begin() + static_cast<std::ptrdiff_t>(i),
                  in_candidate.begin() + static_cast<std::ptrdiff_t>(j), 1);
      }
      i = j;
    }
    if (candidates.empty()) {
      for (const auto& t : deferred) emit_plain(t);
      return;
    }

    // The candidates by the triple they describe (a hash table of candidate
    // numbers; candidates describing the same triple are chained).
    constexpr std::uint32_t none = 0xFFFFFFFF;
    std::size_t table_size = 1;
    while (table_size < candidates.size() * 2) table_size *= 2;
    std::vector<std::uint32_t> table(table_size, none), same(candidates.size(), none);
    const auto slot_of = [&](const triple& t) {
      const std::uint64_t h =
          (t[0] * 0x9E3779B97F4A7C15ull) ^ (t[1] * 0xC2B2AE3D27D4EB4Full) ^ (t[2] * 0x165667B19E3779F9ull);
      return static_cast<std::size_t>(h ^ (h >> 29)) & (table_size - 1);
    };
    const auto find = [&](const triple& t) {
      for (auto i = slot_of(t); table[i] != none; i = (i + 1) & (table_size - 1))
        if (candidates[table[i]].described == t) return table[i];
      return none;
    };
    for (std::uint32_t c = 0; c < candidates.size(); ++c) {
      auto i = slot_of(candidates[c].described);
      while (table[i] != none && candidates[table[i]].described != candidates[c].described)
        i = (i + 1) & (table_size - 1);
      if (table[i] != none) same[c] = table[i];
      table[i] = c;
    }

    // A candidate is folded when the file asserts the triple it describes
    // (as a plain triple, not inside a reification node); those bare
    // assertions are part of the qualified statement and are dropped.
    std::vector<char> folded(candidates.size(), 0), consumed(deferred.size(), 0);
    const auto mark = [&](std::uint32_t c) {
      for (; c != none && !folded[c]; c = same[c]) folded[c] = 1;
    };
    const std::size_t plain_end = b_.rows.size();
    std::size_t kept = rows_begin_;
    for (std::size_t r = rows_begin_; r < plain_end; ++r) {
      const auto& row = b_.rows[r];
      const auto c = row.q_count > 0 ? none : find({row.s, row.p, row.o});  // a quad of a named graph stays
      if (c == none)
        b_.rows[kept++] = row;
      else
        mark(c);
    }
    b_.rows.resize(kept);
    for (std::size_t k = 0; k < deferred.size(); ++k) {
      if (in_candidate[k]) continue;
      const auto c = find({deferred[k].s, deferred[k].p, deferred[k].o});
      if (c != none) consumed[k] = 1, mark(c);
    }

    std::vector<diagnostic> repeated;  // qualifiers given twice, reported in line order
    for (std::uint32_t c = 0; c < candidates.size(); ++c) {
      if (!folded[c]) continue;
      const auto& cand = candidates[c];
      const auto begin = static_cast<std::uint32_t>(b_.quals.size());
      for (std::size_t k = cand.begin; k < cand.end; ++k) {
        const auto& t = deferred[k];
        consumed[k] = 1;
        if (t.p == *subj || t.p == *pred || t.p == *obj || (type && stmt && t.p == *type && t.o == *stmt))
          continue;
        for (auto q = begin; q < b_.quals.size(); ++q) {
          if (b_.quals[q].first == t.p) {
            repeated.push_back(
                diagnostic{std::string(file_),
                           t.line,
                           0,
                           "qualifier " + to_ntriples(b_.dict[t.p]) + " given twice for one statement",
                           {},
                           {}});
            break;
          }
        }
        b_.quals.emplace_back(t.p, t.o);
      }
      b_.rows.push_back({cand.described[0], cand.described[1], cand.described[2], begin,
                         static_cast<std::uint32_t>(b_.quals.size() - begin)});
    }
    std::stable_sort(repeated.begin(), repeated.end(),
                     [](const auto& x, const auto& y) { return x.line < y.line; });
    for (auto& d : repeated) on_error(std::move(d));
    for (std::size_t k = 0; k < deferred.size(); ++k)
      if (!consumed[k]) emit_plain(deferred[k]);
  }

 private:
  batch& b_;
  const import_options& opts_;
  std::string_view file_;
  bool fold_;
  std::size_t rows_begin_;      // this file's rows start here
  std::size_t deferred_begin_;  // and its deferred triples here
  std::uint64_t count_ = 0;

  void counted() {
    if (opts_.progress && ++count_ % 250000 == 0)
      opts_.progress("reading " + std::string(file_) + ": " + std::to_string(count_) + " facts");
  }
};

// Moves everything of `from` into `into`, renumbering its terms.
void merge(batch& into, batch&& from, std::size_t max_errors) {
  std::vector<std::uint32_t> remap(from.dict.size());
  for (std::uint32_t i = 0; i < from.dict.size(); ++i)
    remap[i] = into.dict.intern(std::move(from.dict[i]), from.dict.hash(i));
  const auto q_offset = static_cast<std::uint32_t>(into.quals.size());
  for (const auto& [k, v] : from.quals) into.quals.emplace_back(remap[k], remap[v]);
  into.rows.reserve(into.rows.size() + from.rows.size());
  for (const auto& r : from.rows)
    into.rows.push_back({remap[r.s], remap[r.p], remap[r.o], r.q_begin + q_offset, r.q_count});
  for (const auto& d : from.deferred) into.deferred.push_back({remap[d.s], remap[d.p], remap[d.o], d.line});
  for (auto& p : from.prefixes) declare(into.prefixes, p.name, p.iri);
  for (auto& e : from.errors)
    if (into.errors.size() < max_errors) into.errors.push_back(std::move(e));
  into.error_count += from.error_count;
}

// Parses N-Triples text a piece at a time. A large piece is split at a
// line break and its halves parsed on two threads: N-Triples lines are
// independent, and parsing is most of an import's time. The second thread
// keeps its own batch for all pieces (so it remembers the spellings it has
// seen), merged into the main one by finish().
class piece_parser {
 public:
  piece_parser(const std::string& name, batch& b, batch_sink& sink, const import_options& opts)
      : name_(name),
        b_(b),
        sink_(sink),
        opts_(opts),
        quiet_(without_progress(opts)),
        other_sink_(other_, quiet_, name, true) {}

  void parse(std::string_view text, std::size_t first_line) {
    const std::size_t split_at = text.size() >= (4u << 20) && std::thread::hardware_concurrency() >= 2
                                     ? text.find('\n', text.size() / 2)
                                     : std::string_view::npos;
    if (split_at == std::string_view::npos) {
      parse_ntriples(name_, text, sink_, first_line);
      return;
    }
    const auto first = text.substr(0, split_at + 1), second = text.substr(split_at + 1);
    const std::size_t second_line = first_line + count_line_breaks(first);
    // A failure of either half (out of memory) is rethrown here, after
    // both have stopped.
    std::exception_ptr failed;
    std::thread worker;
    try {
      worker = std::thread([&] {
        try {
          parse_ntriples(name_, second, other_sink_, second_line);
        } catch (...) {
          failed = std::current_exception();
        }
      });
    } catch (const std::system_error&) {
      // No thread to be had (a memory limit leaves no room for its
      // stack): one thread reads it all.
      parse_ntriples(name_, text, sink_, first_line);
      return;
    }
    try {
      parse_ntriples(name_, first, sink_, first_line);
    } catch (...) {
      worker.join();
      throw;
    }
    worker.join();
    if (failed) std::rethrow_exception(failed);
  }

  // Merges what the second thread read; its errors are put in line order
  // among the first thread's.
  void finish() {
    b_.spellings = {};  // only parsing needs them
    if (other_.dict.size() == 0 && other_.error_count == 0) return;
    merge(b_, std::move(other_), opts_.max_errors);
    other_ = batch{};
    std::stable_sort(b_.errors.begin(), b_.errors.end(),
                     [](const diagnostic& x, const diagnostic& y) { return x.line < y.line; });
    if (b_.errors.size() > opts_.max_errors) b_.errors.resize(opts_.max_errors);
  }

 private:
  static import_options without_progress(import_options opts) {
    opts.progress = nullptr;
    return opts;
  }
  const std::string& name_;
  batch& b_;
  batch_sink& sink_;
  const import_options& opts_;
  import_options quiet_;
  batch other_;
  batch_sink other_sink_;
};

// Whether a line starts with a word, in any case, followed by a blank.
bool starts_with_word(std::string_view line, std::string_view word) {
  if (line.size() <= word.size() || (line[word.size()] != ' ' && line[word.size()] != '\t')) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) != word[i]) return false;
  return true;
}

// The directive lines of Turtle text (@prefix, @base, PREFIX, BASE), in
// order, and how many there are.
std::pair<std::string, std::size_t> directive_lines(std::string_view text) {
  std::string out;
  std::size_t count = 0;
  for (std::size_t at = 0; at < text.size();) {
    auto end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    const auto line = text.substr(at, end - at);
    const auto lead = line.find_first_not_of(" \t");
    if (lead != std::string_view::npos) {
      const auto t = line.substr(lead);
      if (t.starts_with("@prefix") || t.starts_with("@base") || starts_with_word(t, "prefix") ||
          starts_with_word(t, "base")) {
        out.append(line);
        out += '\n';
        ++count;
      }
    }
    at = end + 1;
  }
  return {std::move(out), count};
}

// Reads a large Turtle or N-Quads text as two halves on two threads, as
// piece_parser does N-Triples. The cut is a guess: a line break after a
// line that ends with '.', near the middle; the second half is read after
// the directive lines of the first. The guess is kept only when it holds:
// both halves read without an error (so the first ends where a statement
// ends, not inside a long string or a statement spread over lines) and the
// base and prefixes the first half ended with are those the second was
// read with. Otherwise nothing of it is kept, and the caller reads the text
// whole (and reports its errors, at their positions). Returns whether the
// halves were kept.
bool parse_rdf_halves(format fmt, const std::string& name, std::string_view text, std::string_view base,
                      batch& b, const import_options& opts) {
  if (fmt == format::trig || text.size() < (4u << 20) || std::thread::hardware_concurrency() < 2)
    return false;
  std::size_t cut = std::string_view::npos;
  const std::size_t middle = text.size() / 2;
  for (auto at = text.find('\n', middle); at != std::string_view::npos && at - middle < (1u << 20);
       at = text.find('\n', at + 1)) {
    auto end = at;
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r')) --end;
    if (end > 0 && text[end - 1] == '.') {
      cut = at + 1;
      break;
    }
  }
  if (cut == std::string_view::npos || cut == text.size()) return false;
  const auto first = text.substr(0, cut), second = text.substr(cut);
  import_options quiet = opts;
  quiet.progress = nullptr;
  batch firsts, seconds;
  batch_sink first_sink(firsts, opts, name, true), second_sink(seconds, quiet, name, true);
  rdf_part one, two, assumed;
  std::exception_ptr failed;
  std::thread worker;
  try {
    worker = std::thread([&] {
      try {
        auto [header, header_lines] = directive_lines(first);
        batch ignored;
        batch_sink header_sink(ignored, quiet, name, true);
        assumed = parse_rdf_part(fmt, name, header, 1, base, "h", header_sink);
        const std::size_t second_line = 1 + count_line_breaks(first);
        header.append(second);
        two = parse_rdf_part(fmt, name, header, second_line - header_lines, base, "p2", second_sink);
      } catch (...) {
        failed = std::current_exception();
      }
    });
  } catch (const std::system_error&) {
    return false;  // no thread to be had
  }
  try {
    one = parse_rdf_part(fmt, name, first, 1, base, "p1", first_sink);
  } catch (...) {
    worker.join();
    throw;
  }
  worker.join();
  if (failed) std::rethrow_exception(failed);
  if (!one.read || !two.read || !assumed.read || firsts.error_count || seconds.error_count ||
      one.environment != assumed.environment)
    return false;
  merge(b, std::move(firsts), opts.max_errors);
  merge(b, std::move(seconds), opts.max_errors);
  return true;
}

// Parses one source into the batch.
void parse_source(format fmt, const std::string& name, std::string_view text, std::string_view base, batch& b,
                  const import_options& opts) {
  batch_sink sink(b, opts, name, is_rdf(fmt));
  if (!prepare_text(fmt, name, text, sink)) return;
  if (fmt == format::ntriples) {
    piece_parser parser(name, b, sink, opts);
    parser.parse(text, 1);
    parser.finish();
  } else if (is_rdf(fmt)) {
    if (!parse_rdf_halves(fmt, name, text, base, b, opts)) parse_rdf(fmt, name, text, base, sink);
  } else {
    parse_tabular(fmt, name, text, sink);
  }
  sink.finish();
}

bool is_regular_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// Reads and parses an N-Triples file a piece of about 64 MiB at a time, cut
// at line breaks, so the file is never in memory whole: the batch of parsed
// terms is what an import holds. Errors name the file's own lines.
tl::expected<void, error> parse_ntriples_file(const std::string& path, const std::string& name, batch& b,
                                              const import_options& opts) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return tl::unexpected(error(errc::io, "cannot open '" + path + "': " + std::strerror(errno)));
  constexpr std::size_t piece = 64u << 20;
  batch_sink sink(b, opts, name, true);
  piece_parser parser(name, b, sink, opts);
  // Not a std::string: resizing one would zero each piece before fread fills it.
  std::size_t capacity = piece, size = 0;
  auto buffer = std::make_unique_for_overwrite<char[]>(capacity);
  std::size_t line = 1;
  bool first = true, eof = false;
  while (!eof) {
    if (capacity - size < piece) {  // a line longer than a piece: grow
      auto bigger = std::make_unique_for_overwrite<char[]>(size + piece);
      std::memcpy(bigger.get(), buffer.get(), size);
      buffer = std::move(bigger);
      capacity = size + piece;
    }
    const std::size_t got = std::fread(buffer.get() + size, 1, piece, f);
    size += got;
    eof = got < piece;
    if (std::ferror(f)) {
      std::fclose(f);
      return tl::unexpected(error(errc::io, "cannot read '" + path + "'"));
    }
    // The complete lines read so far; the rest waits for the next piece.
    const std::string_view read(buffer.get(), size);
    const std::size_t cut = eof ? size : read.rfind('\n');
    if (cut == std::string_view::npos) continue;  // a line longer than a piece
    const std::size_t end = eof ? cut : cut + 1;
    std::string_view text(buffer.get(), end);
    if (first && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    first = false;
    if (const auto bad = utf8::first_invalid(text)) {
      auto d = diagnose_at(name, text, *bad, "invalid UTF-8");
      d.line += line - 1;
      d.help = "kg reads text files in UTF-8; convert the file first (e.g. with iconv)";
      sink.on_error(std::move(d));
      break;
    }
    parser.parse(text, line);
    line += count_line_breaks(text);
    std::memmove(buffer.get(), buffer.get() + end, size - end);
    size -= end;
  }
  std::fclose(f);
  parser.finish();
  sink.finish();
  return {};
}

}  // namespace

tl::expected<std::string, error> read_file(const std::string& path) {
  if (path == "-") {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    if (std::cin.bad()) return tl::unexpected(error(errc::io, "cannot read standard input"));
    return text;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return tl::unexpected(error(errc::io, "cannot open '" + path + "': " + std::strerror(errno)));
  if (S_ISDIR(st.st_mode))
    return tl::unexpected(error(errc::io, "'" + path + "' is a directory, not a file"));
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return tl::unexpected(error(errc::io, "cannot open '" + path + "': " + std::strerror(errno)));
  std::string text;
  std::size_t used = 0;
  text.resize(st.st_size > 0 ? static_cast<std::size_t>(st.st_size) + 1 : 1 << 16);
  while (true) {
    used += std::fread(text.data() + used, 1, text.size() - used, f);
    if (used < text.size()) break;
    text.resize(text.size() * 2);  // the file grew, or is a pipe
  }
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return tl::unexpected(error(errc::io, "cannot read '" + path + "'"));
  text.resize(used);
  return text;
}

tl::expected<import_report, error> import_sources(triple_store& store,
                                                  const std::vector<import_source>& sources,
                                                  const import_options& opts) {
  const auto start = clock::now();
  import_report report;
  auto lap = start;
  auto phase = [&](const char* name) {
    const auto now = clock::now();
    report.phases.emplace_back(name, std::chrono::duration<double>(now - lap).count());
    lap = now;
  };
  batch b;

  // 1. Read and parse everything; nothing is written yet.
  for (const auto& src : sources) {
    const std::string name = src.path == "-" ? "<stdin>" : src.path;
    auto fmt = src.fmt ? src.fmt : format_from_path(src.path);
    if (!fmt)
      return tl::unexpected(error(errc::input, "cannot tell the format of '" + name +
                                                   "' from its name\nhelp: name it .tsv, .csv, .nt, .ttl, "
                                                   ".trig or .nq, or say --format tsv|csv|nt|ttl|trig|nq"));
    const auto rows_at = b.rows.size();
    if (!src.text && *fmt == format::ntriples && src.path != "-" && is_regular_file(src.path)) {
      if (auto parsed = parse_ntriples_file(src.path, name, b, opts); !parsed)
        return tl::unexpected(parsed.error());
      report.read += b.rows.size() - rows_at;
      phase("read and parse");
      ++report.files;
      continue;
    }
    std::string owned;
    if (!src.text) {
      auto text = read_file(src.path);
      if (!text) return tl::unexpected(text.error());
      owned = std::move(*text);
    }
    const std::string& text = src.text ? *src.text : owned;
    const auto rows_before = b.rows.size();
    std::string base;
    if (src.base) {
      base = *src.base;
    } else if (is_rdf(*fmt)) {
      std::error_code ec;
      auto where =
          src.path == "-" ? std::filesystem::current_path(ec) / "" : std::filesystem::absolute(src.path, ec);
      base = ec ? std::string() : file_iri(where.lexically_normal().string());
    }
    parse_source(*fmt, name, text, base, b, opts);
    report.read += b.rows.size() - rows_before;
    phase("read and parse");
    ++report.files;
  }
  b.spellings = {};  // only parsing needs them
  if (b.error_count > 0) {
    std::string msg = std::to_string(b.error_count) + (b.error_count == 1 ? " error" : " errors");
    if (b.error_count > b.errors.size()) msg += " (the first " + std::to_string(b.errors.size()) + " shown)";
    msg += "; nothing was imported";
    error e(error_kind::syntax, msg);
    e.diagnostics = std::move(b.errors);
    return tl::unexpected(std::move(e));
  }

  // 2. Write everything in one transaction.
  auto written = guarded(store.path(), [&] {
    auto& db = store.db();
    // A dry run reads one snapshot and is rolled back; nothing is written.
    // Sorting for an index spills to temporary files; in-memory ones are
    // slow to merge back when large.
    pragma_scope file_temp(db, "PRAGMA temp_store=FILE",
                           std::string("PRAGMA temp_store=") + query_temp_store);
    transaction tx(db, opts.dry_run ? transaction::mode::read : transaction::mode::write);
    if (opts.progress) opts.progress("writing " + std::to_string(b.rows.size()) + " facts");

    fact_writer writer(db);
    // Terms: one lookup per distinct term, unless the store has none.
    std::int64_t next_id = writer.next_term_id();
    const bool terms_empty = next_id == 1;
    std::vector<std::int64_t> ids(b.dict.size());
    std::vector<std::uint32_t> fresh;  // the batch's terms the store lacks
    {
      // Terms only reification used (its nodes, rdf:subject, ...) are not stored.
      std::vector<char> used(b.dict.size(), 0);
      for (const auto& r : b.rows) used[r.s] = used[r.p] = used[r.o] = 1;
      for (const auto& [k, v] : b.quals) used[k] = used[v] = 1;
      for (std::uint32_t i = 0; i < b.dict.size(); ++i) {
        if (!used[i]) continue;
        std::optional<std::int64_t> id;
        if (!terms_empty) id = writer.find_term(b.dict[i], b.dict.hash(i));
        if (!id) {
          id = next_id++;
          fresh.push_back(i);
        }
        ids[i] = *id;
      }
    }
    report.new_terms = fresh.size();
    // The statements in database ids, sorted, built on another thread while
    // SQLite writes the terms.
    auto sorted_rows = std::async(std::launch::async | std::launch::deferred, [&b, &ids] {
      std::vector<statement_ids> rows;
      rows.reserve(b.rows.size());
      for (const auto& r : b.rows) {
        statement_ids d{ids[r.s], ids[r.p], ids[r.o], {}};
        d.quals.reserve(r.q_count);
        for (auto q = r.q_begin; q < r.q_begin + r.q_count; ++q)
          d.quals.emplace_back(ids[b.quals[q].first], ids[b.quals[q].second]);
        std::sort(d.quals.begin(), d.quals.end());
        rows.push_back(std::move(d));
      }
      std::sort(rows.begin(), rows.end(), [](const statement_ids& x, const statement_ids& y) {
        return std::tie(x.s, x.p, x.o, x.quals) < std::tie(y.s, y.p, y.o, y.quals);
      });
      return rows;
    });
    if (!opts.dry_run)
      writer.add_terms(fresh.size(), [&](std::size_t r) {
        const auto local = fresh[r];
        return new_term{ids[local], &b.dict[local], b.dict.hash(local)};
      });
    phase("terms");
    const std::vector<statement_ids> rows = sorted_rows.get();
    const prefix_list declared = std::move(b.prefixes);
    b = batch{};  // the parsed batch is no longer needed

    const auto counts = writer.add_statements(rows, opts.dry_run, phase);
    report.added = counts.added;
    report.present = counts.present;
    report.prefixes = declared.size();
    if (!opts.dry_run) {
      for (const auto& p : declared) write_prefix(db, p.name, p.iri);
      if (opts.progress) opts.progress("committing");
      tx.commit();
      phase("commit");
    }
  });
  if (!written) return tl::unexpected(written.error());
  report.seconds = std::chrono::duration<double>(clock::now() - start).count();
  return report;
}

}  // namespace kg::store
