"""How the API says no, one shape each:

- 422 `FormErrors`: the input failed the same Django form as the page (`invalid`), or a
  check of the operation's own (`invalid_fields`);
- 409 `Refusal`: the object's status does not allow this (`WrongStatus`, mapped once by
  the exception handler in portal.api);
- 403 for PermissionDenied, 404 for anything outside the user's relationship."""

from django import forms
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
