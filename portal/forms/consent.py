"""Consent per organisation, given in the app or recorded from paper."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms.base import choice_field, text_field
from portal.models import (
    Organisation,
)


class ConsentForm(forms.Form):
    """The client says yes in the app: to whom, about what, until when, and a tick that
    they have read what it means."""

    organisation = choice_field(
        _("Vem får ditt ombud prata med?"),
        [("", _("Välj …")), *Organisation.choices],
        _("Välj vem det gäller."),
    )
    organisation_other = text_field(_("Vem? (om du valde Annan)"), 120, required=False)
    covers = text_field(
        _("Vad får ditt ombud prata med dem om?"),
        500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    valid_until = forms.DateField(
        label=_("Till och med vilken dag? (valfritt)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv dagen som år-månad-dag, till exempel 2026-12-31.")},
    )
    confirm = forms.BooleanField(
        label=_("Jag förstår och säger ja"),
        error_messages={
            "required": _("Kryssa i rutan ”Jag förstår och säger ja” om du vill säga ja."),
        },
    )

    def __init__(self, *args, ombud_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if ombud_name:
            names = {"name": ombud_name}
            self.fields["organisation"].label = _("Vem får %(name)s prata med?") % names
            self.fields["covers"].label = _("Vad får %(name)s prata med dem om?") % names

    def clean_valid_until(self):
        day = self.cleaned_data.get("valid_until")
        if day and day < timezone.localdate():
            raise forms.ValidationError(
                _("Den dagen har redan varit. Välj en senare dag, eller lämna rutan tom.")
            )
        return day

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("organisation") == Organisation.OTHER and not data.get("organisation_other"):
            self.add_error("organisation_other", _("Skriv vem det gäller."))
        return data

    def consent_fields(self) -> dict:
        """What the consent actions take."""
        fields = ("organisation", "organisation_other", "covers", "valid_until")
        return {name: self.cleaned_data[name] for name in fields}


class PaperConsentForm(ConsentForm):
    """The ombud records a consent that the client has signed on paper."""

    confirm = forms.BooleanField(
        label=_("Klienten har skrivit under samtycket på papper"),
        error_messages={
            "required": _("Kryssa i rutan när klienten har skrivit under samtycket på papper."),
        },
    )

    def __init__(self, *args, client_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].label = _("Organisation")
        self.fields["organisation_other"].label = _("Vilken? (om du valde Annan)")
        self.fields["covers"].label = _(
            "Vad gäller samtycket? (till exempel ansökan om aktivitetsersättning)"
        )
        self.fields["valid_until"].label = _("Gäller till och med (valfritt)")
        if client_name:
            signed = _("%(name)s har skrivit under samtycket på papper")
            self.fields["confirm"].label = signed % {"name": client_name}

    @classmethod
    def for_contact(cls, contact, data=None, *, organisation: str = "") -> "PaperConsentForm":
        """The ombud's form for this client, with an organisation chosen if one was asked
        for (a flagged task links here with its organisation)."""
        initial = {"organisation": organisation} if organisation in Organisation.values else {}
        return cls(data, initial=initial, client_name=contact.client.display_name, auto_id="pc-%s")
