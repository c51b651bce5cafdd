"""Letters on both sides: photographing one (the camera opens at once), its card in
plain Swedish with what we are unsure of, suggested tasks the client confirms, the
ombud's correction, consent, removal, the files, and who may do what."""

import datetime
import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from PIL import Image

from portal.actions import letters as letter_actions
from portal.actions.consent import record_paper_consent
from portal.models import Assignment, AuditEntry, ContactEvent, Letter, LetterPage, Task
from tests.conftest import small_photo

Verb = ContactEvent.Verb
GPS_IFD = 0x8825


def _photo_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "white")
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (59.0, 19.0, 45.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def _pages(*contents: bytes, name: str = "brev.jpg") -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, content, content_type="image/jpeg") for content in contents]


# --- Adding a letter ------------------------------------------------------------------


def test_the_plan_opens_the_camera_at_once(client_client):
    page = client_client.get(reverse("client_plan")).content.decode()
    assert 'accept="image/*" capture="environment"' in page
    assert "Fota ett brev" in page and 'id="letter-list"' in page


def test_the_conversation_offers_the_camera_too(client_client, ombud_client, contact):
    for browser, url in (
        (client_client, reverse("client_messages")),
        (ombud_client, reverse("ombud_messages", args=[contact.pk])),
    ):
        page = browser.get(url).content.decode()
        assert 'capture="environment"' in page and "Fota ett brev" in page


def test_the_client_adds_a_letter_of_two_pages_and_its_reading_is_queued(
    client_client, contact, client_user, private_files
):
    response = client_client.post(
        reverse("client_letter_new"),
        {"pages": _pages(_photo_with_gps(), small_photo("grey"))},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    letter = Letter.objects.get()
    assert (letter.contact, letter.added_by, letter.status) == (contact, client_user, "reading")
    body = response.content.decode()
    assert f'id="letter-{letter.pk}"' in body and "Läser brevet …" in body
    assert "Nu läser appen brevet." in body
    pages = list(letter.pages.all())
    assert [p.number for p in pages] == [1, 2]
    assert len(private_files()) == 2
    with pages[0].file.open("rb") as file, Image.open(file) as stored:
        assert not stored.getexif().get_ifd(GPS_IFD)  # the GPS position is gone
    assert DBTaskResult.objects.get().args_kwargs["args"] == [letter.pk]
    assert contact.events.first().verb == Verb.ADDED_LETTER


def test_the_ombud_adds_a_pdf_for_the_client_without_javascript(ombud_client, contact):
    minimal = (  # one empty page: it passes the PDF cleaning (pikepdf) as a real one would
        b"%PDF-1.4\n"
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    pdf = SimpleUploadedFile("brev.pdf", minimal, content_type="application/pdf")
    response = ombud_client.post(reverse("ombud_letter_new", args=[contact.pk]), {"pages": [pdf]})
    letter = Letter.objects.get()
    assert response["Location"] == reverse("ombud_plan", args=[contact.pk]) + f"#letter-{letter.pk}"
    assert letter.pages.get().content_type == "application/pdf"


def test_a_file_that_is_not_a_photo_is_refused_with_what_to_do(client_client):
    response = client_client.post(
        reverse("client_letter_new"),
        {"pages": _pages(b"<html>not a photo</html>", name="brev.jpg")},
    )
    assert response.status_code == 422
    assert "Du kan skicka foton (JPEG, PNG, WebP) och PDF-filer." in response.content.decode()
    assert not Letter.objects.exists()


def test_no_pages_is_a_plain_error(client_client):
    response = client_client.post(reverse("client_letter_new"), {}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "Ta ett foto av brevet" in response.content.decode()


def test_a_failure_after_the_files_are_written_removes_them(
    contact, client_user, private_files, monkeypatch
):
    from portal.attachments import clean_upload

    def fails(*args, **kwargs):
        raise RuntimeError("the queue is down")

    monkeypatch.setattr("django_tasks_db.backend.DatabaseBackend.enqueue", fails)
    upload = _pages(small_photo())[0]
    with pytest.raises(RuntimeError):
        letter_actions.add_letter(contact, client_user, pages=[clean_upload(upload)])
    assert not Letter.objects.exists() and private_files() == []


# --- The card -------------------------------------------------------------------------


def test_the_card_says_what_it_is_and_by_when_in_plain_swedish(
    client_client, contact, client_user, letter_read
):
    letter = letter_read(contact, client_user)
    page = client_client.get(reverse("client_plan")).content.decode()
    assert "Brev från Försäkringskassan, 3 november." in page
    assert "Det ser ut som ett beslut." in page
    assert "Vill du överklaga? Gör det senast tisdag 24 november." in page
    assert "Räknat: tre veckor från 3 november (brevets datum)." in page
    assert "Ärendenummer: 1234567-89" in page
    assert "Samtycke saknas" not in page  # never on the client's screen
    assert f'data-speak="#letter-{letter.pk}-summary"' in page


def test_an_unsure_date_says_so_and_shows_the_line(
    client_client, contact, client_user, letter_read
):
    text = "\n".join(
        [
            "Försäkringskassan",
            "Datum: 2026-11-03",
            "Begäran om komplettering",
            "Vi behöver ditt läkarintyg.",
            "Skicka det senast 2026-10-20.",
        ]
    )
    letter = letter_read(contact, client_user, text)
    assert not letter.certain("deadline")
    page = client_client.get(reverse("client_plan")).content.decode()
    assert "Jag är inte säker på datumet – titta på rad 5." in page
    assert "Skicka det senast 2026-10-20." in page


def test_a_date_that_cannot_be_read_points_at_its_line(
    client_client, contact, client_user, letter_read
):
    text = "Kronofogden\nDatum: 2026-11-03\nBetalningsföreläggande\nSvara senast 31 november 2026."
    letter_read(contact, client_user, text)
    page = client_client.get(reverse("client_plan")).content.decode()
    assert "Jag kunde inte läsa datumet – titta på rad 4." in page


def test_the_ombud_sees_a_missing_consent_on_the_card_until_it_is_given(
    ombud_client, contact, ombud, client_user, letter_read
):
    letter_read(contact, client_user)
    url = reverse("ombud_plan", args=[contact.pk])
    assert "Samtycke saknas för Försäkringskassan." in ombud_client.get(url).content.decode()
    record_paper_consent(contact, ombud, organisation="forsakringskassan", covers="Beslutet")
    assert "Samtycke saknas" not in ombud_client.get(url).content.decode()


def test_the_letter_page_numbers_the_lines_and_shows_the_photo(
    client_client, contact, client_user, letter_read
):
    letter = letter_read(contact, client_user)
    page = client_client.get(reverse("client_letter", args=[letter.pk])).content.decode()
    assert '<li id="rad-10">' in page and "Om du inte är nöjd med beslutet" in page
    assert reverse("letter_page", args=[letter.pages.get().pk]) in page
    assert 'data-speak="#letter-text"' in page


# --- Suggested tasks into the plan ------------------------------------------------------


def _tasks_post(letter, **changes) -> dict:
    data = {
        "s0-include": "on",
        "s0-what": "Läsa beslutet med Anna",
        "s0-due": "",
        "s1-include": "on",
        "s1-what": "Överklaga beslutet, om du vill",
        "s1-due": "2026-11-24",
        "assignment": "new",
    }
    data.update(changes)
    return data


def test_the_client_confirms_and_changes_the_suggested_tasks(
    client_client, contact, client_user, letter_read, django_capture_on_commit_callbacks, published
):
    letter = letter_read(contact, client_user)
    page = client_client.get(reverse("client_plan")).content.decode()
    assert "Förslag till din plan" in page and 'value="Läsa beslutet med Anna"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client_client.post(
            reverse("client_letter_tasks", args=[letter.pk]),
            _tasks_post(letter, **{"s1-what": "Överklaga senast 24 nov", "s0-include": ""}),
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    assert "Det som ska göras finns nu i planen." in response.content.decode()
    [task] = Task.objects.all()
    assert (task.what, task.due, task.who, task.letter) == (
        "Överklaga senast 24 nov",
        datetime.date(2026, 11, 24),
        "client",
        letter,
    )
    assert task.organisation == "forsakringskassan" and task.updated_by == client_user
    assert task.assignment.title == "Brev från Försäkringskassan"
    assert task.assignment.life_area == "authorities"
    verbs = list(contact.events.order_by("seq").values_list("verb", flat=True))[-3:]
    assert verbs == [Verb.ADDED_ASSIGNMENT, Verb.ADDED_TASK, Verb.LETTER_TASKS]
    assert len(published) == 3  # each its own numbered event, for both phones
    # A second tap adds nothing.
    client_client.post(reverse("client_letter_tasks", args=[letter.pk]), _tasks_post(letter))
    assert Task.objects.count() == 1


def test_the_tasks_can_go_in_an_existing_assignment(
    client_client, contact, client_user, letter_read, assignment
):
    letter = letter_read(contact, client_user)
    client_client.post(
        reverse("client_letter_tasks", args=[letter.pk]),
        _tasks_post(letter, assignment=str(assignment.pk)),
    )
    assert {t.assignment_id for t in Task.objects.all()} == {assignment.pk}
    assert Assignment.objects.count() == 1


def test_choosing_nothing_keeps_the_form_with_a_plain_error(
    client_client, contact, client_user, letter_read
):
    letter = letter_read(contact, client_user)
    response = client_client.post(
        reverse("client_letter_tasks", args=[letter.pk]),
        _tasks_post(letter, **{"s0-include": "", "s1-include": ""}),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "Välj minst en uppgift" in response.content.decode()
    assert not Task.objects.exists()


def test_who_does_a_task_comes_from_the_suggestion_not_the_post(
    client_client, contact, client_user, letter_read
):
    letter = letter_read(contact, client_user)
    client_client.post(
        reverse("client_letter_tasks", args=[letter.pk]), _tasks_post(letter, **{"s1-who": "ombud"})
    )
    assert set(Task.objects.values_list("who", flat=True)) == {"client"}


# --- The ombud's correction ---------------------------------------------------------


def test_the_ombud_corrects_what_was_read_on_that_letter_only(
    ombud_client, contact, ombud, client_user, letter_read
):
    letter = letter_read(contact, client_user)
    other = letter_read(contact, client_user)
    response = ombud_client.post(
        reverse("ombud_letter", args=[letter.pk]),
        {
            "sender": "Kronofogden",
            "organisation": "kronofogden",
            "kind": "payment",
            "letter_date": "2026-11-03",
            "deadline": "2026-11-30",
            "amount": "4 350 kr",
            "case_number": "12-345678-26",
        },
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.sender, letter.kind, letter.deadline) == (
        "Kronofogden",
        "payment",
        datetime.date(2026, 11, 30),
    )
    assert letter.fact("deadline") == {"certain": True, "line": None, "corrected": True}
    assert letter.fact("letter_date")["corrected"] is False  # unchanged, not marked
    assert letter.deadline_rule == "" and letter.corrected_by == ombud
    other.refresh_from_db()
    assert other.sender == "Försäkringskassan"  # teaches nothing outside this letter
    assert contact.events.first().verb == Verb.CORRECTED_LETTER


def test_a_correction_with_the_deadline_before_the_letter_is_refused(
    ombud_client, contact, client_user, letter_read
):
    letter = letter_read(contact, client_user)
    response = ombud_client.post(
        reverse("ombud_letter", args=[letter.pk]),
        {"letter_date": "2026-11-03", "deadline": "2026-11-01"},
    )
    assert response.status_code == 422
    assert "Sista dagen kan inte vara före brevets datum." in response.content.decode()


def test_only_the_ombud_corrects(contact, client_user, letter_read):
    letter = letter_read(contact, client_user)
    with pytest.raises(PermissionDenied):
        letter_actions.correct_letter(
            letter,
            client_user,
            organisation="",
            sender="Någon",
            kind="",
            case_number="",
            letter_date=None,
            deadline=None,
            meeting_at=None,
            amount="",
        )


# --- Removing, files, who may ---------------------------------------------------------


def test_removing_a_letter_removes_its_files_and_keeps_its_tasks(
    client_client,
    contact,
    client_user,
    letter_read,
    private_files,
    django_capture_on_commit_callbacks,
):
    letter = letter_read(contact, client_user)
    client_client.post(reverse("client_letter_tasks", args=[letter.pk]), _tasks_post(letter))
    assert len(private_files()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client_client.post(reverse("client_letter_remove", args=[letter.pk]))
    assert response.status_code == 302
    assert not Letter.objects.exists() and not LetterPage.objects.exists()
    assert private_files() == []
    assert Task.objects.count() == 2 and not Task.objects.filter(letter__isnull=False).exists()


def test_the_page_file_is_served_to_the_two_parties_only(
    person, browsers, contact, client_user, letter_read
):
    letter = letter_read(contact, client_user)
    url = reverse("letter_page", args=[letter.pages.get().pk])
    response = browsers[person].get(url)
    assert response.status_code == (200 if person in ("ombud", "client") else 404)
    if response.status_code == 200:
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "private, max-age=86400"


def test_every_letter_door_is_closed_to_outsiders(
    person, browsers, contact, client_user, letter_read
):
    letter = letter_read(contact, client_user)
    side = "ombud" if person in ("ombud", "other_ombud") else "client"
    doors = {
        "client": [
            ("get", reverse("client_letter", args=[letter.pk])),
            ("post", reverse("client_letter_tasks", args=[letter.pk])),
            ("post", reverse("client_letter_remove", args=[letter.pk])),
        ],
        "ombud": [
            ("get", reverse("ombud_letter", args=[letter.pk])),
            ("get", reverse("ombud_letter_new", args=[contact.pk])),
            ("post", reverse("ombud_letter_tasks", args=[letter.pk])),
            ("post", reverse("ombud_letter_remove", args=[letter.pk])),
        ],
    }[side]
    for method, url in doors:
        response = getattr(browsers[person], method)(url)
        if person in ("ombud", "client"):
            assert response.status_code in (200, 302, 422), (person, url)
        else:
            assert response.status_code == 404, (person, url)


def test_the_ombud_opening_a_letter_is_recorded_without_content(
    ombud_client, contact, client_user, letter_read
):
    letter = letter_read(contact, client_user)
    ombud_client.get(reverse("ombud_letter", args=[letter.pk]))
    entry = AuditEntry.objects.get(action=AuditEntry.Action.VIEWED_LETTER)
    assert entry.what == ""


def test_the_clients_copy_holds_the_letter_its_text_and_photo(
    client_client, contact, client_user, letter_read
):
    letter_read(contact, client_user)
    copy = json.loads(client_client.get(reverse("client_copy_download", args=["json"])).content)
    [letter] = copy["letters"]
    assert letter["sender"] == "Försäkringskassan" and letter["deadline"] == "2026-11-24"
    assert "Om du inte är nöjd med beslutet" in letter["text"]
    assert letter["how_sure"]["deadline"]["certain"] is True
    assert letter["pages"][0]["content_type"] == "image/jpeg"
    html = client_client.get(reverse("client_copy_download", args=["html"])).content.decode()
    assert "Brev från Försäkringskassan" in html and "Om du inte är nöjd med beslutet" in html
