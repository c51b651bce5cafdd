"""The ombud's working notes on one contact: the list and how many are still undecided.

Notes belong to the ombud who wrote them: every read here is of one author's notes."""

from django.db.models import Count, Q, QuerySet

from portal.models import Contact, User, WorkingNote

Disposition = WorkingNote.Disposition


def notes_of(contact: Contact, author: User) -> QuerySet[WorkingNote]:
    """The author's notes: not those already handed to the client (they are the client's)."""
    return contact.notes.filter(author=author, handed_over_at__isnull=True)


def undecided_on_contact(contact: Contact) -> QuerySet[WorkingNote]:
    """Every note on the contact not yet marked, whoever wrote it (ending and moving ask)."""
    return contact.notes.filter(handed_over_at__isnull=True, disposition=Disposition.UNDECIDED)


def undecided_notes(contact: Contact, author: User) -> QuerySet[WorkingNote]:
    """The author's notes not yet marked to be handed over or destroyed."""
    return notes_of(contact, author).filter(disposition=Disposition.UNDECIDED)


def note_counts(contact: Contact, author: User) -> dict:
    """`total` and `undecided`, in one query."""
    return notes_of(contact, author).aggregate(
        total=Count("pk"), undecided=Count("pk", filter=Q(disposition=Disposition.UNDECIDED))
    )


def notes_page(contact: Contact, author: User) -> dict:
    """The notes, newest first, with the same counts as `note_counts`, in one query."""
    notes = list(notes_of(contact, author))
    for note in notes:
        note.contact = contact
    return {
        "contact": contact,
        "notes": notes,
        "total": len(notes),
        "undecided": sum(1 for note in notes if note.disposition == Disposition.UNDECIDED),
    }
