#!/usr/bin/env bash
# Installs what the Oxigraph oracle (docs/oracle.md) needs, and only what is
# missing (running it again changes nothing):
#   - Node.js and npm from Debian, unless node and npm are already there;
#   - the npm package oxigraph (OXIGRAPH_VERSION, default below, the one
#     bench/peers/install.sh installs) into PREFIX/node_modules.
# Uses sudo for apt-get when not run as root. Never fails: where Debian's
# archive or the npm registry cannot be reached it says so and exits 0, and
# the oracle tests skip with a message.
#
# usage: tests/oracle/install.sh PREFIX     (make test passes BUILD/oracle)
set -uo pipefail
prefix=${1:?usage: install.sh PREFIX}
version=${OXIGRAPH_VERSION:-0.5.11}

skip() {
  echo "oracle: $1; the oracle tests will be skipped" >&2
  exit 0
}

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "oracle: installing nodejs and npm from Debian"
  { "${sudo[@]}" apt-get update -qq &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm; } ||
    skip "could not install nodejs and npm"
fi

manifest=$prefix/node_modules/oxigraph/package.json
installed=$([ -f "$manifest" ] && node -p 'require(require("path").resolve(process.argv[1])).version' "$manifest" 2>/dev/null)
[ "$installed" = "$version" ] && exit 0

echo "oracle: installing the npm package oxigraph@$version into $prefix"
mkdir -p "$prefix" || skip "cannot create $prefix"
timeout 600 npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error \
  --fetch-retries=1 --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=10000 "oxigraph@$version" ||
  skip "npm could not install oxigraph@$version (is the npm registry reachable?)"
