// The properties the fuzz targets check on every input. They live here, not
// in the targets, so that tests/test_fuzz_regressions.cpp replays the saved
// inputs through the very same checks in the ordinary test suite.
#pragma once

#include <string>
#include <string_view>

namespace kg::fuzz {

// Each check returns an empty string when every property holds, else a
// description of the first one that does not. None of them may crash,
// whatever the input.

// The input is a query. An error is positioned inside the text; a query
// that parses prints in canonical form, and that text parses to the same
// tree; the input read as a script splits into statements that each parse
// or fail with a positioned error.
std::string check_query(std::string_view input);

// The input is a control byte, then an N-Triples document. The document
// parses with positioned errors; read with its plainly shaped lines taken
// as spellings (split_ntriples_line, parse_ntriples_term), as kg's import
// reads it, it gives the same statements and errors; cut at a line break (the control byte
// picks which) and parsed as two pieces, the second numbered from its own
// first line, it gives the same statements and errors as whole; the
// statements written back with to_ntriples, and as TSV cells with to_cell,
// parse again to the same terms.
std::string check_ntriples(std::string_view input);

// The input is a control byte, then a TSV (even control byte) or CSV (odd)
// document. The same properties as for N-Triples, the cut being at a record
// boundary after the header and the second piece getting the header again;
// the statements round-trip through TSV, CSV (csv_field) and N-Triples.
std::string check_tabular(std::string_view input);

}  // namespace kg::fuzz
