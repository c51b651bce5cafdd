"""Reading system failures (systemfel och brister): who may see which, and the list with
its figures, for the ombud's pages, the steering group's and the API alike. Changes are in
portal.actions.failures.

A failure belongs to an operation, not to a contact: it carries no client identity. The
ombud and the coordinators of the operation see its failures (the coordinators report
them on to the steering group); clients, and everyone of another operation, get 404.
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, TypeVar

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django_stubs_ext import WithAnnotations

from portal.models import FailureOrganisation, FailureSighting, Operation, Role, SystemFailure, User


def may_see_failures(user: User) -> bool:
    return (
        user.is_authenticated
        and user.role in (Role.OMBUD, Role.COORDINATOR)
        and user.operation_id is not None
    )


class Figures(TypedDict):
    seen_again: int
    times_met: int
    clients_seen_again: int
    clients_in_all: int


if TYPE_CHECKING:  # the annotated model, for the type checker only
    FailureWithFigures = WithAnnotations[SystemFailure, Figures]
else:
    FailureWithFigures = SystemFailure


def _with_figures(failures: QuerySet[SystemFailure]) -> QuerySet[FailureWithFigures]:
    """Each failure with its figures, counted in the same query: `seen_again` (sightings),
    `times_met` (the first report counts too), `clients_seen_again` (the clients of every
    sighting) and `clients_in_all` (those and the first report's)."""
    sightings = FailureSighting.objects.filter(failure=OuterRef("pk")).values("failure")
    count = sightings.annotate(n=Count("pk")).values("n")
    clients = sightings.annotate(n=Sum("clients_affected")).values("n")
    zero = Value(0, output_field=IntegerField())
    return failures.annotate(
        seen_again=Coalesce(Subquery(count, output_field=IntegerField()), zero),
        times_met=F("seen_again") + 1,
        clients_seen_again=Coalesce(Subquery(clients, output_field=IntegerField()), zero),
        clients_in_all=F("clients_seen_again") + F("clients_affected"),
    )


def failures_of(
    operation: Operation, filters: "Filters | None" = None
) -> QuerySet[FailureWithFigures]:
    """The operation's failures with their figures, narrowed by `filters`."""
    failures = SystemFailure.objects.filter(operation=operation).select_related(
        "organisation", "created_by"
    )
    return _with_figures(filtered(failures, filters) if filters else failures)


def selected_failures(operation: Operation, filters: "Filters") -> QuerySet[SystemFailure]:
    """The operation's failures narrowed by `filters`, without their figures: for
    counting and for the trend's aggregates."""
    return filtered(SystemFailure.objects.filter(operation=operation), filters)


def with_sightings(failures: QuerySet[FailureWithFigures]) -> QuerySet[FailureWithFigures]:
    """The same failures with their sightings in date order (for the trend): one query more."""
    return failures.prefetch_related(
        Prefetch("sightings", queryset=FailureSighting.objects.order_by("seen_on"))
    )


def failures_for(user: User) -> QuerySet[FailureWithFigures]:
    """The failures of the user's operation, with their figures; none for anyone else."""
    if not may_see_failures(user) or user.operation is None:
        return _with_figures(SystemFailure.objects.none())
    return failures_of(user.operation)


def get_failure(user: User, failure_id: int) -> FailureWithFigures:
    failure = failures_for(user).filter(pk=failure_id).first()
    if failure is None:
        raise Http404
    return failure


def require_failure_reader(user: User) -> None:
    """404 for anyone who does not see system failures at all (clients, no operation)."""
    if not may_see_failures(user):
        raise Http404


def organisations_for(user: User) -> QuerySet[FailureOrganisation]:
    """The operation's list of organisations, for the select."""
    if not may_see_failures(user) or user.operation_id is None:
        return FailureOrganisation.objects.none()
    return FailureOrganisation.objects.filter(operation_id=user.operation_id).order_by("name")


@dataclass(frozen=True)
class Filters:
    organisation: int | None = None
    level: str = ""
    category: str = ""
    status: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


Failures = TypeVar("Failures", bound=SystemFailure)


def filtered(failures: QuerySet[Failures], filters: Filters) -> QuerySet[Failures]:
    """Narrow a list by organisation, level, category, status and the date it happened."""
    if filters.organisation is not None:
        failures = failures.filter(organisation_id=filters.organisation)
    if filters.level:
        failures = failures.filter(level=filters.level)
    if filters.category:
        failures = failures.filter(category=filters.category)
    if filters.status:
        failures = failures.filter(status=filters.status)
    if filters.date_from:
        failures = failures.filter(occurred_on__gte=filters.date_from)
    if filters.date_to:
        failures = failures.filter(occurred_on__lte=filters.date_to)
    return failures


# A list shows the newest failures a page at a time: the operation's list grows by a few
# every week for years, and a page that rendered them all grew with it (issue 13).
PAGE_SIZE = 25


@dataclass(frozen=True)
class FailurePage:
    """One page of a list, newest first: `total` counts every failure selected, `older`
    is the cursor of the next page (None on the last)."""

    failures: list[FailureWithFigures]
    total: int
    older: str | None


def failure_page(
    failures: QuerySet[FailureWithFigures], after: str | None = None, size: int = PAGE_SIZE
) -> FailurePage:
    """The failures after the cursor `after` (the last one shown: "date.id", newest first),
    keyset-paged on (occurred_on, id) so a later page costs what the first does. A cursor
    that does not parse starts from the newest."""
    total = failures.count()
    day, pk = parse_cursor(after)
    if day is not None:
        failures = failures.filter(Q(occurred_on__lt=day) | Q(occurred_on=day, pk__lt=pk))
    shown = list(failures.order_by("-occurred_on", "-pk")[: size + 1])
    more = len(shown) > size
    shown = shown[:size]
    older = f"{shown[-1].occurred_on.isoformat()}.{shown[-1].pk}" if more else None
    return FailurePage(shown, total, older)


def parse_cursor(cursor: str | None) -> tuple[datetime.date | None, int]:
    try:
        day, _, pk = (cursor or "").partition(".")
        return datetime.date.fromisoformat(day), int(pk)
    except ValueError:
        return None, 0


def sightings_of(failure: SystemFailure) -> QuerySet[FailureSighting]:
    return failure.sightings.select_related("ombud")
