// (filled in by the robustness tests)
