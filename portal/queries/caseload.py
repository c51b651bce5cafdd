"""Caseloads: an ombud's clients grouped by phase, what each contact has waiting, and the
operation's figures for the coordinator (never a client's name)."""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.models import (
    Contact,
    Meeting,
    Operation,
    Phase,
    Role,
    Task,
    TaskStatus,
    User,
    WorkingNote,
)
from portal.queries.conversation import unread
from portal.queries.team import running_stand_ins


@dataclass
class PhaseGroup:
    phase: Phase
    contacts: list = field(default_factory=list)
    recommended: int = 0

    @property
    def count(self) -> int:
        return len(self.contacts)

    @property
    def over(self) -> bool:
        return self.count > self.recommended


def _count(queryset: QuerySet) -> Coalesce:
    """How many rows of `queryset` belong to the outer contact."""
    per_contact = (
        queryset.filter(contact=OuterRef("pk"))
        .values("contact")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(per_contact), 0)


def third_of(limit: int) -> int:
    """The recommended number of clients in each of the three phases."""
    return round(limit / 3) if limit else 0


def _with_news(contacts: QuerySet[Contact], ombud: User) -> QuerySet[Contact]:
    """Open tasks, the next meeting and unread messages of each contact, as subqueries
    rather than joins: joining tasks, meetings and messages at once would multiply rows
    for a long contact."""
    return (
        contacts.select_related("client", "ombud")
        .annotate(
            open_tasks=_count(Task.objects.filter(status=TaskStatus.TODO)),
            next_meeting=Subquery(
                Meeting.objects.filter(contact=OuterRef("pk"), starts_at__gte=timezone.now())
                .order_by("starts_at")
                .values("starts_at")[:1]
            ),
            unread=_count(unread(ombud)),
        )
        .order_by("client__first_name", "pk")
    )


def caseload(ombud: User) -> dict:
    """The ombud's clients grouped by phase, each with counts against a third of the limit,
    and apart from them the contacts they stand in on today (not counted in the limit)."""
    contacts = _with_news(Contact.objects.filter(ombud=ombud, status=Contact.Status.ACTIVE), ombud)
    limit = ombud.caseload_limit()
    groups = {phase: PhaseGroup(phase=phase, recommended=third_of(limit)) for phase in Phase}
    for contact in contacts:
        groups[Phase(contact.phase)].contacts.append(contact)
    total = sum(group.count for group in groups.values())
    periods = running_stand_ins().filter(ombud=ombud)
    standing_in = _with_news(
        Contact.objects.filter(
            status=Contact.Status.ACTIVE, pk__in=periods.values("contact")
        ).annotate(
            stand_in_until=Subquery(
                periods.filter(contact=OuterRef("pk")).order_by("-ends_on").values("ends_on")[:1]
            )
        ),
        ombud,
    )
    return {
        "groups": list(groups.values()),
        "total": total,
        "limit": limit,
        "standing_in": list(standing_in),
    }


def waiting_for_ombud(contact: Contact, viewer: User) -> dict:
    """Unread messages and the viewer's own working notes on one contact, in one query."""
    return (
        Contact.objects.filter(pk=contact.pk)
        .annotate(
            unread=_count(unread(viewer)),
            note_count=_count(
                WorkingNote.objects.filter(author_id=viewer.pk, handed_over_at__isnull=True)
            ),
        )
        .values("unread", "note_count")
        .get()
    )


def active_caseloads(operation: Operation | None) -> dict[int, int]:
    """Active clients per ombud of the operation, in one query."""
    rows = (
        Contact.objects.filter(operation=operation, status=Contact.Status.ACTIVE)
        .values("ombud_id")
        .annotate(n=Count("pk"))
    )
    return {row["ombud_id"]: row["n"] for row in rows}


def active_ombud(operation: Operation | None) -> QuerySet[User]:
    return (
        User.objects.filter(role=Role.OMBUD, operation=operation, is_active=True)
        .select_related("operation")
        .order_by("first_name", "pk")
    )


def free_places(operation: Operation | None) -> int:
    """Places left under the caseload limits of the operation's ombud, all together."""
    caseloads = active_caseloads(operation)
    return sum(
        max(0, person.caseload_limit() - caseloads.get(person.pk, 0))
        for person in active_ombud(operation)
    )


def staff_overview(operation: Operation | None) -> list[dict]:
    """For the coordinator: how many clients each ombud has in each phase, against a third
    of their limit. Figures only, no client's name. Two queries."""
    counts = (
        Contact.objects.filter(operation=operation, status=Contact.Status.ACTIVE)
        .values("ombud_id", "phase")
        .annotate(n=Count("pk"))
    )
    by_ombud: dict[int, dict[int, int]] = {}
    for row in counts:
        by_ombud.setdefault(row["ombud_id"], {})[row["phase"]] = row["n"]
    rows = []
    for person in active_ombud(operation):
        phases = [by_ombud.get(person.pk, {}).get(phase.value, 0) for phase in Phase]
        limit = person.caseload_limit()
        rows.append(
            {
                "ombud": person,
                "phases": phases,
                "total": sum(phases),
                "limit": limit,
                "third": third_of(limit),
            }
        )
    return rows
