// The one writer of a store's facts: the only code that adds terms (and
// their words to the search index) and writes the facts, facts_pos,
// facts_osp, qualifiers, predicate_stats, object_counts and subject_counts tables, so that the permutation
// tables, the statement groups and the counts stay consistent whoever writes. It serves a bulk import (many
// statements, sorted, written as appends with batched multi-row inserts) and single updates (add one
// statement, remove a fact).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "parser/term.hpp"
#include "store/sqlite.hpp"

namespace kg::store {

// A qualifier of a statement: key and value term ids.
using qualifier_ids = std::pair<std::int64_t, std::int64_t>;

// A statement in term ids: the fact (s, p, o) and one group of qualifiers
// with distinct keys; no qualifiers is the bare fact. Groups are compared
// sorted by key: add_statement sorts them, add_statements expects them so.
struct statement_ids {
  std::int64_t s, p, o;
  std::vector<qualifier_ids> quals;
};

// A term the dictionary lacks, to be stored under a chosen id. `value`
// stays alive and unchanged until the call that writes it returns.
struct new_term {
  std::int64_t id;
  const term* value;
  std::int64_t hash;  // term_hash(*value)
};

// What writing statements did: statements that were new, and statements
// already in the store (or given twice).
struct write_counts {
  std::uint64_t added = 0;
  std::uint64_t present = 0;
};

// A statement is present when its fact is stored and it is bare, or when
// the fact has a qualifier group equal to its qualifiers; otherwise it is
// added: the fact (into all three permutations and the predicate's count)
// when new, and the qualifiers as the fact's next group (grp = the largest
// so far + 1, the first being 1). A bare statement of a new fact adds the
// fact alone.
//
// Every method works inside a write transaction that the caller has begun
// and commits (an import is one, an add or remove another); SQLite
// failures throw sqlite_error. The writer keeps compiled statements, so it
// must not outlive its database.
class fact_writer {
 public:
  explicit fact_writer(database& db) : db_(db) {}
  fact_writer(const fact_writer&) = delete;
  fact_writer& operator=(const fact_writer&) = delete;

  // The id of a stored term whose term_hash is `hash`, or nothing.
  std::optional<std::int64_t> find_term(const term& t, std::int64_t hash);
  // The id the next new term gets: one more than the largest stored.
  std::int64_t next_term_id();
  // The id of a term, which is added to the dictionary under next_term_id()
  // when the store lacks it.
  std::int64_t term_id(const term& t);
  // Stores `count` new terms, the n-th given by term_at(n); their ids are
  // unused and their terms absent. Many terms into an empty dictionary are
  // indexed after loading rather than during.
  void add_terms(std::size_t count, const std::function<new_term(std::size_t)>& term_at);

  // Adds one statement; returns whether it was added (false: present).
  bool add_statement(statement_ids st);

  // Adds statements sorted by (s, p, o, quals), each as add_statement
  // would, fast: new facts are appended to each permutation table in its
  // key order, and into an empty store the qualifier index is built after
  // loading. A dry run decides and counts the same, writing nothing.
  // phase(name) is called when a phase of the work ends ("sort and
  // compare", "facts", "qualifiers"; not in a dry run).
  write_counts add_statements(const std::vector<statement_ids>& sorted, bool dry_run,
                              const std::function<void(const char*)>& phase);

  // Removes the fact s p o with all its statements; returns whether it
  // was stored.
  bool remove_fact(std::int64_t s, std::int64_t p, std::int64_t o);

 private:
  using group = std::vector<qualifier_ids>;
  // The fact's stored qualifier groups, in grp order; returns the largest grp (0: none).
  std::int64_t load_groups(std::int64_t s, std::int64_t p, std::int64_t o, std::vector<group>& groups);
  // Inserts the fact into facts unless there; returns whether it was new.
  bool insert_fact(std::int64_t s, std::int64_t p, std::int64_t o);
  void count_facts(std::int64_t p, std::int64_t delta);
  // The pair counts (schema.hpp, pair_count_floor) after `delta` facts of
  // the pair (a, b) were added (delta > 0) or removed (delta < 0), the
  // facts tables already written: an object pair is (p, o), a subject
  // pair (s, p). `row`: what is known of the pair's row before the write
  // (none_before: the store held no facts, so the pair had none).
  enum class pair { object, subject };
  enum class pair_row { unknown, present, absent, none_before };
  void count_pair(pair kind, std::int64_t a, std::int64_t b, std::int64_t delta, pair_row row);
  prepared& kept(prepared& slot, const char* sql);

  database& db_;
  prepared by_hash_, insert_fact_, fact_exists_, groups_, index_words_;
  prepared pair_update_[2], pair_count_[2], pair_insert_[2], pair_delete_[2];
};

}  // namespace kg::store
