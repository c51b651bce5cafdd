""" "Bekräfta att det är du" (OWASP ASVS 3.7.1, 3.3.4): a change to the way in needs a
sign-in or a confirmation within the last 10 minutes. Clients confirm with the password or
a passkey, staff with a passkey or the app's code; wrong tries count in the lockout."""

import json
import time

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import DeviceSession, Passkey, RecoveryCode
from portal.queries.sessions import CONFIRMED
from tests.signin_helpers import SoftAuthenticator, give_totp, totp_code

SECURITY = "/konto/sakerhet/"


def signed_in_long_ago(browser: Client, minutes: int = 11) -> None:
    """As if the person signed in (or last confirmed) `minutes` ago."""
    session = browser.session
    session[CONFIRMED] = time.time() - minutes * 60
    session.save()


def confirm_url(next_url: str) -> str:
    return f"{reverse('signin_confirm')}?next={next_url.replace('/', '%2F')}"


def add_passkey(browser: Client, phone: SoftAuthenticator):
    options = browser.post(reverse("passkey_register_options"), "{}", "application/json")
    return browser.post(
        reverse("passkey_register"),
        json.dumps({"credential": phone.create(options.json()), "name": "Min telefon"}),
        content_type="application/json",
    )


def test_right_after_signing_in_no_confirmation_is_asked(client_client):
    assert add_passkey(client_client, SoftAuthenticator()).json() == {"ok": True}
    passkey = Passkey.objects.get()
    response = client_client.post(reverse("passkey_remove", args=[passkey.pk]))
    assert response["Location"] == SECURITY
    assert not Passkey.objects.exists()


def test_removing_a_passkey_long_after_signing_in_asks_for_the_password_first(
    client_client, client_user, password
):
    add_passkey(client_client, SoftAuthenticator())
    passkey = Passkey.objects.get()
    signed_in_long_ago(client_client)
    response = client_client.post(reverse("passkey_remove", args=[passkey.pk]))
    assert response["Location"] == confirm_url(SECURITY)
    assert Passkey.objects.exists()

    page = client_client.get(response["Location"]).content.decode()
    assert "Bekräfta att det är du" in page and 'name="password"' in page
    wrong = client_client.post(response["Location"], {"password": "inte-mitt-losenord"})
    assert wrong.status_code == 422
    assert "Lösenordet stämmer inte" in wrong.content.decode()
    right = client_client.post(response["Location"], {"password": password})
    assert right["Location"] == SECURITY
    client_client.post(reverse("passkey_remove", args=[passkey.pk]))
    assert not Passkey.objects.exists()


def test_adding_a_passkey_long_after_signing_in_leads_to_confirming(client_client):
    signed_in_long_ago(client_client)
    response = client_client.post(reverse("passkey_register_options"), "{}", "application/json")
    assert response.status_code == 403
    assert response.json()["confirm"] == confirm_url(SECURITY)
    assert "webauthn_register" not in client_client.session  # no ceremony begun


def test_staff_confirm_with_the_apps_code_not_the_password(ombud_client, ombud, password):
    give_totp(ombud)
    signed_in_long_ago(ombud_client)
    response = ombud_client.post(reverse("recovery_codes_new"))
    assert response["Location"] == confirm_url(SECURITY)
    assert not RecoveryCode.objects.exists()
    url = response["Location"]
    page = ombud_client.get(url).content.decode()
    assert 'name="otp_token"' in page and 'name="password"' not in page
    assert ombud_client.post(url, {"password": password}).status_code == 422
    assert ombud_client.post(url, {"otp_token": totp_code(ombud)})["Location"] == SECURITY
    made = ombud_client.post(reverse("recovery_codes_new"))
    assert made.status_code == 200 and RecoveryCode.objects.filter(user=ombud).count() == 10


def test_a_passkey_confirms_too(client_client, client_user, other_client_client):
    phone, someone_elses = SoftAuthenticator(), SoftAuthenticator()
    add_passkey(client_client, phone)
    add_passkey(other_client_client, someone_elses)
    signed_in_long_ago(client_client)

    def confirm_with(authenticator):
        options = client_client.post(
            reverse("signin_confirm_passkey_options"), "{}", "application/json"
        )
        assert options.status_code == 200
        assert len(options.json()["allowCredentials"]) == 1  # only Maja's own
        return client_client.post(
            f"{reverse('signin_confirm_passkey')}?next={SECURITY}",
            json.dumps({"credential": authenticator.get(options.json())}),
            content_type="application/json",
        )

    assert confirm_with(someone_elses).status_code == 400
    still = client_client.post(reverse("passkey_register_options"), "{}", "application/json")
    assert still.status_code == 403
    answer = confirm_with(phone)
    assert answer.json() == {"redirect": SECURITY}
    mine = Passkey.objects.get(user=client_user)
    assert client_client.post(reverse("passkey_remove", args=[mine.pk]))["Location"] == SECURITY
    assert not Passkey.objects.filter(user=client_user).exists()


def test_signing_out_other_devices_long_after_signing_in_asks_first(client_user, password):
    """ASVS 3.3.4: log out other sessions "having re-entered login credentials"."""
    phone, laptop = Client(), Client()
    for browser in (phone, laptop):
        browser.post(reverse("login"), {"username": "maja", "password": password})
    signed_in_long_ago(phone)
    devices = reverse("client_devices")
    response = phone.post(reverse("client_devices_end_others"))
    assert response["Location"] == confirm_url(devices)
    other = DeviceSession.objects.exclude(session_id=phone.session.session_key).get()
    response = phone.post(reverse("client_device_end", args=[other.pk]))
    assert response["Location"] == confirm_url(devices)
    assert DeviceSession.objects.count() == 2

    phone.post(response["Location"], {"password": password})
    phone.post(reverse("client_devices_end_others"))
    assert DeviceSession.objects.count() == 1


def test_signing_out_this_device_needs_no_confirmation(client_client):
    signed_in_long_ago(client_client)
    this = DeviceSession.objects.get()
    response = client_client.post(reverse("client_device_end", args=[this.pk]))
    assert response["Location"] == reverse("login")


def test_wrong_passwords_when_confirming_count_in_the_lockout(client_client, password):
    signed_in_long_ago(client_client)
    url = confirm_url(SECURITY)
    statuses = [
        client_client.post(url, {"password": "gissning-1234"}).status_code for _ in range(10)
    ]
    assert statuses == [422] * 9 + [429]
    assert client_client.post(url, {"password": password}).status_code == 429


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x"])
def test_confirming_never_leads_off_the_site(client_client, password, next_url):
    signed_in_long_ago(client_client)
    response = client_client.post(
        f"{reverse('signin_confirm')}?next={next_url}", {"password": password}
    )
    assert response["Location"] == reverse("home")


def test_nobody_confirms_without_being_signed_in(client, ombud, password):
    assert reverse("login") in client.get(reverse("signin_confirm"))["Location"]
    give_totp(ombud)
    client.post(reverse("login"), {"username": "anna", "password": password})  # pending
    assert reverse("login") in client.get(reverse("signin_confirm"))["Location"]
    options = client.post(reverse("signin_confirm_passkey_options"), "{}", "application/json")
    assert options.status_code == 403


def test_the_confirm_endpoints_need_the_csrf_token(client_user, password):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(client_user)
    for name in ["signin_confirm", "signin_confirm_passkey_options", "signin_confirm_passkey"]:
        assert browser.post(reverse(name), {"password": password}).status_code == 403, name
