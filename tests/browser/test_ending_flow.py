"""The client ends the contact on her phone, downloads her copy, and after the window
her login no longer works: everything about her is gone."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from portal.actions.ending import erase_due
from tests.browser.conftest import BrowserTestCase


class TestEndingOnThePhone(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, task, password):
        self.contact, self.task, self.password = contact, task, password

    def test_the_client_ends_downloads_her_copy_and_is_gone_after_the_window(self):
        page = self.login(self.phone(), "maja", self.password)
        page.get_by_role("link", name="Mer").click()
        page.get_by_role("link", name="Avsluta kontakten").click()
        assert "Du är alltid välkommen tillbaka senare" in page.locator("main").inner_text()
        page.get_by_role("button", name="Ja, avsluta kontakten").click()
        page.get_by_role("heading", name="Kontakten är avslutad").wait_for()

        with page.expect_download() as download:
            page.get_by_role("link", name="Hämta kopian att läsa").click()
        copy = download.value
        assert copy.suggested_filename == "brobyggare-min-kopia.html"
        assert self.task.what in Path(copy.path()).read_text(encoding="utf-8")

        with self.outside_browser():
            erased = erase_due(now=timezone.now() + datetime.timedelta(days=31))
        assert erased == 1

        again = self.phone()
        again.goto("/logga-in/")
        again.get_by_label("Användarnamn").fill("maja")
        again.get_by_label("Lösenord").fill(self.password)
        again.get_by_role("button", name="Logga in", exact=True).click()
        again.get_by_text("Användarnamnet eller lösenordet stämmer inte.").wait_for()
        assert "/logga-in/" in again.url
