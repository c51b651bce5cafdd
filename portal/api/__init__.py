"""The JSON API: one NinjaAPI mounting a router per area, session auth with CSRF.

Operations check access with the same helpers as the pages (portal.access) and change
data through the same actions (portal.actions). Every way of saying no has one shape
(portal.api.errors), and the OpenAPI schema documents it for every operation."""

from typing import Any

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from portal.actions.errors import WrongStatus
from portal.api.assignments import router as assignments_router
from portal.api.audit import router as audit_router
from portal.api.consents import router as consents_router
from portal.api.ending import router as ending_router
from portal.api.errors import schema_errors
from portal.api.failures import router as failures_router
from portal.api.intake import router as intake_router
from portal.api.letters import router as letters_router
from portal.api.meetings import router as meetings_router
from portal.api.messages import router as messages_router
from portal.api.network import router as network_router
from portal.api.notes import router as notes_router
from portal.api.outbox import router as outbox_router
from portal.api.plan import router as plan_router
from portal.api.push import router as push_router
from portal.api.report import router as report_router
from portal.api.team import router as team_router
from portal.middleware import MALFORMED

PROBLEM = {
    "title": "Problem",
    "type": "object",
    "properties": {"detail": {"title": "Detail", "type": "string"}},
    "required": ["detail"],
}
FORM_ERRORS = {
    "title": "FormErrors",
    "type": "object",
    "properties": {
        "detail": {"title": "Detail", "type": "string"},
        "errors": {
            "title": "Errors",
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail", "errors"],
}
# What any operation may answer besides what it documents itself.
COMMON_RESPONSES = {
    "400": ("Problem", "Det som skickades gick inte att läsa (inte JSON, inte UTF-8)."),
    "401": ("Problem", "Inte inloggad."),
    "403": ("Problem", "Inte tillåtet, eller CSRF-token saknas."),
    "404": ("Problem", "Finns inte, eller inte ditt att se."),
    "422": ("FormErrors", "Uppgifterna gick inte att använda: fel per fält."),
}


class BrobyggareAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """ninja's schema, with the common error answers on every operation."""
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("Problem", PROBLEM)
        components.setdefault("FormErrors", FORM_ERRORS)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, (name, description) in COMMON_RESPONSES.items():
                    if status in responses or int(status) in responses:
                        continue
                    responses[status] = {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                        },
                    }
        return schema


api = BrobyggareAPI(
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
api.add_router("/", network_router)
api.add_router("/", outbox_router)
api.add_router("/", failures_router)
api.add_router("/push", push_router)
api.add_router("/", report_router)
api.add_router("/", ending_router)
api.add_router("/", team_router)
api.add_router("/", notes_router)
api.add_router("/", audit_router)
api.add_router("/", intake_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": _("Det här får du inte göra.")}, status=403)


@api.exception_handler(WrongStatus)
def wrong_status(request: HttpRequest, exc: WrongStatus) -> HttpResponse:
    """The object's status does not allow this (someone got there first): 409, with the
    plain Swedish reason the action gave (schema: Refusal)."""
    return api.create_response(request, {"detail": exc.message}, status=409)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """The input does not fit the operation's schema: 422 in the FormErrors shape. But an
    operation that takes files (multipart) sent anything else is a malformed request: 400,
    as for a body that cannot be read."""
    errors = list(exc.errors)
    wants_files = any(list(error.get("loc", []))[:1] == ["file"] for error in errors)
    if wants_files and not (request.content_type or "").startswith("multipart/form-data"):
        return api.create_response(request, {"detail": str(MALFORMED)}, status=400)
    return api.create_response(request, schema_errors(errors), status=422)


@api.exception_handler(AuthenticationError)
def not_signed_in(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Du behöver logga in.")}, status=401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals (an unreadable body, a missing CSRF token), in plain words."""
    messages = {
        400: _(
            "Det som skickades gick inte att läsa. Skicka JSON med Content-Type: application/json."
        ),
        401: _("Du behöver logga in."),
        403: _("Säkerhetskontrollen saknas eller är fel. Ladda om sidan och försök igen."),
    }
    detail = messages.get(exc.status_code, str(exc))
    return api.create_response(request, {"detail": str(detail)}, status=exc.status_code)


@api.exception_handler(SuspiciousOperation)
def bad_request(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    """Too big, too many fields: the sender's mistake, 400 in the API's shape."""
    detail = _("Det som skickades var för stort eller hade för många fält.")
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Det finns inte här.")}, status=404)
