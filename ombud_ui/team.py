"""The ombud's page for who works with their client: a stand-in for a period, and a move
to another ombud (the client says yes or no in the app). The page code is shared with
the coordinator's (portal.pages.team); only the contact's own ombud changes anything
(portal.actions.team: a stand-in gets 403)."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET, require_POST

from portal import access
from portal.decorators import ombud_required
from portal.pages import team
from portal.types import HtmxHttpRequest

SIDE = "ombud"


@ombud_required
@require_GET
def page(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    contact = access.get_contact(request.user, contact_id)
    return team.show(request, contact, side=SIDE)


@ombud_required
@require_POST
def stand_in_add(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    contact = access.get_contact(request.user, contact_id)
    return team.stand_in_add(request, contact, side=SIDE)


@ombud_required
@require_POST
def stand_in_remove(request: HtmxHttpRequest, stand_in_id: int) -> HttpResponse:
    return team.stand_in_remove(request, access.get_stand_in(request.user, stand_in_id), side=SIDE)


@ombud_required
@require_POST
def move(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    contact = access.get_contact(request.user, contact_id)
    return team.move(request, contact, side=SIDE)


@ombud_required
@require_POST
def proposal_withdraw(request: HtmxHttpRequest, proposal_id: int) -> HttpResponse:
    return team.withdraw(request, access.get_proposal(request.user, proposal_id), side=SIDE)
