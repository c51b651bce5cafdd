"""The security log (logger `brobyggare.security`): one JSON line per sign-in, failed try,
lockout, sign-out and ended session, with the account's id and a daily keyed hash of the
address; never a username, name, password, code or session key."""

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

from portal import security_log
from tests.signin_helpers import give_totp, totp_code

LOGGER = "brobyggare.security"


@pytest.fixture
def security_lines(caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)

    def lines() -> list[dict]:
        return [json.loads(r.getMessage()) for r in caplog.records if r.name == LOGGER]

    def text() -> str:
        return "\n".join(r.getMessage() for r in caplog.records if r.name == LOGGER)

    lines.text = text  # type: ignore[attr-defined]
    return lines


def test_a_wrong_password_is_logged_by_account_id_without_the_name_or_password(
    client, client_user, security_lines
):
    client.post(reverse("login"), {"username": "maja", "password": "hemlig-gissning-77"})
    (line,) = [line for line in security_lines() if line["event"] == "signin.failed"]
    assert line["user"] == client_user.pk
    assert line["step"] == "login"
    assert len(line["source"]) == 8 and line["source"] != "127.0.0.1"
    text = security_lines.text()
    for secret in ["maja", "Maja", "hemlig-gissning-77", "127.0.0.1"]:
        assert secret not in text


def test_an_unknown_username_is_logged_without_it(db, client, security_lines):
    client.post(reverse("login"), {"username": "finns-inte-77", "password": "x" * 12})
    (line,) = security_lines()
    assert line["event"] == "signin.failed" and "user" not in line
    assert "finns-inte-77" not in security_lines.text()


def test_a_staff_sign_in_logs_each_step_without_the_codes(client, ombud, password, security_lines):
    give_totp(ombud)
    client.post(reverse("login"), {"username": "anna", "password": password})
    client.post(reverse("signin_verify"), {"otp_token": "000000"})
    code = totp_code(ombud)
    client.post(reverse("signin_verify"), {"otp_token": code})
    events = [(line["event"], line.get("step")) for line in security_lines()]
    assert events == [("signin.failed", "signin_verify"), ("signin.ok", "signin_verify")]
    assert all(line["user"] == ombud.pk for line in security_lines())
    text = security_lines.text()
    for secret in ["anna", "Anna", password, "000000", code, client.session.session_key]:
        assert secret not in text


def test_a_wrong_recovery_code_is_logged_without_it(client, coordinator, password, security_lines):
    give_totp(coordinator)
    client.post(reverse("login"), {"username": "sara", "password": password})
    client.post(reverse("signin_recovery"), {"recovery_code": "ABCDE-FGHJK"})
    assert [line["event"] for line in security_lines()] == ["signin.failed"]
    assert "ABCDE" not in security_lines.text() and "sara" not in security_lines.text()


def test_a_lockout_is_logged(client, client_user, security_lines, caplog):
    caplog.set_level(logging.INFO)  # every logger: axes' own lines too
    for n in range(10):
        Client().post(
            reverse("login"),
            {"username": "maja", "password": "gissning-123"},
            REMOTE_ADDR=f"192.0.2.{n}",
        )
    locked = [line for line in security_lines() if line["event"] == "signin.locked"]
    assert locked and locked[0]["user"] == client_user.pk
    assert "192.0.2" not in security_lines.text()
    assert "AXES: Locking out" in caplog.text
    assert "192.0.2" not in caplog.text and "maja" not in caplog.text


def test_signing_out_and_ending_other_sessions_are_logged(client_user, password, security_lines):
    phone, laptop = Client(), Client()
    for browser in (phone, laptop):
        browser.post(reverse("login"), {"username": "maja", "password": password})
    phone.post(reverse("client_devices_end_others"))
    laptop_key = laptop.cookies.get("sessionid")
    phone.post(reverse("logout"))
    events = [line["event"] for line in security_lines()]
    assert events == ["signin.ok", "signin.ok", "sessions.ended", "signout"]
    ended = security_lines()[2]
    assert ended["which"] == "others" and ended["count"] == 1 and ended["user"] == client_user.pk
    if laptop_key is not None:
        assert laptop_key.value not in security_lines.text()


def test_the_source_is_the_same_for_one_address_in_a_day_and_not_the_address(rf, settings):
    one = rf.get("/", REMOTE_ADDR="203.0.113.5")
    other = rf.get("/", REMOTE_ADDR="203.0.113.6")
    assert security_log.source(one) == security_log.source(rf.get("/", REMOTE_ADDR="203.0.113.5"))
    assert security_log.source(one) != security_log.source(other)
    before = security_log.source(one)
    settings.SECRET_KEY = "another-" + settings.SECRET_KEY
    assert security_log.source(one) != before  # keyed: not a plain hash of the address
