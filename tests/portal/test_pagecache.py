"""The plan and message pages keep their contact's parts once drawn (portal/pagecache.py): served
again while the contact has the same number, never after a change, never to someone else,
in another language, on another day, or with another device's CSRF token."""

import datetime
import json
import re
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from portal import pagecache
from portal.actions.consent import give_consent
from portal.actions.messaging import send_message, set_read_receipts
from portal.actions.network import add_person
from portal.actions.notes import add_note, set_disposition
from portal.actions.plan import add_comment, add_task
from portal.models import Who, WorkingNote
from portal.queries.plan import MEETING_SHOWN_AFTER_START

pytestmark = pytest.mark.django_db


def queries_for(browser: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def without_tokens(body: str) -> str:
    return re.sub(r'(value="|"X-CSRFToken": ")[A-Za-z0-9]{64}', r"\1…", body)


def test_the_second_load_of_the_clients_plan_is_kept_and_the_same(client_client, task):
    first_count, first = queries_for(client_client, reverse("client_plan"))
    second_count, second = queries_for(client_client, reverse("client_plan"))
    assert second_count < first_count - 5
    assert without_tokens(second) == without_tokens(first)
    assert "Öppna posten från Kronofogden" in second


def test_a_change_to_the_contact_shows_at_once(client_client, contact, assignment, ombud):
    client_client.get(reverse("client_plan"))
    add_task(assignment, ombud, what="Boka tid hos tandläkaren", who=Who.OMBUD)
    count, body = queries_for(client_client, reverse("client_plan"))
    assert "Boka tid hos tandläkaren" in body
    assert count > 8  # drawn again, not kept


def test_the_ombuds_plan_shows_a_comment_written_after_it_was_kept(
    ombud_client, contact, client_user
):
    url = reverse("ombud_plan", args=[contact.pk])
    ombud_client.get(url)
    add_comment(contact, client_user, text="Kan vi ses på torsdag i stället?")
    assert "Kan vi ses på torsdag i stället?" in ombud_client.get(url).content.decode()


def test_each_reader_gets_their_own_parts(client_client, ombud_client, contact, task):
    """The same task reads "Du" to the one who does it and a name to the other."""
    client_client.get(reverse("client_plan"))
    ombud_body = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    client_body = client_client.get(reverse("client_plan")).content.decode()
    assert "Planen tillhör Maja" in ombud_body
    assert "Planen är din" in client_body and "Planen är din" not in ombud_body


def test_english_is_kept_apart_from_swedish(client_client, task):
    client_client.get(reverse("client_plan"))
    client_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client_client.get(reverse("client_plan")).content.decode()
    assert "The plan is yours." in english
    assert "Planen är din" not in english


def test_a_kept_page_carries_this_devices_csrf_token(client_user, contact):
    """Two phones of one client: the second is served the first one's parts, and its
    form still goes through CSRF with its own token."""
    phones = [Client(enforce_csrf_checks=True) for _ in range(2)]
    for phone in phones:
        phone.force_login(client_user)
    phones[0].get(reverse("client_plan"))
    body = phones[1].get(reverse("client_plan")).content.decode()
    assert pagecache.CSRF_PLACEHOLDER not in body
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    response = phones[1].post(
        reverse("client_comment"), {"text": "Hej från telefon två", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert contact.comments.filter(text="Hej från telefon två").exists()


def test_kept_parts_last_until_midnight_without_meetings():
    now = timezone.make_aware(datetime.datetime(2026, 3, 4, 22, 30))
    assert pagecache.seconds_valid({"meetings": []}, now) == 90 * 60


def test_kept_parts_go_when_the_first_meeting_drops_off_the_list(meeting):
    now = meeting.starts_at + MEETING_SHOWN_AFTER_START - datetime.timedelta(minutes=7)
    assert pagecache.seconds_valid({"meetings": [meeting]}, now) == 7 * 60


def test_the_key_names_the_number_the_reader_the_language_and_the_day(contact, ombud):
    key = pagecache.key_for("plan", contact, ombud)
    contact.last_seq += 1
    assert pagecache.key_for("plan", contact, ombud) != key
    contact.last_seq -= 1
    assert pagecache.key_for("plan", contact, contact.client) != key
    with translation.override("en"):
        assert pagecache.key_for("plan", contact, ombud) != key
    assert timezone.localdate().isoformat() in key


def test_the_latest_messages_are_kept_until_one_more_comes(
    ombud_client, contact, client_user, ombud
):
    url = reverse("ombud_messages", args=[contact.pk])
    send_message(contact, ombud, text="Hej Maja", client_uuid=uuid.uuid4())
    first_count, _body = queries_for(ombud_client, url)
    second_count, body = queries_for(ombud_client, url)
    assert second_count < first_count
    send_message(contact, client_user, text="Är du där?", client_uuid=uuid.uuid4())
    assert "Är du där?" in ombud_client.get(url).content.decode()


def test_read_receipts_turned_on_show_on_the_ombuds_kept_page(
    ombud_client, client_client, contact, client_user, ombud
):
    url = reverse("ombud_messages", args=[contact.pk])
    send_message(contact, ombud, text="Hej Maja", client_uuid=uuid.uuid4())
    client_client.get(reverse("client_messages"))  # Maja reads it
    assert "Läst" not in ombud_client.get(url).content.decode()
    set_read_receipts(contact, client_user, share=True)  # no number of its own
    assert "Läst" in ombud_client.get(url).content.decode()


def test_a_working_note_shows_in_the_ending_section_of_the_kept_plan(ombud_client, contact, ombud):
    """Notes get no number (they are the ombud's own), so the key holds their counts."""
    url = reverse("ombud_plan", args=[contact.pk])
    assert "Bestäm först" not in ombud_client.get(url).content.decode()
    note = add_note(contact, ombud, text="Ringde Försäkringskassan")
    assert (
        "Bestäm först vad som ska hända med 1 anteckning" in ombud_client.get(url).content.decode()
    )
    set_disposition(note, ombud, disposition=WorkingNote.Disposition.DESTROY)
    assert "Bestäm först" not in ombud_client.get(url).content.decode()


def test_the_network_page_shows_someone_added_after_it_was_kept(client_client, contact, ombud):
    client_client.get(reverse("client_network"))
    add_person(contact, ombud, role="boendestod", name="Karim")
    assert "Karim" in client_client.get(reverse("client_network")).content.decode()


def test_the_ombuds_consent_page_shows_a_consent_given_after_it_was_kept(
    ombud_client, contact, client_user
):
    url = reverse("ombud_consents", args=[contact.pk])
    assert "Skulderna hos Kronofogden" not in ombud_client.get(url).content.decode()
    give_consent(
        contact, client_user, organisation="kronofogden", covers="Skulderna hos Kronofogden"
    )
    assert "Skulderna hos Kronofogden" in ombud_client.get(url).content.decode()


def test_the_api_plan_is_read_once_for_the_contacts_number(ombud_client, contact, task, ombud):
    url = f"/api/contacts/{contact.pk}/plan"
    first, _body = queries_for(ombud_client, url)
    second, body = queries_for(ombud_client, url)
    assert second < first - 2
    assert json.loads(body) == ombud_client.get(url).json()  # the same plan, kept

    def tasks() -> list[str]:
        plan = ombud_client.get(url).json()
        return [t["what"] for a in plan["assignments"] for t in a["tasks"]]

    assert tasks() == ["Öppna posten från Kronofogden"]
    add_task(task.assignment, ombud, what="Ringa hyresvärden", who=Who.OMBUD)
    assert "Ringa hyresvärden" in tasks()
