"""The easier way in on a phone (issue 12, part 7): the invite link, a password twice
(a mistake is said beside the field and nothing typed is lost), the username once, a
passkey so it need not be remembered, and signing in with it."""

import pytest
from playwright.sync_api import expect

from portal.actions.contacts import create_invite
from tests.browser.conftest import BrowserTestCase
from tests.browser.test_accessibility import violations
from tests.browser.test_signin_flow import sign_out, with_passkeys
from tests.client_ui.test_easier_way_in import ANDROID

PASSWORD = "blå cykel under bron"


class TestWelcome(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, new_contact, ombud):
        self.contact = new_contact
        _, self.token, _ = create_invite(new_contact, ombud)

    def test_a_password_a_username_once_and_a_passkey(self):
        page = with_passkeys(self.phone(user_agent=ANDROID))
        page.goto(f"/valkommen/{self.token}/")
        first = page.get_by_label("Välj ett lösenord (minst 12 tecken)")
        again = page.get_by_label("Skriv lösenordet en gång till")
        first.fill(PASSWORD)
        again.fill("blå cykel under bryggan")
        page.get_by_role("button", name="Spara lösenordet").click()
        expect(page.locator("#id_password2-errors")).to_contain_text("Lösenorden är inte likadana.")
        assert first.input_value() == PASSWORD  # nothing typed is lost
        assert again.input_value() == "blå cykel under bryggan"
        assert violations(page) == []
        again.fill(PASSWORD)
        page.get_by_role("button", name="Spara lösenordet").click()
        page.wait_for_url("**/valkommen/klart/")
        self.contact.client.refresh_from_db()
        username = self.contact.client.username
        expect(page.locator(".username")).to_have_text(username)
        assert page.locator("#guide-android").is_visible()  # this phone's way first
        assert not page.locator("#guide-iphone ol").is_visible()  # "Har du en annan telefon?"
        assert violations(page) == []

        with page.expect_navigation():
            page.get_by_role("button", name="Lägg till en nyckel i den här telefonen").click()
        page.wait_for_url("**/min-plan/?")
        expect(page.locator("#status")).to_contain_text("Nästa gång kan du logga in med nyckeln.")
        page.goto("/mer/")
        sign_out(page)
        page.get_by_role("button", name="Logga in med nyckel").click()
        page.wait_for_url("**/min-plan/")
