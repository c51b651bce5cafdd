"""WCAG 2.1 AA checks with axe-core (vendored, run inside Chromium) on the pages people use,
in light and dark colour schemes and in English."""

from pathlib import Path

import pytest

from tests.browser.conftest import BrowserTestCase

AXE = (Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js").read_text()
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return result.violations.map(v => ({id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def violations(page) -> list:
    # Evaluated through the DevTools protocol: the page's strict CSP stays as it is.
    page.evaluate(AXE + "\n;undefined")
    return page.evaluate(RUN_AXE)


class TestAccessibility(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, task, password, client_user):
        self.contact, self.password = contact, password
        # Something of everything the client writes (issue 11): their own assignment and
        # task, a task waiting for a decision, a network person.
        from portal.actions.network import add_person
        from portal.actions.plan import add_assignment, add_task, edit_task

        with self.outside_browser():
            lena = add_person(
                contact,
                client_user,
                role="case_officer",
                name="Lena Berg",
                organisation="forsakringskassan",
                phone="010-000 00 10",
                email="lena@example.se",
                reach="Via växeln",
            )
            mine = add_assignment(contact, client_user, title="Hitta en fritidsaktivitet")
            add_task(mine, client_user, what="Ringa mamma", who="together")
            edit_task(task, contact.ombud, network_person_id=lena.pk, appeal_weeks=3)

    def _check(self, page, paths, *, open_forms=False):
        for path in paths:
            page.goto(path)
            if open_forms:
                for summary in page.locator("details > summary").all():
                    summary.click()  # check the forms too
            assert violations(page) == [], path

    def test_login_and_code_pages(self):
        for scheme in ("light", "dark"):
            self._check(self.phone(color_scheme=scheme), ["/logga-in/", "/kod/"])

    def test_client_pages(self):
        for scheme in ("light", "dark"):
            page = self.login(self.phone(color_scheme=scheme), "maja", self.password)
            self._check(page, ["/min-plan/", "/traffar/", "/mer/"])
            self._check(page, ["/min-plan/", "/mer/natverk/"], open_forms=True)
            person = self.contact.network.get().pk
            self._check(page, [f"/mer/natverk/{person}/", "/mer/avsluta/"])

    def test_ombud_pages(self):
        for scheme in ("light", "dark"):
            page = self.login(self.phone(color_scheme=scheme), "anna", self.password)
            page.goto(f"/ombud/klient/{self.contact.pk}/")
            for summary in page.locator("details.quick-add > summary").all():
                summary.click()  # check the forms too
            assert violations(page) == []
            self._check(page, ["/ombud/", "/ombud/ny-klient/"])
            network = f"/ombud/klient/{self.contact.pk}/natverk/"
            self._check(page, [network], open_forms=True)
            person = self.contact.network.get().pk
            task = self.contact.tasks.get(what="Ringa mamma").pk
            self._check(page, [f"/ombud/natverk/{person}/", f"/ombud/uppgift/{task}/"])


class TestAccessibilityOfEndingAndTeam(BrowserTestCase):
    """Issue 11's pages, with something on them: a proposal waiting for Maja, a stand-in
    to come, the pages that change who works with her, the close page, and the copy page
    after a lost contact. Also at 320 px: nothing wider than the screen."""

    @pytest.fixture(autouse=True)
    def _data(self, contact, ombud, other_ombud, coordinator, task, password):
        import datetime

        from django.utils import timezone

        from portal.actions import ending, team

        self.contact, self.password = contact, password
        self.ombud, self.coordinator = ombud, coordinator
        with self.outside_browser():
            ending.propose_ending(contact, ombud, reason="other_service", words="Tack!")
            start = timezone.localdate() + datetime.timedelta(days=3)
            team.add_stand_in(
                contact,
                ombud,
                ombud=other_ombud,
                starts_on=start,
                ends_on=start + datetime.timedelta(days=10),
            )

    def _check_narrow(self, page, paths):
        for path in paths:
            page.goto(path)
            assert violations(page) == [], path
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= page.viewport_size["width"], (path, width)

    def test_client_pages(self):
        for scheme in ("light", "dark"):
            page = self.login(self.phone(color_scheme=scheme), "maja", self.password)
            self._check(page, ["/min-plan/", "/mer/"])
        narrow = self.login(
            self.phone(viewport={"width": 320, "height": 640}), "maja", self.password
        )
        self._check_narrow(narrow, ["/min-plan/", "/mer/"])

    def test_ombud_and_coordinator_pages(self):
        c = self.contact.pk
        ombud_paths = [
            f"/ombud/klient/{c}/",
            f"/ombud/klient/{c}/ombud/",
            f"/ombud/klient/{c}/avsluta/",
        ]
        coordinator_paths = [
            f"/samordnare/ombud/{self.ombud.pk}/kontakter/",
            f"/samordnare/kontakt/{c}/",
        ]
        for scheme in ("light", "dark"):
            page = self.login(self.phone(color_scheme=scheme), "anna", self.password)
            self._check(page, ombud_paths)
            page = self.login(self.phone(color_scheme=scheme), "sara", self.password)
            self._check(page, coordinator_paths)
        narrow = self.login(
            self.phone(viewport={"width": 320, "height": 640}), "anna", self.password
        )
        self._check_narrow(narrow, ombud_paths)

    def test_the_copy_page_after_a_lost_contact(self):
        from portal.actions import ending, proposals
        from portal.models import Proposal

        with self.outside_browser():
            proposals.withdraw(Proposal.objects.get(), self.ombud)
            ending.end_contact(self.contact, self.ombud, how="lost_contact")
        for scheme in ("light", "dark"):
            page = self.login(self.phone(color_scheme=scheme), "maja", self.password)
            self._check(page, ["/min-kopia/"])
            assert "Det är inget fel av dig." in page.locator("main").inner_text()

    _check = TestAccessibility._check
