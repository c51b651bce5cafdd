#!/usr/bin/env bash
# A backup of Brobyggare: the database (pg_dump, custom format) and the private media
# folder (attachments, letter pages; a gzipped tar), into BACKUP_DIR, and backups older
# than BACKUP_KEEP_DAYS deleted. Run it nightly (docs/operations.md has a systemd timer);
# scripts/restore.sh brings one back.
#
# Why 14 days: a backup holds everyone's data as it was that night, erased contacts too.
# An ended contact is erased from the running app COPY_WINDOW_DAYS (30) after it ends
# (manage.py erase_ended_contacts); its last traces in backups are gone BACKUP_KEEP_DAYS
# later. The promise is therefore "erased within 30 days, and from backups within 14 days
# after that". This script refuses a BACKUP_KEEP_DAYS longer than COPY_WINDOW_DAYS.
#
# Environment (the app's own, e.g. from ENV_FILE=/etc/brobyggare/env or var/prod/env):
#   DATABASE_URL         postgres://user:password@host:port/name (never on a command line:
#                        the password goes to pg_dump through PGPASSWORD)
#   PRIVATE_MEDIA_ROOT   the media folder (default: private_media/ of the project)
#   BACKUP_DIR           where the backups go (default: var/backups/ of the project)
#   BACKUP_KEEP_DAYS     how long they are kept (default 14)
#   COPY_WINDOW_DAYS     the app's copy window (default 30)
#   ENV_FILE             a KEY=value file to read first (systemd's EnvironmentFile format)
#
# Writes db-<UTC time>.dump and media-<UTC time>.tar.gz (mode 0600, folder 0700), each
# under a temporary name until complete. The database first, then the media: a file
# uploaded in between is in the archive without a row, and restore.sh deletes such files
# (manage.py prune_private_media), so no file without a row is ever brought back.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
umask 077

if [[ -n "${ENV_FILE:-}" ]]; then
    set -a
    # shellcheck disable=SC1090
    . "$ENV_FILE"
    set +a
fi

: "${DATABASE_URL:?DATABASE_URL must name the database (postgres://...)}"
media="${PRIVATE_MEDIA_ROOT:-$PWD/private_media}"
dir="${BACKUP_DIR:-$PWD/var/backups}"
keep="${BACKUP_KEEP_DAYS:-14}"
window="${COPY_WINDOW_DAYS:-30}"

if ! [[ "$keep" =~ ^[0-9]+$ && "$keep" -ge 1 ]]; then
    echo "backup: BACKUP_KEEP_DAYS must be a whole number of days, at least 1" >&2
    exit 2
fi
if (( keep > window )); then
    echo "backup: BACKUP_KEEP_DAYS ($keep) is longer than COPY_WINDOW_DAYS ($window): backups" \
        "would keep erased people's data longer than the app promises. Refusing." >&2
    exit 2
fi

# The newest pg_dump installed (it must not be older than the server).
pg_dump=$(compgen -G '/usr/lib/postgresql/*/bin/pg_dump' | sort -t/ -k5 -n | tail -1 || true)
pg_dump="${pg_dump:-$(command -v pg_dump || true)}"
if [[ -z "$pg_dump" ]]; then
    echo "backup: pg_dump is missing (Debian: postgresql-client)" >&2
    exit 1
fi

# DATABASE_URL -> PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE (libpq reads them).
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

mkdir -p "$dir"
chmod 700 "$dir"
exec 9>"$dir/.lock"
if ! flock -n 9; then
    echo "backup: another backup is running in $dir" >&2
    exit 1
fi
rm -f "$dir"/*.part

stamp=$(date -u +%Y%m%dT%H%M%SZ)
"$pg_dump" --format=custom --no-password --file="$dir/db-$stamp.dump.part"
mv "$dir/db-$stamp.dump.part" "$dir/db-$stamp.dump"
if [[ -d "$media" ]]; then
    tar -C "$media" -czf "$dir/media-$stamp.tar.gz.part" .
else
    tar -czf "$dir/media-$stamp.tar.gz.part" -T /dev/null
fi
mv "$dir/media-$stamp.tar.gz.part" "$dir/media-$stamp.tar.gz"

# Older than BACKUP_KEEP_DAYS days: gone.
find "$dir" -maxdepth 1 -type f \( -name 'db-*.dump' -o -name 'media-*.tar.gz' \) \
    -mmin "+$((keep * 24 * 60))" -print -delete | sed 's/^/backup: deleted /'
echo "backup: $dir/db-$stamp.dump ($(stat -c %s "$dir/db-$stamp.dump") bytes)," \
    "$dir/media-$stamp.tar.gz ($(stat -c %s "$dir/media-$stamp.tar.gz") bytes); kept $keep days"
