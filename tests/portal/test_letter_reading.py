"""Reading a photographed letter for real: the job waits in the database queue, the
worker runs Tesseract on the preprocessed photo, the rules understand the text, and
the result is the contact's next event. A few corpus images only (the benchmark reads
them all); they are made by scripts/make_letter_corpus.py --tests."""

import io
import json
import logging
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from PIL import Image, ImageChops, ImageDraw, ImageFont

from portal.actions.letters import add_letter
from portal.attachments import clean_upload
from portal.letters import ocr
from portal.letters.preprocess import prepare, skew_angle
from portal.models import ContactEvent, Letter
from portal.tasks import read_letter

CORPUS = Path(__file__).resolve().parent.parent / "letters" / "corpus"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

pytestmark = pytest.mark.skipif(not ocr.available(), reason="Tesseract is not installed")


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (CORPUS / name).read_bytes(), content_type="image/jpeg")


def _truth(name: str) -> dict:
    return json.loads((CORPUS / name).with_suffix(".json").read_text())


def run_worker() -> None:
    """The database worker's own loop, until the queue is empty (signals untouched)."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def test_a_photographed_decision_is_read_by_the_worker_and_arrives_as_an_event(
    contact, client_user, published, django_capture_on_commit_callbacks
):
    truth = _truth("forsakringskassan-01-decision.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        letter = add_letter(
            contact, client_user, pages=[clean_upload(_upload("forsakringskassan-01-decision.jpg"))]
        )
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs == {"args": [letter.pk], "kwargs": {}}  # an id, nothing else
    assert letter.status == Letter.Status.READING

    with django_capture_on_commit_callbacks(execute=True):
        run_worker()

    letter.refresh_from_db()
    assert letter.status == Letter.Status.READ
    assert (letter.organisation, letter.kind) == ("forsakringskassan", "decision")
    assert letter.letter_date.isoformat() == truth["letter_date"]
    assert letter.deadline.isoformat() == truth["deadline"]
    assert letter.certain("deadline") and letter.deadline_rule.startswith("tre veckor från")
    assert "Om du inte är nöjd med beslutet" in letter.text
    event = contact.events.get(verb=ContactEvent.Verb.READ_LETTER)
    assert (event.actor, event.object_kind, event.object_id) == (None, "letter", letter.pk)
    assert published[-1] == (
        f"contact-{contact.pk}",
        {"type": "contact.changed", "contact": contact.pk, "seq": event.seq},
    )
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL" and queued.return_value is None


def test_a_payment_demand_from_a_housing_company_gives_amount_and_deadline(contact, ombud):
    truth = _truth("housing-01-payment.jpg")
    letter = add_letter(contact, ombud, pages=[clean_upload(_upload("housing-01-payment.jpg"))])
    read_letter.call(letter.pk)
    letter.refresh_from_db()
    assert (letter.organisation, letter.sender) == ("housing", truth["sender"])
    assert letter.kind == "payment"
    assert letter.amount.replace("\u00a0", " ") == truth["amount"]
    assert letter.deadline.isoformat() == truth["deadline"]


def test_reading_twice_changes_nothing(contact, ombud):
    letter = add_letter(contact, ombud, pages=[clean_upload(_upload("kronofogden-01-payment.jpg"))])
    read_letter.call(letter.pk)
    seq = contact.events.count()
    read_letter.call(letter.pk)  # a second job for the same letter (requeued after a crash)
    assert contact.events.count() == seq


def test_a_page_with_nothing_to_read_is_unreadable_and_says_so(contact, client_user):
    out = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(out, "JPEG")
    upload = SimpleUploadedFile("tom.jpg", out.getvalue(), content_type="image/jpeg")
    letter = add_letter(contact, client_user, pages=[clean_upload(upload)])
    read_letter.call(letter.pk)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.UNREADABLE
    assert contact.events.filter(verb=ContactEvent.Verb.READ_LETTER).exists()


def test_an_error_while_reading_is_logged_by_its_type_and_never_with_text(
    contact, client_user, monkeypatch, caplog
):
    secret = "Beslut om bostadstillägg för Maja Andersson 19850412-1234"

    def broken(*args, **kwargs):
        raise RuntimeError(secret)

    monkeypatch.setattr("pytesseract.image_to_string", broken)
    letter = add_letter(
        contact, client_user, pages=[clean_upload(_upload("forsakringskassan-01-decision.jpg"))]
    )
    with caplog.at_level(logging.DEBUG):
        run_worker()
    letter.refresh_from_db()
    assert letter.status == Letter.Status.UNREADABLE
    assert "Maja" not in caplog.text and "19850412" not in caplog.text
    assert f"Letter {letter.pk} could not be read (NotReadable)." in caplog.text
    job = DBTaskResult.objects.get()
    # The job itself succeeded: no traceback (with the message) stored in the queue.
    assert job.status == "SUCCESSFUL" and job.traceback == ""


def test_a_scanned_pdf_is_rendered_and_read(contact, ombud):
    with Image.open(CORPUS / "kronofogden-01-payment.jpg") as photo:
        out = io.BytesIO()
        photo.convert("RGB").save(out, "PDF", resolution=150)
    upload = SimpleUploadedFile("brev.pdf", out.getvalue(), content_type="application/pdf")
    letter = add_letter(contact, ombud, pages=[clean_upload(upload)])
    read_letter.call(letter.pk)
    letter.refresh_from_db()
    assert (letter.organisation, letter.kind) == ("kronofogden", "payment")
    assert letter.deadline.isoformat() == _truth("kronofogden-01-payment.jpg")["deadline"]


def _text_page(angle: float = 0.0) -> Image.Image:
    page = Image.new("L", (1000, 700), 250)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 28)
    for row in range(12):
        draw.text((60, 40 + row * 50), "Beslut om bostadstillägg, överklaga senast", font=font)
    return page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=250)


@pytest.mark.parametrize("angle", [-4.0, -1.5, 2.5, 5.0])
def test_the_skew_is_found_within_a_few_tenths_of_a_degree(angle):
    assert skew_angle(_text_page(angle)) == pytest.approx(-angle, abs=0.3)


def test_a_shadow_is_divided_away():
    page = _text_page()
    light = Image.linear_gradient("L").rotate(90).resize(page.size)
    shaded = ImageChops.multiply(page, light.point(lambda v: 90 + v * 165 // 255))
    prepared = prepare(shaded)
    corners = [prepared.getpixel((x, 5)) for x in (5, prepared.width - 5)]
    assert min(corners) >= 240  # paper is white on the lit and the dark side alike
    assert prepared.getextrema()[0] < 100  # and the text is still dark
