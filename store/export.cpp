// Export in SPO key order, streaming straight from the primary index.
#include "store/export.hpp"

#include <cctype>
#include <map>
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

}  // namespace

tl::expected<std::uint64_t, error> export_facts(triple_store& store, format f, std::ostream& out) {
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
    const bool tabular = f != format::ntriples;
    const char sep = f == format::csv ? ',' : '\t';
    auto cell = [&](const std::string& c) { return f == format::csv ? csv_field(c) : c; };
    if (tabular) {
      out << "subject" << sep << "predicate" << sep << "object";
      for (auto id : key_ids) out << sep << cell(header_cell(terms(id)));
      out << '\n';
    }

    auto facts = db.prepare("SELECT s, p, o FROM facts ORDER BY s, p, o");
    auto quals = db.prepare(
        "SELECT grp, key, value FROM qualifiers WHERE s = ? AND p = ? AND o = ? ORDER BY grp, key");
    std::vector<std::string> row_cells;
    std::uint64_t reifier = 0;
    // Reification nodes get labels no blank node of the store starts with.
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
    while (out && facts.step()) {  // a failed stream (its reader gone) ends the export
      const auto s = facts.int64(0), p = facts.int64(1), o = facts.int64(2);
      ++count;
      std::string spo[3];
      if (tabular) {
        spo[0] = cell(to_cell(terms(s)));
        spo[1] = cell(to_cell(terms(p)));
        spo[2] = cell(to_cell(terms(o)));
      } else {
        spo[0] = to_ntriples(terms(s));
        spo[1] = to_ntriples(terms(p));
        spo[2] = to_ntriples(terms(o));
        out << spo[0] << ' ' << spo[1] << ' ' << spo[2] << " .\n";
      }
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
          if (tabular && any) flush_row();
          current = g;
          any = true;
          if (tabular) {
            row_cells.assign(key_ids.size(), std::string());
          } else {
            const std::string b = "_:" + label + std::to_string(++reifier);
            const std::string rdf(rdf::ns);
            out << b << " <" << rdf << "type> <" << rdf << "Statement> .\n"
                << b << " <" << rdf << "subject> " << spo[0] << " .\n"
                << b << " <" << rdf << "predicate> " << spo[1] << " .\n"
                << b << " <" << rdf << "object> " << spo[2] << " .\n";
          }
        }
        if (tabular) {
          // Keys come from the same snapshot, so only a key naming no term
          // has no column.
          const auto column = key_column.find(key);
          if (column == key_column.end()) throw missing_term(key);
          row_cells[column->second] = cell(to_cell(terms(value)));
        } else {
          out << "_:" << label << reifier << ' ' << to_ntriples(terms(key)) << ' '
              << to_ntriples(terms(value)) << " .\n";
        }
      }
      if (tabular) {
        if (!any) row_cells.assign(key_ids.size(), std::string());
        flush_row();
      }
    }
    out.flush();
    return count;
  });
}

}  // namespace kg::store
