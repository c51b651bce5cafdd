""" "Jag orkar inte just nu": the client pauses their notifications for a while (Mer, and
a quick link on Min plan), and turns them on again. The ombud sees that they are paused
and until when, never why (portal.queries.pause)."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal import access
from portal.actions.pause import pause_notifications, resume_notifications
from portal.decorators import client_required
from portal.forms import PauseForm
from portal.rendering import finished, form_page
from portal.templatetags.plain import plain_datetime
from portal.types import HtmxHttpRequest


def _back(request: HtmxHttpRequest) -> str:
    """Where "Slå på igen" was pressed: Min plan, Mer or this page."""
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return reverse("client_pause")


@client_required
@require_http_methods(["GET", "POST"])
def pause(request: HtmxHttpRequest) -> HttpResponse:
    contact = access.client_contact(request.user)
    form = PauseForm(request.POST or None, auto_id="pause-%s")
    if request.method == "POST" and form.is_valid():
        pause_notifications(request.user, form.cleaned_data["length"])
        if request.user.notifications_paused_open:
            toast = _("Notiserna är pausade tills du slår på dem igen. Ta hand om dig.")
        else:
            toast = _("Notiserna är pausade till %(when)s. Ta hand om dig.") % {
                "when": plain_datetime(request.user.notifications_paused_until)
            }
        return finished(request, reverse("client_plan"), toast=toast)
    context = {"form": form, "contact": contact, "viewer": request.user}
    return form_page(request, page="client/pause.html", context=context)


@client_required
@require_POST
def resume(request: HtmxHttpRequest) -> HttpResponse:
    access.client_contact(request.user)
    resume_notifications(request.user)
    return finished(request, _back(request), toast=_("Notiserna är på igen."))
