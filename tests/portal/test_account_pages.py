"""Signed-in devices a person can see and end, the password they can change, and the
ombud signing a client out of every device. Each tried by the owner and by outsiders."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from portal.actions.contacts import create_invite, redeem_invite
from portal.actions.signin import request_password_reset
from portal.models import AuditEntry, DeviceSession
from tests.signin_helpers import sign_in

ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
PAGES = {
    "client": ("client_devices", "client_device_end", "client_devices_end_others"),
    "ombud": ("ombud_account", "ombud_device_end", "ombud_devices_end_others"),
    "coordinator": (
        "coordinator_account",
        "coordinator_device_end",
        "coordinator_devices_end_others",
    ),
}


def _sign_in(user, password, user_agent=ANDROID_CHROME) -> Client:
    """A phone signing in through the real form."""
    phone = Client(headers={"user-agent": user_agent})
    response = sign_in(phone, user, password)
    assert response.status_code == 302, response.content
    return phone


def _key(browser: Client) -> str:
    return browser.cookies["sessionid"].value


def _works(browser: Client, url: str) -> bool:
    return browser.get(url).status_code == 200


@pytest.fixture
def majas_phones(client_user, password):
    """Maja on her Android phone (this one) and on an iPhone."""
    return _sign_in(client_user, password), _sign_in(client_user, password, IPHONE_SAFARI)


def test_signing_in_lists_the_device_by_browser_and_system(client_user, password):
    phone = _sign_in(client_user, password)
    device = DeviceSession.objects.get(session_id=_key(phone))
    assert (device.user, device.browser, device.system) == (client_user, "Chrome", "Android")
    page = phone.get(reverse("client_devices")).content.decode()
    assert "Chrome på Android" in page and "Den här enheten" in page
    assert "Inloggad i dag kl" in page and "Senast använd i dag kl" in page


def test_the_list_shows_only_ones_own_devices(majas_phones, other_client_user, password):
    _sign_in(other_client_user, password, "Mozilla/5.0 (Windows NT 10.0) Firefox/128.0")
    android, _ = majas_phones
    page = android.get(reverse("client_devices")).content.decode()
    assert page.count('class="device"') == 2
    assert "Safari på iPhone" in page and "Firefox" not in page


def test_no_ip_address_is_kept(client_user, password):
    _sign_in(client_user, password)
    fields = {field.name for field in DeviceSession._meta.get_fields()}
    assert not {"ip", "ip_address", "address", "user_agent"} & fields


def test_signing_out_removes_the_device(majas_phones):
    android, iphone = majas_phones
    key = _key(iphone)
    iphone.post(reverse("logout"))
    assert not DeviceSession.objects.filter(session_id=key).exists()
    page = android.get(reverse("client_devices")).content.decode()
    assert page.count('class="device"') == 1


def test_logging_out_another_device_ends_its_session(majas_phones):
    android, iphone = majas_phones
    other = DeviceSession.objects.get(session_id=_key(iphone))
    response = android.post(reverse("client_device_end", args=[other.pk]))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=_key(iphone)).exists()
    assert not _works(iphone, reverse("client_plan"))
    assert _works(android, reverse("client_plan"))


def test_logging_out_someone_elses_device_is_404(majas_phones, other_client_user, password):
    omars = _sign_in(other_client_user, password)
    device = DeviceSession.objects.get(session_id=_key(omars))
    android, _ = majas_phones
    assert android.post(reverse("client_device_end", args=[device.pk])).status_code == 404
    assert _works(omars, reverse("client_plan"))


def test_logging_out_all_others_keeps_this_one(majas_phones, client_user, password):
    android, iphone = majas_phones
    tablet = _sign_in(client_user, password, IPHONE_SAFARI)
    response = android.post(reverse("client_devices_end_others"), follow=True)
    assert "Klart. Du är utloggad på alla andra enheter." in response.content.decode()
    assert _works(android, reverse("client_plan"))
    assert not _works(iphone, reverse("client_plan"))
    assert not _works(tablet, reverse("client_plan"))
    assert list(
        DeviceSession.objects.filter(user=client_user).values_list("session_id", flat=True)
    ) == [_key(android)]


@pytest.mark.parametrize("side", ["ombud", "coordinator"])
def test_staff_find_their_devices_password_and_sign_out_under_konto(
    side, ombud, coordinator, password
):
    person = {"ombud": ombud, "coordinator": coordinator}[side]
    at_work, at_home = _sign_in(person, password), _sign_in(person, password, IPHONE_SAFARI)
    page, _, end_others = PAGES[side]
    body = at_work.get(reverse(page)).content.decode()
    assert "Inloggade enheter" in body and "Den här enheten" in body
    assert "Byt lösenord" in body and "Logga ut" in body
    assert f'href="{reverse(page)}" class="nav-item" aria-current="page"' in body
    at_work.post(reverse(end_others))
    assert not _works(at_home, reverse(page))
    assert _works(at_work, reverse(page))


@pytest.mark.parametrize(
    "side,allowed", [("client", "client"), ("ombud", "ombud"), ("coordinator", "coordinator")]
)
@pytest.mark.parametrize("person", ["client", "ombud", "coordinator"])
def test_each_side_opens_only_its_own_sign_in_pages(
    side, allowed, person, client_client, ombud_client, coordinator_client
):
    browser = {"client": client_client, "ombud": ombud_client, "coordinator": coordinator_client}
    page = PAGES[side][0]
    expected = 200 if person == allowed else 404
    assert browser[person].get(reverse(page)).status_code == expected


# Changing the password.


@pytest.mark.parametrize("side", ["client", "ombud", "coordinator"])
def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(
    side, client_user, ombud, coordinator, password
):
    person = {"client": client_user, "ombud": ombud, "coordinator": coordinator}[side]
    here, there = _sign_in(person, password), _sign_in(person, password, IPHONE_SAFARI)
    first_seen = DeviceSession.objects.get(session_id=_key(here)).first_seen
    devices, _, _ = PAGES[side]
    response = here.post(
        reverse(f"{side}_password"),
        {
            "old_password": password,
            "new_password1": "en-ny-fin-mening",
            "new_password2": "en-ny-fin-mening",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse(devices)
    person.refresh_from_db()
    assert person.check_password("en-ny-fin-mening")
    page = here.get(reverse(devices))
    assert page.status_code == 200
    assert "Ditt lösenord är bytt. Du är utloggad på alla andra enheter." in page.content.decode()
    assert not _works(there, reverse(devices))
    # This device is still listed, under its new session key, since when it signed in.
    [device] = DeviceSession.objects.filter(user=person)
    assert device.session_id == _key(here) and device.first_seen == first_seen


@pytest.mark.parametrize(
    "typed,field,message",
    [
        (
            ("fel-losenord", "en-ny-fin-mening", "en-ny-fin-mening"),
            "old_password",
            "Lösenordet du har nu stämmer inte. Prova igen.",
        ),
        (
            (None, "en-ny-fin-mening", "en-annan-mening"),
            "new_password2",
            "Lösenorden är inte likadana. Skriv samma nya lösenord två gånger.",
        ),
        ((None, "kort", "kort"), "new_password1", "Lösenordet är för kort."),
        ((None, "", ""), "new_password1", "Fyll i det här fältet."),
    ],
)
def test_a_password_that_will_not_do_changes_nothing_and_says_why(
    typed, field, message, client_user, password
):
    here, there = _sign_in(client_user, password), _sign_in(client_user, password, IPHONE_SAFARI)
    old, new1, new2 = typed
    response = here.post(
        reverse("client_password"),
        {"old_password": old or password, "new_password1": new1, "new_password2": new2},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert message in body
    marked = re.findall(r"<input[^>]*aria-invalid[^>]*>", body)
    assert f'id="id_{field}"' in marked[0]
    assert 'id="id_old_password"' in body and 'autocomplete="current-password"' in body
    client_user.refresh_from_db()
    assert client_user.check_password(password)
    assert _works(there, reverse("client_plan"))


def test_the_password_form_is_in_plain_swedish(client_client):
    body = client_client.get(reverse("client_password")).content.decode()
    for label in (
        "Lösenordet du har nu",
        "Nytt lösenord (minst 12 tecken)",
        "Skriv det nya lösenordet en gång till",
        "När du byter lösenord loggar appen ut dig överallt utom här.",
    ):
        assert label in body


def test_mer_leads_to_devices_and_password(client_client):
    body = client_client.get(reverse("client_more")).content.decode()
    assert reverse("client_devices") in body and reverse("client_password") in body


def test_a_new_invite_redeemed_ends_every_old_session(contact, ombud, client_user, password):
    old_phone = _sign_in(client_user, password)
    request_password_reset(client_user.username)  # an invite only after Maja asks for one
    invite, _, _ = create_invite(contact, ombud)
    redeem_invite(invite, username="maja", password="ett-nytt-losenord")
    assert not DeviceSession.objects.filter(user=client_user).exists()
    assert not _works(old_phone, reverse("client_plan"))


# The ombud signs a client out of every device (a lost phone).


def test_the_ombud_signs_their_client_out_everywhere(contact, client_user, password, ombud_client):
    phones = [_sign_in(client_user, password), _sign_in(client_user, password, IPHONE_SAFARI)]
    url = reverse("ombud_client_sign_out", args=[contact.pk])
    plan = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert "Logga ut Maja från alla enheter" in plan and url in plan
    confirm = ombud_client.get(url).content.decode()
    assert "Logga ut Maja från alla enheter?" in confirm
    assert "Ja, logga ut Maja överallt" in confirm
    assert DeviceSession.objects.filter(user=client_user).count() == 2  # nothing yet
    response = ombud_client.post(url, follow=True)
    assert "Maja är utloggad från alla enheter." in response.content.decode()
    for phone in phones:
        assert not _works(phone, reverse("client_plan"))
    assert not DeviceSession.objects.filter(user=client_user).exists()
    # Maja sees it in "who looked" when she is back.
    back = _sign_in(client_user, password)
    trail = back.get(reverse("client_who_looked")).content.decode()
    assert "loggade ut dig från alla enheter" in trail
    assert AuditEntry.objects.filter(contact=contact, action="signed_out").count() == 1


@pytest.mark.parametrize("person", ["client", "other_ombud", "other_client", "coordinator"])
def test_only_the_clients_own_ombud_can_sign_them_out(
    person,
    contact,
    client_user,
    password,
    client_client,
    other_ombud_client,
    other_client_client,
    coordinator_client,
):
    phone = _sign_in(client_user, password)
    browser = {
        "client": client_client,
        "other_ombud": other_ombud_client,
        "other_client": other_client_client,
        "coordinator": coordinator_client,
    }[person]
    url = reverse("ombud_client_sign_out", args=[contact.pk])
    assert browser.get(url).status_code == 404
    assert browser.post(url).status_code == 404
    assert _works(phone, reverse("client_plan"))


def test_the_pages_are_in_english_for_those_who_chose_it(majas_phones):
    android, _ = majas_phones
    android.cookies["django_language"] = "en"
    body = android.get(reverse("client_devices")).content.decode()
    for words in ("Logged-in devices", "Chrome on Android", "This device", "Log out all others"):
        assert words in body
    assert 'data-text-stay="Stay logged in"' in body
    assert "Your current password" in android.get(reverse("client_password")).content.decode()


def test_wrong_current_passwords_count_in_the_lockout(client_client, client_user, password):
    """A session left open is no place to guess the password without limit (ASVS 2.2.1)."""
    statuses = [
        client_client.post(
            reverse("client_password"),
            {"old_password": "gissning-1234", "new_password1": "x", "new_password2": "x"},
        ).status_code
        for _ in range(10)
    ]
    assert statuses == [422] * 9 + [429]  # the tenth locks
    locked = client_client.post(
        reverse("client_password"),
        {
            "old_password": password,
            "new_password1": "en-ny-fin-mening",
            "new_password2": "en-ny-fin-mening",
        },
    )
    assert locked.status_code == 429
    assert "för många gånger" in locked.content.decode()
    client_user.refresh_from_db()
    assert client_user.check_password(password)
    # The account is locked at the sign-in page too: it is the same count.
    again = Client().post(reverse("login"), {"username": "maja", "password": password})
    assert again.status_code == 429
