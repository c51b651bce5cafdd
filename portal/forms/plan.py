"""The plan: new clients, goals, tasks, meetings, wishes and phases."""

import datetime
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.actions.plan import MOVES, TASK_FIELDS
from portal.forms.base import choice_field, text_field
from portal.models import (
    Assignment,
    Contact,
    LifeArea,
    NetworkPerson,
    Organisation,
    Phase,
    Task,
    User,
    Who,
)
from portal.types import FormData


class AssignmentForm(forms.Form):
    """The ombud's: the assignment in the client's words, and its life area (for the
    figures). On an assignment the client wrote, the wording is shown but locked."""

    title = text_field(_("Uppdraget, med klientens egna ord"), 300)
    life_area = choice_field(_("Livsområde"), LifeArea.choices, _("Välj ett livsområde."))

    @classmethod
    def for_assignment(cls, assignment: Assignment, data: FormData = None) -> "AssignmentForm":
        initial = {"title": assignment.title, "life_area": assignment.life_area}
        form = cls(data, initial=initial, auto_id=f"ae{assignment.pk}-%s")
        if assignment.written_by_client:
            _lock_wording(form, "title", assignment.contact)
        return form


class ClientAssignmentForm(forms.Form):
    """The client's: what they want help with, in their own words. No life area: that is
    the ombud's way of counting, not the client's to choose."""

    title = text_field(_("Jag vill ha hjälp med"), 300)


def _lock_wording(form: forms.Form, name: str, contact: Contact) -> None:
    """The client's own words: shown, not editable by the ombud (portal.actions.plan)."""
    field = form.fields[name]
    field.disabled = True
    field.help_text = _("%(name)s skrev det här. Bara %(name)s kan ändra orden.") % {
        "name": contact.client.display_name
    }


class AssignmentMoveForm(forms.Form):
    to = forms.ChoiceField(choices=[(move, move) for move in MOVES])


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": _("Skriv datumet som år-månad-dag, till exempel 2026-12-03.")},
    )


class TaskForm(forms.Form):
    """A task, for either party: what, who does it, when, and (folded away) the decision
    it waits for. The client's form names the people ("Jag", "Anna (mitt ombud)") and has
    no organisation (the ombud's consent bookkeeping)."""

    DECISION_FIELDS = (
        "network_person_id",
        "decision_expected_on",
        "decision_received_on",
        "appeal_weeks",
    )

    what = text_field(_("Vad ska göras?"), 300)
    who = choice_field(
        _("Vem gör det?"),
        Who.choices,
        _("Välj vem som gör det."),
        initial=Who.CLIENT,
        widget=forms.RadioSelect,
    )
    who_other = text_field(_("Vem? (till exempel Försäkringskassan)"), 120, required=False)
    due = _date_field(_("När? (valfritt)"))
    # Consent is needed before the ombud contacts it: the ombud's row says when it is missing.
    organisation = forms.ChoiceField(
        label=_("Vilken organisation gäller det? (valfritt)"),
        choices=[("", _("Ingen särskild"))]
        + [choice for choice in Organisation.choices if choice[0] != Organisation.OTHER],
        required=False,
        error_messages={"invalid_choice": _("Välj en organisation i listan eller Ingen särskild.")},
    )
    network_person_id = forms.TypedChoiceField(
        label=_("Vem beslutar? (valfritt)"),
        help_text=_("Någon i nätverket, till exempel handläggaren."),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Välj någon i listan, eller Ingen särskild.")},
    )
    decision_expected_on = _date_field(_("När väntas beslutet? (valfritt)"))
    decision_received_on = _date_field(_("När kom beslutet? (valfritt)"))
    appeal_weeks = forms.IntegerField(
        label=_("Hur många veckor finns för att överklaga? (valfritt)"),
        help_text=_("Det står i beslutet, till exempel ”inom tre veckor”."),
        min_value=1,
        max_value=52,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Skriv antalet veckor med siffror, till exempel 3."),
            "min_value": _("Skriv ett antal veckor mellan 1 och 52."),
            "max_value": _("Skriv ett antal veckor mellan 1 och 52."),
        },
    )

    def __init__(
        self,
        data: FormData = None,
        *,
        contact: Contact,
        viewer: User,
        network: Iterable[NetworkPerson] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.for_client = viewer.pk == contact.client_id
        people = [(str(person.pk), person.label) for person in network]
        cast(forms.ChoiceField, self.fields["network_person_id"]).choices = [
            ("", _("Ingen särskild")),
            *people,
        ]
        self.has_network = bool(people)
        if self.for_client:
            del self.fields["organisation"]
            ombud = {"name": contact.ombud.display_name}
            cast(forms.ChoiceField, self.fields["who"]).choices = [
                (Who.CLIENT, _("Jag")),
                (Who.OMBUD, _("%(name)s (mitt ombud)") % ombud),
                (Who.TOGETHER, Who.TOGETHER.label),
                (Who.OTHER, Who.OTHER.label),
            ]

    @classmethod
    def for_assignment(
        cls,
        assignment: Assignment,
        data: FormData = None,
        *,
        viewer: User,
        network: Iterable[NetworkPerson] = (),
    ) -> "TaskForm":
        """The quick-add form on an assignment's card (its ids unique on the page)."""
        return cls(
            data,
            contact=assignment.contact,
            viewer=viewer,
            network=network,
            auto_id=f"t{assignment.pk}-%s",
        )

    @classmethod
    def for_task(
        cls,
        task: Task,
        data: FormData = None,
        *,
        viewer: User,
        network: Iterable[NetworkPerson] = (),
    ) -> "TaskForm":
        """The inline edit form of one task, filled in with what it says now. On the
        ombud's side the client's own words are shown but locked."""
        initial = {name: getattr(task, name) for name in TASK_FIELDS}
        form = cls(
            data,
            contact=task.contact,
            viewer=viewer,
            network=network,
            initial=initial,
            auto_id=f"te{task.pk}-%s",
        )
        if task.written_by_client and not form.for_client:
            _lock_wording(form, "what", task.contact)
        return form

    @property
    def decision_open(self) -> bool:
        """Show the folded decision part open when something in it is filled in or wrong."""
        for name in self.DECISION_FIELDS:
            if name in self.errors:
                return True
            value = self[name].value()
            if value not in (None, ""):
                return True
        return False

    def clean_decision_received_on(self):
        day = self.cleaned_data.get("decision_received_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(
                _("Den dagen har inte kommit än. Skriv dagen beslutet kom, eller lämna tomt.")
            )
        return day

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("who") == Who.OTHER and not data.get("who_other"):
            self.add_error("who_other", _("Skriv vem som gör det, till exempel Försäkringskassan."))
        return data


class MeetingForm(forms.Form):
    date = forms.DateField(
        label=_("Dag"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Välj en dag."),
            "invalid": _("Skriv dagen som år-månad-dag, till exempel 2026-12-03."),
        },
    )
    time = forms.TimeField(
        label=_("Tid"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Välj en tid."), "invalid": _("Skriv tiden som 10:00.")},
    )
    place = text_field(_("Var?"), 200)
    with_whom = text_field(_("Med vem? (valfritt)"), 200, required=False)
    about = text_field(_("Om vad? (valfritt)"), 300, required=False)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("date") and data.get("time"):
            naive = datetime.datetime.combine(data["date"], data["time"])
            data["starts_at"] = timezone.make_aware(naive)
        return data

    @staticmethod
    def initial_for(meeting) -> dict:
        local = timezone.localtime(meeting.starts_at)
        return {
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "place": meeting.place,
            "with_whom": meeting.with_whom,
            "about": meeting.about,
        }


class CommentForm(forms.Form):
    text = text_field(
        _("Din önskan eller kommentar"), 2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PhaseForm(forms.Form):
    phase = forms.TypedChoiceField(
        label=_("Fas"), choices=Phase.choices, coerce=int, widget=forms.RadioSelect
    )

    @classmethod
    def for_contact(cls, contact, data=None) -> "PhaseForm":
        return cls(data, initial={"phase": contact.phase}, auto_id="p-%s")
