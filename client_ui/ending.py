"""The client's side of ending: "Avsluta kontakten", and their copy of everything, which
they can fetch at any time and for a window of days after the contact has ended."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal import access
from portal.actions import ending
from portal.decorators import client_required
from portal.models import Contact
from portal.queries.copy import copy_html, copy_json
from portal.types import AuthedRequest


@client_required
@require_http_methods(["GET", "POST"])
def end_contact(request: AuthedRequest) -> HttpResponse:
    if not access.contacts_for(request.user).exists():
        return redirect("client_copy")  # already ended (e.g. together with the ombud)
    contact = access.client_contact(request.user)
    if request.method == "POST":
        ending.end_contact(contact, request.user)
        return redirect("client_copy")
    return render(request, "client/end_contact.html", {"contact": contact})


@client_required
@require_GET
@never_cache
def my_copy(request: AuthedRequest) -> HttpResponse:
    contact = access.clients_own_contact(request.user)
    if contact.status == Contact.Status.ACTIVE:
        return render(request, "client/my_data.html", {"contact": contact})
    return render(request, "client/copy_after_end.html", {"contact": contact})


@client_required
@require_GET
@never_cache
def download_copy(request: AuthedRequest, fmt: str) -> HttpResponse:
    contact = access.clients_own_contact(request.user)
    if fmt == "json":
        response = HttpResponse(copy_json(contact), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(copy_html(contact), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="brobyggare-min-kopia.{fmt}"'
    return response
