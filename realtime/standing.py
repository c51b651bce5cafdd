"""May this socket still send to its reader? The answer a fresh page load would give.

A page load is let in when its session row exists and has not expired, the account is
active, and the password hash kept in the session still matches the account's (Django's
`django.contrib.auth.get_user`). A socket asks the same three questions, and whether its
user still belongs to the contact (`portal.access.contacts_for`, the one definition of
belonging), before every frame. The answers are subqueries annotated onto the query that
loads the events anyway (`with_standing`), so a frame costs no extra query: signing out,
an expired session, a switched-off account, a changed password, an ended or moved contact,
whatever did it and by whichever path (a page, the admin, the ORM), the next frame finds
out. The events in `realtime.events` only make it happen at once.

Nothing here changes data: a socket that no longer stands closes (4401 signed out, 4403
switched off), one that no longer belongs to a contact stops following it.
"""

import datetime
import enum
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth import HASH_SESSION_KEY
from django.contrib.sessions.models import Session
from django.db.models import Exists, Model, OuterRef, QuerySet, Subquery, Value
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from portal.access import contacts_for
from portal.models import User

M = TypeVar("M", bound=Model)


class Standing(enum.Enum):
    OK = "ok"
    SIGNED_OUT = "signed out"  # the session ended or expired, or the password changed
    SWITCHED_OFF = "switched off"  # the account is no longer active


# WebSocket close codes from the application range: like HTTP 401 and 403.
CLOSE_CODE = {Standing.SIGNED_OUT: 4401, Standing.SWITCHED_OFF: 4403}


@dataclass(frozen=True)
class Reader:
    """Who a socket sends to, and the session it was opened with."""

    user: User
    session_key: str
    session_hash: str

    @classmethod
    def from_scope(cls, scope: dict) -> "Reader":
        session = scope["session"]
        return cls(
            user=scope["user"],
            session_key=session.session_key or "",
            session_hash=session.get(HASH_SESSION_KEY) or "",
        )


@dataclass(frozen=True)
class Verdict:
    standing: Standing
    belongs: bool  # to the contact asked about (False when not standing)
    expires: datetime.datetime | None  # when the session runs out, if it still exists


def with_standing(
    queryset: QuerySet[M], reader: Reader, contact: str | int | None = None
) -> QuerySet[M]:
    """`queryset` with the reader's standing on every row, as four subqueries: when their
    session expires, whether their account is active, its password hash, and whether
    they belong to the contact (`contact`: the name of the row's contact field, or an id).
    """
    account = User.objects.filter(pk=reader.user.pk)
    session = Session.objects.filter(session_key=reader.session_key)
    belongs: Any = Value(False)
    if isinstance(contact, str):
        belongs = Exists(contacts_for(reader.user).filter(pk=OuterRef(contact)))
    elif contact is not None:
        belongs = Exists(contacts_for(reader.user).filter(pk=contact))
    return queryset.annotate(
        reader_session_expires=Subquery(session.values("expire_date")[:1]),
        reader_active=Subquery(account.values("is_active")[:1]),
        reader_password=Subquery(account.values("password")[:1]),
        reader_belongs=belongs,
    )


def verdict_of(row: Any, reader: Reader) -> Verdict:
    """Read the annotations of `with_standing` on one row."""
    return judge(
        reader,
        expires=row.reader_session_expires,
        active=row.reader_active,
        password=row.reader_password,
        belongs=bool(row.reader_belongs),
    )


def judge(
    reader: Reader,
    *,
    expires: datetime.datetime | None,
    active: bool | None,
    password: str | None,
    belongs: bool,
) -> Verdict:
    if active is None or password is None:
        return Verdict(Standing.SIGNED_OUT, False, None)  # the account is gone
    if not active:
        return Verdict(Standing.SWITCHED_OFF, False, expires)
    if expires is None or expires <= timezone.now() or not _hash_holds(reader, password):
        return Verdict(Standing.SIGNED_OUT, False, expires)
    return Verdict(Standing.OK, belongs, expires)


def _hash_holds(reader: Reader, password: str) -> bool:
    """As Django's get_user: the session's hash of the password matches the account's
    (with the current secret or one of SECRET_KEY_FALLBACKS)."""
    account = User(pk=reader.user.pk, password=password)
    if not reader.session_hash:
        return False
    if constant_time_compare(reader.session_hash, account.get_session_auth_hash()):
        return True
    return any(
        constant_time_compare(reader.session_hash, fallback)
        for fallback in account.get_session_auth_fallback_hash()
    )


def check(reader: Reader, contact_id: int | None = None) -> Verdict:
    """One query: the reader's standing (and whether they belong to `contact_id`), for when
    there are no events to load (a read receipt, a membership change, the expiry timer)."""
    row = with_standing(User.objects.filter(pk=reader.user.pk), reader, contact_id).first()
    if row is None:
        return Verdict(Standing.SIGNED_OUT, False, None)
    return verdict_of(row, reader)
