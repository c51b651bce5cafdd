"""Password rules: Django's four validators (like the name, shorter than 12, common,
only digits) and ours (longer than 128) with plain Swedish messages, and a help text that
suggests a passphrase (OWASP ASVS V2.1)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.actions.contacts import create_invite
from portal.bundles import BUNDLES
from portal.forms import SetPasswordForm
from portal.management.commands.demo import PASSWORD as DEMO_PASSWORD
from tests.conftest import PASSWORD


def errors(password: str, *, user, username: str = "maja.ny") -> list[str]:
    form = SetPasswordForm(
        {"password1": password, "password2": password}, user=user, username=username
    )
    form.is_valid()
    return form.errors.get("password1", [])


@pytest.mark.parametrize(
    "password, message",
    [
        ("kort-ord", "Lösenordet är för kort. Det behöver minst 12 tecken."),
        ("tio-tecken", "Lösenordet är för kort. Det behöver minst 12 tecken."),
        ("blå    sol  ute", "Lösenordet är för kort. Det behöver minst 12 tecken."),
        ("ord " * 33, "Lösenordet är för långt. Det får vara högst 128 tecken."),
        ("password123", "Det lösenordet är för vanligt och lätt att gissa."),
        ("4815162342108", "Lösenordet kan inte bara vara siffror."),
        ("maja.ny.2024", "Lösenordet liknar ditt namn eller användarnamn för mycket."),
    ],
)
def test_each_rule_says_what_to_do_in_plain_swedish(new_contact, password, message):
    found = errors(password, user=new_contact.client)
    assert any(message in error for error in found), found


def test_a_passphrase_passes(new_contact):
    assert errors("blå cykel under bron", user=new_contact.client) == []


def test_the_welcome_page_suggests_a_passphrase(client, new_contact, ombud):
    _, token, _ = create_invite(new_contact, ombud)
    client.get(reverse("invite_link", args=[token]))
    page = client.get(reverse("invite_welcome")).content.decode()
    assert "Ett bra lösenord är flera ord i rad" in page
    assert "minst 12 tecken" in page


def test_a_too_short_password_is_refused_on_the_welcome_page(client, new_contact, ombud):
    _, token, _ = create_invite(new_contact, ombud)
    client.get(reverse("invite_link", args=[token]))
    response = client.post(
        reverse("invite_welcome"),
        {"password1": "solros12", "password2": "solros12"},
    )
    assert response.status_code == 422
    assert "Lösenordet är för kort" in response.content.decode()


def test_the_demo_and_test_passwords_follow_the_rules(ombud):
    validate_password(DEMO_PASSWORD, ombud)
    validate_password(PASSWORD, ombud)


def test_all_four_of_djangos_validators_are_on():
    with pytest.raises(ValidationError) as caught:
        validate_password("123")
    codes = {error.code for error in caught.value.error_list}
    assert {"password_too_short", "password_too_common", "password_entirely_numeric"} <= codes


def test_the_sign_in_pages_are_in_english_too(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/logga-in/"})
    body = client.get(reverse("login")).content.decode()
    assert "Log in with a passkey" in body and "Forgot your password?" in body


@pytest.mark.parametrize(
    "password",
    [
        "blå cykel under bron " * 3,  # 63 characters, spaces inside
        "x" * 64 + " och lite till",
        "🌻🌻🌻🌻🌻🌻🌻🌻🌻🌻🌻🌻",  # twelve emoji are twelve characters
        "ロバは橋を渡るロバは橋を渡る",
        "z" * 128,
    ],
    ids=["spaces", "over-64", "emoji", "kanji", "128"],
)
def test_long_unicode_and_spaced_passwords_are_allowed(new_contact, password):
    assert errors(password, user=new_contact.client) == []


def test_a_password_is_not_cut_off(client_user):
    long = "en lång mening som fortsätter " * 4
    client_user.set_password(long)
    client_user.save()
    assert client_user.check_password(long)
    assert not client_user.check_password(long[:-1] + "X")
    assert not client_user.check_password(long[:72])  # no bcrypt-style 72-byte cut


def test_the_password_forms_say_the_real_minimum(client_client):
    page = client_client.get(reverse("client_password")).content.decode()
    assert "minst 12 tecken" in page
    assert "minst 8 tecken" not in page


def test_passwords_are_kept_as_pbkdf2_with_a_million_rounds_and_a_salt_each(settings):
    """ASVS 2.4.1-2.4.3: Django's PBKDF2-SHA256, 1,000,000 iterations, 128-bit salts.
    (The other tests hash with MD5 for speed: tests/conftest.py _fast_passwords.)"""
    from django.conf import global_settings
    from django.contrib.auth.hashers import make_password

    from portal import settings as configured

    assert not hasattr(configured, "PASSWORD_HASHERS")  # Django's own list, PBKDF2 first
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    one, two = make_password("blå cykel under bron"), make_password("blå cykel under bron")
    algorithm, iterations, salt, _ = one.split("$")
    assert algorithm == "pbkdf2_sha256" and int(iterations) >= 1_000_000 and len(salt) >= 22
    assert two.split("$")[2] != salt


def test_password_managers_and_pasting_are_welcome(client, client_client):
    """ASVS 2.1.11: the fields say what they are, and nothing blocks pasting."""
    login = client.get(reverse("login")).content.decode()
    assert 'autocomplete="current-password"' in login
    change = client_client.get(reverse("client_password")).content.decode()
    assert change.count('autocomplete="new-password"') == 2
    for body in (login, change):
        assert "onpaste" not in body and 'type="password" autocomplete="off"' not in body
    # "Visa lösenordet" (ASVS 2.1.12): static/js/password.js, in every page's bundle.
    assert "/static/bundle/app.js" in login and "js/password.js" in BUNDLES["bundle/app.js"]
