#!/usr/bin/env bash
# Installs the peers that bench/peers/ compares kg with, and only what is
# missing (running it again changes nothing):
#   - RDFLib for Debian's python3 (python3-rdflib);
#   - Redland: its tools, its SQLite storage and its Python bindings
#     (redland-utils, librdf-storage-sqlite, python3-librdf);
#   - Node.js and npm from Debian, unless node and npm are already there;
#   - the npm package oxigraph, into bench/data/peers/oxigraph (ignored by
#     git). OXIGRAPH_VERSION chooses its version (default below);
#   - jq, with which check_counts.sh reads the runners' JSON.
#   - valgrind, whose callgrind counts the instructions of an import
#     (bench/profile_import.sh).
# Uses sudo for apt-get when not run as root. Prints what is installed.
#
# usage: bench/peers/install.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=$(dirname "$here")/data/peers/oxigraph
oxigraph_version=${OXIGRAPH_VERSION:-0.5.11}

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)

installed() {
  dpkg-query -W -f '${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

debs=(python3-rdflib redland-utils librdf-storage-sqlite python3-librdf jq valgrind)
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

# The version of the oxigraph package under $prefix, if any.
oxigraph_installed() {
  local manifest=$prefix/node_modules/oxigraph/package.json
  [ -f "$manifest" ] && node -p 'require(process.argv[1]).version' "$manifest"
}

if [ "$(oxigraph_installed || true)" != "$oxigraph_version" ]; then
  echo "Installing the npm package oxigraph@$oxigraph_version into $prefix"
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error "oxigraph@$oxigraph_version"
fi

echo "Peers installed:"
for deb in python3-rdflib redland-utils librdf-storage-sqlite python3-librdf jq; do
  printf '  %-22s %s\n' "$deb" "$(dpkg-query -W -f '${Version}' "$deb")"
done
printf '  %-22s %s\n' node "$(node --version)" npm "$(npm --version 2>/dev/null)" \
  oxigraph "$(oxigraph_installed) in $prefix"
