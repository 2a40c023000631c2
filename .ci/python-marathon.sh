#!/usr/bin/env bash
# Provisions Debian's python3-marathon, the Marathon client library that the
# Marathon-compatibility tests drive Corral with (in the system Python:
# /usr/bin/python3). Through apt-get, only when missing.
# Idempotent: a second run only checks. Prints PYTHON=<path> on stdout; progress on stderr.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

has_client() { /usr/bin/python3 -c 'import marathon' 2>/dev/null; }
if ! has_client; then
  command -v apt-get >/dev/null || { echo "python-marathon.sh: no python3-marathon and apt-get is not available to install it" >&2; exit 1; }
  # Test files provisioning at once install one after the other (apt holds its own lock, but fails instead of waiting).
  exec 9>/tmp/.corral-python-marathon.lock
  flock 9
  if ! has_client; then
    echo "python-marathon.sh: installing python3-marathon (apt-get)" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-marathon >&2
  fi
fi
echo "python-marathon.sh: python3-marathon $(/usr/bin/python3 -c 'import importlib.metadata as m; print(m.version("marathon"))' 2>/dev/null || echo '(version unknown)')" >&2
echo "PYTHON=/usr/bin/python3"
