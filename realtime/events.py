"""Publish events to a contact's group, only after the change is committed.

Actions are the only callers. A rolled-back change never reaches a phone, because the
send is registered with transaction.on_commit and dropped with the transaction.

Three kinds of event, none with content (only numbers travel, never a session key):
- `contact.changed` (contact, seq): a numbered change; sockets read it from the database.
- `contact.members` (contact): who belongs to the contact changed (it ended, moved to
  another ombud, a stand-in came or went); each socket in the group checks whether its
  user still belongs to it, and stops following it if not.
- `user.contacts` / `user.sessions` to the user's own group: their set of contacts grew;
  or one of their sessions ended, they were switched off or their password changed, so
  each of their sockets checks that its own session still holds (else it closes).
"""

import asyncio
import logging
import os
from collections.abc import Iterable

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

# The sends under way on the server's event loop (a task nobody holds may be collected).
_sending: set[asyncio.Task] = set()


def user_group(user) -> str:
    """Everything one person has open: told when their contacts or sessions change."""
    return f"user-{user.pk}"


def _server_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop of the ASGI server this thread works for, if it is one of the
    threads a request or a consumer runs in (asgiref notes it there); else None (the
    job worker, a management command, a test's plain Django client)."""
    if getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None) != os.getpid():
        return None
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    return loop if loop is not None and loop.is_running() else None


async def _group_send(group: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        await layer.group_send(group, event)
    except Exception:
        # The change is committed; the sockets catch up from the database (realtime/watch.py).
        logger.exception("Could not publish a live event to the channel layer.")


def _start(group: str, event: dict) -> None:
    task = asyncio.get_running_loop().create_task(_group_send(group, event))
    _sending.add(task)
    task.add_done_callback(_sending.discard)


def send_now(group: str, event: dict) -> None:
    """Hand the event to the channel layer without waiting for it.

    In a request (or a consumer) the send is started on the server's event loop and the
    thread goes on at once: a busy loop or a slow layer (Redis far away or restarting)
    never holds up the answer. Elsewhere, with no server loop, it is sent before this
    returns. Only numbers travel, and a socket that misses one catches up from the
    database (realtime/watch.py), so an event that is late or lost costs a few seconds,
    never a frame."""
    loop = _server_loop()
    if loop is None:
        async_to_sync(_group_send)(group, event)
        return
    loop.call_soon_threadsafe(_start, group, event)


def publish_after_commit(group: str, event: dict) -> None:
    # robust: the change is committed whatever happens here.
    transaction.on_commit(lambda: send_now(group, event), robust=True)


def sessions_changed(user) -> None:
    """After commit, every open socket of `user` checks that its session still holds."""
    publish_after_commit(user_group(user), {"type": "user.sessions"})


def membership_changed(contact, *, joined: Iterable = ()) -> None:
    """After commit, every socket following `contact` checks that its user still belongs
    to it; each user in `joined` starts following it on their open pages."""
    publish_after_commit(contact.group_name, {"type": "contact.members", "contact": contact.pk})
    for user in joined:
        publish_after_commit(user_group(user), {"type": "user.contacts"})
