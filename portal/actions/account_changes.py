"""Telling a person of changes to their way in (OWASP ASVS 2.2.3, 2.5.5, 2.8.5).

`record()` keeps what changed and when (portal.models.AccountChange) and writes it to the
security log. `tell()` runs when a session is signed in and, at most once a minute, as its
person uses it (portal/actions/sessions.py): changes made elsewhere in the last week that
this session has not told of yet become one calm note (Django's messages, shown in the
page's status line), so a passkey added on someone else's phone is noticed on the person's
own. The list is under Inloggade enheter (Konto for staff). Nothing goes by e-mail or SMS:
the app has neither, and a note names no one and holds no secret.
"""

import datetime

from django.contrib import messages
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import security_log
from portal.models import AccountChange, DeviceSession, User
from portal.queries.signin import MADE_HERE, SEEN_CHANGE, changes_to_tell
from portal.templatetags.plain import plain_datetime

KEEP = 20
TELL_WITHIN = datetime.timedelta(days=7)


def record(user: User, kind: str, *, request: HttpRequest | None = None) -> AccountChange:
    """`kind` (AccountChange.Kind) happened to `user`'s way in, in `request`'s session if
    any (that session is not told: the person was there; a sign-in keeps the session's
    data, so setting up a second factor before it counts as there too)."""
    key = request.session.session_key if request is not None else None
    device = DeviceSession.objects.filter(session_id=key).first() if key else None
    change = AccountChange.objects.create(
        user=user,
        kind=kind,
        device=device,
        browser=device.browser if device else "",
        system=device.system if device else "",
    )
    older = AccountChange.objects.filter(user=user).values_list("pk", flat=True)[KEEP:]
    AccountChange.objects.filter(pk__in=list(older)).delete()
    security_log.event(f"account.{kind}", request=request, user_id=user.pk)
    if request is not None:
        request.session[MADE_HERE] = [*request.session.get(MADE_HERE, [])[-(KEEP - 1) :], change.pk]
    return change


def tell(request: HttpRequest, user: User) -> None:
    """A note, once per session, of changes made elsewhere that it has not told of."""
    since = timezone.now() - TELL_WITHIN
    changes = changes_to_tell(request, user, since=since)
    if not changes:
        return
    request.session[SEEN_CHANGE] = max(change.pk for change in changes)
    if len(changes) == 1:
        change = changes[0]
        what = f"{change.get_kind_display()} {plain_datetime(change.at)}."
    else:
        what = ngettext(
            "Din inloggning har ändrats %(count)d gång den senaste veckan.",
            "Din inloggning har ändrats %(count)d gånger den senaste veckan.",
            len(changes),
        ) % {"count": len(changes)}
    place = _("Mer → Inloggade enheter") if user.is_client else _("Konto")
    advice = _(
        "Var det inte du? Logga ut alla andra och byt lösenord. Eller be om hjälp. "
        "Du ser ändringarna under %(place)s."
    ) % {"place": place}
    messages.warning(request, f"{what} {advice}")


def seen(request: HttpRequest, changes: list[AccountChange]) -> None:
    """The person is looking at the list: nothing in it is news any more."""
    if changes:
        request.session[SEEN_CHANGE] = max(
            request.session.get(SEEN_CHANGE, 0), max(change.pk for change in changes)
        )
