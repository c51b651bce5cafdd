"""The staff history (tjänstgöring): each ombud's full-time equivalent and from when. The
annual report counts årsarbetare from it; the caseload limit follows today's FTE."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.actions import staff as staff_actions
from portal.decorators import coordinator_required
from portal.forms import StaffChangeForm
from portal.models import User
from portal.queries.caseload import active_ombud
from portal.queries.staff import staff_history
from portal.rendering import finished
from portal.types import HtmxHttpRequest


def _context(request: HtmxHttpRequest, **bound: object) -> dict:
    operation = request.user.operation
    return {
        "people": staff_history(operation),
        "form": StaffChangeForm(ombud=active_ombud(operation), auto_id="sc-%s"),
        **bound,
    }


@coordinator_required
@require_GET
def staff(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "coordinator/staff.html", _context(request))


@coordinator_required
@require_POST
def change(request: HtmxHttpRequest) -> HttpResponse:
    operation = request.user.operation
    if operation is None:
        raise Http404
    form = StaffChangeForm(request.POST, ombud=active_ombud(operation), auto_id="sc-%s")
    if not form.is_valid():
        return render(request, "coordinator/staff.html", _context(request, form=form), status=422)
    ombud: User = form.cleaned_data["ombud"]
    staff_actions.set_fte(
        request.user, ombud, fte=form.cleaned_data["fte"], from_date=form.cleaned_data["from_date"]
    )
    toast = _("Sparat. %(name)s arbetar %(percent)s %% från %(day)s.") % {
        "name": ombud.display_name,
        "percent": round(form.cleaned_data["fte"] * 100),
        "day": form.cleaned_data["from_date"].isoformat(),
    }
    return finished(request, reverse("coordinator_staff"), toast=toast)
