"""A letter from the client's phone to the plan on both phones, for real: the client
photographs a letter (a corpus image through the camera input), sees "Läser brevet …",
and a real database worker in its own process reads it with Tesseract; the card with
the deadline arrives over the live socket; the client puts the suggested tasks in the
plan, and the ombud's phone, on the client's plan, shows them live. No OCR is mocked."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from portal.letters.understand import say_date
from tests.browser.conftest import BrowserTestCase

LIVE = "html[data-live=open]"
CORPUS = Path(__file__).resolve().parent.parent / "letters" / "corpus"
LETTER = CORPUS / "forsakringskassan-01-decision.jpg"
READ_TIMEOUT_MS = 90_000  # Tesseract on a shared machine: seconds, not minutes


class TestLetterFromPhotoToPlan(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, password):
        self.contact, self.password = contact, password

    def _worker(self) -> None:
        """`manage.py db_worker` against the test database, stopped after the test."""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "SQLITE_PATH": str(connection.settings_dict["NAME"]),
            "PRIVATE_MEDIA_ROOT": str(settings.STORAGES["private"]["OPTIONS"]["location"]),
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        log = open(os.devnull, "wb")  # noqa: SIM115 (closed in the cleanup)
        worker = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.5",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

        def stop() -> None:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            log.close()

        self.addCleanup(stop)

    def _live_page(self, username, path):
        page = self.login(self.phone(), username, self.password)
        page.goto(path)
        page.locator(LIVE).wait_for(state="attached")
        return page

    def test_a_photographed_letter_becomes_tasks_on_both_phones(self):
        truth = json.loads(LETTER.with_suffix(".json").read_text())
        deadline = datetime.date.fromisoformat(truth["deadline"])
        self._worker()
        ombud = self._live_page("anna", f"/ombud/klient/{self.contact.pk}/")
        client = self._live_page("maja", "/min-plan/")
        assert client.viewport_size == {"width": 390, "height": 844}

        # The camera button's input (capture="environment"): the phone's camera opens.
        camera = client.locator("input[data-letter-camera]")
        assert camera.get_attribute("capture") == "environment"
        camera.set_input_files(str(LETTER))
        client.locator("[data-letter-pages]", has_text="Du har fotat 1 sida.").wait_for()
        client.get_by_role("button", name="Läs brevet").click()
        card = client.locator("#letter-list article.letter").first
        card.get_by_text("Läser brevet …").wait_for()
        ombud.locator("#letter-list article.letter", has_text="Läser brevet …").wait_for()

        # The worker reads it; the card arrives over the socket, with the deadline.
        when = say_date(deadline)
        card.locator(".letter-action", has_text="Vill du överklaga? Gör det senast").wait_for(
            timeout=READ_TIMEOUT_MS
        )
        assert when in card.inner_text()
        assert "Brev från Försäkringskassan" in card.inner_text()
        ombud_card = ombud.locator("#letter-list article.letter").first
        ombud_card.get_by_text("Samtycke saknas för Försäkringskassan.").wait_for(
            timeout=READ_TIMEOUT_MS
        )

        # The client confirms the suggested tasks (changing nothing) into a new assignment.
        card.get_by_role("button", name="Lägg in i planen").click()
        client.locator("#status", has_text="Klart! Nu finns det i planen.").wait_for()
        client.locator("#assignment-list", has_text="Överklaga beslutet, om du vill").wait_for()
        assert "Brev från Försäkringskassan" in client.locator("#assignment-list").inner_text()

        # The ombud's phone, on Maja's plan, shows the new tasks live, with the due day.
        row = ombud.locator("#assignment-list .task", has_text="Överklaga beslutet, om du vill")
        row.wait_for()
        assert str(deadline.day) in row.inner_text()
        assert ombud.locator("#assignment-list", has_text="Läsa beslutet med Anna").count() == 1
