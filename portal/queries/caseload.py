"""Caseloads: an ombud's day (what needs attention first, then the clients by phase),
what each contact has waiting, and the operation's figures for the coordinator (never a
client's name)."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.models import (
    Consent,
    Contact,
    Letter,
    Meeting,
    Operation,
    Organisation,
    Phase,
    Role,
    Task,
    TaskStatus,
    User,
    Who,
    WorkingNote,
)
from portal.queries.conversation import unread
from portal.queries.team import running_stand_ins


@dataclass
class PhaseGroup:
    phase: Phase
    rows: list = field(default_factory=list)  # those not already listed for attention
    recommended: int = 0
    total: int = 0  # every client in the phase

    @property
    def count(self) -> int:
        return self.total

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


# What needs the ombud's attention, most pressing first: the order of the caseload's
# first list, and of the reasons on a row.
ATTENTION = ("unread", "overdue", "meeting_today", "consent_gap", "letter_deadline")


def _active_consent_for_task() -> Exists:
    """An active consent, on the task's contact, for the task's organisation."""
    today = timezone.localdate()
    return Exists(
        Consent.objects.filter(
            contact_id=OuterRef("contact_id"),
            organisation=OuterRef("organisation"),
            withdrawn_at__isnull=True,
        ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    )


def _with_news(contacts: QuerySet[Contact], ombud: User) -> QuerySet[Contact]:
    """`contacts`, each with what the caseload row says for `ombud`, in one query.

    Subqueries rather than joins: joining tasks, meetings and messages at once would
    multiply rows for a long contact."""
    now = timezone.now()
    today = timezone.localdate()
    tomorrow = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min)
    )
    open_tasks = Task.objects.filter(status=TaskStatus.TODO)
    return (
        contacts.select_related("client", "ombud")
        .annotate(
            open_tasks=_count(open_tasks),
            next_meeting=Subquery(
                Meeting.objects.filter(contact=OuterRef("pk"), starts_at__gte=now)
                .order_by("starts_at")
                .values("starts_at")[:1]
            ),
            unread=_count(unread(ombud)),
            # The ombud's own or the together tasks past their day.
            overdue=_count(open_tasks.filter(who__in=(Who.OMBUD, Who.TOGETHER), due__lt=today)),
            # Today's meeting, from an hour ago (it may be going on) to midnight.
            meeting_today=Subquery(
                Meeting.objects.filter(
                    contact=OuterRef("pk"),
                    starts_at__gte=now - datetime.timedelta(hours=1),
                    starts_at__lt=tomorrow,
                )
                .order_by("starts_at")
                .values("starts_at")[:1]
            ),
            # An organisation a task still to do involves, without an active consent.
            consent_gap=Subquery(
                open_tasks.filter(contact=OuterRef("pk"))
                .exclude(organisation="")
                .exclude(_active_consent_for_task())
                .order_by("organisation")
                .values("organisation")[:1]
            ),
            # A letter to answer within the week (as its reminders: portal.queries.letters).
            letter_deadline=Subquery(
                Letter.objects.filter(
                    contact=OuterRef("pk"),
                    status=Letter.Status.READ,
                    deadline__gte=today,
                    deadline__lte=today + datetime.timedelta(days=7),
                )
                .order_by("deadline")
                .values("deadline")[:1]
            ),
        )
        .order_by("client__first_name", "pk")
    )


@dataclass
class Row:
    """One client on the caseload: the contact (with its annotations, see `_rows`) and
    the reasons it needs attention, most pressing first."""

    contact: Contact
    attention: list[str]
    consent_gap_name: str = ""  # the organisation a task lacks a consent for

    @property
    def pk(self) -> int:
        return self.contact.pk


def _row(contact: Any) -> Row:
    gap = contact.consent_gap
    return Row(
        contact=contact,
        attention=[reason for reason in ATTENTION if getattr(contact, reason)],
        consent_gap_name=str(dict(Organisation.choices).get(gap, "")) if gap else "",
    )


def _urgency(row: Row) -> tuple[bool, ...]:
    """Sort key: the most pressing reason first (unread before overdue …)."""
    return tuple(reason not in row.attention for reason in ATTENTION)


def _rows(ombud: User) -> QuerySet[Contact]:
    """The ombud's own active contacts, with what their rows say."""
    return _with_news(Contact.objects.filter(ombud=ombud, status=Contact.Status.ACTIVE), ombud)


def _own_and_standing_in(ombud: User) -> tuple[list[Contact], list[Contact]]:
    """The ombud's own active contacts and those the ombud stands in on today (not counted
    in the limit, each with the last day of the stand-in), with what their rows say: in
    one query, since building and compiling the rows' subqueries costs more than running
    them (issue 13)."""
    periods = running_stand_ins().filter(ombud=ombud)
    contacts = list(
        _with_news(
            Contact.objects.filter(status=Contact.Status.ACTIVE)
            .filter(Q(ombud=ombud) | Q(pk__in=periods.values("contact")))
            .annotate(
                stand_in_until=Subquery(
                    periods.filter(contact=OuterRef("pk"))
                    .order_by("-ends_on")
                    .values("ends_on")[:1]
                )
            ),
            ombud,
        )
    )
    own = [contact for contact in contacts if contact.ombud_id == ombud.pk]
    return own, [contact for contact in contacts if contact.ombud_id != ombud.pk]


def caseload(ombud: User) -> dict:
    """The ombud's day: first the clients with something that needs attention (unread
    messages, the ombud's or together tasks past their day, a meeting today, a missing
    consent for a task's organisation, a letter to answer within the week), the most
    pressing first, each with its reasons; then the rest grouped by phase, with counts
    against a third of the limit (counting every client of the phase); apart from them
    the contacts the ombud stands in on today. One query."""
    own, standing_in = _own_and_standing_in(ombud)
    rows = [_row(contact) for contact in own]
    limit = ombud.caseload_limit()
    groups = {phase: PhaseGroup(phase=phase, recommended=third_of(limit)) for phase in Phase}
    for row in rows:
        group = groups[Phase(row.contact.phase)]
        group.total += 1
        if not row.attention:
            group.rows.append(row)
    attention = sorted((row for row in rows if row.attention), key=_urgency)
    return {
        "attention": attention,
        "groups": list(groups.values()),
        "total": len(rows),
        "limit": limit,
        "standing_in": standing_in,
    }


def caseload_row(ombud: User, contact_id: int) -> Row | None:
    """One row of the caseload, as the page draws it (for a live update). One query."""
    contact = _rows(ombud).filter(pk=contact_id).first()
    return _row(contact) if contact is not None else None


def waiting_for_ombud(contact: Contact, viewer: User) -> dict:
    """Unread messages and the viewer's own working notes on one contact, and the notes
    on it that are undecided or handed over (whoever wrote them; the plan's ending and
    team sections ask, and notes get no number: portal/pagecache.py keys on these), in
    one query."""
    notes = WorkingNote.objects.all()
    return (
        Contact.objects.filter(pk=contact.pk)
        .annotate(
            unread=_count(unread(viewer)),
            note_count=_count(notes.filter(author_id=viewer.pk, handed_over_at__isnull=True)),
            undecided_notes=_count(
                notes.filter(
                    handed_over_at__isnull=True, disposition=WorkingNote.Disposition.UNDECIDED
                )
            ),
            handed_notes=_count(notes.filter(handed_over_at__isnull=False)),
        )
        .values("unread", "note_count", "undecided_notes", "handed_notes")
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
