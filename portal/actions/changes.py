"""Numbering a contact's events, and publishing each one after commit."""

from portal.models import Contact, ContactEvent, User
from realtime.events import publish_after_commit


def record_change(
    contact: Contact,
    actor: User | None,
    verb: str,
    subject: str = "",
    *,
    obj: str = "",
    pk: int | None = None,
) -> ContactEvent:
    """Give the change the contact's next number, store it, publish it after commit.

    Must run inside the caller's transaction: the row lock on the contact makes the
    numbers gap-free and ordered even when client and ombud change things at once, and
    a later number is never committed before an earlier one.
    """
    locked = Contact.objects.select_for_update().only("pk", "last_seq").get(pk=contact.pk)
    seq = locked.last_seq + 1
    Contact.objects.filter(pk=contact.pk).update(last_seq=seq)
    contact.last_seq = seq
    event = ContactEvent.objects.create(
        contact=contact,
        seq=seq,
        actor=actor,
        verb=verb,
        subject=subject[:300],
        object_kind=obj,
        object_id=pk,
    )
    # Only numbers travel through the channel layer (Redis in production): the consumer
    # reads the event from the database and renders it for each reader.
    publish_after_commit(
        contact.group_name, {"type": "contact.changed", "contact": contact.pk, "seq": seq}
    )
    return event
