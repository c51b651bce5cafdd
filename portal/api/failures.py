"""API operations on system failures (systemfel och brister) of the user's operation.

Who gets what (portal.queries.failures for reading, portal.actions.failures for changes):
- ombud and coordinators of the operation list and read its failures; clients get 404
  everywhere, and a failure of another operation is 404 for everyone;
- an ombud records a failure, edits their own draft and says "seen again";
  a coordinator doing so gets 403 (they see reports and figures, they do not write them);
- ombud and coordinators mark a failure sent, record the answer and close it; a step
  that the failure's status does not allow is 409 with a plain Swedish reason (WrongStatus,
  mapped once in portal.api).

Input goes through the page's forms, so a refused text (one that could point out a
client) is 422 with the same Swedish message, naming the words.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from portal.actions import failures as failure_actions
from portal.anonymity import client_names_for
from portal.api.errors import invalid
from portal.api.schemas import FormErrors, PersonOut, Refusal
from portal.forms import FailureAnswerForm, FailureForm, FailureSentForm, FailureSightingForm
from portal.models import (
    FailureCategory,
    FailureOrganisation,
    FailureSighting,
    Level,
    SystemFailure,
    User,
)
from portal.queries import failures as failure_reading
from portal.types import AuthedRequest

router = Router(tags=["failures"])

FailureStatus = SystemFailure.Status


class OrganisationOut(Schema):
    id: int
    name: str


class FailureOut(Schema):
    id: int
    occurred_on: datetime.date
    organisation: OrganisationOut
    level: str = Field(json_schema_extra={"enum": list(Level.values)})
    level_label: str
    category: str = Field(json_schema_extra={"enum": list(FailureCategory.values)})
    category_label: str
    description: str
    clients_affected: int = Field(description="Clients the first report was about (a number).")
    improvement: str
    status: str = Field(json_schema_extra={"enum": list(FailureStatus.values)})
    status_label: str
    sent_to: str = Field(description='"organisation", "steering", "both", or "" if not sent.')
    sent_on: datetime.date | None
    answer: str
    answered_on: datetime.date | None
    created_by: PersonOut | None
    created_at: datetime.datetime
    seen_again: int = Field(description="How many times ombud have met it again.")
    times_met: int = Field(description="seen_again + 1: the first report counts too.")
    clients_in_all: int = Field(description="Clients of the first report and of every sighting.")

    @staticmethod
    def resolve_level_label(obj: SystemFailure) -> str:
        return obj.get_level_display()

    @staticmethod
    def resolve_category_label(obj: SystemFailure) -> str:
        return obj.get_category_display()

    @staticmethod
    def resolve_status_label(obj: SystemFailure) -> str:
        return obj.get_status_display()


class SightingOut(Schema):
    id: int
    seen_on: datetime.date
    clients_affected: int
    ombud: PersonOut | None


class FailureDetailOut(FailureOut):
    sightings: list[SightingOut]

    @staticmethod
    def resolve_sightings(obj: SystemFailure) -> list[FailureSighting]:
        return list(failure_reading.sightings_of(obj))


class FailureFilters(Schema):
    organisation: int | None = Field(default=None, description="An organisation's id.")
    level: Level | None = None
    category: FailureCategory | None = None
    status: FailureStatus | None = None
    date_from: datetime.date | None = Field(
        default=None, alias="from", description="Happened on or after this day."
    )
    date_to: datetime.date | None = Field(
        default=None, alias="to", description="Happened on or before this day."
    )
    before: str | None = Field(
        default=None,
        description="The cursor of the next page, from the `Link` header of the last one "
        "(the list comes 25 at a time, newest first).",
    )


class FailureIn(Schema):
    occurred_on: str = Field(default="", description="Year-month-day; empty: today.")
    organisation: int | None = Field(
        default=None, description="An id from GET /failures/organisations …"
    )
    new_organisation: str = Field(default="", description="… or the name of a new one.")
    level: str = Field(json_schema_extra={"enum": list(Level.values)})
    category: str = Field(json_schema_extra={"enum": list(FailureCategory.values)})
    description: str = Field(description="No names or anything else that points out a client.")
    clients_affected: int = Field(default=1, description="How many clients (a number, never who).")
    improvement: str = ""


class SightingIn(Schema):
    seen_on: str = Field(default="", description="Year-month-day; empty: today.")
    clients_affected: int = Field(default=1, description="How many clients (a number).")


class SentIn(Schema):
    sent_to: str = Field(json_schema_extra={"enum": list(SystemFailure.SentTo.values)})
    sent_on: str = Field(default="", description="Year-month-day; empty: today.")


class AnswerIn(Schema):
    answer: str
    answered_on: str = Field(default="", description="Year-month-day; empty: today.")


def _fresh(request: AuthedRequest, failure_id: int) -> SystemFailure:
    """The failure as it is now, with its figures."""
    return failure_reading.get_failure(request.user, failure_id)


def _today_if_empty(day: str) -> str:
    return day.strip() or timezone.localdate().isoformat()


def _failure_form(request: AuthedRequest, payload: FailureIn) -> FailureForm:
    data = payload.dict()
    data["occurred_on"] = _today_if_empty(payload.occurred_on)
    data["organisation"] = payload.organisation or ""
    return FailureForm(
        data=data, operation=request.user.operation, client_names=client_names_for(request.user)
    )


def _not_saved() -> str:
    return _("Systemfelet sparades inte. Rätta det som står nedan.")


def _ombud_only(user: User) -> None:
    """Checked before the form, so a coordinator hears 403 whatever they sent; the action
    checks it again."""
    if not user.is_ombud:
        raise PermissionDenied("Only ombud write failures and sightings.")


@router.get("/failures", response=list[FailureOut], summary="Systemfel i verksamheten")
def list_failures(
    request: AuthedRequest, response: HttpResponse, filters: Query[FailureFilters]
) -> list[failure_reading.FailureWithFigures]:
    """The failures of the user's operation, newest first, narrowed by the filters, 25 at
    a time: when there are more, the `Link` header (rel="next") holds the next page's URL,
    and `X-Total-Count` the number selected."""
    failure_reading.require_failure_reader(request.user)
    chosen = failure_reading.Filters(
        organisation=filters.organisation,
        level=filters.level or "",
        category=filters.category or "",
        status=filters.status or "",
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    found = failure_reading.filtered(failure_reading.failures_for(request.user), chosen)
    page = failure_reading.failure_page(found, filters.before)
    response["X-Total-Count"] = str(page.total)
    if page.older:
        following = request.GET.copy()
        following["before"] = page.older
        response["Link"] = f'<{request.path}?{following.urlencode()}>; rel="next"'
    return page.failures


@router.get(
    "/failures/organisations",
    response=list[OrganisationOut],
    summary="Verksamhetens lista över organisationer",
)
def list_organisations(request: AuthedRequest) -> list[FailureOrganisation]:
    failure_reading.require_failure_reader(request.user)
    return list(failure_reading.organisations_for(request.user))


@router.get("/failures/{failure_id}", response=FailureDetailOut, summary="Ett systemfel")
def get_failure(request: AuthedRequest, failure_id: int) -> SystemFailure:
    return failure_reading.get_failure(request.user, failure_id)


@router.post(
    "/failures",
    response={201: FailureOut, 422: FormErrors},
    summary="Skriv ett nytt systemfel",
)
def create_failure(request: AuthedRequest, payload: FailureIn) -> Status:
    """A new failure, as a draft. Ombud only (403 for coordinators)."""
    failure_reading.require_failure_reader(request.user)
    _ombud_only(request.user)
    form = _failure_form(request, payload)
    if not form.is_valid():
        return invalid(form, _not_saved())
    try:
        failure = failure_actions.record_failure(request.user, **form.failure_fields())
    except ValidationError as refused:
        form.add_error(None, refused)
        return invalid(form, _not_saved())
    return Status(201, _fresh(request, failure.pk))


@router.put(
    "/failures/{failure_id}",
    response={200: FailureOut, 409: Refusal, 422: FormErrors},
    summary="Ändra ett utkast",
)
def edit_failure(
    request: AuthedRequest, failure_id: int, payload: FailureIn
) -> Status | SystemFailure:
    """Only the ombud who wrote it (403 for others), only while it is a draft (409)."""
    failure = failure_reading.get_failure(request.user, failure_id)
    form = _failure_form(request, payload)
    if not form.is_valid():
        return invalid(form, _not_saved())
    try:
        failure_actions.edit_failure(failure, request.user, **form.failure_fields())
    except ValidationError as refused:
        form.add_error(None, refused)
        return invalid(form, _not_saved())
    return _fresh(request, failure.pk)


@router.post(
    "/failures/{failure_id}/seen-again",
    response={201: SightingOut, 422: FormErrors},
    summary="Jag har också mött det här",
)
def seen_again(request: AuthedRequest, failure_id: int, payload: SightingIn) -> Status:
    """An ombud met the failure again: when, and how many clients. Ombud only."""
    failure = failure_reading.get_failure(request.user, failure_id)
    _ombud_only(request.user)
    form = FailureSightingForm(
        data={
            "seen_on": _today_if_empty(payload.seen_on),
            "clients_affected": payload.clients_affected,
        }
    )
    if not form.is_valid():
        return invalid(form, _("Det sparades inte. Rätta det som står nedan."))
    sighting = failure_actions.seen_again(failure, request.user, **form.cleaned_data)
    return Status(201, sighting)


@router.post(
    "/failures/{failure_id}/sent",
    response={200: FailureOut, 409: Refusal, 422: FormErrors},
    summary="Markera som skickad",
)
def mark_sent(request: AuthedRequest, failure_id: int, payload: SentIn) -> Status | SystemFailure:
    """To the organisation concerned, the steering group, or both, on a day. A draft only."""
    failure = failure_reading.get_failure(request.user, failure_id)
    form = FailureSentForm(
        data={"sent_to": payload.sent_to, "sent_on": _today_if_empty(payload.sent_on)}
    )
    if not form.is_valid():
        return invalid(form, _("Det sparades inte. Rätta det som står nedan."))
    failure_actions.mark_sent(failure, request.user, **form.cleaned_data)
    return _fresh(request, failure.pk)


@router.post(
    "/failures/{failure_id}/answer",
    response={200: FailureOut, 409: Refusal, 422: FormErrors},
    summary="Skriv in svaret",
)
def record_answer(
    request: AuthedRequest, failure_id: int, payload: AnswerIn
) -> Status | SystemFailure:
    """What the organisation or the steering group answered, and when. A sent one only."""
    failure = failure_reading.get_failure(request.user, failure_id)
    form = FailureAnswerForm(
        data={"answer": payload.answer, "answered_on": _today_if_empty(payload.answered_on)},
        sent_on=failure.sent_on,
        client_names=client_names_for(request.user),
    )
    detail = _("Svaret sparades inte. Rätta det som står nedan.")
    if not form.is_valid():
        return invalid(form, detail)
    try:
        failure_actions.record_answer(failure, request.user, **form.cleaned_data)
    except ValidationError as refused:
        form.add_error(None, refused)
        return invalid(form, detail)
    return _fresh(request, failure.pk)


@router.post(
    "/failures/{failure_id}/close",
    response={200: FailureOut, 409: Refusal},
    summary="Avsluta",
)
def close(request: AuthedRequest, failure_id: int) -> SystemFailure:
    """Nothing more will happen with it. A sent or answered one only."""
    failure = failure_reading.get_failure(request.user, failure_id)
    failure_actions.close(failure, request.user)
    return _fresh(request, failure.pk)
