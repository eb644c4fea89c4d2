// What the join order knows of the data: facts per predicate, and how many
// facts a pattern's constants match (counted up to a cap). A snapshot of
// one database: counts are kept while its data stays the same.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "store/sqlite.hpp"

namespace kg::engine {

class statistics {
 public:
  // Past this many facts a pattern is simply "large".
  static constexpr std::int64_t cap = 2000;

  explicit statistics(store::database& db);

  // Facts with predicate p (predicate_stats).
  std::int64_t predicate_facts(std::int64_t p);
  // Whether the store keeps the pair counts (object_counts and
  // subject_counts; a store of schema version 2 read as it is lacks them).
  bool pair_counts();
  // Whether the qualifier table is keyed (p, o, s, grp, key), as from
  // schema version 3 (a version 2 store read as it is keys it by s first).
  bool qualifiers_by_pos();
  // Facts matching the given positions, at most `cap`.
  std::int64_t matching(std::optional<std::int64_t> s, std::optional<std::int64_t> p,
                        std::optional<std::int64_t> o);

 private:
  struct counts {
    std::map<std::string, std::int64_t> matching;
    std::map<std::int64_t, std::int64_t> predicates;
    std::optional<bool> pair_counts, qualifiers_by_pos;
  };
  store::database& db_;
  std::shared_ptr<counts> counts_;
};

}  // namespace kg::engine
