"""Turning notifications on and off for one browser (a Web Push subscription)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from portal.models import PushSubscription, User


def subscribe(user: User, *, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Store the browser's subscription for `user`.

    An endpoint belongs to one browser: if someone else signed in on it before, it
    moves to the latest user who turned notifications on there.
    """
    if not (user.is_client or user.is_ombud):
        raise PermissionDenied("Only clients and ombud get notifications.")
    with transaction.atomic():
        subscription, _ = PushSubscription.objects.update_or_create(
            endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth}
        )
    return subscription


def unsubscribe(user: User, *, endpoint: str) -> int:
    """Forget the user's own subscription at `endpoint`. Returns how many were removed."""
    deleted, _ = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return deleted


def unsubscribe_all(user: User) -> int:
    """Forget every browser the user has turned notifications on in."""
    deleted, _ = PushSubscription.objects.filter(user=user).delete()
    return deleted
