"""Mer → Mitt nätverk: the people who support the client besides the ombud."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from portal import access
from portal.decorators import client_required
from portal.pages import network as pages
from portal.types import HtmxHttpRequest


@client_required
@require_http_methods(["GET", "POST"])
def network(request: HtmxHttpRequest) -> HttpResponse:
    contact = access.client_contact(request.user)
    if request.method == "POST":
        url = reverse("client_network")
        return pages.add(request, contact, page="client/network.html", url=url)
    return pages.show(request, contact, page="client/network.html")


@client_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HtmxHttpRequest, person_id: int) -> HttpResponse:
    person = access.get_network_person(request.user, person_id)
    url = reverse("client_network")
    return pages.edit(request, person, page="client/network_edit.html", url=url)


@client_required
@require_POST
def person_remove(request: HtmxHttpRequest, person_id: int) -> HttpResponse:
    person = access.get_network_person(request.user, person_id)
    return pages.remove(request, person, url=reverse("client_network"))
