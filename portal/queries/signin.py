"""Reads about a person's ways in: which second factors they have, and their passkeys.
(Whether a client asked for a new password: portal/queries/invites.py.)"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import AccountChange, Passkey, User


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


# The newest AccountChange this session has told of, and those made in it (nothing to
# tell there: the person was there), for portal/actions/account_changes.py.
SEEN_CHANGE = "account_change_seen"
MADE_HERE = "account_changes_made_here"


def account_changes_of(user: User) -> list[AccountChange]:
    """The person's latest changes to their way in, newest first (at most 20 are kept)."""
    return list(AccountChange.objects.filter(user=user))


def changes_to_tell(request, user: User, *, since) -> list[AccountChange]:
    """Changes since `since`, newer than this session has told of, not made in it."""
    seen = request.session.get(SEEN_CHANGE, 0)
    here = request.session.get(MADE_HERE, [])
    changes = AccountChange.objects.filter(user=user, at__gte=since, pk__gt=seen)
    return list(changes.exclude(pk__in=here))
