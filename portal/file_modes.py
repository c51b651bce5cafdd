"""Files with personal data are for the app's own user only: the SQLite database (and its
journal, which SQLite creates with the database's mode) 0600, the private media folder
(attachments) 0700; the files in it are 0600 by FILE_UPLOAD_PERMISSIONS.

The process umask (often 022) would leave a new SQLite file readable by every user on the
machine, so the mode is set when the app starts (PortalConfig.ready) and again whenever a
connection to an SQLite database opens (the first `migrate` creates the file). Only modes
are tightened; nothing is created here, and files the app does not own are left alone.
"""

import contextlib
import os
import stat
from pathlib import Path
from typing import Any

from django.conf import settings

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def _tighten(path: Path, mode: int) -> None:
    with contextlib.suppress(FileNotFoundError, PermissionError):
        if stat.S_IMODE(path.stat().st_mode) & ~mode:
            os.chmod(path, mode)


def sqlite_files() -> list[Path]:
    """The database file and any journal beside it, for each SQLite database on disk."""
    found = []
    for database in settings.DATABASES.values():
        name = str(database.get("NAME") or "")
        if database.get("ENGINE", "").endswith("sqlite3") and name and ":memory:" not in name:
            if name.startswith("file:"):
                continue  # an in-memory test database by URI
            path = Path(name)
            found += [path] + [Path(f"{path}{suffix}") for suffix in ("-journal", "-wal", "-shm")]
    return found


def tighten_all() -> None:
    for path in sqlite_files():
        _tighten(path, PRIVATE_FILE)
    _tighten(Path(settings.PRIVATE_MEDIA_ROOT), PRIVATE_FOLDER)


def on_connection_created(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        for path in sqlite_files():
            _tighten(path, PRIVATE_FILE)
