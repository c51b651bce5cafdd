"""The ombud's plan page: adding and changing things with and without htmx."""

import datetime

from django.urls import reverse
from django.utils import timezone

from portal.actions.plan import add_meeting
from portal.models import Contact, Intake, Task, TaskStatus

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_caseload_groups_clients_by_phase_with_counts(ombud_client, contact):
    body = ombud_client.get(reverse("ombud_caseload")).content.decode()
    assert "Fas 1: Kontakt och förtroende" in body
    assert "1 av 5" in body  # one client against a third of 15
    assert "Maja" in body


def test_caseload_does_not_show_other_ombuds_clients(ombud_client, contact, other_contact):
    body = ombud_client.get(reverse("ombud_caseload")).content.decode()
    assert "Omar" not in body


def test_adding_a_task_without_javascript_redirects_to_the_new_task(ombud_client, assignment):
    response = ombud_client.post(
        reverse("ombud_task_add", args=[assignment.pk]),
        {
            "what": "Ansöka om bostadstillägg",
            "who": "other",
            "who_other": "Försäkringskassan",
            "due": "2026-12-03",
        },
    )
    task = Task.objects.get(what="Ansöka om bostadstillägg")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#task-{task.pk}")
    assert task.who_other == "Försäkringskassan"


def test_adding_a_task_with_htmx_returns_the_section_and_a_confirmation(ombud_client, assignment):
    response = ombud_client.post(
        reverse("ombud_task_add", args=[assignment.pk]),
        {"what": "Ringa hyresvärden", "who": "ombud"},
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<section id="assignments"')
    assert "Ringa hyresvärden" in body
    assert 'hx-swap-oob="innerHTML:#status"' in body and "Uppgiften är sparad." in body


def test_a_task_with_errors_keeps_what_was_typed_and_says_what_to_fix(ombud_client, assignment):
    response = ombud_client.post(
        reverse("ombud_task_add", args=[assignment.pk]),
        {"what": "Skicka in blanketten", "who": "other", "who_other": ""},
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Skriv vem som gör det, till exempel Försäkringskassan." in body
    assert 'value="Skicka in blanketten"' in body
    assert 'aria-invalid="true"' in body
    assert not Task.objects.filter(what="Skicka in blanketten").exists()


def test_a_task_with_errors_without_javascript_shows_the_whole_plan_with_the_form(
    ombud_client, assignment
):
    response = ombud_client.post(
        reverse("ombud_task_add", args=[assignment.pk]), {"what": "", "who": "client"}
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "<html" in body and "Fyll i det här fältet." in body


def test_ticking_a_task_with_htmx_returns_the_row(ombud_client, task):
    response = ombud_client.post(reverse("ombud_task_done", args=[task.pk]), {"done": "1"}, **HTMX)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert response.content.decode().startswith(f'<li id="task-{task.pk}" class="task is-done"')


def test_editing_a_task_inline(ombud_client, task):
    form = ombud_client.get(reverse("ombud_task_edit", args=[task.pk]), **HTMX).content.decode()
    assert form.startswith(f'<li id="task-{task.pk}" class="task editing"')
    response = ombud_client.post(
        reverse("ombud_task_edit", args=[task.pk]),
        {"what": "Öppna posten ihop", "who": "ombud"},
        **HTMX,
    )
    assert "Öppna posten ihop" in response.content.decode()
    task.refresh_from_db()
    assert task.what == "Öppna posten ihop"


def test_a_meeting_with_a_bad_date_keeps_the_place(ombud_client, contact):
    response = ombud_client.post(
        reverse("ombud_meeting_add", args=[contact.pk]),
        {"date": "3 dec", "time": "10:00", "place": "Vårdcentralen Centrum"},
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Skriv dagen som år-månad-dag" in body
    assert 'value="Vårdcentralen Centrum"' in body


def test_editing_a_meeting_with_errors_is_retargeted_to_the_meeting(ombud_client, contact, ombud):
    meeting = add_meeting(
        contact, ombud, starts_at=timezone.now() + datetime.timedelta(days=1), place="X"
    )
    response = ombud_client.post(
        reverse("ombud_meeting_edit", args=[meeting.pk]),
        {"date": "", "time": "", "place": "Y"},
        **HTMX,
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == f"#meeting-{meeting.pk}"


def test_moving_the_phase_shows_the_new_phase(ombud_client, contact):
    response = ombud_client.post(reverse("ombud_phase", args=[contact.pk]), {"phase": "3"}, **HTMX)
    assert "Fas 3: Avslut" in response.content.decode()
    contact.refresh_from_db()
    assert contact.phase == 3


def _new_client_data(**changes) -> dict:
    data = {
        "channel": "phone",
        "referrer": "psychiatry",
        "name": "Lina Ek",
        "phone": "070-765 43 21",
        "gender": "declined",
        "birth_year": "",
        "requested_on": timezone.localdate().isoformat(),
    }
    return {**data, **changes}


def test_new_client_without_a_name_is_refused_plainly(ombud_client):
    response = ombud_client.post(reverse("ombud_new_client"), _new_client_data(name="  "))
    assert response.status_code == 422
    assert "Fyll i det här fältet." in response.content.decode()


def test_new_client_lands_on_their_empty_plan_with_the_facts_the_report_needs(ombud_client, ombud):
    response = ombud_client.post(reverse("ombud_new_client"), _new_client_data(), follow=True)
    body = response.content.decode()
    assert "Lina" in body and "Inga uppdrag än." in body
    contact = Contact.objects.get(client__first_name="Lina")
    assert (contact.ombud, contact.gender, contact.referrer) == (ombud, "declined", "psychiatry")
    assert contact.requested_on == timezone.localdate()
    assert contact.intake.registered_by == ombud


def test_new_client_must_say_gender_or_that_the_person_does_not_want_to(ombud_client):
    response = ombud_client.post(reverse("ombud_new_client"), _new_client_data(gender=""))
    assert response.status_code == 422
    assert "Välj ett av svaren. Välj Vet inte om ingen har frågat." in response.content.decode()
    assert not Contact.objects.filter(client__first_name="Lina").exists()


def test_new_client_over_the_limit_is_refused_without_a_reason_and_recorded_with_one(
    ombud_client, ombud, give_clients
):
    give_clients(ombud, 15)
    refused = ombud_client.post(reverse("ombud_new_client"), _new_client_data())
    body = refused.content.decode()
    assert refused.status_code == 422
    assert "Anna har redan 15 klienter, som är taket för en heltid." in body
    assert 'name="override_reason"' in body and 'value="Lina Ek"' in body
    assert not Contact.objects.filter(client__first_name="Lina").exists()
    assert not Intake.objects.filter(name="Lina Ek").exists()  # nothing kept of the refusal

    reason = "Hon har väntat i ett år och en annan klient avslutas nästa vecka."
    accepted = ombud_client.post(
        reverse("ombud_new_client"), _new_client_data(override_reason=reason)
    )
    assert accepted.status_code == 302
    intake = Intake.objects.get(name="Lina Ek")
    assert (intake.override_by, intake.override_reason) == (ombud, reason)
    assert intake.override_at is not None and intake.contact.ombud == ombud


def test_invite_shows_a_qr_code_a_code_and_a_link_once(ombud_client, new_contact):
    response = ombud_client.post(reverse("ombud_invite", args=[new_contact.pk]))
    body = response.content.decode()
    assert "<svg" in body and 'id="invite-code"' in body and "/valkommen/" in body
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
