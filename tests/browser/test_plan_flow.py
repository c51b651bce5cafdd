"""The foundation flow on two phones: the ombud adds a task in the field, the client
signs in on their own phone and sees it, and ticks their own task."""

import pytest

from tests.browser.conftest import BrowserTestCase


class TestPlanOnTwoPhones(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, task, password):
        self.contact, self.task, self.password = contact, task, password

    def test_ombud_adds_a_task_and_the_client_sees_it_on_their_phone(self):
        ombud = self.phone()
        problems = []
        ombud.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        self.login(ombud, "anna", self.password)
        ombud.get_by_role("link", name="Maja").click()
        ombud.get_by_text("+ Ny uppgift").click()
        form = ombud.locator("details[open] form")
        form.get_by_label("Vad ska göras?").fill("Skicka in ansökan om bostadstillägg")
        form.get_by_label("Någon annan").check()
        form.get_by_label("Vem? (till exempel Försäkringskassan)").fill("Försäkringskassan")
        form.get_by_label("När? (valfritt)").fill("2026-12-03")
        url_before = ombud.url
        form.get_by_role("button", name="Spara uppgiften").click()
        ombud.locator("#status").get_by_text("Uppgiften är sparad.").wait_for()
        assert ombud.url == url_before  # an htmx swap, no page load
        new_row = ombud.locator("li.task", has_text="Skicka in ansökan om bostadstillägg")
        assert "Försäkringskassan" in new_row.inner_text()

        client = self.login(self.phone(), "maja", self.password)
        assert client.url.endswith("/min-plan/")
        row = client.locator("li.task", has_text="Skicka in ansökan om bostadstillägg")
        assert "Försäkringskassan" in row.inner_text()
        assert "Att göra" in row.inner_text()
        # Anna wrote it, so Maja can tick it (any task) but not change it.
        assert row.get_by_role("button", name="Klart").count() == 1
        assert row.get_by_role("link", name="Ändra").count() == 0

        own = client.locator(f"#task-{self.task.pk}")
        own.get_by_role("button", name="Klart").click()
        client.locator("#status").get_by_text("Bra! Nu är det klart.").wait_for()
        assert "Klart" in client.locator(f"#task-{self.task.pk} .task-status").inner_text()

        ombud.reload()
        assert "Klart" in ombud.locator(f"#task-{self.task.pk} .task-status").inner_text()
        assert "Maja markerade som klart:" in ombud.locator("#changes").inner_text()
        assert problems == []  # no CSP violations, no failed loads

    def test_a_task_with_a_missing_name_is_explained_and_kept(self):
        ombud = self.login(self.phone(), "anna", self.password)
        ombud.goto(f"/ombud/klient/{self.contact.pk}/")
        ombud.get_by_text("+ Ny uppgift").click()
        form = ombud.locator("details[open] form")
        form.get_by_label("Vad ska göras?").fill("Boka tid hos tandläkaren")
        form.get_by_label("Någon annan").check()
        form.get_by_role("button", name="Spara uppgiften").click()
        error = ombud.get_by_text("Skriv vem som gör det, till exempel Försäkringskassan.")
        error.wait_for()
        # Focus moves to the field to fix, so a screen reader announces the problem.
        ombud.locator("[aria-invalid=true]:focus").wait_for()
        assert ombud.evaluate("document.activeElement.name") == "who_other"
        assert ombud.locator("details[open] form").get_by_label("Vad ska göras?").input_value() == (
            "Boka tid hos tandläkaren"
        )

    def test_the_ombud_can_add_a_task_without_javascript(self):
        page = self.phone(java_script_enabled=False)
        self.login(page, "anna", self.password)
        page.goto(f"/ombud/klient/{self.contact.pk}/")
        page.get_by_text("+ Ny uppgift").click()
        form = page.locator("details[open] form")
        form.get_by_label("Vad ska göras?").fill("Ringa hyresvärden")
        form.get_by_label("Ombudet").check()
        form.get_by_role("button", name="Spara uppgiften").click()
        page.wait_for_url("**/ombud/klient/*/#task-*")
        assert page.locator("li.task", has_text="Ringa hyresvärden").count() == 1
        assert "Uppgiften är sparad." in page.locator("#status").inner_text()


class TestClientGetsIn(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, new_contact, task, password):
        self.contact, self.task, self.password = new_contact, task, password

    def test_client_uses_the_code_from_the_ombud_and_lands_on_min_plan(self):
        ombud = self.login(self.phone(), "anna", self.password)
        ombud.goto(f"/ombud/klient/{self.contact.pk}/")
        ombud.get_by_role("button", name="Skapa inbjudan").click()
        code = ombud.locator("#invite-code").inner_text()
        assert ombud.locator(".qr svg").count() == 1

        client = self.phone()
        client.goto("/logga-in/")
        client.get_by_role("link", name="Jag har fått en kod av mitt ombud").click()
        client.get_by_label("Koden du fick av ditt ombud").fill(code.lower())
        client.get_by_role("button", name="Fortsätt").click()
        client.get_by_role("heading", name="Välkommen, Maja!").wait_for()
        client.get_by_label("Välj ett lösenord (minst 12 tecken)").fill("solros-i-juni")
        client.get_by_label("Skriv lösenordet en gång till").fill("solros-i-juni")
        client.get_by_role("button", name="Spara lösenordet").click()
        client.wait_for_url("**/valkommen/klart/")  # the username, once (issue 12)
        client.get_by_role("link", name="Visa min plan").click()
        client.wait_for_url("**/min-plan/")
        assert self.task.what in client.locator("#assignments").inner_text()


class TestSmallScreens(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, task, password):
        self.contact, self.password = contact, password

    def test_pages_fit_a_320_px_screen_without_sideways_scrolling(self):
        for username, path in [
            ("maja", "/min-plan/"),
            ("anna", f"/ombud/klient/{self.contact.pk}/"),
            ("anna", "/ombud/"),
        ]:
            page = self.phone(viewport={"width": 320, "height": 640})
            self.login(page, username, self.password)
            page.goto(path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (path, overflow)

    def test_touch_targets_are_at_least_44_px(self):
        page = self.login(self.phone(), "maja", self.password)
        sizes = page.locator(".bottom-nav a, .task-actions button").evaluate_all(
            "els => els.map(e => [e.offsetWidth, e.offsetHeight])"
        )
        assert sizes, "no targets found"
        assert all(w >= 44 and h >= 44 for w, h in sizes), sizes
