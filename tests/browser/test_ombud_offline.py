"""The ombud in a stairwell without a connection (issue 12, part 8): the caseload, and
the plans and conversations they have opened, stay readable offline, network first;
"/" leads to the caseload; nothing is left after signing out."""

import pytest

from tests.browser.conftest import BrowserTestCase
from tests.browser.test_offline import CONTROLLED, PAGES_KEPT, _until


class TestOmbudOffline(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, task, password):
        self.contact, self.task, self.password = contact, task, password

    def _ombud_online_once(self):
        page = self.login(self.phone(), "anna", self.password)
        page.goto("/ombud/")
        _until(page, CONTROLLED)
        plan = f"/ombud/klient/{self.contact.pk}/"
        for path in ("/ombud/", plan, f"{plan}meddelanden/"):
            page.goto(path)  # through the service worker, which keeps them
        _until(page, f"() => ({PAGES_KEPT})().then(urls => urls.length >= 3)")
        return page, plan

    def test_a_clients_plan_the_ombud_opened_is_readable_offline(self):
        page, plan = self._ombud_online_once()
        page.goto(plan)
        page.context.set_offline(True)
        page.reload()
        assert self.task.what in page.locator("#assignments").inner_text()
        page.locator("#connection").wait_for()
        assert "Du har inget nät just nu." in page.locator("#connection").inner_text()
        page.goto(f"{plan}meddelanden/")
        assert page.locator("#message-list").count() == 1
        page.goto("/ombud/")
        assert "Maja" in page.locator("#caseload").inner_text()
        # The front door leads to the ombud's own start, not the client's plan.
        page.goto("/")
        assert page.locator("#caseload").count() == 1
        # A page never opened: the offline page, which leads to the start.
        page.goto("/ombud/systemfel/")
        assert "Du har inget nät just nu" in page.locator("main").inner_text()
        with page.expect_navigation():
            page.get_by_role("link", name="Till startsidan").click()
        assert page.locator("#caseload").count() == 1

    def test_nothing_is_left_after_the_ombud_signs_out(self):
        page, _plan = self._ombud_online_once()
        page.goto("/ombud/konto/")
        with page.expect_navigation():
            page.locator("form[data-logout] button[type=submit]").click()
        assert "/logga-in/" in page.url
        _until(page, "() => caches.has('pages').then(kept => !kept)")
