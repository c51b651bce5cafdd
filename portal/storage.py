"""Where files are kept: the private folder (attachments, letter pages) and the static
files.

PrivateFileStorage is Django's FileSystemStorage that says plainly when the disk is full.
A write that fails for want of space (ENOSPC, or EDQUOT over a quota) removes what it had
half written and raises StorageFull; the actions that store files do so inside their
transaction, so nothing of the message or letter is kept either, and the pages tell the
person "Det gick inte att spara filen just nu" with their text kept.

HashedStaticFilesStorage names each collected static file after its content's hash
(css/base.3f2a1b9c4d5e.css, from the manifest collectstatic writes), so a browser and nginx
may keep it for a year: a changed file gets a new name. Where collectstatic has not run
(development, a fresh checkout's tests, which serve static/ through WhiteNoise's finders),
or has not run since a file was added, the file's own name is used.
"""

import contextlib
import errno
import os
from typing import Any

from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

NO_SPACE = (errno.ENOSPC, errno.EDQUOT)


class StorageFull(Exception):
    """The file could not be kept: the disk (or the quota) it goes on is full."""


class PrivateFileStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        try:
            return super()._save(name, content)  # type: ignore[misc]  # not in the stubs
        except OSError as error:
            if error.errno not in NO_SPACE:
                raise
            # The half-written file, if one was made. Django moves on from `name` only when
            # a file by that name already existed, and the names here are random (uuid4),
            # so a file at `name` is the one this call created.
            with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                os.remove(self.path(name))
            raise StorageFull(str(error)) from error


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:  # no manifest: a folder collected without hashes, or none
            return name
        try:
            return super().stored_name(name)
        except ValueError:  # not collected (yet): the finders serve it by its own name
            return name
