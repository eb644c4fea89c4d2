#include "engine/statistics.hpp"

#include <vector>

#include "store/store.hpp"

namespace kg::engine {

statistics::statistics(store::database& db) : db_(db), counts_(db.derived<counts>()) {}

std::int64_t statistics::predicate_facts(std::int64_t p) {
  if (auto it = counts_->predicates.find(p); it != counts_->predicates.end()) return it->second;
  auto st = db_.cached("SELECT facts FROM predicate_stats WHERE p = ?");
  st.bind(1, p);
  return counts_->predicates[p] = st.step() ? st.int64(0) : 0;
}

bool statistics::pair_counts() {
  if (!counts_->pair_counts)
    counts_->pair_counts = db_.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'subject_counts'") > 0;
  return *counts_->pair_counts;
}

bool statistics::qualifiers_by_pos() {
  if (!counts_->qualifiers_by_pos)
    counts_->qualifiers_by_pos = db_.scalar(
                                     "SELECT count(*) FROM sqlite_schema WHERE name = 'qualifiers' AND "
                                     "sql LIKE '%PRIMARY KEY(p, o, s, grp, key)%'") > 0;
  return *counts_->qualifiers_by_pos;
}

std::int64_t statistics::matching(std::optional<std::int64_t> s, std::optional<std::int64_t> p,
                                  std::optional<std::int64_t> o) {
  std::string where;
  std::vector<std::int64_t> values;
  for (auto [v, col] : {std::pair{s, "s"}, {p, "p"}, {o, "o"}}) {
    if (!v) continue;
    where += std::string(where.empty() ? " WHERE " : " AND ") + col + " = ?";
    values.push_back(*v);
  }
  const std::string table(store::facts_table_for(s.has_value(), p.has_value(), o.has_value()));
  const std::string sql =
      "SELECT count(*) FROM (SELECT 1 FROM " + table + where + " LIMIT " + std::to_string(cap) + ")";
  // Counted once until the data changes: a count of a large pattern reads
  // up to `cap` index entries, the bulk of a small query's time.
  std::string key = sql;
  for (auto v : values) key += ' ' + std::to_string(v);
  if (auto it = counts_->matching.find(key); it != counts_->matching.end()) return it->second;
  auto st = db_.cached(sql);
  for (std::size_t i = 0; i < values.size(); ++i) st.bind(static_cast<int>(i + 1), values[i]);
  return counts_->matching[key] = st.step() ? st.int64(0) : cap;
}

}  // namespace kg::engine
