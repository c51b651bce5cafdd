"""On a real phone: a client who signed in long ago and adds a passkey is taken to
"Bekräfta att det är du" (static/js/passkeys.js follows the server's "confirm"), types the
password, is back on the page and adds the passkey; and every password field has
"Visa lösenordet" (static/js/password.js)."""

import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from portal.queries.sessions import CONFIRMED
from tests.browser.conftest import BrowserTestCase
from tests.browser.test_signin_flow import with_passkeys

pytestmark = pytest.mark.browser


class TestConfirmIdentity(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, password):
        self.contact, self.password = contact, password

    def _signed_in_long_ago(self, page):
        [cookie] = [c for c in page.context.cookies() if c["name"] == "sessionid"]
        session = SessionStore(session_key=cookie["value"])
        session[CONFIRMED] = time.time() - 11 * 60
        session.save()

    def test_adding_a_passkey_long_after_signing_in_asks_for_the_password_first(self):
        page = with_passkeys(self.login(self.phone(), "maja", self.password))
        self._signed_in_long_ago(page)
        page.goto("/konto/sakerhet/")
        said = "Innan du ändrar något här behöver du visa att det är du."
        expect(page.get_by_text(said)).to_be_visible()
        with page.expect_navigation():
            page.get_by_role("button", name="Lägg till en nyckel i den här telefonen").click()
        expect(page.get_by_role("heading", name="Bekräfta att det är du")).to_be_visible()
        page.get_by_label("Ditt lösenord").fill(self.password)
        with page.expect_navigation():
            page.get_by_role("button", name="Fortsätt").click()
        assert page.url.endswith("/konto/sakerhet/")
        expect(page.locator("#status")).to_contain_text("Nu kan du fortsätta")
        with page.expect_navigation():
            page.get_by_role("button", name="Lägg till en nyckel i den här telefonen").click()
        expect(page.locator("#passkey-list")).to_be_visible()

    def test_a_password_can_be_shown_before_it_is_sent(self):
        page = self.phone()
        page.goto("/logga-in/")
        field = page.locator("#id_password")
        field.fill("blå cykel under bron")
        toggle = page.get_by_role("button", name="Visa lösenordet")
        toggle.click()
        assert field.get_attribute("type") == "text"
        expect(page.get_by_role("button", name="Dölj lösenordet")).to_have_attribute(
            "aria-pressed", "true"
        )
        page.get_by_role("button", name="Dölj lösenordet").click()
        assert field.get_attribute("type") == "password"
