"""Someone in the client's network: who they are, where they work, how to reach them."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms.base import choice_field, text_field
from portal.models import NetworkPerson, NetworkRole, Organisation
from portal.types import FormData

_PHONE_CHARACTERS = re.compile(r"^[\d\s+\-()/.]*$")


class NetworkPersonForm(forms.Form):
    role = choice_field(
        _("Vem är det?"),
        [("", _("Välj …")), *NetworkRole.choices],
        _("Välj vem det är, till exempel God man eller Handläggare."),
    )
    name = text_field(
        _("Namn (valfritt)"),
        120,
        required=False,
        help_text=_("Personens namn, om du vet det."),
    )
    organisation = forms.ChoiceField(
        label=_("Var arbetar personen? (valfritt)"),
        choices=[("", _("Ingen särskild")), *Organisation.choices],
        required=False,
        error_messages={"invalid_choice": _("Välj i listan, eller Ingen särskild.")},
    )
    organisation_other = text_field(_("Var? (om du valde Annan)"), 120, required=False)
    phone = text_field(
        _("Telefon (valfritt)"),
        40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-post (valfritt)"),
        max_length=200,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "invalid": _("Skriv en e-postadress, till exempel namn@exempel.se."),
            "max_length": _("Texten är för lång. Korta ner den till högst %(limit_value)d tecken."),
        },
    )
    reach = text_field(
        _("Hur når man personen? (valfritt)"),
        300,
        required=False,
        help_text=_("Till exempel: via växeln, fråga efter Lena. Bara på tisdagar."),
    )

    @classmethod
    def for_person(cls, person: NetworkPerson, data: FormData = None) -> "NetworkPersonForm":
        names = ("role", "name", "organisation", "organisation_other", "phone", "email", "reach")
        initial = {name: getattr(person, name) for name in names}
        return cls(data, initial=initial, auto_id=f"ne{person.pk}-%s")

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        if not _PHONE_CHARACTERS.match(phone):
            raise forms.ValidationError(
                _("Skriv bara siffror i telefonnumret, till exempel 010-123 45 67.")
            )
        return phone

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("organisation") == Organisation.OTHER and not data.get("organisation_other"):
            self.add_error("organisation_other", _("Skriv var personen arbetar."))
        return data
