#!/usr/bin/env bash
# Provisions the servers the catalog's packages run, for their end-to-end test:
# Debian's postgresql, redis-server, nginx, memcached and mariadb-server with
# their own clients (psql, redis-cli, curl, mariadb). Their system services are
# not left running: Corral starts the servers, as tasks.
# Idempotent: a second run only checks. Progress on stderr.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

programs=(/usr/bin/psql /usr/bin/redis-server /usr/bin/redis-cli /usr/sbin/nginx /usr/bin/memcached /usr/sbin/mariadbd /usr/bin/mariadb /usr/bin/mariadb-install-db /usr/bin/curl)
installed() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || return 1
  for program in "${programs[@]}"; do [ -x "$program" ] || return 1; done
}

if ! installed; then
  command -v apt-get >/dev/null || { echo "services.sh: the catalog's servers are missing and apt-get is not available to install them" >&2; exit 1; }
  # Two test runs at once install one after the other (apt holds its own lock, but fails instead of waiting).
  exec 9>/tmp/.corral-services.lock
  flock 9
  if ! installed; then
    echo "services.sh: installing postgresql redis-server nginx memcached mariadb-server (apt-get)" >&2
    # A package's postinst would start its service: deny that while installing (policy-rc.d), as image builds do.
    made_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
      as_root chmod 755 /usr/sbin/policy-rc.d
      made_policy=yes
      # Removed even when apt-get fails: a policy left behind would keep every later install from starting its service.
      trap 'as_root rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      postgresql redis-server redis-tools nginx memcached mariadb-server mariadb-client curl >&2
    if [ -n "$made_policy" ]; then as_root rm -f /usr/sbin/policy-rc.d; trap - EXIT; fi
    # What the install started anyway (systemd ignores policy-rc.d) is stopped: the servers are the tasks'.
    # Only here: on a machine that had them already, its own servers are its owner's business.
    for program in redis-server nginx memcached mariadbd; do
      for pid in $(pgrep -x "$program" || true); do
        # A task's server runs in its sandbox, and stays.
        case "$(readlink "/proc/$pid/cwd" 2>/dev/null)" in */sandboxes/*) ;; *) as_root kill "$pid" 2>/dev/null || true ;; esac
      done
    done
  fi
fi

echo "services.sh: postgresql $(ls /usr/lib/postgresql | tr '\n' ' ')$(redis-server --version | cut -d' ' -f3), $(nginx -v 2>&1), $(memcached -V), mariadbd $(mariadbd --version | cut -d' ' -f4)" >&2
