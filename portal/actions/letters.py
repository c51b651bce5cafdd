"""Letters: adding one (its pages stored, its reading queued), the reading's result,
the ombud's corrections, putting its suggested tasks in the plan, and removing it.

Who may do what:
- both parties add a letter and remove one (it is the client's post, and the ombud
  often holds the paper);
- only the ombud corrects what was read (sender, kind, dates, case number): a
  correction is stored on that letter alone and teaches nothing outside the contact;
- both parties put a letter's suggested tasks in the plan. Elsewhere only the ombud
  adds tasks (portal/actions/plan.py), but these come from the client's own letter and
  the client reads, changes or leaves out each one before it enters: the client
  deciding what goes in their plan is the point. The tasks say who added them.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal.actions.changes import record_change
from portal.attachments import CleanFile
from portal.letters.understand import Reading
from portal.models import (
    Assignment,
    Contact,
    ContactEvent,
    Letter,
    LetterPage,
    LifeArea,
    Task,
    User,
    Who,
)
from portal.queries.team import on_ombud_side

logger = logging.getLogger(__name__)

Verb = ContactEvent.Verb
MAX_PAGES = 10


def _require_party(contact: Contact, user: User) -> None:
    if user.pk != contact.client_id and not on_ombud_side(user, contact):
        raise PermissionDenied("Only the two parties of a contact handle its letters.")


def add_letter(contact: Contact, actor: User, *, pages: list[CleanFile]) -> Letter:
    """Store the pages and queue the reading, in one transaction: the job row is in the
    same database, so the letter and its job exist together or not at all."""
    from portal.tasks import read_letter  # the task module imports the actions

    _require_party(contact, actor)
    if not 1 <= len(pages) <= MAX_PAGES:
        raise ValueError(f"A letter has 1–{MAX_PAGES} pages, not {len(pages)}.")
    saved: list[LetterPage] = []
    try:
        with transaction.atomic():
            letter = Letter.objects.create(contact=contact, added_by=actor)
            for number, page in enumerate(pages, 1):
                saved.append(_store(letter, page, number))
            record_change(contact, actor, Verb.ADDED_LETTER, obj="letter", pk=letter.pk)
            read_letter.enqueue(letter.pk)
    except BaseException:
        # The rows are rolled back; the files must go too.
        for stored in saved:
            stored.file.storage.delete(stored.file.name)
        raise
    return letter


def _store(letter: Letter, page: CleanFile, number: int) -> LetterPage:
    stored = LetterPage(
        letter=letter,
        contact=letter.contact,
        number=number,
        content_type=page.content_type,
        size=len(page.content),
        width=page.width,
        height=page.height,
    )
    stored.file.save(f"page.{page.extension}", ContentFile(page.content), save=False)
    stored.save()
    return stored


def _fact(found, corrected: bool = False) -> dict:
    return {"certain": bool(found.certain), "line": found.line, "corrected": corrected}


def record_reading(letter: Letter, *, text: str, reading: Reading) -> Letter | None:
    """The job's result: the text and what the rules found. Nobody did it, so the event
    has no actor. A letter removed (or erased) while it was read is left alone."""
    with transaction.atomic():
        locked = Letter.objects.select_for_update().filter(pk=letter.pk).first()
        if locked is None or locked.status != Letter.Status.READING:
            return None
        locked.text = text
        locked.organisation = reading.organisation
        locked.sender = reading.sender.value or ""
        locked.kind = reading.kind.value or ""
        locked.case_number = (reading.case_number.value or "")[:60]
        locked.letter_date = reading.letter_date.value
        locked.deadline = reading.deadline.value
        locked.deadline_rule = reading.deadline.rule[:120]
        meeting = reading.meeting_at.value
        locked.meeting_at = timezone.make_aware(meeting) if meeting else None
        locked.amount = reading.amount.value or ""
        locked.facts = {
            "sender": _fact(reading.sender),
            "kind": _fact(reading.kind),
            "case_number": _fact(reading.case_number),
            "letter_date": _fact(reading.letter_date),
            "deadline": _fact(reading.deadline),
            "meeting_at": _fact(reading.meeting_at),
            "amount": _fact(reading.amount),
        }
        locked.status = Letter.Status.READ
        locked.read_at = timezone.now()
        locked.save()
        record_change(
            locked.contact, None, Verb.READ_LETTER, locked.sender, obj="letter", pk=locked.pk
        )
    return locked


def reading_failed(letter: Letter) -> Letter | None:
    """Nothing could be read: the card says so calmly and suggests a new photo."""
    with transaction.atomic():
        locked = Letter.objects.select_for_update().filter(pk=letter.pk).first()
        if locked is None or locked.status != Letter.Status.READING:
            return None
        locked.status = Letter.Status.UNREADABLE
        locked.read_at = timezone.now()
        locked.save(update_fields=["status", "read_at"])
        record_change(locked.contact, None, Verb.READ_LETTER, obj="letter", pk=locked.pk)
    return locked


def correct_letter(
    letter: Letter,
    actor: User,
    *,
    organisation: str,
    sender: str,
    kind: str,
    case_number: str,
    letter_date: datetime.date | None,
    deadline: datetime.date | None,
    meeting_at: datetime.datetime | None,
    amount: str,
) -> Letter:
    """The ombud's correction of what was read. Every value the ombud saves counts as
    checked (certain) from now on, on this letter only."""
    contact = letter.contact
    if not on_ombud_side(actor, contact):
        raise PermissionDenied("Only the contact's ombud corrects what was read.")
    values = {
        "organisation": organisation,
        "sender": sender,
        "kind": kind,
        "case_number": case_number,
        "letter_date": letter_date,
        "deadline": deadline,
        "meeting_at": meeting_at,
        "amount": amount,
    }
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        facts = dict(letter.facts)
        for name, value in values.items():
            fact = "sender" if name == "organisation" else name
            if getattr(letter, name) != value:
                facts[fact] = {"certain": True, "line": None, "corrected": True}
            setattr(letter, name, value)
        if "deadline" in facts and facts["deadline"].get("corrected"):
            letter.deadline_rule = ""
            # A new day gets its own reminders.
            letter.reminded_week_at = letter.reminded_two_days_at = None
        letter.facts = facts
        letter.corrected_by = actor
        letter.corrected_at = timezone.now()
        letter.save()
        record_change(
            contact, actor, Verb.CORRECTED_LETTER, letter.sender, obj="letter", pk=letter.pk
        )
    letter.contact = contact
    return letter


def add_letter_tasks(
    letter: Letter,
    actor: User,
    *,
    tasks: list[dict],
    assignment: Assignment | None = None,
    new_assignment_title: str = "",
) -> list[Task]:
    """Put the tasks the client (or the ombud) confirmed in the plan: in `assignment`,
    or in a new one called `new_assignment_title`. Each task is its own numbered event,
    so both phones show the rows as they come; the letter's card follows."""
    contact = letter.contact
    _require_party(contact, actor)
    if assignment is not None and assignment.contact_id != contact.pk:
        raise PermissionDenied("The assignment belongs to another contact.")
    if assignment is None and not new_assignment_title:
        raise ValueError("Name the new assignment, or choose one.")
    created: list[Task] = []
    with transaction.atomic():
        locked = Letter.objects.select_for_update().get(pk=letter.pk)
        if assignment is None:
            assignment = Assignment.objects.create(
                contact=contact,
                title=new_assignment_title,
                life_area=LifeArea.AUTHORITIES,
                updated_by=actor,
            )
            record_change(
                contact,
                actor,
                Verb.ADDED_ASSIGNMENT,
                assignment.title,
                obj="assignment",
                pk=assignment.pk,
            )
        for fields in tasks:
            who = fields.get("who") or Who.CLIENT
            if who not in (Who.CLIENT, Who.OMBUD):
                raise ValueError(f"Not someone in the contact: {who!r}")
            task = Task.objects.create(
                contact=contact,
                assignment=assignment,
                letter=locked,
                what=fields["what"],
                who=who,
                due=fields.get("due"),
                organisation=fields.get("organisation", ""),
                updated_by=actor,
            )
            record_change(contact, actor, Verb.ADDED_TASK, task.what, obj="task", pk=task.pk)
            created.append(task)
        locked.tasks_decided_at = timezone.now()
        locked.save(update_fields=["tasks_decided_at"])
        record_change(contact, actor, Verb.LETTER_TASKS, locked.sender, obj="letter", pk=locked.pk)
        if on_ombud_side(actor, contact):
            from portal.push import notify

            notify(contact.client, "plan")
    return created


def remove_letter(letter: Letter, actor: User) -> None:
    """Gone for good: the rows now, the page files after commit (portal/signals.py).
    Tasks already in the plan stay; they only forget which letter they came from."""
    contact = letter.contact
    _require_party(contact, actor)
    with transaction.atomic():
        record_change(
            contact, actor, Verb.REMOVED_LETTER, letter.sender, obj="letter", pk=letter.pk
        )
        letter.delete()
