"""The client's side of ending and of who works with them: "Avsluta kontakten" (alone,
at any time), the answer to a proposal (to end together, to move to another ombud),
saying no to a stand-in, and their copy of everything, which they can fetch at any time
and for a window of days after the contact has ended."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import access
from portal.actions import ending
from portal.actions import proposals as proposal_actions
from portal.actions import team as team_actions
from portal.actions.errors import WrongStatus
from portal.decorators import client_required
from portal.forms import AnswerForm
from portal.models import Contact, Proposal
from portal.pages.team import team_parts
from portal.queries.copy import copy_html, copy_json, why_it_ended
from portal.rendering import done, finished
from portal.types import AuthedRequest, HtmxHttpRequest


@client_required
@require_http_methods(["GET", "POST"])
def end_contact(request: AuthedRequest) -> HttpResponse:
    if not access.contacts_for(request.user).exists():
        return redirect("client_copy")  # already ended (e.g. together with the ombud)
    contact = access.client_contact(request.user)
    if request.method == "POST":
        ending.end_contact(contact, request.user)
        return redirect("client_copy")
    return render(request, "client/end_contact.html", {"contact": contact})


@client_required
@require_GET
@never_cache
def my_copy(request: AuthedRequest) -> HttpResponse:
    contact = access.clients_own_contact(request.user)
    if contact.status == Contact.Status.ACTIVE:
        return render(request, "client/my_data.html", {"contact": contact})
    context = {"contact": contact, "why": why_it_ended(contact)}
    return render(request, "client/copy_after_end.html", context)


def _proposal_box(request: HtmxHttpRequest, toast: str, **extra: object) -> HttpResponse:
    """Min plan's proposal box as it is now (htmx), or back to Min plan."""
    contact = access.client_contact(request.user)
    return done(
        request,
        reverse("client_plan"),
        toast=toast,
        anchor="proposal",
        template="partials/client_proposal.html",
        context={**team_parts(contact, request.user), **extra},
    )


@client_required
@require_POST
def proposal_answer(request: HtmxHttpRequest, proposal_id: int) -> HttpResponse:
    """The client's answer. Yes to ending: the contact ends and the client sees their copy.
    Yes to a move: the new ombud's name is everywhere, so the whole plan page comes."""
    proposal = access.get_proposal(request.user, proposal_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _proposal_box(request, str(form.errors["answer"][0]))
    yes = form.cleaned_data["answer"] == "yes"
    try:
        proposal_actions.answer(proposal, request.user, yes=yes)
    except WrongStatus as wrong:
        return _proposal_box(request, wrong.message)
    except ending.NotesUndecided:
        problem = _(
            "Det går inte riktigt än: %(name)s behöver göra klart en sak först. Ditt svar är "
            "inte sparat. Försök igen lite senare."
        ) % {"name": proposal.contact.ombud.display_name}
        return _proposal_box(request, problem, answer_problem=problem)
    if yes and proposal.kind == Proposal.Kind.END:
        return finished(request, reverse("client_copy"), toast=_("Kontakten är avslutad."))
    if yes:
        assert proposal.to_ombud is not None
        toast = _("%(name)s är nu ditt ombud.") % {"name": proposal.to_ombud.display_name}
        return finished(request, reverse("client_plan"), toast=toast)
    name = proposal.contact.ombud.display_name
    if proposal.kind == Proposal.Kind.END:
        toast = _("Okej. Ni fortsätter som vanligt, och %(name)s ser ditt svar.") % {"name": name}
    else:
        toast = _("Okej. Det blir som nu, och %(name)s ser ditt svar.") % {"name": name}
    return _proposal_box(request, toast)


@client_required
@require_POST
def stand_in_decline(request: HtmxHttpRequest, stand_in_id: int) -> HttpResponse:
    stand_in = access.get_stand_in(request.user, stand_in_id)
    try:
        team_actions.decline_stand_in(stand_in, request.user)
    except WrongStatus as wrong:
        return _proposal_box(request, wrong.message)
    toast = _("Okej. %(who)s ersätter inte, och %(name)s ser ditt svar.") % {
        "who": stand_in.ombud.display_name,
        "name": stand_in.contact.ombud.display_name,
    }
    return _proposal_box(request, toast)


@client_required
@require_GET
@never_cache
def download_copy(request: AuthedRequest, fmt: str) -> HttpResponse:
    contact = access.clients_own_contact(request.user)
    if fmt == "json":
        response = HttpResponse(copy_json(contact), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(copy_html(contact), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="brobyggare-min-kopia.{fmt}"'
    return response
