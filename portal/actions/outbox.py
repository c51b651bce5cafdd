"""Applying what a phone queued while it was offline.

Each item carries a UUID made on the phone. However often the phone retries (the page on
reconnect, the service worker's background sync, both at once), each item is applied
exactly once: messages are unique per (contact, client_uuid), and every other kind
leaves an OutboxReceipt, created in the same transaction as the change."""

import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from portal.actions import messaging
from portal.actions import plan as plan_actions
from portal.models import Contact, OutboxReceipt, Task, User


@dataclass(frozen=True)
class Item:
    id: uuid.UUID
    kind: str  # "message" or "task_done"
    contact: Contact
    text: str = ""
    task: Task | None = None
    done: bool = True


def apply(item: Item, user: User) -> None:
    if item.kind == "message":
        messaging.send_message(item.contact, user, text=item.text, client_uuid=item.id)
    elif item.kind == "task_done":
        task = item.task
        if task is None:
            raise ValueError("A task_done item names its task.")
        _apply_once(item, lambda: plan_actions.set_task_done(task, user, done=item.done))
    else:
        raise ValueError(f"Unknown outbox item kind: {item.kind!r}")


def _apply_once(item: Item, change) -> None:
    try:
        with transaction.atomic():
            _, created = OutboxReceipt.objects.get_or_create(
                contact=item.contact, client_uuid=item.id, defaults={"kind": item.kind}
            )
            if created:
                change()
    except IntegrityError:
        pass  # a concurrent retry of the same item won the race and applied it
