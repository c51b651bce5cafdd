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
