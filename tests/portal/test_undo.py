"""Undo instead of "Är du säker?" (issue 12, part 8): taking a consent back and removing
a task happen at once, and can be undone for a moment by the one who did it. What the
other party sees live, the pages with and without htmx, and what is left afterwards."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.actions.consent import record_paper_consent, restore_consent, withdraw_consent
from portal.actions.plan import add_task, purge_removed_tasks, remove_task, restore_task
from portal.models import Consent, ContactEvent, Organisation, Task, Who
from portal.queries.caseload import caseload_row
from portal.undo import GRACE_SECONDS, UNDO_SECONDS, UndoTooLate
from realtime.frames import render_event

HTMX = {"HTTP_HX_REQUEST": "true"}
FK = Organisation.FORSAKRINGSKASSAN
PLAN = {"assignment-list", "meeting-list", "comment-list", "change-list", "next", "consent-list"}
Verb = ContactEvent.Verb


def _ago(seconds: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=seconds)


@pytest.fixture
def paper_consent(contact, ombud) -> Consent:
    return record_paper_consent(contact, ombud, organisation=FK, covers="Sjukpenningen")


# --- Removing a task ------------------------------------------------------------------


def test_a_removed_task_is_gone_at_once_and_back_as_it_was_when_undone(
    contact, ombud, client_user, task
):
    remove_task(task, ombud)
    assert not Task.objects.filter(pk=task.pk).exists()
    assert caseload_row(ombud, contact.pk).contact.open_tasks == 0
    client_plan = {t.pk for a in contact.assignments.all() for t in a.tasks.all()}
    assert task.pk not in client_plan
    assert restore_task(task, ombud) is True
    back = Task.objects.get(pk=task.pk)  # the same row, who wrote it and all
    assert (back.what, back.created_by, back.assignment_id) == (
        "Öppna posten från Kronofogden",
        ombud,
        task.assignment_id,
    )
    assert restore_task(task, ombud) is False  # a second tap changes nothing
    verbs = list(contact.events.order_by("seq").values_list("verb", flat=True))
    assert verbs[-2:] == [Verb.REMOVED_TASK, Verb.RESTORED_TASK]


def test_only_the_one_who_removed_it_undoes_it_and_only_for_a_moment(
    contact, ombud, client_user, assignment, task
):
    remove_task(task, ombud)
    with pytest.raises(PermissionDenied):
        restore_task(task, client_user)
    Task.with_removed.filter(pk=task.pk).update(removed_at=_ago(UNDO_SECONDS + GRACE_SECONDS + 1))
    with pytest.raises(UndoTooLate):
        restore_task(task, ombud)
    assert not Task.objects.filter(pk=task.pk).exists()


def test_after_the_moment_a_removed_task_is_deleted_for_good(contact, ombud, task, other_contact):
    remove_task(task, ombud)
    assert purge_removed_tasks() == 0  # still undoable
    assert Task.with_removed.filter(pk=task.pk).exists()
    later = timezone.now() + datetime.timedelta(seconds=UNDO_SECONDS + GRACE_SECONDS + 1)
    assert purge_removed_tasks(later) == 1
    assert not Task.with_removed.filter(pk=task.pk).exists()


def test_the_nightly_erasure_also_deletes_what_can_no_longer_be_undone(ombud, task):
    remove_task(task, ombud)
    Task.with_removed.filter(pk=task.pk).update(removed_at=_ago(60))
    call_command("erase_ended_contacts", stdout=io.StringIO())
    assert not Task.with_removed.filter(pk=task.pk).exists()


def test_the_client_sees_the_task_go_and_come_back_live(contact, ombud, client_user, task):
    remove_task(task, ombud)
    gone = render_event(contact.events.first(), client_user, on_page=True, parts=PLAN)
    assert f'hx-swap-oob="delete:#task-{task.pk}"' in gone
    assert "Anna (ditt ombud) tog bort uppgiften ”Öppna posten från Kronofogden”." in gone
    restore_task(task, ombud)
    back = render_event(contact.events.first(), client_user, on_page=True, parts=PLAN)
    assert f'hx-swap-oob="beforeend:#tasks-{task.assignment_id}"' in back
    assert f'id="task-{task.pk}"' in back
    assert "ångrade och tog tillbaka uppgiften" in back
    assert 'id="next"' in back  # her "what happens next" counts it again


def test_the_ombud_removes_a_task_and_the_toast_offers_to_undo(ombud_client, task):
    response = ombud_client.post(reverse("ombud_task_remove", args=[task.pk]), **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Uppgiften är borttagen." in body
    undo = reverse("ombud_task_restore", args=[task.pk])
    assert f'hx-post="{undo}"' in body and f'data-undo-seconds="{UNDO_SECONDS}"' in body
    assert "Är du säker" not in body
    assert f'id="task-{task.pk}"' not in body
    response = ombud_client.post(undo, **HTMX)
    body = response.content.decode()
    assert "Uppgiften är tillbaka." in body and f'id="task-{task.pk}"' in body


def test_the_client_removes_her_own_task_and_undoes_it_without_javascript(
    client_client, client_user, assignment
):
    task = add_task(assignment, client_user, what="Ringa mamma", who=Who.CLIENT)
    response = client_client.post(reverse("client_task_remove", args=[task.pk]))
    assert response.status_code == 302
    page = client_client.get(response.url).content.decode()
    undo = reverse("client_task_restore", args=[task.pk])
    assert "Du tog bort det." in page and f'action="{undo}"' in page
    assert f'id="task-{task.pk}"' not in page
    response = client_client.post(undo)
    assert response.status_code == 302
    assert f'id="task-{task.pk}"' in client_client.get(response.url).content.decode()


def test_too_late_is_said_calmly_and_changes_nothing(client_client, client_user, assignment):
    task = add_task(assignment, client_user, what="Ringa mamma", who=Who.CLIENT)
    remove_task(task, client_user)
    Task.with_removed.filter(pk=task.pk).update(removed_at=_ago(60))
    response = client_client.post(reverse("client_task_restore", args=[task.pk]), **HTMX)
    assert response.status_code == 200
    assert "Det går inte att ångra längre." in response.content.decode()
    assert not Task.objects.filter(pk=task.pk).exists()


def test_nobody_else_can_undo_or_even_find_a_removed_task(
    ombud, task, other_ombud_client, other_client_client, client_client
):
    remove_task(task, ombud)
    for browser, url in (
        (other_ombud_client, reverse("ombud_task_restore", args=[task.pk])),
        (other_client_client, reverse("client_task_restore", args=[task.pk])),
    ):
        assert browser.post(url).status_code == 404
    # The client is in the contact, but did not remove it.
    assert client_client.post(reverse("client_task_restore", args=[task.pk])).status_code == 403
    # Nor can anyone change it while it is removed.
    assert client_client.post(reverse("client_task_done", args=[task.pk])).status_code == 404


# --- Taking a consent back ------------------------------------------------------------


def test_a_consent_taken_back_is_in_force_again_when_undone(contact, client_user, paper_consent):
    withdraw_consent(paper_consent, client_user)
    assert not Consent.objects.get(pk=paper_consent.pk).is_active
    assert restore_consent(paper_consent, client_user) is True
    assert Consent.objects.get(pk=paper_consent.pk).is_active
    assert restore_consent(paper_consent, client_user) is False


def test_only_the_client_undoes_and_only_for_a_moment(contact, client_user, ombud, paper_consent):
    withdraw_consent(paper_consent, client_user)
    with pytest.raises(PermissionDenied):
        restore_consent(paper_consent, ombud)
    Consent.objects.filter(pk=paper_consent.pk).update(withdrawn_at=_ago(60))
    with pytest.raises(UndoTooLate):
        restore_consent(paper_consent, client_user)
    assert not Consent.objects.get(pk=paper_consent.pk).is_active


def test_the_ombud_sees_the_consent_go_and_come_back_live(
    contact, client_user, ombud, assignment, paper_consent
):
    task = add_task(assignment, ombud, what="Ring om beslutet", who=Who.OMBUD, organisation=FK)
    withdraw_consent(paper_consent, client_user)
    gone = render_event(contact.events.first(), ombud, on_page=True, parts=PLAN)
    assert "Samtycke saknas för Försäkringskassan." in gone
    restore_consent(paper_consent, client_user)
    back = render_event(contact.events.first(), ombud, on_page=True, parts=PLAN)
    assert f"#task-{task.pk}" in back and "Samtycke saknas" not in back
    assert "Maja ångrade och gav tillbaka samtycket för ”Försäkringskassan”." in back


def test_the_client_takes_a_consent_back_and_undoes_it_from_the_toast(client_client, paper_consent):
    response = client_client.post(
        reverse("client_consent_withdraw", args=[paper_consent.pk]), **HTMX
    )
    body = response.content.decode()
    assert "Du har tagit tillbaka samtycket." in body
    undo = reverse("client_consent_restore", args=[paper_consent.pk])
    assert f'hx-post="{undo}"' in body and 'hx-target="#consent-list"' in body
    assert ">Ångra</button>" in body
    response = client_client.post(undo, **HTMX)
    body = response.content.decode()
    assert "Samtycket gäller igen" in body and "Gäller tills du tar tillbaka det." in body
    assert Consent.objects.get(pk=paper_consent.pk).is_active


def test_the_ombud_cannot_undo_the_clients_choice(ombud_client, client_user, paper_consent):
    withdraw_consent(paper_consent, client_user)
    response = ombud_client.post(reverse("client_consent_restore", args=[paper_consent.pk]))
    assert response.status_code == 404  # the client's pages are the client's
    assert not Consent.objects.get(pk=paper_consent.pk).is_active
