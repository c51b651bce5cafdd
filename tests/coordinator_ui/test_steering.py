"""The steering group's view of system failures: filters, the trend per quarter as an
SVG chart made on the server, the CSV for the meeting, and who may see it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import FailureOrganisation, FailureSighting, Operation, SystemFailure
from portal.queries import steering
from portal.queries.failures import Filters, failures_of, with_sightings

URL = "/samordnare/systemfel/"


def _failure(operation, organisation, day, level="local", *, seen=(), ombud=None, **extra):
    failure = SystemFailure.objects.create(
        operation=operation,
        organisation=organisation,
        occurred_on=day,
        level=level,
        category=extra.pop("category", "handling"),
        description=extra.pop("description", "Långa handläggningstider"),
        clients_affected=extra.pop("clients", 2),
        created_by=ombud,
        **extra,
    )
    for seen_on, clients in seen:
        FailureSighting.objects.create(
            failure=failure, ombud=ombud, seen_on=seen_on, clients_affected=clients
        )
    return failure


@pytest.fixture
def fk(operation):
    return FailureOrganisation.objects.create(operation=operation, name="Försäkringskassan")


@pytest.fixture
def psykiatrin(operation):
    return FailureOrganisation.objects.create(operation=operation, name="Psykiatrin")


@pytest.fixture
def year_of_failures(operation, fk, psykiatrin, ombud):
    return [
        _failure(
            operation,
            fk,
            datetime.date(2026, 1, 15),
            "case_officer",
            seen=[(datetime.date(2026, 2, 1), 1), (datetime.date(2026, 4, 2), 3)],
            ombud=ombud,
        ),
        _failure(operation, fk, datetime.date(2026, 2, 20), "local", ombud=ombud),
        _failure(
            operation,
            psykiatrin,
            datetime.date(2026, 5, 5),
            "central",
            ombud=ombud,
            status="sent",
            sent_to="steering",
            sent_on=datetime.date(2026, 5, 6),
        ),
        _failure(
            operation,
            psykiatrin,
            datetime.date(2026, 11, 1),
            "local",
            ombud=ombud,
            description='=HYPERLINK("http://x")',
        ),
    ]


def test_the_trend_counts_failures_per_quarter_and_level_and_sightings(year_of_failures, operation):
    data = steering.trend(list(with_sightings(failures_of(operation, Filters()))))
    assert data.quarters == ["2026 K1", "2026 K2", "2026 K3", "2026 K4"]
    assert data.by_level["case_officer"] == [1, 0, 0, 0]
    assert data.by_level["local"] == [1, 0, 0, 1]
    assert data.by_level["central"] == [0, 1, 0, 0]
    assert data.totals == [2, 1, 0, 1]
    assert data.seen_again == [1, 1, 0, 0]


def test_filters_narrow_the_failures(year_of_failures, operation, psykiatrin):
    def count(**filters):
        return len(list(failures_of(operation, Filters(**filters))))

    assert count(organisation=psykiatrin.pk) == 2
    assert count(level="local") == 2
    assert count(status="sent") == 1
    assert count(date_from=datetime.date(2026, 2, 1), date_to=datetime.date(2026, 6, 30)) == 2


def test_the_page_shows_the_chart_and_the_same_figures_as_a_table(
    coordinator_client, year_of_failures
):
    body = coordinator_client.get(URL).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in body and 'role="img"' in body
    assert '<title id="chart-title">Systemfel per kvartal och nivå</title>' in body
    assert '<th scope="row">2026 K1</th><td>1</td><td>1</td><td>0</td><td>2</td><td>1</td>' in body
    assert "4 systemfel" in body


def test_the_page_filters_by_query(coordinator_client, year_of_failures, psykiatrin):
    body = coordinator_client.get(URL, {"organisation": psykiatrin.pk}).content.decode()
    assert "2 systemfel" in body


def test_the_csv_has_every_selected_failure_and_no_formulas(
    coordinator_client, year_of_failures, csv_rows
):
    response = coordinator_client.get("/samordnare/systemfel.csv", {"level": "local"})
    assert response["Content-Disposition"] == 'attachment; filename="systemfel.csv"'
    rows = csv_rows(response)
    assert rows[0][:3] == ["Datum", "Organisation", "Nivå"]
    assert sorted(row[0] for row in rows[1:]) == ["2026-02-20", "2026-11-01"]
    descriptions = [row[8] for row in rows[1:]]
    assert """'=HYPERLINK("http://x")""" in descriptions  # written as text, never run


@pytest.mark.parametrize("person", ["ombud_client", "client_client", "other_ombud_client"])
def test_only_coordinators_see_the_steering_view(request, person, year_of_failures):
    browser = request.getfixturevalue(person)
    assert browser.get(URL).status_code == 404
    assert browser.get("/samordnare/systemfel.csv").status_code == 404


def test_a_coordinator_sees_only_their_own_operation(client, year_of_failures, coordinator):
    other = Operation.objects.create(name="Annan kommun")
    coordinator.operation = other
    coordinator.save()
    client.force_login(coordinator)
    assert "0 systemfel" in client.get(URL).content.decode()


def test_the_page_needs_the_same_queries_for_few_and_many_failures(
    coordinator_client, operation, fk, ombud
):
    _failure(operation, fk, datetime.date(2026, 1, 1), seen=[(datetime.date(2026, 1, 2), 1)])
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(URL)
    for n in range(20):
        _failure(
            operation, fk, datetime.date(2026, 1 + n % 12, 1), seen=[(datetime.date(2026, 3, 1), 1)]
        )
    with CaptureQueriesContext(connection) as many:
        coordinator_client.get(URL)
    assert len(many) == len(few)


def test_the_chart_reads_on_a_phone_and_in_both_themes():
    """Labels at least 12 CSS px in the narrowest box (a 320 px phone), every total
    written, and no fixed colour: the stylesheet colours it for light and dark."""
    from coordinator_ui.chart import NARROWEST_PX, chart_svg, font_px_at
    from portal.models import Level

    quarters = [f"202{y} K{q}" for y in (5, 6) for q in (1, 2, 3, 4)]
    trend = steering.Trend(
        quarters=quarters,
        by_level={
            Level.CASE_OFFICER: [3, 0, 1, 12, 2, 0, 0, 1],
            Level.LOCAL: [1, 1, 0, 3, 0, 0, 0, 0],
            Level.CENTRAL: [0, 0, 0, 5, 0, 1, 0, 0],
        },
        seen_again=[0, 2, 0, 7, 0, 0, 1, 0],
    )
    svg = chart_svg(trend, title="Systemfel per kvartal och nivå")
    assert NARROWEST_PX <= 320 - 64
    assert font_px_at(NARROWEST_PX) >= 12
    assert "fill=" not in svg and "#" not in svg.replace("&#", "")
    assert 'class="chart-bar level-1"' in svg and 'class="chart-total"' in svg
    assert ">20 (+7)</text>" in svg and ">4</text>" in svg  # every total, with met again
    for quarter in quarters:
        assert f">{quarter}</text>" in svg
