"""System failures at national scale (issue 13): the lists come a page at a time, newest
first, keyset-paged, and the steering group's trend is counted by the database, so the
pages cost the same however many failures the years have gathered."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import FailureOrganisation, FailureSighting, SystemFailure
from portal.queries import steering
from portal.queries.failures import (
    PAGE_SIZE,
    Filters,
    failures_of,
    selected_failures,
    with_sightings,
)

START = datetime.date(2024, 1, 1)


def _many(operation, ombud, count: int) -> list[SystemFailure]:
    """`count` failures, two a day on some days (the same date needs the id to order)."""
    organisation, _ = FailureOrganisation.objects.get_or_create(
        operation=operation, name="Försäkringskassan"
    )
    made = SystemFailure.objects.bulk_create(
        SystemFailure(
            operation=operation,
            organisation=organisation,
            occurred_on=START + datetime.timedelta(days=n // 2 * 9),
            level=["case_officer", "local", "central"][n % 3],
            category="handling",
            description=f"Brist nummer {n}",
            created_by=ombud,
        )
        for n in range(count)
    )
    FailureSighting.objects.bulk_create(
        FailureSighting(
            failure=failure,
            ombud=ombud,
            seen_on=failure.occurred_on + datetime.timedelta(days=40),
            clients_affected=1,
        )
        for failure in made[::4]
    )
    return made


def _newest_first(made: list[SystemFailure]) -> list[int]:
    return [f.pk for f in sorted(made, key=lambda f: (f.occurred_on, f.pk), reverse=True)]


def _pages(browser, url: str, key: str) -> list[int]:
    """Every failure's id, following the "Visa äldre" links (or the API's next link)."""
    seen: list[int] = []
    while url:
        response = browser.get(url)
        assert response.status_code == 200
        if key == "api":
            seen += [f["id"] for f in response.json()]
            link = response.headers.get("Link", "")
            url = link[1 : link.index(">")] if link else ""
        else:
            page = response.context
            seen += [f.pk for f in page["failures"]]
            url = f"?fore={page['older']}" if page["older"] else ""
            url = (response.request["PATH_INFO"] + url) if url else ""
    return seen


@pytest.mark.parametrize(
    ("who", "url", "key"),
    [
        ("ombud", "/ombud/systemfel/", "page"),
        ("coordinator", "/samordnare/systemfel/", "page"),
        ("ombud", "/api/failures", "api"),
    ],
)
def test_every_failure_is_listed_once_a_page_at_a_time_newest_first(
    who, url, key, operation, ombud, ombud_client, coordinator_client
):
    made = _many(operation, ombud, PAGE_SIZE * 2 + 7)
    browser = ombud_client if who == "ombud" else coordinator_client
    first = browser.get(url)
    shown = first.json() if key == "api" else first.context["failures"]
    assert len(shown) == PAGE_SIZE
    assert _pages(browser, url, key) == _newest_first(made)


def test_the_page_says_how_many_in_all_and_links_to_the_older(operation, ombud, coordinator_client):
    _many(operation, ombud, PAGE_SIZE + 1)
    page = coordinator_client.get("/samordnare/systemfel/?level=local")
    body = page.content.decode()
    locals_in_all = SystemFailure.objects.filter(level="local").count()
    assert f"{locals_in_all} systemfel" in body
    assert "Visa äldre" not in body  # every local one fits on the first page
    everything = coordinator_client.get("/samordnare/systemfel/").content.decode()
    assert f"{PAGE_SIZE + 1} systemfel" in everything and "Visa äldre" in everything


def test_the_api_says_the_total_and_keeps_the_filters_in_the_next_link(
    operation, ombud, ombud_client
):
    _many(operation, ombud, PAGE_SIZE * 4)
    response = ombud_client.get("/api/failures?level=local")
    assert response["X-Total-Count"] == str(SystemFailure.objects.filter(level="local").count())
    assert "level=local" in response["Link"] and 'rel="next"' in response["Link"]
    assert all(f["level"] == "local" for f in response.json())


def test_a_cursor_that_does_not_parse_starts_from_the_newest(operation, ombud, ombud_client):
    made = _many(operation, ombud, 3)
    listed = [f["id"] for f in ombud_client.get("/api/failures?before=nonsense").json()]
    assert listed == _newest_first(made)


def test_the_trend_counted_by_the_database_is_the_trend_counted_in_python(operation, ombud):
    _many(operation, ombud, 90)
    for filters in (Filters(), Filters(level="local"), Filters(date_from=START.replace(month=6))):
        loaded = steering.trend(list(with_sightings(failures_of(operation, filters))))
        counted = steering.trend_of(selected_failures(operation, filters))
        assert counted.rows == loaded.rows
        assert counted.quarters and counted.totals == loaded.totals


def test_the_failure_pages_cost_the_same_queries_for_ten_and_three_hundred_failures(
    operation, ombud, ombud_client, coordinator_client
):
    def queries(browser, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(url).status_code == 200
        return len(captured)

    urls = [
        (ombud_client, "/ombud/systemfel/"),
        (coordinator_client, "/samordnare/systemfel/"),
        (ombud_client, "/api/failures"),
    ]
    _many(operation, ombud, 10)
    few = [queries(browser, url) for browser, url in urls]
    _many(operation, ombud, 290)
    assert [queries(browser, url) for browser, url in urls] == few
