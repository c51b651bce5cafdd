"""The ombud took the call: a request for an ombud goes into the operation's queue, with
the same form and action as the coordinator's (portal.pages.intake)."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from portal.decorators import ombud_required
from portal.pages.intake import register as register_page
from portal.types import HtmxHttpRequest


@ombud_required
@require_http_methods(["GET", "POST"])
def register(request: HtmxHttpRequest) -> HttpResponse:
    return register_page(
        request,
        template="ombud/intake_new.html",
        action=reverse("ombud_intake_new"),
        done_url=reverse("ombud_caseload"),
    )
