"""Template context every page needs: the unread message count for the navigation, when
the page was made, and how long the session has left."""

from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from portal.queries.conversation import badge_count
from portal.queries.sessions import time_left


def rendered_at(request) -> dict:
    """When the page was made: shown with the offline banner when it is read from the cache."""
    return {"rendered_at": timezone.now(), "COPY_WINDOW_DAYS": settings.COPY_WINDOW_DAYS}


def unread(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_coordinator:
        return {}
    # Lazy: one query, and only on pages that show the count.
    return {"unread_total": SimpleLazyObject(lambda: badge_count(user))}


def session_timer(request) -> dict:
    """For the signed-in page's session notice (static/js/session.js): how long the
    session has left, what ends it then, and how long before that to warn."""
    left = time_left(request)
    if left is None:
        return {}
    seconds, ends = left
    return {"session_timer": {"left": seconds, "ends": ends, "warn": settings.SESSION_WARN_SECONDS}}
