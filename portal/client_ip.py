"""The client's address, for throttling sign-in (django-axes calls `client_ip`).

Without configuration it is REMOTE_ADDR, and any forwarding header is ignored: a
header the client can write must not pick the address it is throttled by. Behind a
reverse proxy, set CLIENT_IP_HEADER (e.g. "X-Forwarded-For") and, if several proxies of
your own add to it, CLIENT_IP_PROXY_COUNT: the address is then the entry that many
places from the right, the one our own nearest proxy saw and appended.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _meta_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    header = settings.CLIENT_IP_HEADER
    if not header:
        return remote
    entries = [e.strip() for e in request.META.get(_meta_key(header), "").split(",")]
    entries = [e for e in entries if e]
    count = max(settings.CLIENT_IP_PROXY_COUNT, 1)
    if len(entries) < count:
        return remote
    candidate = entries[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
