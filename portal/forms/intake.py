"""A request for an ombud, the queue's priority grounds, and giving a request to an ombud."""

from decimal import Decimal
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms.base import choice_field, text_field
from portal.models import (
    Channel,
    Gender,
    PriorityGround,
    Referrer,
    RequestOutcome,
    Role,
    User,
)


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
    gender = choice_field(
        _("Kön: man, kvinna … (för statistiken)"),
        [
            (Gender.WOMAN, Gender.WOMAN.label),
            (Gender.MAN, Gender.MAN.label),
            (Gender.OTHER, Gender.OTHER.label),
            (Gender.DECLINED, _("Personen vill inte säga")),
            (Gender.UNKNOWN, _("Vet inte (ingen har frågat)")),
        ],
        _("Välj ett av svaren. Välj Vet inte om ingen har frågat."),
        widget=forms.RadioSelect,
    )
    birth_year = forms.IntegerField(
        label=_("Födelseår (valfritt)"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": _("Skriv födelseåret med fyra siffror, till exempel 1985.")},
    )
    requested_on = forms.DateField(
        label=_("Vilken dag frågade personen?"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Välj dagen då personen frågade."),
            "invalid": _("Skriv dagen som år-månad-dag, till exempel 2026-12-03."),
        },
    )
    municipality = forms.ChoiceField(
        label=_("Vilken kommun bor personen i?"),
        choices=[],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Välj en av kommunerna.")},
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
        served = list(getattr(operation, "municipalities", None) or [])
        if len(served) > 1:
            field = cast(forms.ChoiceField, self.fields["municipality"])
            field.choices = [*((name, name) for name in served), ("", _("Vet inte"))]
            field.required = True
            field.error_messages["required"] = _("Välj kommun, eller Vet inte.")
        else:
            del self.fields["municipality"]

    def clean_requested_on(self):
        day = self.cleaned_data.get("requested_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(
                _("Den dagen har inte kommit än. Välj i dag eller tidigare.")
            )
        return day

    def intake_fields(self) -> dict:
        """What portal.actions.intake.register_intake takes."""
        data = dict(self.cleaned_data)
        data.setdefault("municipality", "")
        return data

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


class NewClientForm(IntakeForm):
    """The ombud's "Ny klient": the same facts as any request, and a reason only when the
    ombud is already at their limit."""

    override_reason = text_field(
        _("Varför tar du ändå en ny klient?"),
        300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["priority_grounds"]  # the request goes straight to this ombud

    def intake_fields(self) -> dict:
        data = super().intake_fields()
        data.pop("override_reason", None)
        return data


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


class CloseRequestForm(forms.Form):
    """Why a request closes without a contact (for the annual figures, never a name)."""

    outcome = choice_field(
        _("Varför avslutas förfrågan?"),
        RequestOutcome.choices,
        _("Välj varför förfrågan avslutas."),
        widget=forms.RadioSelect,
    )


class StaffChangeForm(forms.Form):
    """From a day on, an ombud works at a new full-time equivalent."""

    fte = forms.DecimalField(
        label=_("Tjänstgöringsgrad (1 = heltid, 0,5 = halvtid)"),
        min_value=Decimal("0.05"),
        max_value=Decimal("1"),
        max_digits=3,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "required": _("Skriv tjänstgöringsgraden, till exempel 0,75."),
            "invalid": _("Skriv tjänstgöringsgraden som ett tal, till exempel 0,75."),
            "min_value": _("Skriv ett tal mellan 0,05 och 1."),
            "max_value": _("Skriv ett tal mellan 0,05 och 1."),
            "max_decimal_places": _("Skriv högst två decimaler, till exempel 0,75."),
            "max_digits": _("Skriv ett tal mellan 0,05 och 1."),
        },
    )
    from_date = forms.DateField(
        label=_("Från och med"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Välj en dag."),
            "invalid": _("Skriv dagen som år-månad-dag, till exempel 2026-12-03."),
        },
    )

    def __init__(self, *args, ombud, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "ombud": forms.ModelChoiceField(
                label=_("Ombud"),
                queryset=ombud,
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
