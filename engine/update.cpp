// Running the plans of the statements that change the store (add, remove,
// import), each in one transaction, and of why, which lists the
// statements behind a fact. Their binding is in bind_statements.cpp.
#include "engine/update.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "engine/emit.hpp"
#include "engine/execute.hpp"
#include "store/fact_writer.hpp"
#include "store/import.hpp"

namespace kg::engine {

using namespace store;

namespace {

term load_term_at(prepared& st, int col) {
  return term{static_cast<term_kind>(st.int64(col)), std::string(st.text(col + 1)),
              std::string(st.text(col + 2))};
}

}  // namespace

change_report apply(triple_store& store, const plan::add& a) {
  auto added = guarded(store.path(), [&] {
    transaction tx(store.db());
    fact_writer writer(store.db());
    statement_ids st{writer.term_id(a.s), writer.term_id(a.p), writer.term_id(a.o), {}};
    for (const auto& [key, value] : a.qualifiers) {
      const auto value_id = writer.term_id(value);
      st.quals.emplace_back(writer.term_id(key), value_id);
    }
    const bool is_new = writer.add_statement(std::move(st));
    tx.commit();
    return is_new;
  });
  if (!added) throw added.error();
  change_report r;
  r.added = *added ? 1 : 0;
  r.present = *added ? 0 : 1;
  r.message = *added ? "added 1 statement" : "already present: nothing added";
  if (*added && !a.new_names.empty()) {
    r.message += "; new: ";
    for (std::size_t i = 0; i < a.new_names.size(); ++i) r.message += (i ? ", " : "") + a.new_names[i];
  }
  return r;
}

change_report apply(triple_store& store, const plan::remove& rm) {
  change_report r;
  if (!rm.facts.empty()) {
    transaction tx(store.db());
    fact_writer writer(store.db());
    for (const auto& [s, p, o] : rm.facts)
      if (writer.remove_fact(s, p, o)) ++r.removed;
    tx.commit();
  }
  r.message = r.removed == 0   ? "no such fact: nothing removed"
              : r.removed == 1 ? "removed 1 fact"
                               : "removed " + std::to_string(r.removed) + " facts";
  return r;
}

change_report apply(triple_store& store, const plan::import& imp) {
  auto report = import_sources(store, {{imp.path, std::nullopt, std::nullopt}}, {});
  // A file that cannot be read is a problem of the statement, at its name.
  if (!report && report.error().kind == error_kind::io)
    throw error::at(error_kind::semantic, imp.offset, report.error().message);
  if (!report) throw report.error();
  change_report r;
  r.added = static_cast<std::int64_t>(report->added);
  r.present = static_cast<std::int64_t>(report->present);
  r.message = "imported " + imp.path + ": " + std::to_string(report->added) + " new statements, " +
              std::to_string(report->present) + " already present";
  return r;
}

table run_why(database& db, const plan::why& w) {
  struct statement_row {
    std::int64_t s, p, o, grp;
    std::map<std::string, term> quals;
  };
  std::vector<statement_row> rows;
  std::set<std::array<std::int64_t, 4>> seen;  // a statement read both ways is listed once
  std::vector<std::string> keys;
  for (const auto& e : emit_why(w, sqlite_dialect())) {
    auto st = db.cached(e.sql);
    bind_parameters(st, e.params);
    while (st.step()) {
      const std::array<std::int64_t, 4> key = {st.int64(0), st.int64(1), st.int64(2), st.int64(3)};
      if (rows.empty() || rows.back().s != key[0] || rows.back().p != key[1] || rows.back().o != key[2] ||
          rows.back().grp != key[3]) {
        if (!seen.insert(key).second) continue;
        rows.push_back({key[0], key[1], key[2], key[3], {}});
      }
      if (st.is_null(4)) continue;
      const std::string k(st.text(4));
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
      rows.back().quals[k] = load_term_at(st, 5);
    }
  }
  // Qualifiers in the question keep the statements that have them.
  for (const auto& qual : w.qualifiers) {
    const auto& wanted = qual.second;
    std::erase_if(rows, [&](const statement_row& r) {
      auto it = r.quals.find(qual.first);
      return it == r.quals.end() || (wanted && !(it->second == *wanted));
    });
  }
  // source and line first, then the other qualifiers by name.
  std::sort(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) {
    auto rank = [](const std::string& k) { return k == "source" ? 0 : k == "line" ? 1 : 2; };
    return rank(a) != rank(b) ? rank(a) < rank(b) : a < b;
  });
  table a;
  a.columns = {"subject", "predicate", "object"};
  for (const auto& k : keys) a.columns.push_back(k);
  for (const auto& r : rows) {
    std::vector<std::optional<term>> row;
    for (auto id : {r.s, r.p, r.o}) row.push_back(term_by_id(db, id));
    for (const auto& k : keys) {
      auto it = r.quals.find(k);
      row.push_back(it == r.quals.end() ? std::nullopt : std::optional<term>(it->second));
    }
    a.rows.push_back(std::move(row));
  }
  if (a.rows.empty()) a.unmatched_pattern = w.pattern;
  return a;
}

}  // namespace kg::engine
