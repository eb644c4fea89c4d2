// Names, aliases, the lexicon and predicate semantics, read from the
// store's facts.
#include "store/names.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "store/store.hpp"

namespace kg::store {
namespace {

bool iequal_char(char a, char b) {
  return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
}

// What SQLite's NOCASE means (ASCII letters fold), over every byte:
// NOCASE itself stops comparing at a NUL byte, so it finds "n\0a" for
// "n\0b". Rows found with NOCASE are checked again with this.
bool same_but_ascii_case(std::string_view a, std::string_view b) {
  const auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return fold(x) == fold(y); });
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::size_t edit_distance(const std::string& a, const std::string& b, std::size_t bound) {
  // Insertions, deletions, substitutions and swaps of two neighbours
  // (vistied, dtae) each cost one; three rows suffice. Once a whole row
  // is past the bound, so is the distance.
  std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    std::size_t least = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      row[j] =
          std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (iequal_char(a[i - 1], b[j - 1]) ? 0 : 1)});
      if (i > 1 && j > 1 && iequal_char(a[i - 1], b[j - 2]) && iequal_char(a[i - 2], b[j - 1]))
        row[j] = std::min(row[j], before[j - 2] + 1);
      least = std::min(least, row[j]);
    }
    if (least > bound) return bound + 1;
    std::swap(before, prev);
    std::swap(prev, row);
  }
  return prev[b.size()];
}

near_words::near_words(const std::string& word)
    : word_(lower(word)),
      allowed_(std::max<std::size_t>(1, word.size() / 3)),
      // A name is short: past this, nothing is near enough to suggest.
      off_(word.size() > max_suggested_bytes) {}

void near_words::offer(std::string_view candidate) {
  if (off_) return;
  // The distance is at least the difference in length; only a longer
  // name may still contain the word.
  const std::size_t n = candidate.size(), w = word_.size();
  const std::size_t gap = n > w ? n - w : w - n;
  if (gap > allowed_ && (n < w || w < 3)) return;
  const std::string lc = lower(std::string(candidate));
  std::size_t d = gap > allowed_ ? allowed_ + 1 : edit_distance(word_, lc, allowed_);
  // A name containing the word (Huang in Jensen Huang) is as good as a near miss.
  if (d > allowed_ && w >= 3 && lc.find(word_) != std::string::npos) d = allowed_;
  if (d <= allowed_) scored_.emplace_back(d, std::string(candidate));
}

std::vector<std::string> near_words::best(std::size_t limit) {
  std::sort(scored_.begin(), scored_.end(), [](const auto& x, const auto& y) {
    return x.first != y.first                   ? x.first < y.first
           : x.second.size() != y.second.size() ? x.second.size() < y.second.size()
                                                : x.second < y.second;
  });
  std::vector<std::string> out;
  for (const auto& [d, c] : scored_) {
    if (out.size() == limit) break;
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  }
  return out;
}

std::vector<std::string> nearest(const std::string& word, const std::vector<std::string>& candidates,
                                 std::size_t limit) {
  near_words near(word);
  for (const auto& c : candidates) near.offer(c);
  return near.best(limit);
}

namespace {

// The ids of the reserved words, looked up by hash: the words are exact,
// and the store may be large.
vocabulary read_vocabulary(names& n) {
  vocabulary v;
  const std::pair<const char*, std::int64_t*> words[] = {{"alias", &v.alias},
                                                         {"verb_form", &v.verb_form},
                                                         {"passive_form", &v.passive_form},
                                                         {"plural", &v.plural},
                                                         {"answers", &v.answers},
                                                         {"semantics", &v.semantics},
                                                         {"inverse_of", &v.inverse_of},
                                                         {"symmetric", &v.symmetric},
                                                         {"transitive", &v.transitive},
                                                         {"type", &v.type}};
  for (const auto& [word, slot] : words) *slot = n.term_id(term{term_kind::entity, word, {}}).value_or(-1);
  return v;
}

}  // namespace

names::names(database& db)
    : db_(db),
      learned_(db.derived<learned>()),
      vocab_(learned_->vocab ? *learned_->vocab : learned_->vocab.emplace(read_vocabulary(*this))) {}

namespace {

// Remembered lookups are dropped wholesale past this many, so a long
// session of ever new names keeps a bounded memo.
constexpr std::size_t memo_limit = 4096;

}  // namespace

std::vector<std::pair<std::int64_t, std::string>> names::named_any_case(const std::string& text) {
  auto& memo = learned_->named;
  if (auto it = memo.find(text); it != memo.end()) return it->second;
  auto st = db_.cached("SELECT id, lex FROM terms WHERE kind = 1 AND lex = ?1 COLLATE NOCASE");
  st.bind(1, std::string_view(text));
  std::vector<std::pair<std::int64_t, std::string>> found;
  while (st.step())
    if (same_but_ascii_case(st.text(1), text)) found.emplace_back(st.int64(0), std::string(st.text(1)));
  if (memo.size() >= memo_limit) memo.clear();
  return memo[text] = found;
}

template <class F>
std::vector<std::int64_t> names::remembered_list(std::string key, F&& look_up) {
  auto& memo = learned_->lists;
  if (auto it = memo.find(key); it != memo.end()) return it->second;
  auto out = look_up();
  if (memo.size() >= memo_limit) memo.clear();
  return memo[std::move(key)] = out;
}

std::optional<std::int64_t> names::entity_named(const std::string& text) {
  const auto found = named_any_case(text);
  for (const auto& [id, l] : found)
    if (l == text) return id;
  if (found.empty()) return std::nullopt;
  return found.front().first;
}

std::optional<std::int64_t> names::entity(const std::string& text, std::size_t offset, bool aliases) {
  auto found = named_any_case(text);
  for (const auto& [id, l] : found)
    if (l == text) return id;
  if (found.empty() && aliases)
    for (auto id : subjects_with_text(vocab_.alias, text)) found.emplace_back(id, lex(id));
  if (found.empty()) return std::nullopt;
  if (found.size() > 1) {
    std::string list;
    for (const auto& [id, l] : found) list += (list.empty() ? "" : ", ") + l;
    throw error::at(error_kind::semantic, offset, "the name '" + text + "' is ambiguous",
                    "it could be: " + list);
  }
  return found.front().first;
}

std::optional<std::int64_t> names::term_id(const term& t) {
  auto st = db_.cached(term_by_hash_sql);
  return find_term_id(st, t, term_hash(t));
}

std::string names::lex(std::int64_t id) {
  if (auto it = learned_->lex.find(id); it != learned_->lex.end()) return it->second;
  auto st = db_.cached("SELECT lex FROM terms WHERE id = ?");
  st.bind(1, id);
  std::string text = st.step() ? std::string(st.text(0)) : std::string();
  if (text.size() > 256) return text;  // names are short; long text is not kept
  if (learned_->lex.size() >= memo_limit) learned_->lex.clear();
  return learned_->lex[id] = std::move(text);
}

std::string names::suggest_entity(const std::string& text, bool first_word) {
  if (text.size() > max_suggested_bytes) return "";
  // Only names near_words could take are read: those within a third of
  // the word's length of it, or containing the word (of the first word
  // too). SQLite's lower() folds ASCII letters only, as near_words does.
  // Each is scored as it is read, so that the statement's progress
  // handler (--timeout, Ctrl-C) keeps running.
  const std::string word = lower(text);
  const std::string first =
      first_word && text.find(' ') != std::string::npos ? word.substr(0, word.find(' ')) : "";
  near_words near(text), near_first(first);
  auto st = db_.cached(
      "SELECT lex FROM terms WHERE kind = 1 AND (length(CAST(lex AS BLOB)) BETWEEN ?1 AND ?2 OR "
      "length(CAST(lex AS BLOB)) BETWEEN ?3 AND ?4 OR (?5 AND instr(lower(lex), ?6) > 0) OR "
      "(?7 AND instr(lower(lex), ?8) > 0))");
  auto range = [](const std::string& w) {
    const auto allowed = static_cast<std::int64_t>(std::max<std::size_t>(1, w.size() / 3));
    const auto n = static_cast<std::int64_t>(w.size());
    return std::pair<std::int64_t, std::int64_t>{n - allowed, n + allowed};
  };
  const auto [lo, hi] = range(word);
  const auto [first_lo, first_hi] =
      first.empty() ? std::pair<std::int64_t, std::int64_t>{-1, -1} : range(first);
  st.bind(1, lo).bind(2, hi).bind(3, first_lo).bind(4, first_hi);
  st.bind(5, std::int64_t{word.size() >= 3}).bind(6, std::string_view(word));
  st.bind(7, std::int64_t{first.size() >= 3}).bind(8, std::string_view(first));
  while (st.step()) {
    near.offer(st.text(0));
    if (!first.empty()) near_first.offer(st.text(0));
  }
  if (vocab_.alias >= 0) {
    auto al = db_.cached("SELECT t.lex FROM facts_pos f JOIN terms t ON t.id = f.o WHERE f.p = ?");
    al.bind(1, vocab_.alias);
    while (al.step()) {
      near.offer(al.text(0));
      if (!first.empty()) near_first.offer(al.text(0));
    }
  }
  // The first word alone also finds names (Jensen -> Jensen Huang).
  auto found = near.best();
  if (found.empty() && !first.empty()) found = near_first.best();
  std::string out;
  for (const auto& f : found) out += (out.empty() ? "" : ", ") + f;
  return out.empty() ? "" : "did you mean: " + out;
}

std::string names::predicate_list(const std::string& near) {
  // The lexicon's own predicates are left out: they are not what people ask about.
  auto st = db_.cached(
      "SELECT t.id, t.lex FROM predicate_stats ps JOIN terms t ON t.id = ps.p WHERE ps.facts > 0 "
      "ORDER BY ps.facts DESC, t.lex");
  const std::int64_t lexicon[] = {vocab_.alias,   vocab_.verb_form, vocab_.passive_form, vocab_.plural,
                                  vocab_.answers, vocab_.semantics, vocab_.inverse_of};
  std::vector<std::string> all;
  while (st.step())
    if (std::find(std::begin(lexicon), std::end(lexicon), st.int64(0)) == std::end(lexicon))
      all.emplace_back(st.text(1));
  if (!near.empty()) {
    // A verb or passive form names its predicate (meets -> met).
    auto close = std::vector<std::string>();
    for (bool passive : {false, true})
      for (auto id : predicates_with_form(near, passive))
        if (std::find(close.begin(), close.end(), lex(id)) == close.end()) close.push_back(lex(id));
    if (close.empty()) close = nearest(near, all);
    if (!close.empty()) {
      std::string out;
      for (const auto& c : close) out += (out.empty() ? "" : ", ") + c;
      return "did you mean: " + out;
    }
  }
  std::string out;
  for (std::size_t i = 0; i < all.size() && i < 12; ++i) out += (out.empty() ? "" : ", ") + all[i];
  if (all.size() > 12) out += ", ...";
  return "predicates in this store: " + (out.empty() ? std::string("none") : out);
}

std::vector<std::int64_t> names::objects(std::int64_t s, std::int64_t p) {
  std::vector<std::int64_t> out;
  if (p < 0) return out;
  auto st = db_.cached("SELECT o FROM facts WHERE s = ? AND p = ?");
  st.bind(1, s).bind(2, p);
  while (st.step()) out.push_back(st.int64(0));
  return out;
}

std::vector<std::int64_t> names::subjects_with_text(std::int64_t p, const std::string& text) {
  if (p < 0) return {};
  return remembered_list("with " + std::to_string(p) + ' ' + text, [&] {
    std::vector<std::int64_t> out;
    auto st = db_.cached(
        "SELECT DISTINCT f.s, t.lex FROM facts_pos f JOIN terms t ON t.id = f.o "
        "WHERE f.p = ?1 AND t.kind IN (1, 4) AND t.lex = ?2 COLLATE NOCASE ORDER BY f.s");
    st.bind(1, p).bind(2, std::string_view(text));
    while (st.step())
      if (same_but_ascii_case(st.text(1), text) && (out.empty() || out.back() != st.int64(0)))
        out.push_back(st.int64(0));
    return out;
  });
}

std::vector<edge> names::edges_of(std::int64_t predicate) {
  if (auto it = learned_->edges.find(predicate); it != learned_->edges.end()) return it->second;
  std::vector<edge> out{{predicate, false}};
  auto add = [&](edge e) {
    for (const auto& x : out)
      if (x.predicate == e.predicate && x.swapped == e.swapped) return;
    out.push_back(e);
  };
  auto symmetric = [&](std::int64_t p) {
    const auto sem = objects(p, vocab_.semantics);
    return std::find(sem.begin(), sem.end(), vocab_.symmetric) != sem.end();
  };
  if (symmetric(predicate)) add({predicate, true});
  // inverse_of holds both ways, whichever way it was written.
  std::set<std::int64_t> inverses;
  for (auto q : objects(predicate, vocab_.inverse_of)) inverses.insert(q);
  if (vocab_.inverse_of >= 0) {
    auto st = db_.cached("SELECT s FROM facts_pos WHERE p = ? AND o = ?");
    st.bind(1, vocab_.inverse_of).bind(2, predicate);
    while (st.step()) inverses.insert(st.int64(0));
  }
  for (auto q : inverses) {
    if (q == predicate) continue;
    add({q, true});
    if (symmetric(q)) add({q, false});
  }
  learned_->edges[predicate] = out;
  return out;
}

bool names::is_predicate(std::int64_t id) {
  if (auto it = learned_->predicates.find(id); it != learned_->predicates.end()) return it->second;
  if (learned_->predicates.size() >= memo_limit) learned_->predicates.clear();
  return learned_->predicates[id] = looks_like_predicate(id);
}

bool names::looks_like_predicate(std::int64_t id) {
  // Counted once means a predicate, even when its last fact was removed.
  auto st = db_.cached("SELECT 1 FROM predicate_stats WHERE p = ?");
  st.bind(1, id);
  if (st.step()) return true;
  // A predicate the lexicon describes (an inverse with no facts of its own).
  for (std::int64_t p : {vocab_.verb_form, vocab_.passive_form, vocab_.semantics, vocab_.inverse_of}) {
    if (p < 0) continue;
    auto lex = db_.cached("SELECT 1 FROM facts WHERE s = ? AND p = ? LIMIT 1");
    lex.bind(1, id).bind(2, p);
    if (lex.step()) return true;
  }
  if (vocab_.inverse_of >= 0) {
    auto inv = db_.cached("SELECT 1 FROM facts_pos WHERE p = ? AND o = ? LIMIT 1");
    inv.bind(1, vocab_.inverse_of).bind(2, id);
    if (inv.step()) return true;
  }
  return false;
}

bool names::is_transitive(std::int64_t predicate) {
  if (auto it = learned_->transitive.find(predicate); it != learned_->transitive.end()) return it->second;
  const auto sem = objects(predicate, vocab_.semantics);
  return learned_->transitive[predicate] = std::find(sem.begin(), sem.end(), vocab_.transitive) != sem.end();
}

std::optional<std::int64_t> names::type_predicate() {
  if (!learned_->type_predicate) learned_->type_predicate = find_type_predicate();
  return *learned_->type_predicate;
}

std::optional<std::int64_t> names::find_type_predicate() {
  if (vocab_.semantics < 0 || vocab_.type < 0) return std::nullopt;
  auto st = db_.cached("SELECT s FROM facts_pos WHERE p = ? AND o = ? ORDER BY s LIMIT 1");
  st.bind(1, vocab_.semantics).bind(2, vocab_.type);
  if (st.step()) return st.int64(0);
  return std::nullopt;
}

std::vector<std::int64_t> names::predicates_with_form(const std::string& form, bool passive) {
  return remembered_list(std::string(passive ? "passive " : "verb ") + form, [&] {
    auto out = subjects_with_text(passive ? vocab_.passive_form : vocab_.verb_form, form);
    if (!passive) {
      // A predicate's own name is one of its verb forms, when it is used as one.
      auto st = db_.cached(
          "SELECT t.id FROM terms t JOIN predicate_stats ps ON ps.p = t.id "
          "WHERE t.kind = 1 AND t.lex = ?1 COLLATE NOCASE AND ps.facts > 0");
      st.bind(1, std::string_view(form));
      while (st.step())
        if (std::find(out.begin(), out.end(), st.int64(0)) == out.end()) out.push_back(st.int64(0));
    }
    return out;
  });
}

}  // namespace kg::store
