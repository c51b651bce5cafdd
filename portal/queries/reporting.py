"""The annual report (redovisning) of an operation for one calendar year: the figures the
Länsstyrelsen and Socialstyrelsen ask for, as numbers only, never a name.

Where the figures come from
---------------------------
A contact that has ended leaves an anonymous `StatisticsRecord` (gender, age band at the
start, dates, life areas, how it ended), and weeks later its personal data is erased. So:

- contacts that have **ended** (erased or not yet) are counted from their record only;
- contacts that are **still active** are counted from the live `Contact` row.

An ended contact that is not yet erased has both a live row (status "ended") and a record:
it is counted once, from the record. Figures therefore do not change when erasure runs.

Definitions
-----------
- The year runs from 1 January to 31 December. For the current year the figures are "so
  far": `as_of` is today, and the queue is counted today.
- **Ombud and full-time equivalents**: the active ombud accounts of the operation now and
  the sum of their FTE. The app keeps no history of staff, so a report for an earlier year
  shows today's staff (the page says so).
- **Clients during the year** ("Under året"): every contact that was active at some point
  of the year: started on or before 31 December and not ended before 1 January.
  **New**: started during the year. **Ended**: ended during the year. New and ended are
  parts of "during the year", so a contact both started and ended in the year counts in
  all three columns.
- **Age band**: as in `portal.models.statistics.age_band`, at the start of the contact (the
  record stores it; for an active contact it is computed from the birth year). No birth
  year: "Okänd ålder".
- **Queue length**: the people waiting for an ombud at the end of `as_of`: requests
  still waiting that had come in by then, plus requests that had come in by then but got
  an ombud later (from the active contact, or from the record if the contact has ended).
  A request that was withdrawn is deleted for real and is not counted.
- **Waiting time**: for each request that got an ombud during the year, the days from the
  request to the start of the contact (`started_on − requested_on`); the median of these
  (the ordinary median: the mean of the two middle values when their number is even).
  Contacts opened without a request (no request date) are left out.
- **Life areas**: the number of *clients* during the year with at least one assignment in
  each area, not the number of assignments: an ended contact's record keeps only the set
  of its areas, so counting clients is the only way to count active and ended contacts
  alike. For an active contact, assignments made after the year are not counted; for an
  ended one, the record has the areas of the whole contact.
- **How contacts ended**: the records of contacts that ended during the year.
- **System failures**: those with their date (`occurred_on`) in the year, whatever their
  status, by level and by organisation; "seen again" counts the sightings dated in the
  year of any of the operation's failures.

Every figure is computed in a fixed number of queries, whatever the operation's size.
"""

import datetime
import statistics
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import (
    Assignment,
    Contact,
    EndedHow,
    FailureSighting,
    Gender,
    Intake,
    Level,
    LifeArea,
    Operation,
    Role,
    StatisticsRecord,
    SystemFailure,
    User,
)
from portal.models.statistics import AGE_BANDS, age_band

# Reports go back to this year at the earliest; the app did not exist before it.
FIRST_YEAR = 2020
AGE_BAND_KEYS = [label for _upper, label in AGE_BANDS] + ["66+", ""]


@dataclass(frozen=True)
class Figure:
    """One row of a simple table: a category and how many."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class ClientFigure:
    """One row of the clients' tables: a gender or an age band (or all, `key` "all")."""

    key: str
    label: str
    new: int
    ongoing: int
    ended: int


@dataclass(frozen=True)
class AnnualReport:
    operation: str
    year: int
    start: datetime.date
    end: datetime.date  # 31 December
    as_of: datetime.date  # 31 December, or today for the current year
    complete: bool  # False for the current year: the figures are so far
    ombud: int
    fte: Decimal
    clients: ClientFigure
    clients_by_gender: list[ClientFigure]
    clients_by_age_band: list[ClientFigure]
    queue_length: int
    waiting_median_days: float | None
    waiting_counted: int  # how many waiting times the median is taken over
    life_areas: list[Figure]
    clients_with_assignments: int
    ended_how: list[Figure]
    failures: int
    failures_by_level: list[Figure]
    failures_by_organisation: list[Figure]
    failures_seen_again: int


def reportable_years(*, today: datetime.date | None = None) -> range:
    today = today or timezone.localdate()
    return range(FIRST_YEAR, today.year + 1)


def age_band_label(key: str) -> str:
    if not key:
        return _("Okänd ålder")
    return _("%(band)s år") % {"band": key.replace("-", "–")}


def _start_of_day_after(day: datetime.date) -> datetime.datetime:
    """The first moment after `day` ends, in the local time zone."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


@dataclass(frozen=True)
class _Client:
    """One client during the year, whichever source it came from."""

    gender: str
    band: str
    started_on: datetime.date
    ended_on: datetime.date | None
    areas: frozenset[str]


def _client_table(
    clients: list[_Client], keys: list[str], key_of, label_of, start, end
) -> list[ClientFigure]:
    new: Counter[str] = Counter()
    ongoing: Counter[str] = Counter()
    ended: Counter[str] = Counter()
    for client in clients:
        key = key_of(client)
        ongoing[key] += 1
        if start <= client.started_on <= end:
            new[key] += 1
        if client.ended_on is not None and start <= client.ended_on <= end:
            ended[key] += 1
    return [ClientFigure(key, label_of(key), new[key], ongoing[key], ended[key]) for key in keys]


def _gender_key(value: str) -> str:
    return value if value in Gender.values else Gender.UNKNOWN


def annual_report(
    operation: Operation, year: int, *, today: datetime.date | None = None
) -> AnnualReport:
    """The report of `operation` for `year` (see the module's docstring for what each
    figure means). `today` is for tests; it decides whether the year is complete."""
    today = today or timezone.localdate()
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    as_of = min(end, today)

    staff = User.objects.filter(role=Role.OMBUD, operation=operation, is_active=True).aggregate(
        n=Count("pk"), fte=Sum("fte")
    )

    # Ended contacts, erased or not: from the records. Everything the report needs of them
    # (clients, queue at the year's end, waiting times) ended on or after 1 January.
    records = list(
        StatisticsRecord.objects.filter(operation=operation, ended_on__gte=start).values(
            "gender",
            "age_band",
            "requested_on",
            "started_on",
            "ended_on",
            "life_areas",
            "ended_how",
        )
    )
    # Active contacts: from the live rows. Ended, not yet erased ones are in the records.
    live = list(
        Contact.objects.filter(operation=operation, status=Contact.Status.ACTIVE).values(
            "pk", "gender", "birth_year", "requested_on", "started_on"
        )
    )
    live_areas: dict[int, set[str]] = {}
    for contact_id, area in (
        Assignment.objects.filter(
            contact__operation=operation,
            contact__status=Contact.Status.ACTIVE,
            created_at__lt=_start_of_day_after(end),
        )
        .values_list("contact_id", "life_area")
        .distinct()
    ):
        live_areas.setdefault(contact_id, set()).add(area)

    clients = [
        _Client(
            gender=_gender_key(record["gender"]),
            band=record["age_band"] if record["age_band"] in AGE_BAND_KEYS else "",
            started_on=record["started_on"],
            ended_on=record["ended_on"],
            areas=frozenset(record["life_areas"] or ()),
        )
        for record in records
        if record["started_on"] <= end
    ] + [
        _Client(
            gender=_gender_key(contact["gender"]),
            band=age_band(contact["birth_year"], contact["started_on"]),
            started_on=contact["started_on"],
            ended_on=None,
            areas=frozenset(live_areas.get(contact["pk"], ())),
        )
        for contact in live
        if contact["started_on"] <= end
    ]

    # The queue at the end of `as_of`, and the waits of those who got an ombud this year.
    still_waiting = Intake.objects.filter(
        operation=operation,
        status=Intake.Status.WAITING,
        created_at__lt=_start_of_day_after(as_of),
    ).count()
    requests: list[tuple[datetime.date, datetime.date]] = [
        (row["requested_on"], row["started_on"])
        for row in [*records, *live]
        if row["requested_on"] is not None
    ]
    waited_past_as_of = sum(1 for asked, began in requests if asked <= as_of < began)
    waits = [(began - asked).days for asked, began in requests if start <= began <= end]

    # How contacts ended.
    ended_how = Counter(r["ended_how"] for r in records if r["ended_on"] <= end)

    # System failures.
    failures = SystemFailure.objects.filter(
        operation=operation, occurred_on__gte=start, occurred_on__lte=end
    )
    by_level = dict(failures.values_list("level").annotate(n=Count("pk")).order_by())
    by_organisation = (
        failures.values("organisation__name").annotate(n=Count("pk")).order_by("organisation__name")
    )
    seen_again = FailureSighting.objects.filter(
        failure__operation=operation, seen_on__gte=start, seen_on__lte=end
    ).count()

    area_counts = Counter(area for client in clients for area in client.areas)
    return AnnualReport(
        operation=operation.name,
        year=year,
        start=start,
        end=end,
        as_of=as_of,
        complete=today > end,
        ombud=staff["n"],
        fte=staff["fte"] or Decimal("0.00"),
        clients=_client_table(
            clients, ["all"], lambda c: "all", lambda k: _("Alla klienter"), start, end
        )[0],
        clients_by_gender=_client_table(
            clients,
            list(Gender.values),
            lambda c: c.gender,
            lambda k: str(Gender(k).label),
            start,
            end,
        ),
        clients_by_age_band=_client_table(
            clients, AGE_BAND_KEYS, lambda c: c.band, age_band_label, start, end
        ),
        queue_length=still_waiting + waited_past_as_of,
        waiting_median_days=statistics.median(waits) if waits else None,
        waiting_counted=len(waits),
        life_areas=[
            Figure(area.value, str(area.label), area_counts[area.value]) for area in LifeArea
        ],
        clients_with_assignments=sum(1 for client in clients if client.areas),
        ended_how=[Figure(how.value, str(how.label), ended_how[how.value]) for how in EndedHow],
        failures=sum(by_level.values()),
        failures_by_level=[
            Figure(level.value, str(level.label), by_level.get(level.value, 0)) for level in Level
        ],
        failures_by_organisation=[
            Figure(row["organisation__name"], row["organisation__name"], row["n"])
            for row in by_organisation
        ],
        failures_seen_again=seen_again,
    )
