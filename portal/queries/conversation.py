"""The conversation between a client and their ombud: a page of messages, and what is
unread. "Unread" is defined here once: sent by the other party and not yet read. The
other party of the ombud side (the ombud, a stand-in) is the client, and the client's is
whoever of the ombud side wrote."""

from django.db.models import Count, F, Func, QuerySet, Subquery

from portal.access import contacts_for
from portal.models import Contact, Message, User

PAGE_SIZE = 30


def unread(reader: User) -> QuerySet[Message]:
    """Messages the other party sent to `reader` that `reader` has not read yet."""
    waiting = Message.objects.filter(read_at__isnull=True)
    if reader.is_client:
        return waiting.exclude(sender=reader)
    # The ombud side reads what the client wrote (not what a stand-in wrote to them).
    return waiting.filter(sender_id=F("contact__client_id"))


def unread_for(contact: Contact, reader: User) -> QuerySet[Message]:
    return unread(reader).filter(contact=contact)


def unread_counts(user: User) -> dict[int, int]:
    """Unread messages per active contact of this user, in one query."""
    active = contacts_for(user).values("pk")
    rows = unread(user).filter(contact__in=active).values("contact_id").annotate(n=Count("pk"))
    return {row["contact_id"]: row["n"] for row in rows}


def unread_total(user: User) -> Subquery:
    """The user's unread messages over all their active contacts (the badge), as a
    subquery to put beside another query's rows: it adds no query of its own."""
    rows = unread(user).filter(contact__in=contacts_for(user).values("pk")).order_by()
    return Subquery(rows.annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1])


def load_conversation(contact: Contact, *, before: int | None = None) -> dict:
    """The latest page of messages (oldest first on screen), or the page before a message."""
    messages = contact.messages.select_related("sender").prefetch_related("attachments")
    if before is not None:
        messages = messages.filter(pk__lt=before)
    page = list(messages.order_by("-pk")[: PAGE_SIZE + 1])
    has_older = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE][::-1]
    for message in page:
        message.contact = contact  # the bubble asks who the parties are
    return {
        "contact": contact,
        "bubbles": page,
        "has_older": has_older,
        "oldest_id": page[0].pk if page else None,
    }
