"""System checks of our own (Django runs them for `manage.py check`, `check --deploy`,
`migrate` and `runserver`; portal/asgi.py runs them when daphne starts).

brobyggare.E001: the demo accounts (`manage.py demo`) have a password and a TOTP secret
that are published in the README. In the production profile (DATABASE_URL set, or
DEBUG off) they must not exist: the start fails and says how to remove them.
ALLOW_DEMO_ACCOUNTS=true lets a test of the production profile use them on purpose.
"""

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from portal.queries.demo import demo_usernames


@register(Tags.security)
def no_demo_accounts_in_production(app_configs=None, **kwargs) -> list[CheckMessage]:
    if not settings.PRODUCTION_PROFILE or settings.ALLOW_DEMO_ACCOUNTS:
        return []
    try:
        names = demo_usernames()
    except DatabaseError:
        return []  # no tables yet (before the first migrate): no accounts either
    if not names:
        return []
    shown = ", ".join(names[:12]) + (" …" if len(names) > 12 else "")
    return [
        Error(
            f"Demo accounts exist in the production profile: {shown}. Their password "
            "and TOTP secret are public (README), so anyone could sign in as them.",
            hint=(
                "Remove them with `python manage.py demo --remove` (the demo operation, "
                "its demo clients and staff), or use a new database. The demo belongs in "
                "development only (no DATABASE_URL, DEBUG on)."
            ),
            id="brobyggare.E001",
        )
    ]


def refuse_to_start_with_demo_accounts() -> None:
    """For daphne's start (portal/asgi.py): the same check, as a start that fails."""
    errors = no_demo_accounts_in_production()
    if errors:
        error = errors[0]
        raise ImproperlyConfigured(f"{error.id}: {error.msg} {error.hint}")
