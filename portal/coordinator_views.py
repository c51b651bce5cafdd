"""The queue: requests for an ombud, registered, waiting and given to an ombud.

The coordinator runs the queue (everything under /samordnare/ko/; anyone else gets 404)
and sees the contact details of a waiting request, never anything of a client's contact.
An ombud takes calls too, so the register page also exists on the ombud's side
(/ombud/forfragan/ny/), with the same form and action.

Forms post and redirect without JavaScript; with htmx they re-render in place on an
error (422) and navigate with HX-Redirect when done.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from portal.actions import intake as intake_actions
from portal.actions.intake import CaseloadFull, NotWaiting
from portal.decorators import role_required
from portal.forms import AssignForm, IntakeForm, PriorityGroundForm
from portal.models import Intake, PriorityGround, Role, User
from portal.rendering import render_partial

coordinator_required = role_required(Role.COORDINATOR)
ombud_required = role_required(Role.OMBUD)


def waited_in_words(days: int) -> str:
    """ "väntat i 12 dagar", or "kom in i dag"."""
    if days <= 0:
        return _("kom in i dag")
    return ngettext("väntat i %(days)d dag", "väntat i %(days)d dagar", days) % {"days": days}


def _waiting(user: User, intake_id: int) -> Intake:
    """A waiting request of the user's operation, or 404."""
    intake = (
        Intake.objects.filter(
            pk=intake_id, operation_id=user.operation_id, status=Intake.Status.WAITING
        )
        .select_related("registered_by")
        .prefetch_related("priority_grounds")
        .first()
    )
    if intake is None:
        raise Http404
    return intake


def _finished(request: HttpRequest, to: str, *, toast: str) -> HttpResponse:
    """After a write: go to `to` with a confirmation (a full navigation for htmx too)."""
    messages.success(request, toast)
    if request.htmx:
        return HttpResponseClientRedirect(to)
    return redirect(to)


def _queue_context(user: User, *, ground_form: PriorityGroundForm | None = None) -> dict:
    operation = user.operation
    today = timezone.localdate()
    entries = [
        {
            "position": number,
            "intake": intake,
            "waited": waited_in_words(intake_actions.waiting_days(intake, today=today)),
        }
        for number, intake in enumerate(intake_actions.queue(operation), start=1)
    ]
    caseloads = intake_actions.active_caseloads(operation)
    ombud = User.objects.filter(role=Role.OMBUD, operation=operation, is_active=True)
    free = sum(
        max(0, person.caseload_limit() - caseloads.get(person.pk, 0))
        for person in ombud.select_related("operation")
    )
    return {
        "entries": entries,
        "free_places": free,
        "grounds": PriorityGround.objects.filter(operation=operation).order_by("label", "pk"),
        "ground_form": ground_form or PriorityGroundForm(auto_id="g-%s"),
    }


@coordinator_required
@require_GET
def queue(request: HttpRequest):
    return render(request, "coordinator/queue.html", _queue_context(request.user))


def _register(request: HttpRequest, *, template: str, action: str, done_url: str):
    form = IntakeForm(request.POST or None, operation=request.user.operation)
    if request.method == "POST" and form.is_valid():
        intake_actions.register_intake(request.user, **form.cleaned_data)
        return _finished(request, done_url, toast=_("Förfrågan är sparad och står i kön."))
    status = 422 if form.errors else 200
    context = {"form": form, "action": action}
    if request.htmx and form.errors:
        return render_partial(request, "partials/intake_form.html", context, status=status)
    return render(request, template, context, status=status)


@coordinator_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest):
    return _register(
        request,
        template="coordinator/intake_new.html",
        action=reverse("coordinator_intake_new"),
        done_url=reverse("coordinator_queue"),
    )


@ombud_required
@require_http_methods(["GET", "POST"])
def ombud_register(request: HttpRequest):
    """The ombud took the call: the request goes into the operation's queue."""
    return _register(
        request,
        template="ombud/intake_new.html",
        action=reverse("ombud_intake_new"),
        done_url=reverse("ombud_caseload"),
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest, intake_id: int):
    """One waiting request and the choice of ombud. Over the chosen ombud's limit, the
    page says so (422, the choice kept) and asks for the reason, which is recorded."""
    waiting = _waiting(request.user, intake_id)
    operation = request.user.operation
    form = AssignForm(
        request.POST or None,
        operation=operation,
        caseloads=intake_actions.active_caseloads(operation),
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
            return _finished(request, reverse("coordinator_queue"), toast=gone.message)
        else:
            toast = _("Förfrågan har gått till %(name)s.") % {"name": chosen.display_name}
            return _finished(request, reverse("coordinator_queue"), toast=toast)
    if over_limit:
        form.fields["override_reason"].widget.attrs["autofocus"] = True
    status = 422 if form.errors else 200
    context = {
        "intake": waiting,
        "form": form,
        "over_limit": over_limit,
        "position": intake_actions.position(waiting),
        "waited": waited_in_words(intake_actions.waiting_days(waiting)),
    }
    if request.htmx and form.errors:
        return render_partial(request, "partials/assign_form.html", context, status=status)
    return render(request, "coordinator/intake.html", context, status=status)


@coordinator_required
@require_POST
def withdraw(request: HttpRequest, intake_id: int):
    """Take the request out of the queue: it is deleted for real."""
    waiting = _waiting(request.user, intake_id)
    try:
        intake_actions.withdraw(waiting, request.user)
    except NotWaiting as gone:
        return _finished(request, reverse("coordinator_queue"), toast=gone.message)
    toast = _("Förfrågan är borttagen. Inget av det som stod i den finns kvar.")
    return _finished(request, reverse("coordinator_queue"), toast=toast)


@coordinator_required
@require_POST
def priority_ground_add(request: HttpRequest):
    form = PriorityGroundForm(request.POST, auto_id="g-%s")
    if not form.is_valid():
        context = _queue_context(request.user, ground_form=form)
        return render(request, "coordinator/queue.html", context, status=422)
    intake_actions.add_priority_ground(request.user, form.cleaned_data["label"])
    return _finished(
        request, reverse("coordinator_queue"), toast=_("Grunden för förtur är sparad.")
    )
