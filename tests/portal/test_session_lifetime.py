"""The idle timeout and the absolute lifetime, enforced on the server; what counts as
activity; staying signed in with "Fortsätt vara inloggad". Time is moved by moving the
session's stored timestamps, never by sleeping."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import DeviceSession
from portal.queries.sessions import ACTIVE, STARTED

MINUTE = 60
HOUR = 60 * MINUTE


def _age(browser: Client, *, idle: float = 0, since_start: float | None = None) -> None:
    """Pretend the person last did something `idle` seconds ago, and signed in
    `since_start` seconds ago (default: when they were last active)."""
    session = browser.session
    now = timezone.now().timestamp()
    session[ACTIVE] = now - idle
    session[STARTED] = now - (since_start if since_start is not None else idle)
    session.save()


def _key(browser: Client) -> str:
    return browser.cookies["sessionid"].value


def _signed_out(browser: Client, url: str) -> bool:
    response = browser.get(url)
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_signing_in_stamps_the_session_and_sets_its_expiry_to_the_idle_deadline(ombud_client):
    session = ombud_client.session
    assert session[ACTIVE] == session[STARTED]
    row = Session.objects.get(session_key=_key(ombud_client))
    expected = timezone.now() + datetime.timedelta(minutes=30)
    assert abs((row.expire_date - expected).total_seconds()) < 5


def test_a_staff_session_ends_after_30_idle_minutes(ombud_client):
    _age(ombud_client, idle=29 * MINUTE)
    assert ombud_client.get(reverse("ombud_caseload")).status_code == 200
    _age(ombud_client, idle=31 * MINUTE)
    key = _key(ombud_client)
    assert _signed_out(ombud_client, reverse("ombud_caseload"))
    assert not Session.objects.filter(session_key=key).exists()
    assert not DeviceSession.objects.filter(session_id=key).exists()
    page = ombud_client.get(reverse("login")).content.decode()
    assert "Du loggades ut eftersom ingenting hade hänt på en stund." in page


def test_a_coordinator_has_the_staff_timeout(coordinator_client):
    _age(coordinator_client, idle=31 * MINUTE)
    assert _signed_out(coordinator_client, reverse("coordinator_home"))


def test_a_client_session_lasts_eight_idle_hours(client_client):
    _age(client_client, idle=7 * HOUR)
    assert client_client.get(reverse("client_plan")).status_code == 200
    _age(client_client, idle=8 * HOUR + MINUTE)
    assert _signed_out(client_client, reverse("client_plan"))


def test_the_clients_idle_timeout_is_a_setting(settings, client_client):
    settings.SESSION_IDLE_MINUTES_CLIENT = 60
    _age(client_client, idle=61 * MINUTE)
    assert _signed_out(client_client, reverse("client_plan"))


def test_a_staff_session_ends_after_12_hours_however_active(ombud_client):
    _age(ombud_client, idle=MINUTE, since_start=12 * HOUR + MINUTE)
    assert _signed_out(ombud_client, reverse("ombud_caseload"))
    page = ombud_client.get(reverse("login")).content.decode()
    assert "Du har varit inloggad länge, så du loggades ut." in page


def test_a_client_session_ends_after_30_days(client_client):
    _age(client_client, idle=MINUTE, since_start=29 * 24 * HOUR)
    assert client_client.get(reverse("client_plan")).status_code == 200
    _age(client_client, idle=MINUTE, since_start=30 * 24 * HOUR + MINUTE)
    assert _signed_out(client_client, reverse("client_plan"))


def test_activity_moves_the_idle_deadline_and_the_rows_expiry(ombud_client):
    _age(ombud_client, idle=20 * MINUTE, since_start=HOUR)
    assert ombud_client.get(reverse("ombud_caseload")).status_code == 200
    session = ombud_client.session
    assert timezone.now().timestamp() - session[ACTIVE] < 5
    row = Session.objects.get(session_key=_key(ombud_client))
    expected = timezone.now() + datetime.timedelta(minutes=30)
    assert abs((row.expire_date - expected).total_seconds()) < 5


def test_activity_is_written_at_most_once_a_minute(ombud_client):
    _age(ombud_client, idle=30)
    before = ombud_client.session[ACTIVE]
    ombud_client.get(reverse("ombud_caseload"))
    assert ombud_client.session[ACTIVE] == before


def test_the_lifetime_caps_the_rows_expiry(ombud_client):
    _age(ombud_client, idle=2 * MINUTE, since_start=12 * HOUR - 10 * MINUTE)
    ombud_client.get(reverse("ombud_caseload"))
    row = Session.objects.get(session_key=_key(ombud_client))
    expected = timezone.now() + datetime.timedelta(minutes=10)
    assert abs((row.expire_date - expected).total_seconds()) < 5


def test_a_request_the_page_makes_on_its_own_is_not_activity(ombud_client):
    _age(ombud_client, idle=5 * MINUTE)
    before = ombud_client.session[ACTIVE]
    ombud_client.get(reverse("session_status"), headers={"X-Background": "1"})
    assert ombud_client.session[ACTIVE] == before


def test_a_session_django_refused_as_expired_is_cleaned_up_and_explained(ombud_client):
    key = _key(ombud_client)
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert _signed_out(ombud_client, reverse("ombud_caseload"))
    assert not Session.objects.filter(session_key=key).exists()
    assert not DeviceSession.objects.filter(session_id=key).exists()


def test_a_session_ended_elsewhere_says_so_on_the_sign_in_page(ombud_client):
    Session.objects.filter(session_key=_key(ombud_client)).delete()
    response = ombud_client.get(reverse("ombud_caseload"), follow=True)
    assert "Du är utloggad. Logga in igen." in response.content.decode()


# Staying signed in (static/js/session.js asks these).


def test_signed_in_answers_say_how_long_is_left(ombud_client):
    response = ombud_client.get(reverse("ombud_caseload"))
    assert 1790 <= int(response["X-Session-Expires-In"]) <= 1800
    assert response["X-Session-Ends"] == "idle"
    body = response.content.decode()
    assert 'id="session-notice"' in body and 'data-warn="120"' in body
    assert "Appen loggar snart ut dig. Ingenting har hänt på en stund." in body
    assert "Fortsätt vara inloggad" in body


def test_pages_without_a_session_have_no_notice(client, db):
    assert 'id="session-notice"' not in client.get(reverse("login")).content.decode()


def test_keep_alive_moves_the_deadline(ombud_client):
    _age(ombud_client, idle=28 * MINUTE + 30)
    response = ombud_client.post(reverse("session_status"))
    assert response.status_code == 200
    assert 1790 <= response.json()["expires_in"] <= 1800
    assert timezone.now().timestamp() - ombud_client.session[ACTIVE] < 5


def test_keep_alive_within_the_minute_still_moves_it(ombud_client):
    _age(ombud_client, idle=20)
    ombud_client.post(reverse("session_status"))
    assert timezone.now().timestamp() - ombud_client.session[ACTIVE] < 5


def test_asking_how_long_is_left_changes_nothing(ombud_client):
    _age(ombud_client, idle=10 * MINUTE)
    response = ombud_client.get(reverse("session_status"), headers={"X-Background": "1"})
    assert 1190 <= response.json()["expires_in"] <= 1200


def test_keep_alive_needs_the_csrf_token(ombud):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(ombud)
    assert browser.post(reverse("session_status")).status_code == 403


def test_keep_alive_too_late_says_why(ombud_client):
    _age(ombud_client, idle=31 * MINUTE)
    response = ombud_client.post(reverse("session_status"))
    assert response.status_code == 401
    assert response.json() == {"signed_in": False, "reason": "idle"}


def test_keep_alive_cannot_stretch_the_lifetime(ombud_client):
    _age(ombud_client, idle=MINUTE, since_start=12 * HOUR - MINUTE)
    response = ombud_client.post(reverse("session_status"))
    assert response.json()["ends"] == "lifetime"
    assert response.json()["expires_in"] <= 60


@pytest.mark.parametrize(
    "user_agent,words",
    [
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Mobile Safari/537.36",
            ("Chrome", "Android"),
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            ("Safari", "iPhone"),
        ),
        (
            "Mozilla/5.0 (Linux; Android 13; SM-A146P) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
            ("Samsung Internet", "Android"),
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
            ("Firefox", "Windows"),
        ),
        ("", ("", "")),
    ],
)
def test_the_device_is_named_from_its_user_agent(user_agent, words):
    from portal.useragent import describe

    assert describe(user_agent) == words


@pytest.mark.django_db(transaction=True)
def test_a_session_ended_while_its_request_runs_is_no_error(ombud):
    """Another device ends this session between loading it and noting the activity."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from portal.actions.sessions import record_activity

    browser = Client()
    browser.force_login(ombud)
    request = RequestFactory().get("/ombud/")
    request.session = SessionStore(session_key=_key(browser))
    request.session[ACTIVE] -= 5 * MINUTE  # due for a touch
    request.user = ombud
    Session.objects.filter(session_key=_key(browser)).delete()
    record_activity(request)
    assert not DeviceSession.objects.exists()
