"""Messages on the pages: sending with and without htmx, photos, refusals, history, reading."""

import io
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from portal.actions.messaging import send_message
from portal.models import Attachment, Message

HTMX = {"HTTP_HX_REQUEST": "true"}


def _photo_with_location() -> bytes:
    image = Image.new("RGB", (120, 80), "white")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (58.0, 35.0, 0.0), 3: "E", 4: (16.0, 11.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_client_sends_a_message_without_javascript(client_client, ombud_client, contact):
    response = client_client.post(
        reverse("client_messages"), {"text": "Hej Anna!", "client_uuid": str(uuid.uuid4())}
    )
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#msg-{message.pk}")
    caseload = ombud_client.get(reverse("ombud_caseload")).content.decode()
    assert "1 oläst meddelande" in caseload
    page = ombud_client.get(reverse("ombud_messages", args=[contact.pk])).content.decode()
    assert "Hej Anna!" in page
    # The page's status line is for confirmations only, never the conversation itself.
    assert '<div id="status" class="status"></div></div>' in page


def test_sending_with_htmx_returns_a_fresh_form_the_bubble_and_a_confirmation(client_client):
    response = client_client.post(
        reverse("client_messages"), {"text": "Hej", "client_uuid": str(uuid.uuid4())}, **HTMX
    )
    body = response.content.decode()
    assert body.startswith('<form id="message-form"')
    assert 'hx-swap-oob="beforeend:#message-list"' in body and "bubble mine" in body
    assert "Skickat." in body


def test_a_resent_form_stores_the_message_once(client_client):
    fields = {"text": "Hej igen", "client_uuid": str(uuid.uuid4())}
    client_client.post(reverse("client_messages"), fields)
    client_client.post(reverse("client_messages"), fields)
    assert Message.objects.count() == 1


def test_an_empty_message_is_refused(client_client):
    response = client_client.post(
        reverse("client_messages"), {"text": " ", "client_uuid": str(uuid.uuid4())}, **HTMX
    )
    assert response.status_code == 422
    assert "Skriv något, eller välj ett foto" in response.content.decode()
    assert not Message.objects.exists()


def test_a_photo_is_stored_privately_without_its_location_and_shown_to_both(
    client_client, ombud_client, other_client_client, coordinator_client
):
    upload = SimpleUploadedFile("brev.jpg", _photo_with_location(), content_type="image/jpeg")
    client_client.post(
        reverse("client_messages"),
        {"text": "Brevet från FK", "client_uuid": str(uuid.uuid4()), "file": upload},
    )
    attachment = Attachment.objects.get()
    path = Path(attachment.file.path)
    assert str(path).startswith(settings.STORAGES["private"]["OPTIONS"]["location"])
    assert "brev" not in path.name
    assert not str(path).startswith(str(Path(settings.BASE_DIR, "static")))
    with Image.open(path) as stored:
        assert not stored.getexif() and "exif" not in stored.info

    url = reverse("attachment", args=[attachment.pk])
    for browser in (client_client, ombud_client):
        response = browser.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert response.content == path.read_bytes()
    for outsider in (other_client_client, coordinator_client):
        assert outsider.get(url).status_code == 404


@pytest.mark.parametrize(
    "name,content,content_type",
    [
        ("bild.jpg", b"MZ\x90\x00" + bytes(4000), "image/jpeg"),
        ("stor.pdf", b"%PDF-1.4\n" + bytes(20 * 1024 * 1024) + b"\n%%EOF", "application/pdf"),
    ],
    ids=["executable-renamed-jpg", "twenty-megabytes"],
)
def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_stored(
    client_client, name, content, content_type, private_files
):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = client_client.post(
        reverse("client_messages"),
        {"text": "Titta här", "client_uuid": str(uuid.uuid4()), "file": upload},
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Det här går inte att skicka" in body or "Filen är för stor" in body
    assert "Titta här</textarea>" in body  # what they wrote is kept
    assert not Message.objects.exists() and not Attachment.objects.exists()
    assert private_files() == []


def test_history_is_paged_thirty_at_a_time(client_client, contact, ombud):
    for n in range(35):
        send_message(contact, ombud, text=f"Meddelande {n}", client_uuid=uuid.uuid4())
    page = client_client.get(reverse("client_messages")).content.decode()
    assert "Meddelande 34" in page and "Meddelande 5<" in page and "Meddelande 4<" not in page
    oldest_shown = Message.objects.get(text="Meddelande 5").pk
    older = client_client.get(f"{reverse('client_messages')}?fore={oldest_shown}", **HTMX)
    body = older.content.decode()
    assert "Meddelande 0<" in body and "Meddelande 4<" in body and "Meddelande 5<" not in body
    assert 'id="older-link"></p>' in body  # nothing older left


def test_opening_the_conversation_marks_the_other_partys_messages_read(
    client_client, contact, ombud, client_user
):
    send_message(contact, ombud, text="Hej", client_uuid=uuid.uuid4())
    mine = send_message(contact, client_user, text="Hej själv", client_uuid=uuid.uuid4())[0]
    assert 'class="badge">1<' in client_client.get(reverse("client_plan")).content.decode()
    client_client.get(reverse("client_messages"))
    assert Message.objects.get(text="Hej").read_at is not None
    mine.refresh_from_db()
    assert mine.read_at is None  # reading your own message reads nothing


def test_the_ombud_sees_read_receipts_only_when_the_client_shares_them(
    client_client, ombud_client, contact, ombud
):
    send_message(contact, ombud, text="Hej Maja", client_uuid=uuid.uuid4())
    client_client.get(reverse("client_messages"))
    page = ombud_client.get(reverse("ombud_messages", args=[contact.pk])).content.decode()
    assert "Läst" not in page
    client_client.post(reverse("client_read_receipts"), {"share": "on"})
    page = ombud_client.get(reverse("ombud_messages", args=[contact.pk])).content.decode()
    assert "Läst" in page


def test_the_ombuds_conversation_page_is_for_the_contacts_ombud(person, browsers, contact):
    browser = browsers[person]
    url = reverse("ombud_messages", args=[contact.pk])
    assert browser.get(url).status_code == (200 if person == "ombud" else 404)
    response = browser.post(url, {"text": "x", "client_uuid": str(uuid.uuid4())})
    assert response.status_code == (302 if person == "ombud" else 404)
