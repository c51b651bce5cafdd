"""The ombud's pages. Each view parses input, checks access through portal.access, calls
an action and renders: a partial for htmx, a redirect or a full page without JavaScript."""

import io

import qrcode
import qrcode.image.svg
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import retarget

from portal import access, audit, conversation
from portal.actions import contacts as contact_actions
from portal.actions import plan as plan_actions
from portal.actions.messaging import unread_for
from portal.decorators import role_required
from portal.forms import (
    AssignmentForm,
    MeetingForm,
    NewClientForm,
    PaperConsentForm,
    PhaseForm,
    TaskForm,
)
from portal.models import AuditEntry, Contact, Role, WorkingNote
from portal.queries import caseload as load_caseload
from portal.queries import (
    consent_lists,
    consented_organisations,
    flag_missing_consent,
    load_plan,
)
from portal.rendering import done, render_partial

ombud_required = role_required(Role.OMBUD)


def _task_form(assignment, data=None) -> TaskForm:
    return TaskForm(data, auto_id=f"t{assignment.pk}-%s")


def _plan_context(contact: Contact, bound: dict | None = None) -> dict:
    bound = bound or {}
    context = load_plan(contact)
    for assignment in context["assignments"]:
        assignment.task_form = bound.get(("task", assignment.pk)) or _task_form(assignment)
    context["assignment_form"] = bound.get("assignment") or AssignmentForm(auto_id="a-%s")
    context["meeting_form"] = bound.get("meeting") or MeetingForm(auto_id="m-%s")
    context["phase_form"] = PhaseForm(initial={"phase": contact.phase}, auto_id="p-%s")
    context.update(consent_lists(contact, context["consents"]))
    context["consent_form"] = bound.get("consent") or PaperConsentForm(
        client_name=contact.client.display_name, auto_id="pc-%s"
    )
    context.update(_counts(contact))
    return context


def _counts(contact: Contact) -> dict:
    """Unread messages and the ombud's own working notes, in one query."""

    def per_contact(queryset) -> Coalesce:
        rows = queryset.filter(contact=OuterRef("pk")).values("contact").annotate(n=Count("pk"))
        return Coalesce(Subquery(rows.values("n")), 0)

    return (
        Contact.objects.filter(pk=contact.pk)
        .annotate(
            unread=per_contact(unread_for(contact, contact.ombud)),
            note_count=per_contact(WorkingNote.objects.all()),
        )
        .values("unread", "note_count")
        .get()
    )


def _plan_url(contact_id: int) -> str:
    return reverse("ombud_plan", args=[contact_id])


def _saved(request, contact: Contact, section: str, toast: str, anchor: str = "") -> HttpResponse:
    """A write to the plan went through: the changed section for htmx, else the plan page."""
    return done(
        request,
        _plan_url(contact.pk),
        toast=toast,
        anchor=anchor,
        template=f"partials/{section}_section.html",
        context=_plan_context(contact),
    )


def _invalid(request, contact, template: str, bound: dict) -> HttpResponse:
    """A form with errors: its section for htmx, the whole plan page otherwise; 422 both."""
    context = _plan_context(contact, bound)
    if request.htmx:
        return render_partial(request, template, context, status=422)
    return render(request, "ombud/plan.html", {**context, "viewer": request.user}, status=422)


def _edit_form(request, kind: str, context: dict, *, target: str = "") -> HttpResponse:
    """An inline edit form (or its errors, 422): in place for htmx, as a page without JS.

    `target` puts an htmx answer back over the item when the form posts elsewhere."""
    status = 422 if context["form"].errors else 200
    if not request.htmx:
        return render(request, f"ombud/{kind}_edit.html", context, status=status)
    response = render_partial(request, f"partials/{kind}_edit.html", context, status=status)
    return retarget(response, target) if target else response


def _meeting_fields(data: dict) -> dict:
    return {key: data[key] for key in ("starts_at", "place", "with_whom", "about")}


@ombud_required
@require_GET
def caseload(request: HttpRequest):
    return render(request, "ombud/caseload.html", load_caseload(request.user))


@ombud_required
@require_http_methods(["GET", "POST"])
def new_client(request: HttpRequest):
    form = NewClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact = contact_actions.create_client_contact(request.user, **form.cleaned_data)
        return done(request, _plan_url(contact.pk), toast=_("Klienten är tillagd."))
    status = 422 if form.errors else 200
    return render(request, "ombud/new_client.html", {"form": form}, status=status)


@ombud_required
@require_GET
def plan(request: HttpRequest, contact_id: int):
    contact = access.get_contact(request.user, contact_id)
    audit.record(contact, request.user, AuditEntry.Action.VIEWED_PLAN)
    return render(request, "ombud/plan.html", {**_plan_context(contact), "viewer": request.user})


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


@ombud_required
@require_POST
@never_cache
def invite(request: HttpRequest, contact_id: int):
    """Shown once: the link and code work one time only, and we keep only their hashes."""
    contact = access.get_contact(request.user, contact_id)
    created, token, code = contact_actions.create_invite(contact, request.user)
    link = request.build_absolute_uri(reverse("invite_link", args=[token]))
    context = {
        "contact": contact,
        "link": link,
        "code": code,
        "qr": _qr_svg(link),
        "expires_at": created.expires_at,
    }
    return render(request, "ombud/invite.html", context)


@ombud_required
@require_POST
def phase(request: HttpRequest, contact_id: int):
    contact = access.get_contact(request.user, contact_id)
    form = PhaseForm(request.POST, auto_id="p-%s")
    if not form.is_valid():
        return _invalid(request, contact, "partials/phase_section.html", {})
    contact_actions.change_phase(contact, request.user, phase=form.cleaned_data["phase"])
    return _saved(request, contact, "phase", _("Fasen är ändrad."), anchor="phase")


@ombud_required
@require_POST
def assignment_add(request: HttpRequest, contact_id: int):
    contact = access.get_contact(request.user, contact_id)
    form = AssignmentForm(request.POST, auto_id="a-%s")
    if not form.is_valid():
        return _invalid(request, contact, "partials/assignment_section.html", {"assignment": form})
    assignment = plan_actions.add_assignment(contact, request.user, **form.cleaned_data)
    return _saved(
        request,
        contact,
        "assignment",
        _("Uppdraget är sparat."),
        anchor=f"assignment-{assignment.pk}",
    )


@ombud_required
@require_http_methods(["GET", "POST"])
def assignment_edit(request: HttpRequest, assignment_id: int):
    assignment = access.get_assignment(request.user, assignment_id)
    contact = assignment.contact
    initial = {"title": assignment.title, "life_area": assignment.life_area}
    form = AssignmentForm(request.POST or None, initial=initial, auto_id=f"ae{assignment.pk}-%s")
    if request.method == "POST" and form.is_valid():
        plan_actions.edit_assignment(assignment, request.user, **form.cleaned_data)
        return _saved(
            request,
            contact,
            "assignment",
            _("Uppdraget är sparat."),
            anchor=f"assignment-{assignment.pk}",
        )
    context = {"assignment": assignment, "form": form, "contact": contact}
    return _edit_form(request, "assignment", context, target=f"#assignment-{assignment.pk}")


@ombud_required
@require_POST
def task_add(request: HttpRequest, assignment_id: int):
    assignment = access.get_assignment(request.user, assignment_id)
    contact = assignment.contact
    form = _task_form(assignment, request.POST)
    if not form.is_valid():
        return _invalid(
            request, contact, "partials/assignment_section.html", {("task", assignment.pk): form}
        )
    task = plan_actions.add_task(assignment, request.user, **form.cleaned_data)
    return _saved(
        request, contact, "assignment", _("Uppgiften är sparad."), anchor=f"task-{task.pk}"
    )


@ombud_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, task_id: int):
    task = access.get_task(request.user, task_id)
    initial = {"what": task.what, "who": task.who, "who_other": task.who_other, "due": task.due}
    initial["organisation"] = task.organisation
    form = TaskForm(request.POST or None, initial=initial, auto_id=f"te{task.pk}-%s")
    if request.method == "POST" and form.is_valid():
        plan_actions.edit_task(task, request.user, **form.cleaned_data)
        flag_missing_consent([task], consented_organisations(task.contact))
        return done(
            request,
            _plan_url(task.contact_id),
            toast=_("Uppgiften är sparad."),
            anchor=f"task-{task.pk}",
            template="partials/task_row.html",
            context={"task": task},
        )
    context = {"task": task, "form": form, "contact": task.contact}
    return _edit_form(request, "task", context)


@ombud_required
@require_POST
def task_done(request: HttpRequest, task_id: int):
    task = access.get_task(request.user, task_id)
    is_done = request.POST.get("done") == "1"
    plan_actions.set_task_done(task, request.user, done=is_done)
    task.refresh_from_db()
    flag_missing_consent([task], consented_organisations(task.contact))
    return done(
        request,
        _plan_url(task.contact_id),
        toast=_("Markerad som klar.") if is_done else _("Markerad som inte klar."),
        anchor=f"task-{task.pk}",
        template="partials/task_row.html",
        context={"task": task},
    )


@ombud_required
@require_POST
def task_remove(request: HttpRequest, task_id: int):
    task = access.get_task(request.user, task_id)
    contact = task.contact
    plan_actions.remove_task(task, request.user)
    return _saved(request, contact, "assignment", _("Uppgiften är borttagen."))


@ombud_required
@require_POST
def meeting_add(request: HttpRequest, contact_id: int):
    contact = access.get_contact(request.user, contact_id)
    form = MeetingForm(request.POST, auto_id="m-%s")
    if not form.is_valid():
        return _invalid(request, contact, "partials/meeting_section.html", {"meeting": form})
    meeting = plan_actions.add_meeting(contact, request.user, **_meeting_fields(form.cleaned_data))
    return _saved(
        request, contact, "meeting", _("Träffen är sparad."), anchor=f"meeting-{meeting.pk}"
    )


@ombud_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, meeting_id: int):
    meeting = access.get_meeting(request.user, meeting_id)
    contact = meeting.contact
    form = MeetingForm(
        request.POST or None, initial=MeetingForm.initial_for(meeting), auto_id=f"me{meeting.pk}-%s"
    )
    if request.method == "POST" and form.is_valid():
        plan_actions.edit_meeting(meeting, request.user, **_meeting_fields(form.cleaned_data))
        return _saved(
            request, contact, "meeting", _("Träffen är sparad."), anchor=f"meeting-{meeting.pk}"
        )
    context = {"meeting": meeting, "form": form, "contact": contact}
    return _edit_form(request, "meeting", context, target=f"#meeting-{meeting.pk}")


@ombud_required
@require_POST
def meeting_remove(request: HttpRequest, meeting_id: int):
    meeting = access.get_meeting(request.user, meeting_id)
    contact = meeting.contact
    plan_actions.remove_meeting(meeting, request.user)
    return _saved(request, contact, "meeting", _("Träffen är borttagen."))


@ombud_required
@require_http_methods(["GET", "POST"])
def messages(request: HttpRequest, contact_id: int):
    contact = access.get_contact(request.user, contact_id)
    url = reverse("ombud_messages", args=[contact.pk])
    urls = {"page": url, "send": url}
    if request.method == "POST":
        return conversation.send(request, contact, page="ombud/messages.html", urls=urls)
    return conversation.show(request, contact, page="ombud/messages.html", urls=urls)
