"""Input parsing at the edge, shared by the pages and the API.

Errors are plain Swedish and say what to do; a form that fails keeps what was typed.
"""

import datetime

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.anonymity import find_identifying, refusal_message
from portal.attachments import AttachmentRefused, clean_upload
from portal.models import (
    Channel,
    FailureCategory,
    FailureOrganisation,
    Gender,
    Level,
    LifeArea,
    Organisation,
    Phase,
    PriorityGround,
    Referrer,
    Role,
    SystemFailure,
    User,
    Who,
)

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
    # Consent is needed before the ombud contacts it: the ombud's row says when it is missing.
    organisation = forms.ChoiceField(
        label=_("Vilken organisation gäller det? (valfritt)"),
        choices=[("", _("Ingen särskild"))]
        + [choice for choice in Organisation.choices if choice[0] != Organisation.OTHER],
        required=False,
        error_messages={"invalid_choice": _("Välj en organisation i listan eller Ingen särskild.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("who") == Who.OTHER and not data.get("who_other"):
            self.add_error("who_other", _("Skriv vem som gör det, till exempel Försäkringskassan."))
        return data


# Consent (samtycke): the client's yes, given in the app or signed on paper.


class ConsentForm(forms.Form):
    """The client says yes in the app: to whom, about what, until when, and a tick that
    they have read what it means."""

    organisation = forms.ChoiceField(
        label=_("Vem får ditt ombud prata med?"),
        choices=[("", _("Välj …"))] + Organisation.choices,
        error_messages={
            "required": _("Välj vem det gäller."),
            "invalid_choice": _("Välj vem det gäller."),
        },
    )
    organisation_other = _text(_("Vem? (om du valde Annan)"), 120, required=False)
    covers = _text(
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
        data = super().clean()
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


class NoteForm(forms.Form):
    text = _text(_("Anteckning"), 5000, widget=forms.Textarea(attrs={"rows": 4}))


class NoteDispositionForm(forms.Form):
    """What happens to a working note when the contact ends: one of two choices."""

    disposition = forms.ChoiceField(
        choices=[("hand_over", _("Lämna till klienten")), ("destroy", _("Förstör"))],
        error_messages={
            "required": _("Välj Lämna till klienten eller Förstör."),
            "invalid_choice": _("Välj Lämna till klienten eller Förstör."),
        },
    )


# The queue: a request for an ombud, and giving it to one.


class IntakeForm(forms.Form):
    """The minimum needed to call the person back, and how the request came in."""

    channel = forms.ChoiceField(
        label=_("Hur kom förfrågan in?"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj hur förfrågan kom in."),
            "invalid_choice": _("Välj hur förfrågan kom in."),
        },
    )
    referrer = forms.ChoiceField(
        label=_("Vem hörde av sig?"),
        choices=Referrer.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj vem som hörde av sig."),
            "invalid_choice": _("Välj vem som hörde av sig."),
        },
    )
    name = _text(_("Personens namn"), 150, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    phone = _text(
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
        self.fields["priority_grounds"].queryset = PriorityGround.objects.filter(
            operation=operation
        ).order_by("label", "pk")

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
        data = super().clean()
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

    override_reason = _text(
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
    label = _text(_("Ny grund för förtur, till exempel Ensamstående förälder"), 120)


# System failures (systemfel och brister): no client identity. Free text goes through the
# anonymity guard (portal/anonymity.py); a refusal names the words and keeps the text.

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
        data = super().clean()
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
    new_organisation = _text(_("Ny organisation (om den inte finns i listan)"), 120, False)
    level = forms.ChoiceField(
        label=_("På vilken nivå ligger felet?"),
        choices=LEVEL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj en nivå."),
            "invalid_choice": _("Välj en nivå."),
        },
    )
    category = forms.ChoiceField(
        label=_("Vad handlar det om?"),
        choices=[("", _("Välj …"))] + FailureCategory.choices,
        error_messages={
            "required": _("Välj vad det handlar om."),
            "invalid_choice": _("Välj vad det handlar om."),
        },
    )
    description = _text(
        _("Beskriv felet, utan namn eller annat som kan peka ut en klient"),
        4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    clients_affected = _clients_field(_("Hur många av dina klienter berörs? Bara antalet."))
    improvement = _text(
        _("Förslag på förbättring (valfritt)"),
        4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, operation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = FailureOrganisation.objects.filter(
            operation=operation
        ).order_by("name")

    def clean_occurred_on(self):
        return _not_in_future(self.cleaned_data.get("occurred_on"))

    def clean(self):
        data = super().clean()
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

    sent_to = forms.ChoiceField(
        label=_("Vem skickades den till?"),
        choices=SystemFailure.SentTo.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj vem den skickades till."),
            "invalid_choice": _("Välj vem den skickades till."),
        },
    )
    sent_on = _day_field(_("Vilken dag skickades den?"))

    def __init__(self, *args, organisation_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if organisation_name:
            names = {"name": organisation_name}
            Sent = SystemFailure.SentTo
            self.fields["sent_to"].choices = [
                (Sent.ORGANISATION, _("Till %(name)s") % names),
                (Sent.STEERING, _("Till ledningsgruppen")),
                (Sent.BOTH, _("Till %(name)s och ledningsgruppen") % names),
            ]

    def clean_sent_on(self):
        return _not_in_future(self.cleaned_data.get("sent_on"))


class FailureAnswerForm(GuardedForm):
    """The answer from the organisation or the steering group, and the day it came."""

    guarded = ("answer",)

    answer = _text(
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
