"""The client's own copy of everything the app holds about them (GDPR access and
portability), in two forms made from the same rows:

- **a letter** (`copy_html`): one self-contained HTML file, photos inside, its print
  stylesheet inside, that reads like a letter to the client: "du", the ombud's name,
  Swedish local dates with the weekday ("tisdag 1 december kl 13"; never "i morgon" in
  a document read later), sections under headings, an opening that says what it is,
  and a closing "Om kopian". In English when the client chose English.
- **data** (`copy_json`): every field, with keys, ISO 8601 times and names, for a
  machine.

Used at any time from Mer, and during the window after the contact has ended.
Both are made on request and never stored."""

import base64
import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.models import (
    Assignment,
    Consent,
    Contact,
    ContactEvent,
    EndedHow,
    Letter,
    Meeting,
    Message,
    NetworkPerson,
    PlanComment,
    Task,
    User,
    WorkingNote,
)
from portal.queries.network import network_of
from portal.queries.plan import TASK_RELATED
from portal.templatetags.plain import decision_for, who_for


def why_it_ended(contact: Contact) -> str:
    """Why the contact ended, in plain and kind words to the client ("" while it lasts)."""
    if contact.ended_at is None:
        return ""
    name = contact.ombud.display_name
    all_words: dict[str, str] = {
        EndedHow.CLIENT: _("Du valde att avsluta kontakten. Det var ditt val att göra."),
        EndedHow.DONE: _(
            "Du och %(name)s kom överens om att sluta. "
            "Ni var klara, och du har det stöd du behöver."
        ),
        EndedHow.OTHER_SERVICE: _(
            "Du och %(name)s kom överens om att avsluta, eftersom en annan verksamhet tar över."
        ),
        EndedHow.MOVED: _("Du och %(name)s kom överens om att avsluta, eftersom du flyttar."),
        EndedHow.LOST_CONTACT: _(
            "%(name)s avslutade kontakten, eftersom ni inte har fått kontakt med varandra på "
            "länge. Det är inget fel av dig. Du är välkommen tillbaka när du vill."
        ),
    }
    words = all_words.get(contact.ended_how)
    return words % {"name": name} if words else _("Kontakten är avslutad.")


@dataclass(frozen=True)
class Looked:
    """One line of "Vem har tittat och ändrat": an opening or a change."""

    at: datetime.datetime
    actor: User | None
    did: str
    subject: str = ""
    code: str = ""
    kind: str = ""  # "opened" or "changed"


@dataclass
class Sources:
    """Everything of the contact that is the client's, read once for either form."""

    contact: Contact
    made_at: datetime.datetime
    assignments: list[Assignment] = field(default_factory=list)
    network: list[NetworkPerson] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    comments: list[PlanComment] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    letters: list[Letter] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    notes: list[WorkingNote] = field(default_factory=list)
    ombud_periods: list = field(default_factory=list)
    changes: list[ContactEvent] = field(default_factory=list)
    looked: list[Looked] = field(default_factory=list)
    files: dict[tuple[str, int], dict] = field(default_factory=dict)


def _attachment(attachment) -> dict:
    with attachment.file.open("rb") as file:
        content = file.read()
    return {
        "content_type": attachment.content_type,
        "data_base64": base64.b64encode(content).decode(),
        "width": attachment.width,
        "height": attachment.height,
        # A voice message's length in seconds (None for photos and PDF files).
        "seconds": getattr(attachment, "seconds", None),
    }


def load(contact: Contact) -> Sources:
    """Read the contact's rows (and the files' bytes) once."""
    sources = Sources(contact=contact, made_at=timezone.now())
    assignments = list(contact.assignments.select_related("created_by"))
    for assignment in assignments:
        assignment.contact = contact
        tasks = list(assignment.tasks.select_related(*TASK_RELATED))
        for task in tasks:
            task.contact = contact
        assignment.copy_tasks = tasks  # type: ignore[attr-defined]
    sources.assignments = assignments
    sources.network = network_of(contact)
    sources.meetings = list(contact.meetings.all())
    sources.comments = list(contact.comments.select_related("author"))
    sources.messages = list(
        contact.messages.select_related("sender").prefetch_related("attachments")
    )
    for message in sources.messages:
        message.copy_files = [_attachment(a) for a in message.attachments.all()]  # type: ignore[attr-defined]
    sources.letters = list(
        contact.letters.select_related("added_by", "corrected_by").prefetch_related("pages")
    )
    for letter in sources.letters:
        letter.copy_pages = [_attachment(p) for p in letter.pages.all()]  # type: ignore[attr-defined]
    sources.consents = list(contact.consents.all())
    sources.notes = list(
        contact.notes.filter(handed_over_at__isnull=False).select_related("author")
    )
    sources.ombud_periods = list(contact.ombud_periods.select_related("ombud"))
    sources.changes = list(contact.events.select_related("actor").order_by("seq"))
    openings = [
        Looked(
            at=entry.created_at,
            actor=entry.actor,
            did=str(entry.get_action_display()),
            code=entry.action,
            kind="opened",
        )
        for entry in contact.audit.select_related("actor")
    ]
    changed = [
        Looked(
            at=event.created_at,
            actor=event.actor,
            did=str(event.get_verb_display()),
            subject=event.subject,
            code=event.verb,
            kind="changed",
        )
        for event in sources.changes
        if event.verb in ContactEvent.PLAN_VERBS
    ]
    sources.looked = sorted(openings + changed, key=lambda row: row.at)
    return sources


# --- The data ----------------------------------------------------------------------


def _person(user: User | None) -> str:
    return user.display_name if user else ""


def _iso(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _task(contact: Contact, task: Task) -> dict:
    """A task: who does it as the client reads it ("Du och Anna (ditt ombud)") and as a
    code, the decision in one line and its dates."""
    client = contact.client
    return {
        "what": task.what,
        "who": who_for(task, client),
        "who_code": task.who,
        "due": _iso(task.due),
        "status": task.get_status_display(),
        "status_code": task.status,
        "organisation": task.organisation,
        "decision": decision_for(task, client),
        "decision_expected_on": _iso(task.decision_expected_on),
        "decision_received_on": _iso(task.decision_received_on),
        "appeal_weeks": task.appeal_weeks,
        "written_by": _person(task.created_by),
        "changed_by": _person(task.updated_by),
        "changed_at": task.updated_at.isoformat(),
    }


def _letter(letter: Letter) -> dict:
    """A letter: its photos, the text read from it, what was found and how sure."""
    return {
        "added_by": _person(letter.added_by),
        "added_at": letter.created_at.isoformat(),
        "status": letter.get_status_display(),
        "sender": letter.sender,
        "kind": letter.get_kind_display() if letter.kind else "",
        "letter_date": _iso(letter.letter_date),
        "deadline": _iso(letter.deadline),
        "deadline_rule": letter.deadline_rule,
        "meeting_at": _iso(letter.meeting_at),
        "amount": letter.amount,
        "case_number": letter.case_number,
        "how_sure": letter.facts,
        "corrected_by": _person(letter.corrected_by),
        "text": letter.text,
        "pages": letter.copy_pages,  # type: ignore[attr-defined]
    }


def data_of(sources: Sources) -> dict[str, Any]:
    """Everything as plain data: keys, ISO 8601 times (with their offset), names."""
    contact = sources.contact
    return {
        "made_at": sources.made_at.isoformat(),
        "time_zone": settings.TIME_ZONE,
        "client": {"name": contact.client.display_name, "username": contact.client.username},
        "ombud": contact.ombud.display_name,
        "operation": contact.operation.name,
        "started_on": contact.started_on.isoformat(),
        "ended_on": _iso(contact.ended_on),
        "why_it_ended": why_it_ended(contact),
        "ended_how_code": contact.ended_how or None,
        "ombud_history": [
            {
                "ombud": _person(period.ombud),
                "from": period.started_on.isoformat(),
                "to": _iso(period.ended_on),
            }
            for period in sources.ombud_periods
        ],
        "assignments": [
            {
                "title": a.title,
                "life_area": a.get_life_area_display(),
                "life_area_code": a.life_area,
                "position": a.position,
                "written_by": _person(a.created_by),
                "tasks": [_task(contact, t) for t in a.copy_tasks],  # type: ignore[attr-defined]
            }
            for a in sources.assignments
        ],
        "network": [
            {
                "who": p.what,
                "role_code": p.role,
                "name": p.name,
                "phone": p.phone,
                "email": p.email,
                "how_to_reach": p.reach,
                "added_by": _person(p.created_by),
            }
            for p in sources.network
        ],
        "meetings": [
            {
                "starts_at": m.starts_at.isoformat(),
                "place": m.place,
                "with_whom": m.with_whom,
                "about": m.about,
                "answer": m.get_client_answer_display() if m.client_answer else "",
                "answer_code": m.client_answer,
            }
            for m in sources.meetings
        ],
        "wishes_and_comments": [
            {"by": _person(c.author), "at": c.created_at.isoformat(), "text": c.text}
            for c in sources.comments
        ],
        "messages": [
            {
                "from": _person(m.sender),
                "at": m.created_at.isoformat(),
                "read_at": _iso(m.read_at),
                "text": m.text,
                "attachments": m.copy_files,  # type: ignore[attr-defined]
            }
            for m in sources.messages
        ],
        "letters": [_letter(letter) for letter in sources.letters],
        "consents": [
            {
                "organisation": c.organisation_name,
                "organisation_code": c.organisation,
                "covers": c.covers,
                "valid_until": _iso(c.valid_until),
                "given_via": c.get_given_via_display(),
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in sources.consents
        ],
        "notes_handed_over": [
            {
                "written_at": n.created_at.isoformat(),
                "written_by": _person(n.author),
                "text": n.text,
            }
            for n in sources.notes
        ],
        "changes": [
            {
                "seq": e.seq,
                "by": _person(e.actor),
                "what": e.get_verb_display(),
                "verb": e.verb,
                "subject": e.subject,
                "at": e.created_at.isoformat(),
            }
            for e in sources.changes
        ],
        # Who opened the client's data (the ombud's openings; never the client's own).
        "looked": [
            {
                "by": _person(row.actor),
                "what": row.did,
                "action": row.code,
                "at": row.at.isoformat(),
            }
            for row in sources.looked
            if row.kind == "opened"
        ],
    }


def build_copy(contact: Contact) -> dict[str, Any]:
    """Everything of the contact that is the client's, as plain data."""
    return data_of(load(contact))


def copy_json(contact: Contact) -> bytes:
    return json.dumps(build_copy(contact), ensure_ascii=False, indent=2).encode()


# --- The letter ----------------------------------------------------------------------


def copy_html(contact: Contact) -> bytes:
    """One file that opens anywhere, with the photos (data: URIs) and its styles inside,
    in the language the page asking for it is in."""
    sources = load(contact)
    context = {
        "s": sources,
        "contact": contact,
        "viewer": contact.client,
        "why_it_ended": why_it_ended(contact),
        "LANGUAGE_CODE": translation.get_language() or settings.LANGUAGE_CODE,
    }
    return render_to_string("export/copy.html", context).encode()
