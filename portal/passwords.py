"""Django's password validators with plain Swedish messages (AUTH_PASSWORD_VALIDATORS).

The checks are Django's own: too like the username or name, shorter than 10 characters,
on the list of 20,000 common passwords, only digits. Only the words change: what is
wrong and what to do instead. A passphrase (a few words in a row) passes them all.
"""

from django.contrib.auth import password_validation as django_validators
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return _("Lösenordet liknar ditt namn eller användarnamn för mycket. Välj något annat.")

    def get_help_text(self) -> str:
        return _("Det får inte likna ditt namn eller användarnamn.")


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
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
