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
       "  PRIMARY KEY(s, p, o, grp, key)) WITHOUT ROWID"},
      {index, "qualifiers_by_key", "CREATE INDEX qualifiers_by_key ON qualifiers(key, value)"},
      {table, "predicate_stats",
       "CREATE TABLE predicate_stats(p INTEGER PRIMARY KEY, facts INTEGER NOT NULL)"},
  };
  return all;
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
