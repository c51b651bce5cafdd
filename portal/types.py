"""Request types for annotations: a signed-in user is our User, and django-htmx adds
`request.htmx` (django-htmx's own typing recipe)."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from portal.models import User


class AuthedRequest(HttpRequest):
    user: User  # type: ignore[assignment]


class HtmxHttpRequest(AuthedRequest):
    htmx: HtmxDetails
