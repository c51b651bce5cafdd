"""System failures, with the anonymity guard on every free text."""

import datetime
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.anonymity import find_identifying, refusal_message
from portal.forms.base import choice_field, text_field
from portal.models import (
    FailureCategory,
    FailureOrganisation,
    Level,
    SystemFailure,
)
from portal.queries.failures import Filters

CLIENTS_MAX = 100


def _day_field(label, **kwargs):
    return forms.DateField(
        label=label,
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Välj en dag."),
            "invalid": _("Skriv dagen som år-månad-dag, till exempel 2026-12-03."),
        },
        **kwargs,
    )


def _clients_field(label):
    limits = {"max": CLIENTS_MAX}
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=CLIENTS_MAX,
        initial=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": _("Skriv hur många klienter det gäller, till exempel 1."),
            "invalid": _("Skriv antalet med siffror, till exempel 2."),
            "min_value": _("Skriv ett antal mellan 1 och %(max)d.") % limits,
            "max_value": _("Skriv ett antal mellan 1 och %(max)d.") % limits,
        },
    )


def _not_in_future(day: datetime.date | None) -> datetime.date | None:
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("Den dagen har inte kommit än. Välj i dag eller tidigare."))
    return day


class GuardedForm(forms.Form):
    """A form whose free-text fields (`guarded`) may not point out a client."""

    guarded: tuple[str, ...] = ()

    def __init__(self, *args, client_names=(), **kwargs):
        self.client_names = list(client_names)
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        for name in self.guarded:
            hits = find_identifying(data.get(name) or "", client_names=self.client_names)
            if hits:
                self.add_error(name, refusal_message(hits))
        return data


LEVEL_CHOICES = [
    (Level.CASE_OFFICER, _("Handläggarnivå – hur en handläggare bemöter, kan och tar ansvar")),
    (Level.LOCAL, _("Lokal nivå – hur verksamheten är ordnad: resurser, insatser, mål")),
    (Level.CENTRAL, _("Central nivå – lagar, regler och resurser för hela landet")),
]


class FailureForm(GuardedForm):
    """A system failure, quick to fill in on the phone. The organisation is one from the
    operation's list or a new name, never both."""

    guarded = ("description", "improvement", "new_organisation")

    occurred_on = _day_field(_("När mötte du det?"))
    organisation = forms.ModelChoiceField(
        label=_("Vilken organisation gäller det?"),
        queryset=FailureOrganisation.objects.none(),
        required=False,
        empty_label=_("Välj i listan …"),
        error_messages={"invalid_choice": _("Välj en organisation i listan.")},
    )
    new_organisation = text_field(_("Ny organisation (om den inte finns i listan)"), 120, False)
    level = choice_field(
        _("På vilken nivå ligger felet?"),
        LEVEL_CHOICES,
        _("Välj en nivå."),
        widget=forms.RadioSelect,
    )
    category = choice_field(
        _("Vad handlar det om?"),
        [("", _("Välj …"))] + FailureCategory.choices,
        _("Välj vad det handlar om."),
    )
    description = text_field(
        _("Beskriv felet, utan namn eller annat som kan peka ut en klient"),
        4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    clients_affected = _clients_field(_("Hur många av dina klienter berörs? Bara antalet."))
    improvement = text_field(
        _("Förslag på förbättring (valfritt)"),
        4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, operation, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = FailureOrganisation.objects.filter(operation=operation).order_by("name")

    def clean_occurred_on(self):
        return _not_in_future(self.cleaned_data.get("occurred_on"))

    def clean(self):
        super().clean()
        data = self.cleaned_data
        chosen, new = data.get("organisation"), data.get("new_organisation")
        if "organisation" in self.errors or "new_organisation" in self.errors:
            return data
        if chosen and new:
            self.add_error(
                "new_organisation",
                _("Välj en organisation i listan eller skriv en ny, inte båda."),
            )
        elif not chosen and not new:
            self.add_error(
                "organisation",
                _("Välj en organisation i listan, eller skriv namnet på en ny."),
            )
        return data

    def failure_fields(self) -> dict:
        """What the failure actions take."""
        data = self.cleaned_data
        chosen = data["organisation"]
        fields = ("occurred_on", "level", "category", "description", "clients_affected")
        return {
            **{name: data[name] for name in fields},
            "improvement": data["improvement"],
            "organisation_id": chosen.pk if chosen else None,
            "new_organisation": "" if chosen else data["new_organisation"],
        }

    @staticmethod
    def initial_for(failure: SystemFailure) -> dict:
        names = ("occurred_on", "level", "category", "description", "clients_affected")
        initial = {name: getattr(failure, name) for name in names}
        return {
            **initial,
            "organisation": failure.organisation_id,
            "improvement": failure.improvement,
        }


class FailureSightingForm(forms.Form):
    """ "Jag har också mött det här": when, and how many clients (never who)."""

    seen_on = _day_field(_("När mötte du det?"))
    clients_affected = _clients_field(_("Hur många av dina klienter berörs? Bara antalet."))

    def clean_seen_on(self):
        return _not_in_future(self.cleaned_data.get("seen_on"))


class FailureSentForm(forms.Form):
    """To whom the failure was sent, and on which day."""

    sent_to = choice_field(
        _("Vem skickades den till?"),
        SystemFailure.SentTo.choices,
        _("Välj vem den skickades till."),
        widget=forms.RadioSelect,
    )
    sent_on = _day_field(_("Vilken dag skickades den?"))

    def __init__(self, *args, organisation_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if organisation_name:
            names = {"name": organisation_name}
            Sent = SystemFailure.SentTo
            cast(forms.ChoiceField, self.fields["sent_to"]).choices = [
                (Sent.ORGANISATION, _("Till %(name)s") % names),
                (Sent.STEERING, _("Till ledningsgruppen")),
                (Sent.BOTH, _("Till %(name)s och ledningsgruppen") % names),
            ]

    def clean_sent_on(self):
        return _not_in_future(self.cleaned_data.get("sent_on"))


class FailureAnswerForm(GuardedForm):
    """The answer from the organisation or the steering group, and the day it came."""

    guarded = ("answer",)

    answer = text_field(
        _("Vad svarade de? Skriv svaret utan namn på klienter"),
        4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    answered_on = _day_field(_("Vilken dag kom svaret?"))

    def __init__(self, *args, sent_on: datetime.date | None = None, **kwargs):
        self.sent_on = sent_on
        super().__init__(*args, **kwargs)

    def clean_answered_on(self):
        day = _not_in_future(self.cleaned_data.get("answered_on"))
        if day and self.sent_on and day < self.sent_on:
            raise forms.ValidationError(
                _("Svaret kan inte ha kommit innan den skickades. Välj en senare dag.")
            )
        return day


class FailureFilterForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=FailureOrganisation.objects.none(),
        required=False,
        empty_label=_("Alla"),
    )
    level = forms.ChoiceField(
        label=_("Nivå"),
        choices=[("", _("Alla")), *Level.choices],
        required=False,
    )
    category = forms.ChoiceField(
        label=_("Kategori"),
        choices=[("", _("Alla")), *FailureCategory.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alla")), *SystemFailure.Status.choices],
        required=False,
    )
    start = forms.DateField(
        label=_("Från"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datumet som år-månad-dag.")},
    )
    end = forms.DateField(
        label=_("Till"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datumet som år-månad-dag.")},
    )

    def __init__(self, *args, operation, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = FailureOrganisation.objects.filter(operation=operation)

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        organisation = data.get("organisation")
        return Filters(
            organisation=organisation.pk if organisation else None,
            level=data.get("level", ""),
            category=data.get("category", ""),
            status=data.get("status", ""),
            date_from=data.get("start"),
            date_to=data.get("end"),
        )
