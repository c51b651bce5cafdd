"""The annual report (portal.queries.reporting): a year of activity built through the real actions,
with contacts that ended and were erased, and every figure checked against a hand count.

The people (all of operation "Testkommunens PO"; requested → started → ended):

    Alva     woman  1990  2024-11-01 → 2025-01-10 → 2025-12-31 client    erased    economy
    Bertil   man    1960  2025-02-01 → 2025-03-01 → 2026-02-15 together  erased    housing, health
    Cecilia  woman  2003  2025-12-01 → 2026-01-20 → 2026-06-30 client    erased    economy, work
    David    other  —     2026-03-01 → 2026-03-11 → 2026-10-01 client    NOT erased  authorities
    Nils     man    1985  2026-06-01 → 2026-06-15 → 2026-11-01 client    erased    economy
    Elin     woman  1980  2025-05-01 → 2025-06-01 → active   economy (made 2025-07-01),
                                                               housing (made 2026-03-01)
    Fredrik  man    1995  2026-04-01 → 2026-05-01 → active   health, health, relations
    Gun      unknown 1950 2026-08-01 → 2026-08-04 → active   other (made 2027-01-05)
    Hugo     man    2000  2025-12-15 → 2026-01-05 → active   work
    Lisa     (opened by the ombud, no request: gender unknown, no birth year)
                               2026-02-01 → active   —
    waiting: Ivar (came in 2026-09-01), Jenny (2026-12-20), Karin (2027-01-10);
             a fourth request was withdrawn (deleted, so never counted).

The age band is the age at the start: the start year minus the birth year.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coordinator_ui import report_tables
from portal.actions import ending
from portal.actions.contacts import change_phase, create_client_contact
from portal.actions.intake import assign, register_intake, withdraw
from portal.actions.plan import add_assignment
from portal.models import (
    Assignment,
    Channel,
    Contact,
    FailureOrganisation,
    FailureSighting,
    Gender,
    Intake,
    LifeArea,
    Phase,
    Referrer,
    Role,
    StatisticsRecord,
    SystemFailure,
    User,
)
from portal.queries import reporting

D = datetime.date
AFTER_2026 = D(2027, 1, 15)  # "today" for the reports: 2025 and 2026 are complete years


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _request(coordinator, name, *, gender, birth_year=None, on) -> Intake:
    intake = register_intake(
        coordinator,
        channel=Channel.PHONE,
        referrer=Referrer.SELF,
        name=name,
        phone="070-123 45 67",
        gender=gender,
        birth_year=birth_year,
    )
    Intake.objects.filter(pk=intake.pk).update(created_at=_moment(on))
    intake.refresh_from_db()
    return intake


def _started(coordinator, ombud, name, *, gender, birth_year, requested, started) -> Contact:
    """A request that came in on `requested` and got `ombud` on `started`."""
    intake = _request(coordinator, name, gender=gender, birth_year=birth_year, on=requested)
    contact = assign(intake, coordinator, ombud=ombud)
    Contact.objects.filter(pk=contact.pk).update(started_on=started)
    contact.refresh_from_db()
    assert contact.requested_on == requested
    return contact


def _areas(contact, *areas, made_on=None) -> None:
    """Assignments made by the contact's ombud, on `made_on` (by default the start)."""
    for area in areas:
        made = add_assignment(contact, contact.ombud, title=f"Uppdrag {area}", life_area=area)
        day = made_on or contact.started_on
        Assignment.objects.filter(pk=made.pk).update(created_at=_moment(day))


def _ended(contact, *, on, together=False) -> None:
    """Ended by the client, or by client and ombud together from the ending phase."""
    if together:
        change_phase(contact, contact.ombud, phase=Phase.ENDING)
        ending.end_contact(contact, contact.ombud)
    else:
        ending.end_contact(contact, contact.client)
    record = StatisticsRecord.objects.latest("pk")
    StatisticsRecord.objects.filter(pk=record.pk).update(ended_on=on)
    Contact.objects.filter(pk=contact.pk).update(ended_on=on)


@pytest.fixture
def part_timer(operation) -> User:
    return User.objects.create_user(
        username="petra",
        first_name="Petra",
        role=Role.OMBUD,
        operation=operation,
        fte=Decimal("0.50"),
    )


@pytest.fixture
def year_of_activity(operation, coordinator, ombud, other_ombud, part_timer) -> dict:
    return _build_year(operation, coordinator, ombud, other_ombud, part_timer)


def _build_year(operation, coordinator, ombud, other_ombud, part_timer) -> dict:
    """The people of the module's docstring, the staff and the system failures."""
    # Staff: Anna 1.00, Johan 1.00, Petra 0.50; Rolf has left (inactive) and does not count.
    User.objects.create_user(
        username="rolf", first_name="Rolf", role=Role.OMBUD, operation=operation, is_active=False
    )
    anna, johan, petra = ombud, other_ombud, part_timer
    woman, man, other, unknown = Gender.WOMAN, Gender.MAN, Gender.OTHER, Gender.UNKNOWN
    came_and_started = [
        # name, ombud, gender, birth year, request came in, contact started
        ("Alva Ek", anna, woman, 1990, D(2024, 11, 1), D(2025, 1, 10)),
        ("Bertil Ström", johan, man, 1960, D(2025, 2, 1), D(2025, 3, 1)),
        ("Cecilia Holm", anna, woman, 2003, D(2025, 12, 1), D(2026, 1, 20)),
        ("David Berg", petra, other, None, D(2026, 3, 1), D(2026, 3, 11)),
        ("Nils Lund", johan, man, 1985, D(2026, 6, 1), D(2026, 6, 15)),
        ("Elin Sjö", anna, woman, 1980, D(2025, 5, 1), D(2025, 6, 1)),
        ("Fredrik Ås", anna, man, 1995, D(2026, 4, 1), D(2026, 5, 1)),
        ("Gun Alm", johan, unknown, 1950, D(2026, 8, 1), D(2026, 8, 4)),
        ("Hugo Vik", petra, man, 2000, D(2025, 12, 15), D(2026, 1, 5)),
    ]
    people = {
        name.split()[0]: _started(
            coordinator, who, name, gender=gender, birth_year=born, requested=came, started=began
        )
        for name, who, gender, born, came, began in came_and_started
    }
    _areas(people["Alva"], LifeArea.ECONOMY)
    _ended(people["Alva"], on=D(2025, 12, 31))
    _areas(people["Bertil"], LifeArea.HOUSING, LifeArea.HEALTH)
    _ended(people["Bertil"], on=D(2026, 2, 15), together=True)
    _areas(people["Cecilia"], LifeArea.ECONOMY, LifeArea.WORK)
    _ended(people["Cecilia"], on=D(2026, 6, 30))
    _areas(people["David"], LifeArea.AUTHORITIES)
    _ended(people["David"], on=D(2026, 10, 1))
    _areas(people["Nils"], LifeArea.ECONOMY)
    _ended(people["Nils"], on=D(2026, 11, 1))
    for name in ["Alva", "Bertil", "Cecilia", "Nils"]:  # not David: ended, not yet erased
        ending.erase(people[name])
    _areas(people["Elin"], LifeArea.ECONOMY, made_on=D(2025, 7, 1))
    _areas(people["Elin"], LifeArea.HOUSING, made_on=D(2026, 3, 1))
    _areas(people["Fredrik"], LifeArea.HEALTH, LifeArea.HEALTH, LifeArea.RELATIONS)
    _areas(people["Gun"], LifeArea.OTHER, made_on=D(2027, 1, 5))
    _areas(people["Hugo"], LifeArea.WORK)

    lisa = create_client_contact(anna, first_name="Lisa")  # no request: no request date
    Contact.objects.filter(pk=lisa.pk).update(started_on=D(2026, 2, 1))

    _request(coordinator, "Ivar Nord", gender=man, on=D(2026, 9, 1))
    _request(coordinator, "Jenny Dal", gender=woman, on=D(2026, 12, 20))
    _request(coordinator, "Karin Mo", gender=woman, on=D(2027, 1, 10))
    withdraw(_request(coordinator, "Olle Bro", gender=man, on=D(2026, 5, 5)), coordinator)

    # System failures, by the day they happened, and the days they were met again.
    fk, psyk, soc = (
        FailureOrganisation.objects.create(operation=operation, name=name)
        for name in ["Försäkringskassan", "Psykiatrin", "Socialtjänsten"]
    )
    for on, level, where, seen in [
        (D(2026, 2, 10), "case_officer", fk, [D(2026, 3, 1), D(2026, 5, 1)]),
        (D(2026, 4, 15), "local", fk, [D(2027, 1, 3)]),
        (D(2026, 9, 9), "central", psyk, []),  # a draft still counts
        (D(2026, 12, 31), "local", soc, []),
        (D(2025, 11, 20), "case_officer", psyk, [D(2025, 12, 1), D(2026, 1, 15)]),
    ]:
        failure = SystemFailure.objects.create(
            operation=operation,
            organisation=where,
            occurred_on=on,
            level=level,
            category="handling",
            description="Beslut dröjer i månader.",
            created_by=anna,
        )
        for day in seen:
            FailureSighting.objects.create(failure=failure, ombud=anna, seen_on=day)
    return people


@pytest.fixture
def neighbours(neighbouring_operation, neighbour_coordinator, neighbour_ombud) -> None:
    """Another operation's staff, clients, queue and failures: never in our figures."""
    elsewhere, eva, olof = neighbouring_operation, neighbour_coordinator, neighbour_ombud
    _started(
        eva,
        olof,
        "Sven Grann",
        gender=Gender.MAN,
        birth_year=1970,
        requested=D(2026, 1, 1),
        started=D(2026, 2, 1),
    )
    ended = _started(
        eva,
        olof,
        "Tea Grann",
        gender=Gender.WOMAN,
        birth_year=1999,
        requested=D(2025, 12, 1),
        started=D(2026, 1, 2),
    )
    _ended(ended, on=D(2026, 3, 3))
    ending.erase(ended)
    _request(eva, "Ulla Grann", gender=Gender.WOMAN, on=D(2026, 6, 6))
    place = FailureOrganisation.objects.create(operation=elsewhere, name="Försäkringskassan")
    SystemFailure.objects.create(
        operation=elsewhere,
        organisation=place,
        occurred_on=D(2026, 5, 5),
        level="local",
        category="rules",
        description="Regeln passar inte.",
    )


def _counts(figures) -> dict[str, int]:
    return {figure.key: figure.count for figure in figures}


def _clients(figures) -> dict[str, tuple[int, int, int]]:
    """key → (new, ended, ongoing)."""
    return {figure.key: (figure.new, figure.ended, figure.ongoing) for figure in figures}


def test_every_figure_of_a_year_matches_the_hand_count(operation, year_of_activity, neighbours):
    report = reporting.annual_report(operation, 2026, today=AFTER_2026)

    assert report.operation == "Testkommunens PO"
    assert (report.year, report.start, report.end) == (2026, D(2026, 1, 1), D(2026, 12, 31))
    assert report.as_of == D(2026, 12, 31) and report.complete is True

    # Ombud: Anna 1.00 + Johan 1.00 + Petra 0.50; Rolf is inactive, Olof of another operation.
    assert report.ombud == 3
    assert report.fte == Decimal("2.50")

    # During 2026 (active at some point): Bertil, Cecilia, David, Nils, Elin, Fredrik, Gun,
    # Hugo, Lisa = 9 (Alva ended 2025-12-31). New (started in 2026): Cecilia, David, Nils,
    # Fredrik, Gun, Hugo, Lisa = 7. Ended in 2026: Bertil, Cecilia, David, Nils = 4.
    # David, ended but not erased, is counted once (from his record).
    assert (report.clients.new, report.clients.ended, report.clients.ongoing) == (7, 4, 9)
    # (new, ended, ongoing) by gender:
    #   woman   Cecilia (new, ended), Elin                        → 1, 1, 2
    #   man     Bertil (ended), Nils (new, ended), Fredrik, Hugo  → 3, 2, 4
    #   other   David (new, ended)                                → 1, 1, 1
    #   unknown Gun (new), Lisa (new)                             → 2, 0, 2
    assert _clients(report.clients_by_gender) == {
        "woman": (1, 1, 2),
        "man": (3, 2, 4),
        "other": (1, 1, 1),
        "unknown": (2, 0, 2),
    }
    # By age at the start (start year − birth year):
    #   18-25  Cecilia 2026−2003=23 (new, ended)         → 1, 1, 1
    #   26-35  Fredrik 2026−1995=31, Hugo 2026−2000=26   → 2, 0, 2
    #   36-45  Elin 2025−1980=45, Nils 2026−1985=41 (new, ended) → 1, 1, 2
    #   46-55  nobody                                    → 0, 0, 0
    #   56-65  Bertil 2025−1960=65 (ended)               → 0, 1, 1
    #   66+    Gun 2026−1950=76 (new)                    → 1, 0, 1
    #   ""     David, Lisa: no birth year (David ended)  → 2, 1, 2
    assert _clients(report.clients_by_age_band) == {
        "18-25": (1, 1, 1),
        "26-35": (2, 0, 2),
        "36-45": (1, 1, 2),
        "46-55": (0, 0, 0),
        "56-65": (0, 1, 1),
        "66+": (1, 0, 1),
        "": (2, 1, 2),
    }

    # Queue on 2026-12-31: Ivar and Jenny wait (Karin came in 2027; Olle was withdrawn;
    # Ulla is the neighbours'); nobody who came in by then got an ombud later.
    assert report.queue_length == 2
    # Days from request to start, for those who started in 2026 (Lisa had no request):
    #   Gun 3, David 10, Nils 14, Hugo 21 (Dec 15 → Jan 5), Fredrik 30, Cecilia 50
    #   (Dec 1 → Jan 20) → median of six = (14 + 21) / 2 = 17.5
    assert report.waiting_counted == 6
    assert report.waiting_median_days == 17.5

    # Clients with at least one assignment in the area, among the 9 of the year:
    #   economy: Cecilia, Elin, Nils = 3     housing: Bertil, Elin = 2
    #   health: Bertil, Fredrik (twice, counted once) = 2    work: Cecilia, Hugo = 2
    #   relations: Fredrik = 1    authorities: David = 1
    #   other: Gun's was made in 2027 = 0
    assert _counts(report.life_areas) == {
        "economy": 3,
        "housing": 2,
        "health": 2,
        "work": 2,
        "relations": 1,
        "authorities": 1,
        "other": 0,
    }
    # Bertil, Cecilia, David, Elin, Fredrik, Hugo, Nils (not Gun, not Lisa).
    assert report.clients_with_assignments == 7

    # Ended in 2026: Bertil together; Cecilia, David, Nils by the client.
    assert _counts(report.ended_how) == {"client": 3, "together": 1}

    # Failures dated 2026: the 2026-02-10, 04-15, 09-09 and 12-31 ones (the 2025 one is
    # not, nor the neighbours'). Seen again in 2026: 03-01, 05-01, and 01-15 (a sighting of
    # the 2025 failure); 2027-01-03 and 2025-12-01 are other years.
    assert report.failures == 4
    assert _counts(report.failures_by_level) == {"case_officer": 1, "local": 2, "central": 1}
    assert _counts(report.failures_by_organisation) == {
        "Försäkringskassan": 2,
        "Psykiatrin": 1,
        "Socialtjänsten": 1,
    }
    assert [f.key for f in report.failures_by_organisation] == [
        "Försäkringskassan",
        "Psykiatrin",
        "Socialtjänsten",
    ]
    assert report.failures_seen_again == 3


def test_the_year_before_counts_the_erased_and_the_queue_at_its_end(
    operation, year_of_activity, neighbours
):
    report = reporting.annual_report(operation, 2025, today=AFTER_2026)

    assert (report.as_of, report.complete) == (D(2025, 12, 31), True)
    # During 2025: Alva and Bertil (both erased since, from their records) and Elin.
    # All three started in 2025; Alva ended on 2025-12-31.
    assert (report.clients.new, report.clients.ended, report.clients.ongoing) == (3, 1, 3)
    #   woman: Alva (new, ended), Elin (new) → 2, 1, 2;  man: Bertil (new) → 1, 0, 1
    assert _clients(report.clients_by_gender) == {
        "woman": (2, 1, 2),
        "man": (1, 0, 1),
        "other": (0, 0, 0),
        "unknown": (0, 0, 0),
    }
    #   Alva 2025−1990=35 → 26-35;  Elin 45 → 36-45;  Bertil 65 → 56-65
    assert _clients(report.clients_by_age_band) == {
        "18-25": (0, 0, 0),
        "26-35": (1, 1, 1),
        "36-45": (1, 0, 1),
        "46-55": (0, 0, 0),
        "56-65": (1, 0, 1),
        "66+": (0, 0, 0),
        "": (0, 0, 0),
    }
    # Waiting on 2025-12-31: Cecilia (came 12-01, erased since: from her record) and Hugo
    # (came 12-15, active: from his contact). Neither intake row says "waiting" any more.
    assert report.queue_length == 2
    # Started in 2025: Alva 70 (Nov 1 → Jan 10: 30 + 31 + 9), Bertil 28, Elin 31 → 31.
    assert (report.waiting_counted, report.waiting_median_days) == (3, 31)
    # Alva economy; Bertil housing, health; Elin economy (her housing one was made in 2026).
    assert _counts(report.life_areas) == {
        "economy": 2,
        "housing": 1,
        "health": 1,
        "work": 0,
        "relations": 0,
        "authorities": 0,
        "other": 0,
    }
    assert report.clients_with_assignments == 3
    assert _counts(report.ended_how) == {"client": 1, "together": 0}
    # The 2025-11-20 failure at the case officer level; its 2025-12-01 sighting.
    assert report.failures == 1
    assert _counts(report.failures_by_level) == {"case_officer": 1, "local": 0, "central": 0}
    assert _counts(report.failures_by_organisation) == {"Psykiatrin": 1}
    assert report.failures_seen_again == 1


def test_erasing_an_ended_contact_changes_no_figure(operation, year_of_activity):
    before = reporting.annual_report(operation, 2026, today=AFTER_2026)
    ending.erase(year_of_activity["David"])
    assert not Contact.objects.filter(client__first_name="David").exists()
    assert reporting.annual_report(operation, 2026, today=AFTER_2026) == before


def test_the_current_year_gives_the_figures_so_far(operation, year_of_activity):
    report = reporting.annual_report(operation, 2026, today=D(2026, 9, 15))
    assert (report.as_of, report.complete) == (D(2026, 9, 15), False)
    # Ivar came in on 2026-09-01 and waits; Jenny had not come in yet.
    assert report.queue_length == 1


def test_a_year_with_nothing_gives_zeros_and_no_median(operation):
    report = reporting.annual_report(operation, 2024, today=AFTER_2026)
    assert (report.ombud, report.fte) == (0, Decimal("0.00"))
    assert (report.clients.new, report.clients.ended, report.clients.ongoing) == (0, 0, 0)
    assert report.queue_length == 0
    assert (report.waiting_counted, report.waiting_median_days) == (0, None)
    assert report.failures == 0 and report.failures_by_organisation == []


def test_the_report_takes_the_same_queries_for_an_empty_and_a_busy_operation(
    operation, coordinator, ombud, other_ombud, part_timer
):
    with CaptureQueriesContext(connection) as empty:
        reporting.annual_report(operation, 2026, today=AFTER_2026)
    _build_year(operation, coordinator, ombud, other_ombud, part_timer)
    with CaptureQueriesContext(connection) as busy:
        reporting.annual_report(operation, 2026, today=AFTER_2026)
    assert len(busy) == len(empty) <= 10


def test_the_tables_show_the_same_figures_in_the_page_and_file_order(operation, year_of_activity):
    report = reporting.annual_report(operation, 2026, today=AFTER_2026)
    tables = {table.slug: table for table in report_tables.tables(report)}
    assert list(tables) == [
        "ombud",
        "klienter-kon",
        "klienter-alder",
        "ko",
        "livsomraden",
        "avslut",
        "systemfel-niva",
        "systemfel-organisation",
        "systemfel-igen",
    ]
    assert [row.values for row in tables["ombud"].rows] == [[3], [Decimal("2.50")]]
    total = tables["klienter-kon"].rows[-1]
    assert total.total and total.values == [7, 4, 9]  # new, ended, during the year
    assert [row.values for row in tables["ko"].rows] == [[2], [17.5], [6]]
    assert tables["avslut"].rows[-1].values == [4]


@pytest.mark.parametrize(
    "value, text",
    [(3, "3"), (Decimal("2.50"), "2,5"), (Decimal("3.00"), "3"), (17.5, "17,5"), (None, "")],
)
def test_numbers_in_the_file_have_a_decimal_comma(value, text):
    assert report_tables.swedish_number(value) == text
