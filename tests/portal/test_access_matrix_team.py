"""Every page and API operation of issue 11 (ending together, moves and stand-ins, the
copy, notes, the who-looked trail, intake and the queue), tried by everyone around Maja's
contact: her ombud, Maja, another ombud, another client and a coordinator. Outsiders get
404; a party who may not gets 403 (API) or 404 (a page of another side)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.actions import ending, team
from portal.actions.intake import register_intake
from portal.actions.notes import add_note
from portal.models import Contact

PEOPLE = ["ombud", "client", "other_ombud", "other_client", "coordinator"]


def _expect(**statuses: int) -> dict[str, int]:
    """The status for each person; anyone not named gets 404."""
    return {person: statuses.get(person, 404) for person in PEOPLE}


def _call(browser, method: str, url: str, body: dict | None = None):
    if method == "get":
        return browser.get(url)
    if method == "delete":
        return browser.delete(url)
    return getattr(browser, method)(url, body or {}, content_type="application/json")


def _later(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def world(contact, ombud, other_ombud, coordinator):
    """An open proposal to end, a stand-in to come (Johan, in ten days: not inside yet),
    a note of Anna's, a waiting request."""
    note = add_note(contact, ombud, text="Annas anteckning")
    note.disposition = "hand_over"
    note.save(update_fields=["disposition"])
    stand_in = team.add_stand_in(
        contact,
        ombud,
        ombud=other_ombud,
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
        ends_on=timezone.localdate() + datetime.timedelta(days=12),
    )
    request = register_intake(
        coordinator, channel="phone", referrer="self", name="Kim", phone="070", gender="man"
    )
    return {"note": note, "stand_in": stand_in, "request": request}


# --- API ------------------------------------------------------------------------------


def _api_operations(contact, ombud, other_ombud, world, proposal):
    c, n, s, i = contact.pk, world["note"].pk, world["stand_in"].pk, world["request"].pk
    p = proposal.pk
    return [
        ("get", f"/api/contacts/{c}/proposals", None, _expect(ombud=200, client=200)),
        ("post", f"/api/proposals/{p}/withdraw", None, _expect(ombud=200, client=403)),
        (
            "post",
            f"/api/proposals/{p}/answer",
            {"answer": "not_yet"},
            _expect(client=200, ombud=403),
        ),
        ("get", f"/api/contacts/{c}/team", None, _expect(ombud=200, client=200, coordinator=200)),
        (
            "post",
            f"/api/contacts/{c}/stand-ins",
            {"ombud_id": other_ombud.pk, "starts_on": _later(20), "ends_on": _later(22)},
            _expect(ombud=201, coordinator=201, client=403),
        ),
        (
            "post",
            f"/api/stand-ins/{s}/decline",
            None,
            _expect(client=200, ombud=403, coordinator=403),
        ),
        (
            "post",
            f"/api/stand-ins/{s}/remove",
            None,
            _expect(ombud=200, coordinator=200, client=403),
        ),
        ("get", f"/api/contacts/{c}/notes", None, _expect(ombud=200, client=403)),
        ("post", f"/api/contacts/{c}/notes", {"text": "Ny"}, _expect(ombud=201, client=403)),
        ("put", f"/api/notes/{n}", {"text": "Ändrad"}, _expect(ombud=200)),
        ("post", f"/api/notes/{n}/decision", {"disposition": "destroy"}, _expect(ombud=200)),
        ("get", f"/api/contacts/{c}/trail", None, _expect(client=200, ombud=403)),
        # Not about Maja's contact: the operation's queue and the person's own copy.
        ("get", "/api/queue", None, _expect(coordinator=200, ombud=403, other_ombud=403)),
        (
            "get",
            "/api/priority-grounds",
            None,
            _expect(coordinator=200, ombud=200, other_ombud=200),
        ),
        (
            "post",
            f"/api/intakes/{i}/assign",
            {"ombud_id": ombud.pk},
            _expect(coordinator=201, ombud=403, other_ombud=403),
        ),
        (
            "post",
            "/api/intakes",
            {"channel": "phone", "referrer": "self", "name": "Ny", "phone": "1", "gender": "man"},
            _expect(coordinator=201, ombud=201, other_ombud=201),
        ),
        (
            "post",
            "/api/clients",
            {"channel": "phone", "referrer": "self", "name": "Ny", "phone": "1", "gender": "man"},
            _expect(ombud=201, other_ombud=201, coordinator=403),
        ),
        ("get", "/api/copy", None, _expect(client=200, other_client=200)),
        ("get", "/api/copy/html", None, _expect(client=200, other_client=200)),
        ("delete", f"/api/notes/{n}", None, _expect(ombud=204)),
    ]


def test_every_new_api_operation_follows_the_same_rules(
    person, browsers, contact, ombud, other_ombud, world
):
    proposal = ending.propose_ending(contact, ombud, reason="moved")
    for method, url, body, expected in _api_operations(
        contact, ombud, other_ombud, world, proposal
    ):
        response = _call(browsers[person], method, url, body)
        assert response.status_code == expected[person], (person, method, url, response.content)
        if response.status_code == 404:
            assert "Annas anteckning" not in response.content.decode()


def test_the_copy_is_each_clients_own(person, browsers, contact, other_contact):
    response = browsers[person].get("/api/copy")
    if person in ("client", "other_client"):
        mine = contact if person == "client" else other_contact
        assert response.json()["client"]["name"] == mine.client.first_name


@pytest.mark.parametrize("door", ["end", "close", "propose_end", "propose_move", "close_request"])
def test_the_ending_and_moving_operations(person, browsers, contact, other_ombud, world, door):
    c, i = contact.pk, world["request"].pk
    url, body, expected = {
        "end": (f"/api/contacts/{c}/end", None, _expect(client=200, ombud=403)),
        "close": (
            f"/api/contacts/{c}/close",
            {"reason": "lost_contact", "confirm": True},
            _expect(ombud=200, client=403),
        ),
        "propose_end": (
            f"/api/contacts/{c}/proposals/end",
            {"reason": "other_service"},
            _expect(ombud=201, client=403),
        ),
        "propose_move": (
            f"/api/contacts/{c}/proposals/move",
            {"ombud_id": other_ombud.pk},
            _expect(ombud=201, coordinator=201, client=403),
        ),
        "close_request": (
            f"/api/intakes/{i}/close",
            {"outcome": "withdrawn"},
            _expect(coordinator=200, ombud=403, other_ombud=403),
        ),
    }[door]
    response = _call(browsers[person], "post", url, body)
    assert response.status_code == expected[person], (person, response.content)
    contact.refresh_from_db()
    ended = expected[person] == 200 and door in ("end", "close")
    assert (contact.status == Contact.Status.ENDED) == ended


def test_a_coordinator_never_reaches_a_proposal_to_end(contact, ombud, coordinator_client):
    proposal = ending.propose_ending(contact, ombud, reason="moved")
    for url in (f"/api/proposals/{proposal.pk}/withdraw", f"/api/proposals/{proposal.pk}/answer"):
        response = coordinator_client.post(url, {"answer": "yes"}, content_type="application/json")
        assert response.status_code == 404


def test_a_move_proposal_is_answered_by_the_client_only(
    person, browsers, contact, ombud, other_ombud
):
    proposal = team.propose_move(contact, ombud, to=other_ombud)
    response = _call(
        browsers[person], "post", f"/api/proposals/{proposal.pk}/answer", {"answer": "not_yet"}
    )
    expected = _expect(client=200, ombud=403, coordinator=403)
    assert response.status_code == expected[person]


# --- Pages ------------------------------------------------------------------------------


def _pages(contact, ombud, other_ombud, world, proposal):
    c, s = contact.pk, world["stand_in"].pk
    return [
        ("get", reverse("ombud_close", args=[c]), None, _expect(ombud=200)),
        ("get", reverse("ombud_team", args=[c]), None, _expect(ombud=200)),
        ("post", reverse("client_stand_in_decline", args=[s]), {}, _expect(client=302)),
        (
            "post",
            reverse("client_proposal_answer", args=[proposal.pk]),
            {"answer": "not_yet"},
            _expect(client=302),
        ),
        ("post", reverse("ombud_end_withdraw", args=[proposal.pk]), {}, _expect(ombud=302)),
        (
            "post",
            reverse("ombud_propose_end", args=[c]),
            {"reason": "moved"},
            _expect(ombud=302),
        ),
        (
            "post",
            reverse("ombud_stand_in_add", args=[c]),
            {"ombud": other_ombud.pk, "starts_on": _later(30), "ends_on": _later(31)},
            _expect(ombud=302),
        ),
        ("get", reverse("coordinator_team", args=[c]), None, _expect(coordinator=200)),
        (
            "get",
            reverse("coordinator_ombud_contacts", args=[ombud.pk]),
            None,
            _expect(coordinator=200),
        ),
        (
            "post",
            reverse("coordinator_stand_in_add", args=[c]),
            {"ombud": other_ombud.pk, "starts_on": _later(40), "ends_on": _later(41)},
            _expect(coordinator=302),
        ),
    ]


def test_every_new_page_is_for_its_side_and_its_contact_only(
    person, browsers, contact, ombud, other_ombud, world
):
    proposal = ending.propose_ending(contact, ombud, reason="other_service")
    for method, url, data, expected in _pages(contact, ombud, other_ombud, world, proposal):
        browser = browsers[person]
        response = browser.get(url) if data is None else getattr(browser, method)(url, data)
        assert response.status_code == expected[person], (person, method, url)


@pytest.mark.parametrize("side", ["ombud", "coordinator"])
def test_the_team_changes_are_the_ombuds_and_the_coordinators_only(
    person, browsers, contact, ombud, other_ombud, world, side
):
    move = team.propose_move(contact, ombud, to=other_ombud)
    rows = [
        (reverse(f"{side}_proposal_withdraw", args=[move.pk]), {}),
        (reverse(f"{side}_stand_in_remove", args=[world["stand_in"].pk]), {}),
        (reverse(f"{side}_move", args=[contact.pk]), {"ombud": other_ombud.pk}),
    ]
    for url, data in rows:
        response = browsers[person].post(url, data)
        assert response.status_code == (302 if person == side else 404), (person, url)
