// Breadth-first walks for paths from a constant end, and kg_reach, the
// table-valued function that offers them to SQL; see reach.hpp.
//
// A recursive CTE keeps its queue and its set of nodes seen in SQLite
// b-trees, and runs its recursive step as a statement per node. Here the
// queue is a vector, the set a hash set, and a large walk reads its
// predicates' facts once into memory instead of seeking node by node.
#include "store/reach.hpp"

#include <algorithm>
#include <charconv>
#include <exception>
#include <memory>
#include <new>
#include <span>
#include <unordered_set>
#include <utility>

#include "store/sqlite.hpp"
#include "store/vtab.hpp"

namespace kg::store {
namespace {

// A seek (one statement run for one node and step) costs about as many
// instructions as reading this many rows in a scan of a predicate's facts,
// sorting included (about 5,000 and 600 on the bench's stores). An
// automatic walk scans once the seeks it has made and the seeks its queue
// already holds cost as much as the scan: a walk that stays small never
// reads the whole predicate, and one that grows pays at most about twice
// the scan.
constexpr std::int64_t rows_per_seek = 8;

constexpr const char* forward_sql = "SELECT o FROM facts WHERE s = ?1 AND p = ?2";
constexpr const char* backward_sql = "SELECT s FROM facts_pos WHERE p = ?1 AND o = ?2";
constexpr const char* scan_sql = "SELECT o, s FROM facts_pos WHERE p = ?1";

// From (node, neighbour) pairs sorted by node, then by neighbour.
adjacency adjacency_of(const std::vector<std::pair<std::int64_t, std::int64_t>>& pairs) {
  adjacency out;
  for (const auto& [node, next] : pairs) out.add(node, next);
  out.finish();
  return out;
}

class walker {
 public:
  walker(sqlite3* db, statement_cache* cache, std::int64_t start, std::vector<walk_step> steps, bool zero,
         walk_strategy strategy)
      : db_(db), cache_(cache), start_(start), steps_(std::move(steps)), strategy_(strategy) {
    if (zero) {
      seen_.insert(start_);
      order_.push_back(start_);
    }
    if (strategy_ == walk_strategy::automatic) {
      std::int64_t facts = 0;
      prepared st = statement("SELECT facts FROM predicate_stats WHERE p = ?1");
      for (const auto& s : steps_) {
        st.reset().bind(1, s.predicate);
        if (st.step()) facts += st.int64(0);
      }
      seek_budget_ = facts / rows_per_seek;
    }
  }

  walk_report report() const { return {seeks_, scanned_}; }

  // Back to the first node: what was found is given again, the rest found
  // as before.
  void rewind() { emitted_ = 0; }

  // The next node in breadth-first order; false when the walk is done.
  bool next(std::int64_t& node) {
    while (emitted_ == order_.size())
      if (!expand_next()) return false;
    node = order_[emitted_++];
    return true;
  }

 private:
  prepared statement(const char* sql) { return prepared(db_, sql, cache_); }

  bool expand_next() {
    if (!start_expanded_) {
      start_expanded_ = true;
      expand(start_);
      return true;
    }
    if (expanded_ == order_.size()) return false;
    const std::int64_t node = order_[expanded_++];
    if (node != start_) expand(node);  // the start's neighbours are in already
    return true;
  }

  void expand(std::int64_t node) {
    const auto queued = static_cast<std::int64_t>((order_.size() - expanded_) * steps_.size());
    if (!scanned_ && (strategy_ == walk_strategy::scan ||
                      (strategy_ == walk_strategy::automatic && seeks_ + queued >= seek_budget_)))
      scan();
    for (std::size_t i = 0; i < steps_.size(); ++i) {
      if (scanned_) {
        for (std::int64_t next : adjacent_[i].of(node)) visit(next);
        continue;
      }
      ++seeks_;
      prepared& st = steps_[i].forward ? forward_ : backward_;
      if (!st.handle()) st = statement(steps_[i].forward ? forward_sql : backward_sql);
      st.reset();
      if (steps_[i].forward)
        st.bind(1, node).bind(2, steps_[i].predicate);
      else
        st.bind(1, steps_[i].predicate).bind(2, node);
      while (st.step()) visit(st.int64(0));
    }
  }

  void visit(std::int64_t node) {
    if (seen_.insert(node).second) order_.push_back(node);
  }

  // Reads each step's predicate once (facts_pos, in object order) and
  // keeps each step's direction of it.
  void scan() {
    scanned_ = true;
    forward_ = prepared();
    backward_ = prepared();
    std::vector<std::pair<std::int64_t, std::vector<std::pair<std::int64_t, std::int64_t>>>> read;
    prepared st = statement(scan_sql);
    for (const auto& s : steps_) {
      auto it = std::find_if(read.begin(), read.end(), [&](const auto& r) { return r.first == s.predicate; });
      if (it != read.end()) continue;
      std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
      st.reset().bind(1, s.predicate);
      while (st.step()) pairs.emplace_back(st.int64(0), st.int64(1));
      read.emplace_back(s.predicate, std::move(pairs));
    }
    for (const auto& s : steps_) {
      const auto& by_object = std::find_if(read.begin(), read.end(), [&](const auto& r) {
                                return r.first == s.predicate;
                              })->second;
      if (!s.forward) {
        adjacent_.push_back(adjacency_of(by_object));
        continue;
      }
      std::vector<std::pair<std::int64_t, std::int64_t>> by_subject;
      by_subject.reserve(by_object.size());
      for (const auto& [o, s2] : by_object) by_subject.emplace_back(s2, o);
      std::sort(by_subject.begin(), by_subject.end());
      adjacent_.push_back(adjacency_of(by_subject));
    }
  }

  sqlite3* db_;
  statement_cache* cache_;
  std::int64_t start_;
  std::vector<walk_step> steps_;
  walk_strategy strategy_;

  std::vector<std::int64_t> order_;  // the nodes found, in order: the answer
  std::unordered_set<std::int64_t> seen_;
  std::size_t emitted_ = 0;   // order_[0, emitted_) have been given out
  std::size_t expanded_ = 0;  // order_[0, expanded_) have had their neighbours added
  bool start_expanded_ = false;

  std::int64_t seeks_ = 0, seek_budget_ = 0;
  prepared forward_, backward_;
  bool scanned_ = false;
  std::vector<adjacency> adjacent_;  // per step, once scanned
};

// ---------------------------------------------------------------------------
// kg_reach: an eponymous virtual table whose hidden columns are its
// arguments.

enum column { col_n, col_start, col_steps, col_zero };

struct reach_table {
  sqlite3_vtab base{};
  sqlite3* db = nullptr;
  statement_cache* cache = nullptr;
};

struct reach_cursor {
  sqlite3_vtab_cursor base{};
  std::unique_ptr<walker> walk;
  std::int64_t node = 0, rowid = 0;
  bool eof = true;
  std::int64_t start = 0, zero = 0;
  std::string steps;
};

int reach_connect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** out, char**) {
  const int rc =
      sqlite3_declare_vtab(db, "CREATE TABLE x(n INTEGER, start HIDDEN, steps HIDDEN, zero HIDDEN)");
  if (rc != SQLITE_OK) return rc;
  auto* t = new (std::nothrow) reach_table;
  if (!t) return SQLITE_NOMEM;
  t->db = db;
  t->cache = static_cast<statement_cache*>(aux);
  sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
  *out = &t->base;
  return SQLITE_OK;
}

int reach_disconnect(sqlite3_vtab* table) {
  delete reinterpret_cast<reach_table*>(table);
  return SQLITE_OK;
}

// Every argument must be given as an equality usable at this point of the
// join; a plan that cannot give one is refused.
int reach_best_index(sqlite3_vtab* table, sqlite3_index_info* info) {
  int given[3] = {-1, -1, -1};
  bool unusable = false;
  for (int i = 0; i < info->nConstraint; ++i) {
    const auto& c = info->aConstraint[i];
    if (c.iColumn < col_start || c.op != SQLITE_INDEX_CONSTRAINT_EQ) continue;
    if (!c.usable) {
      unusable = true;
      continue;
    }
    given[c.iColumn - col_start] = i;
  }
  // SQLite also asks about plans built from part of the WHERE clause (one
  // term of an OR, say) that hold none of the arguments: such a plan is
  // unusable, not an error. Some arguments but not all is a query's fault.
  const bool none_given = std::all_of(std::begin(given), std::end(given), [](int g) { return g < 0; });
  for (int k = 0; k < 3; ++k) {
    if (given[k] >= 0) continue;
    if (unusable || none_given) return SQLITE_CONSTRAINT;
    return vtab_fail(table, SQLITE_ERROR, "kg_reach needs three arguments: start, steps and zero");
  }
  for (int k = 0; k < 3; ++k) {
    info->aConstraintUsage[given[k]].argvIndex = k + 1;
    info->aConstraintUsage[given[k]].omit = 1;
  }
  info->estimatedCost = 1000;
  info->estimatedRows = 1000;
  return SQLITE_OK;
}

int reach_open(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
  auto* c = new (std::nothrow) reach_cursor;
  if (!c) return SQLITE_NOMEM;
  *out = &c->base;
  return SQLITE_OK;
}

int reach_close(sqlite3_vtab_cursor* cursor) {
  delete reinterpret_cast<reach_cursor*>(cursor);
  return SQLITE_OK;
}

int reach_next(sqlite3_vtab_cursor* cursor) {
  auto* c = reinterpret_cast<reach_cursor*>(cursor);
  return vtab_guarded(cursor->pVtab, [&] {
    c->eof = !c->walk->next(c->node);
    ++c->rowid;
  });
}

int reach_filter(sqlite3_vtab_cursor* cursor, int, const char*, int argc, sqlite3_value** argv) {
  auto* c = reinterpret_cast<reach_cursor*>(cursor);
  auto* t = reinterpret_cast<reach_table*>(cursor->pVtab);
  c->eof = true;
  c->rowid = 0;
  if (argc != 3)
    return vtab_fail(cursor->pVtab, SQLITE_ERROR, "kg_reach needs three arguments: start, steps and zero");
  // A NULL start (an unbound end) reaches nothing.
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    c->walk.reset();
    return SQLITE_OK;
  }
  const std::int64_t start = sqlite3_value_int64(argv[0]), zero = sqlite3_value_int64(argv[2]);
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[1]));
  const std::string_view steps_text(text ? text : "",
                                    text ? static_cast<std::size_t>(sqlite3_value_bytes(argv[1])) : 0);
  if (c->walk && start == c->start && zero == c->zero && steps_text == c->steps) {
    // The same walk again, as for each row of a join that reads it inside
    // another table's loop: it is not done twice.
    return vtab_guarded(cursor->pVtab, [&] {
      c->walk->rewind();
      c->eof = !c->walk->next(c->node);
    });
  }
  c->walk.reset();
  c->start = start;
  c->zero = zero;
  c->steps = steps_text;
  auto steps = decode_steps(c->steps);
  if (!steps)
    return vtab_fail(cursor->pVtab, SQLITE_ERROR, "kg_reach: steps must be predicate ids, as in \"12,-40\"");
  return vtab_guarded(cursor->pVtab, [&] {
    c->walk = std::make_unique<walker>(t->db, t->cache, c->start, std::move(*steps), c->zero != 0,
                                       walk_strategy::automatic);
    c->eof = !c->walk->next(c->node);
  });
}

int reach_eof(sqlite3_vtab_cursor* cursor) { return reinterpret_cast<reach_cursor*>(cursor)->eof; }

int reach_column(sqlite3_vtab_cursor* cursor, sqlite3_context* ctx, int column) {
  auto* c = reinterpret_cast<reach_cursor*>(cursor);
  switch (column) {
    case col_n:
      sqlite3_result_int64(ctx, c->node);
      break;
    case col_start:
      sqlite3_result_int64(ctx, c->start);
      break;
    case col_steps:
      sqlite3_result_text(ctx, c->steps.data(), static_cast<int>(c->steps.size()), SQLITE_TRANSIENT);
      break;
    default:
      sqlite3_result_int64(ctx, c->zero);
      break;
  }
  return SQLITE_OK;
}

int reach_rowid(sqlite3_vtab_cursor* cursor, sqlite3_int64* rowid) {
  *rowid = reinterpret_cast<reach_cursor*>(cursor)->rowid;
  return SQLITE_OK;
}

const sqlite3_module reach_module = {
    /* iVersion */ 0,
    /* xCreate */ nullptr,  // eponymous only: no CREATE VIRTUAL TABLE
    /* xConnect */ reach_connect,
    /* xBestIndex */ reach_best_index,
    /* xDisconnect */ reach_disconnect,
    /* xDestroy */ reach_disconnect,
    /* xOpen */ reach_open,
    /* xClose */ reach_close,
    /* xFilter */ reach_filter,
    /* xNext */ reach_next,
    /* xEof */ reach_eof,
    /* xColumn */ reach_column,
    /* xRowid */ reach_rowid,
    /* xUpdate */ nullptr,
    /* xBegin */ nullptr,
    /* xSync */ nullptr,
    /* xCommit */ nullptr,
    /* xRollback */ nullptr,
    /* xFindFunction */ nullptr,
    /* xRename */ nullptr,
    /* xSavepoint */ nullptr,
    /* xRelease */ nullptr,
    /* xRollbackTo */ nullptr,
    /* xShadowName */ nullptr,
};

}  // namespace

std::string encode_steps(const std::vector<walk_step>& steps) {
  std::string out;
  for (const auto& s : steps)
    out += (out.empty() ? "" : ",") + std::string(s.forward ? "" : "-") + std::to_string(s.predicate);
  return out;
}

std::optional<std::vector<walk_step>> decode_steps(std::string_view text) {
  std::vector<walk_step> steps;
  while (!text.empty()) {
    walk_step s;
    if (text.front() == '-') {
      s.forward = false;
      text.remove_prefix(1);
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), s.predicate);
    if (ec != std::errc() || s.predicate < 0 || end == text.data()) return std::nullopt;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    steps.push_back(s);
    if (text.empty()) break;
    if (text.front() != ',' || text.size() == 1) return std::nullopt;
    text.remove_prefix(1);
  }
  if (steps.empty()) return std::nullopt;
  return steps;
}

void register_reach(database& db) {
  const int rc = sqlite3_create_module_v2(db.handle(), "kg_reach", &reach_module, db.statements(), nullptr);
  if (rc != SQLITE_OK) throw_error(db.handle(), rc);
}

std::vector<std::int64_t> reachable(database& db, std::int64_t start, const std::vector<walk_step>& steps,
                                    bool zero, walk_strategy strategy, walk_report* report) {
  walker w(db.handle(), db.statements(), start, steps, zero, strategy);
  std::vector<std::int64_t> out;
  for (std::int64_t n = 0; w.next(n);) out.push_back(n);
  if (report) *report = w.report();
  return out;
}

}  // namespace kg::store
