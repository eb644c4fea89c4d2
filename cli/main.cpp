// The kg command: everything lives in kg_cli; main only hands over.
#include "cli/app.hpp"

int main(int argc, char** argv) { return kg::cli::run(argc, argv); }
