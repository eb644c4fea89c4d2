// Opening, creating, describing and checking kg stores.
#include "store/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <random>

#include "store/join.hpp"
#include "store/numbers.hpp"
#include "store/reach.hpp"
#include "store/schema.hpp"

namespace kg::store {
namespace {

struct schema_object {
  std::string type, name, table, sql;
};

std::vector<schema_object> schema_objects(database& db) {
  std::vector<schema_object> out;
  auto st = db.prepare(
      "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite!_%' "
      "ESCAPE '!'");
  while (st.step())
    out.push_back(
        {std::string(st.text(0)), std::string(st.text(1)), std::string(st.text(2)), std::string(st.text(3))});
  return out;
}

// The schema objects kg creates, as SQLite records them: the schema run
// once in a private in-memory database, so the comparison below sees the
// very text a store created by this kg holds.
const std::vector<schema_object>& kg_schema() {
  static const std::vector<schema_object> objects = [] {
    database mem(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY);
    mem.exec(schema::create_all());
    return schema_objects(mem);
  }();
  return objects;
}

// Why a store's schema is not kg's, or nothing when it is. Queries rely on
// the definition of every table, and a table rebuilt with other columns,
// a CHECK or a DEFAULT changes what reads and writes do; so do indexes
// added to kg's tables (a UNIQUE one makes imports fail, any of them is
// kept up by every write). kg's own indexes may be missing: stores made
// before terms_by_name existed lack it and only lose speed. Tables of
// other programs are left alone: kg never reads or writes them, and with
// triggers and views refused and defensive mode on, nothing they hold runs.
std::optional<std::string> schema_difference(database& db) {
  const auto& expected = kg_schema();
  auto kg_object = [&](const std::string& name) -> const schema_object* {
    for (const auto& o : expected)
      if (o.name == name) return &o;
    return nullptr;
  };
  const auto found = schema_objects(db);
  const auto version = db.scalar("PRAGMA user_version");
  // A table added after the store's version is missing until the store is
  // opened for writing.
  auto added_later = [&](const std::string& name) {
    const auto& all = schema::objects();
    return std::any_of(all.begin(), all.end(),
                       [&](const schema::object& o) { return o.name == name && o.since > version; });
  };
  // A table whose definition changed since the store's version.
  auto earlier_definition = [&](const std::string& name, const std::string& sql) {
    const auto& all = schema::objects();
    return std::any_of(all.begin(), all.end(), [&](const schema::object& o) {
      return o.name == name && o.changed > version && !o.previous.empty() && o.previous == sql;
    });
  };
  for (const auto& want : expected) {
    if (want.type != "table" || schema::is_search_table(want.name) || added_later(want.name)) continue;
    const bool present = std::any_of(found.begin(), found.end(), [&](const schema_object& o) {
      return o.type == "table" && o.name == want.name;
    });
    if (!present) return "table '" + want.name + "' is missing";
  }
  // The search index is whole or absent (a store of schema version 1).
  const auto search_parts = std::count_if(found.begin(), found.end(), [](const schema_object& o) {
    return o.type == "table" && schema::is_search_table(o.name);
  });
  const auto search_expected = std::count_if(expected.begin(), expected.end(), [](const schema_object& o) {
    return o.type == "table" && schema::is_search_table(o.name);
  });
  if (search_parts != 0 && search_parts != search_expected) return "the search index is incomplete";
  for (const auto& o : found) {
    const auto* want = kg_object(o.name);
    if (want) {
      if (o.type != want->type || (o.sql != want->sql && !earlier_definition(o.name, o.sql)))
        return o.type + " '" + o.name + "' is not defined as kg defines it";
    } else if (o.type == "index" && kg_object(o.table)) {
      return "index '" + o.name + "' on table '" + o.table + "' is not one of kg's";
    }
  }
  return std::nullopt;
}

// Brings a store of an older schema version to this one, inside the
// caller's write transaction.
void upgrade(database& db) {
  if (db.scalar("SELECT count(*) FROM sqlite_schema WHERE name = '" + std::string(schema::search_table) +
                "'") == 0)
    db.exec(schema::create_search());
  bool counts_added = false;
  for (const auto& o : schema::objects()) {
    if (o.type != schema::object::kind::table || schema::is_search_table(o.name)) continue;
    if (db.scalar("SELECT count(*) FROM sqlite_schema WHERE name = '" + std::string(o.name) + "'") == 0) {
      db.exec(std::string(o.create));
      counts_added = counts_added || o.name == "object_counts" || o.name == "subject_counts";
    }
  }
  if (counts_added) {
    db.exec("DELETE FROM object_counts; DELETE FROM subject_counts");
    db.exec(schema::fill_pair_counts());
  }
  // Tables whose definition changed: their rows copied out, the table
  // made again as kg defines it (with its indexes), the rows copied back.
  for (const auto& o : schema::objects()) {
    if (o.previous.empty() || o.changed <= 0) continue;
    auto st = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1");
    st.bind(1, std::string(o.name));
    if (!st.step() || st.text(0) != o.previous) continue;
    st = {};
    const std::string name(o.name);
    db.exec("CREATE TEMP TABLE kg_upgrade AS SELECT * FROM " + name + "; DROP TABLE " + name + "; " +
            std::string(o.create));
    db.exec("INSERT INTO " + name + " SELECT * FROM temp.kg_upgrade; DROP TABLE temp.kg_upgrade");
    for (const auto& i : schema::objects())
      if (i.type == schema::object::kind::index &&
          i.create.find(" ON " + name + "(") != std::string_view::npos)
        db.exec(std::string(i.create));
  }
  db.exec("PRAGMA user_version=" + std::to_string(schema_version));
}

void configure(database& db, int busy_ms, bool read_only) {
  sqlite3_busy_timeout(db.handle(), busy_ms);
  int unused = 0;
  // Refuse SQL that could corrupt the file, and run nothing a schema holds.
  sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_DEFENSIVE, 1, &unused);
  sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &unused);
  sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &unused);
  sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_ENABLE_VIEW, 0, &unused);
  db.exec("PRAGMA foreign_keys=OFF; PRAGMA cache_size=-" + std::to_string(page_cache_kib) +
          "; PRAGMA temp_store=" + query_temp_store + ";");
  if (!read_only) db.exec("PRAGMA synchronous=FULL;");
  register_reach(db);
  register_join(db);
  register_exact_numbers(db);
  register_unsupported(db);
  register_entity_iri(db);
}

error refusal(const std::string& path, std::string why) {
  return error(errc::bad_store, "'" + path + "' is not a kg store: " + why);
}

// The path as an SQLite URI, read-only, optionally immutable (which
// creates no -wal or -shm file beside the store and takes no lock).
std::string file_uri(const std::string& path, bool immutable) {
  std::string uri = "file:";
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
      uri += buf;
    } else {
      uri += c;
    }
  }
  return uri + (immutable ? "?mode=ro&immutable=1" : "?mode=ro");
}

// The path as SQLite must be given it to take it as a file name: where
// URIs are enabled (Debian's SQLite enables them) a name starting "file:"
// is parsed as a URI, so that `file:x.db?mode=memory` would be no file at
// all; ":memory:" and "" are not files either.
std::string plain_path(const std::string& path) {
  if (path.starts_with("file:") || path == ":memory:" || path.empty()) return "./" + path;
  return path;
}

// Reserves a fresh name beside path, as an empty file (which SQLite takes
// as a new database).
tl::expected<std::string, error> reserve_beside(const std::string& path) {
  std::random_device random;
  for (int attempt = 0; attempt < 100; ++attempt) {
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, ".new-%08x", static_cast<unsigned>(random()));
    std::string name = path + suffix;
    const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      ::close(fd);
      return name;
    }
    if (errno != EEXIST)
      return tl::unexpected(
          error(errc::io, "cannot create a kg store at '" + path + "': " + std::strerror(errno)));
  }
  return tl::unexpected(
      error(errc::io, "cannot create a kg store at '" + path + "': no free temporary name"));
}

void remove_files(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) ::unlink((path + suffix).c_str());
}

// Flushes the folder holding path, so that a rename in it is durable.
void sync_folder_of(const std::string& path) {
  const auto slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

tl::expected<std::string, error> create_store_beside(const std::string& path) {
  auto name = reserve_beside(path);
  if (!name) return name;
  try {
    database db(plain_path(*name), SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
    configure(db, 5000, false);
    db.exec("PRAGMA journal_mode=WAL");
    transaction tx(db);
    db.exec(schema::create_all());
    db.exec("PRAGMA application_id=" + std::to_string(application_id) +
            "; PRAGMA user_version=" + std::to_string(schema_version));
    db.exec("INSERT INTO meta(key, value) VALUES ('created_by', 'kg " KG_VERSION "')");
    tx.commit();
    // Closing the only connection checkpoints the WAL into the file and
    // removes it: the file alone is the whole store.
  } catch (const sqlite_error& e) {
    remove_files(*name);
    if (e.code() == SQLITE_CANTOPEN)
      return tl::unexpected(error(errc::io, "cannot create a kg store at '" + path + "': " + e.what()));
    return tl::unexpected(to_error(e, path));
  }
  return name;
}

tl::expected<bool, error> move_into_place(const std::string& from, const std::string& to) {
  struct stat st {};
  if (::stat((from + "-wal").c_str(), &st) == 0)
    return tl::unexpected(error(errc::io, "cannot create '" + to + "': '" + from + "' is still open"));
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
    sync_folder_of(to);
    return true;
  }
  if (errno == EINVAL || errno == ENOSYS) {
    // A file system without RENAME_NOREPLACE: a link cannot replace either.
    if (::link(from.c_str(), to.c_str()) == 0) {
      ::unlink(from.c_str());
      sync_folder_of(to);
      return true;
    }
  }
  if (errno == EEXIST) {
    remove_files(from);
    return false;
  }
  const std::string why = std::strerror(errno);
  remove_files(from);
  return tl::unexpected(error(errc::io, "cannot create '" + to + "': " + why));
}

namespace {

std::uint32_t big_endian(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// Checks an existing file without writing to it. The SQLite header is read
// as bytes first, so a foreign file is refused before SQLite opens it (an
// open can create -wal and -shm files beside a WAL-mode database).
tl::expected<void, error> inspect(const std::string& path) {
  unsigned char header[100] = {};
  std::size_t got = 0;
  if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
    got = std::fread(header, 1, sizeof header, f);
    std::fclose(f);
  } else {
    return tl::unexpected(error(errc::io, "cannot open '" + path + "': " + std::strerror(errno)));
  }
  if (got == 0) return tl::unexpected(refusal(path, "the file is empty"));
  if (got < sizeof header || std::memcmp(header, "SQLite format 3", 16) != 0)
    return tl::unexpected(refusal(path, "the file is not an SQLite database"));
  const auto header_app = static_cast<std::int32_t>(big_endian(header + 68));
  struct stat wal {};
  // A store whose creator stopped before its first checkpoint has its id in the WAL only.
  const bool id_may_be_in_wal = header_app == 0 && ::stat((path + "-wal").c_str(), &wal) == 0;
  if (header_app != application_id && !id_may_be_in_wal)
    return tl::unexpected(refusal(path, header_app == 0
                                            ? "it is an SQLite database of another program"
                                            : "its application_id is " + std::to_string(header_app)));
  if (static_cast<std::int64_t>(big_endian(header + 60)) > schema_version)
    return tl::unexpected(error(errc::bad_store, "'" + path + "' was written by a newer kg (schema version " +
                                                     std::to_string(big_endian(header + 60)) +
                                                     "); this kg reads versions up to " +
                                                     std::to_string(schema_version)));
  try {
    // Without a WAL file nobody is writing: read it as immutable, which
    // creates no -wal or -shm file beside it.
    const bool immutable = !id_may_be_in_wal && ::stat((path + "-wal").c_str(), &wal) != 0;
    database db(file_uri(path, immutable), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
    configure(db, 1000, true);
    const auto app = db.scalar("PRAGMA application_id");
    const auto version = db.scalar("PRAGMA user_version");
    if (app != application_id)
      return tl::unexpected(refusal(path, app == 0 ? "it is an SQLite database of another program"
                                                   : "its application_id is " + std::to_string(app)));
    if (version > schema_version)
      return tl::unexpected(
          error(errc::bad_store, "'" + path + "' was written by a newer kg (schema version " +
                                     std::to_string(version) + "); this kg reads versions up to " +
                                     std::to_string(schema_version)));
    if (version < 1) return tl::unexpected(refusal(path, "it has no kg schema"));
    if (db.scalar("SELECT count(*) FROM sqlite_schema WHERE type IN ('trigger', 'view')") > 0)
      return tl::unexpected(refusal(path, "it contains triggers or views that kg never creates"));
    if (auto why = schema_difference(db)) return tl::unexpected(refusal(path, *why));
    return {};
  } catch (const sqlite_error& e) {
    if (e.code() == SQLITE_NOTADB) return tl::unexpected(refusal(path, "the file is not an SQLite database"));
    return tl::unexpected(to_error(e, path));
  }
}

}  // namespace

std::string_view facts_table_for(bool s, bool p, bool o) {
  if (s && (p || !o)) return "facts";
  if (p) return "facts_pos";
  if (o) return "facts_osp";
  return "facts";
}

error to_error(const sqlite_error& e, const std::string& path) {
  const std::string where = "'" + path + "'";
  switch (e.code()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return error(errc::busy, "database is busy: another process is writing to " + where);
    case SQLITE_FULL:
      return error(errc::io, "disk full while writing " + where);
    case SQLITE_CANTOPEN:
      return error(errc::io, "cannot open " + where + ": " + e.what());
    case SQLITE_READONLY:
      return error(errc::io, "cannot write " + where + ": " + e.what());
    case SQLITE_IOERR:
      return error(errc::io, "I/O error on " + where + ": " + e.what());
    case SQLITE_INTERRUPT:
      return error(errc::interrupted, "interrupted");
    case SQLITE_NOMEM:
      return error(errc::io, "out of memory while working on " + where);
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return error(errc::bad_store, where + " is damaged: " + e.what());
    default:
      return error(errc::bad_store, "database error on " + where + ": " + e.what());
  }
}

tl::expected<triple_store, error> triple_store::open(const std::string& path, const open_options& opts) {
  struct stat st {};
  bool exists = ::stat(path.c_str(), &st) == 0;
  if (!exists && (errno != ENOENT || !opts.create || opts.read_only)) {
    if (errno == ENOENT)
      return tl::unexpected(error(errc::io, "no kg store at '" + path +
                                                "'\nhelp: import facts to create one: kg --db " + path +
                                                " import FILE"));
    return tl::unexpected(error(errc::io, "cannot open '" + path + "': " + std::strerror(errno)));
  }
  if (!exists) {
    // A new store is made whole under another name and then moved into
    // place, so that a store interrupted while being made leaves nothing at
    // its path. Another process making it at the same time wins or loses
    // the move; the loser uses the winner's store.
    auto made = create_store_beside(path);
    if (!made) return tl::unexpected(made.error());
    auto moved = move_into_place(*made, path);
    if (!moved) return tl::unexpected(moved.error());
    if (::stat(path.c_str(), &st) != 0)
      return tl::unexpected(error(errc::io, "cannot open '" + path + "': " + std::strerror(errno)));
  }
  if (S_ISDIR(st.st_mode))
    return tl::unexpected(error(errc::io, "'" + path + "' is a directory, not a kg store"));
  if (!S_ISREG(st.st_mode))
    return tl::unexpected(error(errc::io, "'" + path + "' is not a regular file (" +
                                              (S_ISFIFO(st.st_mode)                         ? "a FIFO"
                                               : S_ISSOCK(st.st_mode)                       ? "a socket"
                                               : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                                                                                            : "not a file") +
                                              "), so it cannot be a kg store"));
  if (st.st_nlink > 1)
    return tl::unexpected(
        error(errc::bad_store,
              "'" + path + "' has " + std::to_string(st.st_nlink) +
                  " hard links: SQLite keeps a write-ahead log per name, and writes through two names "
                  "corrupt the store\nhelp: keep one name (remove the other links), or use a copy or "
                  "a symbolic link"));
  if (auto ok = inspect(path); !ok) return tl::unexpected(ok.error());
  try {
    // One connection is used by one thread at a time: no SQLite mutexes needed.
    const int flags = SQLITE_OPEN_NOMUTEX | (opts.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
    database db(plain_path(path), flags);
    try {
      configure(db, opts.busy_timeout_ms, opts.read_only);
      if (opts.read_only) db.scalar("SELECT count(*) FROM sqlite_schema");  // reads through the WAL index
    } catch (const sqlite_error& e) {
      // A store in a folder kg may not write: SQLite cannot make the
      // -shm file a reader of a WAL store needs. Without a -wal file no
      // change is pending, so the file alone is the store: read it as
      // immutable (a snapshot; see docs/robustness.md).
      struct stat wal {};
      if (!opts.read_only || (e.code() != SQLITE_CANTOPEN && e.code() != SQLITE_READONLY) ||
          ::stat((path + "-wal").c_str(), &wal) == 0)
        throw;
      db = database(file_uri(path, true), SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
      configure(db, opts.busy_timeout_ms, true);
      db.scalar("SELECT count(*) FROM sqlite_schema");
    }
    if (!opts.read_only && db.scalar("PRAGMA user_version") < schema_version) {
      // A store of an older schema: version 1 lacks the search index,
      // versions 1 and 2 the pair counts; both are added, whole, in one
      // transaction. A file kg may not write, or one another process is
      // writing, is opened as it is: the next open for writing upgrades it.
      try {
        transaction tx(db);
        if (db.scalar("PRAGMA user_version") < schema_version) upgrade(db);
        tx.commit();
      } catch (const sqlite_error& e) {
        if (e.code() != SQLITE_READONLY && e.code() != SQLITE_BUSY) throw;
      }
    }
    return triple_store(path, std::move(db), opts.busy_timeout_ms);
  } catch (const sqlite_error& e) {
    return tl::unexpected(to_error(e, path));
  }
}

// Cached statements: every query opens and closes one.
transaction::transaction(database& db, mode m) : db_(db) {
  db_.cached(m == mode::write ? "BEGIN IMMEDIATE" : "BEGIN").run();
}

transaction::~transaction() {
  if (!open_) return;
  try {
    db_.cached("ROLLBACK").run();
  } catch (const std::exception&) {
    // Nothing to undo that SQLite has not undone already.
  }
}

void transaction::commit() {
  db_.cached("COMMIT").run();
  open_ = false;
}

std::int64_t term_hash(const term& t) {
  std::uint64_t h = 14695981039346656037ULL;
  auto mix = [&](unsigned char c) {
    h ^= c;
    h *= 1099511628211ULL;
  };
  mix(static_cast<unsigned char>(t.kind));
  for (char c : t.dt) mix(static_cast<unsigned char>(c));
  mix(0xFF);
  for (char c : t.lex) mix(static_cast<unsigned char>(c));
  return static_cast<std::int64_t>(h);
}

term load_term(prepared& st) {
  return term{static_cast<term_kind>(st.int64(0)), std::string(st.text(1)), std::string(st.text(2))};
}

std::optional<std::int64_t> find_term_id(prepared& by_hash, const term& t, std::int64_t hash) {
  by_hash.bind(1, hash);
  std::optional<std::int64_t> id;
  while (!id && by_hash.step())
    if (static_cast<term_kind>(by_hash.int64(1)) == t.kind && by_hash.text(2) == t.lex &&
        by_hash.text(3) == t.dt)
      id = by_hash.int64(0);
  by_hash.reset();
  return id;
}

tl::expected<prefix_list, error> stored_prefixes(triple_store& s) {
  return guarded(s.path(), [&] {
    prefix_list out;
    auto st = s.db().cached(
        "SELECT substr(key, 8), value FROM meta WHERE key >= 'prefix:' AND key < 'prefix;' "
        "ORDER BY key");
    while (st.step()) out.push_back({std::string(st.text(0)), std::string(st.text(1))});
    return out;
  });
}

tl::expected<prefix_list, error> store_prefixes(triple_store& s) {
  auto stored = stored_prefixes(s);
  if (!stored) return stored;
  prefix_list all = well_known_prefixes();
  for (auto& p : *stored) declare(all, p.name, p.iri);
  return all;
}

void write_prefix(database& db, std::string_view name, std::string_view iri) {
  const std::string key = "prefix:" + std::string(name);
  if (iri.empty()) {
    db.prepare("DELETE FROM meta WHERE key = ?").bind(1, key).run();
    return;
  }
  db.prepare("INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2")
      .bind(1, key)
      .bind(2, iri)
      .run();
}

tl::expected<void, error> save_prefix(triple_store& s, std::string_view name, std::string_view iri) {
  return guarded(s.path(), [&] {
    transaction tx(s.db());
    write_prefix(s.db(), name, iri);
    tx.commit();
  });
}

tl::expected<store_stats, error> collect_stats(triple_store& s, int top) {
  return guarded(s.path(), [&] {
    auto& db = s.db();
    store_stats r;
    transaction snapshot(db, transaction::mode::read);
    r.facts = db.scalar("SELECT count(*) FROM facts");
    r.statements = db.scalar("SELECT count(*) FROM (SELECT DISTINCT s, p, o, grp FROM qualifiers)");
    r.qualifiers = db.scalar("SELECT count(*) FROM qualifiers");
    r.terms = db.scalar("SELECT count(*) FROM terms");
    r.entities = db.scalar("SELECT count(*) FROM terms WHERE kind IN (1, 2, 3)");
    r.literals = r.terms - r.entities;
    r.predicates = db.scalar("SELECT count(*) FROM predicate_stats WHERE facts > 0");
    auto sources = db.prepare(
        "SELECT count(DISTINCT q.value) FROM qualifiers q JOIN terms k ON k.id = q.key "
        "WHERE k.kind = 1 AND k.lex = 'source'");
    r.sources = sources.step() ? sources.int64(0) : 0;
    r.file_bytes = db.scalar("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
    auto tops = db.prepare(
        "SELECT t.kind, t.lex, t.dt, ps.facts FROM predicate_stats ps JOIN terms t ON t.id = ps.p "
        "WHERE ps.facts > 0 ORDER BY ps.facts DESC, t.lex LIMIT ?");
    tops.bind(1, static_cast<std::int64_t>(top));
    while (tops.step()) r.top_predicates.emplace_back(to_cell(load_term(tops)), tops.int64(3));
    return r;
  });
}

tl::expected<std::vector<std::string>, error> check_store(triple_store& s) {
  return guarded(s.path(), [&] {
    auto& db = s.db();
    std::vector<std::string> problems;
    transaction snapshot(db, transaction::mode::read);
    auto integrity = db.prepare("PRAGMA integrity_check");
    while (integrity.step())
      if (integrity.text(0) != "ok") problems.emplace_back("sqlite: " + std::string(integrity.text(0)));
    struct invariant {
      const char* what;
      const char* count_sql;
    };
    static constexpr invariant invariants[] = {
        {"facts whose subject, predicate or object is not in the dictionary",
         "SELECT count(*) FROM facts f WHERE NOT EXISTS (SELECT 1 FROM terms WHERE id = f.s) "
         "OR NOT EXISTS (SELECT 1 FROM terms WHERE id = f.p) "
         "OR NOT EXISTS (SELECT 1 FROM terms WHERE id = f.o)"},
        {"facts missing from the POS table",
         "SELECT count(*) FROM facts f WHERE NOT EXISTS "
         "(SELECT 1 FROM facts_pos x WHERE x.p = f.p AND x.o = f.o AND x.s = f.s)"},
        {"facts missing from the OSP table",
         "SELECT count(*) FROM facts f WHERE NOT EXISTS "
         "(SELECT 1 FROM facts_osp x WHERE x.o = f.o AND x.s = f.s AND x.p = f.p)"},
        {"rows of the POS and OSP tables that are not facts",
         "SELECT (SELECT count(*) FROM facts_pos) + (SELECT count(*) FROM facts_osp) "
         "- 2 * (SELECT count(*) FROM facts)"},
        {"facts whose subject is a literal or whose predicate is not an entity or IRI",
         "SELECT count(*) FROM facts f JOIN terms s ON s.id = f.s JOIN terms p ON p.id = f.p "
         "WHERE s.kind NOT IN (1, 2, 3) OR p.kind NOT IN (1, 2)"},
        {"qualifiers of facts that do not exist",
         "SELECT count(*) FROM qualifiers q WHERE NOT EXISTS "
         "(SELECT 1 FROM facts f WHERE f.s = q.s AND f.p = q.p AND f.o = q.o)"},
        {"qualifiers whose key or value is not in the dictionary",
         "SELECT count(*) FROM qualifiers q WHERE NOT EXISTS (SELECT 1 FROM terms WHERE id = q.key) "
         "OR NOT EXISTS (SELECT 1 FROM terms WHERE id = q.value)"},
        {"terms of an unknown kind", "SELECT count(*) FROM terms WHERE kind NOT BETWEEN 1 AND 9"},
        {"terms stored twice",
         "SELECT count(*) FROM (SELECT 1 FROM terms GROUP BY kind, dt, lex HAVING count(*) > 1)"},
        {"predicates whose fact count is wrong",
         "SELECT count(*) FROM (SELECT p, count(*) AS n FROM facts GROUP BY p) c "
         "FULL JOIN predicate_stats ps ON ps.p = c.p WHERE coalesce(c.n, 0) <> coalesce(ps.facts, 0)"},
    };
    for (const auto& inv : invariants) {
      if (const auto n = db.scalar(inv.count_sql); n > 0)
        problems.emplace_back(std::to_string(n) + " " + inv.what);
    }
    // The pair counts: a row for exactly the pairs with pair_count_floor
    // facts or more, each exact (a store of schema version 2 has none).
    if (db.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'object_counts'") > 0) {
      const std::string floor = std::to_string(schema::pair_count_floor);
      const std::pair<const char*, std::string> pair_checks[] = {
          {" (predicate, object) pairs whose fact count is wrong or missing",
           "SELECT count(*) FROM (SELECT p, o, count(*) AS n FROM facts_pos GROUP BY p, o HAVING n >= " +
               floor +
               ") c FULL JOIN object_counts oc ON oc.p = c.p AND oc.o = c.o "
               "WHERE coalesce(c.n, 0) <> coalesce(oc.facts, 0)"},
          {" (subject, predicate) pairs whose fact count is wrong or missing",
           "SELECT count(*) FROM (SELECT s, p, count(*) AS n FROM facts GROUP BY s, p HAVING n >= " + floor +
               ") c FULL JOIN subject_counts sc ON sc.s = c.s AND sc.p = c.p "
               "WHERE coalesce(c.n, 0) <> coalesce(sc.facts, 0)"},
      };
      for (const auto& [what, sql] : pair_checks)
        if (const auto n = db.scalar(sql); n > 0) problems.emplace_back(std::to_string(n) + what);
    }
    // Every term in the search index (a store of schema version 1 has none).
    if (db.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'term_search_docsize'") > 0)
      if (const auto n = db.scalar("SELECT count(*) FROM terms t WHERE NOT EXISTS (SELECT 1 FROM "
                                   "term_search_docsize d WHERE d.id = t.id)");
          n > 0)
        problems.emplace_back(std::to_string(n) + " terms missing from the search index");
    auto terms = db.prepare("SELECT kind, lex, dt, hash FROM terms");
    std::int64_t bad_hash = 0;
    while (terms.step())
      if (term_hash(load_term(terms)) != terms.int64(3)) ++bad_hash;
    if (bad_hash > 0) problems.emplace_back(std::to_string(bad_hash) + " terms with a wrong hash");
    return problems;
  });
}

}  // namespace kg::store
