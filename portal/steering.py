"""The steering group's view of system failures: filtering, trends per quarter, and the
figures behind the chart. Failures carry no client identity by design (portal.anonymity
checks every free text before it is saved), so the steering group may read them."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.html import escape

from portal.failures import Filters, filtered
from portal.models import FailureSighting, Level, Operation, SystemFailure

# Colours for the three levels, each at least 3:1 against white; the chart also writes
# every number, and the same figures stand in a table below it.
LEVEL_COLOURS = {
    Level.CASE_OFFICER: "#1f5f5b",
    Level.LOCAL: "#8a5a00",
    Level.CENTRAL: "#4b3f8f",
}


def failures(operation: Operation, filters: Filters) -> QuerySet[SystemFailure]:
    """The operation's failures narrowed by the same filters as the ombud's list, each with
    its sightings (for the trend) and the counts of repeat sightings and their clients."""
    queryset = filtered(SystemFailure.objects.filter(operation=operation), filters)
    return (
        queryset.select_related("organisation")
        .annotate(
            times_seen=Count("sightings", distinct=True),
            clients_total=Coalesce(Sum("sightings__clients_affected"), 0),
        )
        .prefetch_related(
            Prefetch("sightings", queryset=FailureSighting.objects.order_by("seen_on"))
        )
    )


def quarter_of(day: datetime.date) -> str:
    return f"{day.year} K{(day.month - 1) // 3 + 1}"


def _quarters_between(first: datetime.date, last: datetime.date) -> list[str]:
    quarters, year, quarter = [], first.year, (first.month - 1) // 3 + 1
    while (year, quarter) <= (last.year, (last.month - 1) // 3 + 1):
        quarters.append(f"{year} K{quarter}")
        quarter += 1
        if quarter == 5:
            year, quarter = year + 1, 1
    return quarters


@dataclass
class Trend:
    """Per quarter: failures recorded, by level, and how often they were met again."""

    quarters: list[str] = field(default_factory=list)
    by_level: dict[str, list[int]] = field(default_factory=dict)
    seen_again: list[int] = field(default_factory=list)

    @property
    def totals(self) -> list[int]:
        return [
            sum(values[i] for values in self.by_level.values()) for i in range(len(self.quarters))
        ]

    @property
    def rows(self) -> list[dict]:
        return [
            {
                "quarter": quarter,
                "levels": [self.by_level[level][i] for level in Level],
                "total": self.totals[i],
                "seen_again": self.seen_again[i],
            }
            for i, quarter in enumerate(self.quarters)
        ]


def trend(selected: list[SystemFailure]) -> Trend:
    """Built from the failures already loaded for the page: no extra queries."""
    days = [f.occurred_on for f in selected]
    days += [s.seen_on for f in selected for s in f.sightings.all()]
    if not days:
        return Trend()
    quarters = _quarters_between(min(days), max(days))
    index = {quarter: i for i, quarter in enumerate(quarters)}
    result = Trend(
        quarters=quarters,
        by_level={level: [0] * len(quarters) for level in Level},
        seen_again=[0] * len(quarters),
    )
    for failure in selected:
        result.by_level[failure.level][index[quarter_of(failure.occurred_on)]] += 1
        for sighting in failure.sightings.all():
            result.seen_again[index[quarter_of(sighting.seen_on)]] += 1
    return result


def chart_svg(data: Trend, *, title: str) -> str:
    """A stacked bar chart (failures per quarter by level) with the "met again" count
    written above each bar. Plain SVG made on the server: no JavaScript."""
    if not data.quarters:
        return ""
    width, height, left, bottom, top = 640, 300, 40, 40, 30
    plot_h = height - bottom - top
    step = (width - left - 10) / len(data.quarters)
    bar = min(48, step * 0.6)
    peak = max(max(data.totals), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-title" class="chart">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 5}" y2="{height - bottom}" '
        'stroke="#4f5b5a" stroke-width="1"/>',
    ]
    for i, quarter in enumerate(data.quarters):
        x = left + i * step + (step - bar) / 2
        y = height - bottom
        for level in Level:
            count = data.by_level[level][i]
            if not count:
                continue
            h = plot_h * count / peak
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{LEVEL_COLOURS[level]}"><title>{escape(quarter)}: '
                f"{escape(str(level.label))} {count}</title></rect>"
            )
            if h >= 16:
                parts.append(
                    f'<text x="{x + bar / 2:.1f}" y="{y + h / 2 + 5:.1f}" text-anchor="middle" '
                    f'font-size="13" fill="#ffffff">{count}</text>'
                )
        again = f" (+{data.seen_again[i]})" if data.seen_again[i] else ""
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{y - 6:.1f}" text-anchor="middle" font-size="13" '
            f'fill="#1d2424">{data.totals[i]}{again}</text>'
        )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 18}" text-anchor="middle" '
            f'font-size="12" fill="#1d2424">{escape(quarter)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
