"""The plan: new clients, goals, tasks, meetings, wishes and phases."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms.base import choice_field, text_field
from portal.models import Assignment, LifeArea, Organisation, Phase, Task, Who


class AssignmentForm(forms.Form):
    title = text_field(_("Uppdraget, med klientens egna ord"), 300)
    life_area = choice_field(_("Livsområde"), LifeArea.choices, _("Välj ett livsområde."))


class TaskForm(forms.Form):
    what = text_field(_("Vad ska göras?"), 300)
    who = choice_field(
        _("Vem gör det?"),
        Who.choices,
        _("Välj vem som gör det."),
        initial=Who.CLIENT,
        widget=forms.RadioSelect,
    )
    who_other = text_field(_("Vem? (till exempel Försäkringskassan)"), 120, required=False)
    due = forms.DateField(
        label=_("När? (valfritt)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datumet som år-månad-dag, till exempel 2026-12-03.")},
    )
    # Consent is needed before the ombud contacts it: the ombud's row says when it is missing.
    organisation = forms.ChoiceField(
        label=_("Vilken organisation gäller det? (valfritt)"),
        choices=[("", _("Ingen särskild"))]
        + [choice for choice in Organisation.choices if choice[0] != Organisation.OTHER],
        required=False,
        error_messages={"invalid_choice": _("Välj en organisation i listan eller Ingen särskild.")},
    )

    @classmethod
    def for_assignment(cls, assignment: Assignment, data=None) -> "TaskForm":
        """The quick-add form on an assignment's card (its ids unique on the page)."""
        return cls(data, auto_id=f"t{assignment.pk}-%s")

    @classmethod
    def for_task(cls, task: Task, data=None) -> "TaskForm":
        """The inline edit form of one task, filled in with what it says now."""
        names = ("what", "who", "who_other", "due", "organisation")
        initial = {name: getattr(task, name) for name in names}
        return cls(data, initial=initial, auto_id=f"te{task.pk}-%s")

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
