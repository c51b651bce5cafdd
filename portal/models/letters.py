"""Letters from authorities, photographed by the client or the ombud: the pages (kept
privately, like attachments), the text read from them on our own server, and what the
rules understood (each value with its certainty and the line it came from).

A letter belongs to the contact: it is seen by its two parties only, included in the
client's copy and erased with the contact (its page files unlinked after commit)."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models.contact import Contact
from portal.models.messages import private_storage


def letter_page_path(instance, filename: str) -> str:
    # A random name: nothing about the person, the sender or the file's own name on disk.
    extension = filename.rsplit(".", 1)[-1]
    return f"letters/{uuid.uuid4().hex}.{extension}"


class Letter(models.Model):
    class Status(models.TextChoices):
        READING = "reading", _("Läser brevet")
        READ = "read", _("Läst")
        UNREADABLE = "unreadable", _("Gick inte att läsa")

    class Kind(models.TextChoices):
        DECISION = "decision", _("beslut")
        COMPLETION = "completion", _("begäran om komplettering")
        NOTICE = "notice", _("kallelse")
        PAYMENT = "payment", _("krav på betalning")
        INFORMATION = "information", _("information")

    # The values read from the letter that carry a certainty and a line, and that the
    # ombud can correct. `facts[name]` = {"certain": bool, "line": int | None,
    # "corrected": bool}.
    # Filled in for the card by portal.queries.letters.letter_cards; never stored.
    card: Any = None
    suggestions: Any = ()
    consent_missing: bool = False
    tasks_form: Any = None

    FACTS = ("sender", "kind", "case_number", "letter_date", "deadline", "meeting_at", "amount")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="letters")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.READING)
    read_at = models.DateTimeField(null=True, blank=True)
    # The recognised text, one line per line of the letter (blank lines left out), so
    # "titta på rad 12" points at the same line on every screen. Personal data: never
    # logged, never in a push, in the client's copy, erased with the contact.
    text = models.TextField(blank=True)

    organisation = models.CharField(_("organisation"), max_length=20, blank=True)
    sender = models.CharField(_("avsändare"), max_length=120, blank=True)
    kind = models.CharField(_("sorts brev"), max_length=12, choices=Kind.choices, blank=True)
    case_number = models.CharField(_("ärendenummer"), max_length=60, blank=True)
    letter_date = models.DateField(_("brevets datum"), null=True, blank=True)
    deadline = models.DateField(_("sista dag att svara"), null=True, blank=True)
    # How a deadline written as a rule was counted: "tre veckor från 3 november".
    deadline_rule = models.CharField(max_length=120, blank=True)
    meeting_at = models.DateTimeField(_("möte"), null=True, blank=True)
    amount = models.CharField(_("belopp"), max_length=40, blank=True)
    facts = models.JSONField(default=dict, blank=True)

    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    corrected_at = models.DateTimeField(null=True, blank=True)
    # When the suggested tasks were put in the plan (or declined), so they are not
    # offered again.
    tasks_decided_at = models.DateTimeField(null=True, blank=True)
    # The reminder pushes before the deadline ("Du har ett brev att svara på snart"),
    # each sent once.
    reminded_week_at = models.DateTimeField(null=True, blank=True)
    reminded_two_days_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"Letter {self.pk}"

    @property
    def is_reading(self) -> bool:
        return self.status == self.Status.READING

    @property
    def is_read(self) -> bool:
        return self.status == self.Status.READ

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines() if self.text else []

    def fact(self, name: str) -> dict:
        """How sure we are of one value, and where it came from."""
        return {"certain": False, "line": None, "corrected": False, **self.facts.get(name, {})}

    def certain(self, name: str) -> bool:
        fact = self.fact(name)
        return bool(fact["certain"] or fact["corrected"])

    def line_of(self, name: str) -> tuple[int, str] | None:
        """(number, text) of the line a value was read from, when there is one."""
        number = self.fact(name)["line"]
        lines = self.lines
        if number and 1 <= number <= len(lines):
            return number, lines[number - 1]
        return None


class LetterPage(models.Model):
    """One photographed page, or one PDF, of a letter: checked and cleaned like an
    attachment (portal/attachments.py), kept in private storage."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="pages")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="letter_pages")
    number = models.PositiveSmallIntegerField(default=1)
    file = models.FileField(storage=private_storage, upload_to=letter_page_path)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["letter", "number", "pk"]

    def __str__(self) -> str:
        return f"Page {self.number} of letter {self.letter_id}"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
