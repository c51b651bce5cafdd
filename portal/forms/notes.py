"""The ombud's working notes, and what happens to each when the contact ends."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms.base import choice_field, text_field
from portal.models import WorkingNote

Disposition = WorkingNote.Disposition


class NoteForm(forms.Form):
    text = text_field(_("Anteckning"), 5000, widget=forms.Textarea(attrs={"rows": 4}))


class NoteDispositionForm(forms.Form):
    """What happens to a working note when the contact ends: one of two choices."""

    disposition = choice_field(
        None,
        [(Disposition.HAND_OVER, _("Lämna till klienten")), (Disposition.DESTROY, _("Förstör"))],
        _("Välj Lämna till klienten eller Förstör."),
    )
