"""WCAG 2.1 AA checks with axe-core (vendored, run inside Chromium) on the pages people use,
in light and dark colour schemes and in English; and on every page each role can open,
collected from the URL patterns (so a new page is checked without being listed here),
in light, dark and at 200 % text."""

import re
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

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
                for summary in page.locator("#main details > summary").all():
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


# Addresses that are not pages a person reads: the machinery, downloads, files.
NOT_PAGES = re.compile(r"^(api/|admin/|logga-ut/|inloggad/|sprak/|healthz)|\.(csv|ics|js|json)$")
NOT_PAGE_NAMES = {"attachment", "letter_page", "meeting_calendar"}


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and isinstance(pattern.pattern, RoutePattern):
            yield prefix + str(pattern.pattern), pattern.name


def page_paths(ids: dict[str, int]) -> list[str]:
    """Every address in the URL patterns that takes no argument or only ones `ids` can
    fill; which of them a role may open is found by opening them."""
    paths = []
    for route, name in _routes(get_resolver().url_patterns):
        if NOT_PAGES.search(route) or name in NOT_PAGE_NAMES:
            continue
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        if any(arg not in ids for arg in names):
            continue
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), route)
        paths.append(path)
    return sorted(set(paths))


class TestEveryPage(BrowserTestCase):
    """Every page of every role: 0 violations in light, in dark, and in dark at 200 %
    text (where nothing may run off the side of the phone either)."""

    @pytest.fixture(autouse=True)
    def _data(self, contact, task, meeting, failure, coordinator, password, letter_read):
        from portal.actions import messaging
        from portal.actions.consent import give_consent
        from portal.actions.intake import register_intake
        from portal.actions.network import add_person
        from portal.actions.notes import add_note

        self.password = password
        with self.outside_browser():
            client = contact.client
            person = add_person(contact, client, role="case_officer", name="Lena Berg")
            note = add_note(contact, contact.ombud, text="Ringa Försäkringskassan")
            consent = give_consent(contact, client, organisation="kronofogden", covers="Skulder")
            letter = letter_read(contact, client)
            messaging.send_message(contact, client, text="Hej Anna", client_uuid=uuid.uuid4())
            intake = register_intake(
                coordinator,
                channel="phone",
                referrer="self",
                name="Kim",
                phone="070-000 00 01",
                gender="unknown",
            )
        self.ids = {
            "contact_id": contact.pk,
            "assignment_id": task.assignment_id,
            "task_id": task.pk,
            "meeting_id": meeting.pk,
            "person_id": person.pk,
            "note_id": note.pk,
            "consent_id": consent.pk,
            "letter_id": letter.pk,
            "failure_id": failure.pk,
            "intake_id": intake.pk,
        }

    def _every_page(self, username):
        page = self.login(self.phone(), username, self.password)
        cdp = page.context.new_cdp_session(page)
        checked = []
        for path in page_paths(self.ids):
            # Asked first without navigating: a 404 (not this role's), a 405 (a form's
            # address), a redirect or a download is not a page to check.
            answer = page.request.get(path, max_redirects=0)
            if answer.status != 200 or "text/html" not in answer.headers.get("content-type", ""):
                continue
            page.goto(path)
            if urlparse(page.url).path != path:
                continue
            checked.append(path)
            page.emulate_media(color_scheme="light")
            assert violations(page) == [], (username, path, "light")
            page.emulate_media(color_scheme="dark")
            assert violations(page) == [], (username, path, "dark")
            cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
            page.reload()
            assert violations(page) == [], (username, path, "200 %")
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= page.viewport_size["width"], (username, path, "too wide", wide)
            cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})
        return checked

    def test_every_client_page(self):
        checked = self._every_page("maja")
        assert {"/min-plan/", "/meddelanden/", "/traffar/", "/mer/"} <= set(checked)
        assert len(checked) >= 12, checked

    def test_every_ombud_page(self):
        checked = self._every_page("anna")
        assert {"/ombud/", "/ombud/systemfel/", "/ombud/konto/"} <= set(checked)
        assert len(checked) >= 20, checked

    def test_every_coordinator_page(self):
        checked = self._every_page("sara")
        assert {"/samordnare/", "/samordnare/systemfel/", "/samordnare/ombud/"} <= set(checked)
        assert len(checked) >= 8, checked
