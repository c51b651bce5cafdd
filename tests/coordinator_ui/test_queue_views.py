"""The queue pages: the coordinator runs the queue; an ombud can register a request;
everyone else, and coordinators of other operations, get 404."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.actions import intake as actions
from portal.models import Channel, Gender, Intake, Referrer, RequestOutcome, RequestRecord

FULL_MESSAGE = (
    "Anna har redan 15 klienter, som är taket för en heltid. "
    "Välj ett annat ombud, eller skriv varför ni ändå gör så här."
)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def waiting(coordinator) -> Intake:
    """Lena, who phoned 12 days ago."""
    intake = actions.register_intake(
        coordinator,
        channel=Channel.PHONE,
        referrer=Referrer.SELF,
        name="Lena Berg",
        phone="070-123 45 67",
        gender=Gender.WOMAN,
    )
    Intake.objects.filter(pk=intake.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=12),
        requested_on=timezone.localdate() - datetime.timedelta(days=12),
    )
    intake.refresh_from_db()
    return intake


@pytest.fixture
def browsers(browsers, neighbour_coordinator_client):
    """The shared browsers, and one of a coordinator of another operation."""
    return {**browsers, "other_operation": neighbour_coordinator_client}


def _request_data(**changes) -> dict:
    data = {
        "channel": "email",
        "referrer": "relative",
        "name": "Omar Said",
        "phone": "",
        "email": "omar@example.se",
        "gender": "man",
        "birth_year": "1995",
        "requested_on": timezone.localdate().isoformat(),
    }
    return {**data, **changes}


def _checked(body: str, name: str, value) -> bool:
    for tag in re.findall(rf'<input[^>]*name="{name}"[^>]*>', body):
        if f'value="{value}"' in tag:
            return " checked" in tag
    return False


# Who may open what


def _area_pages():
    """(method, url, data, status for a coordinator)"""
    return [
        ("get", reverse("coordinator_queue"), None, 200),
        ("get", reverse("coordinator_intake_new"), None, 200),
        ("post", reverse("coordinator_intake_new"), _request_data(), 302),
        ("post", reverse("coordinator_priority_ground_add"), {"label": "Unga vuxna"}, 302),
    ]


def _request_pages(intake):
    """(method, url, data, status for the request's own coordinator)"""
    return [
        ("get", reverse("coordinator_intake", args=[intake.pk]), None, 200),
        (
            "post",
            reverse("coordinator_intake_withdraw", args=[intake.pk]),
            {"outcome": RequestOutcome.WITHDRAWN},
            302,
        ),
    ]


def _answers(browser, pages):
    for method, url, data, status in pages:
        response = browser.get(url) if data is None else browser.post(url, data)
        yield response, status, (method, url)


@pytest.mark.parametrize("person", ["coordinator", "ombud", "client", "other_operation"])
def test_the_queue_area_is_for_coordinators_only(person, browsers):
    for response, status, where in _answers(browsers[person], _area_pages()):
        expected = 404 if person in ("ombud", "client") else status
        assert response.status_code == expected, (person, where)


@pytest.mark.parametrize("person", ["coordinator", "ombud", "client", "other_operation"])
def test_a_request_is_only_for_its_own_operations_coordinators(person, browsers, waiting):
    for response, status, where in _answers(browsers[person], _request_pages(waiting)):
        expected = status if person == "coordinator" else 404
        assert response.status_code == expected, (person, where)


def test_another_operations_queue_does_not_show_this_request(neighbour_coordinator_client, waiting):
    body = neighbour_coordinator_client.get(reverse("coordinator_queue")).content.decode()
    assert "Lena Berg" not in body and "Ingen står på väntelistan just nu." in body


@pytest.mark.parametrize("person", ["ombud", "client", "other_operation"])
def test_outsiders_cannot_assign_a_request(person, browsers, waiting, ombud):
    url = reverse("coordinator_intake", args=[waiting.pk])
    assert browsers[person].post(url, {"ombud": ombud.pk}).status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == Intake.Status.WAITING


@pytest.mark.parametrize("person,expected", [("coordinator", 404), ("ombud", 200), ("client", 404)])
def test_the_ombuds_register_page_is_for_ombud(person, expected, browsers):
    assert browsers[person].get(reverse("ombud_intake_new")).status_code == expected


def test_anonymous_visitors_are_sent_to_sign_in(client, waiting):
    for url in (reverse("coordinator_queue"), reverse("coordinator_intake", args=[waiting.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


# The queue


def test_the_queue_shows_position_name_how_it_came_in_waiting_time_and_priority(
    coordinator, coordinator_client, waiting, ground
):
    urgent = actions.register_intake(
        coordinator,
        channel=Channel.LETTER,
        referrer=Referrer.SOCIAL_SERVICES,
        name="Kim",
        email="kim@example.se",
        gender=Gender.UNKNOWN,
        priority_grounds=[ground],
    )
    body = coordinator_client.get(reverse("coordinator_queue")).content.decode()
    assert body.index("Kim") < body.index("Lena Berg")
    assert "1. Kim" in body and "2. Lena Berg" in body
    assert "väntat i 12 dagar" in body and "kom in i dag" in body
    assert "Brev" in body and "Telefon" in body
    assert "Förtur" in body and "Ensamstående förälder" in body
    assert reverse("coordinator_intake", args=[urgent.pk]) in body


def test_the_queue_page_uses_the_same_queries_for_a_short_and_a_long_queue(
    coordinator, coordinator_client, ground
):
    def grow(count):
        for n in range(count):
            actions.register_intake(
                coordinator,
                channel=Channel.PHONE,
                referrer=Referrer.SELF,
                name=f"Person {n}",
                phone="1",
                gender=Gender.UNKNOWN,
                priority_grounds=[ground] if n % 2 else [],
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert coordinator_client.get(reverse("coordinator_queue")).status_code == 200
        return len(captured)

    grow(2)
    small = queries()
    grow(10)
    assert queries() == small


def test_an_empty_queue_says_so(coordinator_client):
    body = coordinator_client.get(reverse("coordinator_queue")).content.decode()
    assert "Ingen står på väntelistan just nu." in body


def test_the_dashboard_shows_the_queue_length_and_median_waiting_time(
    coordinator, coordinator_client, waiting
):
    actions.register_intake(
        coordinator,
        channel=Channel.PHONE,
        referrer=Referrer.SELF,
        name="Ny",
        phone="1",
        gender=Gender.UNKNOWN,
    )
    body = coordinator_client.get(reverse("coordinator_home")).content.decode()
    assert "Väntelista: 2 förfrågningar väntar." in body
    assert "Väntetid (median): 0 dagar." in body
    assert reverse("coordinator_queue") in body
    assert "Lena" not in body  # the dashboard is figures only


# Registering


def test_a_coordinator_registers_a_request_into_the_queue(coordinator_client, coordinator, ground):
    response = coordinator_client.post(
        reverse("coordinator_intake_new"), _request_data(priority_grounds=[ground.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("coordinator_queue")
    intake = Intake.objects.get(name="Omar Said")
    assert (intake.channel, intake.referrer, intake.email) == (
        Channel.EMAIL,
        Referrer.RELATIVE,
        "omar@example.se",
    )
    assert (intake.gender, intake.birth_year, intake.registered_by) == ("man", 1995, coordinator)
    assert list(intake.priority_grounds.all()) == [ground]
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Förfrågan är sparad och står på väntelistan." in page


def test_register_without_phone_or_email_says_so_and_keeps_what_was_typed(coordinator_client):
    response = coordinator_client.post(
        reverse("coordinator_intake_new"), _request_data(email="", birth_year="1850")
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Skriv ett telefonnummer eller en e-postadress" in body
    assert "Skriv ett födelseår mellan 1900 och" in body
    assert 'value="Omar Said"' in body and 'value="1850"' in body
    assert _checked(body, "channel", "email") and _checked(body, "referrer", "relative")
    assert not Intake.objects.exists()


def test_register_with_nothing_chosen_asks_for_how_and_who(coordinator_client):
    response = coordinator_client.post(
        reverse("coordinator_intake_new"), _request_data(channel="", referrer="fax")
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Välj hur förfrågan kom in." in body and "Välj vem som hörde av sig." in body


def test_priority_grounds_of_another_operation_are_refused(
    coordinator_client, neighbouring_operation
):
    theirs = neighbouring_operation.priority_grounds.create(label="Deras grund")
    response = coordinator_client.post(
        reverse("coordinator_intake_new"), _request_data(priority_grounds=[theirs.pk])
    )
    assert response.status_code == 422
    assert not Intake.objects.exists()


def test_register_with_htmx_answers_with_the_form_or_a_redirect(coordinator_client):
    url = reverse("coordinator_intake_new")
    invalid = coordinator_client.post(url, _request_data(name=""), **HTMX)
    assert invalid.status_code == 422
    assert invalid.content.decode().startswith('<form id="intake-form"')
    valid = coordinator_client.post(url, _request_data(), **HTMX)
    assert valid.status_code == 200
    assert valid["HX-Redirect"] == reverse("coordinator_queue")


def test_an_ombud_registers_a_request_from_the_caseload_page(ombud_client, ombud):
    caseload = ombud_client.get(reverse("ombud_caseload")).content.decode()
    assert reverse("ombud_intake_new") in caseload
    response = ombud_client.post(reverse("ombud_intake_new"), _request_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("ombud_caseload")
    intake = Intake.objects.get()
    assert (intake.registered_by, intake.status) == (ombud, Intake.Status.WAITING)
    assert not intake.contact


def test_the_ombuds_form_keeps_what_was_typed_too(ombud_client):
    response = ombud_client.post(reverse("ombud_intake_new"), _request_data(email="inte-en-adress"))
    assert response.status_code == 422
    assert "Skriv e-postadressen som namn@exempel.se." in response.content.decode()
    assert 'value="inte-en-adress"' in response.content.decode()


# One request, and giving it to an ombud


def test_a_request_shows_its_details_and_each_ombuds_clients_against_the_limit(
    coordinator_client, waiting, ombud, other_ombud, give_clients
):
    give_clients(ombud, 14)
    give_clients(other_ombud, 15)
    body = coordinator_client.get(reverse("coordinator_intake", args=[waiting.pk])).content.decode()
    assert "Lena Berg" in body and "070-123 45 67" in body
    assert "Plats 1 på väntelistan" in body and "väntat i 12 dagar" in body
    assert "Anna – 14 av 15" in body
    assert "Johan – 15 av 15 · fullt" in body
    assert 'name="override_reason"' not in body


def test_a_request_with_priority_shows_its_grounds(coordinator_client, waiting, ground):
    waiting.priority_grounds.add(ground)
    body = coordinator_client.get(reverse("coordinator_intake", args=[waiting.pk])).content.decode()
    assert "Förtur" in body and "Ensamstående förälder" in body


def test_assigning_under_the_limit_opens_the_contact(coordinator_client, waiting, ombud):
    url = reverse("coordinator_intake", args=[waiting.pk])
    response = coordinator_client.post(url, {"ombud": ombud.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("coordinator_queue")
    waiting.refresh_from_db()
    assert waiting.status == Intake.Status.ASSIGNED and waiting.contact.ombud == ombud
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Förfrågan har gått till Anna." in page
    assert "Lena Berg" not in page
    assert coordinator_client.get(url).status_code == 404  # no longer the queue's


def test_over_the_limit_says_so_keeps_the_choice_then_records_the_override(
    coordinator_client, coordinator, waiting, ombud, give_clients
):
    give_clients(ombud, 15)
    url = reverse("coordinator_intake", args=[waiting.pk])

    first = coordinator_client.post(url, {"ombud": ombud.pk})
    body = first.content.decode()
    assert first.status_code == 422
    assert FULL_MESSAGE in body
    assert _checked(body, "ombud", ombud.pk)
    assert 'name="override_reason"' in body
    waiting.refresh_from_db()
    assert waiting.status == Intake.Status.WAITING

    blank = coordinator_client.post(url, {"ombud": ombud.pk, "override_reason": " "})
    assert blank.status_code == 422
    assert FULL_MESSAGE in blank.content.decode()

    reason = "Lena har haft Anna förut och vill ha henne igen."
    second = coordinator_client.post(url, {"ombud": ombud.pk, "override_reason": reason})
    assert second.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Intake.Status.ASSIGNED
    assert (waiting.override_by, waiting.override_reason) == (coordinator, reason)
    assert waiting.override_at is not None


def test_over_the_limit_with_htmx_swaps_the_form_with_the_message(
    coordinator_client, waiting, ombud, give_clients
):
    give_clients(ombud, 15)
    url = reverse("coordinator_intake", args=[waiting.pk])
    response = coordinator_client.post(url, {"ombud": ombud.pk}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 422
    assert body.startswith('<form id="assign-form"') and FULL_MESSAGE in body


def test_choosing_someone_outside_the_list_is_refused(coordinator_client, waiting, coordinator):
    url = reverse("coordinator_intake", args=[waiting.pk])
    response = coordinator_client.post(url, {"ombud": coordinator.pk})
    assert response.status_code == 422
    assert "Välj ett av ombuden i listan." in response.content.decode()


def test_closing_deletes_the_request_and_keeps_its_reason_as_a_figure(coordinator_client, waiting):
    url = reverse("coordinator_intake_withdraw", args=[waiting.pk])
    response = coordinator_client.post(url, {"outcome": RequestOutcome.OUTSIDE_TARGET})
    assert response.status_code == 302
    assert not Intake.objects.filter(pk=waiting.pk).exists()
    assert RequestRecord.objects.get().outcome == RequestOutcome.OUTSIDE_TARGET
    assert coordinator_client.post(url, {"outcome": "withdrawn"}).status_code == 404


def test_closing_without_a_reason_asks_for_one_and_keeps_the_request(coordinator_client, waiting):
    url = reverse("coordinator_intake_withdraw", args=[waiting.pk])
    response = coordinator_client.post(url)
    assert response.status_code == 422
    assert "Välj varför förfrågan avslutas." in response.content.decode()
    assert Intake.objects.filter(pk=waiting.pk).exists()


# Priority grounds


def test_a_coordinator_adds_a_priority_ground(coordinator_client, coordinator):
    response = coordinator_client.post(
        reverse("coordinator_priority_ground_add"), {"label": "Unga vuxna 18–25"}
    )
    assert response.status_code == 302
    assert list(coordinator.operation.priority_grounds.values_list("label", flat=True)) == [
        "Unga vuxna 18–25"
    ]
    page = coordinator_client.get(reverse("coordinator_intake_new")).content.decode()
    assert "Unga vuxna 18–25" in page


def test_an_empty_priority_ground_is_refused(coordinator_client):
    response = coordinator_client.post(reverse("coordinator_priority_ground_add"), {"label": " "})
    assert response.status_code == 422
    assert "Fyll i det här fältet." in response.content.decode()
