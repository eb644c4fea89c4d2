// The import path, designed for bulk speed: parse every source into an
// in-memory dictionary of distinct terms and a vector of integer rows, map
// the terms to database ids with one lookup per distinct term, sort the
// rows, and append them in key order inside one transaction. Into an empty
// store the secondary indexes are dropped and rebuilt, which SQLite does by
// sorting rather than by random inserts.
#include "store/import.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>
#include <array>

namespace kg::store {
namespace {

using clock = std::chrono::steady_clock;

// Distinct terms of a batch, in an open-addressing table keyed by term_hash.
class term_dictionary {
 public:
  term_dictionary() : slots_(1 << 16, empty) {}

  std::uint32_t intern(term&& t) {
    const std::int64_t h = term_hash(t);
    std::size_t i = static_cast<std::size_t>(h) & (slots_.size() - 1);
    while (slots_[i] != empty) {
      const auto id = slots_[i];
      if (hashes_[id] == h && terms_[id] == t) return id;
      i = (i + 1) & (slots_.size() - 1);
    }
    const auto id = static_cast<std::uint32_t>(terms_.size());
    slots_[i] = id;
    terms_.push_back(std::move(t));
    hashes_.push_back(h);
    if (terms_.size() * 2 > slots_.size()) grow();
    return id;
  }

  std::size_t size() const { return terms_.size(); }
  const term& operator[](std::uint32_t id) const { return terms_[id]; }
  std::int64_t hash(std::uint32_t id) const { return hashes_[id]; }

 private:
  static constexpr std::uint32_t empty = 0xFFFFFFFF;
  void grow() {
    std::vector<std::uint32_t> bigger(slots_.size() * 2, empty);
    for (std::uint32_t id = 0; id < terms_.size(); ++id) {
      std::size_t i = static_cast<std::size_t>(hashes_[id]) & (bigger.size() - 1);
      while (bigger[i] != empty) i = (i + 1) & (bigger.size() - 1);
      bigger[i] = id;
    }
    slots_.swap(bigger);
  }
  std::vector<std::uint32_t> slots_;
  std::vector<term> terms_;
  std::vector<std::int64_t> hashes_;
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
  std::vector<row> rows;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> quals;  // key, value
  std::vector<diagnostic> errors;
  std::size_t error_count = 0;
};

class batch_sink : public statement_sink {
 public:
  batch_sink(batch& b, const import_options& opts, std::string_view file, bool fold_reification)
      : b_(b), opts_(opts), file_(file), fold_(fold_reification), rows_begin_(b.rows.size()) {}

  void on_statement(statement& st) override {
    const auto s = b_.dict.intern(std::move(st.s));
    const auto p = b_.dict.intern(std::move(st.p));
    const auto o = b_.dict.intern(std::move(st.o));
    if (fold_ && b_.dict[s].kind == term_kind::blank) {
      deferred_.push_back({s, p, o, st.line});
    } else {
      const auto begin = static_cast<std::uint32_t>(b_.quals.size());
      for (auto& q : st.qualifiers)
        b_.quals.emplace_back(b_.dict.intern(std::move(q.key)), b_.dict.intern(std::move(q.value)));
      b_.rows.push_back({s, p, o, begin, static_cast<std::uint32_t>(b_.quals.size() - begin)});
    }
    if (opts_.progress && ++count_ % 250000 == 0)
      opts_.progress("reading " + std::string(file_) + ": " + std::to_string(count_) + " facts");
  }

  bool on_error(diagnostic d) override {
    if (b_.errors.size() < opts_.max_errors) b_.errors.push_back(std::move(d));
    ++b_.error_count;
    return b_.errors.size() < opts_.max_errors;
  }

  // N-Triples has no qualifiers; kg writes them as RDF reification: a blank
  // node with rdf:subject, rdf:predicate and rdf:object (and optionally
  // rdf:type rdf:Statement) whose other triples are the qualifiers. It is
  // folded back into a qualified statement when the triple it describes is
  // asserted in the same file; every other blank-subject triple stays as is.
  void finish() {
    if (deferred_.empty()) return;
    std::stable_sort(deferred_.begin(), deferred_.end(),
                     [](const auto& a, const auto& b) { return a.s < b.s; });
    const auto rdf_id = [&](std::string_view local) {
      return b_.dict.intern(term{term_kind::iri, std::string(rdf::ns) + std::string(local), {}});
    };
    const auto subj = rdf_id("subject"), pred = rdf_id("predicate"), obj = rdf_id("object"),
               type = rdf_id("type"), stmt = rdf_id("Statement");
    // The triples asserted in this file, sorted, built on first need.
    std::vector<std::array<std::uint32_t, 3>> asserted;
    auto is_asserted = [&](std::uint32_t s, std::uint32_t p, std::uint32_t o) {
      if (asserted.empty()) {
        asserted.reserve(b_.rows.size() - rows_begin_);
        for (auto r = b_.rows.begin() + static_cast<std::ptrdiff_t>(rows_begin_); r != b_.rows.end(); ++r)
          asserted.push_back({r->s, r->p, r->o});
        std::sort(asserted.begin(), asserted.end());
      }
      return std::binary_search(asserted.begin(), asserted.end(), std::array<std::uint32_t, 3>{s, p, o});
    };
    auto emit_plain = [&](const deferred_triple& t) {
      b_.rows.push_back({t.s, t.p, t.o, static_cast<std::uint32_t>(b_.quals.size()), 0});
    };
    for (std::size_t i = 0; i < deferred_.size();) {
      std::size_t j = i;
      while (j < deferred_.size() && deferred_[j].s == deferred_[i].s) ++j;
      int n_s = 0, n_p = 0, n_o = 0;
      std::uint32_t S = 0, P = 0, O = 0;
      for (std::size_t k = i; k < j; ++k) {
        const auto& t = deferred_[k];
        if (t.p == subj) ++n_s, S = t.o;
        if (t.p == pred) ++n_p, P = t.o;
        if (t.p == obj) ++n_o, O = t.o;
      }
      const bool fold = n_s == 1 && n_p == 1 && n_o == 1 && !is_literal(b_.dict[S].kind) &&
                        (b_.dict[P].kind == term_kind::iri || b_.dict[P].kind == term_kind::entity) &&
                        is_asserted(S, P, O);
      if (!fold) {
        for (std::size_t k = i; k < j; ++k) emit_plain(deferred_[k]);
        i = j;
        continue;
      }
      const auto begin = static_cast<std::uint32_t>(b_.quals.size());
      for (std::size_t k = i; k < j; ++k) {
        const auto& t = deferred_[k];
        if (t.p == subj || t.p == pred || t.p == obj || (t.p == type && t.o == stmt)) continue;
        for (auto q = begin; q < b_.quals.size(); ++q) {
          if (b_.quals[q].first == t.p) {
            on_error(diagnose_in_line(file_, t.line, {}, 0,
                                      "qualifier " + to_ntriples(b_.dict[t.p]) +
                                          " given twice for one statement"));
            break;
          }
        }
        b_.quals.emplace_back(t.p, t.o);
      }
      b_.rows.push_back({S, P, O, begin, static_cast<std::uint32_t>(b_.quals.size() - begin)});
      i = j;
    }
    deferred_.clear();
  }

 private:
  batch& b_;
  const import_options& opts_;
  std::string_view file_;
  bool fold_;
  std::size_t rows_begin_;  // this file's rows start here
  std::vector<deferred_triple> deferred_;
  std::uint64_t count_ = 0;
};

// A statement with database ids, its qualifiers sorted by key.
struct db_row {
  std::int64_t s, p, o;
  std::vector<std::pair<std::int64_t, std::int64_t>> quals;
};

using group = std::vector<std::pair<std::int64_t, std::int64_t>>;

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
  if (S_ISDIR(st.st_mode)) return tl::unexpected(error(errc::io, "'" + path + "' is a directory, not a file"));
  std::ifstream in(path, std::ios::binary);
  if (!in) return tl::unexpected(error(errc::io, "cannot open '" + path + "': " + std::strerror(errno)));
  std::string text;
  if (st.st_size > 0) text.reserve(static_cast<std::size_t>(st.st_size));
  text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return tl::unexpected(error(errc::io, "cannot read '" + path + "': " + std::strerror(errno)));
  return text;
}

tl::expected<import_report, error> import_sources(triple_store& store,
                                                  const std::vector<import_source>& sources,
                                                  const import_options& opts) {
  const auto start = clock::now();
  import_report report;
  batch b;

  // 1. Read and parse everything; nothing is written yet.
  for (const auto& src : sources) {
    const std::string name = src.path == "-" ? "<stdin>" : src.path;
    auto fmt = src.fmt ? src.fmt : format_from_path(src.path);
    if (!fmt)
      return tl::unexpected(error(errc::input, "cannot tell the format of '" + name +
                                                   "' from its name\nhelp: name it .tsv, .csv or .nt, "
                                                   "or say --format tsv|csv|nt"));
    std::string owned;
    if (!src.text) {
      auto text = read_file(src.path);
      if (!text) return tl::unexpected(text.error());
      owned = std::move(*text);
    }
    const std::string& text = src.text ? *src.text : owned;
    batch_sink sink(b, opts, name, *fmt == format::ntriples);
    const auto rows_before = b.rows.size();
    parse(*fmt, name, text, sink);
    sink.finish();
    report.read += b.rows.size() - rows_before;
    ++report.files;
  }
  if (b.error_count > 0) {
    std::string msg;
    for (const auto& d : b.errors) msg += render(d) + "\n";
    msg += std::to_string(b.error_count) + (b.error_count == 1 ? " error" : " errors");
    if (b.error_count > b.errors.size()) msg += " (the first " + std::to_string(b.errors.size()) + " shown)";
    msg += "; nothing was imported";
    return tl::unexpected(error(errc::input, msg));
  }

  // 2. Write everything in one transaction.
  auto written = guarded(store.path(), [&] {
    auto& db = store.db();
    std::optional<write_transaction> tx;
    if (opts.dry_run)
      db.exec("BEGIN");
    else
      tx.emplace(db);
    if (opts.progress) opts.progress("writing " + std::to_string(b.rows.size()) + " facts");

    // Terms: one lookup per distinct term, unless the store has none.
    std::int64_t next_id = db.scalar("SELECT coalesce(max(id), 0) FROM terms") + 1;
    const bool terms_empty = next_id == 1;
    std::vector<std::int64_t> ids(b.dict.size());
    {
      auto find = db.prepare("SELECT id, kind, lex, dt FROM terms WHERE hash = ?");
      auto insert = db.prepare("INSERT INTO terms(id, kind, lex, dt, hash, num) VALUES (?, ?, ?, ?, ?, ?)");
      for (std::uint32_t i = 0; i < b.dict.size(); ++i) {
        const term& t = b.dict[i];
        std::int64_t id = 0;
        if (!terms_empty) {
          find.reset().bind(1, b.dict.hash(i));
          while (find.step()) {
            if (static_cast<term_kind>(find.int64(1)) == t.kind && find.text(2) == t.lex && find.text(3) == t.dt) {
              id = find.int64(0);
              break;
            }
          }
          find.reset();
        }
        if (id == 0) {
          id = next_id++;
          ++report.new_terms;
          if (!opts.dry_run) {
            insert.reset()
                .bind(1, id)
                .bind(2, static_cast<std::int64_t>(t.kind))
                .bind(3, std::string_view(t.lex))
                .bind(4, std::string_view(t.dt))
                .bind(5, b.dict.hash(i));
            if (auto v = numeric_value(t)) insert.bind(6, *v); else insert.bind_null(6);
            insert.run();
          }
        }
        ids[i] = id;
      }
    }

    // Facts: sort by SPO, bare statements before qualified ones.
    std::vector<db_row> rows;
    rows.reserve(b.rows.size());
    for (const auto& r : b.rows) {
      db_row d{ids[r.s], ids[r.p], ids[r.o], {}};
      d.quals.reserve(r.q_count);
      for (auto q = r.q_begin; q < r.q_begin + r.q_count; ++q)
        d.quals.emplace_back(ids[b.quals[q].first], ids[b.quals[q].second]);
      std::sort(d.quals.begin(), d.quals.end());
      rows.push_back(std::move(d));
    }
    b = batch{};  // the parsed batch is no longer needed
    std::sort(rows.begin(), rows.end(), [](const db_row& x, const db_row& y) {
      return std::tie(x.s, x.p, x.o, x.quals) < std::tie(y.s, y.p, y.o, y.quals);
    });

    const bool facts_empty = db.scalar("SELECT EXISTS (SELECT 1 FROM facts)") == 0;
    const bool bulk = !opts.dry_run && facts_empty && rows.size() >= 10000;
    if (bulk) db.exec("DROP INDEX facts_pos; DROP INDEX facts_osp;");

    auto exists = db.prepare("SELECT EXISTS (SELECT 1 FROM facts WHERE s = ? AND p = ? AND o = ?)");
    auto insert_fact = db.prepare("INSERT OR IGNORE INTO facts(s, p, o) VALUES (?, ?, ?)");
    auto existing_groups = db.prepare(
        "SELECT grp, key, value FROM qualifiers WHERE s = ? AND p = ? AND o = ? ORDER BY grp, key");
    auto insert_qual = db.prepare(
        "INSERT INTO qualifiers(s, p, o, grp, key, value) VALUES (?, ?, ?, ?, ?, ?)");
    std::map<std::int64_t, std::int64_t> new_per_predicate;

    std::vector<group> groups;  // the statements of the current triple
    std::int64_t max_grp = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto& r = rows[i];
      const bool first_of_triple =
          i == 0 || rows[i - 1].s != r.s || rows[i - 1].p != r.p || rows[i - 1].o != r.o;
      if (first_of_triple) {
        groups.clear();
        max_grp = 0;
        bool is_new;
        if (facts_empty) {
          is_new = true;
          if (!opts.dry_run) insert_fact.reset().bind(1, r.s).bind(2, r.p).bind(3, r.o).run();
        } else if (opts.dry_run) {
          exists.reset().bind(1, r.s).bind(2, r.p).bind(3, r.o);
          is_new = exists.step() && exists.int64(0) == 0;
        } else {
          insert_fact.reset().bind(1, r.s).bind(2, r.p).bind(3, r.o).run();
          is_new = db.changes() == 1;
        }
        if (is_new) {
          ++new_per_predicate[r.p];
          if (r.quals.empty()) ++report.added;
        } else {
          if (r.quals.empty()) ++report.present;
          existing_groups.reset().bind(1, r.s).bind(2, r.p).bind(3, r.o);
          std::int64_t current = -1;
          while (existing_groups.step()) {
            const auto g = existing_groups.int64(0);
            if (g != current) groups.emplace_back(), current = g;
            groups.back().emplace_back(existing_groups.int64(1), existing_groups.int64(2));
            max_grp = std::max(max_grp, g);
          }
        }
        if (r.quals.empty()) continue;
      } else if (r.quals.empty()) {
        ++report.present;  // a repeated bare statement
        continue;
      }
      if (std::find(groups.begin(), groups.end(), r.quals) != groups.end()) {
        ++report.present;
        continue;
      }
      groups.push_back(r.quals);
      ++report.added;
      ++max_grp;
      if (opts.dry_run) continue;
      for (const auto& [key, value] : r.quals)
        insert_qual.reset().bind(1, r.s).bind(2, r.p).bind(3, r.o).bind(4, max_grp).bind(5, key).bind(6, value).run();
    }

    if (bulk) {
      if (opts.progress) opts.progress("indexing");
      db.exec("CREATE INDEX facts_pos ON facts(p, o, s); CREATE INDEX facts_osp ON facts(o, s, p);");
    }
    if (!opts.dry_run) {
      auto bump = db.prepare(
          "INSERT INTO predicate_stats(p, facts) VALUES (?, ?) "
          "ON CONFLICT(p) DO UPDATE SET facts = facts + excluded.facts");
      for (const auto& [p, n] : new_per_predicate) bump.reset().bind(1, p).bind(2, n).run();
      if (opts.progress) opts.progress("committing");
      tx->commit();
    } else {
      db.exec("ROLLBACK");
    }
  });
  if (!written) return tl::unexpected(written.error());
  report.seconds = std::chrono::duration<double>(clock::now() - start).count();
  return report;
}

}  // namespace kg::store
