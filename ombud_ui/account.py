"""The ombud's "Konto": the devices they are signed in on, the password, signing out."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.decorators import ombud_required
from portal.pages import account
from portal.types import HtmxHttpRequest

BASE = "ombud/base.html"
NAMES = {
    "page": "ombud_account",
    "end": "ombud_device_end",
    "end_others": "ombud_devices_end_others",
    "password": "ombud_password",
    "back": "ombud_account",
}


@ombud_required
@require_GET
def devices(request: HtmxHttpRequest) -> HttpResponse:
    return account.devices(request, base=BASE, names=NAMES, account=True)


@ombud_required
@require_POST
def device_end(request: HtmxHttpRequest, device_id: int) -> HttpResponse:
    return account.end_device(request, device_id, names=NAMES)


@ombud_required
@require_POST
def devices_end_others(request: HtmxHttpRequest) -> HttpResponse:
    return account.end_others(request, names=NAMES)


@ombud_required
@require_http_methods(["GET", "POST"])
def password(request: HtmxHttpRequest) -> HttpResponse:
    return account.password(request, base=BASE, names=NAMES)
