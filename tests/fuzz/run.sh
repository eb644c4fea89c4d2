#!/usr/bin/env bash
# Runs every fuzz target for a while (make fuzz) and prints, per target, the
# executions, the seconds and the findings. A finding (crash-*, leak-*,
# timeout-*, oom-* from libFuzzer) is copied into
# tests/fuzz-regressions/<target>/, where the ordinary test suite replays it:
# fix the bug, keep the file.
#   usage: tests/fuzz/run.sh BUILD_DIR SECONDS_PER_TARGET
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:?build folder}
seconds=${2:-60}
targets=(fuzz_query fuzz_ntriples fuzz_tabular)
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
symbolizer=$(command -v llvm-symbolizer-14 || command -v llvm-symbolizer || true)
[ -n "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH=$symbolizer

status=0
summary=()
for t in "${targets[@]}"; do
  work="$build/fuzz-work/$t"
  rm -rf "$work/artifacts"
  mkdir -p "$work/corpus" "$work/artifacts"
  # The seeds stay as they are; what libFuzzer adds goes to the build folder.
  start=$(date +%s)
  "$build/$t" -max_total_time="$seconds" -print_final_stats=1 -print_funcs=0 -artifact_prefix="$work/artifacts/" \
    "$work/corpus" "tests/fuzz/corpus/$t" >"$work/log" 2>&1
  rc=$?
  took=$(($(date +%s) - start))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
  found=0
  for f in "$work"/artifacts/*; do
    [ -e "$f" ] || continue
    found=$((found + 1))
    mkdir -p "tests/fuzz-regressions/$t"
    cp "$f" "tests/fuzz-regressions/$t/"
    echo "$t: finding saved as tests/fuzz-regressions/$t/$(basename "$f")"
  done
  if [ "$found" -gt 0 ] || [ "$rc" -ne 0 ]; then
    status=1
    echo "--- $t (exit $rc): end of its log ---"
    tail -40 "$work/log"
  fi
  summary+=("$(printf '%-14s %12s executions %6s s %3d findings' "$t" "${runs:-?}" "${took:-?}" "$found")")
done
printf '%s\n' "${summary[@]}"
exit $status
