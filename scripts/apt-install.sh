#!/usr/bin/env bash
# The one way the install-*-deps.sh scripts install Debian packages:
#   bash scripts/apt-install.sh <who is asking> <package> [<package> ...]
# With no package it returns at once. Otherwise one `apt-get update` and one
# `apt-get install` (sudo unless root), with a temporary "start nothing" policy-rc.d so
# that postinst scripts never start a system PostgreSQL, Redis or nginx: the tests and
# scripts/prod.sh run their own instances on loopback.
set -euo pipefail

who=$1
shift
if [[ $# -eq 0 ]]; then
    exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
    as_root=()
else
    as_root=(sudo)
fi

policy=/usr/sbin/policy-rc.d
if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\n# Temporary, from %s: start no services.\nexit 101\n' "$who" \
        | "${as_root[@]}" tee "$policy" >/dev/null
    "${as_root[@]}" chmod 755 "$policy"
    trap '"${as_root[@]}" rm -f "$policy"' EXIT
fi

echo "$who: installing missing Debian packages: $*" >&2
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
