"""The staff history: an ombud's full-time equivalent, with the dates it held.

The annual report counts årsarbetare from it (an ombud at 50 % for half a year is 0.25),
so a change of FTE closes the running period and opens a new one; nothing is
overwritten. User.fte stays the FTE of today: the caseload limit follows it.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from portal.models import StaffPeriod, User


def _check(actor: User, ombud: User) -> int:
    if (
        not getattr(actor, "is_coordinator", False)
        or actor.operation_id is None
        or ombud.operation_id != actor.operation_id
        or not ombud.is_ombud
    ):
        raise PermissionDenied("A coordinator keeps the staff history of their own ombud.")
    return actor.operation_id


def set_fte(actor: User, ombud: User, *, fte: Decimal, from_date: datetime.date) -> StaffPeriod:
    """From `from_date` on, the ombud works at `fte` (0 < fte ≤ 1). A period starting on
    or after that day is replaced; the running one ends the day before."""
    operation_id = _check(actor, ombud)
    if not Decimal("0") < fte <= Decimal("1"):
        raise ValueError("An FTE is more than 0 and at most 1.")
    with transaction.atomic():
        User.objects.select_for_update().get(pk=ombud.pk)  # one change at a time
        periods = StaffPeriod.objects.filter(ombud=ombud)
        periods.filter(started_on__gte=from_date).delete()
        for running in periods.filter(started_on__lt=from_date).exclude(ended_on__lt=from_date):
            running.ended_on = from_date - datetime.timedelta(days=1)
            running.save(update_fields=["ended_on"])
        period = StaffPeriod.objects.create(
            operation_id=operation_id, ombud=ombud, fte=fte, started_on=from_date
        )
        if from_date <= timezone.localdate():
            ombud.fte = fte
            ombud.save(update_fields=["fte"])
    return period


def stop(actor: User, ombud: User, *, last_day: datetime.date) -> None:
    """The ombud's last working day: the running period ends then."""
    _check(actor, ombud)
    with transaction.atomic():
        StaffPeriod.objects.filter(ombud=ombud, started_on__gt=last_day).delete()
        StaffPeriod.objects.filter(ombud=ombud).exclude(ended_on__lte=last_day).update(
            ended_on=last_day
        )
