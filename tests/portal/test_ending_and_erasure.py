"""A whole contact, from the request to the end, and then nothing left of the person:
every table and the attachment folder are scanned for what identified them."""

import datetime
import io
import json
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from portal.actions import ending, messaging, proposals
from portal.actions.consent import give_consent, record_paper_consent
from portal.actions.contacts import change_phase
from portal.actions.intake import assign, register_intake
from portal.actions.letters import add_letter_tasks
from portal.actions.notes import add_note, set_disposition
from portal.actions.plan import add_assignment, add_comment, add_meeting, add_task
from portal.attachments import clean_upload, clean_voice
from portal.models import (
    Contact,
    ContactEvent,
    PushSubscription,
    StatisticsRecord,
    User,
    WorkingNote,
)

NAME = "Zelmira"
PERSONNUMMER = "19850412-1234"
PHONE = "070-123 45 67"
EMAIL = "zelmira.lind@example.se"
MESSAGE = "Brevet från Kronofogden kom i dag, jag är rädd"
# What a photographed letter said: its text is the contact's personal data too.
LETTER_LINE = "Du är skyldig Elbolaget i Norr AB 30 750 kr"
LETTER_TEXT = f"""Kronofogden
Datum: 2026-11-03
Målnummer: 86-595178-14
{NAME} Lind
Personnummer: {PERSONNUMMER}
Betalningsföreläggande
{LETTER_LINE}
Du måste svara senast 2026-11-20."""
NEEDLES = [NAME, PERSONNUMMER, PHONE, EMAIL, MESSAGE, "Lind", LETTER_LINE, "86-595178-14"]


def _photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(out, "JPEG")
    return SimpleUploadedFile("brev.jpg", out.getvalue(), content_type="image/jpeg")


def _voice():
    recording = Path(__file__).parent / "audio" / "chrome-opus.webm"
    return clean_voice(SimpleUploadedFile("rost.webm", recording.read_bytes()))


def _full_contact(ombud, coordinator, letter_read) -> Contact:
    """Intake and queue, consents, a plan, messages with a photo, notes of both kinds, a
    photographed letter read and its tasks in the plan: all through the actions, as the
    app does it."""
    intake = register_intake(
        coordinator,
        channel="phone",
        referrer="relative",
        name=f"{NAME} Lind",
        phone=PHONE,
        email=EMAIL,
        gender="woman",
        birth_year=1985,
    )
    contact = assign(intake, coordinator, ombud=ombud)
    client = contact.client
    client.username = "zelmira85"
    client.set_password("solros-i-juni")
    client.save()
    change_phase(contact, ombud, phase=2)
    assignment = add_assignment(contact, ombud, title="Betalningsplan", life_area="economy")
    add_task(assignment, ombud, what=f"Ring Kronofogden om {PERSONNUMMER}", who="ombud")
    add_meeting(
        contact,
        ombud,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        place=f"Hemma hos {NAME}",
    )
    add_comment(contact, client, text=f"Ring mig på {PHONE}")
    give_consent(contact, client, organisation="kronofogden", covers=f"Skulder, {PERSONNUMMER}")
    record_paper_consent(contact, ombud, organisation="vardcentral", covers="Läkarintyg")
    messaging.send_message(
        contact, client, text=MESSAGE, client_uuid=uuid.uuid4(), attachment=clean_upload(_photo())
    )
    messaging.send_message(contact, ombud, text=f"Hej {NAME}!", client_uuid=uuid.uuid4())
    # A voice message is the client's words too: its file must go with the rest.
    messaging.send_message(contact, client, text="", client_uuid=uuid.uuid4(), voice=_voice())
    handed = add_note(contact, ombud, text=f"{NAME} vill ha hjälp med {PERSONNUMMER}-ärendet")
    set_disposition(handed, ombud, disposition="hand_over")
    destroyed = add_note(contact, ombud, text=f"Minnesanteckning: {NAME} ringde från {PHONE}")
    set_disposition(destroyed, ombud, disposition="destroy")
    letter = letter_read(contact, client, LETTER_TEXT)
    add_letter_tasks(
        letter,
        client,
        tasks=[{"what": "Svara Kronofogden", "who": "client", "due": letter.deadline}],
        assignment=assignment,
    )
    # A proposal to end, with words that name her, which she answered "Inte än".
    asked = ending.propose_ending(contact, ombud, reason="moved", words=f"Tack {NAME}!")
    proposals.answer(asked, client, yes=False)
    PushSubscription.objects.create(
        user=client, endpoint="https://push.example.net/zelmira", p256dh="x", auth="y"
    )
    return contact


def _everything_in_the_database() -> str:
    texts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                texts.append(" ".join(str(value) for value in row))
    return "\n".join(texts)


def test_a_whole_contact_leaves_only_anonymous_figures(
    ombud, coordinator, client, django_capture_on_commit_callbacks, private_files, letter_read
):
    contact = _full_contact(ombud, coordinator, letter_read)
    client.force_login(contact.client)
    before = _everything_in_the_database()
    assert all(needle in before for needle in NEEDLES)  # the scan can see them
    # The message's photo, the voice message and the letter's page.
    assert len(private_files()) == 3
    assert any(path.suffix == ".webm" for path in private_files())

    # The client ends it from the app, in one step, and fetches her copy.
    response = client.post(reverse("client_end"))
    assert response["Location"] == reverse("client_copy")
    copy = json.loads(client.get(reverse("client_copy_download", args=["json"])).content)
    assert copy["messages"][0]["text"] == MESSAGE
    assert copy["messages"][0]["attachments"][0]["content_type"] == "image/jpeg"
    assert copy["messages"][2]["attachments"][0]["content_type"] == "audio/webm"
    assert LETTER_LINE in copy["letters"][0]["text"]
    assert copy["letters"][0]["pages"][0]["content_type"] == "image/jpeg"
    assert [n["text"] for n in copy["notes_handed_over"]] == [
        f"{NAME} vill ha hjälp med {PERSONNUMMER}-ärendet"
    ]
    assert not WorkingNote.objects.filter(disposition="destroy").exists()  # destroyed at once

    # Past the window, the erasure runs.
    Contact.objects.filter(pk=contact.pk).update(erase_after=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):  # files go once it is committed
        call_command("erase_ended_contacts", stdout=io.StringIO())

    after = _everything_in_the_database()
    found = [needle for needle in NEEDLES if needle in after]
    assert found == [], f"still in the database: {found}"
    assert private_files() == []
    assert not User.objects.filter(username="zelmira85").exists()
    assert not client.login(username="zelmira85", password="solros-i-juni")

    [record] = StatisticsRecord.objects.all()
    assert (record.gender, record.age_band, record.channel, record.referrer) == (
        "woman",
        "36-45",
        "phone",
        "relative",
    )
    assert (record.highest_phase, record.life_areas, record.ended_how) == (2, ["economy"], "client")
    assert record.ended_on == timezone.localdate()


def test_the_client_can_log_in_for_their_copy_until_the_window_passes(
    ombud, coordinator, client, letter_read
):
    contact = _full_contact(ombud, coordinator, letter_read)
    ending.end_contact(contact, contact.client)
    assert client.login(username="zelmira85", password="solros-i-juni")
    assert client.get(reverse("client_plan"))["Location"] == reverse("client_copy")
    page = client.get(reverse("client_copy")).content.decode()
    assert "Kontakten är avslutad" in page and "Hämta din kopia före" in page
    html = client.get(reverse("client_copy_download", args=["html"]))
    assert html["Content-Disposition"] == 'attachment; filename="brobyggare-min-kopia.html"'
    assert MESSAGE in html.content.decode() and "data:image/jpeg;base64," in html.content.decode()
    assert LETTER_LINE in html.content.decode()
    assert ending.erase_due(now=timezone.now()) == 0  # not yet
    assert ending.erase_due(now=timezone.now() + datetime.timedelta(days=31)) == 1


def test_the_ombud_closes_alone_only_for_lost_contact_and_with_every_note_decided(
    contact, ombud, ombud_client
):
    """Ending together takes the client's yes (tests/portal/test_ending_together.py); the
    ombud alone only records that the client can no longer answer."""
    change_phase(contact, ombud, phase=3)
    with pytest.raises(PermissionDenied):
        ending.end_contact(contact, ombud, how="done")
    WorkingNote.objects.create(contact=contact, author=ombud, text="Inte bestämd")
    url = reverse("ombud_close", args=[contact.pk])
    response = ombud_client.post(url, {"reason": "lost_contact"})
    assert response.status_code == 422
    assert "Bestäm först vad som ska hända med 1 anteckning:" in response.content.decode()
    WorkingNote.objects.update(disposition="hand_over")
    assert ombud_client.post(url, {"reason": "lost_contact"}).status_code == 302
    contact.refresh_from_db()
    assert (contact.status, contact.ended_how) == ("ended", "lost_contact")
    assert contact.events.first().verb == ContactEvent.Verb.ENDED


def test_ending_by_the_client_destroys_undecided_notes_too(contact, ombud, client_user):
    WorkingNote.objects.create(contact=contact, author=ombud, text="Inte bestämd")
    ending.end_contact(contact, client_user)
    assert not WorkingNote.objects.exists()


def test_ending_publishes_the_contacts_next_number_and_its_new_members_once(
    contact, task, client_user, published, django_capture_on_commit_callbacks
):
    """The assignment and the task were the contact's changes 1 and 2. Every socket of
    the contact then checks that its user still belongs to it (nobody does now)."""
    with django_capture_on_commit_callbacks(execute=True):
        ending.end_contact(contact, client_user)
        ending.end_contact(contact, client_user)  # already ended: nothing more
    group = f"contact-{contact.pk}"
    assert published == [
        (group, {"type": "contact.changed", "contact": contact.pk, "seq": 3}),
        (group, {"type": "contact.members", "contact": contact.pk}),
    ]


def test_only_the_parties_can_end_and_outsiders_get_404(
    contact, other_client_client, other_ombud_client, coordinator_client, other_ombud
):
    with pytest.raises(PermissionDenied):
        ending.end_contact(contact, other_ombud)
    assert other_ombud_client.post(reverse("ombud_close", args=[contact.pk])).status_code == 404
    assert coordinator_client.post(reverse("client_end")).status_code == 404
    other_client_client.post(reverse("client_end"))  # ends only their own
    contact.refresh_from_db()
    assert contact.status == "active"


def test_the_client_can_fetch_everything_at_any_time(client_client, task, contact):
    json_copy = json.loads(
        client_client.get(reverse("client_copy_download", args=["json"])).content
    )
    assert json_copy["assignments"][0]["tasks"][0]["what"] == task.what
    assert (
        "Allt appen har sparat om dig" in client_client.get(reverse("client_copy")).content.decode()
    )


def test_the_end_page_is_calm_and_says_what_happens(client_client):
    body = client_client.get(reverse("client_end")).content.decode()
    assert "Du bestämmer." in body and "välkommen tillbaka" in body and "30 dagar" in body
