#!/usr/bin/env bash
# The production profile on this machine, by one command (`make prod` calls it):
# PostgreSQL, Redis, PROD_DAPHNES daphne processes, the job worker and nginx (TLS, HTTP/2,
# static files, WebSockets, balancing), all in var/prod/. See scripts/prod.py for what it
# does and docs/operations.md for how to run it.
#
#   scripts/prod.sh run              everything in the foreground; Ctrl-C stops it all
#   scripts/prod.sh start | stop     the same in the background; stop it
#   scripts/prod.sh stop NAME        stop one service and keep it down; start NAME again
#   scripts/prod.sh status | env     what runs; the app's environment for manage.py
#
# Environment: DEMO=1 (the demo accounts, for trying it only), PROD_DAPHNES (2),
# PROD_DIR (var/prod), PROD_HOST (localhost), PROD_PORT (8443), PROD_BIND (127.0.0.1),
# PROD_PG_PORT (55432), PROD_REDIS_PORT (56379), PROD_RESTART_DELAY (2 s),
# PYTHON (.venv/bin/python).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

case "${1:-}" in
    run | start) bash scripts/install-prod-deps.sh ;;
esac
exec "${PYTHON:-.venv/bin/python}" scripts/prod.py "$@"
