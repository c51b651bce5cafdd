"""The client's sign-in under Mer: "Inloggade enheter" and "Byt lösenord"."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.decorators import client_required
from portal.pages import account
from portal.types import HtmxHttpRequest

BASE = "client/base.html"
NAMES = {
    "page": "client_devices",
    "end": "client_device_end",
    "end_others": "client_devices_end_others",
    "password": "client_password",
    "back": "client_more",
}


@client_required
@require_GET
def devices(request: HtmxHttpRequest) -> HttpResponse:
    return account.devices(request, base=BASE, names=NAMES)


@client_required
@require_POST
def device_end(request: HtmxHttpRequest, device_id: int) -> HttpResponse:
    return account.end_device(request, device_id, names=NAMES)


@client_required
@require_POST
def devices_end_others(request: HtmxHttpRequest) -> HttpResponse:
    return account.end_others(request, names=NAMES)


@client_required
@require_http_methods(["GET", "POST"])
def password(request: HtmxHttpRequest) -> HttpResponse:
    return account.password(request, base=BASE, names=NAMES)
