"""Calm on every phone (issue 12): nothing typed is lost when another contact ends, the
page about an ended contact says so in place, one notice at a time offline, and the push
control is never an empty button."""

import pytest

from tests.browser.conftest import BrowserTestCase, larger_text
from tests.helpers import new_client

LIVE = "html[data-live=open]"
DRAFT = "Hej Bo! Jag har pratat med Försäkringskassan om aktivitetsersättningen och"


class TestNothingTypedIsLost(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, task, ombud, password):
        self.contact, self.password = contact, password
        with self.outside_browser():
            self.other = new_client(ombud, first_name="Bo")

    def _live(self, page, path):
        page.goto(path)
        page.locator(LIVE).wait_for(state="attached")
        return page

    def _client_ends(self):
        maja = self.login(self.phone(), "maja", self.password)
        maja.goto("/mer/avsluta/")
        maja.get_by_role("button", name="Ja, avsluta kontakten").click()
        maja.get_by_role("heading", name="Kontakten är avslutad").wait_for()

    def test_a_draft_to_one_client_survives_another_client_ending_and_a_reload(self):
        anna = self.login(self.phone(), "anna", self.password)
        path = f"/ombud/klient/{self.other.pk}/meddelanden/"
        self._live(anna, path)
        loads = []
        anna.on("load", lambda page: loads.append(page.url))
        anna.get_by_label("Meddelande").fill(DRAFT)

        self._client_ends()  # Maja (client A) ends her contact on her own phone

        anna.locator("#status", has_text="Kontakten med Maja har avslutats.").wait_for()
        assert loads == []  # the page stayed
        assert anna.url.endswith(path)
        assert anna.get_by_label("Meddelande").input_value() == DRAFT
        assert anna.locator("#gone").is_hidden()  # not this page's contact

        # A reload (or the phone dropping the page) brings the draft back, calmly.
        anna.reload()
        assert anna.get_by_label("Meddelande").input_value() == DRAFT
        assert anna.get_by_text("Vi sparade det du skrev.").is_visible()
        # Sent: the draft is let go of.
        anna.get_by_role("button", name="Skicka").click()
        anna.locator("#message-list .bubble.mine", has_text="Hej Bo!").wait_for()
        anna.goto(path)
        assert anna.get_by_label("Meddelande").input_value() == ""

    def test_the_page_about_an_ended_contact_says_so_in_place_and_keeps_the_text(self):
        anna = self.login(self.phone(), "anna", self.password)
        self._live(anna, f"/ombud/klient/{self.contact.pk}/meddelanden/")
        anna.get_by_label("Meddelande").fill("Hej Maja, jag tänkte")
        caseload = self._live(self.login(self.phone(), "anna", self.password), "/ombud/")
        assert caseload.locator(f"#caseload-{self.contact.pk}").is_visible()

        self._client_ends()

        gone = anna.locator("#gone")
        gone.get_by_text("Kontakten med Maja har avslutats.").wait_for()
        assert "Det du skrev finns kvar tills du lämnar sidan." in gone.inner_text()
        assert gone.get_by_role("link", name="Till dina klienter").is_visible()
        assert anna.get_by_label("Meddelande").input_value() == "Hej Maja, jag tänkte"
        assert anna.get_by_role("button", name="Skicka").is_disabled()
        # The caseload on another phone only loses the row, with a calm word.
        caseload.locator(f"#caseload-{self.contact.pk}").wait_for(state="detached")
        caseload.locator("#status", has_text="Kontakten med Maja har avslutats.").wait_for()
        assert caseload.locator(f"#caseload-{self.other.pk}").is_visible()


# Every kind of notice the pages have had: the live region's word, the offline banner,
# the waiting list, the session's word, a gone contact.
NOTICES = "#status .status-text, #connection, #outbox, #session-notice, #gone > *"


def _visible(locator) -> list:
    return [item for item in locator.all() if item.is_visible()]


class TestOneNoticeAtATime(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, task, password):
        self.contact, self.password = contact, password

    def test_offline_with_something_waiting_is_one_line_that_opens(self):
        page = self.login(self.phone(), "maja", self.password)
        page.goto("/meddelanden/")
        page.locator(LIVE).wait_for(state="attached")
        page.context.set_offline(True)
        page.get_by_label("Meddelande").fill("Skrivet på bussen")
        page.get_by_role("button", name="Skicka").click()
        page.locator("#message-list .bubble.pending").wait_for()
        page.locator("#connection", has_text="Väntar på att skickas (1)").wait_for()
        page.wait_for_timeout(300)  # anything else that would pile up has had its chance

        shown = _visible(page.locator(NOTICES))
        assert len(shown) == 1, [item.inner_text() for item in shown]
        line = page.locator("#connection summary")
        assert line.inner_text() == "Du har inget nät just nu. Väntar på att skickas (1)"
        assert page.locator("#outbox").is_hidden()  # the details are folded away
        line.click()
        assert "Skrivet på bussen" in page.locator("#outbox").inner_text()
        assert "Telefonen sparar" in page.locator("#connection").inner_text()
        # Scrolling never stacks or overlaps them: only the one wrapper sticks.
        page.mouse.wheel(0, 2000)
        assert len(_visible(page.locator(NOTICES.replace("#outbox, ", "")))) == 1


class TestPushControl(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, password):
        self.contact, self.password = contact, password

    def _named_buttons_only(self, page):
        for button in _visible(page.locator("button, [role=button]")):
            name = button.evaluate(
                "b => (b.getAttribute('aria-label') || b.innerText || '').trim()"
            )
            assert name, button.evaluate("b => b.outerHTML")

    def test_where_push_is_missing_there_is_no_button_and_mer_says_why(self):
        page = self.phone()
        page.context.add_init_script("delete window.PushManager;")
        self.login(page, "maja", self.password)
        page.goto("/mer/")
        settings = page.locator("#push-settings")
        settings.get_by_text("kan inte få notiser").wait_for()
        assert settings.locator("button").count() == 0
        self._named_buttons_only(page)

    def test_on_an_iphone_in_the_browser_it_says_to_add_the_app_to_the_home_screen(self):
        iphone = (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
        )
        page = self.phone(user_agent=iphone)
        page.context.add_init_script("delete window.PushManager;")
        self.login(page, "maja", self.password)
        page.goto("/mer/")
        settings = page.locator("#push-settings")
        settings.get_by_text("Notiser fungerar bara om appen ligger på hemskärmen.").wait_for()
        assert settings.locator("button").count() == 0

    def test_where_push_works_the_button_has_a_name(self):
        for username, path in (("maja", "/mer/"), ("anna", "/ombud/")):
            page = self.login(self.phone(), username, self.password)
            page.goto(path)
            page.locator("#push-settings [data-push-state]:not(:empty)").wait_for()
            self._named_buttons_only(page)
            assert page.locator("#push-settings button:not([hidden]):empty").count() == 0


HOME = {"maja": "/min-plan/", "anna": "/ombud/", "sara": "/samordnare/"}
INSIDE = """([item, label]) => {
  const r = item.getBoundingClientRect(), t = label.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const hit = document.elementFromPoint(x, y);
  return {
    item: [r.left, r.top, r.right, r.bottom, r.width, r.height],
    label: [t.left, t.top, t.right, t.bottom],
    hit: !!hit && hit.closest('.nav-item') === item,
    overflow: document.documentElement.scrollWidth > window.innerWidth,
    root: getComputedStyle(document.documentElement).fontSize,
  };
}"""


class TestEverythingReachableAtLargeText(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, task, coordinator, password):
        self.password = password

    def _check_nav(self, page, width, height):
        items = page.locator(".bottom-nav .nav-item").all()
        assert len(items) == 4, page.url
        for item in items:
            box = page.evaluate(
                INSIDE, [item.element_handle(), item.locator("span").first.element_handle()]
            )
            left, top, right, bottom, w, h = box["item"]
            where = f"{page.url} {item.inner_text()!r} {box}"
            assert box["root"] == "32px", where
            assert left >= 0 and right <= width and top >= 0 and bottom <= height, where
            assert w >= 44 and h >= 44, where
            l_left, l_top, l_right, l_bottom = box["label"]
            assert (
                left <= l_left
                and l_right <= right + 0.5
                and top <= l_top
                and l_bottom <= bottom + 0.5
            ), where
            assert box["hit"], where  # nothing covers it: a tap lands on it
            assert not box["overflow"], where  # nothing runs off the side of the page

    def test_every_bottom_nav_item_is_on_screen_and_tappable_at_200_percent(self):
        for width, height in ((390, 844), (320, 568)):
            for username in ("maja", "anna", "sara"):
                page = self.phone(viewport={"width": width, "height": height})
                larger_text(page)
                self.login(page, username, self.password)
                page.goto(HOME[username])
                paths = [a.get_attribute("href") for a in page.locator(".bottom-nav a").all()]
                assert len(paths) == 4, (username, page.url)
                for path in paths:
                    page.goto(path)
                    self._check_nav(page, width, height)
                # The last item (Mer, Konto) really opens on a tap.
                page.goto(HOME[username])
                page.locator(".bottom-nav .nav-item").last.click()
                page.wait_for_url(f"**{paths[-1]}")
