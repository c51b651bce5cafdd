"""The person's own sign-in, shared by the three sides: the devices they are signed in on
("Logga ut den här", "Logga ut alla andra") and changing their password. Each side's
views decide only the page it extends and the names of its URLs (`names`: page, end,
end_others, password)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal import access, throttle
from portal.actions import account_changes, sessions
from portal.forms import PasswordForm
from portal.pages.security import confirm_first
from portal.queries.sessions import devices_of
from portal.queries.signin import account_changes_of
from portal.rendering import done, form_page
from portal.types import HtmxHttpRequest


def devices(
    request: HtmxHttpRequest, *, base: str, names: dict[str, str], account: bool = False
) -> HttpResponse:
    """The list: this device first marked, then the others, most recently used first.
    `account`: the staff's "Konto" page (with the password and signing out), rather than
    the client's "Inloggade enheter" under Mer."""
    this_session = request.session.session_key
    listed = sorted(devices_of(request.user), key=lambda device: device.session_id != this_session)
    changes = account_changes_of(request.user)
    account_changes.seen(request, changes)
    context = {
        "changes": changes,
        "base": base,
        "names": names,
        "account": account,
        "devices": listed,
        "this_session": this_session,
    }
    return render(request, "account/devices.html", context)


def end_device(request: HtmxHttpRequest, device_id: int, *, names: dict[str, str]) -> HttpResponse:
    device = access.get_device_session(request.user, device_id)
    this_one = device.session_id == request.session.session_key
    # Signing this device out is signing out; another needs a recent sign-in (ASVS 3.3.4).
    if not this_one and (refusal := confirm_first(request, reverse(names["page"]))):
        return refusal
    sessions.end_device(device)
    if this_one:
        return redirect("login")  # they signed themselves out
    return done(request, reverse(names["page"]), toast=_("Enheten är utloggad."))


def end_others(request: HtmxHttpRequest, *, names: dict[str, str]) -> HttpResponse:
    if refusal := confirm_first(request, reverse(names["page"])):
        return refusal
    sessions.end_other_sessions(request)
    return done(
        request, reverse(names["page"]), toast=_("Klart. Du är utloggad på alla andra enheter.")
    )


def password(request: HtmxHttpRequest, *, base: str, names: dict[str, str]) -> HttpResponse:
    """The current password, then the new one. A wrong current password counts in the
    lockout like one typed at the sign-in page (portal/throttle.py): a session left open
    is no place to guess it without limit."""
    form = PasswordForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not throttle.allowed(request, request.user.username):
            return throttle.lockout_response(request)
        if form.is_valid():
            sessions.change_password(request, form)
            messages.success(
                request, _("Ditt lösenord är bytt. Du är utloggad på alla andra enheter.")
            )
            return redirect(names["page"])
        if form.has_error("old_password", "password_incorrect"):
            throttle.failed(request, request.user.username)
    context = {"base": base, "names": names, "form": form}
    return form_page(request, page="account/password.html", context=context)
