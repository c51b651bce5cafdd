#!/usr/bin/env bash
# Bring a backup (scripts/backup.sh) back, into an EMPTY database and an empty media
# folder, with the app stopped:
#
#   scripts/restore.sh var/backups/db-20261129T020000Z.dump var/backups/media-20261129T020000Z.tar.gz
#
# Then, before anyone signs in:
#   1. manage.py migrate              the schema of this release (the backup may be older);
#   2. manage.py erase_ended_contacts erasures due since the backup was made are made again:
#                                     a contact erased after the backup comes back with
#                                     the restore, and its copy window has passed;
#   3. manage.py prune_private_media  files without a row (uploads between the dump and the
#                                     archive) are deleted, so nothing comes back that no
#                                     erasure would ever find.
# What it cannot redo, docs/operations.md says (the restore point, and contacts ended
# after it: tell the ombud). Only the newest backup is restored, and only to replace a
# lost or broken database; restoring an older one needs the data protection officer's yes.
#
# Environment: DATABASE_URL (the empty target), PRIVATE_MEDIA_ROOT (empty or missing),
# PYTHON (default .venv/bin/python), ENV_FILE (a KEY=value file to read first), and the
# app's other settings (SECRET_KEY or SECRET_KEY_FILE) for manage.py.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
umask 077

if [[ $# -ne 2 ]]; then
    echo "usage: scripts/restore.sh DB_DUMP MEDIA_TAR" >&2
    exit 2
fi
dump=$(realpath "$1")
archive=$(realpath "$2")

if [[ -n "${ENV_FILE:-}" ]]; then
    set -a
    # shellcheck disable=SC1090
    . "$ENV_FILE"
    set +a
fi
: "${DATABASE_URL:?DATABASE_URL must name the (empty) target database}"
media="${PRIVATE_MEDIA_ROOT:-$PWD/private_media}"
python="${PYTHON:-.venv/bin/python}"

pg_bin=$(compgen -G '/usr/lib/postgresql/*/bin/pg_restore' | sort -t/ -k5 -n | tail -1 || true)
pg_bin=$(dirname "${pg_bin:-$(command -v pg_restore)}")

eval "$(python3 - <<'EOF'
import os, shlex
from urllib.parse import unquote, urlsplit
url = urlsplit(os.environ["DATABASE_URL"])
for name, value in (("PGHOST", url.hostname), ("PGPORT", url.port),
                    ("PGUSER", url.username), ("PGPASSWORD", url.password),
                    ("PGDATABASE", url.path.lstrip("/"))):
    if value:
        print(f"export {name}={shlex.quote(unquote(str(value)))}")
EOF
)"

tables=$("$pg_bin/psql" --no-password -tAc \
    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [[ "$tables" != "0" ]]; then
    echo "restore: the database $PGDATABASE is not empty ($tables tables). Restore into a new," \
        "empty database (createdb), never over a live one." >&2
    exit 1
fi
if [[ -d "$media" ]] && [[ -n "$(ls -A "$media")" ]]; then
    echo "restore: $media is not empty. Restore into an empty folder." >&2
    exit 1
fi

echo "restore: the database from $dump"
# Owned by the user the app connects as; the backup's role names need not exist here.
"$pg_bin/pg_restore" --no-password --no-owner --no-privileges --exit-on-error \
    --dbname="$PGDATABASE" "$dump"
echo "restore: the media files from $archive into $media"
mkdir -p -m 700 "$media"
tar -C "$media" -xzf "$archive"

manage() {
    echo "restore: manage.py $*"
    "$python" manage.py "$@"
}
manage migrate --noinput
manage erase_ended_contacts
manage prune_private_media --min-age-minutes 0

echo "restore: done. The data is as it was at $(basename "$dump" .dump | sed 's/^db-//')" \
    "(UTC). Everything after that is gone, including contacts ended since: docs/operations.md."
