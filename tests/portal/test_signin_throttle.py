"""Sign-in resists guessing: django-axes locks an account after 10 wrong tries and a
source address after 30, for 15 minutes, with a calm page that says what to do. The
invite code is throttled by address; forwarded addresses count only when configured."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from portal.actions.contacts import create_invite
from portal.client_ip import client_ip

LOCKED = (
    "Du har skrivit fel lösenord för många gånger. Vänta 15 minuter och försök igen. "
    "Eller be ditt ombud om hjälp."
)
LOCKED_CODE = (
    "Du har skrivit fel kod för många gånger. Vänta 15 minuter och försök igen. "
    "Eller be ditt ombud om hjälp."
)


def sign_in(client, username, password, address="192.0.2.10"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def lockout_ends():
    """As if the 15 minutes had passed."""
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))


def test_31_wrong_passwords_lock_the_account_with_the_documented_message(
    client, client_user, password
):
    responses = [sign_in(client, "maja", "fel-losenord-igen") for _ in range(31)]
    assert responses[0].status_code == 200
    assert "Användarnamnet eller lösenordet stämmer inte" in responses[0].content.decode()
    last = responses[-1]
    assert last.status_code == 429
    assert LOCKED in last.content.decode()

    # The right password is refused too, until the lockout ends.
    refused = sign_in(client, "maja", password)
    assert refused.status_code == 429
    assert LOCKED in refused.content.decode()
    assert not signed_in(client)

    lockout_ends()
    welcome = sign_in(client, "maja", password)
    assert welcome.status_code == 302
    assert signed_in(client)


def test_a_few_mistakes_still_let_the_person_in(client, client_user, password):
    for _ in range(9):
        assert sign_in(client, "maja", "fel-losenord").status_code == 200
    assert sign_in(client, "maja", password).status_code == 302
    assert signed_in(client)


def test_the_account_locks_after_ten_wrong_passwords_from_any_addresses(
    client, client_user, password
):
    for n in range(10):
        sign_in(client, "maja", "fel-losenord", address=f"198.51.100.{n + 1}")
    response = sign_in(client, "maja", password, address="203.0.113.99")
    assert response.status_code == 429
    assert not signed_in(client)


def test_an_address_locks_after_thirty_wrong_tries_for_any_accounts(
    client, client_user, other_client_user, password
):
    for n in range(30):
        assert sign_in(client, f"gissning-{n}", "fel-losenord").status_code in (200, 429)
    assert sign_in(client, "maja", password).status_code == 429
    assert not signed_in(client)
    # Someone else, elsewhere, is not held up.
    assert sign_in(client, "omar", password, address="203.0.113.7").status_code == 302


def test_no_password_or_code_is_kept_with_a_failed_try(client, client_user, new_contact):
    sign_in(client, "maja", "hemligt-fel-losenord")
    client.post(reverse("invite_code"), {"code": "HEMLIG-KOD9"})
    kept = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "hemligt-fel-losenord" not in kept
    assert "HEMLIG" not in kept


def test_wrong_invite_codes_lock_the_address_calmly(client, new_contact, ombud):
    _, _, code = create_invite(new_contact, ombud)
    for _ in range(30):
        client.post(reverse("invite_code"), {"code": "AAAA-AAAA"}, REMOTE_ADDR="192.0.2.20")
    refused = client.post(reverse("invite_code"), {"code": code}, REMOTE_ADDR="192.0.2.20")
    assert refused.status_code == 429
    assert LOCKED_CODE in refused.content.decode()
    # The code still works from the phone it was given to.
    fine = client.post(reverse("invite_code"), {"code": code}, REMOTE_ADDR="192.0.2.21")
    assert fine["Location"] == reverse("invite_welcome")


def test_a_wrong_code_does_not_lock_an_account(client, client_user, password, new_contact):
    # A code names no account: ten wrong codes lock no one's password.
    for n in range(10):
        client.post(reverse("invite_code"), {"code": "AAAA-AAAA"}, REMOTE_ADDR=f"192.0.2.{n + 1}")
    assert sign_in(client, "maja", "x", address="198.51.100.50").status_code == 200


def test_unknown_used_and_expired_codes_get_the_same_answer(client, new_contact, ombud):
    from portal.models import Invite

    def answer(code):
        response = client.post(reverse("invite_code"), {"code": code})
        body = response.content.decode()
        return response.status_code, body[body.index("<main") : body.index("</main>")]

    unknown = answer("BBBB-CCCC")
    invite, _, expired_code = create_invite(new_contact, ombud)
    Invite.objects.filter(pk=invite.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    expired = answer(expired_code)
    invite, _, used_code = create_invite(new_contact, ombud)
    Invite.objects.filter(pk=invite.pk).update(used_at=timezone.now())
    used = answer(used_code)

    def without_token(answer):
        status, html = answer
        return status, html.split('name="csrfmiddlewaretoken"')[0]

    assert without_token(unknown) == without_token(expired) == without_token(used)
    assert unknown[0] == 422


def test_the_address_is_remote_addr_and_a_forwarded_header_is_ignored_by_default(settings):
    settings.CLIENT_IP_HEADER = ""
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1"
    )
    assert client_ip(request) == "10.0.0.5"


@pytest.mark.parametrize(
    "header, count, expected",
    [
        ("203.0.113.9", 1, "203.0.113.9"),
        # The client wrote the left entry; our proxy appended the right one.
        ("1.2.3.4, 203.0.113.9", 1, "203.0.113.9"),
        ("1.2.3.4, 203.0.113.9, 10.0.0.2", 2, "203.0.113.9"),
        ("not-an-address", 1, "10.0.0.5"),
        ("", 1, "10.0.0.5"),
        ("203.0.113.9", 2, "10.0.0.5"),
    ],
)
def test_behind_a_proxy_the_configured_header_names_the_address(settings, header, count, expected):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.CLIENT_IP_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected


def test_behind_a_proxy_each_client_is_counted_by_its_own_address(
    client, settings, client_user, password
):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    for n in range(30):
        client.post(
            reverse("login"),
            {"username": f"gissning-{n}", "password": "fel"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.66",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}
    # Another client behind the same proxy signs in.
    response = client.post(
        reverse("login"),
        {"username": "maja", "password": password},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.67",
    )
    assert response.status_code == 302


def test_the_welcome_page_has_no_username_to_ask_about(client, new_contact, ombud, other_contact):
    """Choosing a username once told whether one was taken; the invite now makes it, so
    there is nothing to ask (a posted username is ignored)."""
    _, token, _ = create_invite(new_contact, ombud)
    client.get(reverse("invite_link", args=[token]))
    page = client.get(reverse("invite_welcome")).content.decode()
    assert 'name="username"' not in page
    client.post(
        reverse("invite_welcome"),
        {"username": "omar", "password1": "gul sol på taket", "password2": "gul sol på taket"},
    )
    new_contact.client.refresh_from_db()
    assert new_contact.client.username.startswith("maja-")
    assert other_contact.client.username == "omar"
