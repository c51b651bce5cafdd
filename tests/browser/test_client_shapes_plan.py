"""The plan belongs to the client (issue 11), on two phones: Maja adds a task in her own
words and puts an assignment first ("Det här är viktigast nu"); Anna, on Maja's plan,
sees both live, with who wrote it, and marks Maja's task as something they do together;
Maja sees that live. No page reloads on either phone."""

import pytest

from tests.browser.conftest import BrowserTestCase

LIVE = "html[data-live=open]"


class TestTheClientShapesThePlan(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, task, password):
        self.contact, self.password = contact, password

    def _live_page(self, username, path):
        page = self.login(self.phone(), username, self.password)
        page.goto(path)
        page.locator(LIVE).wait_for(state="attached")
        return page

    def test_client_writes_and_orders_the_ombud_sees_it_live_and_answers(self):
        client = self._live_page("maja", "/min-plan/")
        ombud = self._live_page("anna", f"/ombud/klient/{self.contact.pk}/")
        assert client.viewport_size == {"width": 390, "height": 844}
        problems = []
        for page in (client, ombud):
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        loads = []
        client.on("load", lambda page: loads.append(page.url))
        ombud.on("load", lambda page: loads.append(page.url))

        # Maja adds a task in her own words to the assignment Anna wrote.
        card = client.locator("article.assignment", has_text="Få ordning på min ekonomi")
        card.get_by_text("+ Lägg till något att göra").click()
        form = card.locator("details[open] form")
        form.get_by_label("Vad ska göras?").fill("Ringa mamma om pengarna")
        form.get_by_label("Jag", exact=True).check()
        form.get_by_role("button", name="Spara", exact=True).click()
        client.locator("#status", has_text="Sparat. Ditt ombud ser det nu.").wait_for()
        mine = client.locator("li.task", has_text="Ringa mamma om pengarna")
        assert "Du skrev" in mine.inner_text()

        # …and something she wants help with, which she then puts first.
        client.get_by_text("+ Jag vill ha hjälp med …").click()
        client.get_by_label("Jag vill ha hjälp med").fill("Hitta en fritidsaktivitet")
        client.locator("#assignments > details[open] form").get_by_role(
            "button", name="Spara", exact=True
        ).click()
        new_card = client.locator("article.assignment", has_text="Hitta en fritidsaktivitet")
        new_card.wait_for()
        new_card.get_by_role("button", name="Det här är viktigast nu").click()
        client.locator("#status", has_text="Det står nu först").wait_for()
        first = client.locator("#assignment-list > article.assignment").first
        assert "Hitta en fritidsaktivitet" in first.inner_text()
        assert first.locator(".chip-first").is_visible()

        # Anna sees both without reloading: Maja's task, who wrote it, and the new order.
        row = ombud.locator("li.task", has_text="Ringa mamma om pengarna")
        row.wait_for()
        assert "Maja skrev" in row.inner_text()
        ombud.locator(
            "#assignment-list > article.assignment:first-of-type",
            has_text="Hitta en fritidsaktivitet",
        ).wait_for()
        ombud.locator("#status", has_text="Maja satte överst, som det viktigaste nu").wait_for()

        # Anna cannot change Maja's words, but marks it as something they do together.
        row.get_by_role("link", name="Ändra").click()
        edit = ombud.locator("li.task.editing form").first
        assert edit.get_by_label("Vad ska göras?").is_disabled()
        edit.get_by_label("Vi gör det tillsammans").check()
        edit.get_by_role("button", name="Spara").click()
        ombud.locator("#status", has_text="Uppgiften är sparad.").wait_for()
        assert "Du och Maja" in row.inner_text()

        # Maja sees it live: hers still, done together now, and counted as hers.
        client.locator("li.task", has_text="Ringa mamma om pengarna").filter(
            has_text="Du och Anna (ditt ombud)"
        ).wait_for()
        client.locator("#status", has_text="Anna (ditt ombud) ändrade uppgiften").wait_for()
        assert "Du skrev" in mine.inner_text()
        assert "Du har 2 saker kvar att göra." in client.locator("#next").inner_text()

        assert loads == []  # every change arrived in place
        assert problems == []  # no CSP violations, no htmx swap errors


class TestSmallScreensWithTheNewParts(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, task, password, client_user):
        from portal.actions.network import add_person
        from portal.actions.plan import add_assignment, add_task, edit_task

        self.contact, self.password = contact, password
        with self.outside_browser():
            lena = add_person(
                contact,
                client_user,
                role="care",
                name="Lena Berg-Johansson",
                organisation="psykiatrin",
                phone="010-000 00 10",
                email="lena.berg-johansson@psykiatrin.example.se",
                reach="Via växeln, fråga efter Lena. Bäst på förmiddagen.",
            )
            mine = add_assignment(contact, client_user, title="Hitta en fritidsaktivitet")
            add_task(mine, client_user, what="Ringa mamma", who="together")
            edit_task(task, contact.ombud, network_person_id=lena.pk, appeal_weeks=3)

    def test_the_new_parts_fit_320_px_and_their_targets_are_44_px(self):
        for username, paths in [
            ("maja", ["/min-plan/", "/mer/natverk/"]),
            (
                "anna",
                [f"/ombud/klient/{self.contact.pk}/", f"/ombud/klient/{self.contact.pk}/natverk/"],
            ),
        ]:
            page = self.login(
                self.phone(viewport={"width": 320, "height": 640}), username, self.password
            )
            for path in paths:
                page.goto(path)
                for summary in page.locator("main details > summary:visible").all():
                    summary.click()
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, (path, overflow)
                targets = page.locator(
                    ".order-form button, .person-actions a, .person-reach a, "
                    ".decision > summary, .task-actions a, .task-actions button"
                )
                sizes = targets.evaluate_all(
                    "els => els.filter(e => e.offsetParent !== null)"
                    ".map(e => [e.offsetWidth, e.offsetHeight])"
                )
                assert sizes, path
                assert all(w >= 44 and h >= 44 for w, h in sizes), (path, sizes)
