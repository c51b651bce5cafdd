"""An ombud records a system failure on the phone; the anonymity guard stops a client's
name; the coordinator sees the failure in the quarterly trend and downloads the CSV."""

import re
from pathlib import Path

import pytest
from django.utils import timezone

from portal.models import FailureOrganisation
from portal.queries.steering import quarter_of
from tests.browser.conftest import BrowserTestCase


class TestSystemFailureToSteeringGroup(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, coordinator, password):
        FailureOrganisation.objects.create(operation=contact.operation, name="Försäkringskassan")
        self.password = password

    def test_an_ombud_records_a_failure_and_the_coordinator_sees_the_trend_and_csv(self):
        ombud = self.login(self.phone(), "anna", self.password)
        ombud.goto("/ombud/systemfel/ny/")
        form = ombud.locator("#failure-form")
        form.get_by_label("Vilken organisation gäller det?").select_option(
            label="Försäkringskassan"
        )
        form.get_by_label("Lokal nivå", exact=False).check()
        form.get_by_label("Vad handlar det om?").select_option(value="handling")
        description = form.get_by_label(
            "Beskriv felet, utan namn eller annat som kan peka ut en klient"
        )
        description.fill("Maja fick vänta fem månader på beslut om aktivitetsersättning.")
        form.get_by_label("Hur många av dina klienter berörs? Bara antalet.").fill("3")
        form.get_by_role("button", name="Spara som utkast").click()

        # The client's name is refused, and what the ombud wrote is kept.
        ombud.get_by_text("Maja", exact=False).first.wait_for()
        ombud.locator("#failure-form .errorlist").first.wait_for()
        kept = ombud.locator("#failure-form textarea[name=description]").input_value()
        assert kept.startswith("Maja fick vänta")

        ombud.locator("#failure-form textarea[name=description]").fill(
            "Beslut om aktivitetsersättning dröjer fem månader."
        )
        ombud.get_by_role("button", name="Spara som utkast").click()
        ombud.wait_for_url(re.compile(r"/ombud/systemfel/\d+/$"))
        assert "Beslut om aktivitetsersättning dröjer" in ombud.locator("main").inner_text()

        coordinator = self.login(self.phone(), "sara", self.password)
        coordinator.goto("/samordnare/systemfel/")
        chart = coordinator.locator("svg.chart")
        chart.wait_for()
        assert chart.get_attribute("role") == "img"
        quarter = quarter_of(timezone.localdate())
        row = coordinator.locator("#trend-table tbody tr", has_text=quarter)
        assert row.locator("td").all_inner_texts() == ["0", "1", "0", "1", "0"]

        with coordinator.expect_download() as download:
            coordinator.get_by_role("link", name="Hämta som CSV").click()
        csv_text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert "Försäkringskassan" in csv_text
        assert "Beslut om aktivitetsersättning dröjer fem månader." in csv_text
        assert "Maja" not in csv_text
