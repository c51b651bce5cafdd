"""Rendering helpers shared by the ombud and client pages.

A write answers an htmx request with the partial that changed (and a short confirmation
swapped into the page's live region), and a plain form post with a redirect, so every
form works without JavaScript."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string


def render_partial(
    request: HttpRequest, template: str, context: dict, *, toast: str = "", status: int = 200
) -> HttpResponse:
    context = {**context, "viewer": request.user}
    html = render_to_string(template, context, request=request)
    if toast:
        html += render_to_string("partials/toast.html", {"toast": toast}, request=request)
    return HttpResponse(html, status=status)


def done(request: HttpRequest, to: str, *, toast: str, anchor: str = "", **partial) -> HttpResponse:
    """Answer a successful write: the partial for htmx, a redirect with a message otherwise."""
    if request.htmx and partial:
        return render_partial(request, partial["template"], partial["context"], toast=toast)
    messages.success(request, toast)
    return redirect(to + (f"#{anchor}" if anchor else ""))
