"""The sign-in pages after the password: the staff's second step (a passkey, a code from
the app, or a recovery code), setting up a second factor the first time, signing in
with a passkey alone, and asking for a new password.

None of these pages treats the session as signed in until `actions.signin.complete()`.
Every wrong code or failed passkey counts in the lockout (portal/throttle.py).
"""

import json
import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal import throttle
from portal.actions import passkeys, signin, two_factor
from portal.forms import ForgotPasswordForm, RecoveryCodeForm, TotpForm
from portal.models import User
from portal.qr import qr_svg
from portal.queries.signin import factors_of
from portal.rendering import form_page
from portal.types import HtmxHttpRequest

# Asking for a new password takes at least this long, whether or not the name exists.
FORGOT_MIN_SECONDS = 0.3


def _home(next_url: str) -> str:
    return next_url or resolve_url(settings.LOGIN_REDIRECT_URL)


def _pending_or_restart(request: HttpRequest, *, enrolling: bool) -> signin.Pending | None:
    state = signin.pending(request)
    if state is None or state.enrolling != enrolling:
        return None
    return state


def _restart(request: HttpRequest) -> HttpResponse:
    """The pending sign-in has expired (or never was): start again, calmly."""
    messages.info(request, _("Det tog för lång tid. Logga in igen."))
    return redirect("login")


def _json_body(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}


def recovery_codes_page(
    request: HttpRequest, user: User, codes: list[str], next_url: str
) -> HttpResponse:
    """Shown once, as the answer to the step that made them: never stored in clear."""
    response = render(
        request,
        "registration/recovery_codes.html",
        {"codes": codes, "next_url": _home(next_url), "factors": factors_of(user)},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@never_cache
def verify(request: HtmxHttpRequest) -> HttpResponse:
    """Step two for staff: a passkey (the button), or a code from the app."""
    state = _pending_or_restart(request, enrolling=False)
    if state is None:
        return _restart(request)
    user = state.user
    factors = factors_of(user)
    form = TotpForm(request.POST or None)
    if request.method == "POST":
        if not throttle.allowed(request, user.username):
            return throttle.lockout_response(request)
        if form.is_valid():
            if two_factor.verify_totp(user, form.cleaned_data["otp_token"]):
                return redirect(_home(signin.complete(request, user)))
            throttle.failed(request, user.username)
            two_factor.refused_as_used(user, form.cleaned_data["otp_token"], request=request)
            form.add_error(
                "otp_token",
                _(
                    "Koden stämmer inte. Skriv de sex siffror som appen visar just nu. "
                    "Koden byts var 30:e sekund."
                ),
            )
    context = {"form": form, "factors": factors, "person": user}
    return form_page(request, page="registration/verify.html", context=context)


@require_http_methods(["GET", "POST"])
@never_cache
def recovery(request: HtmxHttpRequest) -> HttpResponse:
    """Step two with a recovery code, when the phone is lost or out of battery."""
    state = _pending_or_restart(request, enrolling=False)
    if state is None:
        return _restart(request)
    user = state.user
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST":
        if not throttle.allowed(request, user.username):
            return throttle.lockout_response(request)
        if form.is_valid():
            if two_factor.use_recovery_code(user, form.cleaned_data["recovery_code"]):
                next_url = signin.complete(request, user)
                left = factors_of(user).recovery_codes_left
                messages.info(
                    request,
                    ngettext(
                        "Du är inloggad. Du har %(left)s reservkod kvar. Gör nya under "
                        "Inloggning och säkerhet om du har få kvar.",
                        "Du är inloggad. Du har %(left)s reservkoder kvar. Gör nya under "
                        "Inloggning och säkerhet om du har få kvar.",
                        left,
                    )
                    % {"left": left},
                )
                return redirect(_home(next_url))
            throttle.failed(request, user.username)
            form.add_error(
                "recovery_code",
                _(
                    "Koden stämmer inte, eller är redan använd. Varje reservkod fungerar "
                    "en gång. Prova en annan."
                ),
            )
    return form_page(request, page="registration/recovery.html", context={"form": form})


@require_http_methods(["GET", "POST"])
@never_cache
def enrol(request: HtmxHttpRequest) -> HttpResponse:
    """The first sign-in of a staff member without a second factor: set one up now.

    A passkey (the button, then `enrol_done`), or an app: the QR code and the secret,
    confirmed with a code from it. Either way the recovery codes follow."""
    state = _pending_or_restart(request, enrolling=True)
    if state is None:
        return _restart(request)
    user = state.user
    device = two_factor.start_totp(user)
    form = TotpForm(request.POST or None)
    if request.method == "POST":
        if not throttle.allowed(request, user.username):
            return throttle.lockout_response(request)
        if form.is_valid():
            if two_factor.confirm_totp(user, form.cleaned_data["otp_token"], request=request):
                codes = two_factor.make_recovery_codes(user, request=request)
                next_url = signin.complete(request, user)
                return recovery_codes_page(request, user, codes, next_url)
            throttle.failed(request, user.username)
            form.add_error(
                "otp_token",
                _(
                    "Koden stämmer inte. Kontrollera att du har lagt till kontot i appen. "
                    "Skriv de sex siffror som appen visar just nu."
                ),
            )
    secret = two_factor.base32_secret(device)
    context = {
        "form": form,
        "person": user,
        "qr": qr_svg(device.config_url),
        "secret": two_factor.grouped(secret),
    }
    return form_page(request, page="registration/enrol.html", context=context)


@require_POST
@never_cache
def enrol_done(request: HttpRequest) -> HttpResponse:
    """After a passkey was added during set-up: sign in and show the recovery codes."""
    state = _pending_or_restart(request, enrolling=True)
    if state is None:
        return _restart(request)
    if not factors_of(state.user).any:
        return redirect("signin_enrol")
    two_factor.drop_unconfirmed_totp(state.user)
    codes = two_factor.make_recovery_codes(state.user, request=request)
    next_url = signin.complete(request, state.user)
    return recovery_codes_page(request, state.user, codes, next_url)


@require_POST
@never_cache
def passkey_options(request: HttpRequest) -> JsonResponse:
    """Options for a passkey sign-in: the pending staff member's own passkeys in step
    two, else any passkey on the phone ("Logga in med nyckel")."""
    state = signin.pending(request)
    user = state.user if state is not None and not state.enrolling else None
    if user is not None and not user.passkeys.exists():
        return JsonResponse({"error": _("Du har ingen nyckel. Använd koden i appen.")}, status=400)
    return JsonResponse(json.loads(passkeys.authentication_options(request, user)))


@require_POST
@never_cache
def passkey_signin(request: HttpRequest) -> JsonResponse:
    """The phone's signed answer: check it, then sign in. JSON for static/js/passkeys.js."""
    credential = _json_body(request).get("credential")
    # A passkey cannot be guessed: failures count for the address only, and a locked
    # account (someone typing wrong passwords for it) still gets in with its passkey.
    if not throttle.allowed(request, None):
        return JsonResponse({"error": throttle.tried_too_often(), "locked": True}, status=429)
    try:
        if not isinstance(credential, dict):
            raise passkeys.PasskeyError("no credential")
        user = passkeys.authenticate(request, credential)
    except passkeys.PasskeyError:
        throttle.failed(request, None)
        return JsonResponse(
            {
                "error": _(
                    "Det gick inte att logga in med nyckeln. Prova igen, eller logga in "
                    "med ditt lösenord."
                )
            },
            status=400,
        )
    next_url = signin.complete(request, user, backend=signin.MODEL_BACKEND)
    return JsonResponse({"redirect": _home(next_url)})


@require_http_methods(["GET", "POST"])
@never_cache
def forgot(request: HtmxHttpRequest) -> HttpResponse:
    """A client asks for a new password. The answer is the same whatever was typed, and
    takes as long: it tells nobody whether the name exists."""
    form = ForgotPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        started = time.monotonic()
        signin.request_password_reset(form.cleaned_data["username"])
        remaining = FORGOT_MIN_SECONDS - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)
        return render(request, "registration/forgot_sent.html")
    return form_page(request, page="registration/forgot.html", context={"form": form})
