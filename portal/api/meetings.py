"""API operations on meetings: the list, adding, changing and removing them (the
contact's ombud), and the client's one-tap answer.

Each operation finds its object through portal.access (404 outside the contact),
validates with the page's MeetingForm (422 with its Swedish errors) and changes data
through portal.actions.plan, which decides who may do what (403) and publishes the live
event and the push notification.
"""

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from portal import access
from portal.actions import plan as plan_actions
from portal.actions.audit import record
from portal.api.errors import invalid, invalid_fields
from portal.api.schemas import FormErrors, MeetingOut
from portal.forms import MeetingForm
from portal.models import AuditEntry, Meeting
from portal.queries.plan import current_meetings
from portal.types import AuthedRequest

router = Router(tags=["meetings"])

ANSWERS = (Meeting.Answer.COMING, Meeting.Answer.NOT_COMING)


class MeetingIn(Schema):
    """Day and time as the page's form takes them, in Swedish local time."""

    date: str = Field(description="Year-month-day, e.g. 2026-12-03.", examples=["2026-12-03"])
    time: str = Field(description="Hours and minutes, e.g. 10:00.", examples=["10:00"])
    place: str
    with_whom: str = ""
    about: str = ""


class MeetingAnswerIn(Schema):
    answer: str = Field(json_schema_extra={"enum": [str(answer) for answer in ANSWERS]})


def _fields(form: MeetingForm) -> dict:
    return {key: form.cleaned_data[key] for key in ("starts_at", "place", "with_whom", "about")}


@router.get(
    "/contacts/{contact_id}/meetings", response=list[MeetingOut], summary="Kommande träffar"
)
def list_meetings(request: AuthedRequest, contact_id: int) -> list[Meeting]:
    """Meetings still to come, and those that began in the last two hours: the same list
    as in the plan."""
    contact = access.get_contact(request.user, contact_id)
    record(contact, request.user, AuditEntry.Action.VIEWED_PLAN, what="api")
    return current_meetings(contact)


@router.post(
    "/contacts/{contact_id}/meetings",
    response={201: MeetingOut, 422: FormErrors},
    summary="Lägg till en träff",
)
def add_meeting(request: AuthedRequest, contact_id: int, payload: MeetingIn) -> Status:
    """The contact's ombud only (403 for the client)."""
    contact = access.get_contact(request.user, contact_id)
    form = MeetingForm(data=payload.dict())
    if not form.is_valid():
        return invalid(form, _("Träffen sparades inte. Rätta det som står nedan."))
    meeting = plan_actions.add_meeting(contact, request.user, **_fields(form))
    return Status(201, meeting)


@router.put(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, 422: FormErrors},
    summary="Ändra en träff",
)
def edit_meeting(request: AuthedRequest, meeting_id: int, payload: MeetingIn) -> Status | Meeting:
    """The contact's ombud only (403 for the client). A new time gets a new reminder."""
    meeting = access.get_meeting(request.user, meeting_id)
    form = MeetingForm(data=payload.dict())
    if not form.is_valid():
        return invalid(form, _("Träffen sparades inte. Rätta det som står nedan."))
    plan_actions.edit_meeting(meeting, request.user, **_fields(form))
    return meeting


@router.delete("/meetings/{meeting_id}", response={204: None}, summary="Ta bort en träff")
def remove_meeting(request: AuthedRequest, meeting_id: int) -> Status:
    """The contact's ombud only (403 for the client)."""
    meeting = access.get_meeting(request.user, meeting_id)
    plan_actions.remove_meeting(meeting, request.user)
    return Status(204, None)


@router.post(
    "/meetings/{meeting_id}/answer",
    response={200: MeetingOut, 422: FormErrors},
    summary="Svara på en träff: jag kommer eller jag kan inte",
)
def answer_meeting(
    request: AuthedRequest, meeting_id: int, payload: MeetingAnswerIn
) -> Status | Meeting:
    """The client only (403 for the ombud). The same answer twice changes nothing."""
    meeting = access.get_meeting(request.user, meeting_id)
    if payload.answer not in ANSWERS:
        message = _("Välj Jag kommer eller Jag kan inte.")
        return invalid_fields(message, {"answer": [message]})
    plan_actions.answer_meeting(meeting, request.user, answer=payload.answer)
    meeting.refresh_from_db()
    return meeting
