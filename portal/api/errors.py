"""The 422 answer of an operation whose input failed the same Django form as the page:
`{"detail": ..., "errors": {field: [...]}}`, in the form's own plain Swedish."""

from django import forms
from ninja import Status


def invalid(form: forms.Form, detail: str, *, fields: dict[str, str] | None = None) -> Status:
    """`fields` names a form field by the API's name for it, e.g. {"confirm": "understood"}."""
    fields = fields or {}
    errors = {
        fields.get(name, name): [str(error) for error in errors]
        for name, errors in form.errors.items()
    }
    return Status(422, {"detail": detail, "errors": errors})
