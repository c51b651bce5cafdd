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
    """The client's first visit (or a new password with an invite): a password, twice.
    The invite has made the account, so there is no username to choose.

    A password is never written back into the page: after an error both fields are empty
    in a page made by the server. With JavaScript the form posts with htmx and only the
    messages are swapped in next to the fields, so what was typed stays in the browser,
    where it was typed, and the server never echoes it (templates/client/welcome.html)."""

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

    def __init__(self, *args, user: User, username: str = "", **kwargs):
        self.user = user
        # The username the account will have: compared with the password too.
        self.username = username or user.username
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = gettext("Välj ett lösenord (minst %(count)d tecken)") % {
            "count": minimum_length()
        }
        for name in ("password1", "password2"):
            field = self[name]
            described = f"{field.auto_id}-errors"
            if name == "password1":
                described = f"{field.auto_id}_helptext {described}"
            self.fields[name].widget.attrs["aria-describedby"] = described

    def clean(self):
        super().clean()
        data = self.cleaned_data
        p1, p2 = data.get("password1"), data.get("password2")
        if p1:
            # Compared with the name and the username the account will have.
            candidate = User(
                username=self.username,
                first_name=self.user.first_name,
                last_name=self.user.last_name,
                email=self.user.email,
            )
            try:
                validate_password(p1, candidate)
            except forms.ValidationError as error:
                # What to change is said at the first field; the repeat follows it.
                self.add_error("password1", error)
                return data
        if p1 and p2 and p1 != p2:
            self.add_error(
                "password2",
                _(
                    "Lösenorden är inte likadana. Skriv samma lösenord i båda fälten. "
                    "Tryck på Visa lösenordet för att se vad du har skrivit."
                ),
            )
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
