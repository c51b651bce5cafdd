"""Pausing one's notifications ("Jag orkar inte just nu") and turning them on again.

The person's own choice, for a day, three days, a week, or until they turn them on: a
plain setting on their account, erased with it. No event, no push, no reason asked;
portal.queries.pause says who may be sent a push."""

import datetime

from django.utils import timezone

from portal.models import User

# How long each choice pauses for; None: until the person turns them on again.
PAUSES: dict[str, datetime.timedelta | None] = {
    "1d": datetime.timedelta(days=1),
    "3d": datetime.timedelta(days=3),
    "1w": datetime.timedelta(weeks=1),
    "open": None,
}


def _whole_hour_after(moment: datetime.datetime) -> datetime.datetime:
    """The next whole hour (local time), so the end reads "i morgon kl 15"."""
    local = timezone.localtime(moment)
    if local.minute or local.second or local.microsecond:
        local = local.replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)
    return local


def pause_notifications(user: User, choice: str, now: datetime.datetime | None = None) -> None:
    if choice not in PAUSES:
        raise ValueError(f"Not a pause: {choice!r}")
    length = PAUSES[choice]
    now = now or timezone.now()
    user.notifications_paused_open = length is None
    user.notifications_paused_until = None if length is None else _whole_hour_after(now + length)
    user.save(update_fields=["notifications_paused_open", "notifications_paused_until"])


def resume_notifications(user: User) -> None:
    """ "Slå på igen": notifications as before, from now on."""
    user.notifications_paused_open = False
    user.notifications_paused_until = None
    user.save(update_fields=["notifications_paused_open", "notifications_paused_until"])
