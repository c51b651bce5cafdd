"""API operations on ending a contact and on the client's copy.

The same rules as the pages (portal.actions.ending, portal.actions.proposals):
- the client ends the contact alone, at any time (`POST /contacts/{id}/end`);
- the ombud side proposes ending together with a reason; only the client's answer "yes"
  ends it, recorded with the proposal's reason; "not_yet" keeps it;
- the ombud side closes alone only for lost contact or a client who has died, with
  `confirm` true (the page's confirm step);
- the client's copy, as JSON or as one HTML file, for the client only, also during the
  window after the contact has ended.
Outside the contact: 404. A party who may not (the ombud ending "alone" as the client
does, the client proposing): 403. A proposal no longer open, or one already waiting: 409.
Every working note must be decided first: 422 with the reason in `__all__`.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from portal import access
from portal.actions import ending
from portal.actions import proposals as proposal_actions
from portal.api.errors import invalid, invalid_fields
from portal.api.schemas import EndedOut, FormErrors, ProposalOut, Refusal
from portal.forms import CloseAloneForm, ProposeEndingForm
from portal.models import Contact, Proposal
from portal.queries.copy import build_copy, copy_html
from portal.types import AuthedRequest

router = Router(tags=["ending"])


class ProposeEndingIn(Schema):
    reason: str = Field(
        json_schema_extra={"enum": [str(reason) for reason in ending.PROPOSAL_REASONS]},
        description='"done" only when the contact is in the ending phase (3).',
    )
    words: str = Field(default="", description="A few words to the client (optional).")


class AnswerIn(Schema):
    answer: str = Field(json_schema_extra={"enum": ["yes", "not_yet"]})


class CloseAloneIn(Schema):
    reason: str = Field(json_schema_extra={"enum": [str(r) for r in ending.ALONE_REASONS]})
    confirm: bool = Field(
        default=False,
        description="The ombud has read what happens (the page's confirm step): must be true.",
    )


def _ended(contact: Contact) -> Contact:
    return Contact.objects.select_related("ombud").get(pk=contact.pk)


@router.get(
    "/contacts/{contact_id}/proposals",
    response=list[ProposalOut],
    summary="Förslag om att avsluta eller byta ombud",
)
def list_proposals(request: AuthedRequest, contact_id: int) -> list[Proposal]:
    """Every proposal of the contact, newest first, with its answer. Both parties."""
    contact = access.get_contact(request.user, contact_id)
    return list(contact.proposals.select_related("to_ombud", "proposed_by"))


@router.post(
    "/contacts/{contact_id}/proposals/end",
    response={201: ProposalOut, 409: Refusal, 422: FormErrors},
    summary="Föreslå att avsluta tillsammans",
)
def propose_ending(request: AuthedRequest, contact_id: int, payload: ProposeEndingIn) -> Status:
    """The ombud side proposes; the client answers in the app. The ombud side only (403
    for the client)."""
    contact = access.get_contact(request.user, contact_id)
    form = ProposeEndingForm(data=payload.dict(), contact=contact)
    detail = _("Förslaget skickades inte. Rätta det som står nedan.")
    if not form.is_valid():
        return invalid(form, detail)
    try:
        proposal = ending.propose_ending(contact, request.user, **form.cleaned_data)
    except ending.NotesUndecided as undecided:
        return invalid_fields(detail, {"__all__": [undecided.message]})
    return Status(201, proposal)


@router.post(
    "/proposals/{proposal_id}/answer",
    response={200: ProposalOut, 409: Refusal, 422: FormErrors},
    summary="Svara på ett förslag",
)
def answer_proposal(request: AuthedRequest, proposal_id: int, payload: AnswerIn) -> Status:
    """ "yes" ends the contact (with the proposal's reason) or moves it; "not_yet" keeps
    everything as it is and tells the one who asked. The client only (403 for others)."""
    proposal = access.get_proposal(request.user, proposal_id)
    if payload.answer not in ("yes", "not_yet"):
        return invalid_fields(
            _("Svaret gick inte att använda."), {"answer": [_("Välj yes eller not_yet.")]}
        )
    try:
        answered = proposal_actions.answer(proposal, request.user, yes=payload.answer == "yes")
    except ending.NotesUndecided as undecided:
        detail = _("Det går inte riktigt än. Försök igen lite senare.")
        return invalid_fields(detail, {"__all__": [undecided.message]})
    return Status(200, answered)


@router.post(
    "/proposals/{proposal_id}/withdraw",
    response={200: ProposalOut, 409: Refusal},
    summary="Ta tillbaka ett förslag",
)
def withdraw_proposal(request: AuthedRequest, proposal_id: int) -> Status:
    """Before the client has answered. An ending: the ombud side; a move: the contact's
    ombud or a coordinator of the operation."""
    proposal = access.get_proposal(request.user, proposal_id)
    return Status(200, proposal_actions.withdraw(proposal, request.user))


@router.post("/contacts/{contact_id}/end", response=EndedOut, summary="Avsluta kontakten")
def end_contact(request: AuthedRequest, contact_id: int) -> Contact:
    """The client ends the contact, at any time, in one step (also while a proposal is
    open). Recorded as "client". The client only: the ombud side proposes, or closes
    alone (403 here)."""
    contact = access.get_contact(request.user, contact_id)
    if request.user.pk != contact.client_id:
        raise PermissionDenied("Only the client ends the contact in one step.")
    ending.end_contact(contact, request.user)
    return _ended(contact)


@router.post(
    "/contacts/{contact_id}/close",
    response={200: EndedOut, 422: FormErrors},
    summary="Avsluta utan klientens svar",
)
def close_alone(request: AuthedRequest, contact_id: int, payload: CloseAloneIn) -> Status:
    """Only when the client can no longer answer: "lost_contact" (the client stopped
    answering) or "died". The client keeps their copy window and, if they can be reached,
    gets a content-free push. The ombud side only (403 for the client)."""
    contact = access.get_contact(request.user, contact_id)
    if request.user.pk == contact.client_id:
        raise PermissionDenied("The client ends the contact with POST …/end.")
    detail = _("Kontakten avslutades inte. Rätta det som står nedan.")
    form = CloseAloneForm(data={"reason": payload.reason})
    if not form.is_valid():
        return invalid(form, detail)
    if not payload.confirm:
        return invalid_fields(detail, {"confirm": [_("Bekräfta att du har läst vad som händer.")]})
    try:
        ending.end_contact(contact, request.user, how=form.cleaned_data["reason"])
    except ending.NotesUndecided as undecided:
        return invalid_fields(detail, {"__all__": [undecided.message]})
    return Status(200, _ended(contact))


@router.get("/copy", response=dict[str, Any], summary="Min kopia (JSON)")
def my_copy(request: AuthedRequest) -> dict[str, Any]:
    """Everything the app holds about the signed-in client, also during the window after
    the contact has ended (see why_it_ended). The client only (404 for anyone else)."""
    return build_copy(access.clients_own_contact(request.user))


@router.get(
    "/copy/html",
    summary="Min kopia (en HTML-fil att läsa)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "One self-contained HTML file, photos inside.",
                "content": {"text/html": {"schema": {"type": "string"}}},
            }
        }
    },
)
def my_copy_html(request: AuthedRequest) -> HttpResponse:
    """The same copy as one file that opens anywhere. The client only."""
    response = HttpResponse(
        copy_html(access.clients_own_contact(request.user)),
        content_type="text/html; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="brobyggare-min-kopia.html"'
    return response
