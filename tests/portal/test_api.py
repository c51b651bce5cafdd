"""The JSON API: session auth, CSRF on writes, the same forms and actions as the pages."""

from django.test import Client

from portal.models import Task, TaskStatus


def test_api_lists_an_ombuds_contacts(ombud_client, contact, other_contact):
    body = ombud_client.get("/api/contacts").json()
    assert [c["id"] for c in body] == [contact.pk]
    assert body[0]["client"]["name"] == "Maja"


def test_api_lists_a_clients_own_contact(client_client, contact):
    assert [c["id"] for c in client_client.get("/api/contacts").json()] == [contact.pk]


def test_api_adds_a_task_through_the_same_validation(ombud_client, assignment):
    response = ombud_client.post(
        f"/api/assignments/{assignment.pk}/tasks",
        {"what": "Ansök om färdtjänst", "who": "other", "who_other": ""},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "Skriv vem som gör det" in response.json()["errors"]["who_other"][0]
    response = ombud_client.post(
        f"/api/assignments/{assignment.pk}/tasks",
        {"what": "Ansök om färdtjänst", "who": "other", "who_other": "Kommunen"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Task.objects.get(pk=response.json()["id"]).who_other == "Kommunen"


def test_client_adds_a_task_in_their_own_words_through_the_api(
    client_client, assignment, client_user
):
    response = client_client.post(
        f"/api/assignments/{assignment.pk}/tasks",
        {"what": "Ringa mamma om kalaset", "who": "together"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["what"], body["who"]) == ("Ringa mamma om kalaset", "together")
    assert body["created_by"]["id"] == client_user.pk


def test_api_writes_need_the_csrf_token(ombud, task, password):
    browser = Client(enforce_csrf_checks=True)
    browser.login(username=ombud.username, password=password)
    response = browser.post(
        f"/api/tasks/{task.pk}/done", {"done": True}, content_type="application/json"
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == TaskStatus.TODO
    browser.get("/ombud/")  # any page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        f"/api/tasks/{task.pk}/done",
        {"done": True},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
    assert response.json()["status"] == "done"


def test_api_docs_and_schema_are_served(client):
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert "/api/contacts/{contact_id}/plan" in schema["paths"]
