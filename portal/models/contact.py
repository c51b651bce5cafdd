"""The contact between one client and one ombud, and the invite that brings the client in."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Phase(models.IntegerChoices):
    TRUST = 1, _("Kontakt och förtroende")
    ACTIVE = 2, _("Aktivt arbete")
    ENDING = 3, _("Avslut")


class Contact(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Pågår")
        ENDED = "ended", _("Avslutad")

    operation = models.ForeignKey("portal.Operation", on_delete=models.PROTECT)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts_as_client"
    )
    ombud = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts_as_ombud"
    )
    phase = models.PositiveSmallIntegerField(_("fas"), choices=Phase.choices, default=Phase.TRUST)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    # Every change to the contact gets the next number, so a phone can ask for
    # "everything after N" when it reconnects.
    last_seq = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    # The client always sees when the ombud has read their messages; whether the ombud
    # sees when the client has read theirs is the client's choice (off until they say so).
    client_shares_read_receipts = models.BooleanField(default=False)
    # For the anonymous statistics record only (copied from the intake).
    gender = models.CharField(max_length=10, default="unknown")
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    channel = models.CharField(max_length=12, blank=True)
    referrer = models.CharField(max_length=20, blank=True)
    requested_on = models.DateField(null=True, blank=True)
    municipality = models.CharField(max_length=100, blank=True)
    highest_phase = models.PositiveSmallIntegerField(default=1)
    # [[day, phase], ...]: each move between phases, for the phase on 31 December.
    phase_changes = models.JSONField(default=list, blank=True)
    # Ending: when, how, and until when the client can fetch their copy before erasure.
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_how = models.CharField(max_length=20, blank=True)
    erase_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(status="active"),
                name="one_active_contact_per_client",
            )
        ]

    def __str__(self) -> str:
        return f"Contact {self.pk}"

    @property
    def group_name(self) -> str:
        """The channel-layer group of everyone in this contact."""
        return f"contact-{self.pk}"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Invite(models.Model):
    """A one-time, expiring way in for a client: a link with a token, or a short code.

    Only hashes are stored, so a database leak does not hand out working invites.
    """

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="invites")
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Invite {self.pk}"

    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()
