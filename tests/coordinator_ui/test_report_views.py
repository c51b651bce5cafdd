"""The annual report's doors: the coordinator's printable page, the CSV file and the API
operation. Only a coordinator, only their own operation, and never a client's name."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from portal.actions import ending
from portal.actions.intake import register_intake
from portal.models import Channel, FailureCategory, Gender, Referrer, SystemFailure
from tests.helpers import new_client

NAMES = ["Maja", "Omar", "Viktor", "Zelmira", "Lind"]


def _year() -> int:
    return timezone.localdate().year


@pytest.fixture
def activity(contact, other_contact, ombud, coordinator) -> None:
    """This year: Maja and Omar active, Viktor ended (not yet erased), Zelmira waiting."""
    viktor = new_client(ombud, first_name="Viktor")
    ending.end_contact(viktor, viktor.client)
    register_intake(
        coordinator,
        channel=Channel.PHONE,
        referrer=Referrer.RELATIVE,
        name="Zelmira Lind",
        phone="070-123 45 67",
        gender=Gender.WOMAN,
        birth_year=1985,
    )


def _row(rows: list[list[str]], label: str) -> list[str]:
    return next(row for row in rows if row and row[0] == label)


# The page


def test_the_coordinator_sees_this_years_report_as_numbers(coordinator_client, activity):
    response = coordinator_client.get(reverse("coordinator_report"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Redovisning {_year()}" in page
    assert "hittills i år" in page
    assert "Klienter efter kön</caption>" in page
    assert '<th scope="col">Kön</th>' in page
    # All clients: 3 new, 1 ended, 2 active at the end, 3 during the year.
    assert (
        '<th scope="row">Alla klienter</th><td class="num">3</td><td class="num">1</td>'
        '<td class="num">2</td><td class="num">3</td>'
    ) in page
    assert '<th scope="row">Ombud som arbetade under året</th><td class="num">2</td>' in page


def test_the_page_prints_without_the_menus(coordinator_client, activity):
    page = coordinator_client.get(reverse("coordinator_report")).content.decode()
    assert 'href="/static/css/print.css" media="print"' in page
    assert 'class="report-tools no-print"' in page


def test_the_page_shows_the_chosen_year_and_falls_back_to_this_year(coordinator_client):
    last_year = _year() - 1
    page = coordinator_client.get(reverse("coordinator_report"), {"ar": last_year})
    assert f"Redovisning {last_year}" in page.content.decode()
    assert f'<option value="{last_year}" selected>' in page.content.decode()
    assert "hela året" in page.content.decode()
    for nonsense in ["abc", "1999", str(_year() + 1)]:
        page = coordinator_client.get(reverse("coordinator_report"), {"ar": nonsense})
        assert f"Redovisning {_year()}" in page.content.decode()


def test_the_dashboard_links_to_the_report(coordinator_client):
    page = coordinator_client.get(reverse("coordinator_home")).content.decode()
    assert reverse("coordinator_report") in page


def test_the_page_takes_the_same_queries_whatever_the_size(coordinator_client, ombud, activity):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert coordinator_client.get(reverse("coordinator_report")).status_code == 200
        return len(captured)

    small = queries()
    for n in range(8):
        new_client(ombud, first_name=f"Klient {n}", override_reason="Testet fyller på.")
    assert queries() == small


# The CSV file


def test_the_csv_file_opens_in_swedish_excel(coordinator_client, activity, csv_rows):
    response = coordinator_client.get(reverse("coordinator_report_csv", args=[_year()]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="redovisning-{_year()}.csv"' in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = csv_rows(response)
    assert rows[0] == [f"Redovisning {_year()}", "Testkommunens PO"]
    assert _row(rows, "Ombud") == ["Ombud"]  # the section's caption, then its rows
    # Both ombud started today: two days' work of a 365-day year.
    assert _row(rows, "Årsarbetare") == ["Årsarbetare", "0,01"]
    today = date_format(timezone.localdate(), "j F Y")
    assert ["Kön", "Nya", "Avslutade", f"Aktiva {today}", "Under året"] in rows
    assert _row(rows, "Alla klienter") == ["Alla klienter", "3", "1", "2", "3"]
    assert _row(rows, "Klienten avslutade") == ["Klienten avslutade", "1"]
    assert ["Systemfel efter nivå"] in rows  # å, ä and ö come through


def test_the_csv_file_has_one_section_per_table(coordinator_client, activity, csv_rows):
    rows = csv_rows(coordinator_client.get(reverse("coordinator_report_csv", args=[_year()])))
    captions = [rows[i + 1][0] for i, row in enumerate(rows[:-1]) if row == []]
    today = date_format(timezone.localdate(), "j F Y")
    assert captions == [
        "Ombud",
        "Klienter efter kön",
        "Klienter efter ålder",
        f"Aktiva klienter efter fas {today}",
        "Förfrågningar efter hur de kom in",
        "Förfrågningar efter vem som hörde av sig",
        f"Hur det gick med förfrågningarna {today}",
        "Väntelista och väntetid",
        "Klienter med uppdrag inom livsområdet",
        "Hur kontakterna avslutades",
        "Systemfel efter nivå",
        "Systemfel efter kategori",
        "Systemfel efter organisation",
        "Systemfel efter hur det gått",
        "Systemfel som mötts igen",
    ]


def test_the_csv_file_exists_only_for_years_that_can_be_reported(coordinator_client):
    for year in [2019, _year() + 1]:
        response = coordinator_client.get(reverse("coordinator_report_csv", args=[year]))
        assert response.status_code == 404


# The API operation


def test_the_api_gives_the_report_as_json(coordinator_client, activity):
    response = coordinator_client.get(f"/api/report/{_year()}")
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == _year() and body["complete"] is False
    assert body["operation"] == "Testkommunens PO"
    assert body["ombud"] == {"count": 2, "fte_years": 0.01}
    assert body["clients"]["total"] == {
        "key": "all",
        "label": "Alla klienter",
        "new": 3,
        "ongoing": 3,
        "ended": 1,
        "active_at_end": 2,
    }
    women = next(row for row in body["clients"]["by_gender"] if row["key"] == "woman")
    assert (women["new"], women["ongoing"], women["ended"]) == (3, 3, 1)
    assert body["requests"]["total"] == 4  # three that got an ombud, Zelmira waiting
    assert body["queue"] == {"length": 1, "waiting_median_days": 0.0, "waiting_counted": 3}
    assert {"key": "client", "label": "Klienten avslutade", "count": 1} in body["ended_how"]
    assert body["life_areas"]["clients_with_assignments"] == 0
    assert body["system_failures"] == {
        "total": 0,
        "seen_again": 0,
        "by_level": [
            {"key": "case_officer", "label": "Handläggarnivå", "count": 0},
            {"key": "local", "label": "Lokal nivå", "count": 0},
            {"key": "central", "label": "Central nivå", "count": 0},
        ],
        "by_category": [
            {"key": c.value, "label": str(c.label), "count": 0} for c in FailureCategory
        ],
        "by_organisation": [],
        "by_outcome": [
            {"key": s.value, "label": str(s.label), "count": 0} for s in SystemFailure.Status
        ],
    }


def test_the_api_has_no_report_for_a_year_that_cannot_be_reported(coordinator_client):
    assert coordinator_client.get(f"/api/report/{_year() + 1}").status_code == 404


def test_the_api_report_is_in_the_schema(coordinator_client):
    schema = coordinator_client.get("/api/openapi.json").json()
    assert "/api/report/{year}" in schema["paths"]
    assert "ReportOut" in schema["components"]["schemas"]


# Who may see it


@pytest.mark.parametrize("who", ["ombud_client", "client_client"])
def test_ombud_and_clients_get_404_everywhere(who, request):
    browser = request.getfixturevalue(who)
    assert browser.get(reverse("coordinator_report")).status_code == 404
    assert browser.get(reverse("coordinator_report_csv", args=[_year()])).status_code == 404
    assert browser.get(f"/api/report/{_year()}").status_code == 404


def test_without_signing_in_the_page_asks_to_sign_in_and_the_api_says_401(db):
    browser = Client()
    response = browser.get(reverse("coordinator_report"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert browser.get(reverse("coordinator_report_csv", args=[_year()])).status_code == 302
    assert browser.get(f"/api/report/{_year()}").status_code == 401


def test_each_coordinator_sees_only_their_own_operation(
    coordinator_client, neighbour_coordinator_client, neighbour_ombud, activity, csv_rows
):
    """The neighbouring operation has one ombud and one client."""
    new_client(neighbour_ombud, first_name="Pelle")
    eva = neighbour_coordinator_client
    ours = coordinator_client.get(f"/api/report/{_year()}").json()
    theirs = eva.get(f"/api/report/{_year()}").json()
    assert (ours["ombud"]["count"], ours["clients"]["total"]["ongoing"]) == (2, 3)
    assert (theirs["ombud"]["count"], theirs["clients"]["total"]["ongoing"]) == (1, 1)
    assert theirs["operation"] == "Grannkommunens PO"
    assert theirs["queue"]["length"] == 0
    page = eva.get(reverse("coordinator_report")).content.decode()
    assert "Testkommunens PO" not in page
    rows = csv_rows(eva.get(reverse("coordinator_report_csv", args=[_year()])))
    assert _row(rows, "Alla klienter") == ["Alla klienter", "1", "0", "1", "1"]


def test_no_client_name_is_in_the_page_the_file_or_the_json(coordinator_client, activity):
    year = _year()
    answers = [
        coordinator_client.get(reverse("coordinator_report")).content.decode(),
        coordinator_client.get(reverse("coordinator_report_csv", args=[year])).content.decode(),
        coordinator_client.get(f"/api/report/{year}").content.decode(),
    ]
    for answer in answers:
        for name in NAMES:
            assert name not in answer
