"""The way in: the client's invite code and first login, and changing one's password."""

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.forms.base import REQUIRED, text_field
from portal.models import (
    User,
)
from portal.passwords import minimum_length


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
        label=_("Välj ett lösenord"),
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
        self.fields["password1"].label = gettext("Välj ett lösenord (minst %(count)d tecken)") % {
            "count": minimum_length()
        }
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


class PasswordForm(PasswordChangeForm):
    """Django's password change, in plain words: the current password, then the new one
    twice. The new one must pass the same rules as everywhere (AUTH_PASSWORD_VALIDATORS)."""

    error_messages = {
        "password_incorrect": _("Lösenordet du har nu stämmer inte. Prova igen."),
        "password_mismatch": _("Lösenorden är inte likadana. Skriv samma nya lösenord två gånger."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels: dict[str, str] = {
            "old_password": gettext("Lösenordet du har nu"),
            "new_password1": gettext("Nytt lösenord (minst %(count)d tecken)")
            % {"count": minimum_length()},
            "new_password2": gettext("Skriv det nya lösenordet en gång till"),
        }
        for name, label in labels.items():
            field = self.fields[name]
            field.label = label
            field.help_text = ""
            field.error_messages["required"] = REQUIRED
        self.fields["old_password"].widget.attrs.pop("autofocus", None)

    def clean(self):
        # As Django's, but a broken rule is said at the new password, not at the repeat.
        self.validate_passwords("new_password1", "new_password2")
        if "new_password2" not in self.errors:
            self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)
