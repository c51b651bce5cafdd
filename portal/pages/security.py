"""A signed-in person's ways in: their passkeys (add, remove) and, for staff, the app
and the recovery codes. The client reaches it from Mer ("Logga in med ansiktet eller
fingret"), staff from their start page ("Inloggning och säkerhet").

Adding a passkey also works for a staff member who is setting up their second factor
during sign-in (the pending state of portal/actions/signin.py), before `login()`.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portal.actions import passkeys, signin, two_factor
from portal.forms import PasskeyNameForm
from portal.models import Passkey, Role, User
from portal.pages.signin import recovery_codes_page
from portal.queries.signin import factors_of, passkeys_of
from portal.types import AuthedRequest

BASE_OF_ROLE: dict[str, str] = {
    Role.CLIENT: "client/base.html",
    Role.OMBUD: "ombud/base.html",
    Role.COORDINATOR: "coordinator/base.html",
}


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
    }
    return render(request, "registration/security.html", context)


@require_POST
@never_cache
def register_options(request: HttpRequest) -> JsonResponse:
    user = _registering_user(request)
    if user is None:
        return JsonResponse({"error": _("Logga in först.")}, status=403)
    return JsonResponse(json.loads(passkeys.registration_options(request, user)))


@require_POST
@never_cache
def register(request: HttpRequest) -> JsonResponse:
    """The phone's new passkey: check it and keep it. JSON for static/js/passkeys.js."""
    user = _registering_user(request)
    if user is None:
        return JsonResponse({"error": _("Logga in först.")}, status=403)
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
def remove(request: AuthedRequest, passkey_id: int) -> HttpResponse:
    passkey = get_object_or_404(Passkey, pk=passkey_id, user=request.user)
    factors = factors_of(request.user)
    if signin.needs_second_factor(request.user) and not factors.totp and factors.passkeys <= 1:
        messages.error(
            request,
            _("Det här är ditt enda sätt att logga in säkert. Lägg till ett annat först."),
        )
        return redirect("account_security")
    passkeys.remove(passkey)
    messages.success(request, _("Nyckeln är borttagen."))
    return redirect("account_security")


@login_required
@require_POST
@never_cache
def new_recovery_codes(request: AuthedRequest) -> HttpResponse:
    """New recovery codes for staff (the old ones stop working), shown once."""
    if not signin.needs_second_factor(request.user):
        raise Http404
    codes = two_factor.make_recovery_codes(request.user)
    return recovery_codes_page(request, request.user, codes, "")
