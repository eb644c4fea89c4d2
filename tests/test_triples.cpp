// The curated facts in triples/: every article fact has provenance, every
// entity a class, every spelling of a name is an alias, every predicate
// has lexicon facts; and, when the articles are beside the project, every
// cited line exists and names the fact's subject or object.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "store/import.hpp"
#include "store/store.hpp"
#include "tests/helpers.hpp"

using namespace kg;
namespace fs = std::filesystem;

namespace {

std::string slurp(const std::filesystem::path& p) { return kg::test::slurp(p.string()); }

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Only letters and digits, lower case: "NVIDIA" and "Nvidia", "U.S." and "US" meet.
std::string folded(const std::string& s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80)
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const fs::path triples_dir = fs::path(KG_SOURCE_DIR) / "triples";

// Article files are named after their article: NNN_<16 hex digits>.tsv.
bool is_article_file(const fs::path& p) {
  static const std::regex name(R"(\d{3}_[0-9a-f]{16}\.tsv)");
  return std::regex_match(p.filename().string(), name);
}

struct curated {
  std::map<std::string, std::vector<statement>> articles;  // article id -> its file's statements
  std::vector<std::string> files;                          // every triples/*.tsv
};

const curated& load() {
  static const curated c = [] {
    curated out;
    for (const auto& e : fs::directory_iterator(triples_dir)) {
      if (e.path().extension() != ".tsv") continue;
      out.files.push_back(e.path().string());
      if (!is_article_file(e.path())) continue;
      auto parsed = kg::test::parse_text(format::tsv, slurp(e.path()), e.path().filename().string());
      REQUIRE_MESSAGE(parsed.errors.empty(), (parsed.errors.empty() ? std::string() : parsed.errors.front()));
      out.articles[e.path().stem().string()] = std::move(parsed.statements);
    }
    std::sort(out.files.begin(), out.files.end());
    return out;
  }();
  return c;
}

const term* qualifier_of(const statement& st, const std::string& key) {
  for (const auto& q : st.qualifiers)
    if (q.key.lex == key) return &q.value;
  return nullptr;
}

// The whole of triples/ in one store.
class curated_store {
 public:
  curated_store() : store_(kg::test::new_store(tmp_.path("curated.kg"))) {
    std::vector<store::import_source> sources;
    for (const auto& f : load().files) sources.push_back({f, std::nullopt, std::nullopt});
    auto r = store::import_sources(store_, sources, {});
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
  }
  store::triple_store& get() { return store_; }

  std::vector<std::string> column(const std::string& sql, const std::string& bind = {}) {
    auto st = store_.db().prepare(sql);
    if (!bind.empty()) st.bind(1, std::string_view(bind));
    std::vector<std::string> out;
    while (st.step()) out.emplace_back(st.text(0));
    return out;
  }

  // The names of an entity: its own and its aliases.
  std::vector<std::string> names_of(const std::string& entity) {
    auto out = column(
        "SELECT o.lex FROM facts f JOIN terms s ON s.id = f.s JOIN terms p ON p.id = f.p JOIN terms o ON "
        "o.id = f.o "
        "WHERE s.kind = 1 AND s.lex = ?1 AND p.kind = 1 AND p.lex = 'alias'",
        entity);
    out.push_back(entity);
    return out;
  }

 private:
  kg::test::temp_dir tmp_;
  store::triple_store store_;
};

}  // namespace

TEST_SUITE("triples") {
  TEST_CASE("every article has a file, and every fact in it its article and line") {
    const auto& c = load();
    CHECK(c.articles.size() >= 3);
    std::size_t facts = 0;
    for (const auto& [name, statements] : c.articles) {
      const std::string& article = name;  // CAPTURE's lambda cannot take a binding in clang 14
      CAPTURE(article);
      CHECK(statements.size() >= 20);
      for (const auto& st : statements) {
        CAPTURE(st.line);
        const term* source = qualifier_of(st, "source");
        const term* line = qualifier_of(st, "line");
        REQUIRE(source);
        REQUIRE(line);
        CHECK(source->lex == article);
        CHECK(line->kind == term_kind::integer);
        ++facts;
      }
    }
    MESSAGE(facts << " article facts in " << c.articles.size() << " files");
  }

  TEST_CASE("triples/ imports whole, and kg check finds the store sound") {
    curated_store s;
    auto problems = store::check_store(s.get());
    REQUIRE(problems);
    CHECK(problems->empty());
  }

  TEST_CASE("every entity of an article fact has a class") {
    curated_store s;
    std::set<std::string> entities;
    for (const auto& [article, statements] : load().articles)
      for (const auto& st : statements) {
        for (const term* t : {&st.s, &st.o})
          if (t->kind == term_kind::entity) entities.insert(t->lex);
        for (const auto& q : st.qualifiers)
          if (q.value.kind == term_kind::entity && q.key.lex != "source") entities.insert(q.value.lex);
      }
    // Classes themselves (objects of the type predicate) need none.
    const auto classes = s.column(
        "SELECT DISTINCT o.lex FROM facts f JOIN terms o ON o.id = f.o WHERE f.p IN "
        "(SELECT x.s FROM facts x JOIN terms p ON p.id = x.p JOIN terms v ON v.id = x.o "
        " WHERE p.lex = 'semantics' AND v.lex = 'type')");
    REQUIRE_FALSE(classes.empty());
    std::vector<std::string> missing;
    for (const auto& e : entities) {
      if (std::find(classes.begin(), classes.end(), e) != classes.end()) continue;
      const auto found = s.column(
          "SELECT o.lex FROM facts f JOIN terms sj ON sj.id = f.s JOIN terms o ON o.id = f.o WHERE sj.kind = "
          "1 AND "
          "sj.lex = ?1 AND f.p IN (SELECT x.s FROM facts x JOIN terms p ON p.id = x.p JOIN terms v ON v.id = "
          "x.o "
          "WHERE p.lex = 'semantics' AND v.lex = 'type')",
          e);
      if (found.empty()) missing.push_back(e);
    }
    CHECK_MESSAGE(missing.empty(),
                  "entities without a class: " << doctest::toString(missing.size())
                                               << ", first: " << (missing.empty() ? "" : missing.front()));
  }

  TEST_CASE("no entity appears under two spellings unless one is an alias of the other") {
    curated_store s;
    std::map<std::string, std::vector<std::string>> by_fold;
    for (const auto& name : s.column("SELECT lex FROM terms WHERE kind = 1"))
      by_fold[folded(name)].push_back(name);
    for (const auto& entry : by_fold) {
      const auto& spellings = entry.second;  // CHECK_MESSAGE's lambda cannot take a binding in clang 14
      if (spellings.size() < 2) continue;
      for (std::size_t i = 0; i < spellings.size(); ++i)
        for (std::size_t j = i + 1; j < spellings.size(); ++j) {
          auto a = s.names_of(spellings[i]), b = s.names_of(spellings[j]);
          const bool linked = std::find(a.begin(), a.end(), spellings[j]) != a.end() ||
                              std::find(b.begin(), b.end(), spellings[i]) != b.end();
          CHECK_MESSAGE(linked, spellings[i] << " and " << spellings[j] << " are one name spelled two ways");
        }
    }
  }

  TEST_CASE("every predicate of the articles has lexicon facts: a verb or passive form") {
    curated_store s;
    std::set<std::string> predicates;
    for (const auto& [article, statements] : load().articles)
      for (const auto& st : statements) predicates.insert(st.p.lex);
    for (const auto& p : predicates) {
      CAPTURE(p);
      const auto forms = s.column(
          "SELECT o.lex FROM facts f JOIN terms sj ON sj.id = f.s JOIN terms pr ON pr.id = f.p JOIN terms o "
          "ON o.id = f.o WHERE sj.kind = 1 AND sj.lex = ?1 AND pr.lex IN ('verb_form', 'passive_form')",
          p);
      CHECK_FALSE(forms.empty());
    }
  }

  TEST_CASE("every cited line exists and names the fact's subject or object, by name or alias") {
    const fs::path articles = fs::path(KG_SOURCE_DIR) / ".." / "shared" / "articles";
    if (!fs::exists(articles)) {
      MESSAGE("skipped: the articles are not beside the project (../shared/articles)");
      return;
    }
    curated_store s;
    for (const auto& [name, statements] : load().articles) {
      const std::string& article = name;  // CAPTURE's lambda cannot take a binding in clang 14
      CAPTURE(article);
      const fs::path file = articles / (article + ".txt");
      REQUIRE(fs::exists(file));
      std::vector<std::string> lines;
      std::istringstream in(slurp(file));
      for (std::string l; std::getline(in, l);) lines.push_back(lower(l));
      for (const auto& st : statements) {
        const auto n = std::stoul(qualifier_of(st, "line")->lex);
        CAPTURE(st.line);
        REQUIRE(n >= 1);
        REQUIRE(n <= lines.size());
        const auto& text = lines[n - 1];
        bool named = false;
        for (const term* t : {&st.s, &st.o}) {
          const auto names =
              t->kind == term_kind::entity ? s.names_of(t->lex) : std::vector<std::string>{t->lex};
          for (const auto& name : names) named = named || text.find(lower(name)) != std::string::npos;
        }
        CHECK_MESSAGE(named, st.s.lex << " " << st.p.lex << " " << st.o.lex << ": line " << n
                                      << " names neither the subject nor the object");
      }
    }
  }
}
