"""The ombud's side of ending: closing the contact together with the client, in the
ending phase, once every working note has been marked for the client or for destruction."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import access
from portal.actions import ending
from portal.decorators import ombud_required
from portal.types import AuthedRequest


@ombud_required
@require_POST
def close_contact(request: AuthedRequest, contact_id: int) -> HttpResponse:
    contact = access.get_contact(request.user, contact_id)
    try:
        ending.end_contact(contact, request.user)
    except ending.NotesUndecided as undecided:
        context = {"contact": contact, "problem": undecided.message}
        return render(request, "ombud/close_problem.html", context, status=422)
    messages.success(
        request,
        _("Kontakten med %(name)s är avslutad. %(name)s kan hämta sin kopia i %(days)d dagar.")
        % {"name": contact.client.display_name, "days": settings.COPY_WINDOW_DAYS},
    )
    return redirect("ombud_caseload")
