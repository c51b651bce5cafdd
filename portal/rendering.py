"""How every UI answers a form, in one place.

- `done`: a write went through. htmx gets the partial that changed, with a short
  confirmation swapped into the page's live region; a plain form post gets a redirect
  with the same message, so every form works without JavaScript.
- `undoable`: as `done`, with "Ångra" in the confirmation for a moment (portal.undo).
- `finished`: a write that leads to another page: a full navigation (HX-Redirect for
  htmx) with a confirmation.
- `invalid`: a form with errors. htmx gets the form's partial, a plain post the whole
  page; both with status 422 and what was typed kept.
- `form_page`: a page with a form that is shown (200) or shown again with errors (422).
- `inline_edit`: an inline edit form, in place for htmx, as a page of its own without.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django_htmx.http import HttpResponseClientRedirect, retarget

from portal.types import HtmxHttpRequest
from portal.undo import UNDO_SECONDS


def render_partial(
    request: HtmxHttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    toast: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {**context, "viewer": request.user}
    html = render_to_string(template, context, request=request)
    if toast:
        html += render_to_string("partials/toast.html", {"toast": toast}, request=request)
    return HttpResponse(html, status=status)


def done(
    request: HtmxHttpRequest,
    to: str,
    *,
    toast: str,
    anchor: str = "",
    template: str = "",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Answer a successful write: the partial for htmx, a redirect with a message otherwise."""
    if request.htmx and template:
        return render_partial(request, template, context or {}, toast=toast)
    messages.success(request, toast)
    return redirect(to + (f"#{anchor}" if anchor else ""))


def undoable(
    request: HtmxHttpRequest,
    to: str,
    *,
    toast: str,
    undo_url: str,
    undo_target: str,
    template: str,
    context: dict[str, Any],
    anchor: str = "",
) -> HttpResponse:
    """As `done`, for a write that can be undone for a moment (portal.undo): the toast
    carries an "Ångra" button that posts to `undo_url` (its htmx answer replaces
    `undo_target`); static/js/undo.js takes the button away when the moment is over.
    Without JavaScript the same toast comes with the page after the redirect."""
    undo = {
        "toast": toast,
        "undo_url": undo_url,
        "undo_target": undo_target,
        "undo_seconds": UNDO_SECONDS,
    }
    if request.htmx:
        html = render_to_string(template, {**context, "viewer": request.user}, request=request)
        html += render_to_string("partials/undo_toast.html", {**undo, "oob": True}, request=request)
        return HttpResponse(html)
    notice = render_to_string("partials/undo_toast.html", undo, request=request)
    messages.success(request, mark_safe(notice))  # our own template, escaped inside
    return redirect(to + (f"#{anchor}" if anchor else ""))


def finished(request: HtmxHttpRequest, to: str, *, toast: str) -> HttpResponse:
    """After a write that leads to another page: go there with a confirmation."""
    messages.success(request, toast)
    if request.htmx:
        return HttpResponseClientRedirect(to)
    return redirect(to)


def invalid(
    request: HtmxHttpRequest, *, partial: str, page: str, context: dict[str, Any]
) -> HttpResponse:
    """A form with errors: its partial for htmx, the whole page otherwise; 422 both."""
    if request.htmx:
        return render_partial(request, partial, context, status=422)
    return render(request, page, {**context, "viewer": request.user}, status=422)


def form_page(
    request: HtmxHttpRequest, *, page: str, context: dict[str, Any], partial: str = ""
) -> HttpResponse:
    """The page with its form (`context["form"]`): 200, or 422 with the form's errors
    (the `partial` alone for htmx, when there is one)."""
    if context["form"].errors:
        if partial:
            return invalid(request, partial=partial, page=page, context=context)
        return render(request, page, {**context, "viewer": request.user}, status=422)
    return render(request, page, context)


def inline_edit(
    request: HtmxHttpRequest, *, page: str, partial: str, context: dict[str, Any], target: str = ""
) -> HttpResponse:
    """An inline edit form (or its errors, 422): in place for htmx, as a page without JS.

    `target` puts an htmx answer back over the item when the form posts elsewhere."""
    status = 422 if context["form"].errors else 200
    if not request.htmx:
        return render(request, page, context, status=status)
    response = render_partial(request, partial, context, status=status)
    return retarget(response, target) if target else response
