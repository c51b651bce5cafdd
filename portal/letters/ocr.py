"""Text recognition of a letter's pages with Tesseract (Debian's tesseract-ocr and its
Swedish data, tesseract-ocr-swe), on this server only.

pytesseract runs the `tesseract` program on a temporary copy of the page and deletes it
afterwards. Tesseract's own errors name the program and its exit status, never the text;
still, callers log the exception's type only (portal/tasks.py).

PDF pages: the text layer when the PDF has one (a letter from a digital mailbox), else
each page rendered at 300 dpi and recognised like a photo.
"""

import io
import os
from typing import Final

import pypdfium2  # type: ignore[import-untyped]  # no type information
import pytesseract
from django.conf import settings
from PIL import Image

from portal.letters.preprocess import prepare

# One thread per Tesseract: the worker reads one letter at a time, and on a small
# server OpenMP threads fighting over the cores make it slower, not faster.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

MAX_PDF_PAGES: Final = 10
PDF_SCALE: Final = 300 / 72
# A page of text from a digital PDF has far more than this; a scan has none.
MIN_TEXT_LAYER: Final = 40
# Fully automatic page segmentation; keep spaces between words as printed.
TESSERACT_CONFIG: Final = "--psm 3 -c preserve_interword_spaces=1"
TIMEOUT_SECONDS: Final = 120


class NotReadable(Exception):
    """Nothing could be read from this page (no Tesseract, a broken file, a time-out)."""


def available() -> bool:
    try:
        pytesseract.get_tesseract_version()
    except Exception:
        return False
    return True


def read_image(photo: Image.Image) -> str:
    """The text on one photographed page."""
    prepared = prepare(photo)
    try:
        return pytesseract.image_to_string(
            prepared,
            lang=settings.LETTER_OCR_LANGUAGE,
            config=TESSERACT_CONFIG,
            timeout=TIMEOUT_SECONDS,
        )
    except Exception as error:
        # Raised without its message: the caller logs the type only.
        raise NotReadable(type(error).__name__) from None


def read_pdf(data: bytes) -> list[str]:
    """The text of each page of a PDF (at most MAX_PDF_PAGES)."""
    try:
        document = pypdfium2.PdfDocument(data)
    except Exception:
        raise NotReadable("PdfiumError") from None
    texts = []
    try:
        for index in range(min(len(document), MAX_PDF_PAGES)):
            page = document[index]
            layer = page.get_textpage().get_text_bounded()
            if len(layer.strip()) >= MIN_TEXT_LAYER:
                texts.append(layer)
            else:
                texts.append(read_image(page.render(scale=PDF_SCALE).to_pil()))
    finally:
        document.close()
    return texts


def read_file(data: bytes, content_type: str) -> list[str]:
    """The text of one stored page file: an image (one page) or a PDF (several)."""
    if content_type == "application/pdf":
        return read_pdf(data)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            photo = image.copy()
    except Exception:
        raise NotReadable("UnidentifiedImageError") from None
    return [read_image(photo)]
