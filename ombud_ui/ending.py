"""The ombud side of ending: proposing to end together (only the client's yes ends it),
taking the proposal back, and closing alone when the client can no longer answer
(tappad kontakt, or the client has died), after a confirm step. Every working note must
be decided first (portal.actions.ending.NotesUndecided)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ombud_ui.views import plan_context
from portal import access
from portal.actions import ending
from portal.actions import proposals as proposal_actions
from portal.actions.errors import WrongStatus
from portal.decorators import ombud_required
from portal.forms import CloseAloneForm, ProposeEndingForm
from portal.models import Contact, Proposal
from portal.pages.team import team_parts
from portal.rendering import done, finished, invalid
from portal.types import HtmxHttpRequest


def _plan_url(contact: Contact) -> str:
    return reverse("ombud_plan", args=[contact.pk])


def _close_saved(request: HtmxHttpRequest, contact: Contact, toast: str) -> HttpResponse:
    return done(
        request,
        _plan_url(contact),
        toast=toast,
        anchor="close",
        template="partials/close_section.html",
        context=team_parts(contact, request.user),
    )


@ombud_required
@require_POST
def propose(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    contact = access.get_contact(request.user, contact_id)
    form = ProposeEndingForm(request.POST, contact=contact)
    if form.is_valid():
        try:
            ending.propose_ending(contact, request.user, **form.cleaned_data)
        except (ending.NotesUndecided, WrongStatus) as refused:
            form.add_error(None, refused.message)
        else:
            toast = _("Förslaget är skickat. %(name)s svarar i appen.") % {
                "name": contact.client.display_name
            }
            return _close_saved(request, contact, toast)
    context = plan_context(contact, request.user)
    context["propose_form"] = form
    return invalid(
        request, partial="partials/close_section.html", page="ombud/plan.html", context=context
    )


@ombud_required
@require_POST
def withdraw(request: HtmxHttpRequest, proposal_id: int) -> HttpResponse:
    proposal = access.get_proposal(request.user, proposal_id)
    if proposal.kind != Proposal.Kind.END:
        raise PermissionDenied  # a move is taken back on its own page
    try:
        proposal_actions.withdraw(proposal, request.user)
        toast = _("Förslaget är tillbakataget.")
    except WrongStatus as wrong:
        toast = wrong.message
    return _close_saved(request, proposal.contact, toast)


@ombud_required
@require_http_methods(["GET", "POST"])
def close_alone(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    """The confirm step for closing without the client's yes: only for lost contact or
    when the client has died."""
    contact = access.get_contact(request.user, contact_id)
    form = CloseAloneForm(request.POST if request.method == "POST" else None, auto_id="ca-%s")
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            ending.end_contact(contact, request.user, how=form.cleaned_data["reason"])
        except ending.NotesUndecided as undecided:
            problem = undecided.message
        else:
            days = settings.COPY_WINDOW_DAYS
            toast = ngettext(
                "Kontakten med %(name)s är avslutad. %(name)s kan hämta sin kopia i %(days)d dag.",
                "Kontakten med %(name)s är avslutad. "
                "%(name)s kan hämta sin kopia i %(days)d dagar.",
                days,
            ) % {"name": contact.client.display_name, "days": days}
            return finished(request, reverse("ombud_caseload"), toast=toast)
    context = {
        "contact": contact,
        "form": form,
        "problem": problem,
        "copy_days": settings.COPY_WINDOW_DAYS,
        "viewer": request.user,
    }
    status = 422 if (form.errors or problem) else 200
    return render(request, "ombud/close_alone.html", context, status=status)
