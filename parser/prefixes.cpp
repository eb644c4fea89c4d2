#include "parser/prefixes.hpp"

#include <algorithm>

#include "parser/term.hpp"

namespace kg {
namespace {

bool ascii_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool hex_digit(unsigned char c) { return ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

}  // namespace

const prefix_list& well_known_prefixes() {
  static const prefix_list all = {
      {"rdf", std::string(rdf::ns)},
      {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
      {"xsd", std::string(xsd::ns)},
      {"owl", "http://www.w3.org/2002/07/owl#"},
      {"foaf", "http://xmlns.com/foaf/0.1/"},
      {"schema", "http://schema.org/"},
      {"dc", "http://purl.org/dc/elements/1.1/"},
      {"dcterms", "http://purl.org/dc/terms/"},
      {"kg", std::string(entity_namespace)},
  };
  return all;
}

bool valid_prefix_name(std::string_view name) {
  if (name.empty()) return true;
  const auto first = static_cast<unsigned char>(name.front());
  if (!ascii_alpha(first) && first < 0x80) return false;
  if (name.back() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return ascii_alpha(c) || ascii_digit(c) || c == '_' || c == '-' || c == '.' || c >= 0x80;
  });
}

std::optional<std::string> find_prefix(const prefix_list& list, std::string_view name) {
  for (auto it = list.rbegin(); it != list.rend(); ++it)
    if (it->name == name) return it->iri;
  for (const auto& p : list)
    if (p.name == any_prefix) return p.iri + std::string(name) + ':';
  return std::nullopt;
}

const prefix_list& accepting_any_prefix() {
  static const prefix_list all = [] {
    prefix_list p = well_known_prefixes();
    p.push_back({std::string(any_prefix), "urn:kg:prefix:"});
    return p;
  }();
  return all;
}

void declare(prefix_list& list, std::string_view name, std::string_view iri) {
  std::erase_if(list, [&](const prefix& p) { return p.name == name; });
  list.push_back({std::string(name), std::string(iri)});
}

bool plain_local(std::string_view local) {
  if (local.empty()) return true;
  if (local.front() == '-' || local.front() == '.' || local.back() == '.') return false;
  for (std::size_t i = 0; i < local.size(); ++i) {
    const auto c = static_cast<unsigned char>(local[i]);
    if (ascii_alpha(c) || ascii_digit(c) || c == '_' || c == '-' || c == '.' || c == ':') continue;
    if (c == '%' && i + 2 < local.size() && hex_digit(static_cast<unsigned char>(local[i + 1])) &&
        hex_digit(static_cast<unsigned char>(local[i + 2]))) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

std::optional<std::string> compact_iri(const prefix_list& list, std::string_view iri) {
  const prefix* best = nullptr;
  for (auto it = list.rbegin(); it != list.rend(); ++it) {
    const auto& p = *it;
    if (p.iri.empty() || !iri.starts_with(p.iri) || (best && best->iri.size() >= p.iri.size())) continue;
    // A name declared again later hides this declaration.
    if (find_prefix(list, p.name) != p.iri) continue;
    if (plain_local(iri.substr(p.iri.size()))) best = &p;
  }
  if (!best) return std::nullopt;
  return best->name + ':' + std::string(iri.substr(best->iri.size()));
}

std::string resolve_iri(std::string_view base, std::string_view iri) {
  if (base.empty()) return std::string(iri);
  const auto colon = iri.find(':');
  if (colon != std::string_view::npos && iri.find_first_of("/?#") > colon)
    return std::string(iri);  // has a scheme
  if (iri.empty()) return std::string(base);
  if (iri.front() == '#') return std::string(base.substr(0, base.find('#'))) + std::string(iri);
  const auto cut = base.find_last_of('/');
  return cut == std::string_view::npos ? std::string(base) + std::string(iri)
                                       : std::string(base.substr(0, cut + 1)) + std::string(iri);
}

}  // namespace kg
