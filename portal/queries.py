"""Read models for the pages: each loads everything a page needs in a fixed number of
queries, however large the caseload or the plan."""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.models import (
    Consent,
    Contact,
    ContactEvent,
    Meeting,
    Message,
    Organisation,
    Phase,
    Task,
    TaskStatus,
    User,
)


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
    meetings = current_meetings(contact)
    open_tasks = [t for a in assignments for t in a.tasks.all() if not t.is_done]
    # One query for the consents: the ombud's rows flag a task whose organisation has none.
    consents = list(contact.consents.select_related("recorded_by"))
    consented = {c.organisation for c in consents if c.is_active}
    flag_missing_consent([t for a in assignments for t in a.tasks.all()], consented)
    return {
        "contact": contact,
        "assignments": assignments,
        "meetings": meetings,
        "next_meeting": meetings[0] if meetings else None,
        "open_task_count": len(open_tasks),
        "comments": list(contact.comments.select_related("author")[:20]),
        "changes": list(plan_events(contact)[:changes]),
        "consents": consents,
        "consented": consented,
    }


def active_consents(contact: Contact) -> QuerySet[Consent]:
    """Consents in force today: not taken back, and not past their last day."""
    today = timezone.localdate()
    return contact.consents.filter(withdrawn_at__isnull=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )


def consented_organisations(contact: Contact) -> set[str]:
    """The organisations the ombud may be in contact with today, in one query."""
    return set(active_consents(contact).values_list("organisation", flat=True))


def flag_missing_consent(tasks, consented: set[str]) -> None:
    """Mark each open task that involves an organisation without an active consent:
    `task.consent_missing`, and the organisation's name for the ombud's row."""
    names = dict(Organisation.choices)
    for task in tasks:
        task.consent_missing = bool(
            task.organisation and not task.is_done and task.organisation not in consented
        )
        task.organisation_name = str(names.get(task.organisation, "")) if task.organisation else ""


def consent_lists(contact: Contact, consents: list[Consent] | None = None) -> dict:
    """The contact's consents for the consent list: those in force first, then the ones
    taken back or past their last day. One query, or none if `consents` is given."""
    if consents is None:
        consents = list(contact.consents.select_related("recorded_by"))
    for consent in consents:
        consent.contact = contact  # the item names the client and the ombud
    return {
        "active_consents": [c for c in consents if c.is_active],
        "ended_consents": [c for c in consents if not c.is_active],
    }


def plan_events(contact: Contact) -> QuerySet[ContactEvent]:
    """The plan's "who changed what": every event but the messaging ones."""
    return contact.events.filter(verb__in=ContactEvent.PLAN_VERBS).select_related("actor")


def current_meetings(contact: Contact) -> list[Meeting]:
    """Meetings still to come, and those that began in the last two hours (still going)."""
    since = timezone.now() - timezone.timedelta(hours=2)
    meetings = list(contact.meetings.filter(starts_at__gte=since).select_related("updated_by"))
    for meeting in meetings:
        meeting.contact = contact  # the item names the client; no query per meeting
    return meetings


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


def caseload(ombud: User) -> dict:
    """The ombud's clients grouped by phase, each with counts against a third of the limit."""
    contacts = (
        Contact.objects.filter(ombud=ombud, status=Contact.Status.ACTIVE)
        .select_related("client")
        # Subqueries rather than joins: joining tasks, meetings and messages at once
        # would multiply rows for a long contact.
        .annotate(
            open_tasks=_count(Task.objects.filter(status=TaskStatus.TODO)),
            next_meeting=Subquery(
                Meeting.objects.filter(contact=OuterRef("pk"), starts_at__gte=timezone.now())
                .order_by("starts_at")
                .values("starts_at")[:1]
            ),
            unread=_count(Message.objects.filter(read_at__isnull=True).exclude(sender=ombud)),
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


def recent_changes(contact: Contact, limit: int = 50) -> QuerySet[ContactEvent]:
    return contact.events.select_related("actor")[:limit]


PAGE_SIZE = 30


def load_conversation(contact: Contact, viewer: User, *, before: int | None = None) -> dict:
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


def unread_counts(user: User) -> dict[int, int]:
    """Unread messages per contact for this user, in one query."""
    rows = (
        Message.objects.filter(contact__in=_active_contacts_of(user), read_at__isnull=True)
        .exclude(sender=user)
        .values("contact_id")
        .annotate(n=Count("pk"))
    )
    return {row["contact_id"]: row["n"] for row in rows}


def _active_contacts_of(user: User) -> QuerySet[Contact]:
    return Contact.objects.filter(Q(client=user) | Q(ombud=user), status=Contact.Status.ACTIVE)
