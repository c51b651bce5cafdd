#!/usr/bin/env bash
# System packages the tests need beyond the virtualenv: Debian's Chromium, which the
# browser tests drive through Playwright (never a browser that Playwright downloads).
# Idempotent: returns at once when /usr/bin/chromium is already there.
set -euo pipefail

if [[ -x /usr/bin/chromium ]]; then
    exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
    as_root=()
else
    as_root=(sudo)
fi

echo "install-test-deps: /usr/bin/chromium is missing, installing Debian's chromium" >&2
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

/usr/bin/chromium --version
