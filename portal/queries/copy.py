"""The client's own copy of everything the app holds about them: a readable,
self-contained HTML document and the same as JSON (GDPR access and portability).

Used at any time from Mer, and during the window after the contact has ended."""

import base64
import json

from django.template.loader import render_to_string
from django.utils import timezone

from portal.models import Contact, Task, WorkingNote
from portal.queries.network import network_of
from portal.queries.plan import TASK_RELATED
from portal.templatetags.plain import decision_for, who_for


def _person(user) -> str:
    return user.display_name if user else ""


def build_copy(contact: Contact) -> dict:
    """Everything of the contact that is the client's, as plain data."""
    messages = contact.messages.select_related("sender").prefetch_related("attachments")
    return {
        "made_at": timezone.now().isoformat(),
        "client": {"name": contact.client.display_name, "username": contact.client.username},
        "ombud": contact.ombud.display_name,
        "operation": contact.operation.name,
        "started_on": contact.started_on.isoformat(),
        "ended_on": contact.ended_on.isoformat() if contact.ended_on else None,
        "assignments": [
            {
                "title": a.title,
                "life_area": a.get_life_area_display(),
                "written_by": _person(a.created_by),
                "tasks": [_task(contact, t) for t in a.tasks.select_related(*TASK_RELATED)],
            }
            for a in contact.assignments.select_related("created_by")
        ],
        "network": [
            {
                "who": p.what,
                "name": p.name,
                "phone": p.phone,
                "email": p.email,
                "how_to_reach": p.reach,
                "added_by": _person(p.created_by),
            }
            for p in network_of(contact)
        ],
        "meetings": [
            {
                "starts_at": m.starts_at.isoformat(),
                "place": m.place,
                "with_whom": m.with_whom,
                "about": m.about,
                "answer": m.get_client_answer_display() if m.client_answer else "",
            }
            for m in contact.meetings.all()
        ],
        "wishes_and_comments": [
            {"by": _person(c.author), "at": c.created_at.isoformat(), "text": c.text}
            for c in contact.comments.select_related("author")
        ],
        "messages": [
            {
                "from": _person(m.sender),
                "at": m.created_at.isoformat(),
                "read_at": m.read_at.isoformat() if m.read_at else None,
                "text": m.text,
                "attachments": [_attachment(a) for a in m.attachments.all()],
            }
            for m in messages
        ],
        "letters": [_letter(letter) for letter in contact.letters.prefetch_related("pages")],
        "consents": [
            {
                "organisation": c.organisation_name,
                "covers": c.covers,
                "valid_until": c.valid_until.isoformat() if c.valid_until else None,
                "given_via": c.get_given_via_display(),
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in contact.consents.all()
        ],
        "notes_handed_over": [
            {"written_at": n.created_at.isoformat(), "text": n.text}
            for n in contact.notes.filter(disposition=WorkingNote.Disposition.HAND_OVER)
        ],
        "changes": [
            {
                "seq": e.seq,
                "by": _person(e.actor),
                "what": e.get_verb_display(),
                "subject": e.subject,
                "at": e.created_at.isoformat(),
            }
            for e in contact.events.select_related("actor").order_by("seq")
        ],
    }


def _task(contact: Contact, task: Task) -> dict:
    """A task as the client reads it: "Du", "Du och Anna (ditt ombud)", the decision."""
    task.contact = contact
    client = contact.client
    return {
        "what": task.what,
        "who": who_for(task, client),
        "due": task.due.isoformat() if task.due else None,
        "status": task.get_status_display(),
        "decision": decision_for(task, client),
        "written_by": _person(task.created_by),
        "changed_by": _person(task.updated_by),
        "changed_at": task.updated_at.isoformat(),
    }


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


def _letter(letter) -> dict:
    """A letter: its photos, the text read from it, what was found and how sure."""
    return {
        "added_by": _person(letter.added_by),
        "added_at": letter.created_at.isoformat(),
        "status": letter.get_status_display(),
        "sender": letter.sender,
        "kind": letter.get_kind_display() if letter.kind else "",
        "letter_date": letter.letter_date.isoformat() if letter.letter_date else None,
        "deadline": letter.deadline.isoformat() if letter.deadline else None,
        "deadline_rule": letter.deadline_rule,
        "meeting_at": letter.meeting_at.isoformat() if letter.meeting_at else None,
        "amount": letter.amount,
        "case_number": letter.case_number,
        "how_sure": letter.facts,
        "corrected_by": _person(letter.corrected_by),
        "text": letter.text,
        "pages": [_attachment(page) for page in letter.pages.all()],
    }


def copy_json(contact: Contact) -> bytes:
    return json.dumps(build_copy(contact), ensure_ascii=False, indent=2).encode()


def copy_html(contact: Contact) -> bytes:
    """One file that opens anywhere, with the photos inside it (data: URIs)."""
    return render_to_string("export/copy.html", {"copy": build_copy(contact)}).encode()
