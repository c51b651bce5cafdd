"""The plan actions: what each party may change, the change record, and the events."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from portal.actions import plan as actions
from portal.models import ContactEvent, Task, TaskStatus, Who

Verb = ContactEvent.Verb


def test_ombud_adds_a_task_and_the_change_is_recorded(assignment, ombud):
    task = actions.add_task(
        assignment,
        ombud,
        what="Ring Försäkringskassan",
        who=Who.OTHER,
        who_other="Försäkringskassan",
        due=datetime.date(2026, 12, 3),
    )
    assert task.contact_id == assignment.contact_id
    assert task.updated_by == ombud
    change = assignment.contact.events.first()
    assert (change.verb, change.subject, change.actor) == (
        Verb.ADDED_TASK,
        "Ring Försäkringskassan",
        ombud,
    )


def test_changes_are_numbered_in_order_per_contact(contact, assignment, task, ombud):
    actions.set_task_done(task, ombud, done=True)
    seqs = list(contact.events.order_by("seq").values_list("seq", flat=True))
    assert seqs == [1, 2, 3]
    contact.refresh_from_db()
    assert contact.last_seq == 3


def test_named_party_is_dropped_when_the_client_does_the_task(assignment, ombud):
    task = actions.add_task(assignment, ombud, what="Ringa", who=Who.CLIENT, who_other="Mamma")
    assert task.who_other == ""


def test_client_marks_their_own_task_done(task, client_user):
    actions.set_task_done(task, client_user, done=True)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.updated_by == client_user


def test_client_marks_the_ombuds_task_done_too_and_can_undo_it(assignment, ombud, client_user):
    task = actions.add_task(assignment, ombud, what="Skriva till FK", who=Who.OMBUD)
    actions.set_task_done(task, client_user, done=True)
    task.refresh_from_db()
    assert (task.status, task.updated_by) == (TaskStatus.DONE, client_user)
    actions.set_task_done(task, client_user, done=False)
    task.refresh_from_db()
    assert task.status == TaskStatus.TODO


def test_someone_outside_the_contact_cannot_tick_or_add(assignment, task, other_client_user):
    with pytest.raises(PermissionDenied):
        actions.set_task_done(task, other_client_user, done=True)
    with pytest.raises(PermissionDenied):
        actions.add_task(assignment, other_client_user, what="x", who=Who.CLIENT)
    assert not Task.objects.filter(what="x").exists()


def test_another_ombud_cannot_change_the_plan(assignment, task, other_ombud):
    with pytest.raises(PermissionDenied):
        actions.edit_task(task, other_ombud, what="Kapad", who=Who.CLIENT)
    with pytest.raises(PermissionDenied):
        actions.add_assignment(assignment.contact, other_ombud, title="x", life_area="other")


def test_marking_done_twice_records_one_change(task, ombud, contact):
    actions.set_task_done(task, ombud, done=True)
    actions.set_task_done(task, ombud, done=True)
    assert contact.events.filter(verb=Verb.DONE_TASK).count() == 1


def test_reopening_a_task_is_recorded(task, ombud, contact):
    actions.set_task_done(task, ombud, done=True)
    actions.set_task_done(task, ombud, done=False)
    task.refresh_from_db()
    assert task.status == TaskStatus.TODO
    assert contact.events.first().verb == Verb.REOPENED_TASK


def test_edit_task_changes_fields_and_who_changed_it(task, ombud):
    actions.edit_task(task, ombud, what="Öppna posten tillsammans", who=Who.OMBUD)
    task.refresh_from_db()
    assert (task.what, task.who, task.updated_by) == ("Öppna posten tillsammans", Who.OMBUD, ombud)


def test_remove_task_deletes_it_and_keeps_a_line_in_the_record(task, ombud, contact):
    actions.remove_task(task, ombud)
    assert not Task.objects.filter(pk=task.pk).exists()
    assert contact.events.first().verb == Verb.REMOVED_TASK


def test_meetings_are_added_edited_and_removed(contact, ombud):
    when = timezone.now() + datetime.timedelta(days=1)
    meeting = actions.add_meeting(
        contact, ombud, starts_at=when, place="Vårdcentralen", about="Läkartid"
    )
    actions.edit_meeting(meeting, ombud, starts_at=when, place="Hemma hos Maja", about="Läkartid")
    meeting.refresh_from_db()
    assert meeting.place == "Hemma hos Maja"
    actions.remove_meeting(meeting, ombud)
    verbs = list(contact.events.order_by("seq").values_list("verb", flat=True))
    assert verbs == [Verb.ADDED_MEETING, Verb.CHANGED_MEETING, Verb.REMOVED_MEETING]


def test_client_adds_a_wish_to_the_plan(contact, client_user):
    comment = actions.add_comment(contact, client_user, text="Helst förmiddagar")
    assert comment.author == client_user
    assert contact.events.first().verb == Verb.COMMENTED


def test_outsider_cannot_comment_on_a_plan(contact, other_client_user):
    with pytest.raises(PermissionDenied):
        actions.add_comment(contact, other_client_user, text="Hej")


# Events: each change tells the contact's group its number, after commit


def test_a_tasks_changes_each_publish_the_contacts_next_number_in_order(
    contact, assignment, ombud, client_user, published, django_capture_on_commit_callbacks
):
    """The assignment was the contact's change 1; both parties' changes share the count."""
    with django_capture_on_commit_callbacks(execute=True):
        task = actions.add_task(assignment, ombud, what="Boka tid", who=Who.CLIENT)
        actions.edit_task(task, ombud, what="Boka tid hos tandläkaren", who=Who.CLIENT)
        actions.set_task_done(task, client_user, done=True)
        actions.remove_task(task, ombud)
    group = f"contact-{contact.pk}"
    assert published == [
        (group, {"type": "contact.changed", "contact": contact.pk, "seq": 2}),
        (group, {"type": "contact.changed", "contact": contact.pk, "seq": 3}),
        (group, {"type": "contact.changed", "contact": contact.pk, "seq": 4}),
        (group, {"type": "contact.changed", "contact": contact.pk, "seq": 5}),
    ]


def test_adding_a_meeting_publishes_the_contacts_next_number(
    contact, ombud, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.add_meeting(
            contact, ombud, starts_at=timezone.now() + datetime.timedelta(days=1), place="Hemma"
        )
    assert published == [
        (f"contact-{contact.pk}", {"type": "contact.changed", "contact": contact.pk, "seq": 1})
    ]


def test_ticking_a_done_task_again_publishes_nothing(
    task, ombud, published, django_capture_on_commit_callbacks
):
    actions.set_task_done(task, ombud, done=True)
    with django_capture_on_commit_callbacks(execute=True):
        actions.set_task_done(task, ombud, done=True)
    assert published == []


def test_another_contacts_changes_go_to_its_own_group_with_its_own_numbers(
    contact, other_contact, task, other_ombud, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.add_assignment(other_contact, other_ombud, title="Bostad", life_area="housing")
    assert published == [
        (
            f"contact-{other_contact.pk}",
            {"type": "contact.changed", "contact": other_contact.pk, "seq": 1},
        )
    ]


def test_a_rolled_back_change_publishes_nothing_and_its_number_is_not_used_up(
    contact, assignment, ombud, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                actions.add_task(assignment, ombud, what="Boka tid", who=Who.CLIENT)
                raise RuntimeError("something later failed")
        except RuntimeError:
            pass
    assert published == []
    assert not Task.objects.filter(what="Boka tid").exists()

    with django_capture_on_commit_callbacks(execute=True):
        actions.add_task(assignment, ombud, what="Boka tid igen", who=Who.CLIENT)
    assert published == [
        (f"contact-{contact.pk}", {"type": "contact.changed", "contact": contact.pk, "seq": 2})
    ]
