"""How long a session may last, how long this one has left, and the devices a person is
signed in on. The changes (signing in and out, activity, ending) are in
portal/actions/sessions.py, which explains the rules."""

import datetime
import time

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db.models import QuerySet
from django.utils import timezone

from portal.models import DeviceSession, User

# Kept in the session: when it started and when its person last did something (Unix
# seconds). The deadline is computed from these two.
STARTED = "session_started"
ACTIVE = "session_active"
# When the person last proved it was them: signing in, or "Bekräfta att det är du".
CONFIRMED = "session_confirmed"


def limits(user: User) -> tuple[int, int]:
    """(idle timeout, absolute lifetime) in seconds. Staff: ombud, coordinators and anyone
    without the client role; clients get longer, on a phone of their own."""
    if user.is_client:
        idle, most = settings.SESSION_IDLE_MINUTES_CLIENT, settings.SESSION_MAX_HOURS_CLIENT
    else:
        idle, most = settings.SESSION_IDLE_MINUTES_STAFF, settings.SESSION_MAX_HOURS_STAFF
    return idle * 60, most * 3600


def deadlines(session: SessionBase | dict, user: User) -> tuple[float, float] | None:
    """(when the idle timeout ends the session, when its lifetime does), as Unix seconds;
    None for a session without the stamps (signed in before they existed). `session` may
    also be a session's decoded data."""
    started, active = session.get(STARTED), session.get(ACTIVE)
    if started is None or active is None:
        return None
    idle, most = limits(user)
    return float(active) + idle, float(started) + most


# Why a session ends: its idle timeout, its lifetime, or it was ended from elsewhere.
IDLE = "idle"
LIFETIME = "lifetime"
ENDED_ELSEWHERE = "ended"


def ends(session: SessionBase | dict, user: User) -> tuple[datetime.datetime, str] | None:
    """When the session ends, and which deadline ends it (IDLE or LIFETIME)."""
    both = deadlines(session, user)
    if both is None:
        return None
    idle, lifetime = both
    kind = IDLE if idle <= lifetime else LIFETIME
    return datetime.datetime.fromtimestamp(min(both), tz=datetime.UTC), kind


def time_left(request) -> tuple[int, str] | None:
    """How long the signed-in person's session has left (seconds), and what ends it then
    (IDLE: activity would move it; LIFETIME: nothing will). None when signed out."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    end = ends(request.session, user)
    if end is None:
        return None
    moment, kind = end
    return max(0, int((moment - timezone.now()).total_seconds())), kind


def devices_of(user: User) -> QuerySet[DeviceSession]:
    """The devices the user is signed in on now, the most recently used first."""
    return DeviceSession.objects.filter(user=user, session__expire_date__gt=timezone.now())


def recently_confirmed(request) -> bool:
    """Has the signed-in person signed in, or confirmed it was them, within the last
    SIGNIN_CONFIRM_MINUTES? Needed before a change to the way in (portal/pages/confirm.py)."""
    at = request.session.get(CONFIRMED)
    if not isinstance(at, int | float):
        return False
    return 0 <= time.time() - at < settings.SIGNIN_CONFIRM_MINUTES * 60
