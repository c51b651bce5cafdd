"""Paused notifications ("Jag orkar inte just nu"): who may be sent a push now.

A client may pause their notifications for a while or until they turn them on again
(portal.actions.pause). While paused, nothing is pushed to them: not a new message, not
a changed plan, not a meeting or letter reminder. The reminders are not marked as sent
meanwhile, so the first run after the pause sends what is still due. The ombud sees that
notifications are paused and until when, never why: no reason is asked or kept."""

import datetime

from django.db.models import Q
from django.utils import timezone


def not_paused(prefix: str = "", now: datetime.datetime | None = None) -> Q:
    """Rows whose user (at `prefix`, e.g. "user__" or "contact__client__") may be sent
    a push at `now`."""
    now = now or timezone.now()
    return Q(**{f"{prefix}notifications_paused_open": False}) & (
        Q(**{f"{prefix}notifications_paused_until__isnull": True})
        | Q(**{f"{prefix}notifications_paused_until__lte": now})
    )
