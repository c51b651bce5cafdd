"""The queue of requests for an ombud: its order, a request's place in it, and how long
people have waited.

The order: a request with at least one priority ground comes before those with none,
and within each group the one that came in first comes first. How many grounds a request
has does not matter: the grounds are the operation's way of saying "these go first", not
a score."""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.models import Intake, Operation, PriorityGround


def queue(operation: Operation | None) -> QuerySet[Intake]:
    """The waiting requests in queue order, each with `has_priority` and its grounds."""
    grounds = Intake.priority_grounds.through.objects.filter(intake_id=OuterRef("pk"))
    return (
        Intake.objects.filter(operation=operation, status=Intake.Status.WAITING)
        .annotate(has_priority=Exists(grounds))
        .prefetch_related("priority_grounds")
        .order_by("-has_priority", "requested_on", "created_at", "pk")
    )


def position(intake: Intake) -> int | None:
    """The request's place in the queue, from 1; None if it no longer waits."""
    order = list(queue(intake.operation).values_list("pk", flat=True))
    return order.index(intake.pk) + 1 if intake.pk in order else None


def waiting_days(intake: Intake, *, today: datetime.date | None = None) -> int:
    """Whole days since the person asked (0 on the day they asked)."""
    today = today or timezone.localdate()
    return max(0, (today - intake.requested_on).days)


def waited_in_words(days: int) -> str:
    """ "väntat i 12 dagar", or "kom in i dag"."""
    if days <= 0:
        return _("kom in i dag")
    return ngettext("väntat i %(days)d dag", "väntat i %(days)d dagar", days) % {"days": days}


def queue_entries(operation: Operation | None) -> list[dict]:
    """The queue as the page lists it: place, request and how long it has waited."""
    today = timezone.localdate()
    return [
        {
            "position": number,
            "intake": intake,
            "waited": waited_in_words(waiting_days(intake, today=today)),
        }
        for number, intake in enumerate(queue(operation), start=1)
    ]


def priority_grounds(operation: Operation | None) -> QuerySet[PriorityGround]:
    return PriorityGround.objects.filter(operation=operation).order_by("label", "pk")


@dataclass(frozen=True)
class QueueSummary:
    length: int
    median_days: int | None  # None when nobody waits


def queue_summary(
    operation: Operation | None, *, today: datetime.date | None = None
) -> QueueSummary:
    """How many wait, and the median waiting time in days (the lower middle value, so it
    is always a waiting time someone actually has). One query."""
    if operation is None:
        return QueueSummary(length=0, median_days=None)
    today = today or timezone.localdate()
    came_in = Intake.objects.filter(operation=operation, status=Intake.Status.WAITING)
    days = [
        max(0, (today - asked).days) for asked in came_in.values_list("requested_on", flat=True)
    ]
    return QueueSummary(length=len(days), median_days=statistics.median_low(days) if days else None)
