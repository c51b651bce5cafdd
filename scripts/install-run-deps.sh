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

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
    as_root=()
else
    as_root=(sudo)
fi

echo "install-run-deps: installing missing Debian packages: ${missing[*]}" >&2
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    "${missing[@]}"
/usr/bin/tesseract --list-langs | grep -qx swe
