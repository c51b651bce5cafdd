#!/usr/bin/env bash
# System packages the tests need beyond the virtualenv:
# - Debian's Chromium, which the browser tests drive through Playwright (never a browser
#   that Playwright downloads);
# - PostgreSQL and Redis servers, nginx and openssl for the production-profile tests
#   (tests/production/: the fault and backup tests run scripts/prod.sh, which puts nginx
#   with a self-signed certificate in front). The tests start their own private instances
#   on loopback; this script never starts a system service, and keeps apt's postinst
#   scripts from starting one too;
# - Tesseract with its Swedish data, which the app needs at run time too (letters; see
#   scripts/install-run-deps.sh, which `make run` uses), and the DejaVu fonts that the
#   letter tests and scripts/make_letter_corpus.py draw text with.
# Idempotent: returns at once when every program is already there; otherwise one
# `apt-get update` and one `apt-get install` for whatever is missing.
set -euo pipefail

missing=()
if [[ ! -x /usr/bin/chromium ]]; then
    missing+=(chromium)
fi
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
if [[ ! -x /usr/bin/tesseract ]]; then
    missing+=(tesseract-ocr)
fi
if ! compgen -G '/usr/share/tesseract-ocr/*/tessdata/swe.traineddata' >/dev/null; then
    missing+=(tesseract-ocr-swe)
fi
if [[ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]]; then
    missing+=(fonts-dejavu-core)
fi

bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" install-test-deps.sh ${missing[@]+"${missing[@]}"}

for package in "${missing[@]}"; do
    case "$package" in
        chromium) /usr/bin/chromium --version ;;
        postgresql) compgen -G '/usr/lib/postgresql/*/bin/initdb' ;;
        redis-server) /usr/bin/redis-server --version ;;
        nginx) /usr/sbin/nginx -v ;;
        openssl) /usr/bin/openssl version ;;
        tesseract-ocr) /usr/bin/tesseract --version | head -1 ;;
        tesseract-ocr-swe) /usr/bin/tesseract --list-langs | grep -x swe ;;
        fonts-dejavu-core) ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ;;
    esac
done
