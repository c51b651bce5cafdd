"""A short moment to change one's mind, instead of "Är du säker?" every time.

Withdrawing a consent and removing a task happen at once: the other party sees it live,
as with any change. The toast then says what happened and offers "Ångra" for
`UNDO_SECONDS`; the undo action puts it back as it was (the same row: its id, its links
to a letter or a person in the network, who wrote it) and that is a change of its own,
which the other party also sees live. Nothing is counted in the statistics either way:
the annual figures never read tasks or consents.

The server accepts an undo a little longer than the button is shown (`GRACE_SECONDS`),
so a tap on a slow connection is not refused. A removed task waits, hidden everywhere,
until the window has passed; then it is deleted for good (portal.actions.plan
purge_removed_tasks, at the next removal and by `erase_ended_contacts` each night).
"""

import datetime

from django.utils import timezone

UNDO_SECONDS = 10
GRACE_SECONDS = 5


class UndoTooLate(Exception):
    """The moment to undo has passed: it stays as it is."""


def still_undoable(done_at: datetime.datetime | None, now: datetime.datetime | None = None) -> bool:
    """Was it done recently enough to be undone now?"""
    if done_at is None:
        return False
    now = now or timezone.now()
    return now - done_at <= datetime.timedelta(seconds=UNDO_SECONDS + GRACE_SECONDS)


def undo_until(done_at: datetime.datetime) -> datetime.datetime:
    """Until when the page offers "Ångra"."""
    return done_at + datetime.timedelta(seconds=UNDO_SECONDS)


def expired_before(now: datetime.datetime | None = None) -> datetime.datetime:
    """Anything done before this moment can no longer be undone."""
    return (now or timezone.now()) - datetime.timedelta(seconds=UNDO_SECONDS + GRACE_SECONDS)
