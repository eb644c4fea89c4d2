#!/bin/sh
# ctest reads a test name holding ';' as two names (a CMake list); doctest
# then runs no test case for either, and both pass without running. Fails,
# naming them, when a test case of the binary in $1 has such a name.
names=$("$1" --list-test-cases --no-version) || exit 1
if printf '%s\n' "$names" | grep -F ';'; then
  echo "these test case names hold ';': ctest would pass them without running them" >&2
  exit 1
fi
