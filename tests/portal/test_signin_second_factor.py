"""Staff sign in in two steps: the password leaves the session *pending* (not signed in)
until a passkey, a code from the app or a recovery code; the first time they set one
up. Clients sign in with the password, or with a passkey instead."""

import json
import time

import pyotp
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.actions.signin import PENDING_KEY
from portal.models import Passkey, RecoveryCode
from tests.signin_helpers import SoftAuthenticator, give_totp, totp_code


def password_step(browser, username, password):
    return browser.post(reverse("login"), {"username": username, "password": password})


def signed_in(browser) -> bool:
    return "_auth_user_id" in browser.session


def enrol_codes(browser) -> list[str]:
    """Set up the app from the enrolment page, as a person with a phone would."""
    page = browser.get(reverse("signin_enrol")).content.decode()
    start = page.index('id="totp-secret">') + len('id="totp-secret">')
    secret = page[start : page.index("<", start)].replace(" ", "")
    code = pyotp.TOTP(secret).now()
    response = browser.post(reverse("signin_enrol"), {"otp_token": code})
    assert response.status_code == 200
    body = response.content.decode()
    block = body[
        body.index('id="recovery-codes"') : body.index("</ul>", body.index("recovery-codes"))
    ]
    return [part.split("<")[0] for part in block.split("<li>")[1:]]


def test_the_password_alone_does_not_sign_staff_in(client, ombud, password):
    give_totp(ombud)
    response = password_step(client, "anna", password)
    assert response["Location"] == reverse("signin_verify")
    assert not signed_in(client)
    assert set(client.session[PENDING_KEY]) == {"user", "backend", "next", "until", "enrolling"}
    # Nothing treats the pending session as signed in: pages, the API.
    assert reverse("login") in client.get(reverse("ombud_caseload"))["Location"]
    assert client.get("/api/contacts").status_code == 401


def test_a_code_from_the_app_finishes_the_sign_in(client, ombud, password):
    give_totp(ombud)
    password_step(client, "anna", password)
    response = client.post(reverse("signin_verify"), {"otp_token": totp_code(ombud)})
    assert response["Location"] == reverse("home")
    assert signed_in(client)
    assert PENDING_KEY not in client.session
    assert client.get(reverse("ombud_caseload")).status_code == 200


def test_the_sign_in_goes_where_it_was_asked_to(client, ombud, password, contact):
    give_totp(ombud)
    plan = reverse("ombud_plan", args=[contact.pk])
    client.post(reverse("login"), {"username": "anna", "password": password, "next": plan})
    response = client.post(reverse("signin_verify"), {"otp_token": totp_code(ombud)})
    assert response["Location"] == plan


def test_a_wrong_code_says_what_to_do_and_keeps_the_session_pending(client, ombud, password):
    give_totp(ombud)
    password_step(client, "anna", password)
    response = client.post(reverse("signin_verify"), {"otp_token": "000000"})
    assert response.status_code == 422
    assert "Koden stämmer inte" in response.content.decode()
    assert not signed_in(client)


def test_a_mistyped_code_can_be_typed_again_at_once(client, ombud, password):
    give_totp(ombud)
    password_step(client, "anna", password)
    client.post(reverse("signin_verify"), {"otp_token": "000000"})
    client.post(reverse("signin_verify"), {"otp_token": totp_code(ombud)})
    assert signed_in(client)


def test_a_code_works_once(client, ombud, password):
    give_totp(ombud)
    code = totp_code(ombud)
    password_step(client, "anna", password)
    client.post(reverse("signin_verify"), {"otp_token": code})
    assert signed_in(client)
    again = Client()
    password_step(again, "anna", password)
    assert again.post(reverse("signin_verify"), {"otp_token": code}).status_code == 422
    assert not signed_in(again)


def test_wrong_codes_lock_the_account(client, ombud, password):
    give_totp(ombud)
    password_step(client, "anna", password)
    for _ in range(10):
        response = client.post(reverse("signin_verify"), {"otp_token": "123456"})
    assert response.status_code == 429
    assert "Du har skrivit fel kod för många gånger" in response.content.decode()
    refused = client.post(reverse("signin_verify"), {"otp_token": totp_code(ombud)})
    assert refused.status_code == 429
    assert not signed_in(client)
    # The password step is locked too, from anywhere.
    other = Client()
    assert password_step(other, "anna", password).status_code == 429
    assert "123456" not in " ".join(AccessAttempt.objects.values_list("post_data", flat=True))


def test_the_pending_sign_in_expires(client, ombud, password):
    give_totp(ombud)
    password_step(client, "anna", password)
    session = client.session
    session[PENDING_KEY]["until"] = time.time() - 1
    session.save()
    response = client.post(reverse("signin_verify"), {"otp_token": totp_code(ombud)})
    assert response["Location"] == reverse("login")
    assert not signed_in(client)


def test_the_second_step_without_a_password_step_goes_back_to_sign_in(client, ombud):
    give_totp(ombud)
    assert client.get(reverse("signin_verify"))["Location"] == reverse("login")
    assert client.get(reverse("signin_enrol"))["Location"] == reverse("login")


def test_a_client_signs_in_with_the_password_alone(client, client_user, password):
    response = password_step(client, "maja", password)
    assert response["Location"] == reverse("home")
    assert signed_in(client)


def test_staff_without_a_second_factor_set_up_the_app_and_get_recovery_codes(
    client, coordinator, password
):
    response = password_step(client, "sara", password)
    assert response["Location"] == reverse("signin_enrol")
    page = client.get(reverse("signin_enrol")).content.decode()
    assert "<svg" in page  # the QR code, made on the server
    assert not signed_in(client)
    codes = enrol_codes(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert signed_in(client)
    assert TOTPDevice.objects.get(user=coordinator).confirmed
    # Only salted hashes are kept.
    stored = list(RecoveryCode.objects.values_list("salt", "digest"))
    assert len(stored) == 10
    assert not any(
        code.replace("-", "") in (salt + digest) for code in codes for salt, digest in stored
    )


def test_a_recovery_code_signs_in_once(client, coordinator, password):
    password_step(client, "sara", password)
    codes = enrol_codes(client)
    for attempt, expected in [(codes[3].lower(), True), (codes[3], False)]:
        browser = Client()
        password_step(browser, "sara", password)
        response = browser.post(reverse("signin_recovery"), {"recovery_code": attempt})
        assert signed_in(browser) is expected, attempt
        if not expected:
            assert "redan använd" in response.content.decode()


def test_a_wrong_app_code_during_set_up_is_refused(client, ombud, password):
    password_step(client, "anna", password)
    client.get(reverse("signin_enrol"))
    response = client.post(reverse("signin_enrol"), {"otp_token": "000000"})
    assert response.status_code == 422
    assert not signed_in(client)
    assert not TOTPDevice.objects.filter(user=ombud, confirmed=True).exists()


def test_the_admin_signs_in_through_the_front_door(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response["Location"] == "/logga-in/?next=/admin/"


# Passkeys, with a software authenticator playing the phone.


def options(browser, url) -> dict:
    response = browser.post(url, "{}", content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def add_passkey(browser, phone: SoftAuthenticator, name="Min telefon"):
    created = phone.create(options(browser, reverse("passkey_register_options")))
    return browser.post(
        reverse("passkey_register"),
        json.dumps({"credential": created, "name": name}),
        content_type="application/json",
    )


def passkey_sign_in(browser, phone: SoftAuthenticator, **kw):
    answer = phone.get(options(browser, reverse("signin_passkey_options")), **kw)
    return browser.post(
        reverse("signin_passkey"),
        json.dumps({"credential": answer}),
        content_type="application/json",
    )


def test_staff_can_set_up_with_a_passkey_then_sign_in_with_it(client, ombud, password):
    phone = SoftAuthenticator()
    password_step(client, "anna", password)
    client.get(reverse("signin_enrol"))  # shows an app's secret too
    assert add_passkey(client, phone).json() == {"ok": True}
    assert not signed_in(client)  # the recovery codes come first
    done = client.post(reverse("signin_enrol_done"))
    assert done.status_code == 200 and 'id="recovery-codes"' in done.content.decode()
    assert signed_in(client)
    passkey = Passkey.objects.get(user=ombud)
    assert passkey.transports == ["internal"] and passkey.name == "Min telefon"
    assert not TOTPDevice.objects.filter(user=ombud).exists()  # the unused secret is gone

    # Next time: the password, then the passkey.
    browser = Client()
    assert password_step(browser, "anna", password)["Location"] == reverse("signin_verify")
    response = passkey_sign_in(browser, phone)
    assert response.json() == {"redirect": reverse("home")}
    assert signed_in(browser)
    passkey.refresh_from_db()
    assert passkey.sign_count == phone.sign_count and passkey.last_used_at


def test_a_passkey_alone_signs_in_a_client_and_the_password_still_works(
    client_client, client_user, password
):
    phone = SoftAuthenticator()
    assert add_passkey(client_client, phone).status_code == 200
    browser = Client()
    assert passkey_sign_in(browser, phone).status_code == 200
    assert browser.session["_auth_user_id"] == str(client_user.pk)
    assert password_step(Client(), "maja", password)["Location"] == reverse("home")


def test_a_passkey_without_user_verification_is_refused(client_client, client_user):
    phone = SoftAuthenticator()
    add_passkey(client_client, phone)
    browser = Client()
    response = passkey_sign_in(browser, phone, verified=False)
    assert response.status_code == 400
    assert not signed_in(browser)


def test_a_passkey_from_another_site_is_refused(client_client, client_user):
    phone = SoftAuthenticator()
    add_passkey(client_client, phone)
    phone.origin = "https://evil.example"
    browser = Client()
    assert passkey_sign_in(browser, phone).status_code == 400
    assert not signed_in(browser)


def test_a_copied_passkey_is_caught_by_its_counter(client_client, client_user):
    phone = SoftAuthenticator()
    add_passkey(client_client, phone)
    assert passkey_sign_in(Client(), phone).status_code == 200
    phone.sign_count -= 1  # the copy answers with a count already seen
    assert passkey_sign_in(Client(), phone).status_code == 400


def test_in_step_two_only_the_pending_persons_passkey_counts(client, ombud, other_ombud, password):
    annas, johans = SoftAuthenticator(), SoftAuthenticator()
    for user, phone in [(ombud, annas), (other_ombud, johans)]:
        browser = Client()
        browser.force_login(user)
        add_passkey(browser, phone)
    password_step(client, "anna", password)
    assert passkey_sign_in(client, johans).status_code == 400
    assert not signed_in(client)


def test_a_pending_sign_in_cannot_add_a_passkey_to_an_account_that_has_a_factor(
    client, ombud, password
):
    give_totp(ombud)
    password_step(client, "anna", password)
    response = client.post(
        reverse("passkey_register_options"), "{}", content_type="application/json"
    )
    assert response.status_code == 403
    assert not Passkey.objects.exists()


def test_failed_passkey_sign_ins_count_for_the_address(client_client, client_user):
    phone = SoftAuthenticator()
    add_passkey(client_client, phone)
    phone.origin = "https://evil.example"
    browser = Client()
    for _ in range(30):
        passkey_sign_in(browser, phone)
    phone.origin = "http://testserver"
    assert passkey_sign_in(browser, phone).status_code == 429


def test_a_locked_account_still_signs_in_with_its_passkey(client_client, client_user):
    phone = SoftAuthenticator()
    add_passkey(client_client, phone)
    for n in range(10):  # someone elsewhere guesses Maja's password
        Client().post(
            reverse("login"),
            {"username": "maja", "password": "gissning"},
            REMOTE_ADDR=f"192.0.2.{n}",
        )
    assert password_step(Client(), "maja", "gissning").status_code == 429
    assert passkey_sign_in(Client(), phone).status_code == 200


def test_the_passkey_endpoints_need_the_csrf_token(client_user):
    browser = Client(enforce_csrf_checks=True)
    for name in ["signin_passkey_options", "signin_passkey", "passkey_register_options"]:
        response = browser.post(reverse(name), "{}", content_type="application/json")
        assert response.status_code == 403, name


def test_the_client_adds_a_passkey_from_mer(client_client):
    more = client_client.get(reverse("client_more")).content.decode()
    assert "Logga in med ansiktet eller fingret" in more
    assert reverse("account_security") in more
    page = client_client.get(reverse("account_security")).content.decode()
    assert "Lösenordet fungerar ändå" in page
    assert "js/passkeys.js" in page


def test_staff_cannot_remove_their_only_second_factor(ombud_client, ombud):
    phone = SoftAuthenticator()
    add_passkey(ombud_client, phone)
    passkey = Passkey.objects.get()
    ombud_client.post(reverse("passkey_remove", args=[passkey.pk]))
    assert Passkey.objects.exists()
    give_totp(ombud)
    ombud_client.post(reverse("passkey_remove", args=[passkey.pk]))
    assert not Passkey.objects.exists()


def test_nobody_removes_another_persons_passkey(ombud_client, client_client):
    add_passkey(client_client, SoftAuthenticator())
    passkey = Passkey.objects.get()
    assert ombud_client.post(reverse("passkey_remove", args=[passkey.pk])).status_code == 404


def test_an_administrator_can_reset_a_lost_second_factor(client, ombud, ombud_client, password):
    import io

    from django.core.management import call_command

    give_totp(ombud)
    add_passkey(ombud_client, SoftAuthenticator())
    call_command("reset_second_factor", "anna", stdout=io.StringIO())
    assert not TOTPDevice.objects.exists() and not Passkey.objects.exists()
    assert reverse("login") in ombud_client.get(reverse("ombud_caseload"))["Location"]
    assert password_step(client, "anna", password)["Location"] == reverse("signin_enrol")
