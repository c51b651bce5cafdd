"""Password rules: Django's four validators (like the name, shorter than 10, common,
only digits) with plain Swedish messages, and a help text that suggests a passphrase."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.actions.contacts import create_invite
from portal.forms import SetPasswordForm
from portal.management.commands.demo import PASSWORD as DEMO_PASSWORD
from tests.conftest import PASSWORD


def errors(password: str, *, user, username: str = "maja.ny") -> list[str]:
    form = SetPasswordForm(
        {"username": username, "password1": password, "password2": password}, user=user
    )
    form.is_valid()
    return form.errors.get("password1", [])


@pytest.mark.parametrize(
    "password, message",
    [
        ("kort-ord", "Lösenordet är för kort. Det behöver minst 10 tecken."),
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
    assert "minst 10 tecken" in page


def test_a_too_short_password_is_refused_on_the_welcome_page(client, new_contact, ombud):
    _, token, _ = create_invite(new_contact, ombud)
    client.get(reverse("invite_link", args=[token]))
    response = client.post(
        reverse("invite_welcome"),
        {"username": "maja.ny", "password1": "solros12", "password2": "solros12"},
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
