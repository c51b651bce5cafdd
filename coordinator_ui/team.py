"""The coordinator's part in who works with a client, when an ombud leaves or is away
for long: an ombud's contacts by number, phase and start only (never a name or a plan),
and for each the same page as the ombud's (portal.pages.team): a stand-in for a period,
a move to another ombud that the client answers in the app."""

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from portal import access
from portal.decorators import coordinator_required
from portal.models import Contact, Proposal
from portal.pages import team
from portal.queries.caseload import active_ombud
from portal.queries.team import stand_in_contacts
from portal.types import HtmxHttpRequest

SIDE = "coordinator"


@coordinator_required
@require_GET
def ombud_contacts(request: HtmxHttpRequest, ombud_id: int) -> HttpResponse:
    person = active_ombud(request.user.operation).filter(pk=ombud_id).first()
    if person is None:
        raise Http404
    waiting = Proposal.objects.filter(contact=OuterRef("pk"), status=Proposal.Status.OPEN)
    contacts = (
        access.team_contacts_for(request.user)
        .filter(ombud=person)
        .annotate(waiting_proposal=Exists(waiting))
        .order_by("started_on", "pk")
    )
    standing_in = stand_in_contacts(person).select_related("ombud").order_by("pk")
    context = {"person": person, "contacts": contacts, "standing_in": standing_in}
    return render(request, "coordinator/ombud_contacts.html", context)


def _contact(request: HtmxHttpRequest, contact_id: int) -> Contact:
    return access.get_team_contact(request.user, contact_id)


@coordinator_required
@require_GET
def page(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    return team.show(request, _contact(request, contact_id), side=SIDE)


@coordinator_required
@require_POST
def stand_in_add(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    return team.stand_in_add(request, _contact(request, contact_id), side=SIDE)


@coordinator_required
@require_POST
def stand_in_remove(request: HtmxHttpRequest, stand_in_id: int) -> HttpResponse:
    return team.stand_in_remove(request, access.get_stand_in(request.user, stand_in_id), side=SIDE)


@coordinator_required
@require_POST
def move(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    return team.move(request, _contact(request, contact_id), side=SIDE)


@coordinator_required
@require_POST
def proposal_withdraw(request: HtmxHttpRequest, proposal_id: int) -> HttpResponse:
    return team.withdraw(request, access.get_proposal(request.user, proposal_id), side=SIDE)
