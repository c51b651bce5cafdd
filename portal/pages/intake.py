"""Registering a request for an ombud: the coordinator and the ombud both take the calls,
with the same form and action; only the page around it and where it leads differ."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from portal.actions.intake import register_intake
from portal.forms import IntakeForm
from portal.rendering import finished, form_page
from portal.types import HtmxHttpRequest


def register(
    request: HtmxHttpRequest, *, template: str, action: str, done_url: str
) -> HttpResponse:
    form = IntakeForm(request.POST or None, operation=request.user.operation)
    if request.method == "POST" and form.is_valid():
        register_intake(request.user, **form.intake_fields())
        return finished(request, done_url, toast=_("Förfrågan är sparad och står på väntelistan."))
    context = {"form": form, "action": action}
    return form_page(request, page=template, partial="partials/intake_form.html", context=context)
