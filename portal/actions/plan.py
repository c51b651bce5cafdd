"""Actions on the client's plan: assignments, tasks, meetings and the client's comments.

Callers have already checked that the actor belongs to the contact (portal.access);
the rules here are the ones about *what* each party may do. The plan belongs to the
client, so:

- **Either party** adds an assignment or a task, ticks any task done (or undoes it), and
  moves an assignment up, down or to the top (the order they agree on).
- **The client's own words are the client's.** What the client wrote, the client edits
  and removes. The ombud may change the practical parts of it (who does it, when, the
  organisation, the decision dates; an assignment's life area) but never its wording,
  and never removes it. Everything else the ombud edits and removes; the client edits
  and removes only their own.
- An assignment the ombud removes must hold none of the client's own tasks.

Anything else is PermissionDenied (403): the object is theirs to see, not to change.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from portal.actions.changes import record_change
from portal.models import (
    Assignment,
    Contact,
    ContactEvent,
    LifeArea,
    Meeting,
    NetworkPerson,
    Organisation,
    PlanComment,
    Task,
    TaskStatus,
    User,
    Who,
)
from portal.push import notify
from portal.queries.consent import organisation_named
from portal.queries.team import on_ombud_side
from portal.undo import UndoTooLate, expired_before, still_undoable

Verb = ContactEvent.Verb

# The fields of a task a form or the API may set (all of them on add; any of them on edit).
TASK_FIELDS = (
    "what",
    "who",
    "who_other",
    "due",
    "organisation",
    "network_person_id",
    "decision_expected_on",
    "decision_received_on",
    "appeal_weeks",
)
MOVES = ("top", "up", "down")


def _require_ombud(actor: User, contact: Contact) -> None:
    """The contact's ombud, or a stand-in while their period runs."""
    if not on_ombud_side(actor, contact):
        raise PermissionDenied("Only the contact's ombud may do this.")


def _require_party(actor: User, contact: Contact) -> None:
    if actor.pk != contact.client_id and not on_ombud_side(actor, contact):
        raise PermissionDenied("Only the two parties of a contact may change its plan.")


def _is_client(actor: User, contact: Contact) -> bool:
    return actor.pk == contact.client_id


def _tell_client(contact: Contact, actor: User) -> None:
    """A push after commit, "Din plan har ändrats", when the ombud side changed the plan."""
    if actor.pk != contact.client_id:
        notify(contact.client, "plan")


def add_assignment(
    contact: Contact, actor: User, *, title: str, life_area: str = LifeArea.OTHER
) -> Assignment:
    """Either party; the new assignment comes last, until the two move it."""
    _require_party(actor, contact)
    with transaction.atomic():
        last = contact.assignments.aggregate(last=Max("position"))["last"]
        assignment = Assignment.objects.create(
            contact=contact,
            title=title,
            life_area=life_area,
            position=0 if last is None else last + 1,
            created_by=actor,
            updated_by=actor,
        )
        record_change(
            contact, actor, Verb.ADDED_ASSIGNMENT, title, obj="assignment", pk=assignment.pk
        )
        _tell_client(contact, actor)
    return assignment


def edit_assignment(
    assignment: Assignment, actor: User, *, title: str, life_area: str | None = None
) -> None:
    """The wording by whoever may change it; the ombud sets the life area of any."""
    contact = assignment.contact
    _require_party(actor, contact)
    if _is_client(actor, contact) and not assignment.written_by_client:
        raise PermissionDenied("A client changes only their own assignments.")
    if title != assignment.title and not assignment.may_reword(actor):
        raise PermissionDenied("The client's own words are theirs to change.")
    with transaction.atomic():
        assignment.title = title
        if life_area is not None:
            assignment.life_area = life_area
        assignment.updated_by = actor
        assignment.updated_at = timezone.now()
        assignment.save(update_fields=["title", "life_area", "updated_by", "updated_at"])
        record_change(
            contact, actor, Verb.CHANGED_ASSIGNMENT, title, obj="assignment", pk=assignment.pk
        )
        _tell_client(contact, actor)


def remove_assignment(assignment: Assignment, actor: User) -> None:
    """The client removes their own assignment with its tasks (the goal is theirs to
    drop); the ombud one that is not the client's and holds none of the client's tasks."""
    contact = assignment.contact
    _require_party(actor, contact)
    if not assignment.may_remove(actor):
        raise PermissionDenied("Not the actor's to remove, or it holds the client's tasks.")
    with transaction.atomic():
        record_change(
            contact,
            actor,
            Verb.REMOVED_ASSIGNMENT,
            assignment.title,
            obj="assignment",
            pk=assignment.pk,
        )
        assignment.delete()
        _tell_client(contact, actor)


def move_assignment(assignment: Assignment, actor: User, *, to: str) -> bool:
    """Move an assignment to the top ("Det här är viktigast nu"), or one step up or down.
    Either party. False (and no event) when it is already there."""
    contact = assignment.contact
    _require_party(actor, contact)
    if to not in MOVES:
        raise ValueError(f"Not a move: {to!r}")
    with transaction.atomic():
        # The contact's row lock: two moves at the same moment make one order, not a mix.
        Contact.objects.select_for_update().only("pk").get(pk=contact.pk)
        order = list(
            contact.assignments.order_by("position", "created_at", "pk").values_list(
                "pk", "position"
            )
        )
        ids = [pk for pk, _position in order]
        index = ids.index(assignment.pk)
        target = {"top": 0, "up": max(index - 1, 0), "down": min(index + 1, len(ids) - 1)}[to]
        new = [pk for pk in ids if pk != assignment.pk]
        new.insert(target, assignment.pk)
        # Number them 0, 1, 2 … afresh: positions stay dense whatever came before.
        was = dict(order)
        for position, pk in enumerate(new):
            if was[pk] != position:
                Assignment.objects.filter(pk=pk).update(position=position)
        if new == ids:
            return False  # already there: nothing anyone would see
        verb = Verb.FIRST_ASSIGNMENT if to == "top" else Verb.MOVED_ASSIGNMENT
        record_change(contact, actor, verb, assignment.title, obj="assignment", pk=assignment.pk)
        _tell_client(contact, actor)
    return True


def _task_fields(contact: Contact, fields: dict[str, Any]) -> dict[str, Any]:
    """A task's own fields, cleaned. The named party only means something when someone
    other than client or ombud does it. The organisation the task involves is as chosen;
    when none was chosen, the one of the network person who decides, or of a named party
    we know ("Försäkringskassan"). A network person must be the contact's own."""
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"Not a task field: {sorted(unknown)}")
    who = fields["who"]
    named = (fields.get("who_other") or "").strip() if who == Who.OTHER else ""
    person = None
    if fields.get("network_person_id"):
        person = NetworkPerson.objects.filter(
            pk=fields["network_person_id"], contact=contact
        ).first()
        if person is None:
            raise PermissionDenied("Not someone in this client's network.")
    organisation = fields.get("organisation") or ""
    if not organisation and named:
        organisation = organisation_named(named)
    if not organisation and person is not None and person.organisation != Organisation.OTHER:
        organisation = person.organisation
    return {
        **fields,
        "who_other": named,
        "organisation": organisation,
        "network_person_id": person.pk if person else None,
    }


def _defaults() -> dict[str, Any]:
    return {
        "who_other": "",
        "due": None,
        "organisation": "",
        "network_person_id": None,
        "decision_expected_on": None,
        "decision_received_on": None,
        "appeal_weeks": None,
    }


def add_task(assignment: Assignment, actor: User, *, what: str, who: str, **fields: Any) -> Task:
    """Either party, on any assignment of the contact."""
    contact = assignment.contact
    _require_party(actor, contact)
    with transaction.atomic():
        values = _task_fields(contact, {**_defaults(), "what": what, "who": who, **fields})
        task = Task.objects.create(
            contact=contact, assignment=assignment, created_by=actor, updated_by=actor, **values
        )
        record_change(contact, actor, Verb.ADDED_TASK, what, obj="task", pk=task.pk)
        _tell_client(contact, actor)
    return task


def edit_task(task: Task, actor: User, **changes: Any) -> None:
    """Change the fields given; the rest stay as they are. The client edits their own
    tasks; the ombud any task, but not the wording of the client's."""
    contact = task.contact
    _require_party(actor, contact)
    if _is_client(actor, contact) and not task.written_by_client:
        raise PermissionDenied("A client changes only their own tasks.")
    if changes.get("what", task.what) != task.what and not task.may_reword(actor):
        raise PermissionDenied("The client's own words are theirs to change.")
    with transaction.atomic():
        current = {name: getattr(task, name) for name in TASK_FIELDS}
        if "organisation" not in changes:
            # Not chosen now: an organisation that was only filled in from the name or
            # the person follows them; one that was chosen stays.
            derived = _task_fields(contact, {**current, "organisation": ""})["organisation"]
            if task.organisation == derived:
                changes = {**changes, "organisation": ""}
        fields = _task_fields(contact, {**current, **changes})
        for name, value in fields.items():
            setattr(task, name, value)
        task.updated_by = actor
        task.updated_at = timezone.now()
        task.save(update_fields=[*fields, "updated_by", "updated_at"])
        record_change(contact, actor, Verb.CHANGED_TASK, task.what, obj="task", pk=task.pk)
        _tell_client(contact, actor)


def set_task_done(task: Task, actor: User, *, done: bool) -> None:
    """Either party may tick any task, and undo it: the plan is theirs together."""
    contact = task.contact
    _require_party(actor, contact)
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
    """Whoever wrote it: the client their own, the ombud any that is not the client's.

    It leaves the plan at once (everyone sees it go) and can be put back by the one who
    removed it for a short moment (`restore_task`, portal.undo); then it is deleted."""
    contact = task.contact
    _require_party(actor, contact)
    if not task.may_remove(actor):
        raise PermissionDenied("Only the one who wrote it may remove it.")
    with transaction.atomic():
        purge_removed_tasks()
        now = timezone.now()
        if not Task.objects.filter(pk=task.pk).update(removed_at=now, removed_by=actor):
            return  # removed a moment ago: a second tap changes nothing
        task.removed_at, task.removed_by = now, actor
        record_change(contact, actor, Verb.REMOVED_TASK, task.what, obj="task", pk=task.pk)
        _tell_client(contact, actor)


def restore_task(task: Task, actor: User) -> bool:
    """ "Ångra": the task the actor removed a moment ago is back, as it was (the same row,
    its place, its links). Only the one who removed it, only within the undo window.
    False when it is already back (a second tap). Nobody is sent a push: the plan is as
    it was before."""
    contact = task.contact
    _require_party(actor, contact)
    with transaction.atomic():
        locked = Task.with_removed.select_for_update().get(pk=task.pk)
        if locked.removed_at is None:
            return False
        if locked.removed_by_id != actor.pk:
            raise PermissionDenied("Only the one who removed it may undo it.")
        if not still_undoable(locked.removed_at):
            raise UndoTooLate
        locked.removed_at, locked.removed_by = None, None
        locked.save(update_fields=["removed_at", "removed_by"])
        record_change(contact, actor, Verb.RESTORED_TASK, locked.what, obj="task", pk=locked.pk)
    task.removed_at, task.removed_by = None, None
    return True


def purge_removed_tasks(now: datetime.datetime | None = None) -> int:
    """Delete for good the tasks whose undo window has passed. Returns how many."""
    deleted, _ = Task.with_removed.filter(removed_at__lt=expired_before(now)).delete()
    return deleted


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
