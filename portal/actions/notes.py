"""The ombud's working notes (arbets- och minnesanteckningar) for one contact.

A note is written by the contact's ombud (not by a stand-in: the notes are the ombud's
own) and from then on belongs to its author: only
the author reads, edits, decides or deletes it (portal.access.get_note answers 404 to
everyone else, also to a later ombud of the same contact, the client and the coordinator).
By the end of the contact at the latest, each note is marked "hand over to the client" or
"destroy"; deleting one really deletes the row, it is never only flagged. A move to
another ombud ends the old ombud's part the same way (portal.actions.team), so while a
move is proposed no new note is written: it could not be decided in time.

Nothing here calls record_change: a numbered event is sent to the client's phone and
shown in their "who changed what", and the client must not learn of private notes.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from portal.actions.errors import WrongStatus
from portal.models import Contact, Proposal, User, WorkingNote

Disposition = WorkingNote.Disposition


def _require_ombud(actor: User, contact: Contact) -> None:
    if actor.pk != contact.ombud_id:
        raise PermissionDenied("Only the contact's ombud keeps working notes.")


class MoveProposed(WrongStatus):
    """No new notes while the contact is proposed to move to another ombud."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Kontakten är föreslagen att flytta till ett annat ombud. Nya anteckningar går "
                "inte att skriva nu."
            )
        )


def add_note(contact: Contact, actor: User, *, text: str) -> WorkingNote:
    _require_ombud(actor, contact)
    moving = contact.proposals.filter(kind=Proposal.Kind.MOVE, status=Proposal.Status.OPEN)
    if moving.exists():
        raise MoveProposed
    return WorkingNote.objects.create(contact=contact, author=actor, text=text)


def _require_author(actor: User, note: WorkingNote) -> None:
    if actor.pk is None or actor.pk != note.author_id:
        raise PermissionDenied("A working note is its author's own.")


def edit_note(note: WorkingNote, actor: User, *, text: str) -> None:
    _require_author(actor, note)
    note.text = text
    note.save(update_fields=["text", "updated_at"])


def set_disposition(note: WorkingNote, actor: User, *, disposition: str) -> None:
    """Mark what happens to the note when the contact ends: handed over or destroyed."""
    _require_author(actor, note)
    if disposition not in Disposition.values:
        raise ValueError(f"Unknown disposition: {disposition!r}")
    note.disposition = disposition
    note.save(update_fields=["disposition", "updated_at"])


def delete_note(note: WorkingNote, actor: User) -> None:
    """Really delete it: the row is gone, not marked as deleted."""
    _require_author(actor, note)
    WorkingNote.objects.filter(pk=note.pk).delete()
