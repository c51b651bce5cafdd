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

from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def user_group(user) -> str:
    """Everything one person has open: told when their contacts or sessions change."""
    return f"user-{user.pk}"


def publish_after_commit(group: str, event: dict) -> None:
    def send() -> None:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(group, event)

    # robust: the change is committed whatever happens here. With Redis away (restarting),
    # the send fails and is logged, and the request still answers as the change deserves;
    # the pages get the event from the database when the sockets catch up (consumers.py).
    transaction.on_commit(send, robust=True)


def sessions_changed(user) -> None:
    """After commit, every open socket of `user` checks that its session still holds."""
    publish_after_commit(user_group(user), {"type": "user.sessions"})


def membership_changed(contact, *, joined: Iterable = ()) -> None:
    """After commit, every socket following `contact` checks that its user still belongs
    to it; each user in `joined` starts following it on their open pages."""
    publish_after_commit(contact.group_name, {"type": "contact.members", "contact": contact.pk})
    for user in joined:
        publish_after_commit(user_group(user), {"type": "user.contacts"})
