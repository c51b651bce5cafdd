"""The annual report (redovisning) as JSON: the same figures as the coordinator's page and
CSV file (portal.queries.reporting), for a coordinator's own operation only. For anyone else the
operation does not exist (404); without a session it answers 401.

Categories have a stable `key` (the stored value, e.g. "woman", "18-25", "economy") and
a `label` in the reader's language. Numbers only: no client is named anywhere.
"""

import datetime

from django.http import Http404
from ninja import Router, Schema

from portal.models import User
from portal.queries import reporting
from portal.types import AuthedRequest

router = Router(tags=["report"])


class FigureOut(Schema):
    key: str
    label: str
    count: int


class ClientFigureOut(Schema):
    """New: started during the year. Ended: ended during the year. Ongoing: active at
    some point of the year (new and ended are parts of it)."""

    key: str
    label: str
    new: int
    ongoing: int
    ended: int


class StaffOut(Schema):
    """The active ombud now, and their summed full-time equivalents (no history is kept)."""

    count: int
    fte: float


class ClientsOut(Schema):
    total: ClientFigureOut
    by_gender: list[ClientFigureOut]
    by_age_band: list[ClientFigureOut]


class QueueOut(Schema):
    """`length`: waiting at the end of `as_of`. `waiting_median_days`: the median of the
    days from request to start for those who got an ombud during the year (null if none),
    over `waiting_counted` requests."""

    length: int
    waiting_median_days: float | None
    waiting_counted: int


class LifeAreasOut(Schema):
    """Clients (not assignments) with at least one assignment in each area."""

    clients_with_assignments: int
    by_area: list[FigureOut]


class SystemFailuresOut(Schema):
    """Failures dated in the year, whatever their status; sightings dated in the year."""

    total: int
    seen_again: int
    by_level: list[FigureOut]
    by_organisation: list[FigureOut]


class ReportOut(Schema):
    year: int
    operation: str
    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    complete: bool
    ombud: StaffOut
    clients: ClientsOut
    queue: QueueOut
    life_areas: LifeAreasOut
    ended_how: list[FigureOut]
    system_failures: SystemFailuresOut


def _figures(figures: list) -> list[dict]:
    return [{"key": f.key, "label": f.label, "count": f.count} for f in figures]


def _client_figures(figures: list) -> list[dict]:
    return [
        {"key": f.key, "label": f.label, "new": f.new, "ongoing": f.ongoing, "ended": f.ended}
        for f in figures
    ]


@router.get("/report/{year}", response=ReportOut, summary="Årlig redovisning")
def annual_report(request: AuthedRequest, year: int) -> dict:
    """The operation's annual report for `year` (the current year: figures so far)."""
    user: User = request.user
    if not user.is_coordinator or user.operation is None:
        raise Http404
    if year not in reporting.reportable_years():
        raise Http404
    report = reporting.annual_report(user.operation, year)
    return {
        "year": report.year,
        "operation": report.operation,
        "start": report.start,
        "end": report.end,
        "as_of": report.as_of,
        "complete": report.complete,
        "ombud": {"count": report.ombud, "fte": float(report.fte)},
        "clients": {
            "total": _client_figures([report.clients])[0],
            "by_gender": _client_figures(report.clients_by_gender),
            "by_age_band": _client_figures(report.clients_by_age_band),
        },
        "queue": {
            "length": report.queue_length,
            "waiting_median_days": report.waiting_median_days,
            "waiting_counted": report.waiting_counted,
        },
        "life_areas": {
            "clients_with_assignments": report.clients_with_assignments,
            "by_area": _figures(report.life_areas),
        },
        "ended_how": _figures(report.ended_how),
        "system_failures": {
            "total": report.failures,
            "seen_again": report.failures_seen_again,
            "by_level": _figures(report.failures_by_level),
            "by_organisation": _figures(report.failures_by_organisation),
        },
    }
