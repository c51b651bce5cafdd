"""Turning notifications on and off for one browser (a Web Push subscription).

Rules (ASVS L2 V12.6 / V13, and a shared family phone kept sane):
- the endpoint must be https on a public host (portal.push.endpoint_problem);
- at most MAX_PER_USER subscriptions per user: a new one pushes out the least recently
  confirmed (an old phone in a drawer, a reinstalled browser), never a refusal the user
  cannot act on from this phone;
- an endpoint belongs to one browser, and so to whoever is signed in there. If it is
  another user's, it moves only when that user's sign-in session for it is gone (they
  signed out, or someone else signed in over them in that browser, which ends their
  session); while it is alive, the request is refused: someone with a copy of the
  endpoint must not take another person's notices;
- signing out removes the subscription made in that session (portal.signals).
"""

from importlib import import_module

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.models import PushSubscription, User
from portal.push import endpoint_problem

MAX_PER_USER = 10

TAKEN = _(
    "Notiserna kunde inte slås på här, för någon annan är inloggad med notiser i den "
    "här webbläsaren. Be den personen logga ut först."
)


class SubscriptionRefused(Exception):
    """The subscription cannot be stored; `field` and `message` say why, plainly."""

    def __init__(self, field: str, message: str | Promise) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _session_of(session_key: str, user_id: int) -> bool:
    """Is `session_key` a live sign-in session of user `user_id`?"""
    if not session_key:
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    data = store.load()  # {} when it is gone or has expired
    return str(data.get("_auth_user_id", "")) == str(user_id)


def subscribe(
    user: User, *, endpoint: str, p256dh: str, auth: str, session_key: str = ""
) -> PushSubscription:
    """Store the browser's subscription for `user`, made in sign-in session `session_key`.

    Raises SubscriptionRefused (the endpoint is not one we push to, or it is another
    user's whose session is alive) and PermissionDenied (a role that gets no notices)."""
    if not (user.is_client or user.is_ombud):
        raise PermissionDenied("Only clients and ombud get notifications.")
    problem = endpoint_problem(endpoint)  # resolves the name: before any lock is taken
    if problem:
        raise SubscriptionRefused("endpoint", problem)
    with transaction.atomic():
        # One subscribe per user at a time, so the count below stays true.
        User.objects.select_for_update().filter(pk=user.pk).first()
        current = PushSubscription.objects.select_for_update().filter(endpoint=endpoint).first()
        if current is not None and current.user_id != user.pk:
            if _session_of(current.session_key, current.user_id):
                raise SubscriptionRefused("endpoint", TAKEN)
            current.delete()
            current = None
        if current is None:
            current = PushSubscription(user=user, endpoint=endpoint)
        current.p256dh, current.auth, current.session_key = p256dh, auth, session_key
        current.save()
        too_many = PushSubscription.objects.filter(user=user).order_by("-confirmed_at", "-pk")[
            MAX_PER_USER:
        ]
        PushSubscription.objects.filter(pk__in=list(too_many.values_list("pk", flat=True))).delete()
    return current


def unsubscribe(user: User, *, endpoint: str) -> int:
    """Forget the user's own subscription at `endpoint`. Returns how many were removed."""
    deleted, _per_model = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return deleted


def unsubscribe_session(user: User, *, session_key: str) -> int:
    """Forget the subscriptions the user made in this sign-in session (signing out)."""
    if not session_key:
        return 0
    deleted, _per_model = PushSubscription.objects.filter(
        user=user, session_key=session_key
    ).delete()
    return deleted


def unsubscribe_all(user: User) -> int:
    """Forget every browser the user has turned notifications on in."""
    deleted, _per_model = PushSubscription.objects.filter(user=user).delete()
    return deleted
