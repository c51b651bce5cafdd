"""The ombud's caseload hears of new messages (issue 12, part 8): the row's unread chip
appears without a reload, through live.js's "caseload" part."""

import pytest

from tests.browser.conftest import BrowserTestCase

LIVE = "html[data-live=open]"


class TestCaseloadLive(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, password):
        self.contact, self.password = contact, password

    def test_the_unread_chip_on_the_row_comes_live(self):
        ombud = self.login(self.phone(), "anna", self.password)
        ombud.goto("/ombud/")
        ombud.locator(LIVE).wait_for(state="attached")
        loads = []
        ombud.on("load", lambda page: loads.append(page.url))
        row = ombud.locator(f"#caseload-{self.contact.pk}")
        assert "oläst" not in row.inner_text()

        client = self.login(self.phone(), "maja", self.password)
        client.goto("/meddelanden/")
        client.get_by_label("Meddelande").fill("Hej Anna, kan du ringa mig?")
        client.get_by_role("button", name="Skicka").click()

        ombud.locator(
            f"#caseload-{self.contact.pk} .chip-new", has_text="1 oläst meddelande"
        ).wait_for()
        assert "kan du ringa" not in row.inner_text()
        assert loads == []  # no reload
