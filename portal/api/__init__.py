"""The JSON API: one NinjaAPI mounting a router per area, session auth with CSRF.

Operations check access with the same helpers as the pages (portal.access) and change
data through the same actions (portal.actions)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from portal.actions.failures import WrongStatus
from portal.api.assignments import router as assignments_router
from portal.api.consents import router as consents_router
from portal.api.failures import router as failures_router
from portal.api.letters import router as letters_router
from portal.api.meetings import router as meetings_router
from portal.api.messages import router as messages_router
from portal.api.outbox import router as outbox_router
from portal.api.plan import router as plan_router
from portal.api.push import router as push_router
from portal.api.report import router as report_router

api = NinjaAPI(
    title="Brobyggare API",
    version="1",
    description="Planer, uppgifter och träffar för personligt ombud och deras klienter.",
    auth=django_auth,
    urls_namespace="api",
)
api.add_router("/", plan_router)
api.add_router("/", assignments_router)
api.add_router("/", meetings_router)
api.add_router("/", messages_router)
api.add_router("/", consents_router)
api.add_router("/", letters_router)
api.add_router("/", outbox_router)
api.add_router("/", failures_router)
api.add_router("/push", push_router)
api.add_router("/", report_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "Det här får du inte göra."}, status=403)


@api.exception_handler(WrongStatus)
def wrong_status(request: HttpRequest, exc: WrongStatus) -> HttpResponse:
    """The object's status does not allow this (someone got there first): 409, with the
    plain Swedish reason the action gave (schema: Refusal)."""
    return api.create_response(request, {"detail": exc.message}, status=409)
