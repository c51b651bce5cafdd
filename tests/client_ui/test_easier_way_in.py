"""An easier way in (issue 12, part 7): the invite makes the account and the client
chooses only a password; the username is made from the invite and shown once, with the
app's address and how to put it on the home screen, this phone's way first."""

import re

import pytest
from django.urls import reverse

from portal.actions.contacts import create_invite, redeem_invite
from portal.queries import invites
from tests.helpers import new_client

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
ANDROID = (
    "Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
COMPUTER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)
HTMX = {"HTTP_HX_REQUEST": "true"}
GOOD = {"password1": "blå cykel under bron", "password2": "blå cykel under bron"}


@pytest.fixture
def invited(client, new_contact, ombud):
    """Maja's phone, having opened the invite link."""
    _, token, _ = create_invite(new_contact, ombud)
    client.get(reverse("invite_link", args=[token]))
    return client


def test_the_client_chooses_only_a_password_and_gets_a_username_once(invited, new_contact):
    page = invited.get(reverse("invite_welcome")).content.decode()
    assert 'name="username"' not in page
    assert 'name="password1"' in page and 'name="password2"' in page
    response = invited.post(reverse("invite_welcome"), GOOD)
    assert response["Location"] == reverse("invite_done")
    client = new_contact.client
    client.refresh_from_db()
    assert re.fullmatch(r"maja-\d{4}", client.username)
    assert client.check_password(GOOD["password1"])

    done = invited.get(reverse("invite_done")).content.decode()
    assert f'Ditt användarnamn är <strong class="username">{client.username}</strong>.' in done
    assert "Skriv upp det. Eller lägg till en nyckel, så behöver du inte komma ihåg det." in done
    assert "data-passkey-register" in done and reverse("passkey_register") in done
    # Once: a second look no longer shows it.
    assert client.username not in invited.get(reverse("invite_done")).content.decode()


def test_usernames_are_made_from_the_first_name_and_never_twice(ombud, monkeypatch):
    assert re.fullmatch(r"asa-lena-\d{4}", invites.free_username("Åsa-Lena"))
    assert re.fullmatch(r"klient-\d{4}", invites.free_username("  "))
    first = new_client(ombud, first_name="Maja")
    invite, _, _ = create_invite(first, ombud)
    taken = redeem_invite(invite, password=GOOD["password1"]).username
    # The next Maja draws the same digits first, then others.
    draws = iter([int(taken.split("-")[1]) - 1000, 4321 - 1000])
    monkeypatch.setattr(invites.secrets, "randbelow", lambda n: next(draws))
    assert invites.free_username("Maja") == "maja-4321"


@pytest.mark.parametrize(
    "agent, first, other",
    [(IPHONE, "iPhone (Safari)", "Android (Chrome)"), (ANDROID, "Android (Chrome)", "iPhone")],
)
def test_the_home_screen_guide_for_this_phone_comes_first(invited, settings, agent, first, other):
    settings.PUBLIC_URL = "https://brobyggare.kommun.se"
    invited.post(reverse("invite_welcome"), GOOD)
    page = invited.get(reverse("invite_done"), HTTP_USER_AGENT=agent).content.decode()
    assert "Lägg till på hemskärmen" in page
    assert '<a href="https://brobyggare.kommun.se/">https://brobyggare.kommun.se/</a>' in page
    assert page.index(first) < page.index("Har du en annan telefon?") < page.index(other)
    # Chrome's own offer, when it makes one: a button that starts hidden (install.js).
    assert re.search(r"<button[^>]*data-install hidden", page)
    assert "js/install.js" in page


def test_a_computer_gets_both_guides(invited):
    invited.post(reverse("invite_welcome"), GOOD)
    page = invited.get(reverse("invite_done"), HTTP_USER_AGENT=COMPUTER).content.decode()
    assert "På iPhone (Safari)" in page and "På Android (Chrome)" in page
    assert "Har du en annan telefon?" not in page


def test_a_refused_password_says_what_to_change_beside_the_field(invited):
    response = invited.post(reverse("invite_welcome"), {"password1": "kort", "password2": "kort"})
    assert response.status_code == 422
    body = response.content.decode()
    errors = body.split('id="id_password1-errors"', 1)[1].split("</div>", 1)[0]
    assert "Lösenordet är för kort. Det behöver minst 12 tecken." in errors
    assert 'aria-describedby="id_password1_helptext id_password1-errors"' in body
    assert 'value="kort"' not in body  # a password is never written back into a page


def test_with_htmx_only_the_messages_come_back_and_the_fields_stay_as_typed(invited):
    response = invited.post(
        reverse("invite_welcome"),
        {"password1": "blå cykel under bron", "password2": "blå cykel under bryggan"},
        **HTMX,
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "<input" not in body and "cykel" not in body  # the fields are not touched
    assert 'id="id_password2-errors" class="field-errors" hx-swap-oob="true"' in body
    assert "Lösenorden är inte likadana. Skriv samma lösenord i båda fälten." in body
    assert 'id="id_password1-errors" class="field-errors" hx-swap-oob="true"></div>' in body
    response = invited.post(reverse("invite_welcome"), GOOD, **HTMX)
    assert response["HX-Redirect"] == reverse("invite_done")
