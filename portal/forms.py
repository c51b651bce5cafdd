"""Input parsing at the edge, shared by the pages and the API.

Errors are plain Swedish and say what to do; a form that fails keeps what was typed.
"""

import datetime

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.attachments import AttachmentRefused, clean_upload
from portal.models import LifeArea, Phase, User, Who

REQUIRED = _("Fyll i det här fältet.")


def _text(label, max_length, required=True, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        strip=True,
        error_messages={
            "required": REQUIRED,
            "max_length": _("Texten är för lång. Korta ner den till högst %(limit_value)d tecken."),
        },
        **kwargs,
    )


class NewClientForm(forms.Form):
    first_name = _text(_("Förnamn eller det namn klienten vill kallas"), 150)


class AssignmentForm(forms.Form):
    title = _text(_("Uppdraget, med klientens egna ord"), 300)
    life_area = forms.ChoiceField(
        label=_("Livsområde"),
        choices=LifeArea.choices,
        error_messages={
            "required": _("Välj ett livsområde."),
            "invalid_choice": _("Välj ett livsområde."),
        },
    )


class TaskForm(forms.Form):
    what = _text(_("Vad ska göras?"), 300)
    who = forms.ChoiceField(
        label=_("Vem gör det?"),
        choices=Who.choices,
        initial=Who.CLIENT,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj vem som gör det."),
            "invalid_choice": _("Välj vem som gör det."),
        },
    )
    who_other = _text(_("Vem? (till exempel Försäkringskassan)"), 120, required=False)
    due = forms.DateField(
        label=_("När? (valfritt)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datumet som år-månad-dag, till exempel 2026-12-03.")},
    )

    def clean(self):
        data = super().clean()
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
    place = _text(_("Var?"), 200)
    with_whom = _text(_("Med vem? (valfritt)"), 200, required=False)
    about = _text(_("Om vad? (valfritt)"), 300, required=False)

    def clean(self):
        data = super().clean()
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
    text = _text(_("Din önskan eller kommentar"), 2000, widget=forms.Textarea(attrs={"rows": 3}))


class PhaseForm(forms.Form):
    phase = forms.TypedChoiceField(
        label=_("Fas"), choices=Phase.choices, coerce=int, widget=forms.RadioSelect
    )


class InviteCodeForm(forms.Form):
    code = _text(_("Koden du fick av ditt ombud"), 20)


class SetPasswordForm(forms.Form):
    """The client's first visit: choose a username and a password."""

    username = forms.RegexField(
        label=_("Välj ett användarnamn"),
        regex=r"^[\w.@+-]{3,60}$",
        max_length=60,
        strip=True,
        error_messages={
            "required": REQUIRED,
            "invalid": _("Använd 3 till 60 bokstäver eller siffror, utan mellanslag."),
        },
    )
    password1 = forms.CharField(
        label=_("Välj ett lösenord (minst 8 tecken)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": REQUIRED},
    )
    password2 = forms.CharField(
        label=_("Skriv lösenordet en gång till"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": REQUIRED},
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError(_("Det användarnamnet är upptaget. Prova ett annat."))
        return username

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error(
                "password2", _("Lösenorden är inte likadana. Skriv samma lösenord två gånger.")
            )
        elif p1:
            try:
                validate_password(p1, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class MessageForm(forms.Form):
    text = _text(_("Meddelande"), 4000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(
        label=_("Bifoga ett foto eller en PDF (valfritt, högst 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}
        ),
    )
    # Made when the form is drawn (or by the phone's outbox): a resend is stored once.
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        try:
            return clean_upload(upload)
        except AttachmentRefused as refused:
            raise forms.ValidationError(refused.message) from None

    def clean(self):
        data = super().clean()
        if not data.get("text") and not data.get("file") and "file" not in self.errors:
            self.add_error("text", _("Skriv något, eller välj ett foto eller en PDF att skicka."))
        return data


class ReadReceiptsForm(forms.Form):
    share = forms.BooleanField(required=False)
