"""The steering group's view of system failures: the trend per quarter and level, counted
by the database (`trend_of`), or built from failures already loaded (`trend`). Failures carry no
client identity by design (portal.anonymity checks every free text before it is saved),
so the steering group may read them. The chart is drawn in coordinator_ui.chart."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear

from portal.models import FailureSighting, Level, SystemFailure


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


def trend_of(selected: QuerySet[SystemFailure]) -> Trend:
    """The same trend counted by the database: failures per month and level, sightings per
    month. Two queries, and rows bounded by the months covered, whatever the number of
    failures (the page at national scale, issue 13)."""
    failures = (
        selected.order_by()
        .values(year=ExtractYear("occurred_on"), month=ExtractMonth("occurred_on"), lv=F("level"))
        .annotate(n=Count("pk"))
    )
    sightings = (
        FailureSighting.objects.filter(failure__in=selected.order_by().values("pk"))
        .order_by()
        .values(year=ExtractYear("seen_on"), month=ExtractMonth("seen_on"))
        .annotate(n=Count("pk"))
    )
    found = [(row["year"], row["month"], row["lv"], row["n"]) for row in failures]
    seen = [(row["year"], row["month"], row["n"]) for row in sightings]
    months = [(y, m) for y, m, _lv, _n in found] + [(y, m) for y, m, _n in seen]
    if not months:
        return Trend()
    first, last = min(months), max(months)
    quarters = _quarters_between(datetime.date(*first, 1), datetime.date(*last, 1))
    index = {quarter: i for i, quarter in enumerate(quarters)}
    result = Trend(
        quarters=quarters,
        by_level={level: [0] * len(quarters) for level in Level},
        seen_again=[0] * len(quarters),
    )
    for year, month, level, n in found:
        result.by_level[level][index[quarter_of(datetime.date(year, month, 1))]] += n
    for year, month, n in seen:
        result.seen_again[index[quarter_of(datetime.date(year, month, 1))]] += n
    return result


def trend(selected: Sequence[SystemFailure]) -> Trend:
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
