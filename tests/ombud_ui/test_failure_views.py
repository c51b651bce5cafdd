"""The ombud's system-failure pages: the list, the quick form, a failure's page with
"Jag har också mött det här" and its status, with and without htmx, and who may open them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.actions.failures import mark_sent, record_failure, seen_again
from portal.models import (
    FailureCategory,
    FailureOrganisation,
    Level,
    SystemFailure,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
Status = SystemFailure.Status
DAY = datetime.date(2025, 3, 3)  # the day of the shared `failure` (tests/conftest.py)


def _url(name: str, failure: SystemFailure | None = None) -> str:
    return reverse(name, args=[failure.pk] if failure else [])


def _new(**changes) -> dict:
    return {
        "occurred_on": "2025-03-01",
        "organisation": "",
        "new_organisation": "Psykiatrin",
        "level": "local",
        "category": "access",
        "description": "Mottagningen har bara telefontid 08.00–09.00.",
        "clients_affected": "3",
        "improvement": "Sms-tid eller återuppringning.",
        **changes,
    }


# The list


def test_the_list_shows_the_operations_failures_with_status_and_figures(
    ombud_client, failure, other_ombud
):
    seen_again(failure, other_ombud, seen_on=DAY, clients_affected=3)
    body = ombud_client.get(_url("ombud_failures")).content.decode()
    assert "Försäkringskassan · Handläggarnivå" in body
    assert "Utkast" in body
    assert "Mött 2 gånger · berör 5 klienter i allt" in body
    assert f'href="{_url("ombud_failure", failure)}"' in body
    assert f'href="{_url("ombud_failure_new")}"' in body


def test_a_colleagues_failure_is_on_the_list_too(other_ombud_client, failure):
    listing = other_ombud_client.get(_url("ombud_failures")).content.decode()
    assert failure.description[:20] in listing


def test_the_caseload_and_the_menu_link_to_the_failures(ombud_client):
    body = ombud_client.get(reverse("ombud_caseload")).content.decode()
    assert body.count(f'href="{_url("ombud_failures")}"') == 2
    page = ombud_client.get(_url("ombud_failures")).content.decode()
    assert f'href="{_url("ombud_failures")}" class="nav-item" aria-current="page"' in page


# A new failure


def test_the_new_form_offers_the_operations_organisations_and_explains_the_levels(
    ombud_client, failure
):
    body = ombud_client.get(_url("ombud_failure_new")).content.decode()
    assert f'<option value="{failure.organisation_id}">Försäkringskassan</option>' in body
    assert "Ny organisation (om den inte finns i listan)" in body
    assert "Handläggarnivå – hur en handläggare bemöter, kan och tar ansvar" in body
    assert "Central nivå – lagar, regler och resurser för hela landet" in body
    assert f'value="{timezone.localdate().isoformat()}"' in body


def test_a_new_failure_without_javascript_is_saved_and_opens_its_page(ombud_client, ombud):
    response = ombud_client.post(_url("ombud_failure_new"), _new())
    failure = SystemFailure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("ombud_failure", failure)
    assert failure.organisation.name == "Psykiatrin" and failure.created_by == ombud
    page = ombud_client.get(response["Location"]).content.decode()
    assert "Sparat som utkast." in page


def test_a_new_failure_with_htmx_goes_to_its_page(ombud_client, failure):
    data = _new(organisation=str(failure.organisation_id), new_organisation="")
    response = ombud_client.post(_url("ombud_failure_new"), data, **HTMX)
    created = SystemFailure.objects.exclude(pk=failure.pk).get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == _url("ombud_failure", created)
    assert created.organisation == failure.organisation


TYPED = "Majas handläggare ringde 070-123 45 67 och sa nej."
REFUSAL = (
    "Texten kan peka ut en klient: ”Majas” (namn på en av dina klienter), "
    "”070-123 45 67” (telefonnummer). Ta bort det och försök igen."
)


def test_identifying_text_is_refused_with_htmx_keeping_the_text(ombud_client, contact):
    response = ombud_client.post(_url("ombud_failure_new"), _new(description=TYPED), **HTMX)
    body = response.content.decode()
    assert response.status_code == 422
    assert body.startswith('<form id="failure-form"')
    assert REFUSAL in body
    assert TYPED in body  # what the ombud wrote is still there
    assert "Sms-tid eller återuppringning." in body
    assert not SystemFailure.objects.exists()


def test_identifying_text_is_refused_without_javascript_keeping_the_text(ombud_client, contact):
    response = ombud_client.post(_url("ombud_failure_new"), _new(improvement=TYPED))
    body = response.content.decode()
    assert response.status_code == 422
    assert "<html" in body and REFUSAL in body and TYPED in body
    assert not SystemFailure.objects.exists()


def test_a_form_with_neither_organisation_says_what_to_do(ombud_client):
    response = ombud_client.post(_url("ombud_failure_new"), _new(new_organisation=""), **HTMX)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Välj en organisation i listan, eller skriv namnet på en ny." in body


def test_a_future_day_and_a_count_that_is_not_a_number_are_refused(ombud_client):
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = _new(occurred_on=future, clients_affected="Maja")
    body = ombud_client.post(_url("ombud_failure_new"), data).content.decode()
    assert "Den dagen har inte kommit än. Välj i dag eller tidigare." in body
    assert "Skriv antalet med siffror, till exempel 2." in body


# A failure's page


def test_the_failure_page_shows_the_facts_and_the_draft_actions(ombud_client, failure):
    body = ombud_client.get(_url("ombud_failure", failure)).content.decode()
    assert failure.description in body
    assert "Handläggning och ansvar" in body
    assert "2 klienter första gången" in body
    assert "Du" in body  # who wrote it
    assert "Markera som skickad" in body and "Till Försäkringskassan och ledningsgruppen" in body
    assert f'href="{_url("ombud_failure_edit", failure)}"' in body
    assert "Jag har också mött det här" in body


def test_a_colleague_sees_no_edit_link(other_ombud_client, failure):
    body = other_ombud_client.get(_url("ombud_failure", failure)).content.decode()
    assert "Anna" in body
    assert _url("ombud_failure_edit", failure) not in body


def test_seen_again_with_htmx_returns_the_section_the_figures_and_a_confirmation(
    other_ombud_client, failure
):
    data = {"seen_on": "2025-04-01", "clients_affected": "3"}
    response = other_ombud_client.post(_url("ombud_failure_seen", failure), data, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<section id="failure-seen"')
    assert "Du</span> · tisdag 1 april 2025 · 3 klienter" in body
    assert 'id="failure-figures" class="summary" hx-swap-oob="true"' in body
    assert "Mött 2 gånger · berör 5 klienter i allt" in body
    assert "Nu syns det att du också har mött det här." in body
    assert failure.sightings.get().clients_affected == 3


def test_seen_again_without_javascript_redirects_to_the_section(ombud_client, failure):
    data = {"seen_on": "2025-04-01", "clients_affected": "1"}
    response = ombud_client.post(_url("ombud_failure_seen", failure), data)
    assert response.status_code == 302
    assert response["Location"] == _url("ombud_failure", failure) + "#failure-seen"


def test_seen_again_with_errors_keeps_what_was_typed(ombud_client, failure):
    data = {"seen_on": "2025-04-01", "clients_affected": "0"}
    response = ombud_client.post(_url("ombud_failure_seen", failure), data, **HTMX)
    body = response.content.decode()
    assert response.status_code == 422
    assert "Skriv ett antal mellan 1 och 100." in body and 'value="2025-04-01"' in body
    assert not failure.sightings.exists()


def test_marking_sent_with_htmx_returns_the_status_section(ombud_client, failure):
    data = {"sent_to": "both", "sent_on": "2025-03-05"}
    response = ombud_client.post(_url("ombud_failure_sent", failure), data, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<section id="failure-status"')
    assert "Skickad till Försäkringskassan och ledningsgruppen onsdag 5 mars 2025." in body
    assert "Har de svarat?" in body and "Markerad som skickad." in body
    failure.refresh_from_db()
    assert failure.status == Status.SENT


def test_marking_sent_without_a_recipient_says_what_to_do(ombud_client, failure):
    response = ombud_client.post(_url("ombud_failure_sent", failure), {"sent_on": "2025-03-05"})
    assert response.status_code == 422
    assert "Välj vem den skickades till." in response.content.decode()


def test_the_answer_is_recorded_and_the_failure_closed(ombud_client, failure, ombud):
    mark_sent(failure, ombud, sent_to="organisation", sent_on=DAY)
    answer = "Vi inför en funktionsbrevlåda från maj."
    data = {"answer": answer, "answered_on": "2025-04-10"}
    response = ombud_client.post(_url("ombud_failure_answer", failure), data)
    assert response.status_code == 302
    body = ombud_client.get(_url("ombud_failure", failure)).content.decode()
    assert answer in body and "Besvarad" in body and "Svaret är sparat." in body
    response = ombud_client.post(_url("ombud_failure_close", failure), **HTMX)
    assert response.status_code == 200 and "Rapporten är avslutad." in response.content.decode()
    failure.refresh_from_db()
    assert failure.status == Status.CLOSED


def test_an_answer_that_names_a_client_is_refused_and_kept(ombud_client, failure, ombud, contact):
    mark_sent(failure, ombud, sent_to="organisation", sent_on=DAY)
    typed = "Vi har pratat med Maja om saken."
    data = {"answer": typed, "answered_on": "2025-04-10"}
    response = ombud_client.post(_url("ombud_failure_answer", failure), data, **HTMX)
    body = response.content.decode()
    assert response.status_code == 422
    assert "”Maja” (namn på en av dina klienter)" in body and typed in body
    failure.refresh_from_db()
    assert failure.status == Status.SENT


def test_a_step_the_status_does_not_allow_says_why(ombud_client, failure):
    response = ombud_client.post(_url("ombud_failure_close", failure), **HTMX)
    assert response.status_code == 422
    assert "Bara en skickad eller besvarad rapport kan avslutas." in response.content.decode()


# Editing a draft


def test_the_author_edits_a_draft_without_javascript(ombud_client, failure):
    page = ombud_client.get(_url("ombud_failure_edit", failure)).content.decode()
    assert failure.description in page and "Spara ändringarna" in page
    data = _new(organisation=str(failure.organisation_id), new_organisation="")
    response = ombud_client.post(_url("ombud_failure_edit", failure), data)
    assert response.status_code == 302
    failure.refresh_from_db()
    assert failure.level == Level.LOCAL and failure.clients_affected == 3


def test_an_edit_with_htmx_that_names_a_client_keeps_the_text(ombud_client, failure, contact):
    saved = failure.description
    data = _new(description=TYPED)
    response = ombud_client.post(_url("ombud_failure_edit", failure), data, **HTMX)
    assert response.status_code == 422 and TYPED in response.content.decode()
    failure.refresh_from_db()
    assert failure.description == saved


def test_a_colleague_cannot_edit_and_a_sent_failure_cannot_be_edited(
    other_ombud_client, ombud_client, failure, ombud
):
    assert other_ombud_client.get(_url("ombud_failure_edit", failure)).status_code == 403
    mark_sent(failure, ombud, sent_to="steering", sent_on=DAY)
    response = ombud_client.get(_url("ombud_failure_edit", failure))
    assert response.status_code == 302 and response["Location"] == _url("ombud_failure", failure)


# Who may open them


def _all_pages(failure: SystemFailure) -> list[tuple[str, str, dict | None]]:
    return [
        ("get", _url("ombud_failures"), None),
        ("get", _url("ombud_failure_new"), None),
        ("post", _url("ombud_failure_new"), _new()),
        ("get", _url("ombud_failure", failure), None),
        ("get", _url("ombud_failure_edit", failure), None),
        ("post", _url("ombud_failure_seen", failure), {"seen_on": "2025-04-01"}),
        ("post", _url("ombud_failure_sent", failure), {"sent_to": "steering"}),
        ("post", _url("ombud_failure_answer", failure), {"answer": "Svar"}),
        ("post", _url("ombud_failure_close", failure), {}),
    ]


@pytest.mark.parametrize("person", ["client_client", "coordinator_client"])
def test_clients_and_coordinators_get_404_on_the_ombuds_failure_pages(person, failure, request):
    browser = request.getfixturevalue(person)
    for method, url, data in _all_pages(failure):
        response = browser.post(url, data) if method == "post" else browser.get(url)
        assert response.status_code == 404, (person, url)
    assert SystemFailure.objects.count() == 1
    assert not failure.sightings.exists()


def test_an_ombud_of_another_operation_gets_404_on_a_failure(
    failure, neighbour_ombud_client, neighbouring_operation
):
    browser = neighbour_ombud_client
    for method, url, data in _all_pages(failure)[3:]:
        response = browser.post(url, data) if method == "post" else browser.get(url)
        assert response.status_code == 404, url
    listing = browser.get(_url("ombud_failures")).content.decode()
    assert failure.description[:20] not in listing
    form = browser.get(_url("ombud_failure_new")).content.decode()
    assert "Försäkringskassan" not in form
    assert not FailureOrganisation.objects.filter(operation=neighbouring_operation).exists()


def test_the_list_costs_the_same_queries_however_many_failures_there_are(
    ombud_client, ombud, other_ombud, failure
):
    seen_again(failure, other_ombud, seen_on=DAY, clients_affected=1)
    with CaptureQueriesContext(connection) as one:
        ombud_client.get(_url("ombud_failures"))
    for n in range(4):
        more = record_failure(
            ombud,
            occurred_on=DAY,
            level=Level.LOCAL,
            category=FailureCategory.ACCESS,
            description=f"Fel nummer {n}",
            clients_affected=1,
            new_organisation=f"Organisation {n}",
        )
        seen_again(more, other_ombud, seen_on=DAY, clients_affected=2)
    with CaptureQueriesContext(connection) as five:
        body = ombud_client.get(_url("ombud_failures")).content.decode()
    assert body.count("Mött 2 gånger") == 5
    assert len(five.captured_queries) == len(one.captured_queries)
