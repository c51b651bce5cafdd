"""A row being edited is not replaced by a live update (issue 12, nothing typed is lost):
Anna has Maja's task open for editing and has typed a new wording when Maja marks it done
on her phone. Anna's form and what she typed stay; the update is not an error on the page
(htmx would report the missing "#task-N:not(.editing)" target if it were swapped as sent);
when Anna cancels, the row comes back from the server, done."""

import pytest

from tests.browser.conftest import BrowserTestCase


class TestAnEditedRowWaits(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, task, password):
        self.contact, self.task, self.password = contact, task, password

    def test_a_live_update_for_the_row_being_edited_leaves_the_form_alone(self):
        ombud = self.login(self.phone(), "anna", self.password)
        problems = []
        ombud.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        ombud.goto(f"/ombud/klient/{self.contact.pk}/")
        ombud.locator("html[data-live=open]").wait_for(state="attached")
        row = ombud.locator(f"#task-{self.task.pk}")
        row.get_by_role("link", name="Ändra").click()
        field = ombud.locator(f"#task-{self.task.pk}.editing").get_by_label("Vad ska göras?")
        field.fill("Öppna posten tillsammans")

        client = self.login(self.phone(), "maja", self.password)
        client.goto("/min-plan/")
        client.locator(f"#task-{self.task.pk}").get_by_role("button", name="Klart").click()
        client.locator(f"#task-{self.task.pk}.is-done").wait_for()
        ombud.locator("#status", has_text="Maja").wait_for()

        assert field.input_value() == "Öppna posten tillsammans"
        assert problems == []

        # Avbryt puts the row back as it is now on the server: done, in its own words.
        ombud.locator(f"#task-{self.task.pk}.editing").get_by_role("link", name="Avbryt").click()
        ombud.locator(f"#task-{self.task.pk}:not(.editing)").wait_for()
        assert "Öppna posten från Kronofogden" in row.inner_text()
        assert "Klart" in row.locator(".task-status").inner_text()
        assert problems == []
