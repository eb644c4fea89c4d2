// Export in SPO key order, streaming straight from the primary index.
// Tabular formats write a row per statement; RDF formats write each fact
// once, with its qualified statements as annotation blocks (Turtle, TriG)
// or reifications (N-Triples, N-Quads); N-Quads and TriG put a statement
// whose one qualifier is its source in that named graph.
#include "store/export.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

namespace kg::store {
namespace {

// A qualifier key as a header cell. A key the importer would read as one
// of the columns subject, predicate or object (case and blanks aside) is
// written as its IRI.
std::string header_cell(const term& key) {
  std::string folded;
  for (char c : key.lex)
    if (c != ' ' && c != '\t') folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (key.kind == term_kind::entity && (folded == "subject" || folded == "predicate" || folded == "object"))
    return '<' + entity_iri(key.lex) + '>';
  return to_cell(key);
}

sqlite_error missing_term(std::int64_t id) {
  return sqlite_error(SQLITE_CORRUPT,
                      "term " + std::to_string(id) + " is not in the dictionary (see kg check)");
}

// Renders terms by id, caching the ones seen.
class term_cache {
 public:
  explicit term_cache(database& db) : get_(db.prepare("SELECT kind, lex, dt FROM terms WHERE id = ?")) {}

  const term& operator()(std::int64_t id) {
    if (auto it = cache_.find(id); it != cache_.end()) return it->second;
    if (cache_.size() > 1'000'000) cache_.clear();
    get_.reset().bind(1, id);
    // A fact or qualifier naming no term (a store changed behind kg's back)
    // cannot be written in any form that reads back: refuse the export.
    if (!get_.step()) throw missing_term(id);
    term t = load_term(get_);
    get_.reset();
    return cache_.emplace(id, std::move(t)).first->second;
  }

 private:
  prepared get_;
  std::unordered_map<std::int64_t, term> cache_;
};

// --- RDF ---------------------------------------------------------------------

// Whether a stored prefix's name is plain ASCII (letters, digits, '_', '-';
// led by a letter), or empty: the names every Turtle reader takes.
bool ascii_prefix_name(std::string_view name) {
  return name.empty() || (std::isalpha(static_cast<unsigned char>(name.front())) &&
                          std::all_of(name.begin(), name.end(), [](char c) {
                            return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
                          }));
}

// An IRI as Turtle writes it: a prefixed name where one fits.
std::string turtle_iri(const prefix_list& prefixes, const std::string& iri) {
  if (auto curie = compact_iri(prefixes, iri)) return std::move(*curie);
  return to_ntriples(term{term_kind::iri, iri, {}});
}

std::string turtle_term(const prefix_list& prefixes, const term& t) {
  switch (t.kind) {
    case term_kind::entity:
      return turtle_iri(prefixes, entity_iri(t.lex));
    case term_kind::iri:
      return turtle_iri(prefixes, t.lex);
    case term_kind::integer:
    case term_kind::decimal:
      return t.lex;
    case term_kind::date:
    case term_kind::typed:
      return quote(t.lex) + "^^" + turtle_iri(prefixes, datatype_iri(t));
    default:
      return to_ntriples(t);
  }
}

// Writes triples in subject order as Turtle: a subject's predicates
// separated by ';', a predicate's objects by ','. Each call of add()
// continues the current subject and predicate where it can.
class turtle_block {
 public:
  turtle_block(std::ostream& out, std::string indent) : out_(out), indent_(std::move(indent)) {}
  void add(const std::string& s, const std::string& p, const std::string& o) {
    if (open_ && s == s_ && p == p_) {
      out_ << ", " << o;
      return;
    }
    if (open_ && s == s_) {
      out_ << " ;\n" << indent_ << "    " << p << ' ' << o;
      p_ = p;
      return;
    }
    close();
    out_ << indent_ << s << ' ' << p << ' ' << o;
    s_ = s;
    p_ = p;
    open_ = true;
  }
  void close() {
    if (open_) out_ << " .\n";
    open_ = false;
  }

 private:
  std::ostream& out_;
  std::string indent_;
  std::string s_, p_;
  bool open_ = false;
};

// Whether a term can name a graph (TriG, N-Quads).
bool graph_name(const term& t) {
  return t.kind == term_kind::entity || t.kind == term_kind::iri || t.kind == term_kind::blank;
}

std::uint64_t export_rdf(database& db, format f, std::ostream& out) {
  transaction snapshot(db, transaction::mode::read);
  term_cache terms(db);
  const bool terse = f == format::turtle || f == format::trig;
  const bool graphs = f == format::nquads || f == format::trig;
  // The well-known prefixes, then those the store keeps under other plain
  // names (the well-known names keep their IRIs: reifications write rdf:).
  prefix_list prefixes = well_known_prefixes();
  {
    auto stored =
        db.prepare("SELECT substr(key, 8), value FROM meta WHERE key >= 'prefix:' AND key < 'prefix;'");
    while (stored.step())
      if (!find_prefix(well_known_prefixes(), stored.text(0)) && ascii_prefix_name(stored.text(0)))
        prefixes.push_back({std::string(stored.text(0)), std::string(stored.text(1))});
  }
  auto spell = [&](std::int64_t id) {
    return terse ? turtle_term(prefixes, terms(id)) : to_ntriples(terms(id));
  };
  std::optional<std::int64_t> source;  // the qualifier key a named graph stands for
  {
    auto find = db.prepare("SELECT id FROM terms WHERE kind = 1 AND lex = 'source'");
    if (find.step()) source = find.int64(0);
  }
  if (terse) {
    for (const auto& pr : prefixes)
      out << "@prefix " << pr.name << ": " << to_ntriples(term{term_kind::iri, pr.iri, {}}) << " .\n";
    out << '\n';
  }
  turtle_block block(out, "");
  // Reification nodes of N-Triples and N-Quads get labels no blank node of
  // the store starts with.
  std::string label = "kgq";
  {
    auto used = db.prepare("SELECT EXISTS (SELECT 1 FROM terms WHERE kind = 3 AND substr(lex, 1, ?) = ?)");
    while (used.reset()
               .bind(1, static_cast<std::int64_t>(label.size()))
               .bind(2, std::string_view(label))
               .step() &&
           used.int64(0) != 0)
      label += 'x';
  }
  std::uint64_t count = 0, reifier = 0;
  auto facts = db.prepare("SELECT s, p, o FROM facts ORDER BY s, p, o");
  auto quals =
      db.prepare("SELECT grp, key, value FROM qualifiers WHERE s = ? AND p = ? AND o = ? ORDER BY grp, key");
  struct group {
    std::vector<std::pair<std::int64_t, std::int64_t>> qualifiers;  // key, value
  };
  std::vector<group> groups;
  while (out && facts.step()) {  // a failed stream (its reader gone) ends the export
    const auto s = facts.int64(0), p = facts.int64(1), o = facts.int64(2);
    ++count;
    groups.clear();
    quals.reset().bind(1, s).bind(2, p).bind(3, o);
    std::int64_t current = -1;
    while (quals.step()) {
      if (quals.int64(0) != current) groups.emplace_back(), current = quals.int64(0);
      groups.back().qualifiers.emplace_back(quals.int64(1), quals.int64(2));
    }
    // A statement whose one qualifier is a source naming a graph is a quad
    // of that graph; the others are reified in the default graph, beside
    // the bare triple.
    auto in_graph = [&](const group& g) {
      return graphs && source && g.qualifiers.size() == 1 && g.qualifiers[0].first == *source &&
             graph_name(terms(g.qualifiers[0].second));
    };
    const bool bare = groups.empty() ||
                      std::any_of(groups.begin(), groups.end(), [&](const group& g) { return !in_graph(g); });
    const std::string spo[3] = {spell(s), spell(p), spell(o)};
    if (terse) {
      // Turtle and TriG (RDF 1.2): the triple, each qualified statement
      // an annotation block of it.
      if (bare) {
        std::string object = spo[2];
        for (const auto& g : groups) {
          if (in_graph(g)) continue;
          const char* sep = " {| ";
          for (const auto& [k, v] : g.qualifiers) object += sep + spell(k) + ' ' + spell(v), sep = " ; ";
          object += " |}";
        }
        block.add(spo[0], spo[1], object);
      }
      continue;  // TriG writes each graph after the default one
    }
    if (bare) out << spo[0] << ' ' << spo[1] << ' ' << spo[2] << " .\n";
    for (const auto& g : groups) {
      if (in_graph(g)) {
        if (f == format::nquads)
          out << spo[0] << ' ' << spo[1] << ' ' << spo[2] << ' ' << spell(g.qualifiers[0].second) << " .\n";
        continue;
      }
      const std::string b = "_:" + label + std::to_string(++reifier);
      const std::string rdf(rdf::ns);
      out << b << " <" << rdf << "type> <" << rdf << "Statement> .\n"
          << b << " <" << rdf << "subject> " << spo[0] << " .\n"
          << b << " <" << rdf << "predicate> " << spo[1] << " .\n"
          << b << " <" << rdf << "object> " << spo[2] << " .\n";
      for (const auto& [k, v] : g.qualifiers) out << b << ' ' << spell(k) << ' ' << spell(v) << " .\n";
    }
  }
  block.close();
  if (f == format::trig && source && out) {
    // The named graphs: statements whose one qualifier is their source.
    auto quads = db.prepare(
        "SELECT q.value, q.s, q.p, q.o FROM qualifiers q WHERE q.key = ?1 AND NOT EXISTS "
        "(SELECT 1 FROM qualifiers r WHERE r.s = q.s AND r.p = q.p AND r.o = q.o AND r.grp = q.grp "
        "AND r.key <> ?1) ORDER BY q.value, q.s, q.p, q.o");
    quads.bind(1, *source);
    std::optional<std::int64_t> graph;
    turtle_block inner(out, "    ");
    while (out && quads.step()) {
      const auto g = quads.int64(0);
      if (!graph_name(terms(g))) continue;
      if (graph != g) {
        inner.close();
        if (graph) out << "}\n";
        out << '\n' << spell(g) << " {\n";
        graph = g;
      }
      inner.add(spell(quads.int64(1)), spell(quads.int64(2)), spell(quads.int64(3)));
    }
    inner.close();
    if (graph) out << "}\n";
  }
  out.flush();
  return count;
}

}  // namespace

tl::expected<std::uint64_t, error> export_facts(triple_store& store, format f, std::ostream& out) {
  if (is_rdf(f)) return guarded(store.path(), [&] { return export_rdf(store.db(), f, out); });
  return guarded(store.path(), [&]() -> std::uint64_t {
    auto& db = store.db();
    transaction snapshot(db, transaction::mode::read);
    term_cache terms(db);
    std::uint64_t count = 0;

    // Qualifier keys become columns, in name order.
    std::vector<std::int64_t> key_ids;
    std::map<std::int64_t, std::size_t> key_column;
    {
      auto keys = db.prepare(
          "SELECT k.id FROM (SELECT DISTINCT key FROM qualifiers) q JOIN terms k ON k.id = q.key "
          "ORDER BY k.lex, k.kind, k.dt");
      while (keys.step()) {
        key_column[keys.int64(0)] = key_ids.size();
        key_ids.push_back(keys.int64(0));
      }
    }
    const char sep = f == format::csv ? ',' : '\t';
    auto cell = [&](const std::string& c) { return f == format::csv ? csv_field(c) : c; };
    out << "subject" << sep << "predicate" << sep << "object";
    for (auto id : key_ids) out << sep << cell(header_cell(terms(id)));
    out << '\n';

    auto facts = db.prepare("SELECT s, p, o FROM facts ORDER BY s, p, o");
    auto quals = db.prepare(
        "SELECT grp, key, value FROM qualifiers WHERE s = ? AND p = ? AND o = ? ORDER BY grp, key");
    std::vector<std::string> row_cells;
    while (out && facts.step()) {  // a failed stream (its reader gone) ends the export
      const auto s = facts.int64(0), p = facts.int64(1), o = facts.int64(2);
      ++count;
      const std::string spo[3] = {cell(to_cell(terms(s))), cell(to_cell(terms(p))), cell(to_cell(terms(o)))};
      quals.reset().bind(1, s).bind(2, p).bind(3, o);
      std::int64_t current = -1;
      bool any = false;
      auto flush_row = [&] {
        out << spo[0] << sep << spo[1] << sep << spo[2];
        for (auto& c : row_cells) out << sep << c;
        out << '\n';
      };
      while (quals.step()) {
        const auto g = quals.int64(0), key = quals.int64(1), value = quals.int64(2);
        if (g != current) {
          if (any) flush_row();
          current = g;
          any = true;
          row_cells.assign(key_ids.size(), std::string());
        }
        // Keys come from the same snapshot, so only a key naming no term
        // has no column.
        const auto column = key_column.find(key);
        if (column == key_column.end()) throw missing_term(key);
        row_cells[column->second] = cell(to_cell(terms(value)));
      }
      if (!any) row_cells.assign(key_ids.size(), std::string());
      flush_row();
    }
    out.flush();
    return count;
  });
}

}  // namespace kg::store
