"""Django's password validators with plain Swedish messages (AUTH_PASSWORD_VALIDATORS).

The checks are Django's own: too like the username or name, shorter than 12 characters
(several spaces in a row count as one), on the list of 20,000 common passwords, only
digits; and ours: longer than 128 characters. Only the words change: what is wrong and
what to do instead. A passphrase (a few words in a row) passes them all. Any character
may be used, spaces and emoji included, and nothing is cut off (OWASP ASVS V2.1).
"""

import re

from django.contrib.auth import password_validation as django_validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return _("Lösenordet liknar ditt namn eller användarnamn för mycket. Välj något annat.")

    def get_help_text(self) -> str:
        return _("Det får inte likna ditt namn eller användarnamn.")


def minimum_length() -> int:
    """The shortest password the rules allow, for the forms' labels."""
    for validator in django_validators.get_default_password_validators():
        if isinstance(validator, django_validators.MinimumLengthValidator):
            return validator.min_length
    return 0


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    """Django's, counting several spaces in a row as one: twelve spaces are not twelve
    characters of anything."""

    def validate(self, password: str, user=None) -> None:
        super().validate(re.sub(r" {2,}", " ", password), user)

    def get_error_message(self) -> str:
        return ngettext(
            "Lösenordet är för kort. Det behöver minst %(min_length)d tecken. "
            "Skriv gärna flera ord i rad.",
            "Lösenordet är för kort. Det behöver minst %(min_length)d tecken. "
            "Skriv gärna flera ord i rad.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Minst %(min_length)d tecken.", "Minst %(min_length)d tecken.", self.min_length
        ) % {"min_length": self.min_length}


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _(
            "Det lösenordet är för vanligt och lätt att gissa. "
            "Välj ett annat, till exempel några ord i rad."
        )

    def get_help_text(self) -> str:
        return _("Inte ett vanligt lösenord som många använder.")


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("Lösenordet kan inte bara vara siffror. Lägg till några bokstäver eller ord.")

    def get_help_text(self) -> str:
        return _("Inte bara siffror.")


class MaximumLengthValidator:
    """At most `max_length` characters (128): a long passphrase fits with room to spare,
    and nobody makes the server hash a megabyte."""

    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                self.get_error_message(),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_error_message(self) -> str:
        return _("Lösenordet är för långt. Det får vara högst %(max_length)d tecken.") % {
            "max_length": self.max_length
        }

    def get_help_text(self) -> str:
        return _("Högst %(max_length)d tecken.") % {"max_length": self.max_length}
