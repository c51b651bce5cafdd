"""After a restore, files that no row refers to are deleted; a row's file, and a file
too new to judge (an upload in progress), stay."""

import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from portal.actions.messaging import send_message
from portal.attachments import clean_upload
from tests.conftest import small_photo


def test_only_old_files_without_a_row_are_deleted(contact, client_user, private_files):
    message, _ = send_message(
        contact,
        client_user,
        text="Foto",
        client_uuid=uuid.uuid4(),
        attachment=clean_upload(SimpleUploadedFile("foto.jpg", small_photo(), "image/jpeg")),
    )
    kept = Path(message.attachments.get().file.path)
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    orphan = root / "attachments" / "orphan.jpg"
    orphan.write_bytes(b"old")
    hour_ago = time.time() - 3600 - 5
    os.utime(orphan, (hour_ago, hour_ago))
    os.utime(kept, (hour_ago, hour_ago))
    uploading = root / "letters" / "uploading.jpg"
    uploading.parent.mkdir(mode=0o700)
    uploading.write_bytes(b"new")

    call_command("prune_private_media", "--dry-run")
    assert orphan.exists()

    call_command("prune_private_media")
    assert sorted(private_files()) == sorted([kept, uploading])

    call_command("prune_private_media", "--min-age-minutes", "0")
    assert private_files() == [kept]
