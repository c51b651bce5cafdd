"""The queue: requests for an ombud, registered, waiting and given to an ombud.

The coordinator runs the queue (everything under /samordnare/ko/; anyone else gets 404)
and sees the contact details of a waiting request, never anything of a client's contact.
An ombud takes calls too, so the register page also exists on the ombud's side, with
the same form and action (portal.pages.intake).

Forms post and redirect without JavaScript; with htmx they re-render in place on an
error (422) and navigate with HX-Redirect when done.
"""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import access
from portal.actions import intake as intake_actions
from portal.actions.intake import CaseloadFull, NotWaiting
from portal.decorators import coordinator_required
from portal.forms import AssignForm, CloseRequestForm, PriorityGroundForm
from portal.models import Intake, User
from portal.pages.intake import register as register_page
from portal.queries.caseload import active_caseloads, free_places
from portal.queries.intake import (
    position,
    priority_grounds,
    queue_entries,
    waited_in_words,
    waiting_days,
)
from portal.rendering import finished, form_page
from portal.types import HtmxHttpRequest


def _queue_context(user: User, *, ground_form: PriorityGroundForm | None = None) -> dict:
    operation = user.operation
    return {
        "entries": queue_entries(operation),
        "free_places": free_places(operation),
        "grounds": priority_grounds(operation),
        "ground_form": ground_form or PriorityGroundForm(auto_id="g-%s"),
    }


def _to_queue(request: HtmxHttpRequest, toast: str) -> HttpResponse:
    return finished(request, reverse("coordinator_queue"), toast=toast)


@coordinator_required
@require_GET
def queue(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "coordinator/queue.html", _queue_context(request.user))


@coordinator_required
@require_http_methods(["GET", "POST"])
def register(request: HtmxHttpRequest) -> HttpResponse:
    return register_page(
        request,
        template="coordinator/intake_new.html",
        action=reverse("coordinator_intake_new"),
        done_url=reverse("coordinator_queue"),
    )


def _intake_context(request: HtmxHttpRequest, waiting: Intake, **forms: Any) -> dict:
    """One waiting request's page; `forms` holds a bound form to show with its errors."""
    operation = request.user.operation
    return {
        "intake": waiting,
        "form": AssignForm(
            operation=operation, caseloads=active_caseloads(operation), auto_id="as-%s"
        ),
        "close_form": CloseRequestForm(auto_id="cl-%s"),
        "over_limit": False,
        "position": position(waiting),
        "waited": waited_in_words(waiting_days(waiting)),
        **forms,
    }


@coordinator_required
@require_http_methods(["GET", "POST"])
def intake(request: HtmxHttpRequest, intake_id: int) -> HttpResponse:
    """One waiting request and the choice of ombud. Over the chosen ombud's limit, the
    page says so (422, the choice kept) and asks for the reason, which is recorded."""
    waiting = access.get_waiting_intake(request.user, intake_id)
    operation = request.user.operation
    form = AssignForm(
        request.POST or None,
        operation=operation,
        caseloads=active_caseloads(operation),
        auto_id="as-%s",
    )
    # The second step (the reason field) stays once it has been shown.
    over_limit = "override_reason" in request.POST
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["ombud"]
        try:
            intake_actions.assign(
                waiting,
                request.user,
                ombud=chosen,
                override_reason=form.cleaned_data["override_reason"],
            )
        except CaseloadFull as full:
            form.add_error(None, full.message)
            over_limit = True
        except NotWaiting as gone:
            return _to_queue(request, gone.message)
        else:
            return _to_queue(
                request, _("Förfrågan har gått till %(name)s.") % {"name": chosen.display_name}
            )
    if over_limit:
        form.fields["override_reason"].widget.attrs["autofocus"] = True
    context = _intake_context(request, waiting, form=form, over_limit=over_limit)
    return form_page(
        request,
        page="coordinator/intake.html",
        partial="partials/assign_form.html",
        context=context,
    )


@coordinator_required
@require_POST
def withdraw(request: HtmxHttpRequest, intake_id: int) -> HttpResponse:
    """Close the request without a contact: it is deleted for real; an anonymous record
    with the reason stays for the annual figures."""
    waiting = access.get_waiting_intake(request.user, intake_id)
    form = CloseRequestForm(request.POST, auto_id="cl-%s")
    if not form.is_valid():
        context = _intake_context(request, waiting, close_form=form)
        return render(request, "coordinator/intake.html", context, status=422)
    try:
        intake_actions.close_request(waiting, request.user, **form.cleaned_data)
    except NotWaiting as gone:
        return _to_queue(request, gone.message)
    return _to_queue(request, _("Förfrågan är avslutad. Inget av det som stod i den finns kvar."))


@coordinator_required
@require_POST
def priority_ground_add(request: HtmxHttpRequest) -> HttpResponse:
    form = PriorityGroundForm(request.POST, auto_id="g-%s")
    if not form.is_valid():
        context = _queue_context(request.user, ground_form=form)
        return render(request, "coordinator/queue.html", context, status=422)
    intake_actions.add_priority_ground(request.user, form.cleaned_data["label"])
    return _to_queue(request, _("Grunden för förtur är sparad."))
