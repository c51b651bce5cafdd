"""Absolute links that leave the app (the ombud's invite link, shown as a QR code).

Behind a TLS-terminating proxy the request says http://daphne-1:8001; the link must say
the address people use. With settings.PUBLIC_URL (https://brobyggare.kommun.se) links are
built from it; without it (development, `make run`) from the request, whose host is one of
ALLOWED_HOSTS."""

from django.conf import settings
from django.http import HttpRequest


def absolute_url(request: HttpRequest, path: str) -> str:
    """`path` (e.g. from reverse()) as a full URL people can open."""
    if settings.PUBLIC_URL:
        return settings.PUBLIC_URL.rstrip("/") + path
    return request.build_absolute_uri(path)
