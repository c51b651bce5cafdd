"""The system-failure API: the same forms, guard and actions as the pages; ombud and
coordinators of the operation read, clients and other operations get 404."""

import datetime

from django.utils import timezone

from portal.actions.failures import mark_sent, seen_again
from portal.models import (
    FailureOrganisation,
    SystemFailure,
)

Status = SystemFailure.Status
DAY = datetime.date(2025, 3, 3)  # the day of the shared `failure` (tests/conftest.py)
JSON = "application/json"


def _new(**changes) -> dict:
    return {
        "occurred_on": "2025-03-01",
        "new_organisation": "Psykiatrin",
        "level": "local",
        "category": "access",
        "description": "Mottagningen har bara telefontid 08.00–09.00.",
        "clients_affected": 3,
        "improvement": "Återuppringning.",
        **changes,
    }


# Reading


def test_an_ombud_lists_the_operations_failures_with_their_figures(
    ombud_client, failure, other_ombud
):
    seen_again(failure, other_ombud, seen_on=DAY, clients_affected=4)
    body = ombud_client.get("/api/failures").json()
    assert [f["id"] for f in body] == [failure.pk]
    listed = body[0]
    assert listed["organisation"] == {"id": failure.organisation_id, "name": "Försäkringskassan"}
    assert listed["level"] == "case_officer" and listed["level_label"] == "Handläggarnivå"
    assert listed["status"] == "draft" and listed["status_label"] == "Utkast"
    assert (listed["seen_again"], listed["times_met"], listed["clients_in_all"]) == (1, 2, 6)
    assert listed["created_by"] == {"id": failure.created_by_id, "name": "Anna", "role": "ombud"}


def test_the_list_is_filtered(ombud_client, ombud, failure):
    response = ombud_client.post("/api/failures", _new(), content_type=JSON)
    second = response.json()["id"]
    mark_sent(SystemFailure.objects.get(pk=second), ombud, sent_to="steering", sent_on=DAY)

    def ids(query: str) -> list[int]:
        response = ombud_client.get(f"/api/failures?{query}")
        assert response.status_code == 200, response.content
        return [f["id"] for f in response.json()]

    assert ids(f"organisation={failure.organisation_id}") == [failure.pk]
    assert ids("level=local") == [second]
    assert ids("category=handling") == [failure.pk]
    assert ids("status=sent") == [second]
    assert ids("from=2025-03-02") == [failure.pk]
    assert ids("to=2025-03-01") == [second]
    assert ids("from=2025-03-01&to=2025-03-03") == [failure.pk, second]


def test_an_unknown_filter_value_is_refused(ombud_client, failure):
    assert ombud_client.get("/api/failures?level=everywhere").status_code == 422


def test_the_detail_has_the_sightings(coordinator_client, failure, other_ombud):
    seen_again(failure, other_ombud, seen_on=DAY, clients_affected=1)
    body = coordinator_client.get(f"/api/failures/{failure.pk}").json()
    assert body["description"] == failure.description
    assert body["sightings"] == [
        {
            "id": failure.sightings.get().pk,
            "seen_on": "2025-03-03",
            "clients_affected": 1,
            "ombud": {"id": other_ombud.pk, "name": "Johan", "role": "ombud"},
        }
    ]


def test_the_operations_organisations_are_listed(ombud_client, failure):
    assert ombud_client.get("/api/failures/organisations").json() == [
        {"id": failure.organisation_id, "name": "Försäkringskassan"}
    ]


# Writing


def test_an_ombud_records_a_failure(ombud_client, ombud):
    response = ombud_client.post("/api/failures", _new(), content_type=JSON)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft" and body["organisation"]["name"] == "Psykiatrin"
    assert (body["times_met"], body["clients_in_all"]) == (1, 3)
    assert SystemFailure.objects.get(pk=body["id"]).created_by == ombud


def test_the_day_defaults_to_today_and_a_listed_organisation_is_chosen_by_id(ombud_client, failure):
    data = _new(occurred_on="", organisation=failure.organisation_id, new_organisation="")
    response = ombud_client.post("/api/failures", data, content_type=JSON)
    assert response.status_code == 201
    assert response.json()["organisation"]["id"] == failure.organisation_id
    assert response.json()["occurred_on"] == timezone.localdate().isoformat()


def test_text_that_could_point_out_a_client_is_refused_with_the_swedish_message(
    ombud_client, contact
):
    data = _new(description="Maja väntade, ring 070-123 45 67.")
    response = ombud_client.post("/api/failures", data, content_type=JSON)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Systemfelet sparades inte. Rätta det som står nedan."
    assert body["errors"]["description"] == [
        "Texten kan peka ut en klient: ”Maja” (namn på en av dina klienter), "
        "”070-123 45 67” (telefonnummer). Ta bort det och försök igen."
    ]
    assert not SystemFailure.objects.exists()


def test_a_missing_organisation_and_a_bad_count_are_422_in_swedish(ombud_client):
    data = _new(new_organisation="", clients_affected=0)
    body = ombud_client.post("/api/failures", data, content_type=JSON).json()
    assert body["errors"]["organisation"] == [
        "Välj en organisation i listan, eller skriv namnet på en ny."
    ]
    assert body["errors"]["clients_affected"] == ["Skriv ett antal mellan 1 och 100."]


def test_an_organisation_of_another_operation_is_not_a_choice(neighbour_ombud_client, failure):
    data = _new(organisation=failure.organisation_id, new_organisation="")
    response = neighbour_ombud_client.post("/api/failures", data, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"]["organisation"] == ["Välj en organisation i listan."]


def test_the_author_edits_a_draft_and_not_after_it_is_sent(ombud_client, failure, ombud):
    data = _new(organisation=failure.organisation_id, new_organisation="")
    response = ombud_client.put(f"/api/failures/{failure.pk}", data, content_type=JSON)
    assert response.status_code == 200 and response.json()["level"] == "local"
    mark_sent(failure, ombud, sent_to="organisation", sent_on=DAY)
    response = ombud_client.put(f"/api/failures/{failure.pk}", data, content_type=JSON)
    assert response.status_code == 409
    assert response.json() == {"detail": "Den är redan skickad och kan inte ändras längre."}


def test_a_colleague_cannot_edit_a_draft(other_ombud_client, failure):
    data = _new(organisation=failure.organisation_id, new_organisation="")
    response = other_ombud_client.put(f"/api/failures/{failure.pk}", data, content_type=JSON)
    assert response.status_code == 403


def test_seen_again(other_ombud_client, failure):
    url = f"/api/failures/{failure.pk}/seen-again"
    response = other_ombud_client.post(url, {"clients_affected": 2}, content_type=JSON)
    assert response.status_code == 201
    assert response.json()["seen_on"] == timezone.localdate().isoformat()
    assert failure.sightings.get().clients_affected == 2
    response = other_ombud_client.post(url, {"clients_affected": 0}, content_type=JSON)
    assert response.status_code == 422


def test_the_status_flow(ombud_client, coordinator_client, failure):
    url = f"/api/failures/{failure.pk}"
    response = ombud_client.post(f"{url}/answer", {"answer": "Svar"}, content_type=JSON)
    assert response.status_code == 409
    sent = {"sent_to": "both", "sent_on": "2025-03-05"}
    response = coordinator_client.post(f"{url}/sent", sent, content_type=JSON)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["sent_to"]) == ("sent", "both")
    answer = {"answer": "Vi ser över rutinen.", "answered_on": "2025-03-04"}
    response = ombud_client.post(f"{url}/answer", answer, content_type=JSON)
    assert response.status_code == 422  # before it was sent
    assert "innan den skickades" in response.json()["errors"]["answered_on"][0]
    answer["answered_on"] = "2025-04-01"
    response = ombud_client.post(f"{url}/answer", answer, content_type=JSON)
    assert response.status_code == 200 and response.json()["status"] == "answered"
    response = coordinator_client.post(f"{url}/close", content_type=JSON)
    assert response.status_code == 200 and response.json()["status"] == "closed"
    response = coordinator_client.post(f"{url}/close", content_type=JSON)
    assert response.status_code == 409


def test_an_answer_naming_the_ombuds_client_is_refused(ombud_client, failure, ombud, contact):
    mark_sent(failure, ombud, sent_to="organisation", sent_on=DAY)
    url = f"/api/failures/{failure.pk}/answer"
    response = ombud_client.post(url, {"answer": "Majas fall är löst."}, content_type=JSON)
    assert response.status_code == 422
    assert "”Majas”" in response.json()["errors"]["answer"][0]


# Who gets what

READS = ["/api/failures", "/api/failures/organisations"]


def _operations(failure: SystemFailure) -> list[tuple[str, str, dict | None]]:
    url = f"/api/failures/{failure.pk}"
    return [
        ("get", url, None),
        ("put", url, _new()),
        ("post", f"{url}/seen-again", {"clients_affected": 1}),
        ("post", f"{url}/sent", {"sent_to": "steering"}),
        ("post", f"{url}/answer", {"answer": "Svar"}),
        ("post", f"{url}/close", {}),
    ]


def test_clients_get_404_everywhere(client_client, failure, call_api):
    for url in READS:
        assert client_client.get(url).status_code == 404, url
    assert client_client.post("/api/failures", _new(), content_type=JSON).status_code == 404
    for method, url, data in _operations(failure):
        assert call_api(client_client, method, url, data).status_code == 404, url
    failure.refresh_from_db()
    assert failure.status == Status.DRAFT and not failure.sightings.exists()


def test_an_ombud_of_another_operation_gets_404_and_an_empty_list(
    neighbour_ombud_client, failure, call_api
):
    assert neighbour_ombud_client.get("/api/failures").json() == []
    assert neighbour_ombud_client.get("/api/failures/organisations").json() == []
    for method, url, data in _operations(failure):
        assert call_api(neighbour_ombud_client, method, url, data).status_code == 404, url
    failure.refresh_from_db()
    assert failure.status == Status.DRAFT and not failure.sightings.exists()


def test_a_coordinator_reads_but_does_not_write_failures(coordinator_client, failure):
    assert [f["id"] for f in coordinator_client.get("/api/failures").json()] == [failure.pk]
    response = coordinator_client.post("/api/failures", _new(), content_type=JSON)
    assert response.status_code == 403
    url = f"/api/failures/{failure.pk}/seen-again"
    response = coordinator_client.post(url, {"clients_affected": 1}, content_type=JSON)
    assert response.status_code == 403
    assert SystemFailure.objects.count() == 1
    assert FailureOrganisation.objects.count() == 1


def test_anonymous_visitors_are_refused(client, failure):
    assert client.get("/api/failures").status_code == 401


def test_the_failure_operations_are_in_the_schema(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/failures" in paths and "/api/failures/{failure_id}/seen-again" in paths
