// Worst-case optimal joins and kg_join, the table-valued function that
// offers them to SQL; see join.hpp.
//
// SQLite joins a cycle of patterns by nested loops: every partial answer
// of the first two patterns is probed in the third, one b-tree descent
// each, however few of them close the cycle. Here each atom's facts are
// read once, in index order, into sorted adjacency arrays, and the join
// binds one variable at a time to the intersection of the sorted lists
// every atom allows it (a galloping search from the shortest), so that
// work follows the answers and the shortest lists rather than the partial
// answers.
#include "store/join.hpp"

#include <algorithm>
#include <charconv>
#include <exception>
#include <map>
#include <memory>
#include <new>
#include <span>
#include <utility>

#include "store/vtab.hpp"

namespace kg::store {
namespace {

constexpr const char* by_object_sql = "SELECT o, s FROM facts_pos WHERE p = ?1";
constexpr const char* loops_sql = "SELECT o FROM facts_pos WHERE p = ?1 AND s = o";
constexpr const char* subjects_sql = "SELECT s FROM facts_pos WHERE p = ?1 AND o = ?2";
constexpr const char* objects_sql = "SELECT o FROM facts WHERE s = ?1 AND p = ?2";
// Stepped now and then during a long join: SQLite runs the connection's
// progress handler while it steps statements, and only then, so a join
// that only computed would outlive its timeout and Ctrl-C. The handler's
// count of steps carries over from one run of the statement to the next.
constexpr const char* poll_sql = "SELECT 1";
// Units of work (list elements looked at) between two polls: a few
// microseconds of work, against a poll that costs well under one.
constexpr std::int64_t work_per_poll = 4096;

// The first position at or after `from` whose value is at least x:
// doubling steps, then a binary search in the last one.
std::size_t seek(std::span<const std::int64_t> list, std::size_t from, std::int64_t x) {
  std::size_t low = from, high = from, step = 1;
  while (high < list.size() && list[high] < x) {
    low = high + 1;
    high += step;
    step *= 2;
  }
  high = std::min(high, list.size());
  return static_cast<std::size_t>(std::lower_bound(list.begin() + static_cast<std::ptrdiff_t>(low),
                                                   list.begin() + static_cast<std::ptrdiff_t>(high), x) -
                                  list.begin());
}

class joiner {
 public:
  joiner(sqlite3* db, statement_cache* cache, join_spec spec)
      : db_(db), cache_(cache), spec_(std::move(spec)) {
    const auto n = static_cast<std::size_t>(spec_.variables);
    sources_.resize(n);
    candidates_.resize(n);
    at_.resize(n);
    value_.resize(n);
    for (const auto& a : spec_.atoms) add_atom(a);
  }

  // Back to the first row.
  void rewind() { started_ = false; }

  // Moves to the next row; false when there is none.
  bool next() {
    const std::size_t last = value_.size() - 1;
    if (!started_) {
      started_ = true;
      depth_ = 0;
      fill(0);
    }
    for (;;) {
      if (at_[depth_] == candidates_[depth_].size()) {
        if (depth_ == 0) return false;
        --depth_;
        continue;
      }
      value_[depth_] = candidates_[depth_][at_[depth_]++];
      if (depth_ == last) return true;
      fill(++depth_);
    }
  }

  const std::vector<std::int64_t>& row() const { return value_; }

 private:
  // A list a variable's value must be in: every node of an adjacency (the
  // variable is the atom's first), the neighbours of an earlier variable's
  // value (the atom's second), or a fixed list (an atom on that variable
  // alone: a self-loop or a constant end).
  struct source {
    const adjacency* from_adjacency = nullptr;
    int earlier = -1;  // with from_adjacency: the variable whose neighbours; -1 for the keys
    const std::vector<std::int64_t>* list = nullptr;
  };

  prepared statement(const char* sql) { return prepared(db_, sql, cache_); }

  void add_atom(const join_atom& a) {
    const auto var = [](const join_end& e) { return static_cast<std::size_t>(e.value); };
    if (a.s.variable && a.o.variable && a.s.value != a.o.value) {
      // Keyed by the end bound first.
      const bool forward = a.s.value < a.o.value;
      const adjacency* t = direction(a.predicate, forward);
      const auto first = var(forward ? a.s : a.o), second = var(forward ? a.o : a.s);
      sources_[first].push_back({t, -1, nullptr});
      sources_[second].push_back({t, static_cast<int>(first), nullptr});
      return;
    }
    auto list = std::make_unique<std::vector<std::int64_t>>();
    prepared st;
    if (a.s.variable && a.o.variable) {
      st = statement(loops_sql);
      st.bind(1, a.predicate);
    } else if (a.s.variable) {
      st = statement(subjects_sql);
      st.bind(1, a.predicate).bind(2, a.o.value);
    } else {
      st = statement(objects_sql);
      st.bind(1, a.s.value).bind(2, a.predicate);
    }
    while (st.step()) {
      list->push_back(st.int64(0));
      count(sizeof(std::int64_t));
    }
    sources_[var(a.s.variable ? a.s : a.o)].push_back({nullptr, -1, list.get()});
    lists_.push_back(std::move(list));
  }

  // A predicate's facts keyed by subject (forward) or object, read once
  // per join.
  const adjacency* direction(std::int64_t predicate, bool forward) {
    auto& slot = directions_[{predicate, forward}];
    if (slot) return slot.get();
    slot = std::make_unique<adjacency>();
    prepared st = statement(by_object_sql);
    st.bind(1, predicate);
    if (!forward) {
      while (st.step()) {
        slot->add(st.int64(0), st.int64(1));
        count(2 * sizeof(std::int64_t));
      }
    } else {
      std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
      while (st.step()) {
        pairs.emplace_back(st.int64(1), st.int64(0));
        count(4 * sizeof(std::int64_t));  // the pair, and the lists made of it
      }
      std::sort(pairs.begin(), pairs.end());
      for (const auto& [s, o] : pairs) slot->add(s, o);
    }
    slot->finish();
    return slot.get();
  }

  void count(std::size_t bytes) {
    bytes_ += bytes;
    if (bytes_ > join_memory_cap)
      throw sqlite_error(SQLITE_TOOBIG, "kg_join: the join needs more than " +
                                            std::to_string(join_memory_cap >> 20) + " MB of memory");
  }

  void work(std::int64_t units) {
    work_ += units;
    if (work_ < next_poll_) return;
    next_poll_ = work_ + work_per_poll;
    if (!poll_.handle()) poll_ = statement(poll_sql);
    poll_.step();  // throws when the statement is interrupted
    poll_.reset();
  }

  // The values variable k may take given the earlier ones: the
  // intersection of its lists, found by galloping through the others from
  // each value of the shortest.
  void fill(std::size_t k) {
    auto& out = candidates_[k];
    out.clear();
    at_[k] = 0;
    spans_.clear();
    for (const auto& s : sources_[k]) {
      if (s.list)
        spans_.emplace_back(*s.list);
      else if (s.earlier < 0)
        spans_.emplace_back(s.from_adjacency->nodes());
      else
        spans_.push_back(s.from_adjacency->of(value_[static_cast<std::size_t>(s.earlier)]));
    }
    work(static_cast<std::int64_t>(spans_.size()));
    std::sort(spans_.begin(), spans_.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
    if (spans_.front().empty()) return;
    positions_.assign(spans_.size(), 0);
    std::int64_t looked = 0;
    for (const std::int64_t x : spans_.front()) {
      bool everywhere = true;
      for (std::size_t i = 1; i < spans_.size(); ++i) {
        positions_[i] = seek(spans_[i], positions_[i], x);
        ++looked;
        if (positions_[i] == spans_[i].size()) {
          work(looked);
          return;  // no later value of the shortest list is in this one
        }
        if (spans_[i][positions_[i]] != x) {
          everywhere = false;
          break;
        }
      }
      if (everywhere) out.push_back(x);
      if (++looked >= work_per_poll) work(std::exchange(looked, 0));
    }
    work(looked);
  }

  sqlite3* db_;
  statement_cache* cache_;
  join_spec spec_;
  std::map<std::pair<std::int64_t, bool>, std::unique_ptr<adjacency>> directions_;
  std::vector<std::unique_ptr<std::vector<std::int64_t>>> lists_;
  std::vector<std::vector<source>> sources_;  // per variable

  // The iteration: per variable, its candidate values given the earlier
  // ones, the next to take, and the one taken.
  std::vector<std::vector<std::int64_t>> candidates_;
  std::vector<std::size_t> at_;
  std::vector<std::int64_t> value_;
  std::size_t depth_ = 0;
  bool started_ = false;

  std::vector<std::span<const std::int64_t>> spans_;  // scratch for fill
  std::vector<std::size_t> positions_;

  std::size_t bytes_ = 0;
  std::int64_t work_ = 0, next_poll_ = work_per_poll;
  prepared poll_;
};

// ---------------------------------------------------------------------------
// kg_join: an eponymous virtual table whose hidden column is its argument.

constexpr int col_spec = max_join_variables;

struct join_table {
  sqlite3_vtab base{};
  sqlite3* db = nullptr;
  statement_cache* cache = nullptr;
};

struct join_cursor {
  sqlite3_vtab_cursor base{};
  std::unique_ptr<joiner> join;
  std::string spec;
  std::int64_t rowid = 0;
  bool eof = true;
};

int join_connect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** out, char**) {
  std::string schema = "CREATE TABLE x(";
  for (int k = 0; k < max_join_variables; ++k) schema += "v" + std::to_string(k) + " INTEGER, ";
  schema += "spec HIDDEN)";
  const int rc = sqlite3_declare_vtab(db, schema.c_str());
  if (rc != SQLITE_OK) return rc;
  auto* t = new (std::nothrow) join_table;
  if (!t) return SQLITE_NOMEM;
  t->db = db;
  t->cache = static_cast<statement_cache*>(aux);
  sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
  *out = &t->base;
  return SQLITE_OK;
}

int join_disconnect(sqlite3_vtab* table) {
  delete reinterpret_cast<join_table*>(table);
  return SQLITE_OK;
}

// The spec must be given as an equality usable at this point of the join;
// a plan that cannot give it is refused.
int join_best_index(sqlite3_vtab*, sqlite3_index_info* info) {
  int given = -1;
  for (int i = 0; i < info->nConstraint; ++i) {
    const auto& c = info->aConstraint[i];
    if (c.iColumn == col_spec && c.op == SQLITE_INDEX_CONSTRAINT_EQ && c.usable) given = i;
  }
  if (given < 0) return SQLITE_CONSTRAINT;
  info->aConstraintUsage[given].argvIndex = 1;
  info->aConstraintUsage[given].omit = 1;
  info->estimatedCost = 1e6;
  info->estimatedRows = 1000000;
  return SQLITE_OK;
}

int join_open(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
  auto* c = new (std::nothrow) join_cursor;
  if (!c) return SQLITE_NOMEM;
  *out = &c->base;
  return SQLITE_OK;
}

int join_close(sqlite3_vtab_cursor* cursor) {
  delete reinterpret_cast<join_cursor*>(cursor);
  return SQLITE_OK;
}

int join_next(sqlite3_vtab_cursor* cursor) {
  auto* c = reinterpret_cast<join_cursor*>(cursor);
  return vtab_guarded(cursor->pVtab, [&] {
    c->eof = !c->join->next();
    ++c->rowid;
  });
}

int join_filter(sqlite3_vtab_cursor* cursor, int, const char*, int argc, sqlite3_value** argv) {
  auto* c = reinterpret_cast<join_cursor*>(cursor);
  auto* t = reinterpret_cast<join_table*>(cursor->pVtab);
  c->eof = true;
  c->rowid = 0;
  if (argc != 1 || sqlite3_value_type(argv[0]) != SQLITE_TEXT)
    return vtab_fail(cursor->pVtab, SQLITE_ERROR, "kg_join needs one argument: the join's atoms");
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const std::string_view spec(text, static_cast<std::size_t>(sqlite3_value_bytes(argv[0])));
  if (!c->join || spec != c->spec) {
    // The same join again, as inside another table's loop, reuses the
    // facts it read.
    c->join.reset();
    c->spec = spec;
    auto decoded = decode_join(c->spec);
    if (!decoded)
      return vtab_fail(cursor->pVtab, SQLITE_ERROR,
                       "kg_join: atoms must be \"p s o\" of ids and vN, as in \"12 v0 v1\"");
    const int rc = vtab_guarded(
        cursor->pVtab, [&] { c->join = std::make_unique<joiner>(t->db, t->cache, std::move(*decoded)); });
    if (rc != SQLITE_OK) return rc;
  }
  return vtab_guarded(cursor->pVtab, [&] {
    c->join->rewind();
    c->eof = !c->join->next();
  });
}

int join_eof(sqlite3_vtab_cursor* cursor) { return reinterpret_cast<join_cursor*>(cursor)->eof; }

int join_column(sqlite3_vtab_cursor* cursor, sqlite3_context* ctx, int column) {
  auto* c = reinterpret_cast<join_cursor*>(cursor);
  const auto& row = c->join->row();
  if (column == col_spec)
    sqlite3_result_text(ctx, c->spec.data(), static_cast<int>(c->spec.size()), SQLITE_TRANSIENT);
  else if (static_cast<std::size_t>(column) < row.size())
    sqlite3_result_int64(ctx, row[static_cast<std::size_t>(column)]);
  else
    sqlite3_result_null(ctx);
  return SQLITE_OK;
}

int join_rowid(sqlite3_vtab_cursor* cursor, sqlite3_int64* rowid) {
  *rowid = reinterpret_cast<join_cursor*>(cursor)->rowid;
  return SQLITE_OK;
}

const sqlite3_module join_module = {
    /* iVersion */ 0,
    /* xCreate */ nullptr,  // eponymous only: no CREATE VIRTUAL TABLE
    /* xConnect */ join_connect,
    /* xBestIndex */ join_best_index,
    /* xDisconnect */ join_disconnect,
    /* xDestroy */ join_disconnect,
    /* xOpen */ join_open,
    /* xClose */ join_close,
    /* xFilter */ join_filter,
    /* xNext */ join_next,
    /* xEof */ join_eof,
    /* xColumn */ join_column,
    /* xRowid */ join_rowid,
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

std::optional<join_end> decode_end(std::string_view text) {
  join_end e;
  if (!text.empty() && text.front() == 'v') {
    text.remove_prefix(1);
    if (text.empty() || text.front() == '-') return std::nullopt;
  } else {
    e.variable = false;
  }
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), e.value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (e.variable && e.value >= max_join_variables) return std::nullopt;
  return e;
}

std::string encode_end(const join_end& e) { return (e.variable ? "v" : "") + std::to_string(e.value); }

}  // namespace

std::string encode_join(const join_spec& spec) {
  std::string out;
  for (const auto& a : spec.atoms)
    out += (out.empty() ? "" : ";") + std::to_string(a.predicate) + " " + encode_end(a.s) + " " +
           encode_end(a.o);
  return out;
}

std::optional<join_spec> decode_join(std::string_view text) {
  join_spec spec;
  std::vector<bool> seen;
  while (true) {
    const auto semicolon = text.find(';');
    const auto atom = text.substr(0, semicolon);
    const auto first = atom.find(' ');
    const auto second = first == std::string_view::npos ? first : atom.find(' ', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    join_atom a;
    const auto p = atom.substr(0, first);
    const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), a.predicate);
    if (ec != std::errc() || end != p.data() + p.size() || a.predicate < 0) return std::nullopt;
    auto s = decode_end(atom.substr(first + 1, second - first - 1));
    auto o = decode_end(atom.substr(second + 1));
    if (!s || !o || (!s->variable && !o->variable)) return std::nullopt;
    a.s = *s;
    a.o = *o;
    for (const auto* e : {&a.s, &a.o})
      if (e->variable) {
        const auto k = static_cast<std::size_t>(e->value);
        if (seen.size() <= k) seen.resize(k + 1, false);
        seen[k] = true;
      }
    spec.atoms.push_back(a);
    if (semicolon == std::string_view::npos) break;
    text.remove_prefix(semicolon + 1);
  }
  if (std::find(seen.begin(), seen.end(), false) != seen.end()) return std::nullopt;
  spec.variables = static_cast<int>(seen.size());
  return spec;
}

void register_join(database& db) {
  const int rc = sqlite3_create_module_v2(db.handle(), "kg_join", &join_module, db.statements(), nullptr);
  if (rc != SQLITE_OK) throw_error(db.handle(), rc);
}

std::vector<std::vector<std::int64_t>> join_rows(database& db, const join_spec& spec) {
  joiner j(db.handle(), db.statements(), spec);
  std::vector<std::vector<std::int64_t>> out;
  while (j.next()) out.push_back(j.row());
  return out;
}

}  // namespace kg::store
