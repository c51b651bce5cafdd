"""A person is told of changes to their way in (OWASP ASVS 2.2.3, 2.5.5, 2.8.5): once on
each other device, at the next visit, and in the list under Inloggade enheter (Konto)."""

import io
import json
import logging

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from portal.actions import account_changes
from portal.models import AccountChange
from portal.queries.sessions import ACTIVE
from tests.signin_helpers import SoftAuthenticator, give_totp, sign_in, totp_code

NOTE = "Var det inte du?"


def a_minute_later(browser: Client) -> None:
    """As if the last activity was two minutes ago (activity is noted once a minute)."""
    session = browser.session
    session[ACTIVE] = session[ACTIVE] - 120
    session.save()


def add_passkey(browser: Client):
    options = browser.post(reverse("passkey_register_options"), "{}", "application/json")
    return browser.post(
        reverse("passkey_register"),
        json.dumps({"credential": SoftAuthenticator().create(options.json()), "name": "Ny"}),
        content_type="application/json",
    )


def page(browser: Client, name: str = "client_plan") -> str:
    return browser.get(reverse(name)).content.decode()


def test_a_passkey_added_elsewhere_is_told_once_on_the_other_phone(client_user, password):
    phone, other = Client(), Client()
    sign_in(phone, client_user, password)
    sign_in(other, client_user, password)
    assert add_passkey(other).json() == {"ok": True}
    assert NOTE not in page(other)  # made there: nothing to tell
    a_minute_later(phone)
    told = page(phone)
    assert "En nyckel lades till" in told and NOTE in told
    assert "Mer → Inloggade enheter" in told
    a_minute_later(phone)
    assert NOTE not in page(phone)  # once


def test_the_list_shows_what_when_and_on_which_browser(client_user, password):
    phone = Client()
    sign_in(phone, client_user, password)
    phone.post(
        reverse("client_password"),
        {
            "old_password": password,
            "new_password1": "en-ny-fin-mening",
            "new_password2": "en-ny-fin-mening",
        },
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    )
    listed = page(phone, "client_devices")
    assert 'id="account-changes"' in listed and "Lösenordet byttes" in listed
    change = AccountChange.objects.get()
    assert change.kind == AccountChange.Kind.PASSWORD and change.user == client_user


def test_a_new_sign_in_is_told_of_a_password_changed_elsewhere(client_user, password):
    laptop = Client()
    sign_in(laptop, client_user, password)
    new = "en-ny-fin-mening"
    laptop.post(
        reverse("client_password"),
        {"old_password": password, "new_password1": new, "new_password2": new},
    )
    phone = Client()
    told = phone.post(reverse("login"), {"username": "maja", "password": new}, follow=True)
    assert "Lösenordet byttes" in told.content.decode()


def test_setting_up_a_second_factor_is_not_news_to_the_one_who_did_it(client, ombud, password):
    client.post(reverse("login"), {"username": "anna", "password": password})
    client.get(reverse("signin_enrol"))
    client.post(reverse("signin_enrol_done"))  # no factor yet: back to set-up
    add_passkey(client)
    client.post(reverse("signin_enrol_done"))
    kinds = set(AccountChange.objects.values_list("kind", flat=True))
    assert kinds == {AccountChange.Kind.PASSKEY_ADDED, AccountChange.Kind.RECOVERY_CODES}
    assert NOTE not in page(client, "ombud_caseload")


def test_a_code_used_twice_is_refused_logged_and_told(ombud, password, caplog):
    """ASVS 2.8.5: someone may have seen the code."""
    caplog.set_level(logging.INFO, logger="brobyggare.security")
    give_totp(ombud)
    here, there = Client(), Client()
    here.post(reverse("login"), {"username": "anna", "password": password})
    code = totp_code(ombud)
    assert here.post(reverse("signin_verify"), {"otp_token": code}).status_code == 302
    there.post(reverse("login"), {"username": "anna", "password": password})
    refused = there.post(reverse("signin_verify"), {"otp_token": code})
    assert refused.status_code == 422 and "_auth_user_id" not in there.session
    assert AccountChange.objects.get().kind == AccountChange.Kind.CODE_REUSED
    assert '"event": "totp.reused"' in caplog.text and code not in caplog.text
    a_minute_later(here)
    assert "En kod från din app användes en gång till" in page(here, "ombud_caseload")


def test_a_wrong_code_is_not_taken_for_a_used_one(ombud, password):
    give_totp(ombud)
    browser = Client()
    browser.post(reverse("login"), {"username": "anna", "password": password})
    browser.post(reverse("signin_verify"), {"otp_token": "000000"})
    assert not AccountChange.objects.exists()


def test_a_reset_by_an_administrator_is_told_at_the_next_sign_in(ombud, password):
    give_totp(ombud)
    call_command("reset_second_factor", "anna", stdout=io.StringIO())
    browser = Client()
    browser.post(reverse("login"), {"username": "anna", "password": password})
    add_passkey(browser)  # a new one, during the sign-in
    codes = browser.post(reverse("signin_enrol_done")).content.decode()
    assert "En administratör tog bort dina sätt att logga in" in codes
    assert "En nyckel lades till" not in codes  # that was here


def test_only_the_latest_twenty_are_kept(client_user):
    for _ in range(25):
        account_changes.record(client_user, AccountChange.Kind.RECOVERY_CODES)
    assert AccountChange.objects.filter(user=client_user).count() == 20


def test_the_changes_go_with_the_account(client_user):
    account_changes.record(client_user, AccountChange.Kind.PASSWORD)
    client_user.delete()
    assert not AccountChange.objects.exists()
