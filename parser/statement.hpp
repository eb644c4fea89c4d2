// What the import parsers produce: statements (a fact plus its qualifiers)
// pushed into a sink, and positioned errors.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/diagnostic.hpp"
#include "parser/term.hpp"

namespace kg {

struct qualifier {
  term key;
  term value;
};

struct statement {
  term s, p, o;
  std::vector<qualifier> qualifiers;
  std::size_t line = 0;  // 1-based line where the statement starts
};

// The three terms of an N-Triples line as written, each a complete
// spelling such as <http://x>, _:b1 or "chat"@fr (see split_ntriples_line).
struct spelled_triple {
  std::string_view s, p, o;
};

// Receives what a parser reads. The parser reuses the statement it passes,
// so a sink may move from it.
class statement_sink {
 public:
  virtual ~statement_sink() = default;
  virtual void on_statement(statement& st) = 0;
  // Returns false to stop parsing.
  virtual bool on_error(diagnostic d) = 0;
  // A sink that remembers what each spelling it has seen stands for says so
  // here; the N-Triples parser then offers it each plainly shaped line as
  // spellings first (on_spelled) and parses the line in full only when the
  // sink declines.
  virtual bool takes_spellings() const { return false; }
  // Takes one line's triple as spellings, or returns false (having taken
  // nothing) to have the line parsed in full: a spelling it cannot resolve,
  // an invalid one, or a term in a position it may not take.
  virtual bool on_spelled(const spelled_triple&, std::size_t /*line*/) { return false; }
  // A prefix the text declares (Turtle's @prefix), its IRI resolved.
  virtual void on_prefix(std::string_view /*name*/, std::string_view /*iri*/) {}
};

enum class format { tsv, csv, ntriples, turtle, trig, nquads };

// Whether a format is one of RDF's (N-Triples, Turtle, TriG, N-Quads):
// qualifiers are read and written as reification there.
inline bool is_rdf(format f) { return f != format::tsv && f != format::csv; }

// The longest term kg reads, in bytes; longer ones are a positioned error.
inline constexpr std::size_t max_term_bytes = 16u << 20;

// The most columns a TSV or CSV header may name (subject, predicate, object
// and qualifiers); more are a positioned error. Far more qualifiers than
// any statement has, and small enough that a row stays cheap to check.
inline constexpr std::size_t max_columns = 10000;

// "tsv", "csv", "nt" / "ntriples", "ttl" / "turtle", "trig", "nq" /
// "nquads" (case-insensitive).
std::optional<format> format_from_name(std::string_view name);
// From a file name's extension (.tsv, .tab, .csv, .nt, .ttl, .trig, .nq).
std::optional<format> format_from_path(std::string_view path);
std::string_view format_name(format f);

// Parses a whole text. Invalid UTF-8 (and NUL bytes in TSV and CSV) are positioned errors;
// a UTF-8 byte order mark at the start is skipped.
void parse(format f, std::string_view file, std::string_view text, statement_sink& sink);

// The checks parse() makes before parsing: skips a byte order mark in
// text, and reports invalid UTF-8 (and NUL bytes in TSV and CSV).
// Returns false when the text cannot be parsed.
bool prepare_text(format f, std::string_view file, std::string_view& text, statement_sink& sink);

// Line breaks in an N-Triples text: LF, CRLF and a lone CR each count one.
std::size_t count_line_breaks(std::string_view text);

// One N-Triples document (W3C RDF 1.1 N-Triples), or a part of one that
// starts at a line break and whose first line is numbered first_line.
// Expects prepared text.
void parse_ntriples(std::string_view file, std::string_view text, statement_sink& sink,
                    std::size_t first_line = 1);

// Splits an N-Triples line (without its line break) into the spellings of
// its three terms when it has the plain shape: optional leading blanks,
// three terms separated by blanks, '.', and optionally blanks and a
// comment. Says nothing about whether the spellings are valid terms
// (parse_ntriples_term does); nullopt for any other shape.
std::optional<spelled_triple> split_ntriples_line(std::string_view line);

// The term one complete spelling stands for, exactly as parse_ntriples
// reads it, or nullopt when the spelling is not a whole valid term (IRI,
// blank node or literal) of at most max_term_bytes.
std::optional<term> parse_ntriples_term(std::string_view spelling);

// A Turtle, TriG or N-Quads document (W3C RDF 1.1), read with serd.
// Relative IRIs resolve against `base` (an absolute IRI, or empty: then
// they stay as written) until the text sets its own. A named graph
// becomes the statement's `source` qualifier. Blank nodes keep their
// labels; the nodes [] and ( ) stand for get labels unique to the text
// (a B<digit> label in Turtle or TriG reads as b<digit>: serd keeps those
// apart from its own). Expects prepared text; reports the first error.
void parse_rdf(format f, std::string_view file, std::string_view text, std::string_view base,
               statement_sink& sink);

// One part of a Turtle or N-Quads text, read on its own as parse_rdf reads
// a whole one (import reads a large text's halves on two threads): its
// lines numbered from first_line, the labels of its [] and ( ) nodes told
// apart from other parts' by `salt`. Says whether it read without an error
// (it must end where a statement ends), and the base and prefixes in force
// at its end, to check that the next part was read with them.
struct rdf_part {
  bool read = false;
  std::vector<std::pair<std::string, std::string>> environment;
};
rdf_part parse_rdf_part(format f, std::string_view file, std::string_view text, std::size_t first_line,
                        std::string_view base, std::string_view salt, statement_sink& sink);

// The file: IRI of an absolute path, percent-encoded where IRIs forbid a
// character: the base of a file's relative IRIs.
std::string file_iri(std::string_view absolute_path);

// A TSV (sep '\t', no quoting) or CSV (sep ',', RFC 4180 quoting) document
// with a header row naming subject, predicate, object and qualifier columns.
void parse_tabular(format f, std::string_view file, std::string_view text, statement_sink& sink);

// A CSV field for a cell (RFC 4180): quoted, with quotes doubled, when it
// holds a comma, a quote or a line break.
std::string csv_field(std::string_view cell);

// The result of reading one cell in kg's cell syntax.
struct cell_result {
  std::optional<term> value;     // set on success
  std::size_t error_offset = 0;  // byte offset in the cell, on failure
  std::string error;             // message, on failure
};

// Reads one cell: <iri>, _:blank, "text", "text"@lang, "lex"^^<iri> or
// "lex"^^xsd:name, an integer, a decimal, a date (YYYY-MM-DD or YYYY-MM),
// or else an entity name taken exactly as written.
cell_result parse_cell(std::string_view cell);

}  // namespace kg
