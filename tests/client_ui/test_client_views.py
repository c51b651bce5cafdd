"""The client's pages: Min plan, ticking their own tasks, wishes, and getting in by invite."""

import datetime

from django.urls import reverse
from django.utils import timezone

from portal.actions.contacts import create_invite
from portal.actions.plan import add_meeting, add_task
from portal.models import PlanComment, TaskStatus, Who

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_min_plan_says_who_does_what_in_plain_words(client_client, assignment, ombud):
    add_task(assignment, ombud, what="Skriva ansökan", who=Who.OMBUD)
    add_task(
        assignment, ombud, what="Skicka läkarintyget", who=Who.OTHER, who_other="Vårdcentralen"
    )
    body = client_client.get(reverse("client_plan")).content.decode()
    assert "Få ordning på min ekonomi" in body
    assert "Anna (ditt ombud)" in body
    assert "Vårdcentralen" in body
    assert "Bara du och Anna (ditt ombud) ser den." in body


def test_client_sees_who_changed_what(client_client, task):
    body = client_client.get(reverse("client_plan")).content.decode()
    assert "lade till uppgiften ”Öppna posten från Kronofogden”" in body


def test_client_ticks_their_own_task(client_client, task):
    response = client_client.post(
        reverse("client_task_done", args=[task.pk]), {"done": "1"}, **HTMX
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert "Bra! Nu är det klart." in response.content.decode()


def test_client_ticks_the_ombuds_task_too_but_gets_no_edit_for_it(client_client, assignment, ombud):
    task = add_task(assignment, ombud, what="Ringa FK", who=Who.OMBUD)
    body = client_client.get(reverse("client_plan")).content.decode()
    assert reverse("client_task_done", args=[task.pk]) in body
    assert f'href="{reverse("client_task_edit", args=[task.pk])}"' not in body
    response = client_client.post(reverse("client_task_done", args=[task.pk]), {"done": "1"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_client_adds_a_wish_and_the_ombud_sees_it(client_client, ombud_client, contact):
    client_client.post(reverse("client_comment"), {"text": "Jag vill ha träffar på förmiddagen"})
    assert PlanComment.objects.get().author == contact.client
    body = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert "Jag vill ha träffar på förmiddagen" in body


def test_an_empty_wish_is_refused_and_nothing_is_saved(client_client):
    response = client_client.post(reverse("client_comment"), {"text": ""}, **HTMX)
    assert response.status_code == 422
    assert "Fyll i det här fältet." in response.content.decode()
    assert not PlanComment.objects.exists()


def test_invite_link_lets_the_client_choose_a_password_and_lands_on_min_plan(
    client, new_contact, ombud, task
):
    _, token, _ = create_invite(new_contact, ombud)
    response = client.get(reverse("invite_link", args=[token]))
    assert response["Location"] == reverse("invite_welcome")  # the token leaves the address bar
    page = client.get(reverse("invite_welcome")).content.decode()
    assert "Välkommen, Maja!" in page
    response = client.post(
        reverse("invite_welcome"),
        {"password1": "solros-i-juni", "password2": "solros-i-juni"},
        follow=True,
    )
    new_contact.client.refresh_from_db()
    username = new_contact.client.username
    assert f'Ditt användarnamn är <strong class="username">{username}</strong>.' in (
        response.content.decode()
    )
    assert task.what in client.get(reverse("client_plan")).content.decode()
    assert client.login(username=username, password="solros-i-juni")


def test_invite_code_works_too_and_only_once(client, new_contact, ombud):
    _, token, code = create_invite(new_contact, ombud)
    response = client.post(reverse("invite_code"), {"code": code.lower()})
    assert response["Location"] == reverse("invite_welcome")
    client.post(
        reverse("invite_welcome"), {"password1": "solros-i-juni", "password2": "solros-i-juni"}
    )
    client.logout()
    response = client.post(reverse("invite_code"), {"code": code})
    assert response.status_code == 422
    assert "Koden fungerar inte" in response.content.decode()
    assert client.get(reverse("invite_link", args=[token])).status_code == 404


def test_welcome_without_an_invite_is_not_found(client):
    assert client.get(reverse("invite_welcome")).status_code == 404


def test_client_can_switch_to_english(client_client, task):
    client_client.post(reverse("set_language"), {"language": "en", "next": "/min-plan/"})
    body = client_client.get(reverse("client_plan")).content.decode()
    assert '<html lang="en">' in body
    assert "My plan" in body


def test_swedish_is_the_default_whatever_the_browser_says(client_client):
    body = client_client.get(reverse("client_plan"), HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert '<html lang="sv">' in body
    assert "Min plan" in body


def test_meetings_page_lists_upcoming_meetings(client_client, contact, ombud):
    add_meeting(
        contact,
        ombud,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Vårdcentralen",
        about="Läkartid",
    )
    body = client_client.get(reverse("client_meetings")).content.decode()
    assert "Läkartid" in body and "Vårdcentralen" in body
