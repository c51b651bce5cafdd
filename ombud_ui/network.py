"""A client's network, from the ombud's side: written with the client, and the
checklist before ending (who is there when the contact ends)."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from portal import access
from portal.decorators import ombud_required
from portal.pages import network as pages
from portal.types import HtmxHttpRequest


@ombud_required
@require_http_methods(["GET", "POST"])
def network(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    contact = access.get_contact(request.user, contact_id)
    if request.method == "POST":
        url = reverse("ombud_network", args=[contact.pk])
        return pages.add(request, contact, page="ombud/network.html", url=url)
    return pages.show(request, contact, page="ombud/network.html")


@ombud_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HtmxHttpRequest, person_id: int) -> HttpResponse:
    person = access.get_network_person(request.user, person_id)
    url = reverse("ombud_network", args=[person.contact_id])
    return pages.edit(request, person, page="ombud/network_edit.html", url=url)


@ombud_required
@require_POST
def person_remove(request: HtmxHttpRequest, person_id: int) -> HttpResponse:
    person = access.get_network_person(request.user, person_id)
    return pages.remove(request, person, url=reverse("ombud_network", args=[person.contact_id]))
