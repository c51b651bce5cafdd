"""Consent on two phones: the ombud records a paper consent and plans a task with that
organisation; the client takes the consent back in one step on her phone, and the
ombud's plan flags the task at once, without a reload. And the other way round: the
client gives a consent in the app and the flag goes away."""

import pytest

from portal.actions.plan import add_task
from portal.models import Organisation, Who
from tests.browser.conftest import BrowserTestCase
from tests.browser.test_accessibility import violations

LIVE = "html[data-live=open]"  # live.js sets it once the socket is open and said hello
FLAG = "Samtycke saknas för Försäkringskassan."


class TestConsentOnTwoPhones(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, assignment, password):
        self.contact, self.assignment, self.password = contact, assignment, password

    def _phone(self, username, path, **overrides):
        page = self.login(self.phone(**overrides), username, self.password)
        problems = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(path)
        return page, problems

    def test_the_client_withdraws_a_consent_and_the_ombuds_view_flags_the_task(self):
        ombud, ombud_problems = self._phone("anna", f"/ombud/klient/{self.contact.pk}/")
        ombud.locator(LIVE).wait_for(state="attached")
        loads = []
        ombud.on("load", lambda page: loads.append(page.url))

        # The ombud records the consent Maja signed on paper.
        consents = ombud.locator("#consents")
        consents.get_by_text("+ Samtycke på papper").click()
        form = consents.locator("details[open] form")
        form.get_by_label("Organisation", exact=True).select_option(label="Försäkringskassan")
        form.get_by_label("Vad gäller samtycket?").fill("ansökan om aktivitetsersättning")
        form.get_by_label("Maja har skrivit under samtycket på papper").check()
        form.get_by_role("button", name="Spara samtycket").click()
        ombud.locator("#status", has_text="Samtycket för Försäkringskassan är sparat.").wait_for()
        ombud.locator("#consent-list", has_text="På papper. Du skrev in det i dag.").wait_for()

        # ... and plans a task with Försäkringskassan: covered, so no flag.
        ombud.locator(f"#assignment-{self.assignment.pk}").get_by_text("+ Ny uppgift").click()
        form = ombud.locator("#assignments details[open] form")
        form.get_by_label("Vad ska göras?").fill("Ring Försäkringskassan om beslutet")
        form.get_by_label("Ombudet").check()
        form.get_by_label("Vilken organisation gäller det? (valfritt)").select_option(
            label="Försäkringskassan"
        )
        form.get_by_role("button", name="Spara uppgiften").click()
        ombud.locator("#status", has_text="Uppgiften är sparad.").wait_for()
        row = ombud.locator("li.task", has_text="Ring Försäkringskassan om beslutet")
        row.wait_for()
        task_id = row.get_attribute("id")
        assert row.locator(".consent-flag").count() == 0

        # Maja, on her own phone: Mer → Mina samtycken → Ta tillbaka. One step.
        client, client_problems = self._phone("maja", "/mer/")
        client.get_by_role("link", name="Mina samtycken").click()
        client.wait_for_url("**/mer/samtycken/")
        client.locator(LIVE).wait_for(state="attached")
        item = client.locator("#consent-list li", has_text="Försäkringskassan")
        assert "Anna får prata med Försäkringskassan om: ansökan om aktivitetsersättning" in (
            item.inner_text()
        )
        item.get_by_role("button", name="Ta tillbaka").click()
        client.locator(
            "#status",
            has_text="Du har tagit tillbaka samtycket. Anna får inte längre prata med",
        ).wait_for()
        client.locator("#consent-list", has_text="Du tog tillbaka det i dag.").wait_for()
        assert client.get_by_role("button", name="Ta tillbaka").count() == 0

        # The ombud's plan flags the task, live, and says what happened.
        flag = ombud.locator(f"#{task_id} .consent-flag")
        flag.wait_for()
        assert FLAG in flag.inner_text()
        ombud.locator(
            "#status", has_text="Maja tog tillbaka samtycket för ”Försäkringskassan”."
        ).wait_for()
        assert "Maja tog tillbaka det i dag." in ombud.locator("#consent-list").inner_text()
        assert loads == []  # no reload

        # Maja's plan shows the task, never the flag.
        client.goto("/min-plan/")
        assert "Ring Försäkringskassan om beslutet" in client.locator("main").inner_text()
        assert client.locator(".consent-flag").count() == 0

        # The flag's link opens the consent form with the organisation chosen.
        flag.get_by_role("link", name="Skriv in samtycke för Försäkringskassan").click()
        ombud.wait_for_url("**/samtycken/?organisation=forsakringskassan#consent-add")
        chosen = ombud.locator("#consents details[open] form").get_by_label(
            "Organisation", exact=True
        )
        assert chosen.input_value() == Organisation.FORSAKRINGSKASSAN
        assert violations(ombud) == []
        assert ombud_problems == [] and client_problems == []

    def test_the_client_gives_a_consent_in_the_app_and_the_flag_goes_away(self):
        with self.outside_browser():
            task = add_task(
                self.assignment,
                self.contact.ombud,
                what="Skicka läkarintyget",
                who=Who.OTHER,
                who_other="Försäkringskassan",  # fills in the organisation
            )
        ombud, ombud_problems = self._phone("anna", f"/ombud/klient/{self.contact.pk}/")
        ombud.locator(LIVE).wait_for(state="attached")
        flag = ombud.locator(f"#task-{task.pk} .consent-flag")
        assert FLAG in flag.inner_text()

        client, client_problems = self._phone("maja", "/mer/samtycken/")
        client.locator(LIVE).wait_for(state="attached")
        client.get_by_text("+ Ge nytt samtycke").click()
        form = client.locator("#consents details[open] form")
        form.get_by_label("Vem får Anna prata med?").select_option(label="Försäkringskassan")
        form.get_by_label("Vad får Anna prata med dem om?").fill("mitt läkarintyg")
        # Without the tick: a plain explanation, and what she wrote is still there.
        form.get_by_role("button", name="Ge samtycke").click()
        client.get_by_text(
            "Kryssa i rutan ”Jag förstår och säger ja” om du vill säga ja."
        ).wait_for()
        form = client.locator("#consents details[open] form")
        assert form.get_by_label("Vad får Anna prata med dem om?").input_value() == (
            "mitt läkarintyg"
        )
        assert violations(client) == []

        form.get_by_label("Jag förstår och säger ja").check()
        form.get_by_role("button", name="Ge samtycke").click()
        client.locator(
            "#status", has_text="Tack. Nu får Anna prata med Försäkringskassan om det du skrev."
        ).wait_for()
        client.locator("#consent-list li", has_text="Du sa ja i appen i dag.").wait_for()

        flag.wait_for(state="detached")  # live on the ombud's plan
        ombud.locator("#consent-list", has_text="Maja sa ja i appen i dag.").wait_for()
        assert ombud_problems == []
        # The browser logs the refused form's 422; nothing else went wrong.
        assert [p for p in client_problems if "status of 422" not in p] == []

    def test_taking_a_consent_back_works_without_javascript(self):
        client, _ = self._phone("maja", "/mer/samtycken/", java_script_enabled=False)
        client.get_by_text("+ Ge nytt samtycke").click()
        form = client.locator("#consents details[open] form")
        form.get_by_label("Vem får Anna prata med?").select_option(label="Kronofogden")
        form.get_by_label("Vad får Anna prata med dem om?").fill("en avbetalningsplan")
        form.get_by_label("Jag förstår och säger ja").check()
        form.get_by_role("button", name="Ge samtycke").click()
        client.wait_for_url("**/mer/samtycken/#consent-*")
        client.get_by_role("button", name="Ta tillbaka").click()
        client.wait_for_url("**/mer/samtycken/#consent-*")
        said = "Du har tagit tillbaka samtycket. Anna får inte längre prata med Kronofogden om dig."
        assert said in (client.locator("#status").inner_text())
        assert "Taget tillbaka" in client.locator("#consent-list").inner_text()

    def test_taking_a_consent_back_can_be_undone_for_a_moment(self):
        """Issue 12: no "are you sure?", but "Ångra" in the toast for ten seconds. The
        ombud sees the flag come and go again, live; the button then goes by itself."""
        with self.outside_browser():
            from portal.actions.consent import record_paper_consent

            add_task(
                self.assignment,
                self.contact.ombud,
                what="Ring om beslutet",
                who=Who.OMBUD,
                organisation=Organisation.FORSAKRINGSKASSAN,
            )
            record_paper_consent(
                self.contact,
                self.contact.ombud,
                organisation=Organisation.FORSAKRINGSKASSAN,
                covers="beslutet",
            )
        ombud, ombud_problems = self._phone("anna", f"/ombud/klient/{self.contact.pk}/")
        ombud.locator(LIVE).wait_for(state="attached")
        client, client_problems = self._phone("maja", "/mer/samtycken/")
        client.locator(LIVE).wait_for(state="attached")

        client.get_by_role("button", name="Ta tillbaka").click()
        client.locator("#status", has_text="Du har tagit tillbaka samtycket.").wait_for()
        ombud.locator(".consent-flag").wait_for()  # the other party sees it at once
        client.locator("#status").get_by_role("button", name="Ångra").click()
        client.locator("#status", has_text="Samtycket gäller igen, som förut.").wait_for()
        client.get_by_role("button", name="Ta tillbaka").wait_for()
        ombud.locator(".consent-flag").wait_for(state="detached")
        ombud.locator(
            "#status", has_text="Maja ångrade och gav tillbaka samtycket för ”Försäkringskassan”."
        ).wait_for()

        # Taken back again: the "Ångra" goes away by itself after its moment.
        client.get_by_role("button", name="Ta tillbaka").click()
        undo = client.locator("#status").get_by_role("button", name="Ångra")
        undo.wait_for()
        undo.wait_for(state="detached", timeout=15_000)
        assert "Du har tagit tillbaka samtycket." in client.locator("#status").inner_text()
        assert ombud_problems == [] and client_problems == []
