"""A voice message on two phones: Maja records one with the phone's microphone (Chromium's
fake device plays a tone), listens, sends it; Anna, on the conversation, gets it live and
can play it. Offline, the recorder says calmly that it needs the network."""

import re

import pytest

from portal.models import Attachment
from tests.browser.conftest import BrowserTestCase

LIVE = "html[data-live=open]"
CAN_PLAY = """audio => new Promise(resolve => {
  const answer = () => resolve({duration: audio.duration, ready: audio.readyState,
                                error: audio.error && audio.error.code});
  if (audio.readyState >= 1) return answer();
  audio.addEventListener('loadedmetadata', answer, {once: true});
  audio.addEventListener('error', answer, {once: true});
  audio.load();
})"""


class TestVoiceMessage(BrowserTestCase):
    chromium_args = ("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream")

    @pytest.fixture(autouse=True)
    def _data(self, contact, password):
        self.contact, self.password = contact, password

    def _live(self, username, path):
        page = self.login(self.phone(permissions=["microphone"]), username, self.password)
        page.goto(path)
        page.locator(LIVE).wait_for(state="attached")
        return page

    def test_the_client_records_listens_and_sends_and_the_ombud_plays_it_live(self):
        anna = self._live("anna", f"/ombud/klient/{self.contact.pk}/meddelanden/")
        maja = self._live("maja", "/meddelanden/")

        maja.get_by_role("button", name="Spela in ett röstmeddelande").click()
        timer = maja.locator("[data-voice-timer]")
        timer.wait_for()
        maja.wait_for_timeout(2200)
        assert timer.inner_text() in ("0:02", "0:03")  # a visible timer
        maja.get_by_role("button", name="Sluta spela in").click()
        preview = maja.get_by_label("Din inspelning")
        preview.wait_for()
        assert preview.evaluate(CAN_PLAY)["ready"] >= 1  # it can be listened to first
        assert maja.get_by_role("button", name="Spela in igen").is_visible()
        maja.get_by_role("button", name="Skicka").click()
        maja.locator("#message-list .bubble.mine audio").wait_for()

        heard = anna.locator("#message-list .bubble.theirs audio")
        heard.wait_for()
        assert heard.get_attribute("aria-label") == "Röstmeddelande från Maja"
        state = heard.evaluate(CAN_PLAY)
        assert state["error"] is None and state["ready"] >= 1, state
        assert state["duration"] > 0, state
        stored = Attachment.objects.get()
        assert stored.content_type == "audio/webm" and stored.seconds > 1
        assert re.search(
            r"Röstmeddelande, [23] sekunder", anna.locator("#message-list").inner_text()
        )

    def test_offline_the_recorder_says_it_needs_the_network(self):
        maja = self._live("maja", "/meddelanden/")
        maja.context.set_offline(True)
        maja.get_by_role("button", name="Spela in ett röstmeddelande").click()
        maja.locator("#status", has_text="Röstmeddelanden behöver nät.").wait_for()
        assert maja.locator("[data-voice-recording]").is_hidden()
        assert not Attachment.objects.exists()
