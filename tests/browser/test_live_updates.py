"""Two phones in one contact, live: what one does shows on the other without a reload,
and a phone in another contact sees none of it."""

import io

import pytest
from PIL import Image

from tests.browser.conftest import BrowserTestCase

LIVE = "html[data-live=open]"  # live.js sets it once the socket is open and said hello
# Before the page's scripts: note every WebSocket it opens (window.__sockets).
RECORD_SOCKETS = """
(() => {
  const Native = window.WebSocket;
  window.__sockets = [];
  function Recorded(url, protocols) {
    const socket = new Native(url, protocols);
    window.__sockets.push(socket);
    return socket;
  }
  Recorded.prototype = Native.prototype;
  Object.assign(Recorded, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Recorded;
})();
"""


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(out, "JPEG")
    return out.getvalue()


class TestLiveBetweenTwoPhones(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, task, other_contact, password):
        self.contact, self.task, self.password = contact, task, password

    def _live_page(self, username, path):
        page = self.login(self.phone(), username, self.password)
        page.goto(path)
        page.locator(LIVE).wait_for(state="attached")
        return page

    def test_message_task_edit_and_photo_reply_arrive_without_reload(self):
        client = self._live_page("maja", "/min-plan/")
        outsider = self._live_page("omar", "/meddelanden/")
        ombud = self._live_page("anna", f"/ombud/klient/{self.contact.pk}/meddelanden/")
        client_loads = []
        client.on("load", lambda page: client_loads.append(page.url))

        # The ombud writes; Maja's plan page hears of it in the live region and the badge.
        ombud.get_by_label("Meddelande").fill("Hej Maja! Jag har ringt Försäkringskassan.")
        ombud.get_by_role("button", name="Skicka").click()
        ombud.locator("#message-list .bubble.mine", has_text="Jag har ringt").wait_for()
        client.locator("#status", has_text="Nytt meddelande från Anna (ditt ombud).").wait_for()
        assert client.locator("#unread-badge").inner_text().startswith("1")

        # The ombud edits Maja's task on the plan; her row changes in place.
        ombud.goto(f"/ombud/klient/{self.contact.pk}/")
        ombud.locator(LIVE).wait_for(state="attached")
        ombud.locator(f"#task-{self.task.pk}").get_by_role("link", name="Ändra").click()
        form = ombud.locator(f"#task-{self.task.pk} form").first
        form.get_by_label("Vad ska göras?").fill("Öppna posten tillsammans med Anna")
        form.get_by_role("button", name="Spara").click()
        client.locator(
            f"#task-{self.task.pk}", has_text="Öppna posten tillsammans med Anna"
        ).wait_for()
        assert client_loads == []  # no reload

        # Maja opens her messages and replies with a photo of the letter.
        client.get_by_role("link", name="Meddelanden").click()
        client.wait_for_url("**/meddelanden/")
        client.locator(LIVE).wait_for(state="attached")
        assert (
            "Hej Maja! Jag har ringt Försäkringskassan."
            in client.locator("#message-list").inner_text()
        )
        client.get_by_label("Meddelande").fill("Här är brevet")
        client.get_by_label("Bifoga ett foto eller en PDF (valfritt, högst 10 MB)").set_input_files(
            {"name": "brev.jpg", "mimeType": "image/jpeg", "buffer": _photo()}
        )
        client.get_by_role("button", name="Skicka").click()
        client.locator("#message-list .bubble.mine img").wait_for()

        ombud.get_by_role("link", name="Meddelanden").click()
        photo = ombud.locator("#message-list .bubble.theirs img")
        photo.wait_for()
        assert ombud.evaluate("img => img.naturalWidth", photo.element_handle()) == 64
        # Maja's own copy appeared once, though it came both in the reply and on the socket.
        assert client.locator("#message-list .bubble.mine", has_text="Här är brevet").count() == 1

        # Omar, in another contact, saw nothing of it.
        text = outsider.locator("main").inner_text()
        # (The page itself offers "Fota ett brev"; what must not be there is Maja's words.)
        assert "Försäkringskassan" not in text and "Här är brevet" not in text
        assert outsider.locator("#message-list .bubble").count() == 0
        assert outsider.locator("#unread-badge").inner_text() == ""

    def test_the_page_says_when_it_is_offline_and_catches_up_when_back(self):
        client = self._live_page("maja", "/min-plan/")
        ombud = self._live_page("anna", f"/ombud/klient/{self.contact.pk}/")

        client.context.set_offline(True)
        client.locator("#connection", has_text="Du har inget nät just nu.").wait_for()
        ombud.locator(f"#task-{self.task.pk}").get_by_role("button", name="Klart").click()
        ombud.locator("#status", has_text="Markerad som klar.").wait_for()

        client.context.set_offline(False)
        # The line goes; the live region then says what was missed (or "Du är ansluten
        # igen." when nothing was).
        client.locator("#connection").wait_for(state="hidden", timeout=20_000)
        client.locator(f"#task-{self.task.pk}.is-done").wait_for()
        assert "Anna (ditt ombud) markerade som klart:" in client.locator("#changes").inner_text()

    def test_a_cleanly_closed_socket_reconnects_and_catches_up(self):
        """A close htmx would leave closed (1000: a proxy, daphne's day-long timeout):
        live.js opens a new socket after a random wait, and what was missed arrives."""
        page = self.phone()
        page.add_init_script(RECORD_SOCKETS)
        client = self.login(page, "maja", self.password)
        client.goto("/min-plan/")
        client.locator(LIVE).wait_for(state="attached")
        ombud = self._live_page("anna", f"/ombud/klient/{self.contact.pk}/")
        assert client.evaluate("() => window.__sockets.length") == 1
        client.evaluate("() => window.__sockets[0].close(1000)")
        ombud.locator(f"#task-{self.task.pk}").get_by_role("button", name="Klart").click()
        ombud.locator("#status", has_text="Markerad som klar.").wait_for()
        client.locator(f"#task-{self.task.pk}.is-done").wait_for(timeout=15_000)
        assert client.evaluate("() => window.__sockets.length") == 2
        assert client.evaluate("() => window.__sockets[1].readyState") == 1
