"""Signing in on a phone (390x844): a staff member sets up a passkey at the first
sign-in (Chromium's virtual authenticator through CDP, user verified), signs out and
in again with it; staff with an app type its code; a client adds a passkey from Mer."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BrowserTestCase
from tests.browser.test_accessibility import violations
from tests.signin_helpers import give_totp, totp_code

pytestmark = pytest.mark.browser


def with_passkeys(page):
    """A phone with a platform authenticator that verifies its user (face or finger)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return page


def password_step(page, username, password, *, to):
    page.goto("/logga-in/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**{to}")


def sign_out(page):
    """Staff sign out under Konto (decisions.md), clients under Mer."""
    if "/ombud/" in page.url:
        page.goto("/ombud/konto/")
    page.get_by_role("button", name="Logga ut", exact=True).click()
    page.wait_for_url("**/logga-in/")
    page.wait_for_load_state("load")


class TestSignIn(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, ombud, contact, password):
        self.ombud, self.contact, self.password = ombud, contact, password

    def test_staff_set_up_a_passkey_and_sign_in_with_it(self):
        page = with_passkeys(self.phone())
        password_step(page, "anna", self.password, to="/logga-in/skydda-kontot/")
        expect(page.get_by_role("heading", name="Skydda ditt konto")).to_be_visible()

        with page.expect_navigation():
            page.get_by_role("button", name="Lägg till en nyckel").click()
        codes = page.locator("#recovery-codes li")
        expect(codes).to_have_count(10)
        with page.expect_navigation():
            page.get_by_role("link", name="Jag har sparat koderna").click()
        assert page.url.endswith("/ombud/")

        # Again: the password, then the passkey.
        sign_out(page)
        password_step(page, "anna", self.password, to="/logga-in/steg-2/")
        page.get_by_role("button", name="Använd min nyckel").click()
        page.wait_for_url("**/ombud/")
        expect(page.locator("main")).to_contain_text("Maja")

        # Or the passkey alone, from the login page (a discoverable credential).
        sign_out(page)
        page.get_by_role("button", name="Logga in med nyckel").click()
        page.wait_for_url("**/ombud/")

    def test_staff_sign_in_with_a_code_from_the_app(self):
        give_totp(self.ombud)
        page = self.phone()
        password_step(page, "anna", self.password, to="/logga-in/steg-2/")
        expect(page.get_by_role("button", name="Använd min nyckel")).to_have_count(0)
        page.get_by_label("Koden i din app (sex siffror)").fill("000000")
        with page.expect_navigation():
            page.get_by_role("button", name="Fortsätt").click()
        expect(page.get_by_text("Koden stämmer inte.")).to_be_visible()
        page.get_by_label("Koden i din app (sex siffror)").fill(totp_code(self.ombud))
        page.get_by_role("button", name="Fortsätt").click()
        page.wait_for_url("**/ombud/")

    def test_a_client_adds_a_passkey_from_mer_and_signs_in_with_it(self):
        page = with_passkeys(self.login(self.phone(), "maja", self.password))
        page.goto("/mer/")
        with page.expect_navigation():
            page.get_by_role("link", name="Logga in med ansiktet eller fingret").click()
        page.get_by_label("Namn på nyckeln").fill("Majas telefon")
        with page.expect_navigation():
            page.get_by_role("button", name="Lägg till en nyckel i den här telefonen").click()
        expect(page.locator("#passkey-list")).to_contain_text("Majas telefon")

        page.goto("/mer/")
        sign_out(page)
        page.get_by_role("button", name="Logga in med nyckel").click()
        page.wait_for_url("**/min-plan/")

    def test_the_sign_in_pages_pass_axe_in_light_and_dark(self):
        for scheme in ("light", "dark"):
            page = self.phone(color_scheme=scheme)
            for path in ["/logga-in/glomt/"]:
                page.goto(path)
                assert violations(page) == [], path
            password_step(page, "anna", self.password, to="/logga-in/skydda-kontot/")
            assert violations(page) == [], "enrol"
            page.goto("/logga-in/")
            page.locator("#id_username").fill("anna")
            page.locator("#id_password").fill("fel-losenord")
            page.locator("form:has(#id_password) button[type=submit]").click()
            page.wait_for_load_state()
            assert violations(page) == [], "wrong password"
            self.login(page, "maja", self.password)
            page.goto("/konto/sakerhet/")
            assert violations(page) == [], "security"
