"""Files in the private media folder that no row refers to, deleted.

Every kept file belongs to an Attachment or a LetterPage row, and goes with it (erasure
unlinks them after commit, portal/signals.py). A file without a row would never be
erased. One can appear after a restore: scripts/backup.sh dumps the database first and
archives the folder after, so an upload in between is in the archive without its row.
scripts/restore.sh therefore runs `manage.py prune_private_media` before the app starts.

In a running app, a file is written just before its row is committed; only files older
than `min_age` are considered, so an upload in progress is never taken for an orphan.
"""

import datetime
import time
from pathlib import Path

from portal.models import Attachment, LetterPage
from portal.models.messages import private_storage


def prune_unreferenced(*, min_age: datetime.timedelta, dry_run: bool = False) -> list[str]:
    """Delete (unless `dry_run`) every file in the private folder that no row names and
    that is older than `min_age`; the relative names of those files."""
    root = Path(private_storage().location)
    if not root.is_dir():
        return []
    known = set(Attachment.objects.values_list("file", flat=True))
    known |= set(LetterPage.objects.values_list("file", flat=True))
    newest = time.time() - min_age.total_seconds()
    orphans = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.stat().st_mtime > newest:
            continue
        name = path.relative_to(root).as_posix()
        if name not in known:
            orphans.append(name)
            if not dry_run:
                path.unlink()
    return orphans
