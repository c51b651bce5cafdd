"""API operations on the ombud's working notes: the author's own, never anyone else's.

The same rules as the pages (portal.access.get_note, portal.actions.notes): the list and
a new note are for the contact's ombud (403 for the client and a stand-in, who are inside
the contact; 404 outside it); a note is read, changed, decided and deleted by its author
only (404 for everyone else, a coordinator and the client included). Opening the list is
recorded in the client's "who looked" trail, as the page is. Nothing here reaches the
client's phone. While the contact is proposed to move to another ombud, no new note is
written (409)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from portal import access
from portal.actions import notes as note_actions
from portal.actions.audit import record
from portal.api.errors import invalid
from portal.api.schemas import FormErrors, NoteOut, Refusal
from portal.forms import NoteDispositionForm, NoteForm
from portal.models import AuditEntry, Contact, WorkingNote
from portal.queries.notes import notes_of
from portal.types import AuthedRequest

router = Router(tags=["notes"])


class NoteIn(Schema):
    text: str = Field(description="At most 5000 characters.")


class DecisionIn(Schema):
    disposition: str = Field(
        json_schema_extra={"enum": [WorkingNote.Disposition.HAND_OVER, "destroy"]},
        description="What happens to the note when the contact ends or moves.",
    )


def _own_contact(request: AuthedRequest, contact_id: int) -> Contact:
    contact = access.get_contact(request.user, contact_id)
    if request.user.pk != contact.ombud_id:
        raise PermissionDenied("Working notes are the contact's ombud's own.")
    return contact


@router.get("/contacts/{contact_id}/notes", response=list[NoteOut], summary="Mina anteckningar")
def list_notes(request: AuthedRequest, contact_id: int) -> list[WorkingNote]:
    """The signed-in ombud's own notes on the contact, newest first."""
    contact = _own_contact(request, contact_id)
    record(contact, request.user, AuditEntry.Action.VIEWED_NOTES, what="api")
    return list(notes_of(contact, request.user))


@router.post(
    "/contacts/{contact_id}/notes",
    response={201: NoteOut, 409: Refusal, 422: FormErrors},
    summary="Ny anteckning",
)
def add_note(request: AuthedRequest, contact_id: int, payload: NoteIn) -> Status:
    contact = _own_contact(request, contact_id)
    form = NoteForm(data=payload.dict())
    if not form.is_valid():
        return invalid(form, _("Anteckningen sparades inte. Rätta det som står nedan."))
    note = note_actions.add_note(contact, request.user, text=form.cleaned_data["text"])
    return Status(201, note)


@router.put(
    "/notes/{note_id}", response={200: NoteOut, 422: FormErrors}, summary="Ändra en anteckning"
)
def edit_note(request: AuthedRequest, note_id: int, payload: NoteIn) -> Status:
    note = access.get_note(request.user, note_id)
    form = NoteForm(data=payload.dict())
    if not form.is_valid():
        return invalid(form, _("Anteckningen sparades inte. Rätta det som står nedan."))
    note_actions.edit_note(note, request.user, text=form.cleaned_data["text"])
    return Status(200, note)


@router.post(
    "/notes/{note_id}/decision",
    response={200: NoteOut, 422: FormErrors},
    summary="Bestäm vad som händer med en anteckning",
)
def decide_note(request: AuthedRequest, note_id: int, payload: DecisionIn) -> Status:
    """Handed to the client, or destroyed, when the contact ends or moves."""
    note = access.get_note(request.user, note_id)
    form = NoteDispositionForm(data=payload.dict())
    if not form.is_valid():
        return invalid(form, _("Det sparades inte. Rätta det som står nedan."))
    note_actions.set_disposition(note, request.user, disposition=form.cleaned_data["disposition"])
    return Status(200, note)


@router.delete("/notes/{note_id}", response={204: None}, summary="Ta bort en anteckning")
def delete_note(request: AuthedRequest, note_id: int) -> Status:
    """Really deleted: the row is gone, not flagged."""
    note = access.get_note(request.user, note_id)
    note_actions.delete_note(note, request.user)
    return Status(204, None)
