"""Ending together, on two phones (390×844): the ombud proposes ending; the client sees it
live and says "Inte än"; the ombud sees that live; later the ombud proposes again, the
client agrees, and only then is the contact recorded as ended together, with the reason
from the proposal."""

import pytest

from portal.actions.contacts import change_phase
from portal.models import Contact, StatisticsRecord
from tests.browser.conftest import BrowserTestCase
from tests.browser.test_accessibility import violations

LIVE = "html[data-live=open]"  # live.js sets it once the socket is open and said hello


class TestEndingTogetherOnTwoPhones(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, ombud, task, password):
        self.contact, self.password = contact, password
        with self.outside_browser():
            change_phase(contact, ombud, phase=3)

    def _live(self, username, path):
        page = self.login(self.phone(), username, self.password)
        problems = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(path)
        page.locator(LIVE).wait_for(state="attached")
        return page, problems

    def _propose(self, ombud, reason: str, words: str = "") -> None:
        close = ombud.locator("#close")
        close.get_by_label(reason).check()
        if words:
            close.get_by_label("Några ord till klienten (valfritt)").fill(words)
        close.get_by_role("button", name="Skicka förslaget till Maja").click()
        ombud.locator("#status", has_text="Förslaget är skickat. Maja svarar i appen.").wait_for()
        close.get_by_text("Förslaget väntar på svar från Maja.").wait_for()

    def test_propose_not_yet_propose_again_yes_ends_together_only_then(self):
        ombud, ombud_problems = self._live("anna", f"/ombud/klient/{self.contact.pk}/")
        client, client_problems = self._live("maja", "/min-plan/")
        client_loads, ombud_loads = [], []
        client.on("load", lambda page: client_loads.append(page.url))
        ombud.on("load", lambda page: ombud_loads.append(page.url))

        # Anna proposes: another service takes over.
        self._propose(ombud, "En annan verksamhet tar över", "Tack för allt vi har gjort ihop.")

        # Maja's plan shows it live and calmly, with what happens next.
        box = client.locator("#proposal")
        box.get_by_role("heading", name="Anna föreslår att ni avslutar kontakten").wait_for()
        text = box.inner_text()
        assert "En annan verksamhet tar över stödet till dig." in text
        assert "Tack för allt vi har gjort ihop." in text
        assert "i 30 dagar" in text and "komma tillbaka senare" in text
        client.locator("#status", has_text="Anna (ditt ombud) föreslog att avsluta").wait_for()
        assert violations(client) == []

        # "Inte än": the contact goes on, and Anna sees the answer live.
        box.get_by_role("button", name="Inte än").click()
        client.locator("#status", has_text="Okej. Ni fortsätter som vanligt").wait_for()
        assert box.get_by_role("heading").count() == 0
        ombud.locator("#close", has_text="Maja svarade ”Inte än”").wait_for()
        ombud.locator("#status", has_text="Maja svarade på förslaget").wait_for()
        with self.outside_browser():
            assert not StatisticsRecord.objects.exists()
            assert Contact.objects.get(pk=self.contact.pk).status == Contact.Status.ACTIVE
        assert violations(ombud) == []

        # Later Anna proposes again: the work is done and the support is in place.
        self._propose(ombud, "Arbetet är klart och stödet finns på plats")
        box.get_by_role("heading", name="Anna föreslår att ni avslutar kontakten").wait_for()
        assert "Anna tycker att ni är klara." in box.inner_text()
        assert client_loads == [] and ombud_loads == []  # everything came live
        with self.outside_browser():
            assert not StatisticsRecord.objects.exists()

        # Maja agrees: only now is the contact ended, together, with the proposal's reason.
        box.get_by_role("button", name="Ja, vi avslutar").click()
        client.get_by_role("heading", name="Kontakten är avslutad").wait_for()
        assert "Du och Anna kom överens om att sluta." in client.locator("main").inner_text()
        with self.outside_browser():
            record = StatisticsRecord.objects.get()
            assert record.ended_how == "done"
            assert Contact.objects.get(pk=self.contact.pk).ended_how == "done"
        # Anna's phone stays where it is and says so in place (issue 12: nothing typed is
        # lost), with the way back to her clients.
        gone = ombud.locator("#gone", has_text="Kontakten med Maja har avslutats.")
        gone.wait_for()
        assert gone.get_by_role("link", name="Till dina klienter").is_visible()
        assert ombud_loads == []
        known = "htmx:oobErrorNoTarget, #reload-needed"
        for problems in (client_problems, ombud_problems):
            assert [problem for problem in problems if known not in problem] == []
