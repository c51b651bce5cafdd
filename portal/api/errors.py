"""How the API says no, one shape each:

- 400 `Problem`: the body cannot be read (not JSON, not UTF-8, a broken form body);
- 401 `Problem`: not signed in; 403 `Problem`: PermissionDenied or a missing CSRF token;
  404 `Problem`: anything outside the user's relationship;
- 409 `Refusal`: the object's status does not allow this (`WrongStatus`, mapped once by
  the exception handler in portal.api);
- 422 `FormErrors`: the input failed the same Django form as the page (`invalid`), a
  check of the operation's own (`invalid_fields`), or the operation's input schema
  (`schema_errors`: a missing field, a number where text belongs), always
  `{"detail": "...", "errors": {"field": ["..."]}}` with plain Swedish messages."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from ninja import Status


def invalid_fields(detail: str, errors: dict[str, list[str]]) -> Status:
    return Status(422, {"detail": detail, "errors": errors})


def invalid(form: forms.Form, detail: str, *, fields: dict[str, str] | None = None) -> Status:
    """`fields` names a form field by the API's name for it, e.g. {"confirm": "understood"}."""
    fields = fields or {}
    errors = {
        fields.get(name, name): [str(error) for error in errors]
        for name, errors in form.errors.items()
    }
    return invalid_fields(detail, errors)


# Pydantic's error types, in plain words. Anything not listed gets the last, general one.
def _message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind == "missing":
        return _("Det här fältet behövs.")
    if kind in ("string_too_long", "too_long"):
        return _("Det är för långt, eller för många.")
    if kind in ("string_too_short", "too_short"):
        return _("Det är för kort, eller för få.")
    if kind.startswith("string"):
        return _("Ska vara text.")
    if kind.startswith(("int", "float", "decimal")) or kind in ("greater_than", "less_than"):
        return _("Ska vara ett tal.")
    if kind.startswith("bool"):
        return _("Ska vara true eller false.")
    if kind.startswith("datetime"):
        return _("Ska vara en tidpunkt, till exempel 2026-03-01T14:00:00+01:00.")
    if kind.startswith("date"):
        return _("Ska vara ett datum, till exempel 2026-03-01.")
    if kind.startswith("uuid"):
        return _("Ska vara ett UUID.")
    if kind in ("literal_error", "enum"):
        return _("Är inte ett av de värden som går att välja.")
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("Ska vara en lista.")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("Ska vara ett objekt.")
    if kind == "extra_forbidden":
        return _("Det här fältet finns inte.")
    return _("Värdet går inte att använda.")


def _field(location: list[Any]) -> str:
    """["body", "payload", "keys", "p256dh"] -> "keys.p256dh"; the whole body -> "__all__"."""
    parts = [str(part) for part in location]
    if parts[:1] == ["body"]:
        parts = parts[2:]  # "body" and the operation's parameter name
    elif parts[:1] in (["query"], ["path"], ["header"], ["cookie"], ["form"], ["file"]):
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def schema_errors(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """ninja's ValidationError.errors as the FormErrors body."""
    fields: dict[str, list[str]] = {}
    for error in errors:
        messages = fields.setdefault(_field(list(error.get("loc", []))), [])
        message = _message(error)
        if message not in messages:
            messages.append(message)
    return {"detail": _("Uppgifterna gick inte att använda. Se vad som är fel."), "errors": fields}
