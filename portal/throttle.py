"""Throttling every way in, with django-axes: the password form, the invite code, the
second factor and passkey sign-in.

Each wrong try is a failed sign-in for axes (Django's `user_login_failed` signal, sent
by `authenticate()` for the password and by `failed()` here for the rest), stored in
the database so every daphne process counts the same tries. Two limits, each counted
over the last AXES_COOLOFF_TIME (15 minutes):

- an account is locked after SIGNIN_ACCOUNT_FAILURE_LIMIT (10) wrong tries, from
  anywhere;
- a source address is locked after AXES_FAILURE_LIMIT (30) wrong tries, for any
  accounts (and for invite codes, which belong to no account).

Axes compares one number with one limit, so `LockoutHandler.get_failures` reports an
account that has reached its own limit as having reached the address limit too. A
locked-out try answers 429 with a calm page (`lockout_response`) that says what to do.
"""

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Pages where the thing typed is a code, not a password.
CODE_PAGES = {"invite_code", "signin_verify", "signin_recovery", "signin_enrol"}
# Pages where it is neither (choosing a username after an invite).
OTHER_PAGES = {"invite_welcome"}


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request: Any, credentials: dict | None = None) -> int:
        threshold = get_cool_off_threshold(request)
        recent = AccessAttempt.objects.filter(attempt_time__gte=threshold)
        by_address = _failures(recent.filter(ip_address=request.axes_ip_address))
        username = get_client_username(request, credentials)
        if not username:
            # An invite code has no account: only the address counts (else every code
            # typed anywhere would count against one shared "no account").
            return by_address
        by_account = _failures(recent.filter(username=username))
        if by_account >= settings.SIGNIN_ACCOUNT_FAILURE_LIMIT:
            return max(by_address, settings.AXES_FAILURE_LIMIT)
        return by_address


class AxesBackend(AxesStandaloneBackend):
    """Axes' first authentication backend, which refuses a locked-out account or address.

    Every sign-in from outside passes its request (the login form does). A call without
    one is not a try from any address, e.g. Django's test client `login()` or a shell:
    there is nothing to throttle, so it is let through to the password check rather
    than refused. Any new way in (an API login) must pass the request."""

    def authenticate(self, request: Any, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def allowed(request: HttpRequest, username: str | None) -> bool:
    """May this address (and account, if any) try again now?"""
    return AxesProxyHandler.is_allowed(request, {"username": username})


def failed(request: HttpRequest, username: str | None) -> None:
    """Count a wrong code or a failed passkey for this address (and account). Only the
    username goes to axes: the code itself is never stored or logged."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def is_locked_out(request: HttpRequest) -> bool:
    """Did the try just counted (or refused) lock this account or address?"""
    return bool(getattr(request, "axes_locked_out", False))


def _minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def _wait(what: str) -> str:
    """What happened, then how long to wait (one minute or several) and where to get help."""
    minutes = _minutes()
    wait = ngettext(
        "Vänta %(minutes)d minut och försök igen.",
        "Vänta %(minutes)d minuter och försök igen.",
        minutes,
    ) % {"minutes": minutes}
    return f"{what} {wait} {_('Eller be ditt ombud om hjälp.')}"


def tried_too_often() -> str:
    """For a lockout that is not about a typed password or code (a passkey, a username
    that is taken)."""
    return _wait(_("Du har försökt för många gånger."))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The calm page a locked-out try gets (axes' AXES_LOCKOUT_CALLABLE), status 429."""
    match = getattr(request, "resolver_match", None)
    page = match.url_name if match is not None else ""
    if page in CODE_PAGES:
        message = _wait(_("Du har skrivit fel kod för många gånger."))
    elif page in OTHER_PAGES:
        message = tried_too_often()
    else:
        message = _wait(_("Du har skrivit fel lösenord för många gånger."))
    return render(request, "registration/locked.html", {"message": message}, status=429)
