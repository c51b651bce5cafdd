"""The client's "Vem har tittat och ändrat": who opened or changed their data, and when.

Never the content; see portal.audit for what is recorded and why."""

from django.http import HttpRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal import access, audit
from portal.decorators import role_required
from portal.models import Role

client_required = role_required(Role.CLIENT)


@client_required
@require_GET
def who_looked(request: HttpRequest):
    contact = access.client_contact(request.user)
    page = audit.trail(contact, request.GET.get("sida"))
    context = {"contact": contact, "page": page, "viewer": request.user}
    return render(request, "client/who_looked.html", context)
