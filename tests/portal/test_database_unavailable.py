"""The database out of reach: 503 with Retry-After, a calm Swedish page or the API's JSON,
never the 500 page. tests/production/test_faults.py restarts a real PostgreSQL."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client


@pytest.fixture(params=[OperationalError, InterfaceError])
def database_down(request, monkeypatch):
    """database_down(): from now on, reading the session (the first query of a signed-in
    request) fails as it does when PostgreSQL is away."""

    def fail(self):
        raise request.param("connection to server at 127.0.0.1 failed")

    return lambda: monkeypatch.setattr(SessionStore, "load", fail)


def _signed_in(client_user) -> Client:
    browser = Client(raise_request_exception=False)
    browser.force_login(client_user)
    return browser


def test_a_page_answers_503_in_swedish(client_user, database_down):
    browser = _signed_in(client_user)
    database_down()
    response = browser.get("/min-plan/")

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    body = response.content.decode()
    assert "Vi är strax tillbaka" in body and "Försök igen" in body


def test_the_api_answers_503_in_json(client_user, contact, database_down):
    browser = _signed_in(client_user)
    database_down()
    response = browser.post("/api/outbox", {"items": []}, content_type="application/json")

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response.json()["detail"].startswith("Det går inte att nå uppgifterna just nu.")


def test_other_errors_are_still_500(client_user, monkeypatch):
    def fail(self):
        raise RuntimeError("a bug")

    browser = _signed_in(client_user)
    monkeypatch.setattr(SessionStore, "load", fail)
    response = browser.get("/min-plan/")
    assert response.status_code == 500
    assert "Något gick fel hos oss" in response.content.decode()
