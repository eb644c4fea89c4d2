// The schema's statements. Their text is what stores hold in
// sqlite_schema: changing a character makes existing stores differ from
// kg's definition, which opening a store refuses.
#include "store/schema.hpp"

#include <algorithm>
#include <cassert>

namespace kg::store::schema {

const std::vector<object>& objects() {
  using enum object::kind;
  static const std::vector<object> all = {
      {table, "meta", "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"},
      {table, "terms",
       "CREATE TABLE terms(\n"
       "  id INTEGER PRIMARY KEY,\n"
       "  kind INTEGER NOT NULL,\n"
       "  lex TEXT NOT NULL,\n"
       "  dt TEXT NOT NULL DEFAULT '',\n"
       "  hash INTEGER NOT NULL,\n"
       "  num REAL)"},
      {index, "terms_by_hash", "CREATE INDEX terms_by_hash ON terms(hash)"},
      {index, "terms_by_name", "CREATE INDEX terms_by_name ON terms(lex COLLATE NOCASE) WHERE kind = 1"},
      {table, "facts",
       "CREATE TABLE facts(\n"
       "  s INTEGER NOT NULL, p INTEGER NOT NULL, o INTEGER NOT NULL,\n"
       "  PRIMARY KEY(s, p, o)) WITHOUT ROWID"},
      {table, "facts_pos",
       "CREATE TABLE facts_pos(\n"
       "  p INTEGER NOT NULL, o INTEGER NOT NULL, s INTEGER NOT NULL,\n"
       "  PRIMARY KEY(p, o, s)) WITHOUT ROWID"},
      {table, "facts_osp",
       "CREATE TABLE facts_osp(\n"
       "  o INTEGER NOT NULL, s INTEGER NOT NULL, p INTEGER NOT NULL,\n"
       "  PRIMARY KEY(o, s, p)) WITHOUT ROWID"},
      {table, "qualifiers",
       "CREATE TABLE qualifiers(\n"
       "  s INTEGER NOT NULL, p INTEGER NOT NULL, o INTEGER NOT NULL,\n"
       "  grp INTEGER NOT NULL, key INTEGER NOT NULL, value INTEGER NOT NULL,\n"
       "  PRIMARY KEY(p, o, s, grp, key)) WITHOUT ROWID",
       1,
       // Keyed (s, p, o, ...) before version 3.
       "CREATE TABLE qualifiers(\n"
       "  s INTEGER NOT NULL, p INTEGER NOT NULL, o INTEGER NOT NULL,\n"
       "  grp INTEGER NOT NULL, key INTEGER NOT NULL, value INTEGER NOT NULL,\n"
       "  PRIMARY KEY(s, p, o, grp, key)) WITHOUT ROWID",
       3},
      {index, "qualifiers_by_key", "CREATE INDEX qualifiers_by_key ON qualifiers(key, value)"},
      {table, "predicate_stats",
       "CREATE TABLE predicate_stats(p INTEGER PRIMARY KEY, facts INTEGER NOT NULL)"},
      {table, "object_counts",
       "CREATE TABLE object_counts(\n"
       "  p INTEGER NOT NULL, o INTEGER NOT NULL, facts INTEGER NOT NULL,\n"
       "  PRIMARY KEY(p, o)) WITHOUT ROWID",
       3},
      {table, "subject_counts",
       "CREATE TABLE subject_counts(\n"
       "  s INTEGER NOT NULL, p INTEGER NOT NULL, facts INTEGER NOT NULL,\n"
       "  PRIMARY KEY(s, p)) WITHOUT ROWID",
       3},
      // The words of every term, stemmed (Porter), for search: names,
      // aliases, literal values, predicates and lexicon forms are all terms.
      {table, search_table,
       "CREATE VIRTUAL TABLE term_search USING fts5(lex, content='terms', content_rowid='id', "
       "tokenize='porter unicode61 remove_diacritics 2')",
       2},
  };
  return all;
}

bool is_search_table(std::string_view name) {
  return name == search_table || (name.starts_with(search_table) && name.size() > search_table.size() &&
                                  name[search_table.size()] == '_');
}

std::string create_search() {
  const auto& all = objects();
  const auto it =
      std::find_if(all.begin(), all.end(), [](const object& o) { return o.name == search_table; });
  assert(it != all.end());
  return std::string(it->create) + ";\nINSERT INTO term_search(term_search) VALUES ('rebuild');\n";
}

std::string fill_pair_counts() {
  const std::string floor = std::to_string(pair_count_floor);
  return "INSERT INTO object_counts(p, o, facts) SELECT p, o, count(*) FROM facts_pos GROUP BY p, o "
         "HAVING count(*) >= " +
         floor +
         ";\n"
         "INSERT INTO subject_counts(s, p, facts) SELECT s, p, count(*) FROM facts GROUP BY s, p "
         "HAVING count(*) >= " +
         floor + ";\n";
}

std::string create_all() {
  std::string sql;
  for (const auto& o : objects()) (sql += o.create) += ";\n";
  return sql;
}

std::string_view create_index(std::string_view name) {
  const auto& all = objects();
  const auto it = std::find_if(all.begin(), all.end(), [&](const object& o) {
    return o.type == object::kind::index && o.name == name;
  });
  assert(it != all.end() && "not one of kg's indexes");
  return it->create;
}

std::string drop_index(std::string_view name) {
  assert(!create_index(name).empty());
  return "DROP INDEX " + std::string(name);
}

}  // namespace kg::store::schema
