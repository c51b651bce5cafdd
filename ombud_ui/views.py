"""The ombud's pages: the caseload, a new client, the invite, one client's plan and the
conversation. Each view parses input, checks access through portal.access, calls an
action and renders: a partial for htmx, a redirect or a full page without JavaScript."""

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import access, pagecache
from portal.actions import contacts as contact_actions
from portal.actions import plan as plan_actions
from portal.actions import sessions
from portal.actions.audit import record
from portal.actions.intake import CaseloadFull, take_on
from portal.decorators import ombud_required
from portal.forms import (
    AssignmentForm,
    AssignmentMoveForm,
    LetterForm,
    MeetingForm,
    NewClientForm,
    PaperConsentForm,
    PhaseForm,
    TaskForm,
)
from portal.links import absolute_url
from portal.models import AuditEntry, Contact, Task, User
from portal.pages import conversation
from portal.pages.team import team_parts
from portal.qr import qr_svg
from portal.queries.caseload import caseload as load_caseload
from portal.queries.caseload import waiting_for_ombud
from portal.queries.consent import consent_lists
from portal.queries.invites import invite_state
from portal.queries.letters import letters_of
from portal.queries.network import network_of
from portal.queries.plan import load_plan, task_row
from portal.rendering import done, finished, form_page, inline_edit, invalid, undoable
from portal.types import HtmxHttpRequest
from portal.undo import UndoTooLate


def plan_context(contact: Contact, viewer: User, bound: dict | None = None) -> dict:
    """The plan page for the ombud side (the ombud, or a stand-in); `bound` holds a form
    with errors to show in place of a fresh one."""
    bound = bound or {}
    context = load_plan(contact)
    for assignment in context["assignments"]:
        assignment.task_form = bound.get(("task", assignment.pk)) or TaskForm.for_assignment(
            assignment, viewer=contact.ombud, network=context["network"]
        )
    context["assignment_form"] = bound.get("assignment") or AssignmentForm(auto_id="a-%s")
    context["meeting_form"] = bound.get("meeting") or MeetingForm(auto_id="m-%s")
    context["phase_form"] = PhaseForm.for_contact(contact)
    context.update(consent_lists(contact, context["consents"]))
    context["consent_form"] = bound.get("consent") or PaperConsentForm.for_contact(contact)
    context.update(waiting_for_ombud(contact, viewer))
    state = invite_state(contact)
    context["reset_request"], context["may_invite"] = state.reset_request, state.may_invite
    # The ombud side opens this page (the ombud, or a stand-in): the cards are drawn for it.
    context["letters"] = letters_of(contact, viewer, consented=context["consented"])
    context["letter_form"] = LetterForm()
    context.update(team_parts(contact, viewer))
    return context


def _plan_url(contact_id: int) -> str:
    return reverse("ombud_plan", args=[contact_id])


def _saved(
    request: HtmxHttpRequest, contact: Contact, section: str, toast: str, anchor: str = ""
) -> HttpResponse:
    """A write to the plan went through: the changed section for htmx, else the plan page."""
    return done(
        request,
        _plan_url(contact.pk),
        toast=toast,
        anchor=anchor,
        template=f"partials/{section}_section.html",
        context=plan_context(contact, request.user),
    )


def _invalid(request: HtmxHttpRequest, contact: Contact, section: str, bound: dict) -> HttpResponse:
    """A form of the plan page with errors: its section for htmx, else the page; 422."""
    return invalid(
        request,
        partial=f"partials/{section}_section.html",
        page="ombud/plan.html",
        context=plan_context(contact, request.user, bound),
    )


def _edit(request: HtmxHttpRequest, kind: str, context: dict, target: str = "") -> HttpResponse:
    return inline_edit(
        request,
        page=f"ombud/{kind}_edit.html",
        partial=f"partials/{kind}_edit.html",
        context=context,
        target=target,
    )


def _task_saved(request: HtmxHttpRequest, task: Task, toast: str) -> HttpResponse:
    """A task row changed: the row for htmx (read afresh, consent flag and all)."""
    return done(
        request,
        _plan_url(task.contact_id),
        toast=toast,
        anchor=f"task-{task.pk}",
        template="partials/task_row.html",
        context={"task": task_row(task)},
    )


def _meeting_fields(data: dict) -> dict:
    return {key: data[key] for key in ("starts_at", "place", "with_whom", "about")}


@ombud_required
@require_GET
def caseload(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "ombud/caseload.html", load_caseload(request.user))


@ombud_required
@require_http_methods(["GET", "POST"])
def new_client(request: HtmxHttpRequest) -> HttpResponse:
    """The one door in, from the ombud's side: the request's facts, then the same caseload
    check as the queue. Over the limit the page says so (422, everything kept) and asks
    why; the reason is recorded with who and when."""
    form = NewClientForm(request.POST or None, operation=request.user.operation, auto_id="nc-%s")
    over_limit = "override_reason" in request.POST
    if request.method == "POST" and form.is_valid():
        try:
            contact = take_on(
                request.user,
                override_reason=form.cleaned_data["override_reason"],
                **form.intake_fields(),
            )
        except CaseloadFull as full:
            form.add_error(None, full.message)
            over_limit = True
        else:
            return finished(request, _plan_url(contact.pk), toast=_("Klienten är tillagd."))
    if over_limit:
        form.fields["override_reason"].widget.attrs["autofocus"] = True
    return form_page(
        request,
        page="ombud/new_client.html",
        partial="partials/new_client_form.html",
        context={"form": form, "over_limit": over_limit},
    )


@ombud_required
@require_GET
def plan(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    contact = access.get_contact(request.user, contact_id)
    record(contact, request.user, AuditEntry.Action.VIEWED_PLAN)
    waiting = waiting_for_ombud(contact, request.user)
    parts = pagecache.contact_parts(
        request,
        "ombud_plan",
        contact,
        ("ombud/plan_network.html", "ombud/plan_sections.html", "partials/change_list.html"),
        lambda: plan_context(contact, request.user),
        # Working notes get no number (they are the ombud's own): the ending section
        # asks about undecided ones, the team section counts handed ones.
        extra=(waiting["undecided_notes"], waiting["handed_notes"]),
    )
    context = {"contact": contact, "viewer": request.user, "parts": parts, **waiting}
    state = invite_state(contact)
    context["reset_request"], context["may_invite"] = state.reset_request, state.may_invite
    return render(request, "ombud/plan.html", context)


@ombud_required
@require_POST
@never_cache
def invite(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    """Shown once: the link and code work one time only, and we keep only their hashes."""
    contact = access.get_contact(request.user, contact_id)
    created, token, code = contact_actions.create_invite(contact, request.user)
    link = absolute_url(request, reverse("invite_link", args=[token]))
    context = {
        "contact": contact,
        "link": link,
        "code": code,
        "qr": qr_svg(link),
        "expires_at": created.expires_at,
    }
    return render(request, "ombud/invite.html", context)


@ombud_required
@require_http_methods(["GET", "POST"])
def client_sign_out(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    """A lost phone: the client asks their ombud to sign them out everywhere. A page to
    confirm on, then every session of the client ends and their sockets close."""
    contact = access.get_contact(request.user, contact_id)
    if request.method == "POST":
        sessions.sign_out_client_everywhere(contact, request.user)
        name = contact.client.display_name
        toast = _("%(name)s är utloggad från alla enheter.") % {"name": name}
        return finished(request, _plan_url(contact.pk) + "#client-app", toast=toast)
    return render(request, "ombud/client_sign_out.html", {"contact": contact})


@ombud_required
@require_POST
def phase(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    contact = access.get_contact(request.user, contact_id)
    form = PhaseForm(request.POST, auto_id="p-%s")
    if not form.is_valid():
        return _invalid(request, contact, "phase", {})
    contact_actions.change_phase(contact, request.user, phase=form.cleaned_data["phase"])
    response = _saved(request, contact, "phase", _("Fasen är ändrad."), anchor="phase")
    if request.htmx:
        # What may be proposed about ending depends on the phase.
        context = {**team_parts(contact, request.user), "oob": True}
        close = render_to_string("partials/close_section.html", context, request=request)
        response.content += close.encode()
    return response


@ombud_required
@require_POST
def assignment_add(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    contact = access.get_contact(request.user, contact_id)
    form = AssignmentForm(request.POST, auto_id="a-%s")
    if not form.is_valid():
        return _invalid(request, contact, "assignment", {"assignment": form})
    assignment = plan_actions.add_assignment(contact, request.user, **form.cleaned_data)
    anchor = f"assignment-{assignment.pk}"
    return _saved(request, contact, "assignment", _("Uppdraget är sparat."), anchor=anchor)


@ombud_required
@require_http_methods(["GET", "POST"])
def assignment_edit(request: HtmxHttpRequest, assignment_id: int) -> HttpResponse:
    """Any assignment; on one the client wrote, the life area only (the words are theirs)."""
    assignment = access.get_assignment(request.user, assignment_id)
    contact = assignment.contact
    form = AssignmentForm.for_assignment(assignment, request.POST or None)
    anchor = f"assignment-{assignment.pk}"
    if request.method == "POST" and form.is_valid():
        plan_actions.edit_assignment(assignment, request.user, **form.cleaned_data)
        return _saved(request, contact, "assignment", _("Uppdraget är sparat."), anchor=anchor)
    context = {"assignment": assignment, "form": form, "contact": contact, "viewer": request.user}
    return _edit(request, "assignment", context, target=f"#{anchor}")


@ombud_required
@require_POST
def assignment_remove(request: HtmxHttpRequest, assignment_id: int) -> HttpResponse:
    """Not one the client wrote, nor one that holds the client's own tasks (403)."""
    assignment = access.get_assignment(request.user, assignment_id)
    contact = assignment.contact
    plan_actions.remove_assignment(assignment, request.user)
    return _saved(request, contact, "assignment", _("Uppdraget är borttaget."))


@ombud_required
@require_POST
def assignment_move(request: HtmxHttpRequest, assignment_id: int) -> HttpResponse:
    """ "Det här är viktigast nu", or one step up or down: the order the two agree on."""
    assignment = access.get_assignment(request.user, assignment_id)
    contact = assignment.contact
    form = AssignmentMoveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Välj vart uppdraget ska flyttas."))
    plan_actions.move_assignment(assignment, request.user, to=form.cleaned_data["to"])
    toast = _("Ordningen är ändrad. %(name)s ser den nu.") % {"name": contact.client.display_name}
    return _saved(request, contact, "assignment", toast, anchor=f"assignment-{assignment.pk}")


@ombud_required
@require_POST
def task_add(request: HtmxHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.get_assignment(request.user, assignment_id)
    contact = assignment.contact
    form = TaskForm.for_assignment(
        assignment, request.POST, viewer=request.user, network=network_of(contact)
    )
    if not form.is_valid():
        return _invalid(request, contact, "assignment", {("task", assignment.pk): form})
    task = plan_actions.add_task(assignment, request.user, **form.cleaned_data)
    toast = _("Uppgiften är sparad.")
    return _saved(request, contact, "assignment", toast, anchor=f"task-{task.pk}")


@ombud_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = access.get_task(request.user, task_id)
    network = network_of(task.contact)
    form = TaskForm.for_task(task, request.POST or None, viewer=request.user, network=network)
    if request.method == "POST" and form.is_valid():
        plan_actions.edit_task(task, request.user, **form.cleaned_data)
        return _task_saved(request, task, _("Uppgiften är sparad."))
    context = {"task": task, "form": form, "contact": task.contact, "viewer": request.user}
    return _edit(request, "task", context)


@ombud_required
@require_POST
def task_done(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = access.get_task(request.user, task_id)
    is_done = request.POST.get("done") == "1"
    plan_actions.set_task_done(task, request.user, done=is_done)
    toast = _("Markerad som klar.") if is_done else _("Markerad som inte klar.")
    return _task_saved(request, task, toast)


@ombud_required
@require_POST
def task_remove(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    """At once, with "Ångra" for a moment instead of "Är du säker?" (portal.undo)."""
    task = access.get_task(request.user, task_id)
    contact = task.contact
    plan_actions.remove_task(task, request.user)
    return undoable(
        request,
        _plan_url(contact.pk),
        toast=_("Uppgiften är borttagen."),
        undo_url=reverse("ombud_task_restore", args=[task.pk]),
        undo_target="#assignments",
        template="partials/assignment_section.html",
        context=plan_context(contact, request.user),
        anchor=f"assignment-{task.assignment_id}",
    )


@ombud_required
@require_POST
def task_restore(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    """ "Ångra" right after removing a task: it is back where it was."""
    task = access.get_removed_task(request.user, task_id)
    try:
        plan_actions.restore_task(task, request.user)
        toast = _("Uppgiften är tillbaka.")
    except UndoTooLate:
        toast = _("Det går inte att ångra längre. Lägg till uppgiften igen om du vill.")
    return _saved(request, task.contact, "assignment", toast, anchor=f"task-{task.pk}")


@ombud_required
@require_POST
def meeting_add(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    contact = access.get_contact(request.user, contact_id)
    form = MeetingForm(request.POST, auto_id="m-%s")
    if not form.is_valid():
        return _invalid(request, contact, "meeting", {"meeting": form})
    meeting = plan_actions.add_meeting(contact, request.user, **_meeting_fields(form.cleaned_data))
    toast = _("Träffen är sparad.")
    return _saved(request, contact, "meeting", toast, anchor=f"meeting-{meeting.pk}")


@ombud_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HtmxHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, meeting_id)
    contact = meeting.contact
    initial = MeetingForm.initial_for(meeting)
    form = MeetingForm(request.POST or None, initial=initial, auto_id=f"me{meeting.pk}-%s")
    anchor = f"meeting-{meeting.pk}"
    if request.method == "POST" and form.is_valid():
        plan_actions.edit_meeting(meeting, request.user, **_meeting_fields(form.cleaned_data))
        return _saved(request, contact, "meeting", _("Träffen är sparad."), anchor=anchor)
    context = {"meeting": meeting, "form": form, "contact": contact}
    return _edit(request, "meeting", context, target=f"#{anchor}")


@ombud_required
@require_POST
def meeting_remove(request: HtmxHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, meeting_id)
    contact = meeting.contact
    plan_actions.remove_meeting(meeting, request.user)
    return _saved(request, contact, "meeting", _("Träffen är borttagen."))


@ombud_required
@require_http_methods(["GET", "POST"])
def messages(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    contact = access.get_contact(request.user, contact_id)
    url = reverse("ombud_messages", args=[contact.pk])
    urls = {"page": url, "send": url}
    if request.method == "POST":
        return conversation.send(request, contact, page="ombud/messages.html", urls=urls)
    return conversation.show(request, contact, page="ombud/messages.html", urls=urls)
