"""Parts of a page that are a function of one contact's state, kept once rendered.

A plan page costs tens of milliseconds of query building and template work; nearly all of
it is the same until the contact changes. Every change to a contact's content goes through
an action that gives the contact its next number (`portal.actions.changes.record_change`),
so (contact, its last number, who reads, in which language, which day) names the content
exactly, in every process: the number is read from the database on each request, so a
part kept by one daphne is never served stale by another, and nothing has to be told to
forget. The parts are kept in this process's memory only (the "pages" cache, never on
disk), until local midnight or until a meeting on them stops being shown, whichever comes
first: what depends on the day ("i dag", a consent's last day, a stand-in's period) is
right the next day; an erased contact's parts are unreachable at once (its pages answer
404 first) and gone from memory by midnight at the latest.

What is not the contact's (the unread count, the session's timer, a notice of the
viewer's own pause, the CSRF token) stays outside the parts or is put in on the way out.
"""

import datetime
from collections.abc import Callable, Sequence
from typing import Any

from django.core.cache import caches
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from portal.models import Contact, User
from portal.queries.plan import MEETING_SHOWN_AFTER_START

# Rendered in place of the CSRF token, replaced by this request's own when served: the
# parts are shared by the viewer's devices, each with its own token.
CSRF_PLACEHOLDER = "csrf-placeholder-8c1f0f3e2d"


def _cache():
    return caches["pages"]


def seconds_valid(context: dict, now: datetime.datetime | None = None) -> int:
    """How long parts drawn from `context` stay right: until local midnight, or until the
    first meeting shown drops off the list two hours after it began."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    midnight = timezone.make_aware(
        datetime.datetime.combine(local.date() + datetime.timedelta(days=1), datetime.time())
    )
    until = midnight
    for meeting in context.get("meetings") or ():
        until = min(until, meeting.starts_at + MEETING_SHOWN_AFTER_START)
    return max(0, int((until - now).total_seconds()))


def key_for(name: str, contact: Contact, viewer: User, extra: Sequence = ()) -> str:
    day = timezone.localdate().isoformat()
    language = translation.get_language()
    parts = [name, contact.pk, contact.last_seq, viewer.pk, language, day, *extra]
    return "part:" + ":".join(str(part) for part in parts)


def contact_parts(
    request,
    name: str,
    contact: Contact,
    templates: Sequence[str],
    build: Callable[[], dict],
    extra: Sequence = (),
) -> list[SafeString]:
    """The rendered `templates` of the page `name` for this contact and viewer: kept ones
    when the contact has not changed, else drawn from `build()` (called only then) and
    kept. `extra`: anything else the parts depend on (it goes into the key)."""

    def draw() -> tuple[list[str], dict]:
        context = build()
        context["csrf_token"] = CSRF_PLACEHOLDER
        return [render_to_string(template, context, request) for template in templates], context

    kept = _kept(key_for(name, contact, request.user, extra), draw)
    token = get_token(request)
    return [mark_safe(part.replace(CSRF_PLACEHOLDER, token)) for part in kept]  # noqa: S308


def contact_data(request, name: str, contact: Contact, build: Callable[[], dict]) -> dict:
    """What `build()` reads of the contact for the API, kept like the parts (the same key
    and lifetime): a hit is a fresh copy (the cache pickles), so the caller may change it."""

    def read() -> tuple[dict, dict]:
        data = build()
        return data, data

    return _kept(key_for(name, contact, request.user), read)


def _kept(key: str, make: Callable[[], tuple[Any, dict]]) -> Any:
    """The value kept under `key`, else `make()`'s (value, the context it came from),
    kept for as long as that context stays right (`seconds_valid`)."""
    kept = _cache().get(key)
    if kept is None:
        kept, context = make()
        timeout = seconds_valid(context)
        if timeout > 0:
            _cache().set(key, kept, timeout)
    return kept


def forget_all() -> None:
    """Drop every kept part of this process (the tests: ids and numbers repeat)."""
    _cache().clear()
