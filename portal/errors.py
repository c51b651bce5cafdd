"""Answers for what went wrong on our side (handler500 in portal/urls.py).

The database out of reach (PostgreSQL restarting or failing over, the connection lost) is
not a bug: it gets a calm 503 with Retry-After, the Swedish page for a page request and
the API's Problem shape under /api/, instead of the 500 page. Django calls `server_error`
for any exception a view or middleware left unhandled (with DEBUG off), wherever it was
raised: the session, the user, the view. The page is rendered without the request, so
nothing in it needs the database. The connection pool checks each connection before it
hands it out (portal/env.py), so the first request after the outage gets a new one.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10


def server_error(request: HttpRequest) -> HttpResponse:
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        return unavailable(request)
    return defaults.server_error(request)


def unavailable(request: HttpRequest) -> HttpResponse:
    """503: try again in a moment."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        detail = _("Det går inte att nå uppgifterna just nu. Försök igen om en liten stund.")
        response = JsonResponse({"detail": detail}, status=503)
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
