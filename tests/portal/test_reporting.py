"""The annual report (portal.queries.reporting) over a generated year.

A seeded generator writes last year's activity through the real actions: requests (some
withdrawn, outside the target group or never reached, some still waiting), 240 contacts
that start, move through the phases, work in life areas and end for every reason (some
erased afterwards), staff whose time changes during the year, and system failures. The
expected figures are then counted by hand from the generator's own list of what it made,
with plain loops that share nothing with the report's code, and compared figure by
figure."""

import datetime
import random
import statistics
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.utils import timezone

from portal.actions import ending, failures, proposals, staff
from portal.actions.contacts import change_phase
from portal.actions.intake import close_request, register_intake
from portal.actions.plan import add_assignment
from portal.models import (
    Assignment,
    Channel,
    Contact,
    EndedHow,
    FailureCategory,
    FailureOrganisation,
    Gender,
    LifeArea,
    Phase,
    Referrer,
    RequestOutcome,
    RequestRecord,
    Role,
    StatisticsRecord,
    SystemFailure,
    User,
)
from portal.queries import reporting
from tests.conftest import PASSWORD
from tests.helpers import new_client

D = datetime.date
YEAR = timezone.localdate().year - 1
START, END = D(YEAR, 1, 1), D(YEAR, 12, 31)
SERVED = ["Norrköping", "Söderköping"]


@dataclass
class Spec:
    """One generated request, and the contact it became (if it did)."""

    gender: str
    birth_year: int | None
    channel: str
    referrer: str
    municipality: str
    requested_on: D
    # A request that never became a contact: closed (with its outcome and day) or waiting.
    closed: tuple[str, D] | None = None
    waiting: bool = False
    # The contact.
    started_on: D | None = None
    phases: list[tuple[D, int]] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    ended: tuple[str, D] | None = None
    erased: bool = False


def _between(rng: random.Random, first: D, last: D) -> D:
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _generate(rng: random.Random, today: D) -> list[Spec]:
    specs = []
    for _n in range(300):
        spec = Spec(
            gender=rng.choice(list(Gender.values)),
            birth_year=rng.choice([None, 1950, 1962, 1975, 1984, 1991, 1999, 2004, 2006]),
            channel=rng.choice(list(Channel.values)),
            referrer=rng.choice(list(Referrer.values)),
            municipality=rng.choice([*SERVED, ""]),
            requested_on=_between(rng, D(YEAR - 1, 3, 1), D(YEAR, 12, 20)),
        )
        kind = rng.random()
        if kind < 0.12:
            closed_on = min(spec.requested_on + datetime.timedelta(days=rng.randrange(90)), today)
            spec.closed = (rng.choice(list(RequestOutcome.values)), closed_on)
        elif kind < 0.2:
            spec.waiting = True
        else:
            wait = rng.choice([0, 4, 11, 26, 45, 80, 130])
            spec.started_on = min(spec.requested_on + datetime.timedelta(days=wait), today)
            last = today
            if rng.random() < 0.55:
                ended_on = _between(rng, spec.started_on, today)
                spec.ended = (rng.choice(list(EndedHow.values)), ended_on)
                spec.erased = rng.random() < 0.5
                last = ended_on
            day, phase = spec.started_on, Phase.TRUST
            while phase < Phase.ENDING and rng.random() < 0.7:
                day = _between(rng, day, last)
                phase += 1
                spec.phases.append((day, phase))
            if spec.ended and spec.ended[0] == EndedHow.DONE and phase != Phase.ENDING:
                spec.phases.append((spec.ended[1], Phase.ENDING))
            spec.areas = rng.sample(list(LifeArea.values), rng.randrange(4))
        specs.append(spec)
    # The edges of the year, so a rule that is off by one day shows.
    edge = {"gender": Gender.MAN, "birth_year": 1980, "channel": Channel.PHONE}
    edge.update({"referrer": Referrer.SELF, "municipality": SERVED[0]})
    specs += [
        Spec(**edge, requested_on=D(YEAR, 1, 1), started_on=START, ended=("moved", END)),
        Spec(
            **edge,
            requested_on=D(YEAR - 1, 12, 31),
            started_on=D(YEAR - 1, 12, 31),
            ended=("client", START),
            phases=[(START, Phase.ACTIVE)],
        ),
        Spec(**edge, requested_on=END, started_on=END, phases=[(END, Phase.ACTIVE)]),
        Spec(**edge, requested_on=D(YEAR, 12, 31), closed=("not_reached", END)),
        Spec(**edge, requested_on=D(YEAR - 1, 12, 31), started_on=START),
    ]
    return specs


@dataclass
class Year:
    specs: list[Spec]
    coordinator: User
    failures: list[tuple[str, str, str, str, D]]  # level, category, organisation, status, day
    sightings: list[D]


def _backdate(contact: Contact, spec: Spec) -> None:
    changes = [[day.isoformat(), phase] for day, phase in spec.phases]
    Contact.objects.filter(pk=contact.pk).update(started_on=spec.started_on, phase_changes=changes)
    contact.refresh_from_db()
    Assignment.objects.filter(contact=contact).update(
        created_at=timezone.make_aware(
            datetime.datetime.combine(spec.started_on, datetime.time(12))
        )
    )


def _make_contact(spec: Spec, ombud: User) -> None:
    contact = new_client(
        ombud,
        first_name="Klient",
        override_reason="Året som testet bygger har fler klienter än taket.",
        channel=spec.channel,
        referrer=spec.referrer,
        gender=spec.gender,
        birth_year=spec.birth_year,
        municipality=spec.municipality,
        requested_on=spec.requested_on,
    )
    for area in spec.areas:
        add_assignment(contact, ombud, title="Ett uppdrag", life_area=area)
    for _day, phase in spec.phases:
        change_phase(contact, ombud, phase=phase)
    _backdate(contact, spec)
    if spec.ended is None:
        return
    how, ended_on = spec.ended
    if how == EndedHow.CLIENT:
        ending.end_contact(contact, contact.client)
    elif how in ending.PROPOSAL_REASONS:
        # Together: the ombud proposes, the client says yes.
        proposal = ending.propose_ending(contact, ombud, reason=how)
        proposals.answer(proposal, contact.client, yes=True)
    elif how in ending.ALONE_REASONS:
        ending.end_contact(contact, ombud, how=how)
    else:
        # "other": no door records it any more; a contact ended before there were
        # proposals still counts under it.
        ending.finish(contact, ombud, how=how)
    Contact.objects.filter(pk=contact.pk).update(ended_on=ended_on)
    StatisticsRecord.objects.filter(pk=StatisticsRecord.objects.latest("pk").pk).update(
        ended_on=ended_on
    )
    if spec.erased:
        ending.erase(Contact.objects.get(pk=contact.pk))


def _staff(coordinator: User) -> list[User]:
    def ombud(name: str) -> User:
        return User.objects.create_user(
            username=name, password=PASSWORD, role=Role.OMBUD, operation=coordinator.operation
        )

    full, half, changed, gone = (ombud(name) for name in ("ada", "bo", "cia", "dan"))
    staff.set_fte(coordinator, full, fte=Decimal("1.00"), from_date=D(YEAR - 2, 1, 1))
    staff.set_fte(coordinator, half, fte=Decimal("0.50"), from_date=D(YEAR, 7, 1))
    staff.set_fte(coordinator, changed, fte=Decimal("1.00"), from_date=D(YEAR - 1, 6, 1))
    staff.set_fte(coordinator, changed, fte=Decimal("0.80"), from_date=D(YEAR, 4, 1))
    staff.set_fte(coordinator, gone, fte=Decimal("1.00"), from_date=D(YEAR - 2, 1, 1))
    staff.stop(coordinator, gone, last_day=D(YEAR - 1, 12, 31))
    return [full, half, changed]


@pytest.fixture
def year(coordinator, settings) -> Year:
    settings.PUSH_SYNC = True
    coordinator.operation.municipalities = SERVED
    coordinator.operation.save(update_fields=["municipalities"])
    today = timezone.localdate()
    rng = random.Random(20261129)
    specs = _generate(rng, today)
    team = _staff(coordinator)
    for number, spec in enumerate(specs):
        if spec.started_on is not None:
            _make_contact(spec, team[number % len(team)])
            continue
        intake = register_intake(
            coordinator,
            channel=spec.channel,
            referrer=spec.referrer,
            name="Någon Frågar",
            phone="070-000 00 00",
            gender=spec.gender,
            birth_year=spec.birth_year,
            municipality=spec.municipality,
            requested_on=spec.requested_on,
        )
        if spec.closed:
            outcome, closed_on = spec.closed
            record = close_request(intake, coordinator, outcome=outcome)
            RequestRecord.objects.filter(pk=record.pk).update(closed_on=closed_on)
    made: list[tuple[str, str, str, str, D]] = []
    sightings: list[D] = []
    author = team[0]
    for n in range(40):
        day = _between(rng, D(YEAR - 1, 6, 1), min(D(YEAR + 1, 3, 1), today))
        level = rng.choice(["case_officer", "local", "central"])
        category = rng.choice(list(FailureCategory.values))
        organisation = rng.choice(["Försäkringskassan", "Psykiatrin", "Kronofogden"])
        failure = failures.record_failure(
            author,
            occurred_on=day,
            level=level,
            category=category,
            description=f"Samma fel igen, nummer {n}.",
            clients_affected=1 + n % 3,
            new_organisation=organisation,
        )
        status = SystemFailure.Status.DRAFT
        if n % 3:
            failures.mark_sent(failure, coordinator, sent_to="steering", sent_on=day)
            status = SystemFailure.Status.SENT
            if n % 3 == 2:
                failures.close(failure, coordinator)
                status = SystemFailure.Status.CLOSED
        if n % 4 == 0:
            seen_on = min(day + datetime.timedelta(days=40), today)
            failures.seen_again(failure, team[1], seen_on=seen_on, clients_affected=1)
            sightings.append(seen_on)
        made.append((level, category, organisation, status, day))
    return Year(specs, coordinator, made, sightings)


# The hand count: plain rules over the specification, nothing shared with the report.


def _band(birth_year: int | None, started: D) -> str:
    if birth_year is None:
        return ""
    age = started.year - birth_year
    for upper, band in ((25, "18-25"), (35, "26-35"), (45, "36-45"), (55, "46-55"), (65, "56-65")):
        if age <= upper:
            return band
    return "66+"


def _ended_on(spec: Spec) -> D | None:
    return spec.ended[1] if spec.ended else None


def _during(spec: Spec) -> bool:
    started, ended = spec.started_on, _ended_on(spec)
    return started is not None and started <= END and (ended is None or ended >= START)


def _active_at_end(spec: Spec) -> bool:
    started, ended = spec.started_on, _ended_on(spec)
    return started is not None and started <= END and (ended is None or ended > END)


def _columns(specs: list[Spec]) -> tuple[int, int, int, int]:
    """(new, ended, active at the end, during the year)"""
    new = sum(1 for s in specs if s.started_on and START <= s.started_on <= END)
    ended = sum(1 for s in specs if _ended_on(s) and START <= _ended_on(s) <= END)  # type: ignore[operator]
    return new, ended, sum(1 for s in specs if _active_at_end(s)), len(specs)


def _outcome_at_end(spec: Spec) -> str:
    if spec.started_on is not None:
        return "got_ombud" if spec.started_on <= END else "waiting"
    if spec.closed is not None:
        outcome, closed_on = spec.closed
        return outcome if closed_on <= END else "waiting"
    return "waiting"


def test_every_figure_of_a_generated_year_matches_the_hand_count(year):
    report = reporting.annual_report(year.coordinator.operation, YEAR)
    specs = year.specs
    clients = [s for s in specs if _during(s)]
    assert len([s for s in specs if s.started_on]) >= 200
    assert any(s.erased and _during(s) for s in specs), "some counted clients are erased"
    assert report.complete and report.as_of == END

    # Staff: ada full time all year; bo 50 % from 1 July; cia 100 % until 31 March then
    # 80 %; dan left before the year. 365 or 366 days in the year.
    days = (END - START).days + 1
    fte_years = (
        Decimal(days)
        + Decimal("0.5") * ((END - D(YEAR, 7, 1)).days + 1)
        + (D(YEAR, 3, 31) - START).days
        + 1
        + Decimal("0.8") * ((END - D(YEAR, 4, 1)).days + 1)
    ) / days
    assert (report.ombud, report.fte_years) == (3, fte_years.quantize(Decimal("0.01")))

    def table(figures, key_of, keys):
        return {
            key: (f.new, f.ended, f.active_at_end, f.ongoing)
            for key, f in zip(keys, figures, strict=True)
        } == {key: _columns([s for s in clients if key_of(s) == key]) for key in keys}

    assert (report.clients.new, report.clients.ended) == _columns(clients)[:2]
    assert (report.clients.active_at_end, report.clients.ongoing) == _columns(clients)[2:]
    assert table(report.clients_by_gender, lambda s: s.gender, list(Gender.values))
    bands = ["18-25", "26-35", "36-45", "46-55", "56-65", "66+", ""]
    assert table(report.clients_by_age_band, lambda s: _band(s.birth_year, s.started_on), bands)
    assert table(report.clients_by_municipality, lambda s: s.municipality, [*SERVED, ""])

    def phase_at_end(spec: Spec) -> int:
        phase = 1
        for day, new_phase in spec.phases:
            if day <= END:
                phase = new_phase
        return phase

    at_end = Counter(phase_at_end(s) for s in clients if _active_at_end(s))
    assert {int(f.key): f.count for f in report.phase_at_end} == {
        phase: at_end[phase] for phase in (1, 2, 3)
    }

    # Requests asked during the year, and how they had gone on 31 December.
    asked = [s for s in specs if START <= s.requested_on <= END]
    assert report.requests == len(asked)
    channels = Counter(s.channel for s in asked)
    assert {f.key: f.count for f in report.requests_by_channel} == {
        c: channels[c] for c in Channel.values
    }
    referrers = Counter(s.referrer for s in asked)
    assert {f.key: f.count for f in report.requests_by_referrer} == {
        r: referrers[r] for r in Referrer.values
    }
    outcomes = Counter(_outcome_at_end(s) for s in asked)
    expected = {"got_ombud": outcomes["got_ombud"], "waiting": outcomes["waiting"]}
    expected.update({o: outcomes[o] for o in RequestOutcome.values})
    assert {f.key: f.count for f in report.requests_by_outcome} == expected
    assert sum(expected.values()) == report.requests

    queue = sum(1 for s in specs if s.requested_on <= END and _outcome_at_end(s) == "waiting")
    assert report.queue_length == queue
    waits = [
        (s.started_on - s.requested_on).days
        for s in specs
        if s.started_on and START <= s.started_on <= END
    ]
    assert report.waiting_counted == len(waits)
    assert report.waiting_median_days == statistics.median(waits)

    areas = Counter(area for s in clients for area in set(s.areas))
    assert {f.key: f.count for f in report.life_areas} == {a: areas[a] for a in LifeArea.values}
    assert report.clients_with_assignments == sum(1 for s in clients if s.areas)

    ended_how = Counter(s.ended[0] for s in specs if s.ended and START <= s.ended[1] <= END)
    assert {f.key: f.count for f in report.ended_how} == {h: ended_how[h] for h in EndedHow.values}
    assert sum(f.count for f in report.ended_how) == report.clients.ended

    in_year = [f for f in year.failures if START <= f[4] <= END]
    assert report.failures == len(in_year)
    for figures, index, keys in [
        (report.failures_by_level, 0, ["case_officer", "local", "central"]),
        (report.failures_by_category, 1, list(FailureCategory.values)),
        (report.failures_by_outcome, 3, list(SystemFailure.Status.values)),
    ]:
        counted = Counter(f[index] for f in in_year)
        assert {f.key: f.count for f in figures} == {k: counted[k] for k in keys}
    organisations = Counter(f[2] for f in in_year)
    assert {f.key: f.count for f in report.failures_by_organisation} == {
        name: organisations[name]
        for name in FailureOrganisation.objects.values_list("name", flat=True)
        if organisations[name]
    }
    assert report.failures_seen_again == sum(1 for day in year.sightings if START <= day <= END)


def test_erasing_changes_no_figure(year):
    before = reporting.annual_report(year.coordinator.operation, YEAR)
    for contact in Contact.objects.filter(status=Contact.Status.ENDED):
        ending.erase(contact)
    assert reporting.annual_report(year.coordinator.operation, YEAR) == before


def test_the_report_takes_the_same_queries_for_a_small_and_a_large_year(
    coordinator, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as small:
        reporting.annual_report(coordinator.operation, YEAR)
    for n in range(30):
        new_client(_one_ombud(coordinator), first_name=f"K{n}", override_reason="Fler än taket.")
    with django_assert_max_num_queries(len(small)):
        reporting.annual_report(coordinator.operation, YEAR)


def _one_ombud(coordinator: User) -> User:
    person = User.objects.filter(role=Role.OMBUD, operation=coordinator.operation).first()
    return person or User.objects.create_user(
        username="ulf", password=PASSWORD, role=Role.OMBUD, operation=coordinator.operation
    )


def test_a_year_that_is_not_over_counts_so_far(coordinator):
    today = timezone.localdate()
    report = reporting.annual_report(coordinator.operation, today.year)
    assert not report.complete and report.as_of == today


def test_reportable_years_start_at_the_first_year_and_end_this_year():
    years = reporting.reportable_years(today=D(2026, 6, 1))
    assert (years[0], years[-1]) == (reporting.FIRST_YEAR, 2026)
