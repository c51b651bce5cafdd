"""What a person's phone registers with us: Web Push subscriptions, and the receipts
that make the offline outbox apply each queued item exactly once."""

from django.conf import settings
from django.db import models

from portal.models.contact import Contact


class PushSubscription(models.Model):
    """One browser's push endpoint (RFC 8030) and its keys (RFC 8291).

    `session_key` is the sign-in session that turned notices on (or last confirmed them):
    signing out of it removes the subscription, and while it is alive nobody else can take
    the endpoint over (portal.actions.push)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    session_key = models.CharField(max_length=40, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by every subscribe from this browser (push.js confirms on each visit): when a
    # user has too many, the least recently confirmed goes first.
    confirmed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Push subscription {self.pk}"


class OutboxReceipt(models.Model):
    """An outbox item (made on the phone, with the phone's UUID) that has been applied.

    A retry finds its receipt and changes nothing. Erased with the contact.
    """

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="outbox_receipts")
    client_uuid = models.UUIDField()
    kind = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contact", "client_uuid"], name="one_receipt_per_item")
        ]

    def __str__(self) -> str:
        return f"Outbox receipt {self.pk}"
