"""Actions on the client's plan: assignments, tasks, meetings and the client's comments.

Callers have already checked that the actor belongs to the contact (portal.access);
the rules here are the ones about *what* each party may do.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from portal.actions.changes import record_change
from portal.models import (
    Assignment,
    Contact,
    ContactEvent,
    Meeting,
    PlanComment,
    Task,
    TaskStatus,
    User,
    Who,
)
from portal.push import notify
from portal.queries.consent import organisation_named
from portal.queries.team import on_ombud_side

Verb = ContactEvent.Verb


def _require_ombud(actor: User, contact: Contact) -> None:
    """The contact's ombud, or a stand-in while their period runs."""
    if not on_ombud_side(actor, contact):
        raise PermissionDenied("Only the contact's ombud may do this.")


def _tell_client(contact: Contact, actor: User) -> None:
    """A push after commit, "Din plan har ändrats", when the ombud side changed the plan."""
    if actor.pk != contact.client_id:
        notify(contact.client, "plan")


def add_assignment(contact: Contact, actor: User, *, title: str, life_area: str) -> Assignment:
    _require_ombud(actor, contact)
    with transaction.atomic():
        assignment = Assignment.objects.create(
            contact=contact, title=title, life_area=life_area, updated_by=actor
        )
        record_change(
            contact, actor, Verb.ADDED_ASSIGNMENT, title, obj="assignment", pk=assignment.pk
        )
        _tell_client(contact, actor)
    return assignment


def edit_assignment(assignment: Assignment, actor: User, *, title: str, life_area: str) -> None:
    _require_ombud(actor, assignment.contact)
    with transaction.atomic():
        assignment.title = title
        assignment.life_area = life_area
        assignment.updated_by = actor
        assignment.updated_at = timezone.now()
        assignment.save(update_fields=["title", "life_area", "updated_by", "updated_at"])
        record_change(
            assignment.contact,
            actor,
            Verb.CHANGED_ASSIGNMENT,
            title,
            obj="assignment",
            pk=assignment.pk,
        )
        _tell_client(assignment.contact, actor)


def _task_fields(
    what: str, who: str, who_other: str, due: datetime.date | None, organisation: str
) -> dict[str, object]:
    """A task's own fields, cleaned. The named party only means something when someone
    other than client or ombud does it. The organisation the task involves is as chosen,
    or, when none was chosen and the task is done by an organisation named like one we
    know ("Försäkringskassan"), that one."""
    named = who_other.strip() if who == Who.OTHER else ""
    return {
        "what": what,
        "who": who,
        "who_other": named,
        "due": due,
        "organisation": organisation or (organisation_named(named) if named else ""),
    }


def add_task(
    assignment: Assignment,
    actor: User,
    *,
    what: str,
    who: str,
    who_other: str = "",
    due: datetime.date | None = None,
    organisation: str = "",
) -> Task:
    contact = assignment.contact
    _require_ombud(actor, contact)
    with transaction.atomic():
        task = Task.objects.create(
            contact=contact,
            assignment=assignment,
            updated_by=actor,
            **_task_fields(what, who, who_other, due, organisation),
        )
        record_change(contact, actor, Verb.ADDED_TASK, what, obj="task", pk=task.pk)
        _tell_client(contact, actor)
    return task


def edit_task(
    task: Task,
    actor: User,
    *,
    what: str,
    who: str,
    who_other: str = "",
    due: datetime.date | None = None,
    organisation: str = "",
) -> None:
    _require_ombud(actor, task.contact)
    with transaction.atomic():
        fields = _task_fields(what, who, who_other, due, organisation)
        for name, value in fields.items():
            setattr(task, name, value)
        task.updated_by = actor
        task.updated_at = timezone.now()
        task.save(update_fields=[*fields, "updated_by", "updated_at"])
        record_change(task.contact, actor, Verb.CHANGED_TASK, what, obj="task", pk=task.pk)
        _tell_client(task.contact, actor)


def set_task_done(task: Task, actor: User, *, done: bool) -> None:
    """The ombud may tick any task; the client may tick the tasks that are theirs."""
    contact = task.contact
    if actor.pk == contact.client_id:
        if task.who != Who.CLIENT:
            raise PermissionDenied("A client can only mark their own tasks.")
    else:
        _require_ombud(actor, contact)
    status = TaskStatus.DONE if done else TaskStatus.TODO
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        if task.status == status:
            return  # a double tap or a retry changes nothing
        task.status = status
        task.updated_by = actor
        task.updated_at = timezone.now()
        task.save(update_fields=["status", "updated_by", "updated_at"])
        verb = Verb.DONE_TASK if done else Verb.REOPENED_TASK
        record_change(contact, actor, verb, task.what, obj="task", pk=task.pk)
        _tell_client(contact, actor)  # the client's own tick tells nobody


def remove_task(task: Task, actor: User) -> None:
    _require_ombud(actor, task.contact)
    with transaction.atomic():
        record_change(task.contact, actor, Verb.REMOVED_TASK, task.what, obj="task", pk=task.pk)
        task.delete()
        _tell_client(task.contact, actor)


def add_meeting(
    contact: Contact,
    actor: User,
    *,
    starts_at: datetime.datetime,
    place: str,
    with_whom: str = "",
    about: str = "",
) -> Meeting:
    _require_ombud(actor, contact)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            contact=contact,
            starts_at=starts_at,
            place=place,
            with_whom=with_whom,
            about=about,
            updated_by=actor,
        )
        record_change(
            contact, actor, Verb.ADDED_MEETING, about or place, obj="meeting", pk=meeting.pk
        )
        _tell_client(contact, actor)
    return meeting


def edit_meeting(
    meeting: Meeting,
    actor: User,
    *,
    starts_at: datetime.datetime,
    place: str,
    with_whom: str = "",
    about: str = "",
) -> None:
    _require_ombud(actor, meeting.contact)
    with transaction.atomic():
        if meeting.starts_at != starts_at:
            meeting.reminder_sent_at = None  # a new time gets its own reminder
        meeting.starts_at = starts_at
        meeting.place = place
        meeting.with_whom = with_whom
        meeting.about = about
        meeting.updated_by = actor
        meeting.updated_at = timezone.now()
        meeting.save(
            update_fields=[
                "starts_at",
                "place",
                "with_whom",
                "about",
                "updated_by",
                "updated_at",
                "reminder_sent_at",
            ]
        )
        record_change(
            meeting.contact,
            actor,
            Verb.CHANGED_MEETING,
            about or place,
            obj="meeting",
            pk=meeting.pk,
        )
        _tell_client(meeting.contact, actor)


def remove_meeting(meeting: Meeting, actor: User) -> None:
    _require_ombud(actor, meeting.contact)
    with transaction.atomic():
        record_change(
            meeting.contact,
            actor,
            Verb.REMOVED_MEETING,
            meeting.about or meeting.place,
            obj="meeting",
            pk=meeting.pk,
        )
        meeting.delete()
        _tell_client(meeting.contact, actor)


def add_comment(contact: Contact, actor: User, *, text: str) -> PlanComment:
    """A wish or comment on the plan. Both parties may write one."""
    if actor.pk != contact.client_id and not on_ombud_side(actor, contact):
        raise PermissionDenied("Only the two parties of a contact may comment on its plan.")
    with transaction.atomic():
        comment = PlanComment.objects.create(contact=contact, author=actor, text=text)
        record_change(contact, actor, Verb.COMMENTED, "", obj="comment", pk=comment.pk)
    return comment


def answer_meeting(meeting: Meeting, actor: User, *, answer: str) -> None:
    """The client's one-tap answer: "Jag kommer" or "Jag kan inte". Only the client answers."""
    contact = meeting.contact
    if actor.pk != contact.client_id:
        raise PermissionDenied("Only the client answers for themselves.")
    if answer not in (Meeting.Answer.COMING, Meeting.Answer.NOT_COMING):
        raise ValueError(f"Not an answer: {answer!r}")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.client_answer == answer:
            return  # a second tap on the same answer changes nothing
        meeting.client_answer = answer
        meeting.save(update_fields=["client_answer"])
        label = str(Meeting.Answer(answer).label)
        record_change(contact, actor, Verb.ANSWERED_MEETING, label, obj="meeting", pk=meeting.pk)
