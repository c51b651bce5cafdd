"""A bad connection on the client's phone: the plan stays readable offline, what she
writes offline is sent once when she is back, and nothing is left after signing out."""

import time

import pytest
from playwright.sync_api import Error as PlaywrightError

from portal.models import Message
from tests.browser.conftest import BrowserTestCase

CONTROLLED = "() => navigator.serviceWorker.controller !== null"
PAGES_KEPT = "() => caches.open('pages').then(c => c.keys()).then(keys => keys.map(r => r.url))"
LIVE = "html[data-live=open]"


def _until(page, expression, *, seconds=10):
    """Poll a function in the page (the strict CSP forbids wait_for_function's eval)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if value:
            return value
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {expression}")


class TestOffline(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, task, password):
        self.contact, self.task, self.password = contact, task, password

    def _client_online_once(self):
        page = self.login(self.phone(), "maja", self.password)
        page.goto("/min-plan/")
        _until(page, CONTROLLED)
        for path in ("/min-plan/", "/traffar/", "/meddelanden/"):
            page.goto(path)  # through the service worker, which keeps them
        _until(page, f"() => ({PAGES_KEPT})().then(urls => urls.length >= 3)")
        return page

    def test_the_plan_is_readable_offline_with_a_banner(self):
        page = self._client_online_once()
        page.context.set_offline(True)
        page.goto("/min-plan/")
        assert self.task.what in page.locator("#assignments").inner_text()
        banner = page.locator("#connection")
        banner.wait_for()
        assert "Du har inget nät just nu." in banner.inner_text()
        banner.locator("summary").click()  # one line, which opens to the details
        assert "Det du ser är från i dag kl" in banner.inner_text()
        page.goto("/traffar/")
        assert page.get_by_role("heading", name="Träffar").count() == 1
        page.goto("/ombud/")  # never kept: the offline page, in Swedish
        assert "Du har inget nät just nu" in page.locator("main").inner_text()

    def test_a_message_written_offline_is_sent_once_when_back_online(self):
        page = self._client_online_once()
        page.goto("/meddelanden/")
        page.locator(LIVE).wait_for(state="attached")
        page.context.set_offline(True)
        page.get_by_label("Meddelande").fill("Skrivet utan nät")
        page.get_by_role("button", name="Skicka").click()
        page.locator("#message-list .bubble.pending", has_text="Skrivet utan nät").wait_for()
        waiting = page.locator("#connection")
        waiting.wait_for()
        assert "Väntar på att skickas (1)" in waiting.inner_text()
        waiting.locator("summary").click()
        assert "Skrivet utan nät" in page.locator("#outbox").inner_text()
        assert Message.objects.count() == 0

        page.context.set_offline(False)
        page.locator("#connection").wait_for(state="hidden", timeout=20_000)
        page.locator(
            "#message-list .bubble.mine:not(.pending)", has_text="Skrivet utan nät"
        ).wait_for()
        assert page.locator("#message-list .bubble", has_text="Skrivet utan nät").count() == 1
        assert Message.objects.filter(text="Skrivet utan nät").count() == 1

        ombud = self.login(self.phone(), "anna", self.password)
        ombud.goto(f"/ombud/klient/{self.contact.pk}/meddelanden/")
        assert ombud.locator("#message-list .bubble", has_text="Skrivet utan nät").count() == 1

    def test_a_task_ticked_offline_is_done_when_back_online(self):
        page = self._client_online_once()
        page.goto("/min-plan/")
        page.locator(LIVE).wait_for(state="attached")
        page.context.set_offline(True)
        page.locator(f"#task-{self.task.pk}").get_by_role("button", name="Klart").click()
        page.locator(f"#task-{self.task.pk}.pending").wait_for()
        page.locator("#connection", has_text="Väntar på att skickas (1)").wait_for()
        page.context.set_offline(False)
        page.locator(f"#task-{self.task.pk}.is-done").wait_for(timeout=20_000)
        self.task.refresh_from_db()
        assert self.task.status == "done"

    def test_nothing_of_the_plan_is_left_after_signing_out(self):
        page = self._client_online_once()
        page.goto("/mer/")
        with page.expect_navigation():
            page.get_by_role("button", name="Logga ut").click()
        assert "/logga-in/" in page.url
        # Clear-Site-Data emptied the caches (the sign-in page registers a fresh, empty
        # service worker again: the app shell only).
        _until(page, "() => caches.has('pages').then(kept => !kept)")
        page.context.set_offline(True)
        try:
            page.goto("/min-plan/")
        except PlaywrightError as error:  # before the new worker controls the page
            assert "ERR_INTERNET_DISCONNECTED" in str(error)
        else:
            text = page.locator("body").inner_text()
            assert "Du har inget nät just nu" in text  # no copy of the plan on the phone
            assert self.task.what not in text
