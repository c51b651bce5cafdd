"""API operations on letters: the contact's letters, one letter with the text read from
it, adding one (photos or a PDF, multipart), putting its suggested tasks in the plan,
the ombud's correction, and removing one.

The same doors as the pages: portal.access (404 outside the contact), the pages' forms
(422 with their Swedish errors, portal/api/errors.py) and portal.actions.letters (the
same events and the same queued reading). Page files are links to /brev/sida/<id>/,
which checks access again; their content never travels in JSON.
"""

import datetime

from django.http import HttpResponse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status, UploadedFile

from portal import access
from portal.actions import letters as letter_actions
from portal.actions.audit import record
from portal.actions.failures import WrongStatus
from portal.api.errors import invalid
from portal.api.schemas import FormErrors, LetterOut, Problem, TaskOut
from portal.attachments import NOT_SAVED
from portal.forms import LetterCorrectionForm, LetterForm
from portal.forms.letters import NEW
from portal.models import AuditEntry, Letter, Task
from portal.queries.letters import destination, letter_card, letters_of, tasks_form
from portal.storage import StorageFull
from portal.types import AuthedRequest

router = Router(tags=["letters"])


@router.get("/contacts/{contact_id}/letters", response=list[LetterOut], summary="Brev")
def list_letters(request: AuthedRequest, contact_id: int) -> list[Letter]:
    """The contact's letters, newest first, each as its card shows it."""
    contact = access.get_contact(request.user, contact_id)
    return letters_of(contact, request.user)


@router.get("/letters/{letter_id}", response=LetterOut, summary="Ett brev")
def get_letter(request: AuthedRequest, letter_id: int) -> Letter:
    letter = access.get_letter(request.user, letter_id)
    record(letter.contact, request.user, AuditEntry.Action.VIEWED_LETTER, what="api")
    return letter_card(letter, request.user)


@router.post(
    "/contacts/{contact_id}/letters",
    response={201: LetterOut, 422: FormErrors, 507: Problem},
    summary="Lägg till ett brev",
)
def add_letter(request: AuthedRequest, contact_id: int, pages: File[list[UploadedFile]]) -> Status:
    """One or more photos of the pages, or a PDF (multipart, each part named `pages`).
    201 with the letter being read (`status` "reading"); the result comes as an event.
    507 when the server's disk is full: nothing was kept, send it again later."""
    contact = access.get_contact(request.user, contact_id)
    form = LetterForm(files=MultiValueDict({"pages": list(pages)}))
    if not form.is_valid():
        return invalid(form, _("Brevet sparades inte. Rätta det som står nedan."))
    try:
        letter = letter_actions.add_letter(contact, request.user, pages=form.cleaned_data["pages"])
    except StorageFull:
        return Status(507, {"detail": str(NOT_SAVED)})
    return Status(201, letter_card(letter, request.user))


class LetterTaskIn(Schema):
    suggestion: int = Field(description="The suggestion's place in the letter's list, from 0.")
    what: str
    due: datetime.date | None = None


class LetterTasksIn(Schema):
    tasks: list[LetterTaskIn] = Field(description="The suggestions to put in the plan.")
    assignment_id: int | None = Field(
        default=None, description="Where they go; none: a new assignment named after the letter."
    )


@router.post(
    "/letters/{letter_id}/tasks",
    response={201: list[TaskOut], 409: FormErrors, 422: FormErrors},
    summary="Lägg in brevets förslag i planen",
)
def add_letter_tasks(request: AuthedRequest, letter_id: int, payload: LetterTasksIn) -> Status:
    """The client (or the ombud) confirms, rewords or re-dates suggestions; who does each
    task comes from the suggestion. 409 when they are in the plan already."""
    letter = letter_card(access.get_letter(request.user, letter_id), request.user)
    if not letter.suggestions:
        raise WrongStatus(_("Uppgifterna finns redan i planen."))
    place = destination(letter.contact, letter)
    data: dict[str, object] = {"assignment": str(payload.assignment_id or NEW)}
    for item in payload.tasks:
        data[f"s{item.suggestion}-include"] = "on"
        data[f"s{item.suggestion}-what"] = item.what
        data[f"s{item.suggestion}-due"] = item.due.isoformat() if item.due else ""
    form = tasks_form(letter, place, data)
    if not form.is_valid():
        return invalid(form, _("Uppgifterna sparades inte. Rätta det som står nedan."))
    chosen = form.cleaned_data["assignment"]
    assignment = next((a for a in place.assignments if str(a.pk) == chosen), None)
    tasks = letter_actions.add_letter_tasks(
        letter,
        request.user,
        tasks=form.cleaned_data["tasks"],
        assignment=assignment,
        new_assignment_title=place.new_title,
    )
    return Status(201, list(Task.objects.filter(pk__in=[t.pk for t in tasks]).order_by("pk")))


class LetterCorrectionIn(Schema):
    """Only what is sent changes; the rest stays as it is."""

    sender: str | None = None
    organisation: str | None = None
    kind: str | None = None
    letter_date: datetime.date | None = None
    deadline: datetime.date | None = None
    meeting_date: datetime.date | None = None
    meeting_time: datetime.time | None = None
    amount: str | None = None
    case_number: str | None = None


@router.patch(
    "/letters/{letter_id}",
    response={200: LetterOut, 422: FormErrors},
    summary="Rätta det som lästes (ombudet)",
)
def correct_letter(request: AuthedRequest, letter_id: int, payload: LetterCorrectionIn) -> Status:
    """The ombud corrects sender, kind, dates, amount or case number, on this letter only.
    403 for the client."""
    letter = access.get_letter(request.user, letter_id)
    current = LetterCorrectionForm.for_letter(letter).initial
    sent = payload.dict(exclude_unset=True)
    data = {
        name: ("" if value is None else str(value)) for name, value in {**current, **sent}.items()
    }
    form = LetterCorrectionForm(data)
    if not form.is_valid():
        return invalid(form, _("Rättelsen sparades inte. Rätta det som står nedan."))
    letter_actions.correct_letter(letter, request.user, **form.action_fields())
    return Status(200, letter_card(letter, request.user))


@router.delete("/letters/{letter_id}", response={204: None}, summary="Ta bort ett brev")
def remove_letter(request: AuthedRequest, letter_id: int) -> HttpResponse:
    letter = access.get_letter(request.user, letter_id)
    letter_actions.remove_letter(letter, request.user)
    return HttpResponse(status=204)
