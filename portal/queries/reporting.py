"""The annual report (redovisning) of an operation for one calendar year: the figures the
Länsstyrelsen and Socialstyrelsen ask for, as numbers only, never a name.

Where the figures come from
---------------------------
Only anonymous sources, so figures do not change when erasure runs:

- a contact that has **ended** (erased or not yet) is counted from its `StatisticsRecord`
  (gender, age band at the start, municipality, dates, phase changes, life areas, how it
  ended);
- a contact that is **still active** is counted from the live `Contact` row's statistics
  fields (the same facts; never its content);
- a request that closed **without a contact** is counted from its `RequestRecord`; a request
  still waiting from the `Intake` row's facts (never its name or phone);
- staff from `StaffPeriod` (the history of each ombud's full-time equivalent);
- system failures from `SystemFailure` and `FailureSighting` (no client identity by design).

An ended contact that is not yet erased has both a live row (status "ended") and a record:
it is counted once, from the record.

Definitions
-----------
- The year runs from 1 January to 31 December. For the current year the figures are "so
  far": `as_of` is today, and everything "at the end of the year" is counted at `as_of`.
- **Årsarbetare** (full-time equivalents over the year): for each staff period, its FTE ×
  the days of the period that fall between 1 January and `as_of`, divided by the days of
  the whole year (365 or 366). So an ombud at 50 % from 1 July counts 0.25 for a full
  year, and the current year's figure grows day by day. **Ombud**: the ombud with a staff
  period during the year (up to `as_of`).
- **Clients during the year**: every contact that was active at some point of the year up
  to `as_of`. **New**: started then. **Ended**: ended then. **Active at the end**: active
  at the end of `as_of` (31 December for a past year). New, ended and active at the end are
  parts of "during the year".
- **Gender**: "Vill inte säga" (the person's answer) and "Okänt" (nobody asked or knows)
  are counted apart.
- **Age band**: at the start of the contact (`portal.models.statistics.age_band`); no birth
  year: "Okänd ålder".
- **Phase at the end of the year**: of the clients active at the end, the phase they were
  in then (from the contact's phase changes; phase 1 before the first change).
- **Requests**: every request for an ombud that came in during the year (its day asked,
  `requested_on`), by how it came in and who got in touch, and how it had gone by the end
  of the year: got an ombud, still waiting, or closed without a contact (withdrawn,
  outside the target group, nobody reached). Counted without names.
- **Queue length**: the people waiting for an ombud at the end of `as_of`: requests asked
  by then that had neither got an ombud nor been closed by then.
- **Waiting time**: for each request that got an ombud during the year, the days from the
  request to the start of the contact; the median (the mean of the two middle values when
  their number is even). Contacts without a request day are left out.
- **Life areas**: the number of *clients* during the year with at least one assignment in
  each area (an ended contact's record keeps only the set of its areas).
- **How contacts ended**: the records of contacts that ended during the year.
- **Municipality**: clients during the year per municipality the operation serves (only
  when it serves more than one, or a contact names one); unknown apart.
- **System failures**: those dated in the year (`occurred_on`), whatever their status, by
  level, category, organisation and outcome (their status today); "seen again" counts the
  sightings dated in the year.

The groupings (age bands, referrer kinds, end reasons, genders) are defined once, as the
choices in `portal.models` (intake.py, statistics.py): an operation that is asked for
other groupings changes them there.

Every figure is computed in a fixed number of queries, whatever the operation's size.
"""

import datetime
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import (
    Assignment,
    Channel,
    Contact,
    EndedHow,
    FailureCategory,
    FailureSighting,
    Gender,
    Intake,
    Level,
    LifeArea,
    Operation,
    Phase,
    Referrer,
    RequestOutcome,
    RequestRecord,
    StaffPeriod,
    StatisticsRecord,
    SystemFailure,
)
from portal.models.statistics import AGE_BANDS, age_band

# Reports go back to this year at the earliest; the app did not exist before it.
FIRST_YEAR = 2020
AGE_BAND_KEYS = [label for _upper, label in AGE_BANDS] + ["66+", ""]
# How a request had gone by the end of the year, beside the closing outcomes.
GOT_OMBUD = "got_ombud"
STILL_WAITING = "waiting"


@dataclass(frozen=True)
class Figure:
    """One row of a simple table: a category and how many."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class ClientFigure:
    """One row of the clients' tables: a gender, an age band, a municipality, or all
    (`key` "all")."""

    key: str
    label: str
    new: int
    ongoing: int
    ended: int
    active_at_end: int


@dataclass(frozen=True)
class AnnualReport:
    operation: str
    year: int
    start: datetime.date
    end: datetime.date  # 31 December
    as_of: datetime.date  # 31 December, or today for the current year
    complete: bool  # False for the current year: the figures are so far
    ombud: int
    fte_years: Decimal  # årsarbetare
    clients: ClientFigure
    clients_by_gender: list[ClientFigure]
    clients_by_age_band: list[ClientFigure]
    clients_by_municipality: list[ClientFigure]
    phase_at_end: list[Figure]
    requests: int
    requests_by_channel: list[Figure]
    requests_by_referrer: list[Figure]
    requests_by_outcome: list[Figure]
    queue_length: int
    waiting_median_days: float | None
    waiting_counted: int  # how many waiting times the median is taken over
    life_areas: list[Figure]
    clients_with_assignments: int
    ended_how: list[Figure]
    failures: int
    failures_by_level: list[Figure]
    failures_by_category: list[Figure]
    failures_by_organisation: list[Figure]
    failures_by_outcome: list[Figure]
    failures_seen_again: int


def reportable_years(*, today: datetime.date | None = None) -> range:
    today = today or timezone.localdate()
    return range(FIRST_YEAR, today.year + 1)


def age_band_label(key: str) -> str:
    if not key:
        return _("Okänd ålder")
    return _("%(band)s år") % {"band": key.replace("-", "–")}


def municipality_label(key: str) -> str:
    return key or _("Okänd kommun")


def _start_of_day_after(day: datetime.date) -> datetime.datetime:
    """The first moment after `day` ends, in the local time zone."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


def _phase_on(changes: list, day: datetime.date) -> int:
    """The phase on `day`, from [[iso day, phase], ...] in the order they happened."""
    phase = int(Phase.TRUST)
    for when, new_phase in changes or ():
        if datetime.date.fromisoformat(when) <= day:
            phase = int(new_phase)
    return phase


@dataclass(frozen=True)
class _Request:
    """One request asked during the year, and how it had gone by the end of it."""

    channel: str
    referrer: str
    outcome: str


@dataclass(frozen=True)
class _Client:
    """One client during the year, whichever source it came from."""

    gender: str
    band: str
    municipality: str
    started_on: datetime.date
    ended_on: datetime.date | None
    phase_changes: list
    areas: frozenset[str]

    def active_on(self, day: datetime.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on > day)


def _client_table(
    clients: list[_Client],
    keys: list[str],
    key_of: Callable[[_Client], str],
    label_of: Callable[[str], str],
    start: datetime.date,
    as_of: datetime.date,
) -> list[ClientFigure]:
    new: Counter[str] = Counter()
    ongoing: Counter[str] = Counter()
    ended: Counter[str] = Counter()
    at_end: Counter[str] = Counter()
    for client in clients:
        key = key_of(client)
        ongoing[key] += 1
        if start <= client.started_on <= as_of:
            new[key] += 1
        if client.ended_on is not None and start <= client.ended_on <= as_of:
            ended[key] += 1
        if client.active_on(as_of):
            at_end[key] += 1
    return [
        ClientFigure(key, label_of(key), new[key], ongoing[key], ended[key], at_end[key])
        for key in keys
    ]


# Gender.values builds a new list on every call; the report asks once per client.
GENDER_KEYS = frozenset(Gender.values)


def _gender_key(value: str) -> str:
    return value if value in GENDER_KEYS else Gender.UNKNOWN


def _choice_figures(choices: Any, counts: Counter) -> list[Figure]:
    return [Figure(c.value, str(c.label), counts[c.value]) for c in choices]


def _staff(operation: Operation, start: datetime.date, as_of: datetime.date) -> tuple[int, Decimal]:
    """Ombud with a period in the year, and årsarbetare (see the module's docstring)."""
    periods = StaffPeriod.objects.filter(operation=operation, started_on__lte=as_of).exclude(
        ended_on__lt=start
    )
    days_in_year = (datetime.date(start.year, 12, 31) - start).days + 1
    people, total = set(), Decimal("0")
    for period in periods.values("ombud_id", "pk", "fte", "started_on", "ended_on"):
        first = max(period["started_on"], start)
        last = min(period["ended_on"] or as_of, as_of)
        if last < first:
            continue
        people.add(period["ombud_id"] or f"period-{period['pk']}")
        total += period["fte"] * Decimal((last - first).days + 1) / Decimal(days_in_year)
    return len(people), total.quantize(Decimal("0.01"))


def annual_report(
    operation: Operation, year: int, *, today: datetime.date | None = None
) -> AnnualReport:
    """The report of `operation` for `year` (see the module's docstring for what each
    figure means). `today` is for tests; it decides whether the year is complete."""
    today = today or timezone.localdate()
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    as_of = min(end, today)
    ombud_count, fte_years = _staff(operation, start, as_of)

    # Ended contacts, erased or not: from the records. Everything the report needs of them
    # (clients, requests, queue at the year's end, waiting times) ended on or after 1 January.
    records = list(
        StatisticsRecord.objects.filter(operation=operation, ended_on__gte=start).values(
            "gender",
            "age_band",
            "channel",
            "referrer",
            "municipality",
            "requested_on",
            "started_on",
            "ended_on",
            "phase_changes",
            "life_areas",
            "ended_how",
        )
    )
    # Active contacts: from the live rows. Ended, not yet erased ones are in the records.
    live = list(
        Contact.objects.filter(operation=operation, status=Contact.Status.ACTIVE).values(
            "pk",
            "gender",
            "birth_year",
            "channel",
            "referrer",
            "municipality",
            "requested_on",
            "started_on",
            "phase_changes",
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

    every_client = [
        _Client(
            gender=_gender_key(record["gender"]),
            band=record["age_band"] if record["age_band"] in AGE_BAND_KEYS else "",
            municipality=record["municipality"],
            started_on=record["started_on"],
            ended_on=record["ended_on"],
            phase_changes=record["phase_changes"],
            areas=frozenset(record["life_areas"] or ()),
        )
        for record in records
    ] + [
        _Client(
            gender=_gender_key(contact["gender"]),
            band=age_band(contact["birth_year"], contact["started_on"]),
            municipality=contact["municipality"],
            started_on=contact["started_on"],
            ended_on=None,
            phase_changes=contact["phase_changes"],
            areas=frozenset(live_areas.get(contact["pk"], ())),
        )
        for contact in live
    ]
    clients = [c for c in every_client if c.started_on <= as_of]

    # Requests: every one asked during the year, and how it had gone by `as_of`.
    became: list[tuple[datetime.date, datetime.date, str, str]] = [
        (row["requested_on"], row["started_on"], row["channel"], row["referrer"])
        for row in [*records, *live]
        if row["requested_on"] is not None
    ]
    closed = list(
        RequestRecord.objects.filter(operation=operation, requested_on__lte=as_of)
        .exclude(closed_on__lt=start)
        .values_list("requested_on", "closed_on", "channel", "referrer", "outcome")
    )
    waiting = list(
        Intake.objects.filter(
            operation=operation, status=Intake.Status.WAITING, requested_on__lte=as_of
        ).values_list("requested_on", "channel", "referrer")
    )
    requests: list[_Request] = []
    for asked, began, channel, referrer in became:
        if start <= asked <= as_of:
            outcome = GOT_OMBUD if began <= as_of else STILL_WAITING
            requests.append(_Request(channel, referrer, outcome))
    for asked, closed_on, channel, referrer, how in closed:
        if start <= asked:
            outcome = how if closed_on <= as_of else STILL_WAITING
            requests.append(_Request(channel, referrer, outcome))
    for asked, channel, referrer in waiting:
        if start <= asked:
            requests.append(_Request(channel, referrer, STILL_WAITING))
    outcomes = Counter(request.outcome for request in requests)
    queue_length = (
        len(waiting)
        + sum(1 for asked, began, _c, _r in became if asked <= as_of < began)
        + sum(1 for asked, closed_on, *_rest in closed if asked <= as_of < closed_on)
    )
    waits = [(began - asked).days for asked, began, _c, _r in became if start <= began <= as_of]

    ended_how = Counter(r["ended_how"] for r in records if start <= r["ended_on"] <= as_of)
    phases = Counter(_phase_on(c.phase_changes, as_of) for c in clients if c.active_on(as_of))

    # System failures.
    failures = SystemFailure.objects.filter(
        operation=operation, occurred_on__gte=start, occurred_on__lte=end
    )
    by_level = dict(failures.values_list("level").annotate(n=Count("pk")).order_by())
    by_category = dict(failures.values_list("category").annotate(n=Count("pk")).order_by())
    by_status = dict(failures.values_list("status").annotate(n=Count("pk")).order_by())
    by_organisation = (
        failures.values("organisation__name").annotate(n=Count("pk")).order_by("organisation__name")
    )
    seen_again = FailureSighting.objects.filter(
        failure__operation=operation, seen_on__gte=start, seen_on__lte=end
    ).count()

    served = list(operation.municipalities or [])
    municipalities: list[str] = []
    if len(served) > 1:  # one municipality, or none named: no table
        named = {client.municipality for client in clients} - set(served) - {""}
        municipalities = [*served, *sorted(named), ""]
    area_counts = Counter(area for client in clients for area in client.areas)

    def table(keys: list[str], key_of, label_of) -> list[ClientFigure]:
        return _client_table(clients, keys, key_of, label_of, start, as_of)

    return AnnualReport(
        operation=operation.name,
        year=year,
        start=start,
        end=end,
        as_of=as_of,
        complete=today > end,
        ombud=ombud_count,
        fte_years=fte_years,
        clients=table(["all"], lambda c: "all", lambda k: _("Alla klienter"))[0],
        clients_by_gender=table(
            list(Gender.values), lambda c: c.gender, lambda k: str(Gender(k).label)
        ),
        clients_by_age_band=table(AGE_BAND_KEYS, lambda c: c.band, age_band_label),
        clients_by_municipality=table(municipalities, lambda c: c.municipality, municipality_label),
        phase_at_end=[Figure(str(p.value), str(p.label), phases[p.value]) for p in Phase],
        requests=len(requests),
        requests_by_channel=_choice_figures(
            Channel, Counter(request.channel for request in requests)
        ),
        requests_by_referrer=_choice_figures(
            Referrer, Counter(request.referrer for request in requests)
        ),
        requests_by_outcome=[
            Figure(GOT_OMBUD, _("Fick ett ombud"), outcomes[GOT_OMBUD]),
            Figure(STILL_WAITING, _("Väntade fortfarande"), outcomes[STILL_WAITING]),
            *_choice_figures(RequestOutcome, outcomes),
        ],
        queue_length=queue_length,
        waiting_median_days=statistics.median(waits) if waits else None,
        waiting_counted=len(waits),
        life_areas=_choice_figures(LifeArea, area_counts),
        clients_with_assignments=sum(1 for client in clients if client.areas),
        ended_how=_choice_figures(EndedHow, ended_how),
        failures=sum(by_level.values()),
        failures_by_level=_choice_figures(Level, Counter(by_level)),
        failures_by_category=_choice_figures(FailureCategory, Counter(by_category)),
        failures_by_organisation=[
            Figure(row["organisation__name"], row["organisation__name"], row["n"])
            for row in by_organisation
        ],
        failures_by_outcome=_choice_figures(SystemFailure.Status, Counter(by_status)),
        failures_seen_again=seen_again,
    )
