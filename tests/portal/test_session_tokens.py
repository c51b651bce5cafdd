"""Session tokens (OWASP ASVS 3.1.1, 3.2.1, 3.2.2, 4.3.2): a new key at every step of
signing in, long and random, only ever in a cookie; and no folder is listed."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.signin_helpers import give_totp, totp_code


def _key(browser: Client) -> str:
    return browser.cookies["sessionid"].value


def _anonymous_session(browser: Client) -> str:
    session = browser.session
    session["visited"] = True
    session.save()
    browser.cookies["sessionid"] = session.session_key
    return session.session_key


def test_a_client_gets_a_new_session_key_when_signing_in(client, client_user, password):
    before = _anonymous_session(client)
    client.post(reverse("login"), {"username": "maja", "password": password})
    assert _key(client) != before
    assert re.fullmatch(r"[a-z0-9]{32}", _key(client))  # about 165 bits from secrets


def test_staff_get_a_new_key_after_the_password_and_again_after_the_second_step(
    client, ombud, password
):
    give_totp(ombud)
    before = _anonymous_session(client)
    client.post(reverse("login"), {"username": "anna", "password": password})
    pending = _key(client)
    client.post(reverse("signin_verify"), {"otp_token": totp_code(ombud)})
    assert len({before, pending, _key(client)}) == 3


def test_the_session_key_is_never_in_a_page_or_a_link(client_client, ombud_client):
    for browser, names in [
        (client_client, ["client_plan", "client_devices", "account_security", "client_more"]),
        (ombud_client, ["ombud_caseload", "ombud_account"]),
    ]:
        for name in names:
            response = browser.get(reverse(name))
            assert _key(browser) not in response.content.decode(), name


@pytest.mark.parametrize(
    "path", ["/static/", "/static/js/", "/private_media/", "/.git/config", "/media/"]
)
def test_no_folder_is_listed_and_nothing_outside_the_app_is_served(client, db, path):
    assert client.get(path).status_code == 404
