"""Reads about a person's ways in: which second factors they have, and their passkeys.
(Whether a client asked for a new password: portal/queries/invites.py.)"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import Passkey, User


@dataclass(frozen=True)
class Factors:
    totp: bool
    passkeys: int
    recovery_codes_left: int

    @property
    def any(self) -> bool:
        return self.totp or self.passkeys > 0


def factors_of(user: User) -> Factors:
    return Factors(
        totp=TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        passkeys=user.passkeys.count(),
        recovery_codes_left=user.recovery_codes.filter(used_at=None).count(),
    )


def passkeys_of(user: User) -> QuerySet[Passkey]:
    return user.passkeys.order_by("created_at")
