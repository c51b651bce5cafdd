"""Background jobs (django-tasks, database backend): run by `manage.py db_worker`.

A job's arguments are stored in the database until it runs, so they are ids only,
never content. A job never fails with the letter's text in its error: the database
backend stores a failed job's traceback, so every error inside the reading is caught
here and logged by its type alone.
"""

import logging

from django.utils import timezone
from django_tasks import task

from portal.models import Letter

logger = logging.getLogger(__name__)


@task()
def read_letter(letter_id: int) -> None:
    """Read a letter's pages on this server, understand them, and record the result as
    the contact's next event (the card arrives on both phones over the live socket).

    Safe to run twice: only a letter still being read is touched."""
    from portal.actions import letters as letter_actions
    from portal.letters import ocr
    from portal.letters.understand import lines_of, understand

    letter = (
        Letter.objects.filter(pk=letter_id, status=Letter.Status.READING)
        .select_related("contact")
        .prefetch_related("pages")
        .first()
    )
    if letter is None:
        return  # removed, erased, or already read
    try:
        texts: list[str] = []
        for page in letter.pages.all():
            with page.file.open("rb") as file:
                texts += ocr.read_file(file.read(), page.content_type)
        text = "\n".join(lines_of("\n".join(texts)))
        if not text:
            raise ocr.NotReadable("empty")
        received = timezone.localdate(letter.created_at)
        reading = understand(text, received=received)
    except Exception as error:
        # The type only: an exception's message could hold what was read.
        logger.warning("Letter %s could not be read (%s).", letter_id, type(error).__name__)
        letter_actions.reading_failed(letter)
        return
    letter_actions.record_reading(letter, text=text, reading=reading)
