"""Every page and API operation on Maja's contact, tried by everyone: her ombud, Maja,
another ombud, another client and a coordinator. Outsiders get 404, never a hint."""

import uuid

import pytest
from django.urls import reverse

from portal.actions.messaging import send_message
from portal.actions.notes import add_note
from portal.attachments import CleanFile


def _ombud_pages(contact, assignment, task, meeting):
    """(method, url, data, status for the contact's own ombud)"""
    return [
        ("get", reverse("ombud_plan", args=[contact.pk]), None, 200),
        # Maja has a password and has not asked for a new one: no invite, even from Anna
        # (tests/portal/test_signin_invites.py); outsiders still get 404.
        ("post", reverse("ombud_invite", args=[contact.pk]), {}, 403),
        ("post", reverse("ombud_phase", args=[contact.pk]), {"phase": "2"}, 302),
        (
            "post",
            reverse("ombud_assignment_add", args=[contact.pk]),
            {"title": "Ny", "life_area": "housing"},
            302,
        ),
        ("get", reverse("ombud_assignment_edit", args=[assignment.pk]), None, 200),
        (
            "post",
            reverse("ombud_assignment_edit", args=[assignment.pk]),
            {"title": "Ändrat", "life_area": "economy"},
            302,
        ),
        (
            "post",
            reverse("ombud_task_add", args=[assignment.pk]),
            {"what": "Ny", "who": "client"},
            302,
        ),
        ("get", reverse("ombud_task_edit", args=[task.pk]), None, 200),
        (
            "post",
            reverse("ombud_task_edit", args=[task.pk]),
            {"what": "Ändrad", "who": "ombud"},
            302,
        ),
        ("post", reverse("ombud_task_done", args=[task.pk]), {"done": "1"}, 302),
        (
            "post",
            reverse("ombud_meeting_add", args=[contact.pk]),
            {"date": "2030-01-02", "time": "10:00", "place": "Hemma"},
            302,
        ),
        ("get", reverse("ombud_meeting_edit", args=[meeting.pk]), None, 200),
        (
            "post",
            reverse("ombud_meeting_edit", args=[meeting.pk]),
            {"date": "2030-01-03", "time": "11:00", "place": "Hemma"},
            302,
        ),
        ("post", reverse("ombud_meeting_remove", args=[meeting.pk]), {}, 302),
        ("post", reverse("ombud_task_remove", args=[task.pk]), {}, 302),
        # "Ångra": back again, for the one who removed it only (issue 12).
        ("post", reverse("ombud_task_restore", args=[task.pk]), {}, 302),
        ("post", reverse("ombud_assignment_move", args=[assignment.pk]), {"to": "top"}, 302),
        ("post", reverse("ombud_assignment_remove", args=[assignment.pk]), {}, 302),
    ]


def test_ombud_pages_of_a_contact_are_only_for_its_ombud(
    person, browsers, contact, assignment, task, meeting
):
    for method, url, data, owner_status in _ombud_pages(contact, assignment, task, meeting):
        response = (
            getattr(browsers[person], method)(url, data)
            if data is not None
            else browsers[person].get(url)
        )
        expected = owner_status if person == "ombud" else 404
        assert response.status_code == expected, (person, method, url)


def _client_plan_pages(assignment, task):
    """(method, url, data, status for Maja) on her plan's objects. Anna wrote them, so
    Maja may move, add to and tick them, but not change or remove them (403)."""
    return [
        ("post", reverse("client_assignment_move", args=[assignment.pk]), {"to": "top"}, 302),
        (
            "post",
            reverse("client_task_add", args=[assignment.pk]),
            {"what": "Ny", "who": "client"},
            302,
        ),
        ("get", reverse("client_assignment_edit", args=[assignment.pk]), None, 403),
        ("post", reverse("client_assignment_edit", args=[assignment.pk]), {"title": "x"}, 403),
        ("get", reverse("client_task_edit", args=[task.pk]), None, 403),
        ("post", reverse("client_task_edit", args=[task.pk]), {"what": "x", "who": "ombud"}, 403),
        ("post", reverse("client_task_remove", args=[task.pk]), {}, 403),
        ("post", reverse("client_assignment_remove", args=[assignment.pk]), {}, 403),
    ]


def test_client_plan_pages_are_only_for_the_contacts_client(person, browsers, assignment, task):
    for method, url, data, client_status in _client_plan_pages(assignment, task):
        browser = browsers[person]
        response = browser.get(url) if data is None else getattr(browser, method)(url, data)
        expected = client_status if person == "client" else 404
        assert response.status_code == expected, (person, method, url)
    task.refresh_from_db()
    assert task.what == "Öppna posten från Kronofogden"


def test_an_assignment_lands_only_in_the_writers_own_plan(person, browsers, contact):
    response = browsers[person].post(reverse("client_assignment_add"), {"title": "Från " + person})
    assert response.status_code == (302 if person in ("client", "other_client") else 404)
    assert contact.assignments.filter(title="Från " + person).exists() == (person == "client")


def test_client_can_tick_only_from_their_own_plan(person, browsers, task):
    response = browsers[person].post(reverse("client_task_done", args=[task.pk]), {"done": "1"})
    assert response.status_code == (302 if person == "client" else 404)


@pytest.mark.parametrize(
    "person,expected",
    [
        ("ombud", 404),
        ("client", 200),
        ("other_ombud", 404),
        ("other_client", 200),
        ("coordinator", 404),
    ],
)
def test_min_plan_shows_each_client_only_their_own_plan(person, expected, browsers, task):
    response = browsers[person].get(reverse("client_plan"))
    assert response.status_code == expected
    if expected == 200:
        assert (task.what in response.content.decode()) == (person == "client")


@pytest.mark.parametrize(
    "person,expected",
    [
        ("ombud", 200),
        ("client", 200),
        ("other_ombud", 404),
        ("other_client", 404),
        ("coordinator", 404),
    ],
)
def test_api_plan_is_for_the_two_parties_only(person, expected, browsers, contact, task):
    response = browsers[person].get(f"/api/contacts/{contact.pk}/plan")
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["assignments"][0]["tasks"][0]["what"] == task.what


def test_api_task_done_follows_the_same_rules(person, browsers, task):
    response = browsers[person].post(
        f"/api/tasks/{task.pk}/done", {"done": True}, content_type="application/json"
    )
    assert response.status_code == (200 if person in ("ombud", "client") else 404)


def test_coordinator_sees_figures_but_no_client_names_or_plans(coordinator_client, contact, task):
    response = coordinator_client.get(reverse("coordinator_home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Anna" in body
    assert contact.client.first_name not in body
    assert task.what not in body


@pytest.mark.parametrize("person", ["ombud", "client", "other_client"])
def test_only_coordinators_open_the_coordinator_page(person, browsers):
    assert browsers[person].get(reverse("coordinator_home")).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, contact):
    response = client.get(reverse("ombud_plan", args=[contact.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.get(f"/api/contacts/{contact.pk}/plan").status_code == 401


def test_ombud_start_pages_are_for_ombud_only(person, browsers):
    for name in ("ombud_caseload", "ombud_new_client"):
        response = browsers[person].get(reverse(name))
        expected = 200 if person in ("ombud", "other_ombud") else 404
        assert response.status_code == expected, (person, name)


def test_client_pages_are_for_clients_only_and_show_their_own_contact(person, browsers, meeting):
    for name in ("client_meetings", "client_more"):
        response = browsers[person].get(reverse(name))
        expected = 200 if person in ("client", "other_client") else 404
        assert response.status_code == expected, (person, name)
    meetings = browsers[person].get(reverse("client_meetings")).content.decode()
    assert ("Biblioteket" in meetings) == (person == "client")


def test_a_wish_lands_only_in_the_writers_own_plan(person, browsers, contact, other_contact):
    response = browsers[person].post(reverse("client_comment"), {"text": "Hej från " + person})
    assert response.status_code == (302 if person in ("client", "other_client") else 404)
    mine = contact.comments.filter(text="Hej från " + person).exists()
    assert mine == (person == "client")


def test_a_coordinator_cannot_read_notes_messages_or_plans(
    coordinator_client, contact, ombud, client_user, task, meeting
):
    note = add_note(contact, ombud, text="Anteckning bara för Anna")
    pdf = CleanFile(
        content=b"%PDF-1.4\ntrailer\n<< >>\n%%EOF\n",
        content_type="application/pdf",
        extension="pdf",
        width=None,
        height=None,
    )
    message, _created = send_message(
        contact, client_user, text="Hej Anna", client_uuid=uuid.uuid4(), attachment=pdf
    )
    urls = [
        reverse("ombud_plan", args=[contact.pk]),
        reverse("ombud_task_edit", args=[task.pk]),
        reverse("ombud_meeting_edit", args=[meeting.pk]),
        reverse("ombud_messages", args=[contact.pk]),
        reverse("ombud_notes", args=[contact.pk]),
        reverse("ombud_note_edit", args=[note.pk]),
        reverse("client_plan"),
        reverse("client_meetings"),
        reverse("client_messages"),
        reverse("client_who_looked"),
        reverse("attachment", args=[message.attachments.get().pk]),
        reverse("meeting_calendar", args=[meeting.pk]),
        f"/api/contacts/{contact.pk}/plan",
    ]
    for url in urls:
        response = coordinator_client.get(url)
        assert response.status_code == 404, url
        body = response.content.decode()
        assert note.text not in body and message.text not in body and task.what not in body, url
