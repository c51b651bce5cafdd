#!/usr/bin/env bash
# System packages the production profile on this machine needs (scripts/prod.sh,
# `make prod`): PostgreSQL and Redis servers, nginx in front (TLS, HTTP/2, static files,
# WebSockets), openssl for the local certificate, and Tesseract with its Swedish data for
# the job worker (scripts/install-run-deps.sh).
# Idempotent: returns at once when every program is already there; otherwise one
# `apt-get update` and one `apt-get install` for whatever is missing. Starts no system
# service (prod.sh runs its own instances in var/prod/), and keeps apt's postinst
# scripts from starting one.
set -euo pipefail

bash "$(dirname "${BASH_SOURCE[0]}")/install-run-deps.sh"

missing=()
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    missing+=(postgresql)
fi
if [[ ! -x /usr/bin/redis-server ]]; then
    missing+=(redis-server)
fi
if [[ ! -x /usr/sbin/nginx ]]; then
    missing+=(nginx)
fi
if [[ ! -x /usr/bin/openssl ]]; then
    missing+=(openssl)
fi

bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" install-prod-deps.sh ${missing[@]+"${missing[@]}"}
