"""Who looked: openings are recorded without content, and only the client sees them."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.actions.audit import record
from portal.actions.messaging import send_message
from portal.actions.notes import add_note
from portal.actions.plan import set_task_done
from portal.attachments import CleanFile
from portal.models import AuditEntry

Action = AuditEntry.Action
HTMX = {"HTTP_HX_REQUEST": "true"}
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
WHO_LOOKED = reverse("client_who_looked")


def _entries(contact) -> list[tuple]:
    return list(
        AuditEntry.objects.filter(contact=contact)
        .order_by("pk")
        .values_list("actor__username", "action", "what")
    )


def _attachment(contact, sender):
    message, _created = send_message(
        contact,
        sender,
        text="Här är brevet från Kronofogden",
        client_uuid=uuid.uuid4(),
        attachment=CleanFile(
            content=PDF, content_type="application/pdf", extension="pdf", width=None, height=None
        ),
    )
    return message.attachments.get()


# Recording


def test_record_stores_who_what_and_when(contact, ombud):
    entry = record(contact, ombud, Action.VIEWED_PLAN)
    assert (entry.actor, entry.action, entry.what) == (ombud, Action.VIEWED_PLAN, "")
    assert entry.created_at is not None


def test_the_clients_own_openings_are_not_recorded(contact, client_user):
    assert record(contact, client_user, Action.VIEWED_PLAN) is None
    assert not AuditEntry.objects.exists()


def test_what_is_cut_to_a_short_kind(contact, ombud):
    entry = record(contact, ombud, Action.CHANGED, what="x" * 100)
    assert len(entry.what) == 40


def test_the_ombud_opening_the_plan_is_recorded_without_content(ombud_client, contact, task):
    ombud_client.get(reverse("ombud_plan", args=[contact.pk]))
    assert _entries(contact) == [("anna", Action.VIEWED_PLAN, "")]


def test_opening_the_conversation_is_recorded_for_the_ombud_not_the_client(
    ombud_client, client_client, contact, ombud
):
    client_client.get(reverse("client_messages"))
    ombud_client.get(reverse("ombud_messages", args=[contact.pk]))
    assert _entries(contact) == [("anna", Action.VIEWED_MESSAGES, "")]


def test_paging_back_through_messages_is_the_same_opening(ombud_client, contact, ombud):
    for n in range(35):
        send_message(contact, ombud, text=f"Meddelande {n}", client_uuid=uuid.uuid4())
    url = reverse("ombud_messages", args=[contact.pk])
    ombud_client.get(url)
    oldest = contact.messages.order_by("pk").values_list("pk", flat=True)[5]
    ombud_client.get(f"{url}?fore={oldest}", **HTMX)
    assert _entries(contact) == [("anna", Action.VIEWED_MESSAGES, "")]


def test_opening_the_notes_page_is_recorded(ombud_client, contact, ombud):
    add_note(contact, ombud, text="Privat")
    ombud_client.get(reverse("ombud_notes", args=[contact.pk]))
    assert _entries(contact) == [("anna", Action.VIEWED_NOTES, "")]


def test_opening_an_attachment_is_recorded_for_the_ombud(
    ombud_client, client_client, contact, client_user
):
    attachment = _attachment(contact, client_user)
    url = reverse("attachment", args=[attachment.pk])
    assert client_client.get(url).status_code == 200
    assert ombud_client.get(url).status_code == 200
    assert _entries(contact) == [("anna", Action.VIEWED_ATTACHMENT, "")]


def test_reading_the_plan_through_the_api_is_recorded(ombud_client, client_client, contact):
    client_client.get(f"/api/contacts/{contact.pk}/plan")
    ombud_client.get(f"/api/contacts/{contact.pk}/plan")
    assert _entries(contact) == [("anna", Action.VIEWED_PLAN, "api")]


@pytest.mark.parametrize("person", ["other_ombud", "other_client", "coordinator"])
def test_outsiders_who_are_turned_away_leave_no_entry(person, browsers, contact, client_user):
    browser = browsers[person]
    attachment = _attachment(contact, client_user)
    for url in (
        reverse("ombud_plan", args=[contact.pk]),
        reverse("ombud_messages", args=[contact.pk]),
        reverse("ombud_notes", args=[contact.pk]),
        reverse("attachment", args=[attachment.pk]),
        f"/api/contacts/{contact.pk}/plan",
    ):
        assert browser.get(url).status_code == 404, url
    assert not AuditEntry.objects.exists()


# The client's page


def test_the_client_sees_who_opened_what_and_when(ombud_client, client_client, contact):
    ombud_client.get(reverse("ombud_plan", args=[contact.pk]))
    ombud_client.get(reverse("ombud_messages", args=[contact.pk]))
    body = client_client.get(WHO_LOOKED).content.decode()
    assert "Vem har tittat och ändrat" in body
    assert "Anna (ditt ombud)</span> öppnade planen · i dag kl" in body.replace(
        '<span class="change-when">', ""
    )
    assert "öppnade meddelandena" in body
    # Newest first.
    assert body.index("öppnade meddelandena") < body.index("öppnade planen")


def test_changes_are_listed_by_kind_never_by_content(
    ombud_client, client_client, contact, client_user, task
):
    set_task_done(task, client_user, done=True)
    send_message(contact, client_user, text="Hemligt meddelande", client_uuid=uuid.uuid4())
    add_note(contact, contact.ombud, text="Privat anteckning")
    ombud_client.get(reverse("ombud_notes", args=[contact.pk]))
    body = client_client.get(WHO_LOOKED).content.decode()
    assert "lade till ett uppdrag" in body and "lade till en uppgift" in body
    assert "Du</span> markerade en uppgift som klar" in body
    assert "öppnade sina arbetsanteckningar" in body
    for content in (task.what, task.assignment.title, "Hemligt meddelande", "Privat anteckning"):
        assert content not in body
    assert "skickade ett meddelande" not in body  # messaging is not a change to the data


def test_the_list_is_newest_first_and_paged_fifty_at_a_time(client_client, contact, ombud):
    start = timezone.now() - datetime.timedelta(days=3)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            contact=contact,
            actor=ombud,
            action=Action.VIEWED_PLAN if n else Action.VIEWED_NOTES,
            created_at=start + datetime.timedelta(minutes=n),
        )
        for n in range(60)
    )
    first = client_client.get(WHO_LOOKED).content.decode()
    assert first.count("öppnade planen") == 50
    assert "öppnade sina arbetsanteckningar" not in first  # the oldest, on page 2
    assert "Sida 1 av 2" in first and 'href="?sida=2"' in first
    second = client_client.get(f"{WHO_LOOKED}?sida=2").content.decode()
    assert second.count("öppnade planen") == 9
    assert "öppnade sina arbetsanteckningar" in second
    assert client_client.get(f"{WHO_LOOKED}?sida=nej").status_code == 200


def test_an_empty_list_says_so_calmly(client_client):
    body = client_client.get(WHO_LOOKED).content.decode()
    assert "Ingen har tittat eller ändrat något än." in body


def test_more_links_to_the_page(client_client):
    assert f'href="{WHO_LOOKED}"' in client_client.get(reverse("client_more")).content.decode()


def test_only_the_client_sees_the_entries_of_their_own_contact(person, browsers, contact):
    browsers["ombud"].get(reverse("ombud_plan", args=[contact.pk]))
    response = browsers[person].get(WHO_LOOKED)
    assert response.status_code == (200 if person in ("client", "other_client") else 404)
    if response.status_code == 200:
        # Omar's own page is there, but holds nothing of Maja's contact.
        assert ("öppnade planen" in response.content.decode()) == (person == "client")


def test_the_coordinator_sees_no_trail(ombud_client, coordinator_client, contact):
    ombud_client.get(reverse("ombud_plan", args=[contact.pk]))
    body = coordinator_client.get(reverse("coordinator_home")).content.decode()
    assert "öppnade" not in body


def test_the_trail_is_erased_with_the_contact(ombud_client, contact):
    ombud_client.get(reverse("ombud_plan", args=[contact.pk]))
    contact.delete()
    assert not AuditEntry.objects.exists()


def test_the_page_uses_the_same_queries_for_a_short_and_a_long_trail(
    ombud_client, client_client, contact, task
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_client.get(WHO_LOOKED).status_code == 200
        return len(captured)

    ombud_client.get(reverse("ombud_plan", args=[contact.pk]))
    short = queries()
    for _ in range(70):
        ombud_client.get(reverse("ombud_plan", args=[contact.pk]))
        set_task_done(task, contact.client, done=not task.is_done)
        task.refresh_from_db()
    assert queries() == short
    assert short <= 7
