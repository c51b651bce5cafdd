"""The annual report (redovisning) as JSON: the same figures as the coordinator's page and
CSV file (portal.queries.reporting), for a coordinator's own operation only. For anyone else the
operation does not exist (404); without a session it answers 401.

Categories have a stable `key` (the stored value, e.g. "woman", "18-25", "economy") and
a `label` in the reader's language. Numbers only: no client is named anywhere.
"""

import datetime

from django.http import Http404
from ninja import Field, Router, Schema

from portal.queries import reporting
from portal.types import AuthedRequest

router = Router(tags=["report"])


class FigureOut(Schema):
    key: str
    label: str
    count: int


class ClientFigureOut(Schema):
    """New: started during the year. Ended: ended during the year. Active at end: active
    on 31 December (today for the current year). Ongoing: active at some point of the year
    (new, ended and active at end are parts of it)."""

    key: str
    label: str
    new: int
    ongoing: int
    ended: int
    active_at_end: int


class StaffOut(Schema):
    """Ombud with a staff period in the year, and årsarbetare: FTE × the part of the year
    worked, from the staff history (see portal.queries.reporting)."""

    count: int
    fte_years: float


class ClientsOut(Schema):
    total: ClientFigureOut
    by_gender: list[ClientFigureOut]
    by_age_band: list[ClientFigureOut]
    by_municipality: list[ClientFigureOut] = Field(
        description="Only when the operation serves more than one municipality."
    )
    by_phase_at_end: list[FigureOut]


class RequestsOut(Schema):
    """Every request for an ombud asked during the year, also those that never became a
    contact; the outcome as it stood at the end of the year."""

    total: int
    by_channel: list[FigureOut]
    by_referrer: list[FigureOut]
    by_outcome: list[FigureOut]


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
    by_category: list[FigureOut]
    by_organisation: list[FigureOut]
    by_outcome: list[FigureOut]


class ReportOut(Schema):
    year: int
    operation: str
    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    complete: bool
    ombud: StaffOut
    clients: ClientsOut
    requests: RequestsOut
    queue: QueueOut
    life_areas: LifeAreasOut
    ended_how: list[FigureOut]
    system_failures: SystemFailuresOut


def _figures(figures: list) -> list[dict]:
    return [{"key": f.key, "label": f.label, "count": f.count} for f in figures]


def _client_figures(figures: list) -> list[dict]:
    return [
        {
            "key": f.key,
            "label": f.label,
            "new": f.new,
            "ongoing": f.ongoing,
            "ended": f.ended,
            "active_at_end": f.active_at_end,
        }
        for f in figures
    ]


@router.get("/report/{year}", response=ReportOut, summary="Årlig redovisning")
def annual_report(request: AuthedRequest, year: int) -> dict:
    """The operation's annual report for `year` (the current year: figures so far)."""
    user = request.user
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
        "ombud": {"count": report.ombud, "fte_years": float(report.fte_years)},
        "clients": {
            "total": _client_figures([report.clients])[0],
            "by_gender": _client_figures(report.clients_by_gender),
            "by_age_band": _client_figures(report.clients_by_age_band),
            "by_municipality": _client_figures(report.clients_by_municipality),
            "by_phase_at_end": _figures(report.phase_at_end),
        },
        "requests": {
            "total": report.requests,
            "by_channel": _figures(report.requests_by_channel),
            "by_referrer": _figures(report.requests_by_referrer),
            "by_outcome": _figures(report.requests_by_outcome),
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
            "by_category": _figures(report.failures_by_category),
            "by_organisation": _figures(report.failures_by_organisation),
            "by_outcome": _figures(report.failures_by_outcome),
        },
    }
