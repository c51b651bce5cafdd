"""API operations on requests for an ombud and the queue (portal.actions.intake,
portal.queries.intake), with the rules of the pages:
- a coordinator lists the queue, registers a request, gives it to an ombud (the caseload
  check; over the limit with a written reason, which is recorded) and closes it with an
  outcome;
- an ombud registers a request, and takes a client on ("Ny klient": a request through
  the same caseload check);
- an ombud asking for the coordinator's operations gets 403; a client gets 404 on
  every one of them (the queue is nothing of theirs), as does anyone of another operation
  on a request.
The contact details of a request are the coordinator's to see while it waits, as on the
queue page; they are deleted with the request.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from portal import access
from portal.actions import intake as intake_actions
from portal.api.errors import invalid, invalid_fields
from portal.api.schemas import ContactOut, FormErrors, Id, PersonOut, Refusal
from portal.forms import AssignForm, CloseRequestForm, IntakeForm, NewClientForm
from portal.models import Channel, Gender, Intake, PriorityGround, Referrer, RequestOutcome, User
from portal.queries.caseload import active_caseloads
from portal.queries.intake import priority_grounds, queue, waiting_days
from portal.types import AuthedRequest

router = Router(tags=["intake"])


class PriorityGroundOut(Schema):
    id: int
    label: str


class IntakeOut(Schema):
    id: int
    channel: str = Field(json_schema_extra={"enum": list(Channel.values)})
    referrer: str = Field(json_schema_extra={"enum": list(Referrer.values)})
    name: str
    phone: str
    email: str
    gender: str = Field(json_schema_extra={"enum": list(Gender.values)})
    birth_year: int | None
    requested_on: datetime.date
    municipality: str
    priority_grounds: list[PriorityGroundOut]
    registered_by: PersonOut | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_priority_grounds(obj: Intake) -> list[PriorityGround]:
        return list(obj.priority_grounds.all())


class QueueEntryOut(Schema):
    position: int = Field(description="Place in the queue, from 1.")
    waited_days: int
    request: IntakeOut


class IntakeIn(Schema):
    channel: str = Field(json_schema_extra={"enum": list(Channel.values)})
    referrer: str = Field(json_schema_extra={"enum": list(Referrer.values)})
    name: str
    phone: str = ""
    email: str = ""
    gender: str = Field(json_schema_extra={"enum": list(Gender.values)})
    birth_year: int | None = None
    requested_on: datetime.date | None = Field(default=None, description="Empty: today.")
    municipality: str = Field(default="", description="When the operation serves several.")
    priority_grounds: list[Id] = Field(
        default_factory=list, max_length=50, description="Ids from GET /priority-grounds."
    )


class NewClientIn(IntakeIn):
    override_reason: str = Field(default="", description="Why, if you are at your limit.")


class AssignIn(Schema):
    ombud_id: Id
    override_reason: str = Field(default="", description="Why, if the ombud is at their limit.")


class AssignedOut(Schema):
    contact_id: int
    ombud: PersonOut
    over_limit_reason: str


class CloseIn(Schema):
    outcome: str = Field(json_schema_extra={"enum": list(RequestOutcome.values)})


class ClosedOut(Schema):
    outcome: str
    closed_on: datetime.date


def _staff(user: User) -> None:
    """404 for a client (or anyone without an operation): the queue is nothing of theirs."""
    if user.is_client or user.operation_id is None:
        raise Http404


def _coordinator(user: User) -> None:
    _staff(user)
    if not user.is_coordinator:
        raise PermissionDenied("The queue is the coordinator's.")


def _ombud(user: User) -> None:
    _staff(user)
    if not user.is_ombud:
        raise PermissionDenied("Only an ombud takes on a client.")


def _waiting(request: AuthedRequest, intake_id: int) -> Intake:
    _coordinator(request.user)
    return access.get_waiting_intake(request.user, intake_id)


def _form_data(payload: IntakeIn) -> dict:
    data = payload.dict()
    data["requested_on"] = (payload.requested_on or timezone.localdate()).isoformat()
    data["birth_year"] = "" if payload.birth_year is None else payload.birth_year
    return data


@router.get("/queue", response=list[QueueEntryOut], summary="Väntelistan")
def list_queue(request: AuthedRequest) -> list[dict]:
    """Waiting requests in queue order: a priority ground first, then the oldest."""
    _coordinator(request.user)
    today = timezone.localdate()
    return [
        {"position": number, "waited_days": waiting_days(intake, today=today), "request": intake}
        for number, intake in enumerate(
            queue(request.user.operation).select_related("registered_by"), start=1
        )
    ]


@router.get(
    "/priority-grounds", response=list[PriorityGroundOut], summary="Verksamhetens förtursgrunder"
)
def list_priority_grounds(request: AuthedRequest) -> list[PriorityGround]:
    _staff(request.user)
    return list(priority_grounds(request.user.operation))


@router.post(
    "/intakes",
    response={201: IntakeOut, 422: FormErrors},
    summary="Registrera en förfrågan om ombud",
)
def register(request: AuthedRequest, payload: IntakeIn) -> Status:
    """Into the queue of the operation. A coordinator or an ombud."""
    _staff(request.user)
    form = IntakeForm(data=_form_data(payload), operation=request.user.operation)
    if not form.is_valid():
        return invalid(form, _("Förfrågan sparades inte. Rätta det som står nedan."))
    intake = intake_actions.register_intake(request.user, **form.intake_fields())
    return Status(201, intake)


@router.post(
    "/intakes/{intake_id}/assign",
    response={201: AssignedOut, 409: Refusal, 422: FormErrors},
    summary="Ge en förfrågan till ett ombud",
)
def assign(request: AuthedRequest, intake_id: int, payload: AssignIn) -> Status:
    """The caseload check: an ombud at their limit takes the request only with a written
    reason (422 on override_reason without one), which is recorded. The coordinator only."""
    waiting = _waiting(request, intake_id)
    operation = request.user.operation
    form = AssignForm(
        data={"ombud": payload.ombud_id, "override_reason": payload.override_reason},
        operation=operation,
        caseloads=active_caseloads(operation),
    )
    detail = _("Förfrågan gick inte till något ombud. Rätta det som står nedan.")
    if not form.is_valid():
        return invalid(form, detail, fields={"ombud": "ombud_id"})
    chosen = form.cleaned_data["ombud"]
    try:
        contact = intake_actions.assign(
            waiting,
            request.user,
            ombud=chosen,
            override_reason=form.cleaned_data["override_reason"],
        )
    except intake_actions.CaseloadFull as full:
        return invalid_fields(detail, {"override_reason": [full.message]})
    except intake_actions.NotWaiting as gone:
        return Status(409, {"detail": gone.message})
    waiting.refresh_from_db()
    return Status(
        201,
        {"contact_id": contact.pk, "ombud": chosen, "over_limit_reason": waiting.override_reason},
    )


@router.post(
    "/intakes/{intake_id}/close",
    response={200: ClosedOut, 409: Refusal, 422: FormErrors},
    summary="Avsluta en förfrågan utan kontakt",
)
def close(request: AuthedRequest, intake_id: int, payload: CloseIn) -> Status:
    """Withdrawn, outside the target group, or nobody reached: the request is deleted for
    real and an anonymous record keeps it in the figures. The coordinator only."""
    waiting = _waiting(request, intake_id)
    form = CloseRequestForm(data=payload.dict())
    if not form.is_valid():
        return invalid(form, _("Förfrågan avslutades inte. Rätta det som står nedan."))
    try:
        record = intake_actions.close_request(waiting, request.user, **form.cleaned_data)
    except intake_actions.NotWaiting as gone:
        return Status(409, {"detail": gone.message})
    return Status(200, record)


@router.post(
    "/clients",
    response={201: ContactOut, 422: FormErrors},
    summary="Ny klient (ombudet tar själv emot)",
)
def take_on(request: AuthedRequest, payload: NewClientIn) -> Status:
    """The ombud's "Ny klient": the same facts as a request, and the same caseload check
    (422 on override_reason when you are at your limit). An ombud only."""
    _ombud(request.user)
    form = NewClientForm(data=_form_data(payload), operation=request.user.operation)
    detail = _("Klienten lades inte till. Rätta det som står nedan.")
    if not form.is_valid():
        return invalid(form, detail)
    try:
        contact = intake_actions.take_on(
            request.user,
            override_reason=form.cleaned_data["override_reason"],
            **form.intake_fields(),
        )
    except intake_actions.CaseloadFull as full:
        return invalid_fields(detail, {"override_reason": [full.message]})
    return Status(201, contact)
