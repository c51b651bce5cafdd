"""Pausing notifications: how long, in the person's words."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms.base import choice_field

PAUSE_CHOICES = [
    ("1d", _("1 dag")),
    ("3d", _("3 dagar")),
    ("1w", _("1 vecka")),
    ("open", _("Tills jag slår på dem igen")),
]


class PauseForm(forms.Form):
    length = choice_field(
        _("Hur länge?"),
        PAUSE_CHOICES,
        _("Välj hur länge notiserna ska vara pausade."),
        widget=forms.RadioSelect,
        initial="1d",
    )
