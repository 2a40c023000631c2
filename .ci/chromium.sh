#!/usr/bin/env bash
# Provisions the browser of the dashboard test: Debian's chromium, driven by
# playwright-core (which cannot download browsers here). Idempotent: a second
# run only checks. Prints CHROMIUM=<path> on stdout; progress on stderr.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

chromium=/usr/bin/chromium
if [ ! -x "$chromium" ]; then
  command -v apt-get >/dev/null || { echo "chromium.sh: $chromium is missing and apt-get is not available to install chromium" >&2; exit 1; }
  # Two test runs at once install one after the other (apt holds its own lock, but fails instead of waiting).
  exec 9>/tmp/.corral-chromium.lock
  flock 9
  if [ ! -x "$chromium" ]; then
    echo "chromium.sh: installing chromium (apt-get)" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  fi
fi
# It must start, not only be there (Debian's wrapper script prints noise on stderr: dropped).
version=$("$chromium" --version 2>/dev/null)
echo "chromium.sh: $version" >&2
echo "CHROMIUM=$chromium"
