// Reading questions. The words after the question word become tokens,
// longest phrase first: an entity (by name or alias), a verb or passive
// form of a predicate, a class (by name or plural), or one of the few
// function words of English questions (did, is, by, ...). The sequence of
// token roles then selects one of the question shapes below.
#include "engine/question.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace kg::engine {

using store::names;
namespace {

namespace ast = query::ast;
namespace x3 = boost::spirit::x3;

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

constexpr std::array auxiliaries = {"did", "does", "do", "is", "are", "was", "were", "has", "have", "had"};
constexpr std::array articles = {"the", "a", "an"};

template <class A>
bool in(const A& words, const std::string& w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

struct token {
  token(std::size_t f, std::size_t l, std::string p) : first(f), last(l), phrase(std::move(p)) {}
  std::size_t first = 0, last = 0;  // word indexes
  std::string phrase;
  char function = 0;  // 'A' auxiliary, 'B' by, 'T' there, 'I' in or at; 0 for lexicon tokens
  std::optional<std::int64_t> entity;
  std::vector<std::int64_t> verbs, passives, classes;

  bool has(char role) const {
    switch (role) {
      case 'E':
        return entity.has_value();
      case 'V':
        return !verbs.empty();
      case 'P':
        return !passives.empty();
      case 'C':
        return !classes.empty();
      default:
        return function == role;
    }
  }
};

// Every fact about an entity (or value), either way round:
//   select ?subject ?predicate ?object where
//     { ?subject ?predicate ?object filter ?subject = X } or { ... filter ?object = X }
// Generated nodes carry the position of `at`, for errors.
ast::pattern_query card_query(const ast::operand& entity, const x3::position_tagged& at) {
  auto tagged_variable = [&](const std::string& name) {
    ast::variable v;
    v.name = name;
    v.id_first = at.id_first;
    v.id_last = at.id_last;
    return v;
  };
  auto branch = [&](const std::string& side) {
    ast::expression same;
    same.first = ast::operand(tagged_variable(side));
    same.rest.push_back(ast::operation{ast::operator_kind::equal, entity});
    ast::triple t;
    t.subject = tagged_variable("subject");
    t.predicate.predicate = tagged_variable("predicate");
    t.object = tagged_variable("object");
    t.id_first = t.predicate.id_first = at.id_first;
    t.id_last = t.predicate.id_last = at.id_last;
    ast::group g;
    g.elements.emplace_back(std::move(t));
    g.elements.emplace_back(ast::filter(same));
    g.id_first = at.id_first;
    g.id_last = at.id_last;
    return g;
  };
  ast::union_group u;
  u.branches = {branch("subject"), branch("object")};
  u.id_first = at.id_first;
  u.id_last = at.id_last;
  ast::pattern_query pq;
  ast::projection head;
  head.kind = ast::projection_kind::select;
  for (const char* v : {"subject", "predicate", "object"}) head.variables.push_back(tagged_variable(v));
  pq.head = head;
  pq.where.elements.emplace_back(std::move(u));
  pq.where.id_first = at.id_first;
  pq.where.id_last = at.id_last;
  return pq;
}

class reader {
 public:
  reader(names& n, const query::parsed_query& q, const ast::question& question)
      : n_(n), q_(q), question_(question), words_(question.words) {}

  ast::pattern_query translate() {
    tokenize();
    // "in E" at the end (in Beijing): where the fact happened, a qualifier.
    std::vector<token> places;
    while (tokens_.size() >= 3 && tokens_[tokens_.size() - 2].function == 'I' && tokens_.back().has('E')) {
      places.insert(places.begin(), tokens_.back());
      tokens_.erase(tokens_.end() - 2, tokens_.end());
    }
    auto pq = read();
    if (!places.empty()) restrict_places(pq, places);
    return pq;
  }

 private:
  // Adds to the question's fact the qualifier answering "where", equal to
  // each place named.
  void restrict_places(ast::pattern_query& pq, const std::vector<token>& places) {
    const auto key = answering("where");
    ast::triple* fact = nullptr;
    for (auto& e : pq.where.elements)
      if ((fact = boost::get<ast::triple>(&e))) break;
    if (!fact) fail(at(places.front()), "kg cannot read where this question happens");
    for (const auto& place : places) {
      ast::qualifier q;
      q.key = n_.lex(key);
      q.value = entity(place);
      q.id_first = words_[place.first].id_first;
      q.id_last = words_[place.last].id_last;
      fact->qualifiers.push_back(std::move(q));
    }
  }

  ast::pattern_query read() {
    using qw = ast::question_word;
    const auto word = question_.asks;
    // The question word names the variable it asks for: ?who, ?when.
    const std::string asks(query::name_of(word));
    if (word == qw::who || word == qw::what) {
      if (match("AE") && is_copula(tokens_[0])) return card(tokens_[1]);
      if (match("VE")) return select_one(asks, triple(var(asks), verb(tokens_[0]), entity(tokens_[1])));
      if (match("AEV") && !is_copula(tokens_[0]))
        return select_one(asks, triple(entity(tokens_[1]), verb(tokens_[2]), var(asks)));
      // A predicate named as a noun or an adjective: who is the CEO of X?
      // what is X part of? what is X designed for?
      if (match("AVE") && is_copula(tokens_[0]))
        return select_one(asks, triple(var(asks), verb(tokens_[1]), entity(tokens_[2])));
      if (match("AEV") && is_copula(tokens_[0]))
        return select_one(asks, triple(entity(tokens_[1]), verb(tokens_[2]), var(asks)));
      if (match("APBE")) return select_one(asks, triple(entity(tokens_[3]), passive(tokens_[1]), var(asks)));
      if (match("AP")) return select_one(asks, triple(var("subject"), passive(tokens_[1]), var(asks)));
    }
    if (word == qw::which || word == qw::what || word == qw::how_many) {
      if (auto q = class_question(word == qw::how_many)) return *q;
    }
    if (word == qw::none) {
      if (auto q = yes_no()) return *q;
    }
    if (word == qw::when || word == qw::where) {
      const auto key = answering(asks);
      // was/were/is/are ask in the passive: when was H20 announced?
      if (!tokens_.empty() && is_copula(tokens_[0])) {
        if (match("AEPBE"))
          return select_qualifier(asks, {},
                                  triple(entity(tokens_[4]), passive(tokens_[2]), entity(tokens_[1])), key);
        if (match("AEP"))
          return select_qualifier(asks, "subject",
                                  triple(var("subject"), passive(tokens_[2]), entity(tokens_[1])), key);
      }
      if (match("AEVE"))
        return select_qualifier(asks, {}, triple(entity(tokens_[1]), verb(tokens_[2]), entity(tokens_[3])),
                                key);
      if (match("AEV"))
        return select_qualifier(asks, "what", triple(entity(tokens_[1]), verb(tokens_[2]), var("what")), key);
      if (match("AEPBE"))
        return select_qualifier(asks, {}, triple(entity(tokens_[4]), passive(tokens_[2]), entity(tokens_[1])),
                                key);
      if (match("AEP"))
        return select_qualifier(asks, "subject",
                                triple(var("subject"), passive(tokens_[2]), entity(tokens_[1])), key);
    }
    fail(question_, "kg cannot read this question",
         "questions kg reads: who met X? who did X meet? what is X? which Cs were announced? "
         "when did X meet Y? how many Cs did X announce? did X meet Y? is X a C? "
         "(see docs/query-language.md)");
  }

  [[noreturn]] void fail(const x3::position_tagged& at, std::string message, std::string help = {},
                         error_kind kind = error_kind::semantic) const {
    throw error::at(kind, q_.span_of(at).begin, std::move(message), std::move(help));
  }

  void tokenize() {
    std::size_t i = 0;
    while (i < words_.size()) {
      const auto& w = words_[i];
      if (w.quoted) {
        token t{i, i, w.text};
        t.entity = n_.entity(w.text, q_.span_of(w).begin);
        if (!t.entity)
          fail(w, "unknown name '" + w.text + "'", n_.suggest_entity(w.text), error_kind::unknown_name);
        tokens_.push_back(std::move(t));
        ++i;
        continue;
      }
      bool found = false;
      for (std::size_t len = std::min<std::size_t>(6, words_.size() - i); len >= 1 && !found; --len) {
        std::string phrase;
        bool plain = true;
        for (std::size_t k = i; k < i + len; ++k) {
          phrase += (k > i ? " " : "") + words_[k].text;
          plain = plain && !words_[k].quoted;
        }
        if (!plain) continue;
        const std::string lw = lower(phrase);
        token t{i, i + len - 1, phrase};
        if (len == 1 && (in(auxiliaries, lw) || lw == "by" || lw == "there")) {
          t.function = lw == "by" ? 'B' : lw == "there" ? 'T' : 'A';
        } else if (len == 1 && (lw == "in" || lw == "at")) {
          t.function = 'I';
        } else if (len == 1 && in(articles, lw)) {
          found = true;  // skipped
          i += 1;
          break;
        } else {
          t.entity = n_.entity(phrase, q_.span_of(words_[i]).begin);
          t.verbs = n_.predicates_with_form(phrase, false);
          t.passives = n_.predicates_with_form(phrase, true);
          t.classes = n_.classes_named(phrase);
          // A predicate's name in words (CEO of, part of) reads as a verb,
          // unless the phrase ends in a function word (announced by: the
          // passive and its agent).
          const std::string last = lower(words_[i + len - 1].text);
          if (len > 1 && t.verbs.empty() && !in(auxiliaries, last) && last != "by" && last != "there")
            t.verbs = n_.predicates_spelled(phrase);
          // A word the lexicon lacks may be an inflection of a verb it has.
          if (len == 1 && !t.entity && t.verbs.empty() && t.passives.empty() && t.classes.empty())
            t.verbs = n_.predicates_by_stem(phrase);
          // A predicate's name read where a verb fits is the verb, not the entity.
          if (t.entity && (!t.verbs.empty() || !t.passives.empty()) && n_.is_predicate(*t.entity))
            t.entity.reset();
          if (!t.entity && t.verbs.empty() && t.passives.empty() && t.classes.empty()) continue;
        }
        tokens_.push_back(std::move(t));
        i += len;
        found = true;
      }
      if (!found) {
        auto help = n_.suggest_entity(w.text);
        fail(w, "unknown word '" + w.text + "'",
             help.empty()
                 ? "a question uses names, and verbs, passives and classes of the lexicon (docs/lexicon.md)"
                 : help,
             error_kind::unknown_name);
      }
    }
  }

  // Whether the tokens have the roles of `shape`, one letter per token.
  bool match(const std::string& shape) const {
    if (shape.size() != tokens_.size()) return false;
    for (std::size_t k = 0; k < shape.size(); ++k)
      if (!tokens_[k].has(shape[k])) return false;
    return true;
  }

  static bool is_copula(const token& t) {
    return in(std::array{"is", "are", "was", "were"}, lower(t.phrase));
  }

  const x3::position_tagged& at(const token& t) const { return words_[t.first]; }

  template <class Node>
  Node tag(Node n, const x3::position_tagged& from) const {
    n.id_first = from.id_first;
    n.id_last = from.id_last;
    return n;
  }

  ast::node var(const std::string& name) const {
    ast::variable v;
    v.name = name;
    return ast::node(tag(v, question_));
  }

  ast::node entity(const token& t) const {
    ast::name nm;
    nm.text = n_.lex(*t.entity);
    nm.id = t.entity;
    nm.id_first = words_[t.first].id_first;
    nm.id_last = words_[t.last].id_last;
    return ast::node(nm);
  }

  ast::name name_of(std::int64_t id, const token& t) const {
    ast::name nm;
    nm.text = n_.lex(id);
    nm.id = id;
    nm.id_first = words_[t.first].id_first;
    nm.id_last = words_[t.last].id_last;
    return nm;
  }

  std::int64_t only(const std::vector<std::int64_t>& ids, const token& t, const char* what) const {
    if (ids.size() > 1) {
      std::string list;
      for (auto id : ids) list += (list.empty() ? "" : ", ") + n_.lex(id);
      fail(at(t), "'" + t.phrase + "' is the " + what + " of several predicates",
           "it could be: " + list + "; write the query as a pattern");
    }
    return ids.front();
  }

  ast::path verb(const token& t) const { return path_of(only(t.verbs, t, "verb"), t); }
  ast::path passive(const token& t) const { return path_of(only(t.passives, t, "passive"), t); }

  ast::path path_of(std::int64_t predicate, const token& t) const {
    ast::path p;
    p.predicate = name_of(predicate, t);
    p.id_first = words_[t.first].id_first;
    p.id_last = words_[t.last].id_last;
    return p;
  }

  ast::triple triple(ast::node s, ast::path p, ast::node o) const {
    ast::triple t;
    t.subject = std::move(s);
    t.predicate = std::move(p);
    t.object = std::move(o);
    t.id_first = words_.front().id_first;
    t.id_last = words_.back().id_last;
    return t;
  }

  static ast::variable variable(const std::string& name) {
    ast::variable v;
    v.name = name;
    return v;
  }

  ast::pattern_query query(ast::projection_kind kind, bool distinct, std::vector<std::string> vars,
                           std::vector<ast::element> elements) const {
    ast::pattern_query pq;
    ast::projection head;
    head.kind = kind;
    head.distinct = distinct;
    for (const auto& v : vars) head.variables.push_back(tag(variable(v), question_));
    pq.head = head;
    pq.where.elements = std::move(elements);
    pq.where.id_first = words_.front().id_first;
    pq.where.id_last = words_.back().id_last;
    return pq;
  }

  ast::pattern_query select_one(const std::string& v, ast::triple t) const {
    std::vector<ast::element> elements;
    elements.emplace_back(std::move(t));
    return query(ast::projection_kind::select, true, {v}, std::move(elements));
  }

  std::int64_t answering(const std::string& asks) {
    auto keys = n_.keys_answering(asks);
    if (keys.empty())
      fail(question_, "no qualifier answers '" + asks + "' in this store",
           "say which one does with a fact such as: date answers \"when\"");
    return keys.front();
  }

  ast::pattern_query select_qualifier(const std::string& asks, const std::string& other, ast::triple t,
                                      std::int64_t key) const {
    ast::qualifier q;
    q.key = n_.lex(key);
    q.value = var(asks);
    q.id_first = question_.id_first;
    q.id_last = question_.id_last;
    t.qualifiers.push_back(q);
    std::vector<std::string> vars;
    if (!other.empty()) vars.push_back(other);
    vars.push_back(asks);
    std::vector<ast::element> elements;
    elements.emplace_back(std::move(t));
    return query(ast::projection_kind::select, true, vars, std::move(elements));
  }

  // which C ...? / how many C ...?
  std::optional<ast::pattern_query> class_question(bool counting) {
    if (tokens_.empty() || !tokens_[0].has('C')) return std::nullopt;
    const auto& ct = tokens_[0];
    const auto type = n_.type_predicate();
    if (!type)
      fail(at(ct), "this store names no class predicate",
           "say which with a fact such as: is_a semantics type");
    const auto cls = only(ct.classes, ct, "name");
    std::string v;
    for (char c : lower(n_.lex(cls))) v += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    if (v.empty() || std::isdigit(static_cast<unsigned char>(v[0]))) v = "x";
    const ast::triple member = triple(var(v), path_of(*type, ct), ast::node(name_of(cls, ct)));
    std::optional<ast::triple> fact;
    if (match("CAPBE"))
      fact = triple(entity(tokens_[4]), passive(tokens_[2]), var(v));
    else if (match("CAP"))
      fact = triple(var("subject"), passive(tokens_[2]), var(v));
    else if (match("CVE"))
      fact = triple(var(v), verb(tokens_[1]), entity(tokens_[2]));
    else if (match("CAEV"))
      fact = triple(entity(tokens_[2]), verb(tokens_[3]), var(v));
    else if (!(match("CAT") || match("C")))
      return std::nullopt;
    std::vector<ast::element> elements;
    if (fact) elements.emplace_back(*fact);
    elements.emplace_back(member);
    return query(counting ? ast::projection_kind::count : ast::projection_kind::select, true, {v},
                 std::move(elements));
  }

  // did X V Y? / was Y P by X? / is X a C?: whether the fact holds (a
  // pattern without variables answers true or false).
  std::optional<ast::pattern_query> yes_no() {
    if (tokens_.empty() || tokens_[0].function != 'A') return std::nullopt;
    std::optional<ast::triple> fact;
    if (match("AEVE") && !is_copula(tokens_[0]))
      fact = triple(entity(tokens_[1]), verb(tokens_[2]), entity(tokens_[3]));
    else if (match("AEPBE") && is_copula(tokens_[0]))
      fact = triple(entity(tokens_[4]), passive(tokens_[2]), entity(tokens_[1]));
    else if (match("AEC") && is_copula(tokens_[0])) {
      const auto type = n_.type_predicate();
      if (!type) return std::nullopt;
      fact = triple(entity(tokens_[1]), path_of(*type, tokens_[2]),
                    ast::node(name_of(only(tokens_[2].classes, tokens_[2], "name"), tokens_[2])));
    }
    if (!fact) return std::nullopt;
    ast::pattern_query pq;
    pq.where.elements.emplace_back(std::move(*fact));
    pq.where.id_first = words_.front().id_first;
    pq.where.id_last = words_.back().id_last;
    return pq;
  }

  // who is X? / what is X?: every fact about X, either way round.
  ast::pattern_query card(const token& t) const {
    return card_query(ast::operand(boost::get<ast::name>(entity(t))), question_);
  }

  names& n_;
  const query::parsed_query& q_;
  const ast::question& question_;
  const std::vector<ast::word>& words_;
  std::vector<token> tokens_;
};

}  // namespace

ast::pattern_query translate_question(names& n, const query::parsed_query& q, const ast::question& question) {
  return reader(n, q, question).translate();
}

ast::pattern_query describe_query(const query::parsed_query& q, const ast::describe& d) {
  const auto& at =
      boost::apply_visitor([](const auto& x) -> const x3::position_tagged& { return x; }, d.entity);
  if (const auto* n = boost::get<ast::name>(&d.entity.get())) return card_query(ast::operand(*n), at);
  if (const auto* l = boost::get<ast::literal>(&d.entity.get())) return card_query(ast::operand(*l), at);
  throw error::at(error_kind::semantic, q.span_of(at).begin,
                  std::string(query::name_of(d.verb)) + " needs a name or a value, not a variable");
}

}  // namespace kg::engine
