"""What survives a contact for the annual report: an anonymous record that identifies no one."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.intake import Channel, Gender, Referrer, RequestOutcome

# Age at the start of the contact, in the bands the annual report uses: (oldest, band).
AGE_BANDS = [(25, "18-25"), (35, "26-35"), (45, "36-45"), (55, "46-55"), (65, "56-65")]


def age_band(birth_year: int | None, on: datetime.date) -> str:
    """ "18-25" … "66+", or "" when the birth year is not known."""
    if not birth_year:
        return ""
    age = on.year - birth_year
    for upper, label in AGE_BANDS:
        if age <= upper:
            return label
    return "66+"


class EndedHow(models.TextChoices):
    """How a contact ended: the reasons the state's follow-up asks about."""

    DONE = "done", _("Arbetet är klart och stödet finns på plats")
    CLIENT = "client", _("Klienten avslutade")
    MOVED = "moved", _("Klienten flyttade")
    LOST_CONTACT = "lost_contact", _("Tappad kontakt")
    OTHER_SERVICE = "other_service", _("En annan verksamhet tog över")
    DIED = "died", _("Klienten avled")
    OTHER = "other", _("Annat")


class StatisticsRecord(models.Model):
    """What survives a contact for the annual report: nothing that identifies anyone."""

    operation = models.ForeignKey("portal.Operation", on_delete=models.PROTECT)
    gender = models.CharField(max_length=10, choices=Gender.choices)
    age_band = models.CharField(max_length=10, blank=True)  # "18-25", "26-35", ...
    channel = models.CharField(max_length=12, choices=Channel.choices, blank=True)
    referrer = models.CharField(max_length=20, choices=Referrer.choices, blank=True)
    requested_on = models.DateField(null=True, blank=True)
    municipality = models.CharField(max_length=100, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField()
    highest_phase = models.PositiveSmallIntegerField()
    phase_changes = models.JSONField(default=list)
    life_areas = models.JSONField(default=list)
    ended_how = models.CharField(max_length=20, choices=EndedHow.choices)

    def __str__(self) -> str:
        return f"Statistics {self.pk}"


class RequestRecord(models.Model):
    """A request that closed without becoming a contact: counted, never named."""

    operation = models.ForeignKey("portal.Operation", on_delete=models.PROTECT)
    channel = models.CharField(max_length=12, choices=Channel.choices)
    referrer = models.CharField(max_length=20, choices=Referrer.choices)
    gender = models.CharField(max_length=10, choices=Gender.choices)
    age_band = models.CharField(max_length=10, blank=True)
    municipality = models.CharField(max_length=100, blank=True)
    requested_on = models.DateField()
    closed_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=RequestOutcome.choices)

    def __str__(self) -> str:
        return f"Request record {self.pk}"
