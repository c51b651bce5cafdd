"""The client's letters: photograph one (from the plan or the conversation), see what it
says, put its suggested tasks in the plan, remove it."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import access
from portal.decorators import client_required
from portal.pages import letters
from portal.types import HtmxHttpRequest


def _plan_url() -> str:
    return reverse("client_plan")


@client_required
@require_http_methods(["GET", "POST"])
def letter_new(request: HtmxHttpRequest) -> HttpResponse:
    contact = access.client_contact(request.user)
    if request.method == "POST":
        return letters.upload(request, contact, page="client/letter_new.html", plan_url=_plan_url())
    return letters.new_page(request, contact, page="client/letter_new.html")


@client_required
@require_GET
def letter(request: HtmxHttpRequest, letter_id: int) -> HttpResponse:
    found = access.get_letter(request.user, letter_id)
    return letters.show(request, found, page="client/letter.html")


@client_required
@require_POST
def letter_tasks(request: HtmxHttpRequest, letter_id: int) -> HttpResponse:
    found = access.get_letter(request.user, letter_id)
    return letters.add_tasks(request, found, page="client/letter.html", plan_url=_plan_url())


@client_required
@require_POST
def letter_remove(request: HtmxHttpRequest, letter_id: int) -> HttpResponse:
    found = access.get_letter(request.user, letter_id)
    return letters.remove(request, found, plan_url=_plan_url())
