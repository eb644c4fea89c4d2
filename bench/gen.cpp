// kg-gen: a deterministic generator of facts for benchmarks, in two shapes.
// news: entities and predicates drawn from Zipf distributions (a few very
// common, a long tail), about 20% of objects literals (dates, numbers,
// text), about 10% of facts with qualifiers (date, source, line).
// university: a LUBM-like graph of universities, departments and research
// groups (sub_organization_of chains), professors, students and courses,
// with a skewed `knows` relation between people.
// The same seed and size always give the same bytes, in N-Triples or TSV.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "parser/term.hpp"

namespace {

// splitmix64: a small generator whose output is fixed by its definition,
// unlike the standard distributions.
class rng {
 public:
  explicit rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  std::uint64_t below(std::uint64_t n) { return next() % n; }

 private:
  std::uint64_t state_;
};

// Samples ranks 0..n-1 with probability proportional to 1/(rank+1)^s.
class zipf {
 public:
  zipf(std::size_t n, double s) : cdf_(n) {
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) cdf_[i] = (sum += 1.0 / std::pow(static_cast<double>(i + 1), s));
    for (auto& c : cdf_) c /= sum;
  }
  std::size_t operator()(rng& r) const {
    return static_cast<std::size_t>(std::lower_bound(cdf_.begin(), cdf_.end(), r.uniform()) - cdf_.begin());
  }

 private:
  std::vector<double> cdf_;
};

constexpr const char* classes[] = {"Person", "Company", "Organization", "Product", "Place", "Event"};
constexpr const char* predicates[] = {
    "met",        "announced", "ceo_of",        "visited",     "based_in",  "part_of",        "interviewed",
    "reported",   "supplies",  "competes_with", "invested_in", "acquired",  "partnered_with", "employs",
    "located_in", "spoke_at",  "criticized",    "praised",     "regulates", "exports_to",     "imports_from",
    "launched",   "owns",      "founded",       "hired",       "sued",      "licensed",       "restricted",
    "discussed",  "attended",  "member_of",     "advises",     "chairs",    "funds",          "studies",
    "produces",   "sells",     "buys",          "leads",       "joined"};
constexpr const char* literal_predicates[] = {"founded_on",   "employees", "market_value_usd", "said",
                                              "announced_on", "rank",      "revenue_usd",      "title"};

std::string entity_name(std::size_t rank) {
  return std::string(classes[rank % std::size(classes)]) + " " + std::to_string(rank);
}

// The university shape, fact by fact until `facts` are written.
bool university(std::ostream& out, std::uint64_t facts, std::uint64_t seed, bool nt) {
  rng r(seed);
  std::uint64_t written = 0;
  auto emit = [&](const kg::term& s, const char* p, const kg::term& o) {
    if (written++ >= facts) return;
    const kg::term pt = kg::entity(p);
    if (nt)
      out << kg::to_ntriples(s) << ' ' << kg::to_ntriples(pt) << ' ' << kg::to_ntriples(o) << " .\n";
    else
      out << kg::to_cell(s) << '\t' << kg::to_cell(pt) << '\t' << kg::to_cell(o) << "\t\t\t\n";
  };
  auto name = [](const std::string& kind, std::uint64_t u, std::uint64_t d, std::uint64_t i) {
    return kg::entity(kind + " " + std::to_string(u) + "." + std::to_string(d) + "." + std::to_string(i));
  };
  // People of every department so far, for `knows`, drawn by a Zipf rank:
  // a few people are known by very many.
  std::vector<kg::term> people;
  const zipf pick_known(4096, 1.0);
  // A little lexicon, so that questions can be asked (which students take X?).
  emit(kg::entity("is_a"), "semantics", kg::entity("type"));
  emit(kg::entity("student"), "plural", {kg::term_kind::text, "students", {}});
  emit(kg::entity("professor"), "plural", {kg::term_kind::text, "professors", {}});
  emit(kg::entity("takes_course"), "verb_form", {kg::term_kind::text, "take", {}});
  emit(kg::entity("teacher_of"), "verb_form", {kg::term_kind::text, "teach", {}});
  emit(kg::entity("sub_organization_of"), "semantics", kg::entity("transitive"));
  for (std::uint64_t u = 0; written < facts; ++u) {
    const kg::term uni = kg::entity("University " + std::to_string(u));
    emit(uni, "is_a", kg::entity("university"));
    const std::uint64_t departments = 15 + r.below(10);
    for (std::uint64_t d = 0; d < departments && written < facts; ++d) {
      const kg::term dept = name("Department", u, d, 0);
      emit(dept, "is_a", kg::entity("department"));
      emit(dept, "sub_organization_of", uni);
      for (std::uint64_t g = 0; g < 5; ++g) {
        const kg::term group = name("Research Group", u, d, g);
        emit(group, "is_a", kg::entity("research group"));
        emit(group, "sub_organization_of", dept);
      }
      std::vector<kg::term> professors, courses;
      for (std::uint64_t c = 0; c < 20; ++c) {
        courses.push_back(name("Course", u, d, c));
        emit(courses.back(), "is_a", kg::entity("course"));
      }
      for (std::uint64_t f = 0; f < 12; ++f) {
        const kg::term prof = name("Professor", u, d, f);
        professors.push_back(prof);
        emit(prof, "is_a", kg::entity("professor"));
        emit(prof, "works_for", dept);
        emit(prof, "member_of", name("Research Group", u, d, f % 5));
        emit(prof, "degree_from", kg::entity("University " + std::to_string(r.below(u + 1))));
        emit(prof, "teacher_of", courses[f]);
        emit(prof, "teacher_of", courses[f + 8 < 20 ? f + 8 : f]);
        emit(prof, "age", {kg::term_kind::integer, std::to_string(35 + r.below(30)), {}});
        people.push_back(prof);
      }
      for (std::uint64_t st = 0; st < 120 && written < facts; ++st) {
        const kg::term student = name("Student", u, d, st);
        emit(student, "is_a", kg::entity("student"));
        emit(student, "member_of", dept);
        emit(student, "advisor", professors[r.below(professors.size())]);
        for (int k = 0, n = 2 + static_cast<int>(r.below(3)); k < n; ++k)
          emit(student, "takes_course", courses[r.below(courses.size())]);
        emit(student, "age", {kg::term_kind::integer, std::to_string(18 + r.below(12)), {}});
        people.push_back(student);
        for (int k = 0, n = 1 + static_cast<int>(r.below(4)); k < n; ++k) {
          const std::size_t rank = pick_known(r) % people.size();
          emit(student, "knows", people[rank]);
        }
      }
    }
  }
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kg-gen: deterministic news-like facts for benchmarks"};
  std::uint64_t facts = 1'000'000, seed = 42;
  std::string fmt = "nt", out_path;
  app.add_option("-n,--facts", facts, "Number of facts")->capture_default_str();
  app.add_option("--format", fmt, "nt or tsv")->check(CLI::IsMember({"nt", "tsv"}))->capture_default_str();
  app.add_option("--seed", seed, "Random seed")->capture_default_str();
  app.add_option("-o,--out", out_path, "Output file (default: standard output)");
  std::string shape = "news";
  app.add_option("--shape", shape, "news or university")
      ->check(CLI::IsMember({"news", "university"}))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  std::ofstream file;
  if (!out_path.empty()) file.open(out_path, std::ios::binary);
  std::ostream& out = out_path.empty() ? std::cout : file;
  std::vector<char> buffer(1 << 20);
  out.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));

  rng r(seed);
  const std::size_t n_entities = std::max<std::size_t>(100, facts / 4);
  const zipf pick_entity(n_entities, 0.9);
  const zipf pick_predicate(std::size(predicates), 1.1);
  const bool nt = fmt == "nt";
  if (!nt) out << "subject\tpredicate\tobject\tdate\tsource\tline\n";

  if (shape == "university") return university(out, facts, seed, nt) ? 0 : 1;

  std::uint64_t reifier = 0;
  for (std::uint64_t i = 0; i < facts; ++i) {
    kg::term s = kg::entity(entity_name(pick_entity(r)));
    kg::term p, o;
    if (r.uniform() < 0.2) {
      const auto which = r.below(std::size(literal_predicates));
      p = kg::entity(literal_predicates[which]);
      switch (which % 4) {
        case 0: {
          char d[16];
          std::snprintf(d, sizeof d, "%04d-%02d-%02d", 1990 + static_cast<int>(r.below(36)),
                        1 + static_cast<int>(r.below(12)), 1 + static_cast<int>(r.below(28)));
          o = {kg::term_kind::date, d, {}};
          break;
        }
        case 1:
          o = {kg::term_kind::integer, std::to_string(r.below(1'000'000'000)), {}};
          break;
        case 2:
          o = {kg::term_kind::decimal,
               std::to_string(r.below(100000)) + "." + std::to_string(r.below(100)),
               {}};
          break;
        default:
          o = {
              kg::term_kind::text, "statement " + std::to_string(r.below(facts)) + " on chips and trade", {}};
      }
    } else {
      p = kg::entity(predicates[pick_predicate(r)]);
      o = kg::entity(entity_name(pick_entity(r)));
    }
    const bool qualified = r.uniform() < 0.1;
    std::string date, source, line;
    if (qualified) {
      char d[16];
      std::snprintf(d, sizeof d, "2025-%02d-%02d", 1 + static_cast<int>(r.below(12)),
                    1 + static_cast<int>(r.below(28)));
      date = d;
      source = "article " + std::to_string(r.below(5000));
      line = std::to_string(1 + r.below(40));
    }
    if (nt) {
      const auto S = kg::to_ntriples(s), P = kg::to_ntriples(p), O = kg::to_ntriples(o);
      out << S << ' ' << P << ' ' << O << " .\n";
      if (qualified) {
        const std::string b = "_:q" + std::to_string(++reifier);
        const std::string rdf(kg::rdf::ns);
        out << b << " <" << rdf << "subject> " << S << " .\n"
            << b << " <" << rdf << "predicate> " << P << " .\n"
            << b << " <" << rdf << "object> " << O << " .\n"
            << b << " <urn:kg:e:date> " << kg::to_ntriples({kg::term_kind::date, date, {}}) << " .\n"
            << b << " <urn:kg:e:source> " << kg::to_ntriples(kg::entity(source)) << " .\n"
            << b << " <urn:kg:e:line> " << kg::to_ntriples({kg::term_kind::integer, line, {}}) << " .\n";
      }
    } else {
      out << kg::to_cell(s) << '\t' << kg::to_cell(p) << '\t' << kg::to_cell(o) << '\t' << date << '\t'
          << source << '\t' << line << '\n';
    }
  }
  out.flush();
  return out ? 0 : 1;
}
