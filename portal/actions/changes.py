"""The numbered record of changes to a contact, and the event each change publishes."""

from portal.models import Contact, PlanChange, User
from realtime.events import publish_after_commit


def record_change(
    contact: Contact, actor: User | None, verb: str, subject: str = "", *, obj: str = "", pk=None
) -> PlanChange:
    """Give the change the contact's next number, store it, publish it after commit.

    Must run inside the caller's transaction: the row lock on the contact makes the
    numbers gap-free and ordered even when client and ombud change the plan at once.
    """
    locked = Contact.objects.select_for_update().only("pk", "last_seq").get(pk=contact.pk)
    seq = locked.last_seq + 1
    Contact.objects.filter(pk=contact.pk).update(last_seq=seq)
    contact.last_seq = seq
    change = PlanChange.objects.create(
        contact=contact, seq=seq, actor=actor, verb=verb, subject=subject[:300]
    )
    publish_after_commit(
        contact.group_name,
        {
            "type": "contact.changed",
            "contact": contact.pk,
            "seq": seq,
            "verb": verb,
            "object": obj,
            "id": pk,
        },
    )
    return change
