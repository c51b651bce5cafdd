"""Shared field helpers: plain Swedish errors, and keep what was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

REQUIRED = _("Fyll i det här fältet.")


def text_field(label, max_length, required=True, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        strip=True,
        error_messages={
            "required": REQUIRED,
            "max_length": _("Texten är för lång. Korta ner den till högst %(limit_value)d tecken."),
        },
        **kwargs,
    )


def choice_field(label, choices, message, **kwargs) -> forms.ChoiceField:
    """A required choice whose one message says what to choose, missing or wrong."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,
    )
