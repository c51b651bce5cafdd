"""Template context every page needs: the unread message count for the navigation."""

from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from portal.queries.conversation import unread_counts


def rendered_at(request) -> dict:
    """When the page was made: shown with the offline banner when it is read from the cache."""
    return {"rendered_at": timezone.now(), "COPY_WINDOW_DAYS": settings.COPY_WINDOW_DAYS}


def unread(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_coordinator:
        return {}
    # Lazy: one query, and only on pages that show the count.
    return {"unread_total": SimpleLazyObject(lambda: sum(unread_counts(user).values()))}
