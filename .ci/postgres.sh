#!/usr/bin/env bash
# Starts the machine's PostgreSQL 15 and makes the role and database the tests use.
# A missing PostgreSQL fails the run: CI never skips the PostgreSQL half.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

command -v pg_ctlcluster >/dev/null || { echo "postgres.sh: PostgreSQL 15 is not installed (pg_ctlcluster missing)" >&2; exit 1; }
if ! pg_lsclusters -h | grep -q '^15 *main .* online'; then
  as_root pg_ctlcluster --skip-systemctl-redirect 15 main start
fi
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
pg_isready -h 127.0.0.1 -p 5432 -q || { echo "postgres.sh: PostgreSQL 15 did not start" >&2; exit 1; }

psql_admin() { as_root su postgres -c "psql -v ON_ERROR_STOP=1 -qAt -c \"$1\""; }
if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = 'corral'")" != 1 ]; then
  # CREATEDB: the tests make a scratch database per test and drop it after.
  psql_admin "CREATE ROLE corral LOGIN CREATEDB PASSWORD 'corral'"
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = 'corral'")" != 1 ]; then
  psql_admin "CREATE DATABASE corral OWNER corral"
fi
