// Reading questions by search against the data (see reader.hpp): words,
// then names linked to the store, then the facts around those names as
// candidate readings, scored by the words they account for.
#include "engine/reader.hpp"

#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <memory>
#include <set>

#include "engine/execute.hpp"
#include "engine/question.hpp"
#include "engine/starter_lexicon.hpp"

namespace kg::engine {

namespace {

namespace ast = query::ast;
namespace x3 = boost::spirit::x3;
using store::names;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

template <std::size_t N>
bool among(const std::array<std::string_view, N>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

// The closed classes of English words: they shape a question but name
// nothing in the store.
constexpr std::array<std::string_view, 11> wh_words = {"who",   "whom", "whose", "what",    "which",   "when",
                                                       "where", "why",  "how",   "whoever", "whatever"};
constexpr std::array<std::string_view, 21> auxiliaries = {
    "do",  "does", "did", "is",   "are",   "was", "were",  "be",  "been",  "being", "am",
    "has", "have", "had", "will", "would", "can", "could", "may", "might", "must"};
constexpr std::array<std::string_view, 6> copulas = {"is", "are", "was", "were", "be", "been"};
constexpr std::array<std::string_view, 8> request_verbs = {"list", "show", "tell",   "name",
                                                           "give", "find", "what's", "who's"};
constexpr std::array<std::string_view, 28> prepositions = {
    "according", "in",      "on",      "at",      "by",    "for",     "with",   "about", "from",    "into",
    "to",        "among",   "amongst", "within",  "after", "before",  "beyond", "under", "despite", "during",
    "over",      "through", "toward",  "towards", "via",   "against", "of",     "onto"};
constexpr std::array<std::string_view, 75> other_function_words = {
    "a",    "an",    "the",        "and",      "or",        "but",        "not",    "no",       "as",
    "than", "this",  "that",       "these",    "those",     "it",         "its",    "he",       "him",
    "his",  "she",   "her",        "hers",     "they",      "them",       "their",  "we",       "us",
    "our",  "you",   "your",       "i",        "me",        "my",         "there",  "here",     "so",
    "such", "any",   "some",       "all",      "every",     "each",       "also",   "again",    "ever",
    "just", "only",  "very",       "much",     "many",      "more",       "most",   "other",    "said",
    "say",  "says",  "everything", "anything", "something", "should",     "shall",  "out",      "off",
    "away", "back",  "himself",    "herself",  "itself",    "themselves", "myself", "yourself", "ourselves",
    "like", "doing", "done"};

bool is_function_word(std::string_view w) {
  return among(wh_words, w) || among(auxiliaries, w) || among(prepositions, w) ||
         among(other_function_words, w) || among(request_verbs, w);
}

// Number words a question may use for a value: three, ninth.
std::optional<long long> number_word(std::string_view w) {
  static constexpr std::array<std::string_view, 13> cardinals = {"zero", "one",    "two",   "three", "four",
                                                                 "five", "six",    "seven", "eight", "nine",
                                                                 "ten",  "eleven", "twelve"};
  static constexpr std::array<std::string_view, 13> ordinals = {
      "zeroth",  "first",  "second", "third", "fourth",   "fifth",  "sixth",
      "seventh", "eighth", "ninth",  "tenth", "eleventh", "twelfth"};
  for (std::size_t k = 0; k < cardinals.size(); ++k)
    if (w == cardinals[k] || w == ordinals[k]) return static_cast<long long>(k);
  return std::nullopt;
}

// 4,000 / $4 / 9th / 3.5: a number as written in prose.
std::optional<std::string> number_text(std::string_view w) {
  std::string digits;
  std::size_t k = 0;
  if (k < w.size() && (w[k] == '$' || w[k] == '-')) ++k;
  bool dot = false;
  for (; k < w.size(); ++k) {
    const char c = w[k];
    if (std::isdigit(static_cast<unsigned char>(c)))
      digits += c;
    else if (c == ',' && !digits.empty() && !dot)
      continue;
    else if (c == '.' && !dot && !digits.empty())
      dot = true, digits += c;
    else
      break;
  }
  if (digits.empty() || digits.back() == '.') return std::nullopt;
  const auto rest = w.substr(k);
  if (!rest.empty() && !(rest == "st" || rest == "nd" || rest == "rd" || rest == "th" || rest == "%"))
    return std::nullopt;
  return digits;
}

std::optional<double> scale_word(std::string_view w) {
  if (w == "thousand") return 1e3;
  if (w == "million") return 1e6;
  if (w == "billion") return 1e9;
  if (w == "trillion") return 1e12;
  return std::nullopt;
}

// The lowercased words of a name or lexicon form: split at blanks,
// underscores, hyphens and slashes.
std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> out;
  std::string w;
  for (char c : text) {
    if (c == ' ' || c == '_' || c == '-' || c == '/' || c == '\t') {
      if (!w.empty()) out.push_back(lower(w));
      w.clear();
    } else {
      w += c;
    }
  }
  if (!w.empty()) out.push_back(lower(w));
  return out;
}

// The stem a word is matched by: irregular forms brought to their base
// first (met: meet, people: person), then Snowball's stemmer.
std::string word_stem(std::string_view lowercase_word) { return stem(starter::base_form(lowercase_word)); }

std::set<std::string> content_stems(std::string_view text) {
  std::set<std::string> out;
  for (const auto& w : split_words(text))
    if (!is_function_word(w)) out.insert(word_stem(w));
  return out;
}

std::string stem_phrase(std::string_view text) {
  std::string out;
  for (const auto& w : split_words(text)) out += (out.empty() ? "" : " ") + word_stem(w);
  return out;
}

// What the reader knows of a store's words, derived once per data stamp:
// each predicate as it can be read (forwards, or as the inverse the
// lexicon names), each qualifier key, each class, with their stems.
struct lexicon_index {
  struct view {
    std::int64_t predicate = 0;  // named in the pattern
    std::int64_t stored = 0;     // the predicate of the facts it reads
    bool swapped = false;        // reads those facts object to subject
    std::set<std::string> stems;
    std::set<std::string> passive;                  // stems of its passive forms
    std::set<std::string> answers;                  // question words it answers, as a key of that name
    std::vector<std::vector<std::string>> phrases;  // its forms of two words or more, stemmed
    std::size_t name_words = 0;                     // words of its name
    std::set<std::string> end_prepositions;         // its name's or forms' last words: to, with, in
  };
  struct key {
    std::int64_t id = 0;
    std::set<std::string> stems;
    std::set<std::string> answers;
  };
  bool built = false;
  std::vector<view> views;
  std::multimap<std::int64_t, std::size_t> views_of;  // by stored predicate
  std::map<std::int64_t, key> keys;
  std::set<std::int64_t> classes;
  std::map<std::string, std::int64_t> class_by_stems;  // stemmed name or plural
  std::map<std::string, int> frequency;                // views with a stem
  std::set<std::int64_t> lexicon_predicates;           // alias, verb_form, ...
  std::optional<std::int64_t> type;                    // the class predicate

  double weight(const std::string& s) const {
    const auto it = frequency.find(s);
    const int f = it == frequency.end() ? 1 : std::max(1, it->second);
    return 1.0 / (1.0 + 0.5 * std::log(static_cast<double>(f)));
  }
};

std::vector<std::string> texts_of(store::database& db, std::int64_t s, std::int64_t p) {
  std::vector<std::string> out;
  if (p < 0) return out;
  auto st = db.cached("SELECT t.lex FROM facts f JOIN terms t ON t.id = f.o WHERE f.s = ?1 AND f.p = ?2");
  st.bind(1, s).bind(2, p);
  while (st.step()) out.emplace_back(st.text(0));
  return out;
}

// The distinct values of the first column of an index, by skipping: one
// probe per value, not a scan of every row.
template <class Bind>
std::vector<std::int64_t> distinct_by_skipping(store::database& db, std::string_view sql, Bind bind) {
  std::vector<std::int64_t> out;
  std::int64_t after = std::numeric_limits<std::int64_t>::min();
  for (;;) {
    auto st = db.cached(sql);
    bind(st);
    st.bind(1, after);
    if (!st.step()) break;
    after = st.int64(0);
    out.push_back(after);
  }
  return out;
}

void build(lexicon_index& ix, names& n) {
  auto& db = n.db();
  const auto& v = n.vocab();
  for (auto p : {v.alias, v.verb_form, v.passive_form, v.plural, v.answers, v.semantics, v.inverse_of})
    if (p >= 0) ix.lexicon_predicates.insert(p);

  // Qualifier keys: their names and the question words they answer.
  for (auto k : distinct_by_skipping(db, "SELECT key FROM qualifiers WHERE key > ?1 ORDER BY key LIMIT 1",
                                     [](auto&) {})) {
    lexicon_index::key key;
    key.id = k;
    key.stems = content_stems(n.lex(k));
    for (const auto& a : texts_of(db, k, v.answers)) key.answers.insert(lower(a));
    // A key the store's lexicon says nothing of answers what its name does.
    if (key.answers.empty())
      for (auto a : starter::answers_of(lower(n.lex(k)))) key.answers.insert(std::string(a));
    ix.keys[k] = std::move(key);
  }

  // Predicates: those with facts, and those the lexicon reads as inverses.
  std::set<std::int64_t> stored;
  {
    auto st = db.cached("SELECT p FROM predicate_stats WHERE facts > 0");
    while (st.step())
      if (!ix.lexicon_predicates.count(st.int64(0))) stored.insert(st.int64(0));
  }
  auto add_view = [&](std::int64_t predicate, std::int64_t facts_of, bool swapped) {
    lexicon_index::view view;
    view.predicate = predicate;
    view.stored = facts_of;
    view.swapped = swapped;
    view.stems = content_stems(n.lex(predicate));
    view.name_words = split_words(n.lex(predicate)).size();
    auto phrase = [&](const std::string& f) {
      const auto words = split_words(f);
      if (!words.empty() && among(prepositions, words.back())) view.end_prepositions.insert(words.back());
      std::vector<std::string> stems;
      for (const auto& w : split_words(f)) stems.push_back(word_stem(w));
      if (stems.size() > 1) view.phrases.push_back(std::move(stems));
    };
    phrase(n.lex(predicate));
    for (const auto& f : texts_of(db, predicate, v.verb_form)) {
      for (const auto& s : content_stems(f)) view.stems.insert(s);
      phrase(f);
    }
    for (const auto& f : texts_of(db, predicate, v.passive_form)) {
      for (const auto& s : content_stems(f)) view.stems.insert(s), view.passive.insert(s);
      phrase(f);
    }
    for (const auto& a : texts_of(db, predicate, v.answers)) view.answers.insert(lower(a));
    for (const auto& s : view.stems) ++ix.frequency[s];
    ix.views_of.emplace(facts_of, ix.views.size());
    ix.views.push_back(std::move(view));
  };
  for (auto p : stored) add_view(p, p, false);
  if (v.inverse_of >= 0) {
    auto st = db.cached("SELECT s, o FROM facts_pos WHERE p = ?1");
    st.bind(1, v.inverse_of);
    std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
    while (st.step()) pairs.emplace_back(st.int64(0), st.int64(1));
    for (const auto& [a, b] : pairs) {
      if (stored.count(b)) add_view(a, b, true);
      if (stored.count(a)) add_view(b, a, true);
    }
  }

  // Classes: the objects of the type predicate, by name and plural. A
  // store that declares none may still use one of the usual names.
  ix.type = n.type_predicate();
  for (auto name : starter::type_names()) {
    if (ix.type) break;
    if (auto id = n.entity_named(std::string(name)); id && stored.count(*id)) ix.type = id;
  }
  if (const auto type = ix.type) {
    for (auto c :
         distinct_by_skipping(db, "SELECT o FROM facts_pos WHERE p = ?2 AND o > ?1 ORDER BY o LIMIT 1",
                              [&](store::prepared& st) { st.bind(2, *type); })) {
      ix.classes.insert(c);
      ix.class_by_stems.emplace(stem_phrase(n.lex(c)), c);
      for (const auto& plural : texts_of(db, c, v.plural)) ix.class_by_stems.emplace(stem_phrase(plural), c);
    }
  }
  ix.built = true;
}

// A question's word, as the reader sees it.
struct qword {
  std::string text;  // without trailing punctuation or possessive
  std::string low, stem;
  bool quoted = false, possessive = false, function = false;
  std::size_t from = 0;  // its word in the syntax tree
};

// What a question asks for.
enum class asks { who, what, which, when, where, why, how, how_many, how_much, how_long, yes_no };

// A name or value of the question found in the store.
struct anchor {
  std::int64_t id = 0;
  std::size_t first = 0, last = 0;  // qword indexes
  bool is_class = false;
  std::optional<term> value;  // a literal (number or text), else an entity
};

// A fact around the anchors, with its qualifiers (group, key, value).
struct fact {
  std::int64_t s = 0, p = 0, o = 0;
  std::vector<std::array<std::int64_t, 3>> qualifiers;
};

// One way of reading the question: a view of a predicate, what stands at
// each end (an anchor's index, or -1 for a variable), the qualifiers
// anchored, and what is asked: an end ('s', 'o'), a key ('k'), or nothing.
struct reading {
  std::size_t view = 0;
  int subject = -1, object = -1;
  std::vector<std::pair<std::int64_t, int>> constraints;  // key, anchor
  char answer = 0;
  std::int64_t answer_key = 0;
  std::set<std::int64_t> answers;  // ids
  double score = 0;
  int unexplained = 0;              // content words nothing in the reading accounts for
  int missing = 0;                  // names of the question it does not use
  int fillers = 0;                  // words the store does not know at all
  std::string rejected;             // why the reading was not taken
  double partial = 0;               // its score when it was
  std::optional<std::int64_t> cls;  // a class the answers are filtered by
  // which vice premier ...?: a fact (predicate, anchor) every answer has.
  std::optional<std::pair<std::int64_t, int>> role;
  bool implied = false;  // its predicate named by no word, only by the names it joins

  std::int64_t predicate = 0;  // of the view: readings of one pattern are one reading

  auto signature() const { return std::tie(predicate, subject, object, constraints, answer, answer_key); }
  bool operator<(const reading& r) const { return signature() < r.signature(); }
};

class reader {
 public:
  reader(names& n, const query::parsed_query& q, const ast::question& question)
      : n_(n), q_(q), question_(question), ix_(n.db().derived<lexicon_index>()) {
    if (!ix_->built) build(*ix_, n_);
  }

  ast::pattern_query read(std::vector<reading_note>* notes, std::string* caveat) {
    split();
    find_question_word();
    link();
    find_focus();
    find_class();
    check_focus();
    if (auto card = card_reading()) return *card;
    if (auto all = class_reading()) return *all;
    gather();
    std::vector<reading> readings = candidates();
    for (auto& r : readings) r.score = score(r);
    std::stable_sort(readings.begin(), readings.end(),
                     [](const reading& a, const reading& b) { return a.score > b.score; });
    if (kind_ == asks::yes_no) return yes_no(readings, notes);
    if (readings.empty() || readings.front().score < min_score) {
      // No fact fits: the question as the words put it, for the store to
      // answer that nothing says so.
      if (auto h = hypothesis(readings)) {
        if (notes) notes->push_back({query::to_string(ast::query(pattern(*h))), h->score});
        return pattern(*h);
      }
      no_reading(readings);
    }
    // Two readings as good as each other with different answers: the
    // question is ambiguous here, and a guess would be a wrong answer half
    // the time.
    for (std::size_t k = 1; k < readings.size() && readings[k].score > readings[0].score - tie && !notes; ++k)
      if (readings[k].answers != readings[0].answers && canonical(readings[k]) != canonical(readings[0]))
        ambiguous(readings[0], readings[k]);
    auto pq = pattern(readings.front());
    if (notes) note(readings, notes);
    if (caveat && readings.front().implied) {
      std::string names;
      for (auto a : anchors_used(readings.front()))
        names += (names.empty() ? "" : " and ") + quote(n_.lex(anchors_[a].id));
      *caveat = "no word of the question names a predicate; read as " +
                n_.lex(ix_->views[readings.front().view].predicate) + ", the one predicate joining " + names;
    }
    return pq;
  }

 private:
  static constexpr double min_score = 1.6;

  // Words -----------------------------------------------------------------

  void split() {
    for (std::size_t k = 0; k < question_.words.size(); ++k) {
      const auto& w = question_.words[k];
      qword q;
      q.from = k;
      q.quoted = w.quoted;
      std::string t = w.text;
      if (!w.quoted) {
        while (!t.empty() && std::string_view("([{\"'").find(t.front()) != std::string_view::npos)
          t.erase(0, 1);
        while (!t.empty() && std::string_view(",;:!?)]}\"").find(t.back()) != std::string_view::npos)
          t.pop_back();
        // A closing full stop, not the one of an abbreviation (U.S.).
        if (!t.empty() && t.back() == '.' && t.find('.') == t.size() - 1) t.pop_back();
        for (std::string_view tail : {"'s", "\xE2\x80\x99s", "'", "\xE2\x80\x99"}) {
          if (t.size() > tail.size() && t.ends_with(tail) && (tail.size() > 1 || t[t.size() - 2] == 's')) {
            if (tail == "'" || tail == "\xE2\x80\x99") {
              if (t[t.size() - tail.size() - 1] != 's') continue;
            }
            t.erase(t.size() - tail.size());
            q.possessive = true;
            break;
          }
        }
      }
      if (t.empty()) continue;
      q.text = t;
      q.low = lower(t);
      q.stem = word_stem(q.low);
      q.function = !w.quoted && is_function_word(q.low);
      if (!q.function && !known_word(q.stem))
        if (auto verb = agent_verb(q.low)) q.stem = *verb;
      words_.push_back(std::move(q));
    }
    if (words_.empty()) no_reading();
  }

  void find_question_word() {
    using qw = ast::question_word;
    std::size_t at = 0;
    auto from_word = [&](std::string_view w) -> std::optional<asks> {
      if (w == "who" || w == "whom" || w == "whose" || w == "whoever") return asks::who;
      if (w == "what" || w == "whatever") return asks::what;
      if (w == "which") return asks::which;
      if (w == "when") return asks::when;
      if (w == "where") return asks::where;
      if (w == "why") return asks::why;
      if (w == "how") return asks::how;
      return std::nullopt;
    };
    if (question_.asks != qw::none) {
      wh_ = std::string(query::name_of(question_.asks));
      kind_ = question_.asks == qw::how_many ? asks::how_many : *from_word(wh_);
    } else {
      std::optional<std::size_t> found;
      if (among(request_verbs, words_[0].low)) {
        kind_ = asks::what, wh_ = "what";
        words_[0].function = true;
        at = 1;
        if (at < words_.size() && (words_[at].low == "me" || words_[at].low == "us")) ++at;
        if (at < words_.size() && from_word(words_[at].low)) found = at;
      } else {
        // Prepositions before the question word: in which, to whom.
        std::size_t k = 0;
        while (k < words_.size() && k < 3 && among(prepositions, words_[k].low)) ++k;
        if (k < words_.size() && from_word(words_[k].low)) {
          found = k;
          for (std::size_t j = 0; j < k; ++j) lead_.push_back(words_[j].low);
        } else if (among(auxiliaries, words_[0].low)) {
          kind_ = asks::yes_no;
        } else {
          for (std::size_t j = 0; j < words_.size() && !found; ++j)
            if (from_word(words_[j].low) && !words_[j].quoted) found = j;
          if (!found) kind_ = asks::what, wh_ = "what";
        }
      }
      if (found) {
        kind_ = *from_word(words_[*found].low);
        wh_ = words_[*found].low == "whom" ? "whom" : std::string(words_[*found].low);
        if (wh_ == "whose") wh_ = "who";
        at = *found + 1;
      }
    }
    if (kind_ == asks::how && at < words_.size()) {
      const auto& next = words_[at].low;
      if (next == "many" || next == "much" || next == "long") {
        kind_ = next == "many" ? asks::how_many : next == "much" ? asks::how_much : asks::how_long;
        wh_ = "how " + next;
        words_[at].function = true;
        ++at;
      }
    }
    first_ = at;
    // What the question words can be answered by: the word itself, with a
    // preposition before it or stranded at the end (what ... about?), and
    // with the noun after it (which article, what period).
    if (wh_.empty()) return;
    signals_.insert(wh_);
    if (wh_ == "whom") signals_.insert("who");
    if (wh_ == "how much") signals_.insert("how");
    for (const auto& p : lead_) signals_.insert(p + " " + wh_);
    if (lead_.size() > 1) {
      std::string all;
      for (const auto& p : lead_) all += p + " ";
      signals_.insert(all + wh_);  // according to whom
    }
    // who and whom alike: for whom ... ? / who ... for?
    if (wh_ == "who" || wh_ == "whom") {
      const std::string other = wh_ == "who" ? "whom" : "who";
      for (std::size_t k = first_; k < words_.size(); ++k)
        if (among(prepositions, words_[k].low) && k + 1 == words_.size())
          signals_.insert(words_[k].low + " " + other);
      for (const auto& p : lead_) signals_.insert(p + " " + other);
    }
    // Each word with the question word: where ... reported?
    for (std::size_t k = first_; k < words_.size(); ++k)
      if (!words_[k].function && !words_[k].quoted) signals_.insert(wh_ + " " + words_[k].low);
    // A stranded preposition: what ... about? what ... about with the press?
    for (std::size_t k = first_; k < words_.size(); ++k) {
      if (words_[k].quoted || !among(prepositions, words_[k].low)) continue;
      const bool last = k + 1 == words_.size();
      const bool governs = !last && (!words_[k + 1].function || words_[k + 1].quoted ||
                                     among(std::array<std::string_view, 9>{"the", "a", "an", "his", "her",
                                                                           "its", "their", "this", "that"},
                                           words_[k + 1].low));
      if (!governs) signals_.insert(words_[k].low + " " + wh_);
    }
  }

  // The noun right after the question word (what status, which article,
  // what is the reason): what the question asks for by name.
  void find_focus() {
    if (wh_.empty()) return;
    std::size_t k = first_;
    while (k < words_.size() && !words_[k].quoted &&
           (among(copulas, words_[k].low) || words_[k].low == "the" || words_[k].low == "a" ||
            words_[k].low == "an"))
      ++k;
    // what kind of account ...?: the noun after kind of is the one asked for.
    if (k + 2 < words_.size() && words_[k + 1].low == "of" &&
        among(std::array<std::string_view, 6>{"kind", "kinds", "type", "types", "sort", "sorts"},
              words_[k].low)) {
      kind_of_ = true;
      signals_.insert(wh_ + " " + words_[k].low);
      k += 2;
    }
    if (k < words_.size() && !words_[k].function && !words_[k].quoted) {
      // The name may follow words the store does not know (which Chinese
      // vice premier).
      std::size_t at = k;
      while (at < words_.size() && at < k + 2 && !named_.count(at) && !words_[at].function &&
             !words_[at].quoted && !known_word(words_[at].stem))
        ++at;
      for (std::size_t a = 0; a < anchors_.size(); ++a)
        if (anchors_[a].first == at && !anchors_[a].is_class && !anchors_[a].value &&
            !words_[anchors_[a].last].possessive)
          role_anchor_ = a;
      if (!named_.count(k) || std::any_of(anchors_.begin(), anchors_.end(),
                                          [&](const anchor& a) { return a.is_class && a.first == k; })) {
        focus_ = k;
        class_focus_ = !kind_of_ && named_.count(k) > 0;
      }
      signals_.insert(wh_ + " " + words_[k].low);
      for (const auto& p : lead_) signals_.insert(p + " " + wh_ + " " + words_[k].low);
    }
  }

  // Names: the longest phrases the store knows, each word in one phrase.
  void link() {
    std::size_t i = 0;
    while (i < words_.size()) {
      if (auto len = link_date(i)) {
        i += len;
        continue;
      }
      // A name may begin with a function word (He Lifeng, The Mainstream),
      // never be one.
      const bool function = words_[i].function && !words_[i].quoted;
      bool found = false;
      const std::size_t most = std::min<std::size_t>(10, words_.size() - i);
      for (std::size_t len = most; len >= (function ? 2 : 1) && !found; --len) {
        const auto& last = words_[i + len - 1];
        if (last.function && !last.quoted) continue;
        // Quoted words are names alone; a possessive inside a phrase is
        // read without its 's (Nvidia's China-specific lineup: the entity
        // Nvidia China-specific lineup, when there is one).
        bool ok = true;
        for (std::size_t k = i; k < i + len; ++k) ok = ok && (len == 1 || !words_[k].quoted);
        if (!ok) continue;
        std::string phrase;
        for (std::size_t k = i; k < i + len; ++k) phrase += (k > i ? " " : "") + words_[k].text;
        if (auto a = find_anchor(phrase, i, i + len - 1)) {
          anchors_.push_back(*a);
          found = true;
          i += len;
        }
      }
      if (!found) {
        // A hyphenated word may join two names (U.S.-China).
        if (!words_[i].quoted && words_[i].text.find('-') != std::string::npos) {
          for (const auto& part : split_words(words_[i].text))
            if (auto a = find_anchor(part, i, i)) anchors_.push_back(*a);
        }
        ++i;
      }
    }
    for (const auto& a : anchors_)
      for (std::size_t k = a.first; k <= a.last; ++k) named_.insert(k);
  }

  // A date in prose: July 15, July 15, 2025, May 2025, in May. Without a
  // year, the one date of the store with that month (and day), if only one.
  // Returns the words it took.
  std::size_t link_date(std::size_t i) {
    static constexpr std::array<std::string_view, 12> months = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    const auto m = std::find(months.begin(), months.end(), words_[i].low);
    if (m == months.end() || words_[i].quoted) return 0;
    // may, march: a month when capitalized.
    if (!std::isupper(static_cast<unsigned char>(words_[i].text[0]))) return 0;
    const int month = static_cast<int>(m - months.begin()) + 1;
    std::size_t len = 1;
    int day = 0, year = 0;
    auto number = [&](std::size_t k) -> int {
      if (k >= words_.size()) return 0;
      auto digits = number_text(words_[k].low);
      if (!digits || digits->find('.') != std::string::npos || digits->size() > 4) return 0;
      return std::stoi(*digits);
    };
    if (int d = number(i + 1); d >= 1 && d <= 31) day = d, ++len;
    if (int y = number(i + len); y >= 1000) year = y, ++len;
    if (month == 5 && day == 0 && year == 0 && (i == 0 || !among(prepositions, words_[i - 1].low))) return 0;
    char lex[48];
    std::vector<std::pair<std::int64_t, std::string>> found;
    for (int y = year ? year : 1900; y <= (year ? year : 2100); ++y) {
      if (day)
        std::snprintf(lex, sizeof lex, "%04d-%02d-%02d", y, month, day);
      else
        std::snprintf(lex, sizeof lex, "%04d-%02d", y, month);
      if (auto id = n_.term_id(term{term_kind::date, lex, {}})) found.emplace_back(*id, lex);
    }
    if (found.size() != 1) return 0;
    anchor a;
    a.id = found.front().first;
    a.value = term{term_kind::date, found.front().second, {}};
    a.first = i;
    a.last = i + len - 1;
    anchors_.push_back(a);
    return len;
  }

  std::optional<anchor> find_anchor(const std::string& phrase, std::size_t first, std::size_t last) {
    anchor a;
    a.first = first;
    a.last = last;
    const bool quoted = words_[first].quoted;
    // Numbers: 4,000 / $4 trillion / ninth.
    if (first == last || (last == first + 1 && scale_word(words_[last].low))) {
      std::optional<std::string> digits = number_text(words_[first].low);
      if (!digits)
        if (auto k = number_word(words_[first].low)) digits = std::to_string(*k);
      if (digits && first != last) {
        const double value = std::stod(*digits) * *scale_word(words_[last].low);
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.0f", value);
        digits = buf;
      }
      if (digits) {
        for (auto kind : {term_kind::integer, term_kind::decimal}) {
          term t{kind, *digits, {}};
          if (auto id = n_.term_id(t)) {
            a.id = *id;
            a.value = t;
            return a;
          }
        }
        return std::nullopt;
      }
    }
    try {
      if (auto id = n_.entity(phrase, q_.span_of(question_.words[words_[first].from]).begin)) {
        a.id = *id;
        a.is_class = ix_->classes.count(*id) > 0;
        // A predicate's or a key's own name read in a question is a word
        // (met, status), not a name.
        if (!a.is_class && !quoted && (n_.is_predicate(*id) || ix_->keys.count(*id))) return std::nullopt;
        // A word only the lexicon speaks of (type, in is_a semantics type)
        // is a word of the question too.
        if (!a.is_class && !quoted && !in_data(*id)) return std::nullopt;
        return a;
      }
    } catch (const error&) {
      // An alias of several entities names none of them.
    }
    for (const auto& text : {phrase, lower(phrase)}) {
      term t{term_kind::text, text, {}};
      if (auto id = n_.term_id(t); id && in_data(*id)) {
        a.id = *id;
        a.value = t;
        return a;
      }
    }
    return std::nullopt;
  }

  // Whether a value is in a fact or a qualifier, not only in the lexicon.
  bool in_data(std::int64_t id) const {
    for (const char* sql : {"SELECT p FROM facts_osp WHERE o = ?1", "SELECT p FROM facts WHERE s = ?1"}) {
      auto st = n_.db().cached(sql);
      st.bind(1, id);
      while (st.step())
        if (!ix_->lexicon_predicates.count(st.int64(0))) return true;
    }
    for (const auto& [key, info] : ix_->keys) {
      auto q = n_.db().cached("SELECT 1 FROM qualifiers WHERE key = ?1 AND value = ?2 LIMIT 1");
      q.bind(1, key).bind(2, id);
      if (q.step()) return true;
    }
    return false;
  }

  // The class the question asks for (which products ...): by name or
  // plural, stemmed, among the words no name took.
  void find_class() {
    auto class_anchor_at = [&](std::size_t k) {
      return std::any_of(anchors_.begin(), anchors_.end(),
                         [&](const anchor& a) { return a.is_class && a.first <= k && k <= a.last; });
    };
    // The longest class phrase (product categories over product).
    std::size_t best_first = 0, best_len = 0;
    std::int64_t best = 0;
    for (std::size_t i = first_; i < words_.size(); ++i) {
      for (std::size_t len = std::min<std::size_t>(4, words_.size() - i); len > best_len; --len) {
        std::string phrase;
        bool ok = true;
        for (std::size_t k = i; k < i + len; ++k) {
          ok = ok && (!named_.count(k) || class_anchor_at(k)) && !words_[k].function && !words_[k].quoted;
          phrase += (k > i ? " " : "") + words_[k].stem;
        }
        if (!ok) continue;
        if (auto it = ix_->class_by_stems.find(phrase); it != ix_->class_by_stems.end()) {
          best_first = i, best_len = len, best = it->second;
          break;
        }
      }
    }
    if (best_len == 0) {
      for (const auto& a : anchors_)
        if (a.is_class && !cls_) cls_ = a.id;
      return;
    }
    cls_ = best;
    for (std::size_t k = best_first; k < best_first + best_len; ++k) class_words_.insert(k);
    // A shorter class name inside it is no name of its own.
    std::erase_if(anchors_, [&](const anchor& a) {
      return a.is_class && a.first >= best_first && a.last < best_first + best_len &&
             a.last - a.first + 1 < best_len;
    });
  }

  // The noun asked for is known to the store (a class, or a word of a
  // predicate or key), or the question asks about something it has no
  // word for: how many cars ...? is not how many things ...?
  void check_focus() {
    if (!focus_ || !(kind_ == asks::what || kind_ == asks::which || kind_ == asks::how_many)) return;
    if (class_words_.count(*focus_) || named_.count(*focus_)) {
      // what kind of product is X?: a kind of product, not a product.
      class_focus_ = !kind_of_ && (class_focus_ || class_words_.count(*focus_) > 0);
      return;
    }
    // which field ...?, what tasks ...?: a word for the kind of answer the
    // store has no class for costs the reading more than filler; counting
    // it (how many cars?) is counting something the store does not know.
    if (known_word(words_[*focus_].stem) || kind_ != asks::how_many) return;
    // how many times: a key answers it (trip_number answers "how many times").
    for (const auto& [id, key] : ix_->keys)
      if (key.answers.count(wh_ + " " + words_[*focus_].low)) return;
    const auto& w = question_.words[words_[*focus_].from];
    throw error::at(error_kind::unknown_name, q_.span_of(w).begin,
                    "unknown word '" + words_[*focus_].text + "'",
                    "no class, predicate or qualifier of this store has this word (docs/lexicon.md)");
  }

  // which Cs are there? / how many Cs are there? / list the Cs: the members.
  std::optional<ast::pattern_query> class_reading() {
    if (!cls_ || !class_focus_ || !content().empty() || kind_ == asks::yes_no) return std::nullopt;
    for (const auto& a : anchors_)
      if (!a.is_class) return std::nullopt;
    const auto type = ix_->type;
    if (!type) return std::nullopt;
    reading r;
    r.answer = 's';
    r.cls = cls_;
    ast::pattern_query pq;
    ast::triple member = membership(class_var(*cls_), *type, *cls_);
    pq.where.elements.emplace_back(std::move(member));
    tag_all(pq.where);
    pq.head = head(r, class_var(*cls_));
    return pq;
  }

  // The best reading the words give when no fact fits: the predicate they
  // name best, the names before its verb as subject, after it as object.
  std::optional<reading> hypothesis(const std::vector<reading>& readings) const {
    if (kind_ == asks::when || kind_ == asks::where || kind_ == asks::why || kind_ == asks::how ||
        kind_ == asks::how_long)
      return std::nullopt;
    std::optional<std::size_t> best;
    double best_score = 0;
    std::optional<std::size_t> verb_at;
    for (std::size_t v = 0; v < ix_->views.size(); ++v) {
      double sc = 0;
      std::optional<std::size_t> at;
      int unexplained = 0;
      for (auto k : content()) {
        if (class_words_.count(k)) continue;
        if (ix_->views[v].stems.count(words_[k].stem)) {
          sc += ix_->weight(words_[k].stem);
          if (!at) at = k;
        } else if (known_word(words_[k].stem)) {
          ++unexplained;
        }
      }
      if (unexplained > 0 || sc <= best_score) continue;
      best = v, best_score = sc, verb_at = at;
    }
    if (!best || !verb_at) return std::nullopt;
    const auto& view = ix_->views[*best];
    // Facts of that predicate about these names were read, and rejected.
    for (const auto& r : readings)
      if (r.predicate == view.predicate) return std::nullopt;
    const bool passive = view.passive.count(words_[*verb_at].stem) && has_copula();
    reading r;
    r.view = *best;
    r.score = best_score;
    std::vector<int> before, after;
    for (std::size_t a = 0; a < anchors_.size(); ++a) {
      if (anchors_[a].is_class) continue;
      (anchors_[a].last < *verb_at ? before : after).push_back(static_cast<int>(a));
    }
    if (before.size() > 1 || after.size() > 2) return std::nullopt;
    int front = before.empty() ? -1 : before.front();
    int back = after.empty() ? -1 : after.front();
    // who did X meet? / what did X announce?: X, after the auxiliary, leads.
    if (front < 0 && back >= 0 && aux_after_wh() && anchors_[back].first < *verb_at) std::swap(front, back);
    r.subject = passive ? back : front;
    r.object = passive ? front : back;
    if (after.size() == 2) {
      const auto key = key_before(anchors_[after[1]]);
      if (!key) return std::nullopt;
      r.constraints.emplace_back(*key, after[1]);
    }
    if (r.subject >= 0 && r.object >= 0) return std::nullopt;  // nothing asked
    if (r.subject < 0 && r.object < 0) return std::nullopt;    // nothing named
    r.answer = r.subject < 0 ? 's' : 'o';
    if (cls_ && class_focus_) r.cls = cls_;
    return r;
  }

  // The words a reading must account for: neither function words nor names.
  std::vector<std::size_t> content() const {
    std::vector<std::size_t> out;
    for (std::size_t k = 0; k < words_.size(); ++k)
      if (!words_[k].function && !named_.count(k) && !words_[k].quoted && !class_words_.count(k))
        out.push_back(k);
    return out;
  }

  // who is X? / what is X? / tell me about X: every fact about X.
  std::optional<ast::pattern_query> card_reading() {
    if (kind_ != asks::who && kind_ != asks::what) return std::nullopt;
    std::vector<const anchor*> names;
    for (const auto& a : anchors_)
      if (!a.value) names.push_back(&a);
    if (names.size() != 1 || !content().empty() || cls_) return std::nullopt;
    const auto& a = *names.front();
    ast::name nm;
    nm.text = n_.lex(a.id);
    nm.id = a.id;
    tag(nm, a.first, a.last);
    return card_query_of(nm);
  }

  // Facts ------------------------------------------------------------------

  void gather() {
    auto& db = n_.db();
    std::map<std::array<std::int64_t, 3>, std::size_t> seen;
    auto add = [&](std::int64_t s, std::int64_t p, std::int64_t o) {
      if (ix_->lexicon_predicates.count(p) || !ix_->views_of.count(p)) return;
      if (seen.emplace(std::array{s, p, o}, facts_.size()).second) facts_.push_back(fact{s, p, o, {}});
    };
    constexpr int limit = 4000;
    // However many names a question gives, the facts read stay bounded.
    constexpr std::size_t most = 16000;
    bool any = false;
    for (const auto& a : anchors_) {
      if (a.is_class) continue;
      any = true;
      if (facts_.size() >= most) break;
      auto out = db.cached("SELECT p, o FROM facts WHERE s = ?1 LIMIT ?2");
      out.bind(1, a.id).bind(2, std::int64_t{limit});
      while (out.step()) add(a.id, out.int64(0), out.int64(1));
      auto in = db.cached("SELECT s, p FROM facts_osp WHERE o = ?1 LIMIT ?2");
      in.bind(1, a.id).bind(2, std::int64_t{limit});
      while (in.step()) add(in.int64(0), in.int64(1), a.id);
      for (const auto& [key, info] : ix_->keys) {
        auto q = db.cached("SELECT s, p, o FROM qualifiers WHERE key = ?1 AND value = ?2 LIMIT ?3");
        q.bind(1, key).bind(2, a.id).bind(3, std::int64_t{limit});
        while (q.step()) add(q.int64(0), q.int64(1), q.int64(2));
      }
    }
    if (!any) {
      // No names: the facts of the predicates the words name.
      const auto words = content();
      for (const auto& view : ix_->views) {
        bool named = false;
        for (auto k : words) named = named || view.stems.count(words_[k].stem);
        if (!named) continue;
        auto st = db.cached("SELECT s, o FROM facts_pos WHERE p = ?1 LIMIT ?2");
        st.bind(1, view.stored).bind(2, std::int64_t{limit});
        while (st.step()) add(st.int64(0), view.stored, st.int64(1));
      }
    }
    for (auto& f : facts_) {
      auto st = db.cached("SELECT grp, key, value FROM qualifiers WHERE s = ?1 AND p = ?2 AND o = ?3");
      st.bind(1, f.s).bind(2, f.p).bind(3, f.o);
      while (st.step()) f.qualifiers.push_back({st.int64(0), st.int64(1), st.int64(2)});
    }
  }

  int anchor_of(std::int64_t id) const {
    for (std::size_t k = 0; k < anchors_.size(); ++k)
      if (anchors_[k].id == id) return static_cast<int>(k);
    return -1;
  }

  // Readings -----------------------------------------------------------------

  bool asks_entity() const {
    return kind_ == asks::who || kind_ == asks::what || kind_ == asks::which || kind_ == asks::how_many ||
           kind_ == asks::where || kind_ == asks::how || kind_ == asks::how_much;
  }

  std::vector<reading> candidates() const {
    std::map<reading, std::set<std::int64_t>> found;
    for (const auto& f : facts_) {
      auto [first, end] = ix_->views_of.equal_range(f.p);
      for (auto it = first; it != end; ++it) {
        const auto& view = ix_->views[it->second];
        const std::int64_t s = view.swapped ? f.o : f.s, o = view.swapped ? f.s : f.o;
        // Qualifier groups; a fact without qualifiers is one empty group.
        std::set<std::int64_t> groups;
        for (const auto& q : f.qualifiers) groups.insert(q[0]);
        if (groups.empty()) groups.insert(-1);
        for (auto g : groups) {
          reading base;
          base.view = it->second;
          base.subject = anchor_of(s);
          base.object = anchor_of(o);
          std::vector<std::array<std::int64_t, 3>> group;
          for (const auto& q : f.qualifiers)
            if (q[0] == g) group.push_back(q);
          for (const auto& q : group) {
            const int a = anchor_of(q[2]);
            if (a >= 0 && a != base.subject && a != base.object) base.constraints.emplace_back(q[1], a);
          }
          std::sort(base.constraints.begin(), base.constraints.end());
          auto add = [&](char answer, std::int64_t key, std::int64_t value) {
            reading r = base;
            r.answer = answer;
            r.answer_key = key;
            if (answer == 's') r.subject = -1;
            if (answer == 'o') r.object = -1;
            r.predicate = ix_->views[r.view].predicate;
            // A symmetric predicate reads the same either way: one order.
            if (symmetric(r.predicate) &&
                (r.object < 0 ? r.subject >= 0 : r.subject >= 0 && r.object < r.subject)) {
              std::swap(r.subject, r.object);
              if (r.answer == 's' || r.answer == 'o') r.answer = r.answer == 's' ? 'o' : 's';
            }
            // The other end, when it is no anchor, is a variable too.
            found[r].insert(value);
          };
          if (kind_ == asks::yes_no) {
            add(0, 0, 0);
            continue;
          }
          if (asks_entity()) {
            if (base.subject < 0) add('s', 0, s);
            if (base.object < 0) add('o', 0, o);
          }
          for (const auto& q : group)
            if (anchor_of(q[2]) < 0 && (key_asked(q[1]) || asked_by_class(q[2]))) add('k', q[1], q[2]);
        }
      }
    }
    std::vector<reading> out;
    for (auto& [r, answers] : found) {
      reading x = r;
      x.answers = answers;
      out.push_back(std::move(x));
    }
    // A predicate and its inverse read the same facts: X announced Y is Y
    // announced_by X. Their readings share their answers.
    std::map<canonical_form, std::set<std::int64_t>> same;
    for (const auto& r : out) {
      auto& all = same[canonical(r)];
      all.insert(r.answers.begin(), r.answers.end());
    }
    for (auto& r : out) r.answers = same[canonical(r)];
    // What a key asked for is, fact by fact, between the same two names
    // (for the two-ends reading in score()).
    for (const auto& r : out)
      if (r.answer == 'k' && r.subject >= 0 && r.object >= 0)
        between_[{std::min(r.subject, r.object), std::max(r.subject, r.object), r.answer_key, r.constraints}]
            .insert(r.answers);
    for (const auto& r : out) joining_[anchors_used(r)].insert(ix_->views[r.view].stored);
    return out;
  }

  // A value of the class the question asks for (in which city: Beijing).
  bool asked_by_class(std::int64_t value) const {
    return cls_ && class_focus_ && kind_ != asks::how_many && is_a(value, *cls_);
  }

  // The anchors a reading puts in its fact, at its ends or in qualifiers.
  static std::set<int> anchors_used(const reading& r) {
    std::set<int> out;
    if (r.subject >= 0) out.insert(r.subject);
    if (r.object >= 0) out.insert(r.object);
    for (const auto& [k, a] : r.constraints) out.insert(a);
    return out;
  }

  // Whether the question asks for a key: by a question word it answers
  // (date answers "when"), or by the noun after the question word (what
  // status ...?).
  bool key_asked(std::int64_t key) const {
    const auto it = ix_->keys.find(key);
    if (it == ix_->keys.end()) return false;
    for (const auto& a : it->second.answers)
      if (signals_.count(a)) return true;
    return focus_ && it->second.stems.count(words_[*focus_].stem);
  }

  static constexpr double rejected = -100;

  // Rejects a reading, saying why (for the error when no reading is left).
  static double reject(reading& r, double so_far, std::string why) {
    r.rejected = std::move(why);
    r.partial = so_far;
    return rejected;
  }
  static constexpr double unexplained_cost = 1.0;
  static constexpr double filler_cost = 0.25;

  // The noun asked for that the store has no word for: a word of the
  // kind of answer (what tasks ...?), costing more than filler. After kind
  // of, read through the class predicate, it is the kind of the class (what
  // type of device is X?), which no class needs to be named for.
  double focus_cost(const lexicon_index::view& view) const {
    return kind_of_ && ix_->type && view.predicate == *ix_->type ? filler_cost : unexplained_cost;
  }
  static constexpr int max_unexplained = 2;

  double score(reading& r) const {
    const auto& view = ix_->views[r.view];
    double s = 0;
    std::set<std::int64_t> keys;
    for (const auto& [k, a] : r.constraints) keys.insert(k);
    if (r.answer == 'k') keys.insert(r.answer_key);
    std::set<int> used;
    if (r.subject >= 0) used.insert(r.subject);
    if (r.object >= 0) used.insert(r.object);
    for (const auto& [k, a] : r.constraints) used.insert(a);
    // Words: each accounted for once, by the predicate or a key.
    bool predicate_named = false;
    std::optional<std::size_t> verb_at;
    int unexplained = 0;
    std::size_t matched_words = 0;
    // The class words too may name the predicate (what position does X
    // hold?); left unnamed, they are the class asked for.
    auto words = content();
    for (auto k : class_words_)
      if (view.stems.count(words_[k].stem)) words.push_back(k);
    for (auto k : words) {
      const auto& st = words_[k].stem;
      if (view.stems.count(st)) {
        s += ix_->weight(st);
        ++matched_words;
        predicate_named = true;
        if (!verb_at) verb_at = k;
        continue;
      }
      bool by_key = false;
      for (auto key : keys) by_key = by_key || ix_->keys.at(key).stems.count(st);
      // where ... reported?: a word of the question the key answers.
      if (r.answer == 'k')
        by_key = by_key || ix_->keys.at(r.answer_key).answers.count(wh_ + " " + words_[k].low);
      if (by_key) {
        s += 1.0;
      } else if (!focus_ || k != *focus_ || r.answer != 'k') {
        // A word the store knows elsewhere points at another reading; a
        // word it does not know at all is filler (characterized, again).
        if (known_word(st) && !in_relative_clause(k)) {
          ++unexplained;
        } else {
          s -= focus_ && k == *focus_ ? focus_cost(view) : filler_cost;
          ++r.fillers;
        }
      }
    }
    s -= unexplained_cost * unexplained;
    // Of two predicates the words name alike, the one with fewer other
    // words (announced, not announced_on).
    s -= 0.05 * static_cast<double>(view.name_words > matched_words ? view.name_words - matched_words : 0);
    // A form written out in full (aim for, not aim at): a little more.
    for (const auto& ph : view.phrases) {
      bool found = false;
      for (std::size_t i = 0; i + ph.size() <= words_.size() && !found; ++i) {
        bool all = true;
        for (std::size_t j = 0; j < ph.size() && all; ++j) all = words_[i + j].stem == ph[j];
        found = all;
      }
      if (found) {
        s += 0.5;
        break;
      }
    }
    r.unexplained = unexplained;
    // Two words that name something else: this reading misses the point.
    if (unexplained >= max_unexplained)
      return reject(r, s, "it leaves out two words the store has for something else");
    // Three words left out, known or not: it reads another question.
    if (unexplained + r.fillers >= 3) return reject(r, s, "it leaves out three of the question's words");
    // Names: every name the question gives is used, or is a word of the
    // predicate's name (employees in China); a reading that drops one
    // answers another question.
    for (std::size_t a = 0; a < anchors_.size(); ++a) {
      if (used.count(static_cast<int>(a))) {
        // At an end of the fact rather than in a qualifier: a little more.
        // A value that is a plain word (approved, meeting) is worth a word.
        const bool end = a == static_cast<std::size_t>(r.subject) || a == static_cast<std::size_t>(r.object);
        s += plain_word(anchors_[a]) ? 1.0 : end ? 2.0 : 1.6;
        if (anchors_[a].is_class && view.predicate == ix_->type) predicate_named = true;  // is X a C?
        continue;
      }
      if (anchors_[a].is_class) continue;
      // which vice premier did X meet?: the name asked for, held by the
      // answers through one predicate (He Lifeng position Vice Premier).
      if (role_anchor_ == a && (r.answer == 's' || r.answer == 'o') && kind_ != asks::yes_no) {
        if (auto role = role_of(r.answers, anchors_[a].id)) {
          r.role = std::make_pair(role->first, static_cast<int>(a));
          r.answers = std::move(role->second);
          s += 1.6;
          continue;
        }
      }
      // Its words may be words of the predicate (employees in China, a
      // meeting with X).
      bool in_name = true;
      double named_weight = 0;
      int other = 0;
      for (std::size_t k = anchors_[a].first; k <= anchors_[a].last; ++k) {
        if (words_[k].function) continue;
        if (view.stems.count(words_[k].stem)) {
          named_weight += ix_->weight(words_[k].stem);
        } else {
          in_name = false;
          other += known_word(words_[k].stem);
        }
      }
      const bool text = anchors_[a].value && anchors_[a].value->kind == term_kind::text;
      if (in_name && !text) {
        s += 0.5;
      } else if (text) {
        // A value that is also plain words (a meeting, critical market):
        // read as words; a value named and left out costs like a word.
        s += named_weight - unexplained_cost * std::max(other, named_weight > 0 ? 0 : 1);
        if (named_weight > 0) predicate_named = true;
      } else if (kind_ == asks::yes_no) {
        // Did X meet Y in Shanghai?: a name no fact has is where the answer is no.
        s -= 1.0;
        ++r.missing;
      } else if (modifier(anchors_[a])) {
        // A name qualifying a noun (his China trip) may be left out; one in
        // a relative clause costs less.
        s -= in_relative_clause(anchors_[a].first) ? 0.25 : 1.5;
      } else {
        return reject(r, s, "it leaves out the name " + quote(n_.lex(anchors_[a].id)));
      }
    }
    // A fact named by its two ends (in which country is X Vice Premier?).
    if (r.answer == 'k' && r.subject >= 0 && r.object >= 0 && !plain_word(anchors_[r.subject]) &&
        !plain_word(anchors_[r.object]) && unexplained == 0 &&
        (links_between(anchors_[r.subject].id, anchors_[r.object].id) == 1 ||
         between_.at({std::min(r.subject, r.object), std::max(r.subject, r.object), r.answer_key,
                      r.constraints})
                 .size() == 1))
      predicate_named = true;
    // Two names or more that only one predicate joins, all the question's
    // names, and no word for anything else: the fact they name, its verb
    // the store's own (swarmed: mobbed, explain to: informed), at a cost.
    if (!predicate_named && unexplained == 0 && kind_ != asks::yes_no && used.size() >= 2 &&
        joining_.at(anchors_used(r)).size() == 1 &&
        std::all_of(anchors_.begin(), anchors_.end(),
                    [&, a = 0](const anchor& x) mutable { return x.is_class || used.count(a++) > 0; })) {
      predicate_named = true;
      r.implied = true;
      s -= 1.0;
    }
    // A fact found only through a qualifier, both its ends unknown: a
    // reading of the question's margins, not of its subject.
    if (r.subject < 0 && r.object < 0 && (r.answer == 's' || r.answer == 'o') && !r.constraints.empty())
      return reject(r, s, "the name is only in a qualifier");
    if (r.subject < 0 && r.object < 0 && r.answer != 0) s -= 1.0;
    // The question word: answered by the key asked for, or by a predicate
    // named like a key that answers it (described_as answers "how").
    bool answered = false;
    if (r.answer == 'k') {
      const bool by_class = !key_asked(r.answer_key);
      if (by_class) {
        // in which city ...?: a key whose values are of the class asked for.
        std::size_t members = 0;
        for (auto id : r.answers) members += asked_by_class(id);
        if (members == 0) return reject(r, s, "nothing in the question asks for " + n_.lex(r.answer_key));
        if (members < r.answers.size()) r.cls = cls_;
      }
      // who approved X?: the one who did is the fact's free end; a key
      // answers a bare who only of a fact whose ends are both named (who
      // likened X to a celebrity?: according_to).
      if (kind_ == asks::who && lead_.empty() && (r.subject < 0 || r.object < 0) &&
          ix_->keys.at(r.answer_key).answers.count(wh_) &&
          std::none_of(signals_.begin(), signals_.end(), [&](const std::string& sig) {
            return sig != wh_ && ix_->keys.at(r.answer_key).answers.count(sig);
          }))
        return reject(r, s, "the fact's free end answers " + quote(wh_));
      answered = true;
      // The key answering the fewest kinds of question is the most to the
      // point (date before period for when).
      s += by_class ? 2.5 : 2.5 - 0.1 * static_cast<double>(ix_->keys.at(r.answer_key).answers.size());
    } else if (r.answer) {
      for (const auto& a : view.answers) answered = answered || signals_.count(a);
      if (answered) s += 2.5, predicate_named = true;
      // how was X welcomed?: the words a passive verb's object gives (a
      // rockstar welcome) are its manner.
      if (!answered && kind_ == asks::how && r.answer == 'o' && verb_at && has_copula() &&
          view.passive.count(words_[*verb_at].stem) && !r.answers.empty() &&
          std::all_of(r.answers.begin(), r.answers.end(),
                      [&](auto id) { return term_by_id(n_.db(), id).kind == term_kind::text; })) {
        answered = true;
        s += 1.5;
      }
      // where ...?: the end after a preposition of place (plans_to_lease_office_in).
      if (kind_ == asks::where && !answered) {
        bool place = false;
        for (std::string_view p : {"in", "at", "to", "into", "from", "on"})
          place = place || view.end_prepositions.count(std::string(p));
        s += place ? 0.5 : -1.5;
      }
      if (kind_ == asks::how_much && !answered) {
        // how much ...?: an amount.
        for (auto id : r.answers)
          if (!numeric_value(term_by_id(n_.db(), id))) return reject(r, s, "how much asks for an amount");
      }
    }
    if ((kind_ == asks::when || kind_ == asks::why || kind_ == asks::how_long || kind_ == asks::how) &&
        !answered)
      return reject(r, s, "no qualifier of it answers " + quote(wh_));
    // The class asked for: some answers of that class.
    if (cls_ && !used.count(anchor_of(*cls_)) && (r.answer == 's' || r.answer == 'o')) {
      std::size_t members = 0;
      for (auto id : r.answers) members += is_a(id, *cls_);
      bool amounts = kind_ == asks::how_many && !r.answers.empty();
      for (auto id : r.answers) amounts = amounts && numeric_value(term_by_id(n_.db(), id)).has_value();
      if (amounts) {
        // how many people does X employ?: the answer is a number of them.
      } else if (class_focus_) {
        // which products ...?: the answers are products. None is no
        // reading, unless they are counted (how many GPUs did X announce?: 0).
        if (members == 0 && kind_ != asks::how_many)
          return reject(r, s, "none of its answers is a " + n_.lex(*cls_));
        s += members > 0 ? 3.0 : 0.0;
        r.cls = cls_;
        // list the social networks X is on: the class alone names the fact.
        if (unexplained == 0 && r.fillers == 0 && !predicate_named) {
          predicate_named = true;
          s -= 1.0;
        }
      } else if (members > 0) {
        s += 1.0;
        if (members < r.answers.size()) r.cls = cls_;
      } else {
        s -= 1.0;
      }
    }
    if (!predicate_named) return reject(r, s, "no word of the question names " + n_.lex(view.predicate));
    // A preposition before the question word (to whom, with which) asks for
    // the end the predicate puts after that preposition (spoke_to,
    // photographed_with), or for the agent of a passive (by whom).
    if (!lead_.empty() && (r.answer == 's' || r.answer == 'o')) {
      const auto& p = lead_.back();
      const bool agent = p == "by" && r.answer == 's';
      if (agent || view.end_prepositions.count(p))
        s += 0.5;
      else
        s -= r.answer == 's' ? 2.0 : 1.0;
    }
    // Word order: the subject named before the verb, the object after it;
    // in the passive (was X announced by Y) the other way round.
    if (verb_at) {
      const bool passive = view.passive.count(words_[*verb_at].stem) && has_copula();
      auto before = [&](int a) { return a >= 0 && anchors_[a].last < *verb_at; };
      auto after = [&](int a) { return a >= 0 && anchors_[a].first > *verb_at; };
      const int front = passive ? r.object : r.subject, back = passive ? r.subject : r.object;
      if (before(front) || after(back)) s += 0.5;
      if (after(front) && !after(back) && back >= 0) s -= 0.5;
      // what does X lead?: X, named between the auxiliary and the verb, is
      // the subject (the object, in the passive).
      if (before(back) && front < 0 && aux_after_wh()) s -= 1.0;
      // who met X: the question word is the subject; who did X meet: the object.
      if (r.answer == 's' || r.answer == 'o') {
        const bool wh_first = !aux_after_wh();
        const char expected = (wh_first != passive) ? 's' : 'o';
        if (r.answer == expected) s += 0.3;
      }
    }
    return s;
  }

  // A reading in terms of the stored facts it reads.
  using canonical_form =
      std::tuple<std::int64_t, int, int, std::vector<std::pair<std::int64_t, int>>, char, std::int64_t>;
  canonical_form canonical(const reading& r) const {
    const auto& view = ix_->views[r.view];
    int s = r.subject, o = r.object;
    char answer = r.answer;
    if (view.swapped) {
      std::swap(s, o);
      if (answer == 's' || answer == 'o') answer = answer == 's' ? 'o' : 's';
    }
    return std::make_tuple(view.stored, s, o, r.constraints, answer, r.answer_key);
  }

  bool symmetric(std::int64_t p) const {
    if (auto it = symmetric_.find(p); it != symmetric_.end()) return it->second;
    bool sym = false;
    for (const auto& e : n_.edges_of(p)) sym = sym || (e.predicate == p && e.swapped);
    return symmetric_[p] = sym;
  }

  // How many predicates join two things, either way round, among the facts
  // read.
  std::size_t links_between(std::int64_t a, std::int64_t b) const {
    std::set<std::int64_t> ps;
    for (const auto& f : facts_)
      if ((f.s == a && f.o == b) || (f.s == b && f.o == a)) ps.insert(f.p);
    return ps.size();
  }

  // A name right before a noun of the question: his China trip.
  // Whether word k is in a relative clause (the export controls that hit
  // Nvidia's sales): it says which thing is meant, not what is asked.
  bool in_relative_clause(std::size_t at) const {
    for (std::size_t k = first_ + 1; k < at; ++k)
      if (!words_[k].quoted &&
          (words_[k].low == "that" || words_[k].low == "which" || words_[k].low == "who") &&
          (named_.count(k - 1) || !words_[k - 1].function))
        return true;
    return false;
  }

  bool modifier(const anchor& a) const {
    if (in_relative_clause(a.first)) return true;
    const auto next = a.last + 1;
    if (a.first == 0 || words_[a.last].possessive || next >= words_.size()) return false;
    const auto& before = words_[a.first - 1].low;
    const bool determined = among(
        std::array<std::string_view, 8>{"the", "a", "an", "his", "her", "its", "their", "this"}, before);
    return determined && !words_[next].function && !named_.count(next) && !words_[next].quoted;
  }

  // The verb of an agent or action noun the store has no word for (maker:
  // make, leader: lead, supplier: supply, valuation: value), as a stem the
  // store knows; Snowball leaves these nouns whole.
  std::optional<std::string> agent_verb(std::string w) const {
    if (w.ends_with("ers") || w.ends_with("ors") || w.ends_with("ions")) w.pop_back();
    std::vector<std::string> tries;
    if (w.size() >= 7 && w.ends_with("ion")) {
      // valuation: value, creation: create, adoption: adopt.
      const std::string bare = w.substr(0, w.size() - 3);
      if (w.ends_with("ation")) tries.push_back(w.substr(0, w.size() - 5) + "e");
      tries.push_back(bare + "e");
      tries.push_back(bare);
    } else if (w.size() >= 5 && (w.ends_with("er") || w.ends_with("or"))) {
      const std::string bare = w.substr(0, w.size() - 2);
      tries = {w.substr(0, w.size() - 1), bare};
      if (bare.size() > 2 && bare.back() == bare[bare.size() - 2])
        tries.push_back(bare.substr(0, bare.size() - 1));
      if (bare.ends_with("i")) tries.push_back(bare.substr(0, bare.size() - 1) + "y");
    }
    for (const auto& t : tries)
      if (auto st = word_stem(t); known_word(st)) return st;
    return std::nullopt;
  }

  // Whether a stem is in some predicate's or key's name or forms.
  bool known_word(const std::string& st) const {
    if (ix_->frequency.count(st)) return true;
    for (const auto& [id, key] : ix_->keys)
      if (key.stems.count(st)) return true;
    return false;
  }

  // A text value named by one lowercase word of the question.
  bool plain_word(const anchor& a) const {
    return a.value && a.value->kind == term_kind::text && a.first == a.last && !words_[a.first].quoted &&
           words_[a.first].text == words_[a.first].low;
  }

  bool has_copula() const {
    for (const auto& w : words_)
      if (among(copulas, w.low)) return true;
    return false;
  }

  // did/does/is right after the question word (and its noun): who did X meet?
  bool aux_after_wh() const {
    for (std::size_t k = first_; k < words_.size(); ++k) {
      if (among(auxiliaries, words_[k].low)) return true;
      if (named_.count(k) || !words_[k].function) {
        if (class_words_.count(k)) continue;
        return false;
      }
    }
    return false;
  }

  // The one predicate by which some of the answers hold a name (position,
  // for Vice Premier), with those answers.
  std::optional<std::pair<std::int64_t, std::set<std::int64_t>>> role_of(
      const std::set<std::int64_t>& answers, std::int64_t name) const {
    std::map<std::int64_t, std::set<std::int64_t>> by;
    for (auto id : answers) {
      auto st = n_.db().cached("SELECT p FROM facts_osp WHERE o = ?2 AND s = ?1");
      st.bind(1, id).bind(2, name);
      while (st.step())
        if (!ix_->lexicon_predicates.count(st.int64(0))) by[st.int64(0)].insert(id);
    }
    if (by.size() != 1) return std::nullopt;
    return *by.begin();
  }

  bool is_a(std::int64_t id, std::int64_t cls) const {
    const auto type = ix_->type;
    if (!type) return false;
    auto st = n_.db().cached("SELECT 1 FROM facts WHERE s = ?1 AND p = ?2 AND o = ?3");
    st.bind(1, id).bind(2, *type).bind(3, cls);
    return st.step();
  }

  // Yes or no: a reading that holds with every name, else the best-named
  // predicate with the names where the question puts them.
  ast::pattern_query yes_no(std::vector<reading>& readings, std::vector<reading_note>* notes) {
    for (auto& r : readings) {
      if (r.score < min_score || r.missing > 0 || r.subject < 0 || r.object < 0 || r.unexplained > 0 ||
          r.fillers > 0)
        continue;
      auto pq = pattern(r);
      if (notes) note(readings, notes);
      return pq;
    }
    // No fact holds: the question's pattern, built from its best reading.
    for (auto& r : readings) {
      if (r.score < min_score - 4.0) break;
      if (r.unexplained > 0 || r.fillers > 0) continue;
      std::set<int> used;
      for (int a : {r.subject, r.object})
        if (a >= 0) used.insert(a);
      for (const auto& c : r.constraints) used.insert(c.second);
      std::vector<int> unused;
      for (std::size_t a = 0; a < anchors_.size(); ++a)
        if (!used.count(static_cast<int>(a)) && !anchors_[a].is_class) unused.push_back(static_cast<int>(a));
      bool placed = true;
      for (int a : unused) {
        if (r.subject < 0 && anchors_[a].first < anchors_[r.object >= 0 ? r.object : a].first)
          r.subject = a;
        else if (r.object < 0)
          r.object = a;
        else if (r.subject < 0)
          r.subject = a;
        else if (auto key = key_before(anchors_[a]))
          r.constraints.emplace_back(*key, a);
        else
          placed = false;
      }
      if (!placed || r.subject < 0 || r.object < 0 || unused.empty()) continue;
      if (!ix_->views[r.view].stems.empty() && !view_named(r.view)) continue;
      auto pq = pattern(r);
      if (notes) note(readings, notes);
      return pq;
    }
    no_reading(readings);
  }

  bool view_named(std::size_t view) const {
    for (auto k : content())
      if (ix_->views[view].stems.count(words_[k].stem)) return true;
    return false;
  }

  // The key a preposition before a name points at: in -> where, on -> when.
  std::optional<std::int64_t> key_before(const anchor& a) const {
    if (a.first == 0) return std::nullopt;
    const auto& p = words_[a.first - 1].low;
    std::string asks = p == "in" || p == "at" ? "where" : p == "on" ? "when" : "";
    if (asks.empty()) return std::nullopt;
    for (const auto& [id, key] : ix_->keys)
      if (key.answers.count(asks)) return id;
    return std::nullopt;
  }

  // Patterns -----------------------------------------------------------------

  template <class Node>
  void tag(Node& n, std::size_t first, std::size_t last) const {
    n.id_first = question_.words[words_[first].from].id_first;
    n.id_last = question_.words[words_[last].from].id_last;
  }

  template <class Node>
  void tag_all(Node& n) const {
    n.id_first = question_.id_first;
    n.id_last = question_.id_last;
  }

  ast::node anchor_node(int a) const {
    const auto& an = anchors_[a];
    if (an.value) {
      ast::literal l;
      l.value = *an.value;
      l.text = an.value->kind == term_kind::text ? quote(an.value->lex) : an.value->lex;
      tag(l, an.first, an.last);
      return ast::node(l);
    }
    ast::name nm;
    nm.text = n_.lex(an.id);
    nm.id = an.id;
    tag(nm, an.first, an.last);
    return ast::node(nm);
  }

  ast::node var(const std::string& name) const {
    ast::variable v;
    v.name = name;
    tag_all(v);
    return ast::node(v);
  }

  std::string answer_name() const {
    switch (kind_) {
      case asks::who:
        return "who";
      case asks::which:
      case asks::what:
        return "what";
      case asks::when:
        return "when";
      case asks::where:
        return "where";
      case asks::why:
        return "why";
      case asks::how_many:
        return "what";
      case asks::how:
      case asks::how_much:
      case asks::how_long:
        return "how";
      case asks::yes_no:
        return "what";
    }
    return "what";
  }

  // ?x is_a C
  ast::triple membership(const std::string& v, std::int64_t type_id, std::int64_t cls) const {
    ast::triple member;
    member.subject = var(v);
    ast::name type;
    type.text = n_.lex(type_id);
    type.id = type_id;
    tag_all(type);
    member.predicate.predicate = ast::node(type);
    tag_all(member.predicate);
    ast::name c;
    c.text = n_.lex(cls);
    c.id = cls;
    tag_all(c);
    member.object = ast::node(c);
    tag_all(member);
    return member;
  }

  // A variable named after a class: ?product, ?gpu.
  std::string class_var(std::int64_t cls) const {
    std::string v;
    for (char c : lower(n_.lex(cls))) v += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    if (v.empty() || std::isdigit(static_cast<unsigned char>(v[0]))) v = "x";
    return v;
  }

  // select distinct ?answer, or count it: how many asks for a count,
  // unless the answer is itself a number (how many employees does X have?).
  ast::projection head(const reading& r, const std::string& answer) const {
    ast::projection h;
    bool numbers = !r.answers.empty();
    if (kind_ == asks::how_many)
      for (auto id : r.answers) numbers = numbers && numeric_value(term_by_id(n_.db(), id)).has_value();
    h.kind = kind_ == asks::how_many && !numbers ? ast::projection_kind::count : ast::projection_kind::select;
    h.distinct = true;
    ast::variable v;
    v.name = answer;
    tag_all(v);
    h.variables.push_back(v);
    return h;
  }

  ast::pattern_query pattern(const reading& r) const {
    const auto& view = ix_->views[r.view];
    const std::string answer = r.cls && r.answer != 'k' ? class_var(*r.cls) : answer_name();
    ast::triple t;
    // A key asked for (when did X rebrand?) comes with the fact's other end.
    const bool context = r.answer == 'k' && (r.subject < 0) != (r.object < 0);
    const std::string other = r.subject < 0 || answer == "what" ? "object" : "what";
    t.subject = r.subject >= 0 ? anchor_node(r.subject) : var(r.answer == 's' ? answer : "subject");
    t.object = r.object >= 0 ? anchor_node(r.object) : var(r.answer == 'o' ? answer : other);
    ast::name p;
    p.text = n_.lex(view.predicate);
    p.id = view.predicate;
    tag_all(p);
    t.predicate.predicate = ast::node(p);
    tag_all(t.predicate);
    for (const auto& [key, a] : r.constraints) {
      ast::qualifier q;
      q.key = n_.lex(key);
      q.value = anchor_node(a);
      tag_all(q);
      t.qualifiers.push_back(std::move(q));
    }
    if (r.answer == 'k') {
      ast::qualifier q;
      q.key = n_.lex(r.answer_key);
      q.value = var(answer);
      tag_all(q);
      t.qualifiers.push_back(std::move(q));
    }
    tag_all(t);
    ast::pattern_query pq;
    pq.where.elements.emplace_back(std::move(t));
    if (r.cls) pq.where.elements.emplace_back(membership(answer, *ix_->type, *r.cls));
    if (r.role) {
      ast::triple role;
      role.subject = var(answer);
      role.object = anchor_node(r.role->second);
      ast::name rp;
      rp.text = n_.lex(r.role->first);
      rp.id = r.role->first;
      tag_all(rp);
      role.predicate.predicate = ast::node(rp);
      tag_all(role.predicate);
      tag_all(role);
      pq.where.elements.emplace_back(std::move(role));
    }
    tag_all(pq.where);
    if (r.answer) pq.head = head(r, answer);
    if (context && pq.head && pq.head->kind == ast::projection_kind::select) {
      ast::variable v;
      v.name = r.subject < 0 ? "subject" : other;
      tag_all(v);
      pq.head->variables.insert(pq.head->variables.begin(), v);
    }
    return pq;
  }

  void note(const std::vector<reading>& readings, std::vector<reading_note>* notes) const {
    for (std::size_t k = 0; k < readings.size() && notes->size() < 4; ++k) {
      if (readings[k].score < -50) break;
      notes->push_back({query::to_string(ast::query(pattern(readings[k]))), readings[k].score});
    }
  }

  ast::pattern_query card_query_of(const ast::name& entity) const {
    return card_query(ast::node(entity), question_, n_.entity_named("source").has_value());
  }

  static constexpr double tie = 0.01;

  [[noreturn]] void ambiguous(const reading& a, const reading& b) const {
    throw error::at(error_kind::semantic, q_.span_of(question_).begin,
                    "this question reads two ways here, with different answers",
                    "ask one of them as a pattern: " + query::to_string(ast::query(pattern(a))) + "  or  " +
                        query::to_string(ast::query(pattern(b))));
  }

  [[noreturn]] void no_reading(const std::vector<reading>& readings = {}) const {
    // The first word nothing in the store accounts for, if any.
    for (auto k : content()) {
      const auto& st = words_[k].stem;
      bool known = class_words_.count(k) > 0;
      for (const auto& v : ix_->views) known = known || v.stems.count(st);
      for (const auto& [id, key] : ix_->keys) known = known || key.stems.count(st);
      if (!known) {
        const auto& w = question_.words[words_[k].from];
        auto help = n_.suggest_entity(words_[k].text);
        throw error::at(error_kind::unknown_name, q_.span_of(w).begin,
                        "unknown word '" + words_[k].text + "'",
                        help.empty() ? "no name, predicate, qualifier or class of this store has this word "
                                       "(docs/lexicon.md)"
                                     : help);
      }
    }
    // The nearest reading not taken, and why.
    const reading* nearest = nullptr;
    auto value = [](const reading& r) { return r.rejected.empty() ? r.score : r.partial; };
    for (const auto& r : readings)
      if (!nearest || value(r) > value(*nearest)) nearest = &r;
    if (nearest) {
      const std::string why =
          nearest->rejected.empty() ? "too few of the question's words fit it" : nearest->rejected;
      throw error::at(error_kind::semantic, q_.span_of(question_).begin, "kg cannot read this question",
                      "the nearest reading, " + query::to_string(ast::query(pattern(*nearest))) +
                          ", was not taken: " + why + "; try a pattern (see docs/query-language.md)");
    }
    throw error::at(error_kind::semantic, q_.span_of(question_).begin, "kg cannot read this question",
                    "no fact about the names it gives fits its words; try a pattern "
                    "(see docs/query-language.md)");
  }

  names& n_;
  const query::parsed_query& q_;
  const ast::question& question_;
  std::shared_ptr<lexicon_index> ix_;
  std::vector<qword> words_;
  asks kind_ = asks::what;
  std::string wh_;
  std::vector<std::string> lead_;  // prepositions before the question word
  std::set<std::string> signals_;
  std::size_t first_ = 0;  // the first word after the question word
  std::vector<anchor> anchors_;
  std::set<std::size_t> named_, class_words_;
  std::optional<std::int64_t> cls_;
  std::optional<std::size_t> role_anchor_;  // a name in the focus's place (which vice premier)
  std::optional<std::size_t> focus_;
  bool class_focus_ = false;
  bool kind_of_ = false;  // what kind of X ...?
  std::vector<fact> facts_;
  mutable std::map<std::int64_t, bool> symmetric_;
  // For two names and a key asked for: the answers of each fact between them.
  mutable std::map<std::tuple<int, int, std::int64_t, std::vector<std::pair<std::int64_t, int>>>,
                   std::set<std::set<std::int64_t>>>
      between_;
  mutable std::map<std::set<int>, std::set<std::int64_t>>
      joining_;  // anchors used: the predicates joining them
};

}  // namespace

std::string stem(std::string_view word) {
  struct closer {
    void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
  };
  thread_local std::unique_ptr<sb_stemmer, closer> stemmer(sb_stemmer_new("english", "UTF_8"));
  std::string low = lower(word);
  if (!stemmer) return low;
  const sb_symbol* out = sb_stemmer_stem(stemmer.get(), reinterpret_cast<const sb_symbol*>(low.data()),
                                         static_cast<int>(low.size()));
  if (!out) return low;
  return std::string(reinterpret_cast<const char*>(out),
                     static_cast<std::size_t>(sb_stemmer_length(stemmer.get())));
}

std::vector<std::pair<std::string, std::string>> lexicon_report(store::names& n,
                                                                const std::string& predicate) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto id = n.entity_named(predicate);
  if (!id) return out;
  auto ix = n.db().derived<lexicon_index>();
  if (!ix->built) build(*ix, n);
  const bool is_predicate = n.is_predicate(*id);
  if (!is_predicate && !ix->keys.count(*id)) return out;
  auto& db = n.db();
  const auto& v = n.vocab();
  auto joined = [](const auto& texts) {
    std::string s;
    for (const auto& t : texts) s += (s.empty() ? "" : "; ") + std::string(t);
    return s.empty() ? std::string("none") : s;
  };
  const std::string name = n.lex(*id);
  out.emplace_back("name", name);
  if (is_predicate) {
    const auto verbs = texts_of(db, *id, v.verb_form), passives = texts_of(db, *id, v.passive_form);
    out.emplace_back("verb forms", joined(verbs));
    out.emplace_back("passive forms", joined(passives));
    std::vector<std::string> semantics, inverses;
    for (const auto& e : n.edges_of(*id)) {
      if (e.predicate == *id && e.swapped) semantics.push_back("symmetric");
      if (e.predicate != *id) inverses.push_back(n.lex(e.predicate));
    }
    if (n.is_transitive(*id)) semantics.push_back("transitive");
    if (ix->type == id) semantics.push_back("type (its objects are classes)");
    out.emplace_back("semantics", joined(semantics));
    out.emplace_back("inverse of", joined(inverses));
    std::set<std::string> stems;
    for (const auto& view : ix->views)
      if (view.predicate == *id) stems.insert(view.stems.begin(), view.stems.end());
    out.emplace_back("question words (stems)", joined(stems));
    if (verbs.empty())
      out.emplace_back("missing", "a verb form: questions meet " + name +
                                      " only by the words of its name (add: " + name + " verb_form TEXT)");
    if (passives.empty())
      out.emplace_back("missing", "a passive form: was Y ... by X? reads " + name +
                                      " only by its name's words (add: " + name + " passive_form TEXT)");
  }
  if (const auto key = ix->keys.find(*id); key != ix->keys.end()) {
    const bool own = !texts_of(db, *id, v.answers).empty();
    out.emplace_back(
        "as a qualifier, answers",
        joined(key->second.answers) + (own || key->second.answers.empty() ? "" : " (starter lexicon)"));
    if (key->second.answers.empty())
      out.emplace_back("missing", "the question words " + name + " answers (add: " + name + " answers TEXT)");
  }
  return out;
}

query::ast::pattern_query read_question(store::names& n, const query::parsed_query& q,
                                        const query::ast::question& question,
                                        std::vector<reading_note>* readings, std::string* caveat) {
  return reader(n, q, question).read(readings, caveat);
}

}  // namespace kg::engine
