"""Publish events to a contact's group, only after the change is committed.

Actions are the only callers. A rolled-back change never reaches a phone, because the
send is registered with transaction.on_commit and dropped with the transaction.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def user_group(user) -> str:
    """Everything one person has open: told when their set of contacts changes."""
    return f"user-{user.pk}"


def publish_after_commit(group: str, event: dict) -> None:
    def send() -> None:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(group, event)

    transaction.on_commit(send)
