"""The client's network ("Mitt nätverk", issue 11): the people who support the client
besides the ombud, written together. Either party adds and edits; the client removes
anyone, the ombud only whom the client did not add. Pages and API tried by everyone; the
copy, the checklist before ending, live frames and erasure."""

import json
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from portal.actions import ending
from portal.actions.contacts import change_phase
from portal.actions.network import add_person, edit_person, remove_person
from portal.models import AuditEntry, ContactEvent, NetworkPerson
from realtime.frames import render_event

Verb = ContactEvent.Verb
HTMX = {"HTTP_HX_REQUEST": "true"}
FORM = {
    "role": "case_officer",
    "name": "Lena Berg",
    "organisation": "forsakringskassan",
    "phone": "010-000 00 10",
    "email": "",
    "reach": "Via växeln, fråga efter Lena",
}


@pytest.fixture
def by_client(contact, client_user) -> NetworkPerson:
    """Maja's case officer, written by Maja."""
    return add_person(
        contact,
        client_user,
        role="case_officer",
        name="Lena Berg",
        organisation="forsakringskassan",
        phone="010-000 00 10",
        reach="Via växeln, fråga efter Lena",
    )


@pytest.fixture
def by_ombud(contact, ombud) -> NetworkPerson:
    """Maja's boendestöd, written by Anna."""
    return add_person(contact, ombud, role="boendestod", name="Karim")


# --- The rules ---------------------------------------------------------------------


def test_either_party_adds_and_edits_and_each_change_is_an_event(
    contact, client_user, ombud, by_client
):
    assert (by_client.created_by, by_client.label) == (
        client_user,
        "Lena Berg, handläggare på Försäkringskassan",
    )
    edit_person(by_client, ombud, role="case_officer", name="Lena Berg", phone="010-111")
    by_client.refresh_from_db()
    assert (by_client.phone, by_client.updated_by, by_client.organisation) == (
        "010-111",
        ombud,
        "",
    )
    verbs = list(contact.events.order_by("seq").values_list("verb", "object_kind"))
    assert verbs == [(Verb.ADDED_NETWORK, "network"), (Verb.CHANGED_NETWORK, "network")]


def test_the_client_removes_anyone_the_ombud_only_their_own(
    client_user, ombud, by_client, by_ombud
):
    with pytest.raises(PermissionDenied):
        remove_person(by_client, ombud)
    remove_person(by_ombud, ombud)
    remove_person(by_client, client_user)
    assert not NetworkPerson.objects.exists()


def test_the_client_removes_what_the_ombud_added(client_user, by_ombud, contact):
    remove_person(by_ombud, client_user)
    assert contact.events.first().verb == Verb.REMOVED_NETWORK


def test_outsiders_cannot_touch_it(contact, by_client, other_ombud, other_client_user):
    for outsider in (other_ombud, other_client_user):
        with pytest.raises(PermissionDenied):
            add_person(contact, outsider, role="friend", name="x")
        with pytest.raises(PermissionDenied):
            edit_person(by_client, outsider, role="friend", name="x")
        with pytest.raises(PermissionDenied):
            remove_person(by_client, outsider)


# --- Pages, tried by everyone -------------------------------------------------------


def _pages(contact, by_client, by_ombud):
    """(side, method, url, data, status for its owner) — the owner is the page's side."""
    return [
        ("client", "get", reverse("client_network"), None, 200),
        ("client", "post", reverse("client_network"), FORM, 302),
        ("client", "get", reverse("client_network_edit", args=[by_ombud.pk]), None, 200),
        ("client", "post", reverse("client_network_edit", args=[by_ombud.pk]), FORM, 302),
        ("client", "post", reverse("client_network_remove", args=[by_ombud.pk]), {}, 302),
        ("ombud", "get", reverse("ombud_network", args=[contact.pk]), None, 200),
        ("ombud", "post", reverse("ombud_network", args=[contact.pk]), FORM, 302),
        ("ombud", "get", reverse("ombud_network_edit", args=[by_client.pk]), None, 200),
        ("ombud", "post", reverse("ombud_network_edit", args=[by_client.pk]), FORM, 302),
        # The client added her: only the client removes her.
        ("ombud", "post", reverse("ombud_network_remove", args=[by_client.pk]), {}, 403),
    ]


def test_network_pages_are_for_the_two_parties_only(person, browsers, contact, by_client, by_ombud):
    for side, method, url, data, owner_status in _pages(contact, by_client, by_ombud):
        browser = browsers[person]
        response = browser.get(url) if data is None else getattr(browser, method)(url, data)
        if person == side:
            expected = owner_status
        elif person == "other_client" and side == "client" and url == reverse("client_network"):
            expected = 200 if method == "get" else 302  # their own network, not Maja's
        else:
            expected = 404
        assert response.status_code == expected, (person, method, url)
        if expected == 404 or person == "other_client":
            assert "Lena Berg" not in response.content.decode(), (person, url)


def test_the_other_clients_post_lands_in_their_own_network(
    other_client_client, contact, other_contact
):
    other_client_client.post(reverse("client_network"), FORM)
    assert not contact.network.exists()
    assert other_contact.network.get().name == "Lena Berg"


def test_the_client_adds_someone_with_htmx_and_sees_who_wrote_what(
    client_client, contact, by_ombud
):
    response = client_client.post(reverse("client_network"), FORM, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lena Berg" in body and "Handläggare på Försäkringskassan" in body
    assert "Du skrev" in body and "Anna (ditt ombud) skrev" in body
    assert 'href="tel:010-0000010"' in body
    assert "Sparat. Ditt ombud ser det nu." in body


def test_errors_are_plain_and_keep_what_was_typed(client_client):
    data = {**FORM, "role": "", "email": "inte-en-adress", "organisation": "other"}
    response = client_client.post(reverse("client_network"), data, **HTMX)
    body = response.content.decode()
    assert response.status_code == 422
    assert "Välj vem det är, till exempel God man eller Handläggare." in body
    assert "Skriv en e-postadress, till exempel namn@exempel.se." in body
    assert "Skriv var personen arbetar." in body
    assert 'value="Lena Berg"' in body
    assert not NetworkPerson.objects.exists()


def test_the_ombud_is_not_offered_to_remove_whom_the_client_added(
    ombud_client, by_client, by_ombud
):
    theirs = ombud_client.get(reverse("ombud_network_edit", args=[by_client.pk])).content
    mine = ombud_client.get(reverse("ombud_network_edit", args=[by_ombud.pk])).content
    assert reverse("ombud_network_remove", args=[by_client.pk]) not in theirs.decode()
    assert "Maja lade till den här personen, så bara Maja kan ta bort den." in theirs.decode()
    assert reverse("ombud_network_remove", args=[by_ombud.pk]) in mine.decode()


def test_the_ombud_opening_the_network_is_in_who_looked(ombud_client, client_client, contact):
    ombud_client.get(reverse("ombud_network", args=[contact.pk]))
    client_client.get(reverse("client_network"))
    assert list(contact.audit.values_list("action", flat=True)) == [
        AuditEntry.Action.VIEWED_NETWORK
    ]


def test_the_client_finds_it_under_mer_and_the_ombud_from_the_plan(
    client_client, ombud_client, contact, by_client
):
    assert reverse("client_network") in client_client.get(reverse("client_more")).content.decode()
    plan = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert reverse("ombud_network", args=[contact.pk]) in plan
    assert "Nätverket (1)" in plan


# --- The API ----------------------------------------------------------------------

# (name, method, url, body, status for Maja's ombud, for Maja); everyone else 404.
OPERATIONS = [
    ("list", "get", lambda o: f"/api/contacts/{o.contact.pk}/network", None, 200, 200),
    ("add", "post", lambda o: f"/api/contacts/{o.contact.pk}/network", FORM, 201, 201),
    ("edit", "put", lambda o: f"/api/network/{o.by_client.pk}", FORM, 200, 200),
    ("remove_clients", "delete", lambda o: f"/api/network/{o.by_client.pk}", None, 403, 204),
    ("remove_ombuds", "delete", lambda o: f"/api/network/{o.by_ombud.pk}", None, 204, 204),
]


@pytest.mark.parametrize(
    "name,method,url,body,ombud_status,client_status", OPERATIONS, ids=[o[0] for o in OPERATIONS]
)
def test_each_network_operation_follows_the_same_rules(
    name,
    method,
    url,
    body,
    ombud_status,
    client_status,
    person,
    browsers,
    contact,
    by_client,
    by_ombud,
    call_api,
):
    objects = SimpleNamespace(contact=contact, by_client=by_client, by_ombud=by_ombud)
    response = call_api(browsers[person], method, url(objects), body)
    expected = {"ombud": ombud_status, "client": client_status}.get(person, 404)
    assert response.status_code == expected, (name, person, response.content)
    if expected == 404:
        assert "Lena" not in response.content.decode()


def test_the_api_lists_the_network_with_who_wrote_it(ombud_client, contact, by_client):
    [item] = ombud_client.get(f"/api/contacts/{contact.pk}/network").json()
    assert (item["name"], item["organisation_name"], item["created_by"]["name"]) == (
        "Lena Berg",
        "Försäkringskassan",
        "Maja",
    )


def test_api_errors_are_the_forms_in_swedish(client_client, contact, call_api):
    response = call_api(
        client_client, "post", f"/api/contacts/{contact.pk}/network", {"role": "kung"}
    )
    assert response.status_code == 422
    assert response.json()["errors"]["role"] == [
        "Välj vem det är, till exempel God man eller Handläggare."
    ]


# --- The copy, the checklist before ending, live frames, erasure ---------------------


def test_the_network_is_in_the_clients_copy(client_client, by_client, by_ombud):
    copy = json.loads(client_client.get(reverse("client_copy_download", args=["json"])).content)
    assert [p["name"] for p in copy["network"]] == ["Lena Berg", "Karim"]
    assert copy["network"][0]["how_to_reach"] == "Via växeln, fråga efter Lena"
    assert copy["network"][1]["added_by"] == "Anna"
    html = client_client.get(reverse("client_copy_download", args=["html"])).content.decode()
    assert "Mitt nätverk" in html and "Lena Berg" in html and "Via växeln" in html


def test_the_ending_asks_who_is_there_when_you_stop(
    ombud_client, client_client, contact, ombud, by_client
):
    change_phase(contact, ombud, phase=3)
    plan = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert "Vem finns kvar när ni slutar?" in plan
    assert "Lena Berg, handläggare på Försäkringskassan" in plan
    end = client_client.get(reverse("client_end")).content.decode()
    assert "Vem finns kvar när ni slutar?" in end and "Lena Berg" in end


def test_an_empty_network_is_said_plainly_before_ending(
    ombud_client, client_client, contact, ombud
):
    change_phase(contact, ombud, phase=3)
    plan = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert "Ingen är inskriven i nätverket än." in plan
    end = client_client.get(reverse("client_end")).content.decode()
    assert "Du har inte skrivit in någon i ditt nätverk än." in end


def test_the_other_party_sees_a_change_live(contact, ombud, client_user, by_client):
    html = render_event(contact.events.first(), ombud, on_page=True, parts={"network-list"})
    assert 'hx-swap-oob="outerHTML:#network-list:not(:has(.editing))"' in html
    assert "Lena Berg" in html and "Maja skrev" in html
    assert "Maja lade till i nätverket: ”Lena Berg, handläggare på Försäkringskassan”." in html
    elsewhere = render_event(contact.events.first(), ombud, on_page=True, parts={"message-list"})
    assert "network-list" not in elsewhere


def test_the_network_goes_with_the_contact(contact, client_user, by_client, by_ombud):
    ending.end_contact(contact, client_user, how="client")
    contact.refresh_from_db()
    contact.erase_after = timezone.now()
    ending.erase(contact)
    assert not NetworkPerson.objects.exists()
    assert not ContactEvent.objects.filter(subject__contains="Lena").exists()
