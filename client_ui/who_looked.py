"""The client's "Vem har tittat och ändrat": who opened or changed their data, and when.

Never the content; see portal.queries.audit for what is recorded and why."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal import access
from portal.decorators import client_required
from portal.queries.audit import trail
from portal.types import AuthedRequest


@client_required
@require_GET
def who_looked(request: AuthedRequest) -> HttpResponse:
    contact = access.client_contact(request.user)
    page = trail(contact, request.GET.get("sida"))
    context = {"contact": contact, "page": page, "viewer": request.user}
    return render(request, "client/who_looked.html", context)
