"""What the ending and team parts of a page show, for the pages of both sides and for the
live frames alike (the same partials, the same context):

- `partials/close_section.html` (#close, the ombud side's plan): the proposal to end and
  its answer, the form to propose, the way to close alone;
- `partials/team_section.html` (#team on the ombud side's plan; the client's Mer shows
  `partials/team_card.html` in its place): who is the ombud and since when, stand-ins,
  a proposed move;
- `partials/client_proposal.html` (#proposal, the client's Min plan): a proposal waiting
  for their answer, and stand-ins they are told of.
"""

from typing import Any

from django.conf import settings
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.actions import proposals as proposal_actions
from portal.actions import team as team_actions
from portal.actions.ending import NotesUndecided
from portal.actions.errors import WrongStatus
from portal.actions.intake import CaseloadFull
from portal.forms import MoveForm, ProposeEndingForm, StandInForm
from portal.models import Contact, EndedHow, Proposal, StandIn, User
from portal.queries.caseload import active_caseloads
from portal.queries.team import team_state
from portal.rendering import finished
from portal.types import HtmxHttpRequest


def team_parts(contact: Contact, viewer: User, **bound: Form) -> dict[str, Any]:
    """The context of every partial above. `bound` holds a form with errors to show in
    place of a fresh one (`propose_form`)."""
    state = team_state(contact, viewer)
    context: dict[str, Any] = {
        "contact": contact,
        "team": state,
        "viewer": viewer,
        "copy_days": settings.COPY_WINDOW_DAYS,
        "EndedHow": EndedHow,
        # Only the ombud changes who works with the client (a coordinator too, elsewhere).
        "may_change_team": viewer.pk == contact.ombud_id,
    }
    if not viewer.is_client and state.open is None:
        context["propose_form"] = bound.get("propose_form") or ProposeEndingForm(contact=contact)
    return context


def team_forms(contact: Contact, **bound: Form) -> dict[str, Form]:
    """The forms of the page that changes who works with the client: a stand-in, a move."""
    caseloads = active_caseloads(contact.operation)
    return {
        "stand_in_form": bound.get("stand_in_form") or StandInForm(contact=contact),
        "move_form": bound.get("move_form") or MoveForm(contact=contact, caseloads=caseloads),
    }


# --- The page that changes who works with the client (the ombud's and the coordinator's)


def _url(side: str, name: str, pk: int) -> str:
    return reverse(f"{side}_{name}", args=[pk])


def _client_name(contact: Contact, side: str) -> str:
    """The coordinator never sees the client's name: "klienten" instead."""
    return contact.client.display_name if side == "ombud" else _("klienten")


def show(
    request: HtmxHttpRequest,
    contact: Contact,
    *,
    side: str,
    status: int = 200,
    over_limit: bool = False,
    **bound: Form,
) -> HttpResponse:
    """Stand-ins (add, remove) and a move to another ombud (propose, take back)."""
    state = team_state(contact, request.user)
    context = {
        "contact": contact,
        "team": state,
        "client_name": _client_name(contact, side),
        "urls": {
            "stand_in_add": _url(side, "stand_in_add", contact.pk),
            "move": _url(side, "move", contact.pk),
        },
        # For the rows: {% url url_names.stand_in_remove stand_in.pk %}
        "url_names": {
            "stand_in_remove": f"{side}_stand_in_remove",
            "proposal_withdraw": f"{side}_proposal_withdraw",
        },
        "over_limit": over_limit,
        **team_forms(contact, **bound),
    }
    return render(request, f"{side}/team.html", context, status=status)


def _back(request: HtmxHttpRequest, contact: Contact, side: str, toast: str) -> HttpResponse:
    return finished(request, _url(side, "team", contact.pk), toast=toast)


def stand_in_add(request: HtmxHttpRequest, contact: Contact, *, side: str) -> HttpResponse:
    form = StandInForm(request.POST, contact=contact)
    if not form.is_valid():
        return show(request, contact, side=side, status=422, stand_in_form=form)
    data = form.cleaned_data
    try:
        team_actions.add_stand_in(
            contact,
            request.user,
            ombud=data["ombud"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
    except team_actions.BadPeriod as bad:
        form.add_error(bad.field, bad.message)
        return show(request, contact, side=side, status=422, stand_in_form=form)
    toast = _("%(who)s är ersättare. Klienten får veta det i appen.") % {
        "who": data["ombud"].display_name
    }
    return _back(request, contact, side, toast)


def stand_in_remove(request: HtmxHttpRequest, stand_in: StandIn, *, side: str) -> HttpResponse:
    try:
        team_actions.remove_stand_in(stand_in, request.user)
        toast = _("%(who)s är inte ersättare längre.") % {"who": stand_in.ombud.display_name}
    except WrongStatus as wrong:
        toast = wrong.message
    return _back(request, stand_in.contact, side, toast)


def move(request: HtmxHttpRequest, contact: Contact, *, side: str) -> HttpResponse:
    """Propose the move. Over the new ombud's limit, the page says so (422, the choice
    kept) and asks for the reason, which is kept on the proposal."""
    form = MoveForm(request.POST, contact=contact, caseloads=active_caseloads(contact.operation))
    over_limit = "override_reason" in request.POST
    if form.is_valid():
        data = form.cleaned_data
        try:
            team_actions.propose_move(
                contact,
                request.user,
                to=data["ombud"],
                override_reason=data["override_reason"],
                words=data["words"],
            )
        except CaseloadFull as full:
            form.add_error(None, full.message)
            over_limit = True
        except NotesUndecided as undecided:
            form.add_error(None, undecided.message)
        except WrongStatus as wrong:
            form.add_error(None, wrong.message)
        else:
            toast = _("Frågan är skickad. Klienten svarar i appen.")
            return _back(request, contact, side, toast)
    if over_limit:
        form.fields["override_reason"].widget.attrs["autofocus"] = True
    return show(request, contact, side=side, status=422, over_limit=over_limit, move_form=form)


def withdraw(request: HtmxHttpRequest, proposal: Proposal, *, side: str) -> HttpResponse:
    try:
        proposal_actions.withdraw(proposal, request.user)
        toast = _("Förslaget är tillbakataget.")
    except WrongStatus as wrong:
        toast = wrong.message
    return _back(request, proposal.contact, side, toast)
