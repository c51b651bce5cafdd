"""The client's way in: the invite code and their own login."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from portal.forms.base import REQUIRED, text_field
from portal.models import (
    User,
)


class InviteCodeForm(forms.Form):
    code = text_field(_("Koden du fick av ditt ombud"), 20)


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
        label=_("Välj ett lösenord (minst 10 tecken)"),
        help_text=_(
            "Ett bra lösenord är flera ord i rad, till exempel ”blå cykel under bron”. "
            "Det är lätt att komma ihåg och svårt att gissa. Det får inte likna ditt namn "
            "eller vara ett vanligt lösenord."
        ),
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
        if user.has_usable_password():
            # A new password for an account in use: the username stays unless changed.
            self.fields["username"].initial = user.username

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError(
                _("Det användarnamnet är upptaget. Prova ett annat."), code="taken"
            )
        return username

    def clean(self):
        super().clean()
        data = self.cleaned_data
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error(
                "password2", _("Lösenorden är inte likadana. Skriv samma lösenord två gånger.")
            )
        elif p1:
            # Compared with the name and the username the client is choosing now.
            candidate = User(
                username=data.get("username") or self.user.username,
                first_name=self.user.first_name,
                last_name=self.user.last_name,
                email=self.user.email,
            )
            try:
                validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
