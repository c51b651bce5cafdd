"""A full disk where files are kept: the upload is refused in plain Swedish, nothing of it
is kept (no row, no half-written file), and the text is still in the form.

Here the disk is made to fail by the content's own write (the file is created, then the
write fails with ENOSPC) or by Django's storage; tests/production/test_faults.py fills a
real small filesystem under the running production profile.
"""

import errno
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import Attachment, ContactEvent, Letter, LetterPage, Message
from portal.storage import PrivateFileStorage, StorageFull
from tests.conftest import small_photo

HTMX = {"HTTP_HX_REQUEST": "true"}
NOT_SAVED = "Det gick inte att spara filen just nu."


class FailsHalfway(ContentFile):
    """Gives one chunk, then the disk is full."""

    def chunks(self, chunk_size=None):
        yield b"x" * 1024
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_write_that_runs_out_of_space_leaves_no_file(tmp_path):
    storage = PrivateFileStorage(location=tmp_path)

    with pytest.raises(StorageFull):
        storage.save("attachments/abc.jpg", FailsHalfway(b""))

    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_other_errors_are_not_called_a_full_disk(tmp_path):
    class Broken(ContentFile):
        def chunks(self, chunk_size=None):
            raise OSError(errno.EIO, "I/O error")

    with pytest.raises(OSError) as raised:
        PrivateFileStorage(location=tmp_path).save("attachments/abc.jpg", Broken(b""))
    assert not isinstance(raised.value, StorageFull)


@pytest.fixture
def full_disk(monkeypatch):
    def no_space(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", no_space)


def test_a_photo_on_a_full_disk_is_refused_and_the_text_kept(
    client_client, contact, full_disk, private_files
):
    before = ContactEvent.objects.filter(contact=contact).count()
    response = client_client.post(
        reverse("client_messages"),
        {
            "text": "Här är beslutet",
            "file": SimpleUploadedFile("foto.jpg", small_photo(), "image/jpeg"),
            "client_uuid": str(uuid.uuid4()),
        },
        **HTMX,
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert NOT_SAVED in body
    assert "Här är beslutet</textarea>" in body
    assert not Message.objects.exists() and not Attachment.objects.exists()
    assert ContactEvent.objects.filter(contact=contact).count() == before
    assert private_files() == []


def test_a_message_without_a_file_still_goes_on_a_full_disk(client_client, full_disk):
    response = client_client.post(
        reverse("client_messages"),
        {"text": "Bara text", "client_uuid": str(uuid.uuid4())},
        **HTMX,
    )
    assert response.status_code == 200
    assert Message.objects.get().text == "Bara text"


def test_a_letter_on_a_full_disk_is_refused(client_client, contact, full_disk):
    response = client_client.post(
        reverse("client_letter_new"),
        {"pages": [SimpleUploadedFile("brev.jpg", small_photo(), "image/jpeg")]},
        **HTMX,
    )
    assert response.status_code == 422
    assert NOT_SAVED in response.content.decode()
    assert not Letter.objects.exists() and not LetterPage.objects.exists()


def test_the_api_answers_507_for_a_letter_on_a_full_disk(browsers, contact, full_disk):
    photo = SimpleUploadedFile("brev.jpg", small_photo(), content_type="image/jpeg")
    response = browsers["client"].post(f"/api/contacts/{contact.pk}/letters", {"pages": [photo]})
    assert response.status_code == 507
    assert response.json()["detail"].startswith(NOT_SAVED)
    assert not Letter.objects.exists()
