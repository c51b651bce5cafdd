"""API operations on who works with the client: the ombud and since when, a stand-in
for a period, and a move to another ombud that only the client's yes completes
(answered and taken back with the proposal operations in portal.api.ending).

The same rules as the pages (portal.actions.team): the contact's ombud or a coordinator
of its operation adds and removes stand-ins and proposes moves (403 for a stand-in and
for the client); the client says no to a stand-in. A coordinator reaches the active
contacts of their own operation here, and nothing of their content. Anyone else: 404.
"""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from portal import access
from portal.actions import team as team_actions
from portal.actions.ending import NotesUndecided
from portal.actions.intake import CaseloadFull
from portal.api.errors import invalid, invalid_fields
from portal.api.schemas import FormErrors, Id, ProposalOut, Refusal, StandInOut, TeamOut
from portal.forms import MoveForm, StandInForm
from portal.models import StandIn
from portal.queries.caseload import active_caseloads
from portal.queries.team import team_state
from portal.types import AuthedRequest

router = Router(tags=["team"])


class StandInIn(Schema):
    ombud_id: Id = Field(description="Another active ombud of the operation.")
    starts_on: datetime.date = Field(description="From this day (today or later) …")
    ends_on: datetime.date = Field(description="… to this day, both included.")


class MoveIn(Schema):
    ombud_id: Id = Field(description="Another active ombud of the operation.")
    words: str = Field(default="", description="A few words to the client (optional).")
    override_reason: str = Field(
        default="", description="Why, if the new ombud is at their caseload limit."
    )


@router.get("/contacts/{contact_id}/team", response=TeamOut, summary="Ombud och ersättare")
def get_team(request: AuthedRequest, contact_id: int) -> dict:
    """The two parties, a stand-in while their period runs, and a coordinator of the
    operation."""
    contact = access.get_team_contact(request.user, contact_id)
    state = team_state(contact, request.user)
    return {
        "ombud": contact.ombud,
        "since": state.since,
        "stand_ins": state.stand_ins,
        "history": state.history,
        "open_proposal": state.open,
    }


@router.post(
    "/contacts/{contact_id}/stand-ins",
    response={201: StandInOut, 422: FormErrors},
    summary="Lägg till en ersättare",
)
def add_stand_in(request: AuthedRequest, contact_id: int, payload: StandInIn) -> Status:
    """The client is told who and when, and can say no."""
    contact = access.get_team_contact(request.user, contact_id)
    team_actions.require_team_changer(request.user, contact)  # 403 before the form
    data = {
        "ombud": payload.ombud_id,
        "starts_on": payload.starts_on.isoformat(),
        "ends_on": payload.ends_on.isoformat(),
    }
    form = StandInForm(data=data, contact=contact)
    detail = _("Ersättaren sparades inte. Rätta det som står nedan.")
    if not form.is_valid():
        return invalid(form, detail, fields={"ombud": "ombud_id"})
    try:
        stand_in = team_actions.add_stand_in(contact, request.user, **form.cleaned_data)
    except team_actions.BadPeriod as bad:
        return invalid_fields(detail, {bad.field: [bad.message]})
    return Status(201, stand_in)


def _stand_in(request: AuthedRequest, stand_in_id: int) -> StandIn:
    return access.get_stand_in(request.user, stand_in_id)


@router.post(
    "/stand-ins/{stand_in_id}/remove",
    response={200: StandInOut, 409: Refusal},
    summary="Ta bort en ersättare",
)
def remove_stand_in(request: AuthedRequest, stand_in_id: int) -> Status:
    """Ends the period now (or cancels one to come): the stand-in loses access at once."""
    return Status(200, team_actions.remove_stand_in(_stand_in(request, stand_in_id), request.user))


@router.post(
    "/stand-ins/{stand_in_id}/decline",
    response={200: StandInOut, 409: Refusal},
    summary="Säg nej till en ersättare",
)
def decline_stand_in(request: AuthedRequest, stand_in_id: int) -> Status:
    """The client says no: the stand-in loses access at once. The client only."""
    return Status(200, team_actions.decline_stand_in(_stand_in(request, stand_in_id), request.user))


@router.post(
    "/contacts/{contact_id}/proposals/move",
    response={201: ProposalOut, 409: Refusal, 422: FormErrors},
    summary="Föreslå ett nytt ombud",
)
def propose_move(request: AuthedRequest, contact_id: int, payload: MoveIn) -> Status:
    """The client answers yes or no (POST /proposals/{id}/answer). The caseload check
    applies to the new ombud (422 on override_reason when they are full); the ombud's
    working notes must all be decided (422)."""
    contact = access.get_team_contact(request.user, contact_id)
    team_actions.require_team_changer(request.user, contact)
    data = {
        "ombud": payload.ombud_id,
        "words": payload.words,
        "override_reason": payload.override_reason,
    }
    form = MoveForm(data=data, contact=contact, caseloads=active_caseloads(contact.operation))
    detail = _("Förslaget skickades inte. Rätta det som står nedan.")
    if not form.is_valid():
        return invalid(form, detail, fields={"ombud": "ombud_id"})
    try:
        proposal = team_actions.propose_move(
            contact,
            request.user,
            to=form.cleaned_data["ombud"],
            override_reason=form.cleaned_data["override_reason"],
            words=form.cleaned_data["words"],
        )
    except CaseloadFull as full:
        return invalid_fields(detail, {"override_reason": [full.message]})
    except NotesUndecided as undecided:
        return invalid_fields(detail, {"__all__": [undecided.message]})
    return Status(201, proposal)
