"""System failures (systemfel och brister) on the ombud's phone: the operation's list, a
quick form for a new one, and a failure's page with "Jag har också mött det här" and its
status (sent, answered, closed).

Every form works as a plain post (a redirect back with a message) and with htmx (the
section that changed, with a confirmation in the live region). A refused text, for
example one that names a client, is shown again as typed with the words pointed out
(422). Clients and coordinators get 404 here; the coordinators' view of the failures is
the steering-group page.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.actions import failures as failure_actions
from portal.actions.failures import WrongStatus
from portal.anonymity import client_names_for
from portal.decorators import ombud_required
from portal.forms import (
    FailureAnswerForm,
    FailureForm,
    FailureSentForm,
    FailureSightingForm,
)
from portal.models import SystemFailure
from portal.queries import failures as failure_reading
from portal.rendering import done, finished, form_page, invalid
from portal.types import FormData, HtmxHttpRequest

Status = SystemFailure.Status


def _detail_url(failure_id: int) -> str:
    return reverse("ombud_failure", args=[failure_id])


def _names_to_check(request: HtmxHttpRequest, data: FormData) -> list[str]:
    """The ombud's clients' names, needed only when there is text to check."""
    return client_names_for(request.user) if data is not None else []


def _failure_form(request: HtmxHttpRequest, data: FormData = None, **kwargs: Any) -> FailureForm:
    return FailureForm(
        data,
        operation=request.user.operation,
        client_names=_names_to_check(request, data),
        auto_id="f-%s",
        **kwargs,
    )


def _seen_form(data: FormData = None) -> FailureSightingForm:
    return FailureSightingForm(data, auto_id="s-%s")


def _sent_form(failure: SystemFailure, data: FormData = None) -> FailureSentForm:
    return FailureSentForm(data, organisation_name=failure.organisation.name, auto_id="st-%s")


def _answer_form(
    request: HtmxHttpRequest, failure: SystemFailure, data: FormData = None
) -> FailureAnswerForm:
    return FailureAnswerForm(
        data,
        sent_on=failure.sent_on,
        client_names=_names_to_check(request, data),
        auto_id="an-%s",
    )


@ombud_required
@require_GET
def failure_list(request: HtmxHttpRequest) -> HttpResponse:
    """The operation's failures a page at a time, newest first (`fore`: the cursor of the
    last one shown)."""
    page = failure_reading.failure_page(
        failure_reading.failures_for(request.user), request.GET.get("fore")
    )
    context = {"failures": page.failures, "total": page.total, "older": page.older}
    return render(request, "ombud/failures/list.html", context)


def _form_page(request: HtmxHttpRequest, form: FailureForm, context: dict) -> HttpResponse:
    """The failure form (or its errors, 422): the form alone for htmx, else the page."""
    return form_page(
        request,
        page="ombud/failures/form_page.html",
        partial="partials/failure_form.html",
        context={**context, "form": form},
    )


@ombud_required
@require_http_methods(["GET", "POST"])
def failure_new(request: HtmxHttpRequest) -> HttpResponse:
    form = _failure_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            failure = failure_actions.record_failure(request.user, **form.failure_fields())
        except ValidationError as refused:  # the guard in the action, should the form miss
            form.add_error(None, refused)
        else:
            toast = _("Sparat som utkast. Markera det som skickat när du har skickat det.")
            return finished(request, _detail_url(failure.pk), toast=toast)
    return _form_page(request, form, {"action": reverse("ombud_failure_new")})


def _detail_context(request: HtmxHttpRequest, failure_id: int, **bound: Any) -> dict:
    """The failure page (404 outside the operation); `bound` holds a form with errors, or
    `status_error`. Read after any post, so its status and figures are current."""
    failure = failure_reading.get_failure(request.user, failure_id)
    return {
        "failure": failure,
        "sightings": list(failure_reading.sightings_of(failure)),
        "is_author": failure.created_by_id == request.user.pk,
        "seen_form": bound.get("seen_form") or _seen_form(),
        "sent_form": bound.get("sent_form") or _sent_form(failure),
        "answer_form": bound.get("answer_form") or _answer_form(request, failure),
        "status_error": bound.get("status_error", ""),
        "viewer": request.user,
    }


@ombud_required
@require_GET
def failure_detail(request: HtmxHttpRequest, failure_id: int) -> HttpResponse:
    context = _detail_context(request, failure_id)
    return render(request, "ombud/failures/detail.html", context)


@ombud_required
@require_http_methods(["GET", "POST"])
def failure_edit(request: HtmxHttpRequest, failure_id: int) -> HttpResponse:
    """Only the ombud who wrote it, and only while it is a draft."""
    failure = failure_reading.get_failure(request.user, failure_id)
    if failure.created_by_id != request.user.pk:
        raise PermissionDenied
    if failure.status != Status.DRAFT:
        messages.info(request, _("Den är redan skickad och kan inte ändras längre."))
        return redirect(_detail_url(failure.pk))
    form = _failure_form(request, request.POST or None, initial=FailureForm.initial_for(failure))
    if request.method == "POST" and form.is_valid():
        try:
            failure_actions.edit_failure(failure, request.user, **form.failure_fields())
        except ValidationError as refused:
            form.add_error(None, refused)
        except WrongStatus as wrong:
            return finished(request, _detail_url(failure.pk), toast=wrong.message)
        else:
            return finished(request, _detail_url(failure.pk), toast=_("Ändringarna är sparade."))
    context = {"action": reverse("ombud_failure_edit", args=[failure.pk]), "failure": failure}
    return _form_page(request, form, context)


def _section(
    request: HtmxHttpRequest,
    failure: SystemFailure,
    template: str,
    *,
    toast: str = "",
    status: int = 200,
    **bound: Any,
) -> HttpResponse:
    """Answer an htmx post with its section; a plain post with the whole page (errors)
    or a redirect back to the section (done)."""
    context = _detail_context(request, failure.pk, **bound)
    if status != 200:
        return invalid(
            request, partial=template, page="ombud/failures/detail.html", context=context
        )
    anchor = template.removeprefix("partials/").removesuffix(".html").replace("_", "-")
    response = done(
        request,
        _detail_url(failure.pk),
        toast=toast,
        anchor=anchor,
        template=template,
        context=context,
    )
    if request.htmx:
        figures = render_to_string(
            "partials/failure_figures.html", {**context, "oob": True}, request=request
        )
        response.content += figures.encode()
    return response


@ombud_required
@require_POST
def failure_seen(request: HtmxHttpRequest, failure_id: int) -> HttpResponse:
    failure = failure_reading.get_failure(request.user, failure_id)
    form = _seen_form(request.POST)
    template = "partials/failure_seen.html"
    if not form.is_valid():
        return _section(request, failure, template, status=422, seen_form=form)
    failure_actions.seen_again(failure, request.user, **form.cleaned_data)
    toast = _("Tack. Nu syns det att du också har mött det här.")
    return _section(request, failure, template, toast=toast)


@ombud_required
@require_POST
def failure_sent(request: HtmxHttpRequest, failure_id: int) -> HttpResponse:
    failure = failure_reading.get_failure(request.user, failure_id)
    form = _sent_form(failure, request.POST)
    template = "partials/failure_status.html"
    if not form.is_valid():
        return _section(request, failure, template, status=422, sent_form=form)
    try:
        failure_actions.mark_sent(failure, request.user, **form.cleaned_data)
    except WrongStatus as wrong:
        return _section(request, failure, template, status=422, status_error=wrong.message)
    return _section(request, failure, template, toast=_("Markerad som skickad."))


@ombud_required
@require_POST
def failure_answer(request: HtmxHttpRequest, failure_id: int) -> HttpResponse:
    failure = failure_reading.get_failure(request.user, failure_id)
    form = _answer_form(request, failure, request.POST)
    template = "partials/failure_status.html"
    if form.is_valid():
        try:
            failure_actions.record_answer(failure, request.user, **form.cleaned_data)
        except WrongStatus as wrong:
            return _section(request, failure, template, status=422, status_error=wrong.message)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            return _section(request, failure, template, toast=_("Svaret är sparat."))
    return _section(request, failure, template, status=422, answer_form=form)


@ombud_required
@require_POST
def failure_close(request: HtmxHttpRequest, failure_id: int) -> HttpResponse:
    failure = failure_reading.get_failure(request.user, failure_id)
    template = "partials/failure_status.html"
    try:
        failure_actions.close(failure, request.user)
    except WrongStatus as wrong:
        return _section(request, failure, template, status=422, status_error=wrong.message)
    return _section(request, failure, template, toast=_("Rapporten är avslutad."))
