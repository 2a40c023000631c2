#!/usr/bin/env bash
# Provisions Java for the mixed-OS demo test: a JDK (not only a JRE), since
# `java Hello.java` compiles the one-file program in memory (jdk.compiler).
# Debian's default-jdk-headless, through apt-get, only when missing.
# Idempotent: a second run only checks. Prints JAVA=<path> on stdout; progress on stderr.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

has_jdk() { command -v java >/dev/null && java --list-modules 2>/dev/null | grep -q '^jdk.compiler@'; }
if ! has_jdk; then
  command -v apt-get >/dev/null || { echo "java.sh: no JDK (java with jdk.compiler) and apt-get is not available to install one" >&2; exit 1; }
  # Two test runs at once install one after the other (apt holds its own lock, but fails instead of waiting).
  exec 9>/tmp/.corral-java.lock
  flock 9
  if ! has_jdk; then
    echo "java.sh: installing default-jdk-headless (apt-get)" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jdk-headless >&2
  fi
fi
java=$(readlink -f "$(command -v java)")
echo "java.sh: $(java -version 2>&1 | head -n 1)" >&2
echo "JAVA=$java"
