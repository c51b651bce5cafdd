"""The front door: where a signed-in person belongs, signing in and out, staying signed
in, and health."""

import asyncio
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.actions import sessions, signin
from portal.models import Role
from portal.queries.sessions import time_left
from portal.queries.signin import factors_of

HOME_OF_ROLE: dict[str | None, str] = {
    Role.CLIENT: "client_plan",
    Role.OMBUD: "ombud_caseload",
    Role.COORDINATOR: "coordinator_home",
}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    return redirect(HOME_OF_ROLE.get(getattr(user, "role", None), "login"))


class LogoutView(auth_views.LogoutView):
    """Signing out also empties what this browser kept of the person: the HTTP cache, the
    service worker's caches, IndexedDB (the outbox) and cookies (Clear-Site-Data)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


@require_http_methods(["GET", "POST"])
@never_cache
def session_status(request: HttpRequest) -> JsonResponse:
    """For static/js/session.js. GET: how long the session has left (sent with the header
    `X-Background: 1`, so asking is not activity). POST: "Fortsätt vara inloggad", which
    is (CSRF-protected like every post). 401 when the person is no longer signed in."""
    if not request.user.is_authenticated:
        # Why, if this very request found the session over (portal.middleware).
        reason = getattr(request, "session_ended", "")
        return JsonResponse({"signed_in": False, "reason": reason}, status=401)
    if request.method == "POST":
        sessions.record_activity(request, force=True)
    left = time_left(request)
    expires_in, ends = left if left is not None else (None, "")
    return JsonResponse({"signed_in": True, "expires_in": expires_in, "ends": ends})


class LoginView(auth_views.LoginView):
    """Step one: the password (django-axes counts each wrong one, portal/throttle.py).

    A client is then signed in. Staff are not yet: the session holds a pending sign-in,
    and they go on to their second factor, or to setting one up the first time
    (portal/pages/signin.py)."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        signin.abandon(request)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if not signin.needs_second_factor(user):
            return super().form_valid(form)
        enrolling = not factors_of(user).any
        signin.begin(self.request, user, next_url=self.get_redirect_url(), enrolling=enrolling)
        return redirect("signin_enrol" if enrolling else "signin_verify")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


async def _channel_layer_roundtrip() -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "health.ping"})
    message = await asyncio.wait_for(layer.receive(channel), timeout=2)
    return message.get("type") == "health.ping"


def _channel_layer_ok() -> bool:
    try:
        return async_to_sync(_channel_layer_roundtrip)()
    except Exception:
        return False


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_ok(), "channel_layer": _channel_layer_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "fail"}
    body.update({name: "ok" if ok else "fail" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)
