#!/usr/bin/env bash
# System packages the app needs at run time beyond the virtualenv: Tesseract and its
# Swedish language data, which read photographed letters on this server
# (portal/letters/ocr.py). `make run` runs this; so does scripts/install-test-deps.sh.
# Idempotent: returns at once when everything is there; otherwise one `apt-get update`
# and one `apt-get install` for whatever is missing. Starts no service.
set -euo pipefail

missing=()
if [[ ! -x /usr/bin/tesseract ]]; then
    missing+=(tesseract-ocr)
fi
if ! compgen -G '/usr/share/tesseract-ocr/*/tessdata/swe.traineddata' >/dev/null; then
    missing+=(tesseract-ocr-swe)
fi

bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" install-run-deps.sh ${missing[@]+"${missing[@]}"}
/usr/bin/tesseract --list-langs | grep -qx swe
