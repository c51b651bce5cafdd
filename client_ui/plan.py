"""The client shapes their own plan: what they want help with, what there is to do,
and the order that matters now. The words the client writes are theirs: only they
change or remove them (portal.actions.plan has the rules; a refusal is 403)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from client_ui.views import plan_context
from portal import access
from portal.actions import plan as plan_actions
from portal.decorators import client_required
from portal.forms import AssignmentMoveForm, ClientAssignmentForm, TaskForm
from portal.queries.network import network_of
from portal.queries.plan import task_row
from portal.rendering import done, inline_edit, invalid, undoable
from portal.types import HtmxHttpRequest
from portal.undo import UndoTooLate

SAVED = gettext_lazy("Sparat. Ditt ombud ser det nu.")


def _section(request: HtmxHttpRequest, toast: str, anchor: str = "") -> HttpResponse:
    """The assignments for htmx (in their order, with what changed), else Min plan."""
    return done(
        request,
        reverse("client_plan"),
        toast=toast,
        anchor=anchor,
        template="partials/assignment_section.html",
        context=plan_context(request),
    )


def _invalid(request: HtmxHttpRequest, bound: dict) -> HttpResponse:
    return invalid(
        request,
        partial="partials/assignment_section.html",
        page="client/plan.html",
        context=plan_context(request, bound),
    )


@client_required
@require_POST
def assignment_add(request: HtmxHttpRequest) -> HttpResponse:
    """ "Jag vill ha hjälp med …", in the client's own words."""
    contact = access.client_contact(request.user)
    form = ClientAssignmentForm(request.POST, auto_id="a-%s")
    if not form.is_valid():
        return _invalid(request, {"assignment": form})
    assignment = plan_actions.add_assignment(
        contact, request.user, title=form.cleaned_data["title"]
    )
    return _section(request, str(SAVED), anchor=f"assignment-{assignment.pk}")


@client_required
@require_http_methods(["GET", "POST"])
def assignment_edit(request: HtmxHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.get_assignment(request.user, assignment_id)
    if not assignment.may_reword(request.user):
        raise PermissionDenied
    form = ClientAssignmentForm(
        request.POST or None, initial={"title": assignment.title}, auto_id=f"ae{assignment.pk}-%s"
    )
    anchor = f"assignment-{assignment.pk}"
    if request.method == "POST" and form.is_valid():
        plan_actions.edit_assignment(assignment, request.user, title=form.cleaned_data["title"])
        return _section(request, str(SAVED), anchor=anchor)
    context = {
        "assignment": assignment,
        "form": form,
        "contact": assignment.contact,
        "viewer": request.user,
    }
    return inline_edit(
        request,
        page="client/assignment_edit.html",
        partial="partials/assignment_edit.html",
        context=context,
        target=f"#{anchor}",
    )


@client_required
@require_POST
def assignment_remove(request: HtmxHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.get_assignment(request.user, assignment_id)
    plan_actions.remove_assignment(assignment, request.user)
    return _section(request, _("Du tog bort det."))


@client_required
@require_POST
def assignment_move(request: HtmxHttpRequest, assignment_id: int) -> HttpResponse:
    """ "Det här är viktigast nu", or one step up or down."""
    assignment = access.get_assignment(request.user, assignment_id)
    form = AssignmentMoveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Välj vart det ska flyttas."))
    to = form.cleaned_data["to"]
    plan_actions.move_assignment(assignment, request.user, to=to)
    if to == "top":
        toast = _("Det står nu först, som det viktigaste. Ditt ombud ser det nu.")
    else:
        toast = _("Ordningen är ändrad. Ditt ombud ser det nu.")
    return _section(request, toast, anchor=f"assignment-{assignment.pk}")


@client_required
@require_POST
def task_add(request: HtmxHttpRequest, assignment_id: int) -> HttpResponse:
    """ "Lägg till något att göra" on any assignment of the plan."""
    assignment = access.get_assignment(request.user, assignment_id)
    network = network_of(assignment.contact)
    form = TaskForm.for_assignment(assignment, request.POST, viewer=request.user, network=network)
    if not form.is_valid():
        return _invalid(request, {("task", assignment.pk): form})
    task = plan_actions.add_task(assignment, request.user, **form.cleaned_data)
    return _section(request, str(SAVED), anchor=f"task-{task.pk}")


@client_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = access.get_task(request.user, task_id)
    if not task.may_reword(request.user):
        raise PermissionDenied
    network = network_of(task.contact)
    form = TaskForm.for_task(task, request.POST or None, viewer=request.user, network=network)
    if request.method == "POST" and form.is_valid():
        plan_actions.edit_task(task, request.user, **form.cleaned_data)
        return done(
            request,
            reverse("client_plan"),
            toast=str(SAVED),
            anchor=f"task-{task.pk}",
            template="partials/task_row.html",
            context={"task": task_row(task, consent_flag=False)},
        )
    context = {"task": task, "form": form, "contact": task.contact, "viewer": request.user}
    return inline_edit(
        request, page="client/task_edit.html", partial="partials/task_edit.html", context=context
    )


@client_required
@require_POST
def task_remove(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    """At once, with "Ångra" for a moment instead of "Är du säker?" (portal.undo)."""
    task = access.get_task(request.user, task_id)
    plan_actions.remove_task(task, request.user)
    return undoable(
        request,
        reverse("client_plan"),
        toast=_("Du tog bort det."),
        undo_url=reverse("client_task_restore", args=[task.pk]),
        undo_target="#assignments",
        template="partials/assignment_section.html",
        context=plan_context(request),
        anchor=f"assignment-{task.assignment_id}",
    )


@client_required
@require_POST
def task_restore(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    """ "Ångra" right after removing a task: it is back where it was."""
    task = access.get_removed_task(request.user, task_id)
    try:
        plan_actions.restore_task(task, request.user)
        toast = _("Nu är det tillbaka.")
    except UndoTooLate:
        toast = _("Det går inte att ångra längre. Skriv in det igen om du vill.")
    return _section(request, toast, anchor=f"task-{task.pk}")
