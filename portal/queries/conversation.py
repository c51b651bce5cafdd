"""The conversation between a client and their ombud: a page of messages, and what is
unread. "Unread" is defined here once: sent by the other party and not yet read. The
other party of the ombud side (the ombud, a stand-in) is the client, and the client's is
whoever of the ombud side wrote."""

import datetime

from django.db import connection
from django.db.models import Count, F, Func, QuerySet, Subquery
from django.utils import timezone

from portal.access import contacts_for
from portal.models import Contact, Message, StandIn, User

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
    waiting = unread(user)
    if user.is_client:
        # On every client page (the badge): a join, not contacts_for's subquery with its
        # ombud and stand-in branches (a client is never either).
        waiting = waiting.filter(contact__client=user, contact__status=Contact.Status.ACTIVE)
    else:
        waiting = waiting.filter(contact__in=contacts_for(user).values("pk"))
    rows = waiting.values("contact_id").annotate(n=Count("pk"))
    return {row["contact_id"]: row["n"] for row in rows}


def badge_count(user: User) -> int:
    """`unread_counts(user)` summed, for the badge on every page: the same rule in one
    plain statement, as building the ORM's nested subqueries costs more than running them
    (tests/portal/test_unread.py holds the two equal, for a client, an ombud and a
    stand-in)."""
    messages, contacts = Message._meta.db_table, Contact._meta.db_table
    sql = (
        f"SELECT COUNT(*) FROM {messages} m JOIN {contacts} c ON c.id = m.contact_id"
        " WHERE c.status = %s AND m.read_at IS NULL AND "
    )
    active = Contact.Status.ACTIVE.value
    params: list[str | int | datetime.date]
    if user.is_client:
        sql += "c.client_id = %s AND (m.sender_id IS NULL OR m.sender_id <> %s)"
        params = [active, user.pk, user.pk]
    else:
        # What the client wrote, on the ombud's own contacts and those they stand in on
        # today (portal.queries.team.running_stand_ins).
        sql += (
            f"m.sender_id = c.client_id AND (c.ombud_id = %s OR c.id IN ("
            f"SELECT s.contact_id FROM {StandIn._meta.db_table} s WHERE s.ombud_id = %s"
            " AND s.removed_at IS NULL AND s.starts_on <= %s AND s.ends_on >= %s))"
        )
        today = timezone.localdate()
        params = [active, user.pk, user.pk, today, today]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


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
