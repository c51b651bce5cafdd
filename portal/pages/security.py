"""A signed-in person's ways in: their passkeys (add, remove) and, for staff, the app
and the recovery codes. The client reaches it from Mer ("Logga in med ansiktet eller
fingret"), staff from their start page ("Inloggning och säkerhet").

Adding a passkey also works for a staff member who is setting up their second factor
during sign-in (the pending state of portal/actions/signin.py), before `login()`.

"Bekräfta att det är du" (OWASP ASVS 3.7.1, 3.3.4): a change to the way in (adding or
removing a passkey, new recovery codes, signing out another device or all others) needs a
sign-in or a confirmation within SIGNIN_CONFIRM_MINUTES (10), so someone who finds a phone
or a computer signed in cannot make the account theirs. Clients confirm with their
password or a passkey; staff with a passkey or a code from their app (their password
alone never signed them in). Wrong tries count in the lockout as at the sign-in page.
Changing the password asks for the current one, which is the same proof.
"""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from portal import throttle
from portal.actions import passkeys, signin, two_factor
from portal.forms import ConfirmPasswordForm, PasskeyNameForm, TotpForm
from portal.models import Passkey, Role, User
from portal.pages.signin import recovery_codes_page
from portal.queries.sessions import recently_confirmed
from portal.queries.signin import factors_of, passkeys_of
from portal.rendering import form_page
from portal.types import AuthedRequest, HtmxHttpRequest

BASE_OF_ROLE: dict[str, str] = {
    Role.CLIENT: "client/base.html",
    Role.OMBUD: "ombud/base.html",
    Role.COORDINATOR: "coordinator/base.html",
}


def _confirm_url(back: str) -> str:
    return f"{reverse('signin_confirm')}?{urlencode({'next': back})}"


def confirm_first(request: HtmxHttpRequest, back: str) -> HttpResponse | None:
    """None if the person signed in or confirmed recently enough for a change to the way
    in; else the way to "Bekräfta att det är du", which leads back to `back`."""
    if recently_confirmed(request):
        return None
    url = _confirm_url(back)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _confirm_first_json(request: HttpRequest, back: str) -> JsonResponse | None:
    """As confirm_first, for static/js/passkeys.js: it goes to `confirm`."""
    if recently_confirmed(request):
        return None
    return JsonResponse(
        {"error": _("Bekräfta först att det är du."), "confirm": _confirm_url(back)}, status=403
    )


def _next(request: HttpRequest) -> str:
    """Where to go after confirming: a page of ours, else the start page."""
    url = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url("home")


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def confirm(request: HtmxHttpRequest) -> HttpResponse:
    """ "Bekräfta att det är du": the password (clients) or the app's code (staff) here, or
    a passkey through `confirm_passkey_options` and `confirm_passkey`."""
    user = request.user
    staff = signin.needs_second_factor(user)
    form = TotpForm(request.POST or None) if staff else ConfirmPasswordForm(request.POST or None)
    if request.method == "POST":
        if not throttle.allowed(request, user.username):
            return throttle.lockout_response(request)
        if form.is_valid():
            if staff:
                right = two_factor.verify_totp(user, form.cleaned_data["otp_token"])
            else:
                right = user.check_password(form.cleaned_data["password"])
            if right:
                signin.confirm(request, user, method="totp" if staff else "password")
                messages.success(request, _("Tack. Nu kan du fortsätta."))
                return redirect(_next(request))
            throttle.failed(request, user.username)
            if staff:
                two_factor.refused_as_used(user, form.cleaned_data["otp_token"], request=request)
                form.add_error(
                    "otp_token",
                    _(
                        "Koden stämmer inte. Skriv de sex siffror som appen visar just nu. "
                        "Koden byts var 30:e sekund."
                    ),
                )
            else:
                form.add_error("password", _("Lösenordet stämmer inte. Prova igen."))
    context = {
        "base_template": BASE_OF_ROLE.get(user.role, "app_base.html"),
        "form": form,
        "staff": staff,
        "factors": factors_of(user),
        "next_url": _next(request),
        "query": urlencode({"next": _next(request)}),
    }
    return form_page(request, page="registration/confirm.html", context=context)


@require_POST
@never_cache
def confirm_passkey_options(request: HttpRequest) -> JsonResponse:
    """Options for confirming with a passkey: only the signed-in person's own."""
    user = request.user
    if not isinstance(user, User):
        return JsonResponse({"error": _("Logga in först.")}, status=403)
    if not user.passkeys.exists():
        return JsonResponse({"error": _("Du har ingen nyckel.")}, status=400)
    return JsonResponse(json.loads(passkeys.authentication_options(request, user)))


@require_POST
@never_cache
def confirm_passkey(request: HttpRequest) -> JsonResponse:
    """The phone's signed answer: one of this person's passkeys, or nothing."""
    user = request.user
    if not isinstance(user, User):
        return JsonResponse({"error": _("Logga in först.")}, status=403)
    if not throttle.allowed(request, None):
        return JsonResponse({"error": throttle.tried_too_often(), "locked": True}, status=429)
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        body = {}
    credential = body.get("credential") if isinstance(body, dict) else None
    try:
        if not isinstance(credential, dict):
            raise passkeys.PasskeyError("no credential")
        if passkeys.authenticate(request, credential) != user:
            raise passkeys.PasskeyError("another person's passkey")
    except passkeys.PasskeyError:
        throttle.failed(request, None)
        return JsonResponse(
            {"error": _("Det gick inte med nyckeln. Prova igen, eller använd ett annat sätt.")},
            status=400,
        )
    signin.confirm(request, user, method="passkey")
    messages.success(request, _("Tack. Nu kan du fortsätta."))
    return JsonResponse({"redirect": _next(request)})


def _registering_user(request: HttpRequest) -> User | None:
    """Who may add a passkey now: the signed-in person, or a staff member setting up
    their second factor in the middle of signing in."""
    if request.user.is_authenticated:
        return request.user
    state = signin.pending(request)
    if state is not None and state.enrolling:
        return state.user
    return None


@login_required
@require_GET
@never_cache
def security(request: AuthedRequest) -> HttpResponse:
    user = request.user
    context = {
        "base_template": BASE_OF_ROLE.get(user.role, "app_base.html"),
        "passkeys": passkeys_of(user),
        "factors": factors_of(user),
        "staff": signin.needs_second_factor(user),
        "name_form": PasskeyNameForm(),
        "confirmed": recently_confirmed(request),
    }
    return render(request, "registration/security.html", context)


@require_POST
@never_cache
def register_options(request: HttpRequest) -> JsonResponse:
    user = _registering_user(request)
    if user is None:
        return JsonResponse({"error": _("Logga in först.")}, status=403)
    if request.user.is_authenticated and (
        refusal := _confirm_first_json(request, reverse("account_security"))
    ):
        return refusal
    return JsonResponse(json.loads(passkeys.registration_options(request, user)))


@require_POST
@never_cache
def register(request: HttpRequest) -> JsonResponse:
    """The phone's new passkey: check it and keep it. JSON for static/js/passkeys.js."""
    user = _registering_user(request)
    if user is None:
        return JsonResponse({"error": _("Logga in först.")}, status=403)
    if request.user.is_authenticated and (
        refusal := _confirm_first_json(request, reverse("account_security"))
    ):
        return refusal
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        body = {}
    credential = body.get("credential") if isinstance(body, dict) else None
    form = PasskeyNameForm({"name": body.get("name", "") if isinstance(body, dict) else ""})
    name = (form.cleaned_data["name"] if form.is_valid() else "") or _("Min telefon")
    try:
        if not isinstance(credential, dict):
            raise passkeys.PasskeyError("no credential")
        passkeys.register(request, user, credential, name)
    except passkeys.PasskeyError:
        return JsonResponse(
            {"error": _("Det gick inte att spara nyckeln. Prova igen.")},
            status=400,
        )
    if request.user.is_authenticated:
        messages.success(request, _("Klart! Nästa gång kan du logga in med nyckeln."))
    return JsonResponse({"ok": True})


@login_required
@require_POST
def remove(request: HtmxHttpRequest, passkey_id: int) -> HttpResponse:
    passkey = get_object_or_404(Passkey, pk=passkey_id, user=request.user)
    if refusal := confirm_first(request, reverse("account_security")):
        return refusal
    factors = factors_of(request.user)
    if signin.needs_second_factor(request.user) and not factors.totp and factors.passkeys <= 1:
        messages.error(
            request,
            _("Det här är ditt enda sätt att logga in säkert. Lägg till ett annat först."),
        )
        return redirect("account_security")
    passkeys.remove(passkey, request=request)
    messages.success(request, _("Nyckeln är borttagen."))
    return redirect("account_security")


@login_required
@require_POST
@never_cache
def new_recovery_codes(request: HtmxHttpRequest) -> HttpResponse:
    """New recovery codes for staff (the old ones stop working), shown once."""
    if not signin.needs_second_factor(request.user):
        raise Http404
    if refusal := confirm_first(request, reverse("account_security")):
        return refusal
    codes = two_factor.make_recovery_codes(request.user, request=request)
    return recovery_codes_page(request, request.user, codes, "")
