// Writing facts. The bulk path is built for speed: rows arrive sorted, new
// facts go into each permutation table in that table's key order, many
// rows per INSERT, and indexes of empty tables are built after loading,
// which SQLite does by sorting rather than by random inserts.
#include "store/fact_writer.hpp"

#include <algorithm>
#include <array>
#include <future>
#include <map>
#include <set>
#include <tuple>

#include "store/schema.hpp"
#include "store/store.hpp"

namespace kg::store {
namespace {

using triple = std::array<std::int64_t, 3>;
using qualifier_row = std::array<std::int64_t, 6>;  // s, p, o, grp, key, value

// Builds indexes over many rows the way SQLite builds them fastest: its
// sorter sorts pieces the size of the page cache and merges them through
// temporary files (the import sets those to files, not memory). With kg's
// large page cache, meant for queries, it would sort one huge piece, about
// half as fast: on the qualifiers of 10M news facts, 7.4 s against 3.3 s.
// When the other core has nothing else to do, SQLite's sorter gets a
// helper thread there (not for the terms: rows are sorted meanwhile).
void build_indexes(database& db, std::initializer_list<std::string_view> names,
                   bool other_core_idle = false) {
  pragma_scope small_cache(db, "PRAGMA cache_size=-4096",
                           "PRAGMA cache_size=-" + std::to_string(page_cache_kib));
  const auto threads = std::to_string(db.scalar("PRAGMA threads"));
  pragma_scope helper(db, "PRAGMA threads=" + (other_core_idle ? std::string("1") : threads),
                      "PRAGMA threads=" + threads);
  for (auto name : names) db.exec(schema::create_index(name));
}

void drop_indexes(database& db, std::initializer_list<std::string_view> names) {
  for (auto name : names) db.exec(schema::drop_index(name));
}

// The facts in the order of a permutation table whose columns are the
// fact's positions `order` (POS is {1, 2, 0}), sorted by its key.
std::vector<triple> permuted(const std::vector<triple>& facts, std::array<std::size_t, 3> order) {
  std::vector<triple> v;
  v.reserve(facts.size());
  for (const auto& f : facts) v.push_back({f[order[0]], f[order[1]], f[order[2]]});
  std::sort(v.begin(), v.end());
  return v;
}

// head is "INSERT INTO table(a, b, c) VALUES"; rows are in those columns.
void insert_triples(database& db, const char* head, const std::vector<triple>& rows) {
  insert_rows(db, head, 3, rows.size(), [&](prepared& st, int at, std::size_t n) {
    st.bind(at, rows[n][0]).bind(at + 1, rows[n][1]).bind(at + 2, rows[n][2]);
  });
}

constexpr const char* insert_facts_sql = "INSERT INTO facts(s, p, o) VALUES";
constexpr const char* insert_pos_sql = "INSERT INTO facts_pos(p, o, s) VALUES";
constexpr const char* insert_osp_sql = "INSERT INTO facts_osp(o, s, p) VALUES";

void insert_qualifiers(database& db, const std::vector<qualifier_row>& rows) {
  insert_rows(db, "INSERT INTO qualifiers(s, p, o, grp, key, value) VALUES", 6, rows.size(),
              [&](prepared& st, int at, std::size_t n) {
                for (int c = 0; c < 6; ++c) st.bind(at + c, rows[n][static_cast<std::size_t>(c)]);
              });
}

}  // namespace

prepared& fact_writer::kept(prepared& slot, const char* sql) {
  if (!slot.handle()) slot = db_.prepare(sql);
  return slot.reset();
}

std::optional<std::int64_t> fact_writer::find_term(const term& t, std::int64_t hash) {
  return find_term_id(kept(by_hash_, term_by_hash_sql), t, hash);
}

std::int64_t fact_writer::next_term_id() { return db_.scalar("SELECT coalesce(max(id), 0) FROM terms") + 1; }

std::int64_t fact_writer::term_id(const term& t) {
  const auto hash = term_hash(t);
  if (auto id = find_term(t, hash)) return *id;
  const new_term fresh{next_term_id(), &t, hash};
  add_terms(1, [&](std::size_t) { return fresh; });
  return fresh.id;
}

void fact_writer::add_terms(std::size_t count, const std::function<new_term(std::size_t)>& term_at) {
  // Into an empty dictionary, index after loading rather than during.
  const bool rebuild = count >= 10000 && db_.scalar("SELECT EXISTS (SELECT 1 FROM terms)") == 0;
  if (rebuild) drop_indexes(db_, {"terms_by_hash", "terms_by_name"});
  insert_rows(db_, "INSERT INTO terms(id, kind, lex, dt, hash, num) VALUES", 6, count,
              [&](prepared& st, int at, std::size_t r) {
                const auto n = term_at(r);
                const term& t = *n.value;
                st.bind(at, n.id)
                    .bind(at + 1, static_cast<std::int64_t>(t.kind))
                    .bind_static(at + 2, t.lex)
                    .bind_static(at + 3, t.dt)
                    .bind(at + 4, n.hash);
                if (auto v = numeric_value(t))
                  st.bind(at + 5, *v);
                else
                  st.bind_null(at + 5);
              });
  if (rebuild) build_indexes(db_, {"terms_by_hash", "terms_by_name"});
  // The words of the new terms into the search index. New ids are above
  // every stored one (next_term_id), so they are the ids from the least.
  if (count == 0) return;
  std::int64_t least = term_at(0).id;
  for (std::size_t r = 1; r < count; ++r) least = std::min(least, term_at(r).id);
  kept(index_words_, "INSERT INTO term_search(rowid, lex) SELECT id, lex FROM terms WHERE id >= ?1")
      .bind(1, least)
      .run();
}

bool fact_writer::insert_fact(std::int64_t s, std::int64_t p, std::int64_t o) {
  kept(insert_fact_, "INSERT OR IGNORE INTO facts(s, p, o) VALUES (?, ?, ?)")
      .bind(1, s)
      .bind(2, p)
      .bind(3, o)
      .run();
  return db_.changes() == 1;
}

std::int64_t fact_writer::load_groups(std::int64_t s, std::int64_t p, std::int64_t o,
                                      std::vector<group>& groups) {
  auto& st = kept(groups_,
                  "SELECT grp, key, value FROM qualifiers WHERE s = ? AND p = ? AND o = ? ORDER BY grp, key");
  st.bind(1, s).bind(2, p).bind(3, o);
  std::int64_t current = -1, max_grp = 0;
  while (st.step()) {
    const auto g = st.int64(0);
    if (g != current) groups.emplace_back(), current = g;
    groups.back().emplace_back(st.int64(1), st.int64(2));
    max_grp = std::max(max_grp, g);
  }
  st.reset();
  return max_grp;
}

void fact_writer::count_facts(std::int64_t p, std::int64_t delta) {
  auto st = db_.cached(
      "INSERT INTO predicate_stats(p, facts) VALUES (?, ?) "
      "ON CONFLICT(p) DO UPDATE SET facts = facts + excluded.facts");
  st.bind(1, p).bind(2, delta).run();
}

void fact_writer::count_pair(pair kind, std::int64_t a, std::int64_t b, std::int64_t delta, pair_row row) {
  const bool object = kind == pair::object;
  const auto k = static_cast<std::size_t>(kind);
  if (row == pair_row::none_before) {
    if (delta >= schema::pair_count_floor)
      kept(pair_insert_[k], object ? "INSERT INTO object_counts(p, o, facts) VALUES (?1, ?2, ?3)"
                                   : "INSERT INTO subject_counts(s, p, facts) VALUES (?1, ?2, ?3)")
          .bind(1, a)
          .bind(2, b)
          .bind(3, delta)
          .run();
    return;
  }
  // A pair with a row had pair_count_floor facts or more: its count moves
  // by delta, and the row goes when it falls below the floor.
  if (row != pair_row::absent) {
    kept(pair_update_[k], object ? "UPDATE object_counts SET facts = facts + ?3 WHERE p = ?1 AND o = ?2"
                                 : "UPDATE subject_counts SET facts = facts + ?3 WHERE s = ?1 AND p = ?2")
        .bind(1, a)
        .bind(2, b)
        .bind(3, delta)
        .run();
    if (row == pair_row::present || db_.changes() == 1) {
      if (delta < 0)
        kept(pair_delete_[k], object ? "DELETE FROM object_counts WHERE p = ?1 AND o = ?2 AND facts < ?3"
                                     : "DELETE FROM subject_counts WHERE s = ?1 AND p = ?2 AND facts < ?3")
            .bind(1, a)
            .bind(2, b)
            .bind(3, schema::pair_count_floor)
            .run();
      return;
    }
  }
  // A pair without a row had fewer facts: counted now, a short scan.
  if (delta < 0) return;
  auto& count = kept(pair_count_[k], object ? "SELECT count(*) FROM facts_pos WHERE p = ?1 AND o = ?2"
                                            : "SELECT count(*) FROM facts WHERE s = ?1 AND p = ?2");
  count.bind(1, a).bind(2, b);
  const auto n = count.step() ? count.int64(0) : 0;
  count.reset();
  if (n >= schema::pair_count_floor) count_pair(kind, a, b, n, pair_row::none_before);
}

bool fact_writer::add_statement(statement_ids st) {
  std::sort(st.quals.begin(), st.quals.end());
  std::int64_t grp = 1;
  if (insert_fact(st.s, st.p, st.o)) {
    insert_triples(db_, insert_pos_sql, {{st.p, st.o, st.s}});
    insert_triples(db_, insert_osp_sql, {{st.o, st.s, st.p}});
    count_facts(st.p, 1);
    count_pair(pair::object, st.p, st.o, 1, pair_row::unknown);
    count_pair(pair::subject, st.s, st.p, 1, pair_row::unknown);
  } else {
    if (st.quals.empty()) return false;
    std::vector<group> groups;
    grp = load_groups(st.s, st.p, st.o, groups) + 1;
    if (std::find(groups.begin(), groups.end(), st.quals) != groups.end()) return false;
  }
  std::vector<qualifier_row> rows;
  for (const auto& [key, value] : st.quals) rows.push_back({st.s, st.p, st.o, grp, key, value});
  insert_qualifiers(db_, rows);
  return true;
}

write_counts fact_writer::add_statements(const std::vector<statement_ids>& rows, bool dry_run,
                                         const std::function<void(const char*)>& phase) {
  write_counts counts;
  const bool facts_empty = db_.scalar("SELECT EXISTS (SELECT 1 FROM facts)") == 0;
  std::map<std::int64_t, std::int64_t> new_per_predicate;
  std::vector<triple> new_facts;  // in SPO order
  std::vector<qualifier_row> appended_qualifiers;

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
      } else if (dry_run) {
        auto& exists =
            kept(fact_exists_, "SELECT EXISTS (SELECT 1 FROM facts WHERE s = ? AND p = ? AND o = ?)");
        exists.bind(1, r.s).bind(2, r.p).bind(3, r.o);
        is_new = exists.step() && exists.int64(0) == 0;
      } else {
        is_new = insert_fact(r.s, r.p, r.o);
      }
      if (is_new) {
        new_facts.push_back({r.s, r.p, r.o});
        ++new_per_predicate[r.p];
        if (r.quals.empty()) ++counts.added;
      } else {
        if (r.quals.empty()) ++counts.present;
        max_grp = load_groups(r.s, r.p, r.o, groups);
      }
      if (r.quals.empty()) continue;
    } else if (r.quals.empty()) {
      ++counts.present;  // a repeated bare statement
      continue;
    }
    if (std::find(groups.begin(), groups.end(), r.quals) != groups.end()) {
      ++counts.present;
      continue;
    }
    groups.push_back(r.quals);
    ++counts.added;
    ++max_grp;
    for (const auto& [key, value] : r.quals)
      appended_qualifiers.push_back({r.s, r.p, r.o, max_grp, key, value});
  }
  if (dry_run) return counts;

  // New facts go into each permutation table in that table's key order,
  // many rows per statement: appends, when the store was empty. The next
  // order is sorted on another thread while SQLite writes (or on this one
  // when get() asks for it, if no thread can be started).
  if (phase) phase("sort and compare");
  // The qualifier table is keyed (p, o, s, grp, key): its new rows are
  // sorted so on another thread while SQLite writes the facts.
  auto qualifiers_sorted = std::async(std::launch::async | std::launch::deferred, [&appended_qualifiers] {
    std::sort(appended_qualifiers.begin(), appended_qualifiers.end(),
              [](const qualifier_row& a, const qualifier_row& b) {
                return std::tie(a[1], a[2], a[0], a[3], a[4]) < std::tie(b[1], b[2], b[0], b[3], b[4]);
              });
  });
  auto pos = std::async(std::launch::async | std::launch::deferred, permuted, std::cref(new_facts),
                        std::array<std::size_t, 3>{1, 2, 0});
  if (facts_empty) insert_triples(db_, insert_facts_sql, new_facts);
  auto osp = std::async(std::launch::async | std::launch::deferred, permuted, std::cref(new_facts),
                        std::array<std::size_t, 3>{2, 0, 1});
  const auto by_pos = pos.get();
  insert_triples(db_, insert_pos_sql, by_pos);
  insert_triples(db_, insert_osp_sql, osp.get());
  // The pair counts, from the runs of equal pairs in the sorted facts. The
  // pairs with a row are few (many facts each): read first, so that a pair
  // without one is counted straight away.
  auto count_runs = [&](pair kind, const std::vector<triple>& sorted) {
    std::set<std::pair<std::int64_t, std::int64_t>> rows;
    if (!facts_empty) {
      auto st = db_.prepare(kind == pair::object ? "SELECT p, o FROM object_counts"
                                                 : "SELECT s, p FROM subject_counts");
      while (st.step()) rows.emplace(st.int64(0), st.int64(1));
    }
    for (std::size_t i = 0, j = 0; i < sorted.size(); i = j) {
      while (j < sorted.size() && sorted[j][0] == sorted[i][0] && sorted[j][1] == sorted[i][1]) ++j;
      const auto n = static_cast<std::int64_t>(j - i);
      if (facts_empty)
        count_pair(kind, sorted[i][0], sorted[i][1], n, pair_row::none_before);
      else
        count_pair(kind, sorted[i][0], sorted[i][1], n,
                   rows.count({sorted[i][0], sorted[i][1]}) ? pair_row::present : pair_row::absent);
    }
  };
  count_runs(pair::object, by_pos);
  count_runs(pair::subject, new_facts);
  if (phase) phase("facts");
  qualifiers_sorted.get();
  // The key index of an empty qualifier table is built after loading.
  const bool rebuild_key_index =
      appended_qualifiers.size() >= 10000 && db_.scalar("SELECT EXISTS (SELECT 1 FROM qualifiers)") == 0;
  if (rebuild_key_index) drop_indexes(db_, {"qualifiers_by_key"});
  insert_qualifiers(db_, appended_qualifiers);
  if (rebuild_key_index) build_indexes(db_, {"qualifiers_by_key"}, true);
  for (const auto& [p, n] : new_per_predicate) count_facts(p, n);
  if (phase) phase("qualifiers");
  return counts;
}

bool fact_writer::remove_fact(std::int64_t s, std::int64_t p, std::int64_t o) {
  auto del = [&](const char* sql) {
    auto st = db_.cached(sql);
    st.bind(1, s).bind(2, p).bind(3, o);
    st.run();
    return db_.changes();
  };
  if (!del("DELETE FROM facts WHERE s = ?1 AND p = ?2 AND o = ?3")) return false;
  del("DELETE FROM facts_pos WHERE s = ?1 AND p = ?2 AND o = ?3");
  del("DELETE FROM facts_osp WHERE s = ?1 AND p = ?2 AND o = ?3");
  del("DELETE FROM qualifiers WHERE s = ?1 AND p = ?2 AND o = ?3");
  auto st = db_.cached("UPDATE predicate_stats SET facts = facts - 1 WHERE p = ?");
  st.bind(1, p);
  st.run();
  count_pair(pair::object, p, o, -1, pair_row::unknown);
  count_pair(pair::subject, s, p, -1, pair_row::unknown);
  return true;
}

}  // namespace kg::store
