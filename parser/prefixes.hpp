// Prefixes: short names for IRI namespaces (ex: for <http://example.org/>),
// as Turtle and SPARQL declare them. kg's language, SPARQL, the shell and
// the Turtle writer share them: the well-known ones are always declared,
// a store keeps the ones imported Turtle declared and .prefix saved, and a
// script or shell session adds its own `prefix` statements.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

struct prefix {
  std::string name;  // without the ':'; may be empty (the prefix ':')
  std::string iri;
  bool operator==(const prefix&) const = default;
};

// Declarations in order: a later one of a name overrides an earlier one.
using prefix_list = std::vector<prefix>;

// A list holding a declaration of this name accepts every prefix: one it
// does not declare stands for that declaration's IRI followed by the
// prefix. (Splitting a script into statements reads them before the
// statements that declare their prefixes have run.)
inline constexpr std::string_view any_prefix = "*";
const prefix_list& accepting_any_prefix();

// rdf, rdfs, xsd, owl, foaf, schema, dc, dcterms and kg (kg's entities).
const prefix_list& well_known_prefixes();

// Whether `name` may name a prefix: Turtle's PN_PREFIX (letters, digits,
// '_', '-', '.', not led by a digit, '_', '-' or '.', not ending in '.'),
// or empty.
bool valid_prefix_name(std::string_view name);

// The IRI a prefix name stands for in `list` (the last declaration wins,
// see any_prefix), or nullopt.
std::optional<std::string> find_prefix(const prefix_list& list, std::string_view name);

// Sets (or replaces) one declaration.
void declare(prefix_list& list, std::string_view name, std::string_view iri);

// Whether Turtle and SPARQL read `local` as the local part of a prefixed
// name standing for exactly these characters, with no escape: ASCII
// letters, digits, '_', '-' (not first), '.' (not first or last), ':'
// and %XX escapes.
bool plain_local(std::string_view local);

// The prefixed name writing `iri` in `list`: the declaration with the
// longest namespace whose remainder is a plain local part; nullopt when
// none fits.
std::optional<std::string> compact_iri(const prefix_list& list, std::string_view iri);

// A relative IRI resolved against a base by joining them: an absolute IRI
// (with a scheme) stays, a fragment replaces the base's, a path is
// appended to the base up to its last '/'. An empty base leaves it.
std::string resolve_iri(std::string_view base, std::string_view iri);

}  // namespace kg
