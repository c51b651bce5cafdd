"""The API covers the whole contact: ending (alone, together, lost contact), the copy
during the window, moves and stand-ins, working notes, the who-looked trail, intake and
the queue. Each answer has the documented shape; who may is tested in
tests/portal/test_access_matrix_team.py."""

import datetime

from django.test import Client
from django.utils import timezone

from portal.actions import team
from portal.actions.audit import record
from portal.actions.contacts import change_phase
from portal.actions.intake import register_intake
from portal.actions.notes import add_note
from portal.models import AuditEntry, Intake, Proposal, StatisticsRecord, WorkingNote


def _post(browser, url, body=None):
    return browser.post(url, body or {}, content_type="application/json")


def test_ending_together_through_the_api(contact, ombud, ombud_client, client_client):
    url = f"/api/contacts/{contact.pk}/proposals/end"
    done_too_early = _post(ombud_client, url, {"reason": "done"})
    assert done_too_early.status_code == 422
    assert list(done_too_early.json()["errors"]) == ["reason"]
    change_phase(contact, ombud, phase=3)
    proposal = _post(ombud_client, url, {"reason": "done", "words": "Tack!"})
    assert proposal.status_code == 201
    body = proposal.json()
    assert (body["kind"], body["status"], body["reason"]) == ("end", "open", "done")
    assert _post(ombud_client, url, {"reason": "moved"}).status_code == 409

    answer = f"/api/proposals/{body['id']}/answer"
    assert _post(client_client, answer, {"answer": "maybe"}).status_code == 422
    assert _post(client_client, answer, {"answer": "not_yet"}).json()["status"] == "declined"
    assert _post(client_client, answer, {"answer": "yes"}).status_code == 409
    assert not StatisticsRecord.objects.exists()

    again = _post(ombud_client, url, {"reason": "done"}).json()
    accepted = _post(client_client, f"/api/proposals/{again['id']}/answer", {"answer": "yes"})
    assert accepted.json()["status"] == "accepted"
    assert StatisticsRecord.objects.get().ended_how == "done"
    # During the window the client still has their copy, as JSON and as one HTML file.
    copy = client_client.get("/api/copy")
    assert copy.status_code == 200 and copy.json()["why_it_ended"].startswith("Du och Anna")
    html = client_client.get("/api/copy/html")
    assert (
        html["Content-Type"].startswith("text/html")
        and "Din kopia från Brobyggare, Maja" in html.content.decode()
    )


def test_the_client_ends_alone_through_the_api(contact, client_client, ombud, ombud_client):
    assert _post(ombud_client, f"/api/contacts/{contact.pk}/end").status_code == 403
    ended = _post(client_client, f"/api/contacts/{contact.pk}/end")
    assert ended.status_code == 200
    assert ended.json()["ended_how"] == "client"
    assert ended.json()["copy_until"] is not None


def test_lost_contact_through_the_api(contact, ombud, ombud_client):
    url = f"/api/contacts/{contact.pk}/close"
    assert _post(ombud_client, url, {"reason": "done", "confirm": True}).status_code == 422
    unconfirmed = _post(ombud_client, url, {"reason": "lost_contact"})
    assert unconfirmed.status_code == 422 and "confirm" in unconfirmed.json()["errors"]
    add_note(contact, ombud, text="Inte bestämd")
    undecided = _post(ombud_client, url, {"reason": "lost_contact", "confirm": True})
    assert undecided.status_code == 422
    assert undecided.json()["errors"]["__all__"][0].startswith("Bestäm först")
    WorkingNote.objects.update(disposition="destroy")
    closed = _post(ombud_client, url, {"reason": "lost_contact", "confirm": True})
    assert closed.status_code == 200
    assert closed.json()["ended_how"] == "lost_contact"
    assert "inget fel av dig" in closed.json()["why"]


def test_a_move_through_the_api(
    contact, ombud, other_ombud, ombud_client, client_client, other_ombud_client, give_clients
):
    give_clients(other_ombud, other_ombud.caseload_limit())
    url = f"/api/contacts/{contact.pk}/proposals/move"
    full = _post(ombud_client, url, {"ombud_id": other_ombud.pk})
    assert full.status_code == 422 and "override_reason" in full.json()["errors"]
    assert _post(ombud_client, url, {"ombud_id": 2**31 - 1}).json()["errors"] == {
        "ombud_id": ["Välj ett av ombuden i listan."]
    }
    proposal = _post(
        ombud_client, url, {"ombud_id": other_ombud.pk, "override_reason": "Anna slutar."}
    ).json()
    assert (proposal["kind"], proposal["to_ombud"]["name"]) == ("move", "Johan")
    team_now = client_client.get(f"/api/contacts/{contact.pk}/team").json()
    assert team_now["open_proposal"]["id"] == proposal["id"]
    yes = _post(client_client, f"/api/proposals/{proposal['id']}/answer", {"answer": "yes"})
    assert yes.status_code == 200
    assert ombud_client.get(f"/api/contacts/{contact.pk}/plan").status_code == 404
    assert other_ombud_client.get(f"/api/contacts/{contact.pk}/plan").status_code == 200
    history = client_client.get(f"/api/contacts/{contact.pk}/team").json()["history"]
    assert [period["ombud"]["name"] for period in history] == ["Anna", "Johan"]


def test_a_stand_in_through_the_api(contact, other_ombud, ombud_client, client_client):
    today = timezone.localdate()
    url = f"/api/contacts/{contact.pk}/stand-ins"
    body = {"ombud_id": other_ombud.pk, "starts_on": str(today), "ends_on": str(today)}
    before = _post(ombud_client, url, {**body, "ends_on": str(today - datetime.timedelta(1))})
    assert before.status_code == 422 and "ends_on" in before.json()["errors"]
    added = _post(ombud_client, url, body)
    assert added.status_code == 201 and added.json()["running"] is True
    overlapping = _post(ombud_client, url, body)
    assert overlapping.status_code == 422 and "starts_on" in overlapping.json()["errors"]
    declined = _post(client_client, f"/api/stand-ins/{added.json()['id']}/decline")
    assert declined.json()["declined"] is True and declined.json()["running"] is False
    assert _post(client_client, f"/api/stand-ins/{added.json()['id']}/decline").status_code == 409


def test_working_notes_through_the_api(contact, ombud, other_ombud, ombud_client):
    url = f"/api/contacts/{contact.pk}/notes"
    created = _post(ombud_client, url, {"text": "Kom ihåg: FK ringer på tisdag"})
    assert created.status_code == 201 and created.json()["disposition"] == ""
    note_id = created.json()["id"]
    assert _post(ombud_client, url, {"text": ""}).status_code == 422
    edited = ombud_client.put(
        f"/api/notes/{note_id}", {"text": "FK ringer onsdag"}, content_type="application/json"
    )
    assert edited.json()["text"] == "FK ringer onsdag"
    decided = _post(ombud_client, f"/api/notes/{note_id}/decision", {"disposition": "hand_over"})
    assert decided.json()["disposition"] == "hand_over"
    assert [n["id"] for n in ombud_client.get(url).json()] == [note_id]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEWED_NOTES, what="api").exists()
    # While a move waits, no new note: 409 in the Refusal shape.
    team.propose_move(contact, ombud, to=other_ombud)
    moving = _post(ombud_client, url, {"text": "Ny"})
    assert moving.status_code == 409 and set(moving.json()) == {"detail"}
    assert ombud_client.delete(f"/api/notes/{note_id}").status_code == 204
    assert not WorkingNote.objects.exists()


def test_the_trail_through_the_api_is_paged(contact, ombud, client_client):
    for _ in range(55):
        record(contact, ombud, AuditEntry.Action.VIEWED_PLAN)
    first = client_client.get(f"/api/contacts/{contact.pk}/trail").json()
    assert (first["page"], first["pages"], first["count"]) == (1, 2, 55)
    assert first["rows"][0]["who"] == "Anna (ditt ombud)"
    assert first["rows"][0]["did"] == "öppnade planen"
    second = client_client.get(f"/api/contacts/{contact.pk}/trail?page=2").json()
    assert len(second["rows"]) == 5
    assert client_client.get(f"/api/contacts/{contact.pk}/trail?page=0").status_code == 422


def test_intake_and_the_queue_through_the_api(
    coordinator, coordinator_client, ombud, ombud_client, give_clients, ground
):
    registered = _post(
        coordinator_client,
        "/api/intakes",
        {
            "channel": "phone",
            "referrer": "relative",
            "name": "Kim Berg",
            "phone": "070-1",
            "gender": "man",
            "priority_grounds": [ground.pk],
        },
    )
    assert registered.status_code == 201
    assert registered.json()["priority_grounds"] == [{"id": ground.pk, "label": ground.label}]
    register_intake(
        ombud, channel="email", referrer="self", name="Li", email="l@x.se", gender="woman"
    )
    queue = coordinator_client.get("/api/queue").json()
    assert [entry["request"]["name"] for entry in queue] == ["Kim Berg", "Li"]
    assert [entry["position"] for entry in queue] == [1, 2]

    give_clients(ombud, ombud.caseload_limit())
    first = registered.json()["id"]
    full = _post(coordinator_client, f"/api/intakes/{first}/assign", {"ombud_id": ombud.pk})
    assert full.status_code == 422 and "override_reason" in full.json()["errors"]
    given = _post(
        coordinator_client,
        f"/api/intakes/{first}/assign",
        {"ombud_id": ombud.pk, "override_reason": "Kim känner Anna sedan tidigare."},
    )
    assert given.status_code == 201
    assert given.json()["over_limit_reason"] == "Kim känner Anna sedan tidigare."
    again = _post(coordinator_client, f"/api/intakes/{first}/assign", {"ombud_id": ombud.pk})
    assert again.status_code == 404  # no longer waiting in the queue

    second = Intake.objects.get(name="Li").pk
    closed = _post(coordinator_client, f"/api/intakes/{second}/close", {"outcome": "not_reached"})
    assert closed.status_code == 200 and closed.json()["outcome"] == "not_reached"
    assert not Intake.objects.filter(pk=second).exists()

    # The ombud's "Ny klient": the same caseload check.
    facts = {"channel": "phone", "referrer": "self", "name": "Ny", "phone": "1", "gender": "man"}
    assert _post(ombud_client, "/api/clients", facts).status_code == 422
    taken = _post(ombud_client, "/api/clients", {**facts, "override_reason": "Akut."})
    assert taken.status_code == 201 and taken.json()["ombud"]["name"] == "Anna"


def test_a_closed_proposal_cannot_be_withdrawn(contact, ombud, ombud_client):
    change_phase(contact, ombud, phase=3)
    made = _post(ombud_client, f"/api/contacts/{contact.pk}/proposals/end", {"reason": "moved"})
    url = f"/api/proposals/{made.json()['id']}/withdraw"
    assert _post(ombud_client, url).json()["status"] == "withdrawn"
    assert _post(ombud_client, url).status_code == 409
    assert Proposal.objects.get().status == "withdrawn"


def test_after_erasure_the_copy_is_gone(contact, client_user):
    from portal.actions.ending import end_contact, erase_due

    browser = Client()
    browser.force_login(client_user)
    end_contact(contact, client_user)
    assert browser.get("/api/copy").status_code == 200
    erase_due(now=timezone.now() + datetime.timedelta(days=31))
    assert browser.get("/api/copy").status_code == 401
