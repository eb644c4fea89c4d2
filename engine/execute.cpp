// Execute: the stages of a query, run in turn (plan.hpp) - bind, order,
// emit - and then the statement: prepared, its parameters bound, stepped
// under a watchdog (timeout and interrupt), and its rows decoded into
// terms. Updates and why go to update.cpp.
#include "engine/execute.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <variant>

#include "engine/bind.hpp"
#include "engine/emit.hpp"
#include "engine/explain.hpp"
#include "engine/order.hpp"
#include "engine/question.hpp"
#include "engine/run.hpp"
#include "engine/solutions.hpp"
#include "engine/update.hpp"
#include "parser/diagnostic.hpp"
#include "parser/statement.hpp"
#include "store/import.hpp"
#include "store/names.hpp"
#include "store/reach.hpp"

namespace kg::engine {
namespace {

using namespace store;

namespace ast = query::ast;
namespace x3 = boost::spirit::x3;

term load_term_at(prepared& st, int col) {
  return term{static_cast<term_kind>(st.int64(col)), std::string(st.text(col + 1)),
              std::string(st.text(col + 2))};
}

}  // namespace

void bind_parameters(prepared& st, const std::vector<param_value>& params) {
  // A value's unused forms (its id, or its text) may leave trailing
  // parameters out of the statement: those are not bound.
  const auto used = static_cast<std::size_t>(sqlite3_bind_parameter_count(st.handle()));
  for (std::size_t i = 0; i < params.size() && i < used; ++i)
    std::visit([&](const auto& v) { st.bind(static_cast<int>(i + 1), v); }, params[i]);
}

term term_by_id(database& db, std::int64_t id) {
  auto st = db.cached("SELECT kind, lex, dt FROM terms WHERE id = ?");
  st.bind(1, id);
  st.step();
  return load_term(st);
}

bool is_update(const query::parsed_query& q) {
  return boost::get<query::ast::update>(&q.tree.get()) || boost::get<query::ast::import_file>(&q.tree.get());
}

namespace {

// Stops a statement from SQLite's progress handler on a deadline or an
// interrupt request.
struct watchdog {
  std::chrono::steady_clock::time_point deadline;
  bool has_deadline = false;
  const std::atomic<bool>* interrupt = nullptr;
  bool timed_out = false;

  static int check(void* self) {
    auto* w = static_cast<watchdog*>(self);
    if (w->interrupt && w->interrupt->load()) return 1;
    if (w->has_deadline && std::chrono::steady_clock::now() > w->deadline) {
      w->timed_out = true;
      return 1;
    }
    return 0;
  }
};

// The plan SQLite chose, as indented lines.
std::vector<std::string> query_plan(database& db, const std::string& sql,
                                    const std::vector<param_value>& params) {
  auto st = db.prepare("EXPLAIN QUERY PLAN " + sql);
  bind_parameters(st, params);
  std::map<std::int64_t, int> depth;
  std::vector<std::string> lines;
  while (st.step()) {
    const int d = depth.count(st.int64(1)) ? depth[st.int64(1)] + 1 : 0;
    depth[st.int64(0)] = d;
    lines.push_back(std::string(static_cast<std::size_t>(d) * 2, ' ') + std::string(st.text(3)));
  }
  return lines;
}

// How deeply the statement's parentheses nest.
std::size_t nesting(const std::string& sql) {
  std::size_t depth = 0, deepest = 0;
  for (char c : sql) {
    if (c == '(') deepest = std::max(deepest, ++depth);
    if (c == ')' && depth) --depth;
  }
  return deepest;
}

// Prepares the statement. SQLite refuses one past its limits with
// SQLITE_TOOBIG, or SQLITE_ERROR where the statement exceeds a limit it
// declares (parameters, nesting): said in the query's terms, at `at`.
prepared prepare(database& db, const emitted& e, std::size_t at) {
  try {
    return db.cached(e.sql);
  } catch (const sqlite_error& err) {
    const auto variables =
        static_cast<std::size_t>(sqlite3_limit(db.handle(), SQLITE_LIMIT_VARIABLE_NUMBER, -1));
    const auto depth = static_cast<std::size_t>(sqlite3_limit(db.handle(), SQLITE_LIMIT_EXPR_DEPTH, -1));
    // SQLite's parser stack holds a hundred entries; a nested subquery
    // (a not group, an or group) takes about ten of them.
    constexpr std::size_t parser_levels = 8;
    const char* limit = nullptr;
    if (err.code() == SQLITE_TOOBIG)
      limit = "the statement is too long";
    else if (err.code() == SQLITE_ERROR && e.params.size() > variables)
      limit = "too many names and values";
    else if (err.code() == SQLITE_ERROR && (nesting(e.sql) > parser_levels || nesting(e.sql) > depth))
      limit = "groups or conditions nested too deeply";
    if (!limit)  // not a limit: a fault of kg's, shown as SQLite words it
      throw error::at(error_kind::semantic, at,
                      "kg could not compile this query: " + std::string(err.what()));
    throw error::at(error_kind::limit, at, std::string("the query is too large for SQLite to run: ") + limit,
                    "fewer nested groups, patterns or terms in a condition; or split the query");
  }
}

// Steps the statement, decoding each row into the answer; the ids of the
// facts behind the rows go to fact_ids.
void decode_rows(prepared& st, const emitted& e, table& a, std::set<std::array<std::int64_t, 3>>& fact_ids,
                 row_sink* sink) {
  const std::size_t decoded = e.columns.size() - (e.count ? 1 : 0) - (e.sources ? 1 : 0);
  if (sink) {
    a.streamed = true;
    sink->begin(a);
  }
  while (st.step()) {
    std::vector<std::optional<term>> row;
    int col = 0;
    for (std::size_t i = 0; i < decoded; ++i, col += 3) {
      if (st.is_null(col))
        row.emplace_back();
      else
        row.push_back(load_term_at(st, col));
    }
    if (e.count) row.push_back(term{term_kind::integer, std::to_string(st.int64(col++)), {}});
    if (e.sources) {
      if (st.is_null(col))
        row.emplace_back();
      else
        row.push_back(term{term_kind::text, std::string(st.text(col)), {}});
      ++col;
    }
    for (std::size_t k = 0; k < e.facts; ++k, col += 3)
      if (!st.is_null(col) && !st.is_null(col + 2))
        fact_ids.insert({st.int64(col), st.int64(col + 1), st.int64(col + 2)});
    ++a.row_count;
    if (!sink)
      a.rows.push_back(std::move(row));
    else if (!sink->row(a, std::move(row)))
      break;
  }
}

// The first pattern of the query's top group, in the order of the text,
// that matches no fact on its own (its filters' pins aside).
const plan::pattern* unmatched(database& db, const plan::select& s) {
  std::vector<const plan::pattern*> by_text;
  for (const auto& e : s.where.elements)
    if (const auto* p = std::get_if<plan::pattern>(&e)) by_text.push_back(p);
  std::sort(by_text.begin(), by_text.end(),
            [](const plan::pattern* a, const plan::pattern* b) { return a->begin < b->begin; });
  for (const auto* p : by_text) {
    plan::pattern alone = *p;
    for (plan::slot* sl : {&alone.s, &alone.p, &alone.o})
      if (!sl->variable.empty()) sl->constant.reset();  // pinned by a filter, which is not the pattern's own
    choose_access(alone, {});
    const auto e = emit_exists(alone, sqlite_dialect());
    auto st = db.cached(e.sql);
    bind_parameters(st, e.params);
    if (!(st.step() && st.int64(0) != 0)) return p;
  }
  return nullptr;
}

// The pattern query a statement asks: written, or read from a question or
// a describe statement, whose pattern form the answer shows.
struct asked {
  const query::ast::pattern_query* query = nullptr;
  query::ast::pattern_query translated;
  std::string pattern_form;  // of a question or describe
  std::vector<reading_note> readings;  // a question's, when explained
  std::string caveat;                  // what its reader guessed
  bool graph = false;        // graph X
  bool describe = false;
};

void find_pattern_query(names& n, const query::parsed_query& q, const run_options& opts, asked& out) {
  out.query = boost::get<query::ast::pattern_query>(&q.tree.get());
  if (const auto* question = boost::get<query::ast::question>(&q.tree.get())) {
    out.translated = translate_question(n, q, *question, q.explain ? &out.readings : nullptr, &out.caveat);
  } else if (const auto* d = boost::get<query::ast::describe>(&q.tree.get())) {
    out.translated = describe_query(n, q, *d);
    out.describe = true;
    out.graph = d->verb == query::ast::describe_verb::graph;
  }
  if (!out.query) {
    out.query = &out.translated;
    out.pattern_form = query::to_string(query::ast::query(out.translated));
  }
  // "with sources" after a question or describe.
  const auto* question = boost::get<query::ast::question>(&q.tree.get());
  const auto* described = boost::get<query::ast::describe>(&q.tree.get());
  if ((question && question->with_sources) || (described && described->with_sources)) {
    if ((out.translated.head && out.translated.head->kind == query::ast::projection_kind::count) ||
        !out.translated.group_by.empty())
      throw error::at(
          error_kind::semantic, question ? q.span_of(*question).begin : q.span_of(*described).begin,
          "'with sources' needs answer rows: the question reads as '" + out.pattern_form + "', a count",
          "ask for the things themselves (which ..., who ...) to see their sources");
    out.translated.with_sources = true;
  }
  const auto& pq = *out.query;
  if (opts.with_sources && !pq.with_sources &&
      !(pq.head && pq.head->kind == query::ast::projection_kind::count) && pq.group_by.empty()) {
    if (out.query != &out.translated) out.translated = pq;
    out.translated.with_sources = true;
    out.query = &out.translated;
  }
}

// The facts behind the answer, as terms.
void gather_facts(database& db, const std::set<std::array<std::int64_t, 3>>& fact_ids, bool describe,
                  table& a) {
  if (describe) {
    // Every row of a description is a fact.
    for (const auto& r : a.rows)
      if (r[0] && r[1] && r[2]) a.facts.push_back({*r[0], *r[1], *r[2]});
    return;
  }
  for (const auto& [s, p, o] : fact_ids)
    a.facts.push_back({term_by_id(db, s), term_by_id(db, p), term_by_id(db, o)});
}

// A pattern query (or a question, or describe): bind, order, emit, and run
// or explain.
answer run_select(database& db, names& n, const query::parsed_query& q, std::string_view text,
                  const run_options& opts) {
  asked from;
  find_pattern_query(n, q, opts, from);
  const auto& pq = *from.query;
  auto plan = bind_select(n, q, pq, opts.collect_facts);
  statistics stats(db);
  order(plan, stats);
  const auto e = emit(plan, sqlite_dialect());
  if (q.explain) {
    explain_report x{from.pattern_form, {}, explain(plan), e.sql, query_plan(db, e.sql, e.params)};
    for (const auto& r : from.readings) {
      char score[32];
      std::snprintf(score, sizeof score, "%6.2f  ", r.score);
      x.readings.push_back(score + r.pattern);
    }
    return x;
  }
  table a;
  a.columns = e.columns;
  a.sql = e.sql;
  a.sources = e.sources;
  a.pattern_form = from.pattern_form;
  a.graph = from.graph;
  a.caveat = from.caveat;
  auto st = prepare(db, e, q.span_of(pq).begin);
  bind_parameters(st, e.params);
  std::set<std::array<std::int64_t, 3>> fact_ids;
  // Rows that need no second look (a count is checked below, a yes/no
  // answer becomes one row, facts are gathered from them) stream.
  const bool stream = opts.sink && !e.ask && !e.count && !from.describe && !from.graph && e.facts == 0;
  decode_rows(st, e, a, fact_ids, stream ? opts.sink : nullptr);
  if (e.ask) {
    // No variables: the answer is whether the patterns match.
    // With sources, the one row also says where the matching facts come
    // from: the sources of every match, each once.
    const bool matched = a.row_count > 0;
    std::optional<term> sources;
    if (e.sources) {
      std::vector<std::string> seen;
      for (const auto& r : a.rows) {
        if (!r.back()) continue;
        for (std::size_t at = 0; at <= r.back()->lex.size();) {
          auto next = r.back()->lex.find("; ", at);
          if (next == std::string::npos) next = r.back()->lex.size();
          auto part = r.back()->lex.substr(at, next - at);
          if (!part.empty() && std::find(seen.begin(), seen.end(), part) == seen.end())
            seen.push_back(std::move(part));
          at = next + 2;
        }
      }
      std::string joined;
      for (const auto& part : seen) joined += (joined.empty() ? "" : "; ") + part;
      if (!joined.empty()) sources = term{term_kind::text, joined, {}};
    }
    a.columns = {"answer"};
    a.ask = true;
    a.rows.assign(1, {term{term_kind::typed, matched ? "true" : "false", std::string(xsd::ns) + "boolean"}});
    a.row_count = 1;
    if (e.sources) {
      a.columns.push_back("sources");
      a.rows[0].push_back(sources);
    }
    if (matched) return a;
  }
  gather_facts(db, fact_ids, from.describe, a);
  // A question counted to zero through a pattern no fact matches at all
  // was read as something the store never says: that is no answer, not 0
  // (a written count query answers 0, as SPARQL does).
  const bool question_counted_nothing = e.count && !from.pattern_form.empty() && !from.describe &&
                                        a.rows.size() == 1 && a.rows[0].back() &&
                                        a.rows[0].back()->lex == "0";
  if (((a.row_count == 0 || e.ask) && !e.count) || question_counted_nothing)
    if (const auto* p = unmatched(db, plan)) {
      if (question_counted_nothing) {
        query::ast::pattern_query alone;
        alone.where.elements.emplace_back(*p->node);
        throw error::at(error_kind::semantic, q.span_of(boost::get<query::ast::question>(q.tree.get())).begin,
                        "no fact says that: the question reads as '" + from.pattern_form +
                            "', and its pattern '" + query::to_string(query::ast::query(alone)) +
                            "' matches nothing",
                        "ask it as a pattern, or see what is known with describe");
      }
      if (a.pattern_form.empty()) {
        a.unmatched_pattern = std::string(text.substr(p->begin, p->end - p->begin));
      } else {
        // A question's patterns were never written: show them as kg reads them.
        query::ast::pattern_query alone;
        alone.where.elements.emplace_back(*p->node);
        a.unmatched_pattern = query::to_string(query::ast::query(alone));
      }
    }
  return a;
}

table run_search(database& db, const plan::search& s, std::size_t at) {
  const auto e = emit_search(s, sqlite_dialect());
  table a;
  a.columns = e.columns;
  a.sql = e.sql;
  a.sources = e.sources;
  auto st = prepare(db, e, at);
  bind_parameters(st, e.params);
  std::set<std::array<std::int64_t, 3>> unused;
  decode_rows(st, e, a, unused, nullptr);
  return a;
}

// The facts matching the words of a question kg could not read (`why`),
// best first, marked as no answer; no rows when none match.
table keyword_match(database& db, names& n, const query::ast::question& question, const error& why,
                    std::string_view statement) {
  // Question words, auxiliaries, articles and prepositions match nearly
  // every fact; the words left say what the question is about.
  static const std::vector<std::string_view> skipped = {
      "who",  "whom",  "what", "which", "when", "where", "how", "why",  "many",  "much", "did",
      "does", "do",    "is",   "are",   "was",  "were",  "has", "have", "had",   "will", "would",
      "can",  "could", "the",  "a",     "an",   "of",    "in",  "on",   "at",    "to",   "for",
      "with", "by",    "from", "and",   "or",   "his",   "her", "its",  "their", "s",    "about"};
  if (!has_search_index(n)) return {};
  std::string text;
  for (const auto& w : question.words) text += w.text + " ";
  auto s = search_words(n, text, skipped);
  if (s.match.empty()) return {};
  s.limit = 10;
  auto found = run_search(db, s, 0);
  // The reader's own "cannot read" says no more than the note.
  const bool plain = why.message.starts_with("kg cannot read");
  std::string reason = plain ? std::string() : ": " + why.message;
  if (!plain && why.offset) {
    // Where, as line:column of the statement's text (of the script, in kg run).
    const auto d = diagnose_at("", statement, *why.offset, "");
    reason += " (at " + std::to_string(d.line) + ":" + std::to_string(d.column) + ")";
  }
  if (plain && why.help.starts_with("the nearest reading"))
    reason = " (" + why.help.substr(0, why.help.find("; try a pattern")) + ")";
  found.note = "kg could not read this question" + reason +
               "; these facts match its words, best first, and are no answer";
  return found;
}

// Runs a statement, with SQLite failures and positioned errors thrown.
answer run(triple_store& store, const query::parsed_query& q, std::string_view text,
           const run_options& opts) {
  auto& db = store.db();
  if (q.explain && !boost::get<query::ast::pattern_query>(&q.tree.get()) &&
      !boost::get<query::ast::question>(&q.tree.get()))
    throw error::at(
        error_kind::semantic,
        q.span_of(boost::apply_visitor([](const auto& x) -> const x3::position_tagged& { return x; }, q.tree))
            .begin,
        "explain shows how a query or a question runs",
        "add, remove, import, why, describe and search run as they are written");
  if (const auto* u = boost::get<query::ast::update>(&q.tree.get())) {
    names n(db);
    if (u->action == query::ast::update_action::add)
      return apply(store, bind_add(n, q, u->fact, opts.strict_add && !u->confirmed));
    if (u->confirmed)
      throw error::at(error_kind::semantic, q.span_of(u->fact).begin,
                      "remove takes an existing fact, not a new one", "write remove S P O");
    return apply(store, bind_remove(n, q, u->fact));
  }
  if (const auto* imp = boost::get<query::ast::import_file>(&q.tree.get()))
    return apply(store, bind_import(q, *imp, opts.base_dir));
  transaction snapshot(db, transaction::mode::read);
  names n(db);
  if (const auto* w = boost::get<query::ast::why>(&q.tree.get())) return run_why(db, bind_why(n, q, w->fact));
  if (const auto* s = boost::get<query::ast::search>(&q.tree.get()))
    return run_search(db, bind_search(n, q, *s), q.span_of(*s).begin);
  const auto* question = boost::get<query::ast::question>(&q.tree.get());
  if (!question || !opts.keyword_fallback || q.explain) return run_select(db, n, q, text, opts);
  try {
    return run_select(db, n, q, text, opts);
  } catch (const error& e) {
    if (e.kind != error_kind::unknown_name && e.kind != error_kind::semantic) throw;
    if (auto found = keyword_match(db, n, *question, e, text); !found.rows.empty()) return found;
    throw;
  }
}

}  // namespace

// CONSTRUCT: the template instantiated by each row, each triple once,
// skipping those with an unbound position, a literal subject or a
// predicate that is not an IRI (as SPARQL does); blank nodes are fresh for
// each row.
table instantiate(const query::parsed_query& q, const table& rows) {
  table out;
  out.columns = {"subject", "predicate", "object"};
  out.sql = rows.sql;
  std::set<std::string> seen;
  const bool ask = rows.ask;
  const std::size_t n = ask ? (rows.rows.at(0).at(0)->lex == "true" ? 1 : 0) : rows.rows.size();
  for (std::size_t r = 0; r < n; ++r) {
    auto value = [&](const query::template_node& t) -> std::optional<term> {
      if (t.constant) return t.constant;
      if (!t.blank.empty()) return term{term_kind::blank, t.blank + "_" + std::to_string(r), {}};
      if (ask) return std::nullopt;
      for (std::size_t c = 0; c < rows.columns.size(); ++c)
        if (rows.columns[c] == t.variable) return rows.rows[r][c];
      return std::nullopt;
    };
    for (const auto& t : q.construct_template) {
      auto s = value(t[0]), p = value(t[1]), o = value(t[2]);
      if (!s || !p || !o || is_literal(s->kind) ||
          (p->kind != term_kind::iri && p->kind != term_kind::entity))
        continue;
      if (!seen.insert(to_ntriples(*s) + " " + to_ntriples(*p) + " " + to_ntriples(*o)).second) continue;
      out.rows.push_back({std::move(s), std::move(p), std::move(o)});
    }
  }
  // Each subject's triples together, subjects in the order first made.
  std::map<std::string, std::size_t> first;
  for (const auto& r : out.rows) first.emplace(to_ntriples(*r[0]), first.size());
  std::stable_sort(out.rows.begin(), out.rows.end(), [&](const auto& a, const auto& b) {
    return first[to_ntriples(*a[0])] < first[to_ntriples(*b[0])];
  });
  out.row_count = out.rows.size();
  return out;
}

namespace {

// The layers of a parsed query run_query peels off in turn, each running
// the rest: SPARQL's fallback, CONSTRUCT, the solution stage, then SQL.
enum layer : unsigned { fallback_layer = 1, construct_layer = 2, modifiers_layer = 4 };

tl::expected<answer, error> run_layers(triple_store& store, const query::parsed_query& q,
                                       std::string_view text, std::string_view source,
                                       const run_options& opts, unsigned peeled) {
  // Declarations alone: the caller keeps them for the statements after.
  if (q.declarations_only) return answer(change_report{});
  if (q.fallback && !q.explain && !(peeled & fallback_layer)) {
    // SQL first (its rows held, not streamed, until it has compared them
    // all); the solution stage when SQL meets values it cannot compare.
    auto held = opts;
    held.sink = nullptr;
    auto got = run_layers(store, q, text, source, held, peeled | fallback_layer);
    if (got || got.error().message.find("kg cannot compare") == std::string::npos) return got;
    const auto alt = q.fallback();
    if (!alt) return got;
    return run_query(store, *alt, text, source, opts);
  }
  if (q.construct && !q.explain && !(peeled & construct_layer)) {
    auto whole = opts;
    whole.sink = nullptr;  // the rows are needed whole, to instantiate
    auto rows = run_layers(store, q, text, source, whole, peeled | construct_layer);
    if (!rows) return rows;
    const auto* t = std::get_if<table>(&*rows);
    if (!t) return rows;
    return answer(instantiate(q, *t));
  }
  if (q.solution_modifiers && !(peeled & modifiers_layer)) {
    // SQL gives the patterns' solutions; the solution stage the rest.
    const auto& m = *q.solution_modifiers;
    try {
      check(m);
    } catch (error& e) {
      e.source = source;
      e.text = text;
      return tl::unexpected(std::move(e));
    }
    auto whole = opts;
    whole.sink = nullptr;
    std::vector<table> subqueries;
    if (!q.explain)
      for (const auto& step : m.extend)
        if (std::holds_alternative<query::subquery_step>(step) ||
            std::holds_alternative<query::minus_step>(step)) {
          const auto& sub = std::holds_alternative<query::minus_step>(step)
                                ? *std::get<query::minus_step>(step).query
                                : *std::get<query::subquery_step>(step).query;
          auto got = run_query(store, sub, text, source, whole);
          if (!got) return got;
          subqueries.push_back(std::get<table>(std::move(*got)));
        }
    table rows;
    if (m.patterns) {
      auto got = run_layers(store, q, text, source, whole, peeled | modifiers_layer);
      if (!got) return got;
      if (auto* x = std::get_if<explain_report>(&*got)) {
        for (auto& line : steps(m)) x->steps.push_back(std::move(line));
        return got;
      }
      rows = std::get<table>(std::move(*got));
    } else if (q.explain) {
      explain_report x;
      x.steps = steps(m);
      return answer(std::move(x));
    }
    // EXISTS: its pattern run for each solution, with the solution's values.
    std::optional<error> failed;
    const pattern_runner ask = [&](const query::parsed_query& pattern) {
      if (failed) return false;
      auto got = run_query(store, pattern, text, source, whole);
      if (!got) {
        failed = std::move(got.error());
        return false;
      }
      const auto& t = std::get<table>(*got);
      return t.ask && t.rows.at(0).at(0)->lex == "true";
    };
    table done;
    try {
      done = finish(m, rows, subqueries, ask);
    } catch (error& e) {  // a function that gave up (REGEX on a pathological match)
      return tl::unexpected(std::move(e));
    }
    if (failed) return tl::unexpected(std::move(*failed));
    return answer(std::move(done));
  }
  auto& db = store.db();
  watchdog dog;
  dog.interrupt = opts.interrupt;
  if (opts.timeout.count() > 0) {
    dog.has_deadline = true;
    dog.deadline = std::chrono::steady_clock::now() + opts.timeout;
  }
  sqlite3_progress_handler(db.handle(), 1000, &watchdog::check, &dog);
  struct unhook {
    database& db;
    ~unhook() { sqlite3_progress_handler(db.handle(), 0, nullptr, nullptr); }
  } unhook_guard{db};
  try {
    return run(store, q, text, opts);
  } catch (error& e) {
    if (e.offset) {  // a position in this statement
      e.source = source;
      e.text = text;
    }
    return tl::unexpected(std::move(e));
  } catch (const sqlite_error& e) {
    if (dog.timed_out)
      return tl::unexpected(
          error(error_kind::timeout,
                "the query ran longer than " + std::to_string(opts.timeout.count()) + " ms (--timeout)"));
    // A comparison kg cannot compute (store::unsupported_function): the
    // query's fault, not the store's.
    if (const std::string what = e.what(); what.find("kg cannot ") != std::string::npos)
      return tl::unexpected(error(error_kind::semantic, what.substr(what.find("kg cannot "))));
    return tl::unexpected(to_error(e, store.path()));
  }
}

}  // namespace

tl::expected<answer, error> run_query(triple_store& store, const query::parsed_query& q,
                                      std::string_view text, std::string_view source,
                                      const run_options& opts) {
  return run_layers(store, q, text, source, opts, 0);
}

}  // namespace kg::engine
