"""The staff history as the coordinator reads it: each ombud's periods, newest first."""

from portal.models import Operation, StaffPeriod, User
from portal.queries.caseload import active_ombud


def staff_history(operation: Operation | None) -> list[tuple[User, list[StaffPeriod]]]:
    """Every active ombud of the operation with their periods, in two queries."""
    people = list(active_ombud(operation))
    periods: dict[int, list[StaffPeriod]] = {person.pk: [] for person in people}
    for period in StaffPeriod.objects.filter(ombud__in=people).order_by("-started_on", "-pk"):
        if period.ombud_id is not None:
            periods[period.ombud_id].append(period)
    return [(person, periods[person.pk]) for person in people]
