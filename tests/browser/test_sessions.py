"""Sessions on real phones: signing out the other devices closes their live sockets at
once, and the warning before the idle timeout keeps the person signed in without a
reload and without losing what they typed."""

import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from portal.queries.sessions import ACTIVE
from tests.browser.conftest import BrowserTestCase

LIVE = "html[data-live=open]"  # live.js sets it once the socket is open and said hello


class TestSessions(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, task, password):
        self.contact, self.task, self.password = contact, task, password

    def _live(self, username, path, **phone):
        page = self.login(self.phone(**phone), username, self.password)
        page.goto(path)
        page.locator(LIVE).wait_for(state="attached")
        return page

    def _session(self, page) -> SessionStore:
        [cookie] = [c for c in page.context.cookies() if c["name"] == "sessionid"]
        return SessionStore(session_key=cookie["value"])

    def _idle_on_the_server(self, page, seconds):
        """Move the session's last activity back, as if nobody had done anything."""
        session = self._session(page)
        session[ACTIVE] = session[ACTIVE] - seconds
        session.save()

    def _active_just_now(self, page) -> bool:
        """The server saw activity in the last few seconds (waits up to 5 s for it)."""
        for _ in range(50):
            if timezone.now().timestamp() - self._session(page)[ACTIVE] < 10:
                return True
            time.sleep(0.1)
        return False

    def test_logging_out_all_others_closes_the_other_phones_socket(self):
        messages = f"/ombud/klient/{self.contact.pk}/meddelanden/"
        phone_a = self._live("anna", "/ombud/")
        phone_b = self._live("anna", messages)
        phone_b.get_by_label("Meddelande").fill("Ett halvt skrivet meddelande")
        maja = self._live("maja", "/meddelanden/")

        phone_a.get_by_role("link", name="Konto").click()
        phone_a.wait_for_url("**/ombud/konto/")
        devices = phone_a.locator("#devices .device")
        assert devices.count() == 2
        assert "Den här enheten" in devices.first.inner_text()
        phone_a.get_by_role("button", name="Logga ut alla andra").click()
        phone_a.locator("#status", has_text="Du är utloggad på alla andra enheter.").wait_for()
        assert phone_a.locator("#devices .device").count() == 1

        # Phone B's socket was closed by the server: it says so, calmly, and keeps the text.
        phone_b.locator("html[data-live=closed]").wait_for(state="attached")
        phone_b.locator("#session-notice", has_text="Du är utloggad på den här enheten.").wait_for()
        assert phone_b.get_by_label("Meddelande").input_value() == "Ett halvt skrivet meddelande"
        assert phone_b.locator("#connection").is_hidden()  # not "offline"

        # A frame sent afterwards reaches phone A, never phone B.
        phone_a.locator(LIVE).wait_for(state="attached")
        maja.get_by_label("Meddelande").fill("Hej Anna, är du där?")
        maja.get_by_role("button", name="Skicka").click()
        phone_a.locator("#status", has_text="Nytt meddelande från Maja.").wait_for()
        phone_b.wait_for_timeout(500)
        assert "Hej Anna, är du där?" not in phone_b.locator("#message-list").inner_text()

        # B's next navigation lands on the sign-in page.
        phone_b.goto("/ombud/")
        assert "/logga-in/" in phone_b.url

    def test_the_idle_warning_keeps_the_person_signed_in_without_a_reload(self):
        page = self.login(self.phone(), "anna", self.password)
        page.clock.install()
        page.goto(f"/ombud/klient/{self.contact.pk}/meddelanden/")
        page.locator(LIVE).wait_for(state="attached")
        loads = []
        page.on("load", lambda p: loads.append(p.url))
        notice = page.locator("#session-notice")
        assert notice.is_hidden()

        self._idle_on_the_server(page, 28 * 60)
        page.clock.fast_forward("28:00")
        notice.get_by_text("Appen loggar snart ut dig. Ingenting har hänt på en stund.").wait_for()
        page.get_by_label("Meddelande").fill("Det här vill jag inte förlora")
        notice.get_by_role("button", name="Fortsätt vara inloggad").click()
        notice.get_by_text("Bra. Du är fortfarande inloggad.").wait_for()

        assert loads == []
        assert page.get_by_label("Meddelande").input_value() == "Det här vill jag inte förlora"
        assert self._active_just_now(page)  # the deadline moved on the server

    def test_typing_keeps_the_session_alive_without_a_warning(self):
        page = self.login(self.phone(), "anna", self.password)
        page.clock.install()
        page.goto(f"/ombud/klient/{self.contact.pk}/meddelanden/")
        page.locator(LIVE).wait_for(state="attached")
        page.get_by_label("Meddelande").press_sequentially("Jag skriver ett långt svar")
        self._idle_on_the_server(page, 28 * 60)
        page.clock.fast_forward("28:00")
        assert self._active_just_now(page)  # kept alive by the page, without asking
        assert page.locator("#session-notice").is_hidden()

    def test_a_request_after_the_session_ended_does_not_put_the_sign_in_page_in_the_plan(self):
        page = self._live("anna", f"/ombud/klient/{self.contact.pk}/")
        self._session(page).delete()  # ended elsewhere; this page has not heard yet
        page.locator(f"#task-{self.task.pk}").get_by_role("button", name="Klart").click()
        page.locator("#session-notice", has_text="Du är utloggad på den här enheten.").wait_for()
        assert page.locator("main form:has(input[name=password])").count() == 0
        assert page.locator(f"#task-{self.task.pk}").is_visible()

    def test_the_sign_in_pages_pass_the_accessibility_checks(self):
        from tests.browser.test_accessibility import violations

        for scheme in ("light", "dark"):
            client = self.login(self.phone(color_scheme=scheme), "maja", self.password)
            for path in ("/mer/enheter/", "/mer/losenord/"):
                client.goto(path)
                assert violations(client) == [], (scheme, path)
            ombud = self.login(self.phone(color_scheme=scheme), "anna", self.password)
            for path in (
                "/ombud/konto/",
                "/ombud/konto/losenord/",
                f"/ombud/klient/{self.contact.pk}/logga-ut-overallt/",
            ):
                ombud.goto(path)
                assert violations(ombud) == [], (scheme, path)
