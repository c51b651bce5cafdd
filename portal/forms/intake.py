"""A request for an ombud, the queue's priority grounds, and giving a request to an ombud."""

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms.base import choice_field, text_field
from portal.models import Channel, Gender, PriorityGround, Referrer, Role, User


class IntakeForm(forms.Form):
    """The minimum needed to call the person back, and how the request came in."""

    channel = choice_field(
        _("Hur kom förfrågan in?"),
        Channel.choices,
        _("Välj hur förfrågan kom in."),
        widget=forms.RadioSelect,
    )
    referrer = choice_field(
        _("Vem hörde av sig?"),
        Referrer.choices,
        _("Välj vem som hörde av sig."),
        widget=forms.RadioSelect,
    )
    name = text_field(
        _("Personens namn"), 150, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    phone = text_field(
        _("Telefon"),
        40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-post"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"inputmode": "email", "autocomplete": "off"}),
        error_messages={
            "invalid": _("Skriv e-postadressen som namn@exempel.se."),
            "max_length": _("E-postadressen är för lång."),
        },
    )
    gender = forms.ChoiceField(
        label=_("Kön (för statistiken)"),
        choices=Gender.choices,
        initial=Gender.UNKNOWN,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Välj ett av svaren.")},
    )
    birth_year = forms.IntegerField(
        label=_("Födelseår (valfritt)"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": _("Skriv födelseåret med fyra siffror, till exempel 1985.")},
    )
    priority_grounds = forms.ModelMultipleChoiceField(
        label=_("Förtur (valfritt)"),
        queryset=PriorityGround.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Välj bland verksamhetens grunder för förtur.")},
    )

    def __init__(self, *args, operation, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["priority_grounds"]
        ).queryset = PriorityGround.objects.filter(operation=operation).order_by("label", "pk")

    def clean_gender(self):
        return self.cleaned_data.get("gender") or Gender.UNKNOWN

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        this_year = timezone.localdate().year
        if year is not None and not 1900 <= year <= this_year:
            raise forms.ValidationError(
                _("Skriv ett födelseår mellan 1900 och %(year)d.") % {"year": this_year}
            )
        return year

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not data.get("phone") and not data.get("email") and "email" not in self.errors:
            self.add_error(
                "phone",
                _("Skriv ett telefonnummer eller en e-postadress, så att ni kan nå personen."),
            )
        return data


class OmbudChoiceField(forms.ModelChoiceField):
    """Each ombud with their clients against their limit: "Anna – 14 av 15"."""

    def __init__(self, *args, caseloads: dict[int, int], **kwargs):
        self.caseloads = caseloads
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        count, limit = self.caseloads.get(obj.pk, 0), obj.caseload_limit()
        label = _("%(name)s – %(count)d av %(limit)d") % {
            "name": obj.display_name,
            "count": count,
            "limit": limit,
        }
        return f"{label} · {_('fullt')}" if count >= limit else label


class AssignForm(forms.Form):
    """Which ombud takes the request on; a reason only when going over their limit."""

    override_reason = text_field(
        _("Varför går ni över taket?"),
        300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, operation, caseloads: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "ombud": OmbudChoiceField(
                label=_("Vem blir ombud?"),
                queryset=User.objects.filter(role=Role.OMBUD, operation=operation, is_active=True)
                .select_related("operation")
                .order_by("first_name", "pk"),
                caseloads=caseloads,
                empty_label=None,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Välj ett ombud."),
                    "invalid_choice": _("Välj ett av ombuden i listan."),
                },
            ),
            **self.fields,
        }


class PriorityGroundForm(forms.Form):
    label = text_field(_("Ny grund för förtur, till exempel Ensamstående förälder"), 120)
