#!/usr/bin/env bash
# Installs the peers that bench/peers/ compares kg with, and only what is
# missing (running it again changes nothing):
#   - RDFLib for Debian's python3 (python3-rdflib);
#   - Redland: its tools, its SQLite storage and its Python bindings
#     (redland-utils, librdf-storage-sqlite, python3-librdf);
#   - Node.js and npm from Debian, unless node and npm are already there;
#   - the npm package oxigraph, into bench/data/peers/oxigraph (ignored by
#     git). OXIGRAPH_VERSION chooses its version (default below);
#   - Virtuoso Open Source 7.2: its server and isql (virtuoso-opensource-7-bin)
#     and its ODBC driver (libvirtodbc0), with pyodbc (python3-pyodbc).
#     Not the virtuoso-opensource package itself: its configuration asks
#     for a DBA password and starts a system service, and virtuoso.py runs
#     a server of its own on a database of its own;
#   - the npm packages @duckdb/node-api (DuckDB; the older npm package
#     duckdb downloads its binary at install from a host of its own, this
#     one ships it in a platform package) and kuzu, into
#     bench/data/peers/duckdb and bench/data/peers/kuzu; DUCKDB_VERSION
#     and KUZU_VERSION choose their versions;
#   - jq, with which check_counts.sh reads the runners' JSON.
#   - valgrind, whose callgrind counts the instructions of an import
#     (bench/profile_import.sh).
# Uses sudo for apt-get when not run as root. Prints what is installed.
#
# usage: bench/peers/install.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
peers=$(dirname "$here")/data/peers
oxigraph_version=${OXIGRAPH_VERSION:-0.5.11}
duckdb_version=${DUCKDB_VERSION:-1.5.6-r.1}
kuzu_version=${KUZU_VERSION:-0.11.3}

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)

installed() {
  dpkg-query -W -f '${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

debs=(python3-rdflib redland-utils librdf-storage-sqlite python3-librdf jq valgrind
  virtuoso-opensource-7-bin libvirtodbc0 python3-pyodbc)
command -v node >/dev/null && command -v npm >/dev/null || debs+=(nodejs npm)
missing=()
for deb in "${debs[@]}"; do
  installed "$deb" || missing+=("$deb")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The version of npm package $2 under bench/data/peers/$1, if any.
npm_installed() {
  local manifest=$peers/$1/node_modules/$2/package.json
  [ -f "$manifest" ] && node -p 'require(process.argv[1]).version' "$manifest"
}

# Installs npm package $2 at version $3 into bench/data/peers/$1.
npm_peer() {
  if [ "$(npm_installed "$1" "$2" || true)" != "$3" ]; then
    echo "Installing the npm package $2@$3 into $peers/$1"
    mkdir -p "$peers/$1"
    npm install --prefix "$peers/$1" --no-audit --no-fund --no-save --loglevel=error "$2@$3"
  fi
}

npm_peer oxigraph oxigraph "$oxigraph_version"
npm_peer duckdb @duckdb/node-api "$duckdb_version"
npm_peer kuzu kuzu "$kuzu_version"

echo "Peers installed:"
for deb in python3-rdflib redland-utils librdf-storage-sqlite python3-librdf jq \
  virtuoso-opensource-7-bin libvirtodbc0 python3-pyodbc; do
  printf '  %-26s %s\n' "$deb" "$(dpkg-query -W -f '${Version}' "$deb")"
done
printf '  %-26s %s\n' node "$(node --version)" npm "$(npm --version 2>/dev/null)" \
  oxigraph "$(npm_installed oxigraph oxigraph) in $peers/oxigraph" \
  @duckdb/node-api "$(npm_installed duckdb @duckdb/node-api) in $peers/duckdb" \
  kuzu "$(npm_installed kuzu kuzu) in $peers/kuzu"
