"""The annual report (redovisning) for the coordinator: a printable page and a CSV file.

Only coordinators, and only their own operation's figures; anyone else gets 404. The
figures and what they mean are in portal.reporting; the page and the file show the same
tables (`reporting.tables`). Numbers only: no name of a client appears anywhere.

The CSV file is for Excel as used in Sweden: UTF-8 with a byte order mark (without it
Excel reads å, ä and ö wrongly), `;` between fields and a decimal comma, since Swedish
Excel reads `,` as the decimal sign and splits a plain comma-separated file wrongly. Each
table is a section: its caption on a line of its own, the column headings, the rows, and
an empty line before the next.
"""

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal import reporting
from portal.decorators import role_required
from portal.models import Operation, Role, User

coordinator_required = role_required(Role.COORDINATOR)


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


@coordinator_required
@require_GET
def report(request: HttpRequest):
    operation = _operation(request.user)
    year = _chosen_year(request.GET.get("ar"))
    figures = reporting.annual_report(operation, year)
    context = {
        "report": figures,
        "tables": [
            {"table": table, "rows": [_display(row) for row in table.rows]}
            for table in reporting.tables(figures)
        ],
        "years": list(reversed(reporting.reportable_years())),
    }
    return render(request, "coordinator/report.html", context)


def _display(row: reporting.Row) -> dict:
    return {
        "label": row.label,
        "values": [reporting.plain_number(value) for value in row.values],
        "total": row.total,
    }


@coordinator_required
@require_GET
def report_csv(request: HttpRequest, year: int):
    operation = _operation(request.user)
    if year not in reporting.reportable_years():
        raise Http404
    figures = reporting.annual_report(operation, year)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="redovisning-{year}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Redovisning %(year)d") % {"year": year}, figures.operation])
    writer.writerow([_("Siffror till och med"), figures.as_of.isoformat()])
    writer.writerow([_("Skapad"), timezone.localdate().isoformat()])
    for table in reporting.tables(figures):
        writer.writerow([])
        writer.writerow([table.caption])
        writer.writerow(table.headers)
        for row in table.rows:
            writer.writerow([row.label, *(reporting.swedish_number(v) for v in row.values)])
        if table.note:
            writer.writerow([table.note])
    return response
