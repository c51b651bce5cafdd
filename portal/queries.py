"""Read models for the pages: each loads everything a page needs in a fixed number of
queries, however large the caseload or the plan."""

from dataclasses import dataclass, field

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from portal.models import Contact, Meeting, Phase, PlanChange, Task, TaskStatus, User


def load_plan(contact: Contact, *, changes: int = 10) -> dict:
    """Assignments with their tasks, upcoming meetings, comments and recent changes."""
    tasks = Task.objects.select_related("updated_by")
    assignments = list(
        contact.assignments.select_related("updated_by").prefetch_related(
            Prefetch("tasks", queryset=tasks)
        )
    )
    for assignment in assignments:
        # The rows show "who does it" from the viewer's side, which needs the contact's
        # people: hand them the contact we already have instead of one query per task.
        assignment.contact = contact
        for task in assignment.tasks.all():
            task.contact = contact
    now = timezone.now()
    meetings = list(
        contact.meetings.filter(starts_at__gte=now - timezone.timedelta(hours=2)).select_related(
            "updated_by"
        )
    )
    open_tasks = [t for a in assignments for t in a.tasks.all() if not t.is_done]
    return {
        "contact": contact,
        "assignments": assignments,
        "meetings": meetings,
        "next_meeting": meetings[0] if meetings else None,
        "open_task_count": len(open_tasks),
        "comments": list(contact.comments.select_related("author")[:20]),
        "changes": list(contact.changes.select_related("actor")[:changes]),
    }


def upcoming_meetings(contact: Contact) -> QuerySet[Meeting]:
    return contact.meetings.filter(starts_at__gte=timezone.now()).select_related("updated_by")


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


def caseload(ombud: User) -> dict:
    """The ombud's clients grouped by phase, each with counts against a third of the limit."""
    contacts = (
        Contact.objects.filter(ombud=ombud, status=Contact.Status.ACTIVE)
        .select_related("client")
        .annotate(
            open_tasks=Count("tasks", filter=Q(tasks__status=TaskStatus.TODO), distinct=True),
            next_meeting=Min(
                "meetings__starts_at", filter=Q(meetings__starts_at__gte=timezone.now())
            ),
        )
        .order_by("client__first_name", "pk")
    )
    limit = ombud.caseload_limit()
    third = round(limit / 3) if limit else 0
    groups = {phase: PhaseGroup(phase=phase, recommended=third) for phase in Phase}
    for contact in contacts:
        groups[Phase(contact.phase)].contacts.append(contact)
    total = sum(group.count for group in groups.values())
    return {"groups": list(groups.values()), "total": total, "limit": limit}


def recent_changes(contact: Contact, limit: int = 50) -> QuerySet[PlanChange]:
    return contact.changes.select_related("actor")[:limit]
