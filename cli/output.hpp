// Printing answers: aligned tables (ASCII or box drawing), TSV, CSV, JSON,
// JSON lines, one line per value, Markdown, and Graphviz DOT.
#pragma once

#include <array>
#include <cstddef>
#include <deque>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/run.hpp"
#include "parser/prefixes.hpp"

namespace kg::cli {

// srj, srx, sparql-csv and sparql-tsv are the SPARQL 1.1 query results
// formats (JSON, XML, CSV, TSV); json is srj with each entity's name beside
// its IRI. nt and ttl write answers whose first three columns are a
// subject, a predicate and an object (CONSTRUCT's, or any such select) as
// triples.
enum class output_mode {
  table,
  box,
  tsv,
  csv,
  json,
  jsonl,
  line,
  markdown,
  dot,
  srj,
  srx,
  sparql_csv,
  sparql_tsv,
  ntriples,
  turtle
};

// The output modes and their names, in the order .mode lists them.
inline constexpr std::array<std::pair<std::string_view, output_mode>, 15> output_mode_names = {{
    {"table", output_mode::table},
    {"box", output_mode::box},
    {"tsv", output_mode::tsv},
    {"csv", output_mode::csv},
    {"json", output_mode::json},
    {"jsonl", output_mode::jsonl},
    {"line", output_mode::line},
    {"markdown", output_mode::markdown},
    {"dot", output_mode::dot},
    {"srj", output_mode::srj},
    {"srx", output_mode::srx},
    {"sparql-csv", output_mode::sparql_csv},
    {"sparql-tsv", output_mode::sparql_tsv},
    {"nt", output_mode::ntriples},
    {"ttl", output_mode::turtle},
}};

// The names of the output modes, in the order of output_mode_names.
const std::vector<std::string>& output_modes();

// A mode's name, and the mode a name gives (nullopt for none).
std::string_view name_of(output_mode m);
std::optional<output_mode> mode_named(std::string_view name);

// The tables end with a row count.
bool has_footer(output_mode m);
// JSON, JSON lines, DOT and the SPARQL results formats are documents: nothing is written between
// answers, and no answers is an empty document, not a note.
bool is_document(output_mode m);

struct render_options {
  output_mode mode = output_mode::tsv;
  bool headers = true;            // column names (tables, tsv, csv, markdown)
  bool terminal = false;          // the output is a terminal: escape control characters, fit the width
  bool color = false;             // bold headers
  std::size_t width = 0;          // the terminal's columns; 0 for no limit
  // Table and box: the width of each column (.width); 0 or absent: as wide
  // as its cells, narrowed to fit `width`.
  std::vector<std::size_t> column_widths;
  bool wrap = true;  // a cell wider than its column goes on over more lines (else it is cut, with …)
  std::size_t max_rows = 0;       // show at most this many rows, eliding the middle; 0 for all
  bool footer = false;            // "(N rows)" after a table
  std::optional<double> seconds;  // shown in the footer
  // The modes people read (table, box, line, markdown) write an IRI as a
  // prefixed name (ex:alice) where one of these prefixes fits; the others
  // keep IRIs whole, as other tools read them.
  const prefix_list* prefixes = nullptr;
};

// Writes an answer. Unbound cells (from optional or or groups) are empty,
// or null in JSON. DOT draws table::facts, or the rows when they are
// (subject, predicate, object) triples.
void render(const engine::table& a, const render_options& o, std::ostream& out);

// The plain modes by name, as kg query and kg run print them: table
// (with a row count), tsv, csv, json, jsonl, line, markdown, box, dot.
void print_answer(const engine::table& a, output_mode mode, std::ostream& out);

// A cell in kg's cell syntax; "" when unbound.
std::string cell_text(const std::optional<term>& t);

// The terminal columns a text takes: two for wide East Asian characters
// and emoji, none for combining marks, one for the rest.
std::size_t display_width(std::string_view s);

// The options kg query and kg run print a mode with.
render_options plain_options(output_mode mode);

// Prints the rows of an answer as the engine reads them (given as
// run_options::sink), so that no answer is held in memory whole: a few
// hundred rows at a time; a table sizes its columns by its first 1,000
// rows (longer cells below wrap or are cut); with max_rows, the first and
// last rows are kept and the middle counted. DOT is never streamed (see
// wanted). print_result, given it, writes the end.
class streamed_output : public engine::row_sink {
 public:
  // before: run before anything of an answer is written (a separator).
  streamed_output(const render_options& o, std::ostream& out, std::ostream& err,
                  std::function<void()> before = {});
  static bool wanted(const render_options& o);
  void begin(const engine::table& a) override;
  // False once the output has failed (a closed pipe, a full disk).
  bool row(const engine::table& a, std::vector<std::optional<term>>&& cells) override;
  // Writes the rows left and the end (a table's footer with o.seconds).
  void finish(const engine::table& a, const render_options& o);

 private:
  void flush(bool last, const render_options& o);
  bool elides() const;  // max_rows applies (not to JSON)
  render_options o_;
  std::ostream& out_;
  std::ostream& err_;
  std::function<void()> before_;
  engine::table chunk_;
  std::deque<std::vector<std::optional<term>>> tail_;
  std::vector<std::size_t> widths_;
  bool first_ = true;
  std::size_t written_ = 0, seen_ = 0;
};

// Prints what a statement gave: its answer (or, for explain, the pattern
// form, SQL and plan) to out, and notes (what changed, "no answers ...")
// to err. A streamed answer is ended by the streamed_output it went to.
void print_result(const engine::answer& a, const render_options& o, std::ostream& out, std::ostream& err,
                  streamed_output* streamed = nullptr);
void print_result(const engine::answer& a, output_mode mode, std::ostream& out, std::ostream& err,
                  streamed_output* streamed = nullptr);

}  // namespace kg::cli
