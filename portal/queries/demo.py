"""The demo accounts that `manage.py demo` makes: how to recognise them anywhere.

A demo account is marked (`User.is_demo`), and the demo staff share one published TOTP
secret (README), so either sign gives one away: a production-profile start refuses to
run with any (portal/checks.py)."""

import base64

from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import User

# RFC 6238 (SHA-1, 6 digits, 30 s), base32. Public on purpose: it is in the README so
# anyone can try the demo. Never on a real account.
DEMO_TOTP_SECRET = "BROBYGGAREDEMOBROBYGGAREDEMO2345"


def demo_totp_key() -> str:
    """The secret as django-otp stores it (hex)."""
    return base64.b32decode(DEMO_TOTP_SECRET).hex()


def demo_usernames() -> list[str]:
    with_demo_secret = TOTPDevice.objects.filter(key=demo_totp_key()).values("user_id")
    return list(
        User.objects.filter(Q(is_demo=True) | Q(pk__in=with_demo_secret))
        .order_by("username")
        .values_list("username", flat=True)
    )
