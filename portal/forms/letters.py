"""Letters: the photographed pages, the suggested tasks the client confirms or changes,
and the ombud's correction of what was read."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.attachments import AttachmentRefused, CleanFile, clean_upload
from portal.forms.base import REQUIRED, choice_field, text_field
from portal.letters.suggest import Suggestion
from portal.models import Letter, Organisation

MAX_PAGES = 10
DATE_ERROR = _("Skriv datumet som år-månad-dag, till exempel 2026-12-03.")
NEW = "new"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (Django's own recipe): a list of uploads."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class LetterForm(forms.Form):
    """One or more photographed pages, or a PDF: each checked by what it contains, with
    EXIF removed (portal/attachments.py), like a message's attachment."""

    pages = MultipleFileField(label=_("Sidorna"), required=False)

    def clean_pages(self) -> list[CleanFile]:
        uploads = self.cleaned_data.get("pages") or []
        if not uploads:
            raise forms.ValidationError(
                _("Ta ett foto av brevet, eller välj ett foto eller en PDF.")
            )
        if len(uploads) > MAX_PAGES:
            raise forms.ValidationError(
                ngettext(
                    "Ett brev kan ha högst %(max)d sida. Skicka resten som ett brev till.",
                    "Ett brev kan ha högst %(max)d sidor. Skicka resten som ett brev till.",
                    MAX_PAGES,
                )
                % {"max": MAX_PAGES}
            )
        cleaned = []
        for number, upload in enumerate(uploads, 1):
            try:
                cleaned.append(clean_upload(upload))
            except AttachmentRefused as refused:
                if len(uploads) == 1:
                    raise forms.ValidationError(str(refused.message)) from None
                raise forms.ValidationError(
                    _("Sida %(number)d: %(reason)s") % {"number": number, "reason": refused.message}
                ) from None
        return cleaned


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_ERROR},
    )


class LetterTasksForm(forms.Form):
    """The letter's suggested tasks, each to keep (or not), reword and re-date, and the
    assignment they go in. Who does each and which organisation it involves come from
    the suggestion, never from the post."""

    def __init__(
        self,
        data=None,
        *,
        suggestions: list[Suggestion],
        assignments: list,
        default: int | None,
        new_title: str,
        auto_id: str = "id_%s",
    ) -> None:
        super().__init__(data, auto_id=auto_id)
        self.suggestions = suggestions
        self.new_title = new_title
        for index, suggestion in enumerate(suggestions):
            self.fields[f"s{index}-include"] = forms.BooleanField(
                label=_("Ta med"), required=False, initial=True
            )
            self.fields[f"s{index}-what"] = text_field(
                _("Vad ska göras?"), 300, required=False, initial=suggestion.what
            )
            self.fields[f"s{index}-due"] = _date_field(_("Senast (valfritt)"))
            self.fields[f"s{index}-due"].initial = suggestion.due
        choices = [(str(a.pk), a.title) for a in assignments]
        choices.append((NEW, _("Ett nytt uppdrag: %(title)s") % {"title": new_title}))
        self.fields["assignment"] = choice_field(
            _("Lägg uppgifterna i"),
            choices,
            _("Välj var uppgifterna ska ligga."),
            initial=str(default) if default else NEW,
        )

    def rows(self) -> list[dict]:
        """The fields of each suggestion, for the template."""
        return [
            {
                "include": self[f"s{index}-include"],
                "what": self[f"s{index}-what"],
                "due": self[f"s{index}-due"],
            }
            for index in range(len(self.suggestions))
        ]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        tasks = []
        for index, suggestion in enumerate(self.suggestions):
            if not data.get(f"s{index}-include"):
                continue
            what = data.get(f"s{index}-what")
            if not what:
                if f"s{index}-what" not in self.errors:
                    self.add_error(f"s{index}-what", REQUIRED)
                continue
            tasks.append(
                {
                    "what": what,
                    "who": suggestion.who,
                    "due": data.get(f"s{index}-due"),
                    "organisation": suggestion.organisation,
                }
            )
        if not tasks and not self.errors:
            raise forms.ValidationError(_("Välj minst en uppgift att lägga in i planen."))
        data["tasks"] = tasks
        return data


def _organisation_choices() -> list[tuple[str, object]]:
    return [("", _("Ingen av dessa"))] + [
        choice for choice in Organisation.choices if choice[0] != Organisation.OTHER
    ]


class LetterCorrectionForm(forms.Form):
    """The ombud's correction of what was read. Everything saved counts as checked."""

    sender = text_field(_("Vem skickade brevet?"), 120, required=False)
    organisation = forms.ChoiceField(
        label=_("Vilken organisation är det? (för samtycket)"),
        choices=_organisation_choices,
        required=False,
        error_messages={"invalid_choice": _("Välj en organisation i listan.")},
    )
    kind = forms.ChoiceField(
        label=_("Vad är det för brev?"),
        choices=[("", _("Vet inte"))] + list(Letter.Kind.choices),
        required=False,
        error_messages={"invalid_choice": _("Välj en sorts brev i listan.")},
    )
    letter_date = _date_field(_("Brevets datum"))
    deadline = _date_field(_("Sista dag att svara eller göra något"))
    meeting_date = _date_field(_("Mötets dag"))
    meeting_time = forms.TimeField(
        label=_("Mötets tid"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Skriv tiden som 10:00.")},
    )
    amount = text_field(_("Belopp (till exempel 4 350 kr)"), 40, required=False)
    case_number = text_field(_("Ärendenummer"), 60, required=False)

    @classmethod
    def for_letter(cls, letter: Letter, data=None) -> "LetterCorrectionForm":
        meeting = timezone.localtime(letter.meeting_at) if letter.meeting_at else None
        initial = {
            "sender": letter.sender,
            "organisation": letter.organisation,
            "kind": letter.kind,
            "letter_date": letter.letter_date,
            "deadline": letter.deadline,
            "meeting_date": meeting.date() if meeting else None,
            "meeting_time": meeting.time().replace(second=0, microsecond=0) if meeting else None,
            "amount": letter.amount,
            "case_number": letter.case_number,
        }
        return cls(data, initial=initial, auto_id=f"lc{letter.pk}-%s")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        day, time = data.get("meeting_date"), data.get("meeting_time")
        if time and not day:
            self.add_error("meeting_date", _("Skriv vilken dag mötet är."))
        data["meeting_at"] = (
            timezone.make_aware(datetime.datetime.combine(day, time or datetime.time(9)))
            if day
            else None
        )
        first, last = data.get("letter_date"), data.get("deadline")
        if first and last and last < first:
            self.add_error("deadline", _("Sista dagen kan inte vara före brevets datum."))
        return data

    def action_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "organisation",
                "sender",
                "kind",
                "case_number",
                "letter_date",
                "deadline",
                "meeting_at",
                "amount",
            )
        }
