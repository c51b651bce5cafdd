"""Signing in: the pending state between the password and the second factor, the
finished sign-in, a client's request for a new password, and ending a person's other
sessions.

Staff sign in in two steps. After the password, the session holds only a *pending*
user id (with the backend, where to go next and an expiry a few minutes ahead): the
session is not authenticated, so no page, API call or socket treats it as signed in.
Only `complete()` calls Django's `login()`, after the second factor succeeded. So a
test's `force_login` is the same as a finished sign-in, both steps done.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest
from django.utils import timezone

from portal import security_log
from portal.models import Contact, PasswordResetRequest, Role, User
from portal.queries.sessions import CONFIRMED

PENDING_KEY = "signin_pending"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class Pending:
    user: User
    next_url: str
    enrolling: bool


def needs_second_factor(user: User) -> bool:
    """Everyone but a client: ombud, coordinators, and any account without a role."""
    return user.role != Role.CLIENT


def begin(request: HttpRequest, user: User, *, next_url: str, enrolling: bool) -> None:
    """The password was right: remember who, for a few minutes, in a fresh session key."""
    request.session.cycle_key()
    seconds = settings.SIGNIN_ENROLMENT_SECONDS if enrolling else settings.SIGNIN_PENDING_SECONDS
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", MODEL_BACKEND),
        "next": next_url,
        "until": time.time() + seconds,
        "enrolling": enrolling,
    }


def pending(request: HttpRequest) -> Pending | None:
    """The pending sign-in of this session, if it has not expired."""
    state = request.session.get(PENDING_KEY)
    if not isinstance(state, dict):
        return None
    if state.get("until", 0) < time.time():
        request.session.pop(PENDING_KEY, None)
        return None
    user_id = state.get("user")
    if not isinstance(user_id, int):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    return Pending(user=user, next_url=state.get("next", ""), enrolling=bool(state["enrolling"]))


def abandon(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)


def complete(request: HttpRequest, user: User, backend: str = "") -> str:
    """Both steps done (or a passkey, which is both): sign in. Returns where to go."""
    state = request.session.pop(PENDING_KEY, None) or {}
    if state.get("user") not in (None, user.pk):
        state = {}
    login(request, user, backend=backend or state.get("backend") or MODEL_BACKEND)
    return state.get("next", "")


def confirm(request: HttpRequest, user: User, *, method: str) -> None:
    """The signed-in person proved it was them again ("Bekräfta att det är du": the
    password, a passkey or a code from the app). For SIGNIN_CONFIRM_MINUTES they may
    change their way in."""
    request.session[CONFIRMED] = time.time()
    security_log.event("signin.confirmed", request=request, user_id=user.pk, method=method)


def request_password_reset(username: str) -> None:
    """Record that a client asked for a new password (who, when), if `username` is an
    active client with an ongoing contact. Nothing happens for any other name, and the
    caller answers the same either way."""
    client = (
        User.objects.filter(username=username, role=Role.CLIENT, is_active=True)
        .filter(contacts_as_client__status=Contact.Status.ACTIVE)
        .first()
    )
    if client is None:
        return
    PasswordResetRequest.objects.update_or_create(
        user=client, defaults={"requested_at": timezone.now()}
    )
