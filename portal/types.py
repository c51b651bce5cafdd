"""Request types for annotations: a signed-in user is our User, and django-htmx adds
`request.htmx` (django-htmx's own typing recipe)."""

from django.http import HttpRequest, QueryDict
from django_htmx.middleware import HtmxDetails

from portal.models import User

# What a form is bound to: the request's POST (or GET), or nothing for a fresh form.
FormData = QueryDict | dict | None


class AuthedRequest(HttpRequest):
    user: User


class HtmxHttpRequest(AuthedRequest):
    htmx: HtmxDetails
