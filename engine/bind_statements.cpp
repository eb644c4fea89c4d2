// Bind for the statements other than queries: add, remove, import and why
// become their plans (plan.hpp), with every name resolved and every error
// of the statement raised here, at its position. Nothing is written here.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "engine/bind.hpp"
#include "parser/statement.hpp"

namespace kg::engine {

using namespace store;
namespace ast = query::ast;
namespace x3 = boost::spirit::x3;

namespace {

const x3::position_tagged& tagged(const ast::node& n) {
  return boost::apply_visitor([](const auto& x) -> const x3::position_tagged& { return x; }, n);
}

std::size_t offset_of(const query::parsed_query& q, const ast::node& n) { return q.span_of(tagged(n)).begin; }

// The term a node of add, remove or why stands for. Names resolve as in
// queries (case-blind, aliases); with `create`, an unknown name is a new
// entity, and a quoted name that is no entity is text.
std::optional<term> fact_term(names& n, const query::parsed_query& q, const ast::node& node, bool create,
                              bool object) {
  const auto offset = offset_of(q, node);
  if (const auto* v = boost::get<ast::variable>(&node.get()))
    throw error::at(error_kind::semantic, offset, "?" + v->name + ": a fact here has no variables",
                    "name the subject, predicate and object");
  if (const auto* l = boost::get<ast::literal>(&node.get())) return l->value;
  const auto& name = boost::get<ast::name>(node.get());
  if (auto id = n.entity(name.text, offset)) return term{term_kind::entity, n.lex(*id), {}};
  if (name.quoted && object) {
    term text{term_kind::text, name.text, {}};
    if (!create && !n.term_id(text)) return std::nullopt;
    return text;
  }
  if (!create) return std::nullopt;
  // A new entity is the term the import formats read for that name, which
  // for the empty name, the one no entity has, is the namespace's IRI.
  return make_iri(entity_iri(name.text));
}

// A fact is one step: no ^, + or *.
void check_one_step(const query::parsed_query& q, const ast::triple& t, const char* verb) {
  if (t.predicate.inverse || t.predicate.repeat != ast::repetition::once)
    throw error::at(error_kind::semantic, q.span_of(t.predicate).begin,
                    std::string(verb) + " takes one fact: no ^, + or * here");
}

bool is_node(const term& t) {
  return t.kind == term_kind::entity || t.kind == term_kind::iri || t.kind == term_kind::blank;
}

// Whether the store has facts of its own, beyond the lexicon's: only then
// can a new predicate be a misspelt one.
bool has_own_facts(names& n) {
  const auto& v = n.vocab();
  auto st = n.db().cached(
      "SELECT 1 FROM predicate_stats WHERE facts > 0 AND p NOT IN (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) LIMIT "
      "1");
  int i = 1;
  for (auto id : {v.alias, v.verb_form, v.passive_form, v.plural, v.answers, v.semantics, v.inverse_of,
                  v.symmetric, v.transitive})
    st.bind(i++, id);
  return st.step();
}

// Strict add: a name the store does not hold yet is refused when it may be
// a typo of one it holds (any new predicate of a store with facts, a new
// entity or qualifier key close to an existing one); other new names are
// listed in the report. "add new" (or .strict off) takes them as they are.
class new_names {
 public:
  new_names(names& n, const query::parsed_query& q, bool strict) : n_(n), q_(q), strict_(strict) {}

  // A new entity, or text from a quoted name (which is no entity's name).
  void entity(const ast::node& node, const term& t) {
    const auto* name = boost::get<ast::name>(&node.get());
    if (!name || n_.term_id(t)) return;
    if (t.kind == term_kind::text) {
      if (auto near = n_.suggest_entity(name->text, false); strict_ && !near.empty())
        refuse_at(offset_of(q_, node), "'" + name->text + "' names no entity: as text, it may be a typo",
                  near);
      return;
    }
    if (strict_) {
      if (auto near = n_.suggest_entity(name->text, false); !near.empty())
        refuse(node, "entity", name->text, near);
    }
    found_.push_back(name->text + " (entity)");
  }

  void predicate(const ast::node& node, const term& t) {
    const auto* name = boost::get<ast::name>(&node.get());
    if (!name) return;
    const auto id = n_.term_id(t);
    if (id && n_.is_predicate(*id)) return;
    if (strict_ && has_own_facts(n_)) refuse(node, "predicate", name->text, n_.predicate_list(name->text));
    found_.push_back(name->text + " (predicate)");
  }

  void key(const ast::qualifier& qual, const term& k) {
    const auto id = n_.term_id(k);
    std::vector<std::string> keys;
    auto st = n_.db().cached("SELECT DISTINCT t.lex FROM qualifiers q JOIN terms t ON t.id = q.key");
    while (st.step()) keys.emplace_back(st.text(0));
    if (id && std::find(keys.begin(), keys.end(), k.lex) != keys.end()) return;
    if (strict_) {
      if (auto near = store::nearest(k.lex, keys); !near.empty()) {
        std::string help;
        for (const auto& x : near) help += (help.empty() ? "did you mean: " : ", ") + x;
        refuse_at(q_.span_of(qual).begin, "new qualifier key '" + k.lex + "'", help);
      }
    }
    found_.push_back(k.lex + " (qualifier key)");
  }

  const std::vector<std::string>& found() const { return found_; }

 private:
  void refuse(const ast::node& node, const std::string& what, const std::string& text,
              const std::string& near) {
    refuse_at(offset_of(q_, node), "new " + what + " '" + text + "'", near);
  }

  [[noreturn]] void refuse_at(std::size_t at, const std::string& message, const std::string& near) {
    const std::string meant = "to add it as it is, write add new ... (or .strict off in the shell)";
    throw error::at(error_kind::unknown_name, at, message, near.empty() ? meant : near + "\nhelp: " + meant);
  }

  names& n_;
  const query::parsed_query& q_;
  bool strict_;
  std::vector<std::string> found_;
};

}  // namespace

plan::add bind_add(names& n, const query::parsed_query& q, const ast::triple& t, bool strict) {
  check_one_step(q, t, "add");
  plan::add a;
  a.s = *fact_term(n, q, t.subject, true, false);
  a.p = *fact_term(n, q, t.predicate.predicate, true, false);
  a.o = *fact_term(n, q, t.object, true, true);
  new_names fresh(n, q, strict);
  fresh.predicate(t.predicate.predicate, a.p);
  fresh.entity(t.subject, a.s);
  fresh.entity(t.object, a.o);
  if (!is_node(a.s))
    throw error::at(error_kind::semantic, offset_of(q, t.subject), "a subject is an entity, not a value");
  if (a.p.kind != term_kind::entity && a.p.kind != term_kind::iri)
    throw error::at(error_kind::semantic, offset_of(q, t.predicate.predicate),
                    "a predicate is a name, not a value");
  std::set<std::string> keys;
  for (const auto& qual : t.qualifiers) {
    std::string lower_key = qual.key;
    for (auto& c : lower_key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower_key == "subject" || lower_key == "predicate" || lower_key == "object")
      throw error::at(error_kind::semantic, q.span_of(qual).begin,
                      "'" + qual.key + "' names a part of every fact, not a qualifier");
    if (!keys.insert(lower_key).second)
      throw error::at(error_kind::semantic, q.span_of(qual).begin,
                      "the qualifier '" + qual.key + "' is given twice");
    a.qualifiers.emplace_back(ast::key_term(qual.key), *fact_term(n, q, qual.value, true, true));
    fresh.key(qual, a.qualifiers.back().first);
    fresh.entity(qual.value, a.qualifiers.back().second);
  }
  a.new_names = fresh.found();
  auto too_long = [](const term& x) { return x.lex.size() > max_term_bytes; };
  if (too_long(a.s) || too_long(a.p) || too_long(a.o) ||
      std::any_of(a.qualifiers.begin(), a.qualifiers.end(),
                  [&](const auto& kv) { return too_long(kv.first) || too_long(kv.second); }))
    throw error::at(error_kind::limit, q.span_of(t).begin, "a term longer than 16 MiB",
                    "kg reads terms of at most 16 MiB");
  return a;
}

plan::remove bind_remove(names& n, const query::parsed_query& q, const ast::triple& t) {
  if (!t.qualifiers.empty())
    throw error::at(error_kind::semantic, q.span_of(t.qualifiers.front()).begin,
                    "remove takes a fact: all its statements go", "write remove S P O, without qualifiers");
  check_one_step(q, t, "remove");
  std::int64_t ids[3];
  const ast::node* nodes[3] = {&t.subject, &t.predicate.predicate, &t.object};
  plan::remove r;
  for (int i = 0; i < 3; ++i) {
    auto tm = fact_term(n, q, *nodes[i], false, i == 2);
    auto id = tm ? n.term_id(*tm) : std::nullopt;
    if (!id) return r;  // a term the store does not hold: no such fact
    ids[i] = *id;
  }
  for (const auto& e : n.edges_of(ids[1]))
    r.facts.push_back({e.swapped ? ids[2] : ids[0], e.predicate, e.swapped ? ids[0] : ids[2]});
  return r;
}

plan::import bind_import(const query::parsed_query& q, const ast::import_file& imp,
                         const std::string& base_dir) {
  std::filesystem::path path(imp.file.text);
  if (path.is_relative() && !base_dir.empty()) path = std::filesystem::path(base_dir) / path;
  return {path.string(), q.span_of(imp.file).begin};
}

plan::why bind_why(names& n, const query::parsed_query& q, const ast::triple& t) {
  if (t.predicate.repeat != ast::repetition::once)
    throw error::at(error_kind::semantic, q.span_of(t.predicate).begin,
                    "why shows single facts, and a path is not one",
                    "ask why about each step: why A part_of B");
  plan::why w;
  std::optional<std::int64_t>* ids[3] = {&w.s, &w.p, &w.o};
  std::string* vars[3] = {&w.s_var, &w.p_var, &w.o_var};
  const ast::node* nodes[3] = {&t.subject, &t.predicate.predicate, &t.object};
  for (int i = 0; i < 3; ++i) {
    if (const auto* v = boost::get<ast::variable>(&nodes[i]->get())) {
      *vars[i] = v->name;
      continue;
    }
    auto tm = fact_term(n, q, *nodes[i], false, i == 2);
    auto id = tm ? n.term_id(*tm) : std::nullopt;
    if (!id) {
      if (const auto* nm = boost::get<ast::name>(&nodes[i]->get())) {
        if (i == 1)
          throw error::at(error_kind::unknown_name, offset_of(q, *nodes[i]),
                          "unknown predicate '" + nm->text + "'", n.predicate_list(nm->text));
        throw error::at(error_kind::unknown_name, offset_of(q, *nodes[i]), "unknown name '" + nm->text + "'",
                        n.suggest_entity(nm->text));
      }
      id = -1;  // a value no fact has
    }
    *ids[i] = id;
  }
  if (t.predicate.inverse) {
    std::swap(w.s, w.o);
    std::swap(w.s_var, w.o_var);
  }
  w.edges = w.p ? n.edges_of(*w.p) : std::vector<edge>{{-1, false}};
  // Qualifiers in the question keep the statements that have them; a
  // value the store does not hold keeps none.
  for (const auto& qual : t.qualifiers) {
    std::optional<term> wanted;
    if (!boost::get<ast::variable>(&qual.value.get())) {
      wanted = fact_term(n, q, qual.value, false, true);
      if (!wanted) wanted = term{term_kind::text, "\x01no such value", {}};
    }
    w.qualifiers.emplace_back(ast::key_term(qual.key).lex, std::move(wanted));
  }
  w.pattern = query::to_string(ast::query(ast::why{{}, t})).substr(4);
  return w;
}

plan::search search_words(names& n, std::string_view text, const std::vector<std::string_view>& skipped) {
  // Each word quoted for FTS5, so that no text is read as FTS5 syntax; any
  // word may match.
  plan::search out;
  std::string word;
  auto flush = [&] {
    std::string lower = word;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!word.empty() && std::find(skipped.begin(), skipped.end(), lower) == skipped.end())
      out.match += (out.match.empty() ? "\"" : " OR \"") + word + "\"";
    word.clear();
  };
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (std::isalnum(b) || b >= 0x80)
      word += c;
    else
      flush();
  }
  flush();
  out.source_key = n.entity_named("source").value_or(-1);
  out.line_key = n.entity_named("line").value_or(-1);
  return out;
}

bool has_search_index(names& n) {
  return n.db().scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'term_search'") > 0;
}

plan::search bind_search(names& n, const query::parsed_query& q, const ast::search& s) {
  const auto at = q.span_of(s.text).begin;
  if (!has_search_index(n))
    throw error::at(error_kind::semantic, at, "this store has no search index: an older kg made it",
                    "open it once for writing (an import, add or remove, or the shell) to build the index");
  auto out = search_words(n, s.text.text, {});
  if (out.match.empty())
    throw error::at(error_kind::semantic, at, "search needs a word: letters or digits",
                    "search \"rare earth\"");
  if (s.limit) out.limit = *s.limit;
  return out;
}

}  // namespace kg::engine
