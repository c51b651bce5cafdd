"""The client's own copy reads like a letter to them (issue 12, part 4): Swedish local
dates with the weekday, "du" and the ombud's name, headings in order, an opening and an
"Om kopian"; in English for a client who chose English. The JSON stays complete."""

import datetime
import json
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.actions import consent as consent_actions
from portal.actions import notes as note_actions
from portal.actions.audit import record
from portal.actions.messaging import send_message
from portal.actions.plan import add_meeting, add_task
from portal.models import AuditEntry, Organisation, Task, Who, WorkingNote

UTC = datetime.UTC
# Tuesday 1 December 2026, 12:00 UTC: 13:00 in Stockholm (winter time).
NOON_UTC = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
HEADINGS = [
    "Din plan",
    "Dina träffar",
    "Dina meddelanden",
    "Dina brev",
    "Dina samtycken",
    "Mitt nätverk",
    "Anteckningar som Anna lämnade till dig",
    "Vem har tittat och ändrat",
    "Om kopian",
]


@pytest.fixture
def full_plan(contact, ombud, client_user, assignment, task):
    """Maja's plan with something of every kind, at times we know."""
    together = add_task(assignment, ombud, what="Gå till banken", who=Who.TOGETHER)
    Task.objects.filter(pk=together.pk).update(due=datetime.date(2026, 12, 1))
    add_task(
        assignment, client_user, what="Skicka intyget", who=Who.OTHER, who_other="Vårdcentralen"
    )
    meeting = add_meeting(contact, ombud, starts_at=NOON_UTC, place="Biblioteket", about="Budget")
    message, _ = send_message(
        contact, ombud, text="Hej Maja, ses på tisdag!", client_uuid=uuid.uuid4()
    )
    message.__class__.objects.filter(pk=message.pk).update(created_at=NOON_UTC)
    consent = consent_actions.give_consent(
        contact, client_user, organisation=Organisation.FORSAKRINGSKASSAN, covers="Sjukpenningen"
    )
    consent.__class__.objects.filter(pk=consent.pk).update(given_at=NOON_UTC)
    note = note_actions.add_note(contact, ombud, text="Maja vill helst ha förmiddagar.")
    note_actions.set_disposition(note, ombud, disposition=WorkingNote.Disposition.HAND_OVER)
    # Handed over, as a move to another ombud or the end does (portal.actions.team, ending):
    # only then is it the client's and in the copy.
    WorkingNote.objects.filter(pk=note.pk).update(handed_over_at=timezone.now())
    entry = record(contact, ombud, AuditEntry.Action.VIEWED_PLAN)
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=NOON_UTC)
    return meeting


def _html(browser) -> str:
    response = browser.get(reverse("client_copy_download", args=["html"]))
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    """What a reader sees: no tags, no style sheet, spaces as in a browser."""
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    html = re.sub(r'src="data:[^"]*"', "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_copy_reads_like_a_letter_with_local_times_du_and_headings_in_order(
    client_client, full_plan
):
    html = _html(client_client)
    text = _text(html)
    # Local time with the weekday; never UTC, never ISO.
    assert re.search(r"tisdag 1 december( 2026)? kl 13", text), text
    assert "kl 12" not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert "T12:00" not in html and "+00:00" not in html
    assert "i morgon" not in text and "i dag" not in text and "i går" not in text
    # "du" and names, never roles.
    assert "Klienten" not in text and "Ombudet" not in text
    assert "Du skrev den" in text  # the task Maja wrote herself
    assert "Anna skrev den" in text
    assert "Ni tillsammans" in text and "Vårdcentralen" in text
    assert "Du gav det i appen" in text
    assert "Anna öppnade planen" in text
    # An opening that says what this is, when it was made, and that it is theirs.
    assert "Det här är din kopia av allt som fanns om dig i Brobyggare" in text
    assert "Kopian är din" in text
    # Headings in order.
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    assert headings == HEADINGS
    # Printable from the file alone: the styles are inside it, with a print part.
    assert "<link" not in html and "@media print" in html


def test_the_copy_is_in_english_for_a_client_who_chose_english(client_client, full_plan):
    client_client.cookies["django_language"] = "en"
    html = _html(client_client)
    text = _text(html)
    assert '<html lang="en">' in html
    assert re.search(r"Tuesday 1 December( 2026)? at 13:00", text), text
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    assert headings[0] == "Your plan" and headings[-1] == "About this copy"
    assert "Notes Anna left for you" in headings
    assert "This is your copy of everything Brobyggare had about you" in text


def test_the_json_keeps_every_field_with_iso_times_and_adds_what_the_letter_shows(
    client_client, full_plan
):
    data = json.loads(client_client.get(reverse("client_copy_download", args=["json"])).content)
    meeting = data["meetings"][0]
    assert datetime.datetime.fromisoformat(meeting["starts_at"]) == NOON_UTC
    assert datetime.datetime.fromisoformat(data["made_at"]).tzinfo is not None
    assert data["time_zone"] == "Europe/Stockholm"
    assert ZoneInfo(data["time_zone"])
    tasks = {t["what"]: t for t in data["assignments"][0]["tasks"]}
    assert tasks["Gå till banken"]["who_code"] == "together"
    assert tasks["Gå till banken"]["due"] == "2026-12-01"
    assert tasks["Öppna posten från Kronofogden"]["written_by"] == "Anna"
    assert data["consents"][0]["organisation_code"] == "forsakringskassan"
    assert data["notes_handed_over"][0]["written_by"] == "Anna"
    assert data["looked"] == [
        {
            "by": "Anna",
            "what": "öppnade planen",
            "action": "viewed_plan",
            "at": NOON_UTC.isoformat(),
        }
    ]
    # Everything that was there before is still there.
    for key in (
        "client",
        "ombud",
        "operation",
        "started_on",
        "ended_on",
        "assignments",
        "network",
        "meetings",
        "wishes_and_comments",
        "messages",
        "letters",
        "consents",
        "notes_handed_over",
        "changes",
    ):
        assert key in data
