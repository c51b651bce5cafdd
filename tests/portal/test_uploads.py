"""Uploads that cannot exhaust the server: a file is cut off at 10 MB while it is received
(with the form's text kept), and what is stored is for the app's own user only."""

import os
import stat
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.urls import reverse
from PIL import Image

from portal.attachments import MAX_BYTES
from portal.models import Attachment, Message

HTMX = {"HTTP_HX_REQUEST": "true"}
TOO_BIG = (
    "Filen är för stor. Den får vara högst 10 MB. Ta ett nytt foto eller skicka en mindre fil."
)
BASE_DIR = Path(__file__).resolve().parents[2]


def test_an_upload_over_10_mb_is_cut_off_while_it_is_received_and_the_text_is_kept(
    client_client, monkeypatch
):
    stored: list[int] = []
    keep = TemporaryFileUploadHandler.receive_data_chunk

    def counting(self, raw_data, start):
        stored.append(len(raw_data))
        return keep(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", counting)
    huge = SimpleUploadedFile(
        "stor.pdf", b"%PDF-1.4\n" + bytes(25 * 1024 * 1024) + b"\n%%EOF", "application/pdf"
    )
    response = client_client.post(
        reverse("client_messages"),
        {"text": "Här är beslutet", "file": huge, "client_uuid": str(uuid.uuid4())},
        **HTMX,
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert TOO_BIG in body
    assert "Här är beslutet</textarea>" in body
    # At most 10 MB (and the chunk that crossed the line) was stored, not 25 MB.
    assert 0 < sum(stored) <= MAX_BYTES
    assert not Message.objects.exists() and not Attachment.objects.exists()


def test_a_photo_under_the_limit_is_received_whole(client_client):
    photo = Image.new("RGB", (40, 30), "white")
    path = Path(settings.STORAGES["private"]["OPTIONS"]["location"]).parent / "foto.png"
    photo.save(path)
    data = path.read_bytes()
    response = client_client.post(
        reverse("client_messages"),
        {
            "text": "Foto",
            "file": SimpleUploadedFile("foto.png", data, "image/png"),
            "client_uuid": str(uuid.uuid4()),
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert Attachment.objects.get().width == 40


def test_stored_attachments_are_for_the_apps_user_only(client_client):
    photo = Image.new("RGB", (40, 30), "white")
    path = Path(settings.STORAGES["private"]["OPTIONS"]["location"]).parent / "foto.jpg"
    photo.save(path)
    client_client.post(
        reverse("client_messages"),
        {
            "file": SimpleUploadedFile("foto.jpg", path.read_bytes(), "image/jpeg"),
            "client_uuid": str(uuid.uuid4()),
        },
    )
    attachment = Attachment.objects.get()
    file_path = Path(attachment.file.path)
    assert stat.S_IMODE(file_path.stat().st_mode) == 0o600
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    folder = file_path.parent
    while True:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        if folder == root:
            break
        folder = folder.parent


def test_the_sqlite_database_and_the_media_folder_are_for_the_apps_user_only(tmp_path):
    """A fresh `migrate`, as `make run` does it, under the usual umask of 022."""
    media = tmp_path / "private_media"
    media.mkdir(mode=0o755)
    os.chmod(media, 0o755)
    database = tmp_path / "db.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")},
        "SQLITE_PATH": str(database),
        "PRIVATE_MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        preexec_fn=lambda: os.umask(0o022),
        timeout=120,
    )
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert stat.S_IMODE(media.stat().st_mode) == 0o700
