"""The steering group's pages (coordinators): system failures filtered, as a trend per
quarter, printable, and as CSV for the steering-group meeting."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coordinator_ui.chart import LEVEL_CLASSES, chart_svg
from portal.csv import csv_response
from portal.decorators import coordinator_required
from portal.forms import FailureFilterForm
from portal.models import Level
from portal.queries.failures import (
    FailureWithFigures,
    failure_page,
    failures_of,
    selected_failures,
    with_sightings,
)
from portal.queries.steering import trend_of
from portal.types import AuthedRequest


def _selected(request: AuthedRequest) -> tuple[FailureFilterForm, list[FailureWithFigures]]:
    operation = request.user.operation
    if operation is None:
        raise Http404
    form = FailureFilterForm(request.GET or None, operation=operation)
    selected = list(with_sightings(failures_of(operation, form.filters())))
    return form, selected


@coordinator_required
@require_GET
def failures(request: AuthedRequest) -> HttpResponse:
    """The trend over every failure selected (counted by the database) and the list a
    page at a time, newest first (`fore`: the cursor of the last one shown)."""
    operation = request.user.operation
    if operation is None:
        raise Http404
    filters = request.GET.copy()
    filters.pop("fore", None)
    form = FailureFilterForm(filters or None, operation=operation)
    chosen = form.filters()
    quarters = trend_of(selected_failures(operation, chosen))
    page = failure_page(failures_of(operation, chosen), request.GET.get("fore"))
    context = {
        "form": form,
        "failures": page.failures,
        "total": page.total,
        "older": page.older,
        "trend": quarters,
        "levels": list(Level),
        "chart": chart_svg(quarters, title=_("Systemfel per kvartal och nivå")),
        "query": filters.urlencode(),
        "legend": [(level.label, LEVEL_CLASSES[level]) for level in Level],
    }
    return render(request, "coordinator/failures.html", context)


@coordinator_required
@require_GET
def failures_csv(request: AuthedRequest) -> HttpResponse:
    _form, selected = _selected(request)
    header = [
        _("Datum"),
        _("Organisation"),
        _("Nivå"),
        _("Kategori"),
        _("Status"),
        _("Klienter som berörs"),
        _("Mötts igen (gånger)"),
        _("Klienter när det mötts igen"),
        _("Beskrivning"),
        _("Förslag på förbättring"),
        _("Skickad till"),
        _("Skickad"),
        _("Svar"),
        _("Besvarad"),
    ]
    rows = [
        [
            failure.occurred_on.isoformat(),
            failure.organisation.name,
            failure.get_level_display(),
            failure.get_category_display(),
            failure.get_status_display(),
            failure.clients_affected,
            failure.seen_again,
            failure.clients_seen_again,
            failure.description,
            failure.improvement,
            failure.get_sent_to_display() if failure.sent_to else "",
            failure.sent_on.isoformat() if failure.sent_on else "",
            failure.answer,
            failure.answered_on.isoformat() if failure.answered_on else "",
        ]
        for failure in selected
    ]
    return csv_response("systemfel.csv", [header, *rows])
