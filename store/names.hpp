// What names mean in a store: entities found by name (case-blind) or by
// alias, and the lexicon and predicate semantics, which are ordinary
// facts using a small reserved vocabulary (docs/lexicon.md):
//
//   Jensen Huang  alias         "Huang"      another name of an entity
//   met           verb_form     "meet"       a verb form of a predicate
//   announced     passive_form  "announced"  its passive form
//   product       plural        "products"   the plural of a class name
//   date          answers       "when"       a qualifier answering when/where
//   met           semantics     symmetric    also: transitive, type
//   announced_by  inverse_of    announced
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parser/error.hpp"
#include "parser/term.hpp"
#include "store/sqlite.hpp"

namespace kg::store {

// The predicate ids of the reserved vocabulary; absent words are -1.
struct vocabulary {
  std::int64_t alias = -1, verb_form = -1, passive_form = -1, plural = -1, answers = -1, semantics = -1,
               inverse_of = -1, symmetric = -1, transitive = -1, type = -1;
};

// One way a predicate's pattern (s p o) is matched by stored facts:
// facts with predicate `predicate`, read forwards or with s and o swapped.
struct edge {
  std::int64_t predicate;
  bool swapped;
};

class names {
 public:
  explicit names(database& db);

  const vocabulary& vocab() const { return vocab_; }
  database& db() { return db_; }

  // The entity a name stands for: an entity named so (an exact-case match
  // wins over case-blind ones), else the entities with that alias. Several
  // candidates throw an ambiguity error (kg::error) at `offset`; none gives nullopt.
  // Predicates (aliases = false) are found by name only.
  std::optional<std::int64_t> entity(const std::string& text, std::size_t offset, bool aliases = true);
  // The same, without alias lookup or ambiguity errors.
  std::optional<std::int64_t> entity_named(const std::string& text);

  // A term by value.
  std::optional<std::int64_t> term_id(const term& t);

  // "did you mean: ..." for an unknown name, or "". With `first_word`, a
  // name of several words is also looked for by its first word alone.
  std::string suggest_entity(const std::string& text, bool first_word = true);
  // The predicates in use, most used first, for help lines.
  std::string predicate_list(const std::string& near = {});

  // How a predicate is matched: itself, plus its reverse when symmetric,
  // plus its inverses reversed.
  std::vector<edge> edges_of(std::int64_t predicate);
  bool is_transitive(std::int64_t predicate);
  // Whether a predicate is one of the lexicon's with text objects (alias,
  // verb_form, passive_form, plural, answers).
  bool has_text_objects(std::int64_t predicate) const {
    return predicate == vocab_.alias || predicate == vocab_.verb_form || predicate == vocab_.passive_form ||
           predicate == vocab_.plural || predicate == vocab_.answers;
  }
  // Whether some fact (or a lexicon fact naming it) uses it as a predicate.
  bool is_predicate(std::int64_t id);
  // The predicate giving an entity's class (semantics type), if any.
  std::optional<std::int64_t> type_predicate();

  // Predicates with this verb or passive form (case-blind; their own name
  // counts as a verb form), for help lines.
  std::vector<std::int64_t> predicates_with_form(const std::string& form, bool passive);

  std::string lex(std::int64_t id);

 private:
  std::vector<std::int64_t> objects(std::int64_t s, std::int64_t p);
  bool looks_like_predicate(std::int64_t id);  // is_predicate, asked of the store
  std::vector<std::int64_t> subjects_with_text(std::int64_t p, const std::string& text);

  std::optional<std::int64_t> find_type_predicate();

  // What names learns from the lexicon, kept by the database while its data
  // is unchanged (database::derived), so a query does not look it up again.
  struct learned {
    std::optional<vocabulary> vocab;
    std::map<std::int64_t, std::vector<edge>> edges;
    std::map<std::int64_t, bool> transitive;
    std::map<std::int64_t, bool> predicates;  // is_predicate
    std::map<std::int64_t, std::string> lex;  // lex, for the few terms questions name
    std::optional<std::optional<std::int64_t>> type_predicate;
    // Lookups by text: entities named so (any case), and lexicon lists.
    std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> named;
    std::map<std::string, std::vector<std::int64_t>> lists;
  };
  std::vector<std::pair<std::int64_t, std::string>> named_any_case(const std::string& text);
  template <class F>
  std::vector<std::int64_t> remembered_list(std::string key, F&& look_up);

  database& db_;
  std::shared_ptr<learned> learned_;
  const vocabulary& vocab_;
};

// Names longer than this (in bytes) get no suggestions.
inline constexpr std::size_t max_suggested_bytes = 200;

// The Levenshtein distance between two strings, ignoring ASCII case (a
// swap of neighbours costs one); bound + 1 once it is surely past bound.
std::size_t edit_distance(const std::string& a, const std::string& b, std::size_t bound = SIZE_MAX);

// The candidates close to a word, offered one at a time: within a third
// of its length by edit distance, or containing it. A word longer than
// max_suggested_bytes has none.
class near_words {
 public:
  explicit near_words(const std::string& word);
  void offer(std::string_view candidate);
  std::vector<std::string> best(std::size_t limit = 5);  // nearest first

 private:
  std::string word_;
  std::size_t allowed_;
  bool off_;
  std::vector<std::pair<std::size_t, std::string>> scored_;
};

// Up to `limit` candidates close to `word` (by edit distance, or
// containing it), nearest first.
std::vector<std::string> nearest(const std::string& word, const std::vector<std::string>& candidates,
                                 std::size_t limit = 5);

}  // namespace kg::store
