"""The devices a person is signed in on: one row per session, so they can see them and
sign any of them out.

Each row points at its session, and goes with it: signing out, the session expiring
(`clearsessions`) or being ended from another device deletes the session row, and the
database cascade deletes this one. No IP address is kept: the browser and system (parsed
from the User-Agent, which itself is not stored) and the times are enough for a person to
recognise their own phone, and an address would be personal data with no use to them."""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeviceSession(models.Model):
    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="device")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="device_sessions"
    )
    # Short words, e.g. "Chrome" and "Android"; empty when the browser did not say.
    browser = models.CharField(max_length=40, blank=True)
    system = models.CharField(max_length=40, blank=True)
    first_seen = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen", "-pk"]

    def __str__(self) -> str:
        return f"Device session {self.pk}"


class AccountChange(models.Model):
    """A change to a person's way in, told to the person (OWASP ASVS 2.2.3, 2.5.5, 2.8.5):
    once on each of their other signed-in devices, as a calm note at their next visit, and
    in the list under Inloggade enheter (Konto for staff). Only what and when, and the
    browser and system it was made on, in words; the latest 20 per person are kept, and
    they go with the account."""

    class Kind(models.TextChoices):
        PASSWORD = "password", _("Lösenordet byttes")
        PASSWORD_BY_INVITE = (
            "password_by_invite",
            _("Ett nytt lösenord valdes med en kod från ombudet"),
        )
        PASSKEY_ADDED = "passkey_added", _("En nyckel lades till")
        PASSKEY_REMOVED = "passkey_removed", _("En nyckel togs bort")
        APP_ADDED = "app_added", _("En app för koder lades till")
        RECOVERY_CODES = "recovery_codes", _("Nya reservkoder gjordes")
        FACTORS_RESET = "factors_reset", _("En administratör tog bort dina sätt att logga in")
        CODE_REUSED = "code_reused", _("En kod från din app användes en gång till")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_changes"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    # The signed-in device it was made on (that device is not told of it), while it lasts.
    device = models.ForeignKey(DeviceSession, on_delete=models.SET_NULL, null=True, blank=True)
    browser = models.CharField(max_length=40, blank=True)
    system = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Account change {self.pk}"
