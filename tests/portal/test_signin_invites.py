"""An invite is only for a client without a password, or one who asked for a new one in
the app; nobody can take over an account in use. Asking tells nobody whether a name
exists. Redeeming a new-password invite ends the client's other sessions."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from portal.actions.contacts import create_invite
from portal.actions.ending import end_contact
from portal.models import Invite, PasswordResetRequest

ASKED = "Maja har bett om ett nytt lösenord"


def test_an_ombud_cannot_make_an_invite_for_a_client_who_has_a_password(ombud_client, contact):
    response = ombud_client.post(reverse("ombud_invite", args=[contact.pk]))
    assert response.status_code == 403
    assert not Invite.objects.exists()


def test_nor_through_the_action(contact, ombud):
    with pytest.raises(PermissionDenied):
        create_invite(contact, ombud)


def test_the_plan_offers_no_invite_for_a_client_with_a_password(ombud_client, contact):
    body = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert reverse("ombud_invite", args=[contact.pk]) not in body
    assert "Har du glömt lösenordet?" in body  # tells Anna what Maja can do


def test_a_new_client_gets_an_invite(ombud_client, new_contact):
    body = ombud_client.get(reverse("ombud_plan", args=[new_contact.pk])).content.decode()
    assert reverse("ombud_invite", args=[new_contact.pk]) in body
    assert ombud_client.post(reverse("ombud_invite", args=[new_contact.pk])).status_code == 200


def forgot(client, username):
    response = client.post(reverse("password_forgot"), {"username": username})
    body = response.content.decode()
    return response.status_code, body[body.index("<main") : body.index("</main>")]


def test_asking_for_a_new_password_answers_the_same_whatever_was_typed(
    client, contact, ombud, other_contact
):
    other_contact.client.is_active = False
    other_contact.client.save(update_fields=["is_active"])
    answers = {forgot(client, name) for name in ["maja", "finns-inte", "anna", "omar"]}
    assert len(answers) == 1
    status, body = answers.pop()
    assert status == 200
    assert "Om användarnamnet finns får ditt ombud veta det nu." in body
    # Only the active client's request is kept: not staff, not unknown, not inactive.
    assert list(PasswordResetRequest.objects.values_list("user__username", flat=True)) == ["maja"]


def test_a_client_whose_contact_has_ended_cannot_ask(client, contact):
    end_contact(contact, contact.client)
    forgot(client, "maja")
    assert not PasswordResetRequest.objects.exists()


def test_the_login_page_leads_to_asking(client):
    body = client.get(reverse("login")).content.decode()
    assert reverse("password_forgot") in body
    assert "Har du glömt lösenordet?" in body


def test_the_ombud_sees_the_request_on_the_plan_and_can_then_invite(client, ombud_client, contact):
    forgot(client, "maja")
    request = PasswordResetRequest.objects.get()
    assert request.user == contact.client and request.requested_at
    body = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert ASKED in body
    assert "Skapa en ny inbjudan och ge Maja koden." in body
    assert ombud_client.post(reverse("ombud_invite", args=[contact.pk])).status_code == 200


def test_redeeming_sets_the_new_password_ends_other_sessions_and_clears_the_request(
    client_client, contact, ombud, password
):
    assert client_client.get(reverse("client_plan")).status_code == 200  # her old phone
    phone = Client()
    forgot(phone, "maja")
    _, _, code = create_invite(contact, ombud)
    phone.post(reverse("invite_code"), {"code": code})
    response = phone.post(
        reverse("invite_welcome"),
        {"password1": "gul sol på taket", "password2": "gul sol på taket"},
    )
    assert response["Location"] == reverse("invite_done")
    done = phone.get(reverse("invite_done")).content.decode()
    assert 'Ditt användarnamn är <strong class="username">maja</strong>.' in done  # hers stays
    assert phone.get(reverse("client_plan")).status_code == 200  # the new phone is in

    old_phone = client_client.get(reverse("client_plan"))
    assert old_phone.status_code == 302 and reverse("login") in old_phone["Location"]
    contact.client.refresh_from_db()
    assert contact.client.check_password("gul sol på taket")
    assert not contact.client.check_password(password)
    assert not PasswordResetRequest.objects.exists()
    # And with the request gone, no further invite.
    with pytest.raises(PermissionDenied):
        create_invite(contact, ombud)
