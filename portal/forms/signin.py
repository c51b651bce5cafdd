"""Signing in: the second factor's codes, a recovery code, asking for a new password,
and a passkey's name. Plain Swedish errors that say what to do."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms.base import REQUIRED


class TotpForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Koden i din app (sex siffror)"),
        max_length=12,
        strip=True,
        error_messages={"required": REQUIRED},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )


class RecoveryCodeForm(forms.Form):
    recovery_code = forms.CharField(
        label=_("En av dina reservkoder"),
        max_length=20,
        strip=True,
        error_messages={"required": REQUIRED},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class ForgotPasswordForm(forms.Form):
    username = forms.CharField(
        label=_("Ditt användarnamn"),
        max_length=150,
        strip=True,
        error_messages={"required": REQUIRED},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )


class PasskeyNameForm(forms.Form):
    name = forms.CharField(
        label=_("Namn på nyckeln (till exempel ”Min telefon”)"),
        max_length=60,
        required=False,
        strip=True,
    )


class ConfirmPasswordForm(forms.Form):
    """ "Bekräfta att det är du": the password again, before a change to the way in."""

    password = forms.CharField(
        label=_("Ditt lösenord"),
        max_length=200,
        strip=False,
        error_messages={"required": REQUIRED},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
