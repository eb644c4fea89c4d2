// The curated fact files of triples/, compiled into kg (see
// cli/embed_triples.cmake), used to seed a new default store.
#pragma once

#include <string_view>
#include <vector>

namespace kg::cli {

struct curated_file {
  std::string_view name;     // file name, e.g. "000_fc729ba78c68ed91.tsv"
  std::string_view content;  // the file's bytes
};

const std::vector<curated_file>& curated_files();

}  // namespace kg::cli
