"""The ombud's working notes, and what happens to each when the contact ends."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms.base import text_field


class NoteForm(forms.Form):
    text = text_field(_("Anteckning"), 5000, widget=forms.Textarea(attrs={"rows": 4}))


class NoteDispositionForm(forms.Form):
    """What happens to a working note when the contact ends: one of two choices."""

    disposition = forms.ChoiceField(
        choices=[("hand_over", _("Lämna till klienten")), ("destroy", _("Förstör"))],
        error_messages={
            "required": _("Välj Lämna till klienten eller Förstör."),
            "invalid_choice": _("Välj Lämna till klienten eller Förstör."),
        },
    )
