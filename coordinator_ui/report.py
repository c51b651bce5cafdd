"""The annual report (redovisning) for the coordinator: a printable page and a CSV file.

Only coordinators, and only their own operation's figures; anyone else gets 404. The
figures and what they mean are in portal.queries.reporting; the page and the file show
the same tables (coordinator_ui.report_tables). Numbers only: no name of a client appears
anywhere. The CSV file is written like every other (portal.csv), with a decimal comma; each
table is a section: its caption on a line of its own, the column headings, the rows, and
an empty line before the next.
"""

from collections.abc import Sequence

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coordinator_ui.report_tables import Row, plain_number, swedish_number, tables
from portal.csv import csv_response
from portal.decorators import coordinator_required
from portal.models import Operation, User
from portal.queries import reporting
from portal.types import AuthedRequest


def _operation(user: User) -> Operation:
    if user.operation is None:
        raise Http404
    return user.operation


def _chosen_year(value: str | None) -> int:
    """The year asked for in ?ar=, or the current year if none (or nonsense) was asked."""
    years = reporting.reportable_years()
    try:
        year = int(value or "")
    except ValueError:
        return years[-1]
    return year if year in years else years[-1]


def _display(row: Row) -> dict:
    return {
        "label": row.label,
        "values": [plain_number(value) for value in row.values],
        "total": row.total,
    }


@coordinator_required
@require_GET
def report(request: AuthedRequest) -> HttpResponse:
    operation = _operation(request.user)
    year = _chosen_year(request.GET.get("ar"))
    figures = reporting.annual_report(operation, year)
    context = {
        "report": figures,
        "tables": [
            {"table": table, "rows": [_display(row) for row in table.rows]}
            for table in tables(figures)
        ],
        "years": list(reversed(reporting.reportable_years())),
    }
    return render(request, "coordinator/report.html", context)


@coordinator_required
@require_GET
def report_csv(request: AuthedRequest, year: int) -> HttpResponse:
    operation = _operation(request.user)
    if year not in reporting.reportable_years():
        raise Http404
    figures = reporting.annual_report(operation, year)
    rows: list[Sequence[object]] = [
        [_("Redovisning %(year)d") % {"year": year}, figures.operation],
        [_("Siffror till och med"), figures.as_of.isoformat()],
        [_("Skapad"), timezone.localdate().isoformat()],
    ]
    for table in tables(figures):
        rows += [[], [table.caption], table.headers]
        rows += [[row.label, *(swedish_number(v) for v in row.values)] for row in table.rows]
        if table.note:
            rows.append([table.note])
    return csv_response(f"redovisning-{year}.csv", rows)
