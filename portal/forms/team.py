"""Ending together, closing alone, the client's answer, a stand-in and a move."""

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms.base import choice_field, text_field
from portal.forms.intake import OmbudChoiceField
from portal.models import Contact, EndedHow, Phase, Role, User
from portal.models.team import PROPOSAL_REASON_LABELS

# How each reason reads as the ombud's choice (the client is told in their own words).
PROPOSAL_CHOICES = list(PROPOSAL_REASON_LABELS.items())
ALONE_CHOICES = [
    (EndedHow.LOST_CONTACT, _("Tappad kontakt: klienten svarar inte längre")),
    (EndedHow.DIED, _("Klienten har avlidit")),
]


def _words_field():
    return text_field(
        _("Några ord till klienten (valfritt)"),
        500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProposeEndingForm(forms.Form):
    """Why the ombud proposes ending; "the work is done" only in the ending phase."""

    reason = choice_field(
        _("Varför vill du föreslå att ni avslutar?"),
        PROPOSAL_CHOICES,
        _("Välj varför."),
        widget=forms.RadioSelect,
    )
    words = _words_field()

    def __init__(self, *args, contact: Contact, **kwargs):
        kwargs.setdefault("auto_id", "pe-%s")
        super().__init__(*args, **kwargs)
        if contact.phase != Phase.ENDING:
            field = self.fields["reason"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [c for c in PROPOSAL_CHOICES if c[0] != EndedHow.DONE]
            field.help_text = _("”Arbetet är klart” går att välja när kontakten är i fas 3.")


class CloseAloneForm(forms.Form):
    """Closing without the client's yes: only when the client can no longer answer."""

    reason = choice_field(
        _("Varför avslutar du kontakten?"),
        ALONE_CHOICES,
        _("Välj varför."),
        widget=forms.RadioSelect,
    )


class AnswerForm(forms.Form):
    answer = choice_field(
        None,
        [("yes", _("Ja")), ("not_yet", _("Inte än"))],
        _("Välj Ja eller Inte än."),
    )


def colleagues(contact: Contact) -> QuerySet[User]:
    """The other active ombud of the contact's operation."""
    return (
        User.objects.filter(role=Role.OMBUD, operation=contact.operation_id, is_active=True)
        .exclude(pk=contact.ombud_id)
        .select_related("operation")
        .order_by("first_name", "pk")
    )


def _date_field(label):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Välj en dag."),
            "invalid": _("Skriv dagen som år-månad-dag, till exempel 2026-07-01."),
        },
    )


class StandInForm(forms.Form):
    """Who stands in, from which day to which (both included)."""

    starts_on = _date_field(_("Från och med"))
    ends_on = _date_field(_("Till och med"))

    def __init__(self, *args, contact: Contact, **kwargs):
        kwargs.setdefault("auto_id", "si-%s")
        super().__init__(*args, **kwargs)
        self.fields = {
            "ombud": forms.ModelChoiceField(
                label=_("Vem ersätter?"),
                queryset=colleagues(contact),
                empty_label=None,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Välj ett ombud."),
                    "invalid_choice": _("Välj ett av ombuden i listan."),
                },
            ),
            **self.fields,
        }

    def clean(self):
        super().clean()
        data = self.cleaned_data
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and start < timezone.localdate():
            self.add_error("starts_on", _("Välj i dag eller en senare dag."))
        if start and end and end < start:
            self.add_error("ends_on", _("Sista dagen kan inte komma före den första."))
        return data


class MoveForm(forms.Form):
    """To whom the contact would move; a reason only when going over their limit."""

    words = _words_field()
    override_reason = text_field(
        _("Varför går ni över taket?"),
        300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, contact: Contact, caseloads: dict[int, int], **kwargs):
        kwargs.setdefault("auto_id", "mv-%s")
        super().__init__(*args, **kwargs)
        self.fields = {
            "ombud": OmbudChoiceField(
                label=_("Vem blir nytt ombud?"),
                queryset=colleagues(contact),
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
