"""Who works with the client, as the rules, the pages, the API and the frames read it.

The *ombud side* of a contact is its ombud and, while their period runs (from `starts_on`
to `ends_on`, both days included, by the local date, not removed), a stand-in. Every
rule that asks "is this the contact's ombud?" asks `on_ombud_side` here, except:
- working notes: the ombud's own (portal.actions.notes asks `contact.ombud_id`);
- the caseload limit counts only contacts where one is the ombud;
- changes to who works with the client (moves, stand-ins): the ombud and coordinators.
`portal.access.contacts_for` uses the same definition of a running period, so a period
that ends closes the door without any event: the page load and the socket's per-frame
check both ask with today's date.
"""

import datetime
from functools import cached_property

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from portal.models import Contact, OmbudPeriod, Proposal, StandIn, User, WorkingNote


def running_stand_ins(on: datetime.date | None = None) -> QuerySet[StandIn]:
    """Every stand-in whose period runs on the day (today by default)."""
    day = on or timezone.localdate()
    return StandIn.objects.filter(removed_at__isnull=True, starts_on__lte=day, ends_on__gte=day)


def is_stand_in(user: User, contact: Contact) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_ombud:
        return False
    return running_stand_ins().filter(contact=contact, ombud=user).exists()


def on_ombud_side(user: User, contact: Contact) -> bool:
    """The contact's ombud, or a stand-in whose period runs today."""
    if user.pk is not None and user.pk == contact.ombud_id:
        return True
    return is_stand_in(user, contact)


def current_and_coming_stand_ins(contact: Contact) -> list[StandIn]:
    """Stand-ins not removed whose period has not ended: what the client is told of."""
    today = timezone.localdate()
    return list(
        contact.stand_ins.filter(removed_at__isnull=True, ends_on__gte=today).select_related(
            "ombud"
        )
    )


def ombud_history(contact: Contact) -> list[OmbudPeriod]:
    return list(contact.ombud_periods.select_related("ombud"))


def stand_in_contacts(user: User) -> QuerySet[Contact]:
    """The active contacts `user` stands in on today (not their own caseload)."""
    return Contact.objects.filter(
        status=Contact.Status.ACTIVE,
        pk__in=running_stand_ins().filter(ombud=user).values("contact"),
    )


class TeamState:
    """Everything the ending and team parts of a page show, for either side: who is the
    ombud and since when, stand-ins now and to come, the history, the open proposal and
    the latest of each kind (so "Maja svarade Inte än" stays on the ombud's plan), and the
    notes (how many are undecided; how many a former ombud handed to the client).

    Each part is read when a template first asks for it (one query each, whatever the
    history), so the client's Min plan pays only for the proposals and stand-ins it shows.
    """

    def __init__(self, contact: Contact, viewer: User):
        self.contact = contact
        self.viewer = viewer

    @cached_property
    def _proposals(self) -> list[Proposal]:
        return list(self.contact.proposals.select_related("to_ombud", "proposed_by")[:20])

    @cached_property
    def open(self) -> Proposal | None:
        return next((p for p in self._proposals if p.status == Proposal.Status.OPEN), None)

    @cached_property
    def last_end(self) -> Proposal | None:
        return next((p for p in self._proposals if p.kind == Proposal.Kind.END), None)

    @cached_property
    def last_move(self) -> Proposal | None:
        return next((p for p in self._proposals if p.kind == Proposal.Kind.MOVE), None)

    @cached_property
    def stand_ins(self) -> list[StandIn]:
        return current_and_coming_stand_ins(self.contact)

    @cached_property
    def viewer_stands_in(self) -> StandIn | None:
        """The viewer's own running period, if they are a stand-in here today."""
        today = timezone.localdate()
        return next(
            (s for s in self.stand_ins if s.ombud_id == self.viewer.pk and s.starts_on <= today),
            None,
        )

    @cached_property
    def history(self) -> list[OmbudPeriod]:
        return ombud_history(self.contact)

    @cached_property
    def since(self) -> datetime.date:
        """Since when the contact's ombud has been its ombud."""
        open_periods = [period for period in self.history if period.ended_on is None]
        return open_periods[-1].started_on if open_periods else self.contact.started_on

    @cached_property
    def _note_counts(self) -> dict[str, int]:
        undecided = Q(handed_over_at__isnull=True, disposition=WorkingNote.Disposition.UNDECIDED)
        return self.contact.notes.aggregate(
            undecided=Count("pk", filter=undecided),
            handed=Count("pk", filter=Q(handed_over_at__isnull=False)),
        )

    @property
    def undecided_notes(self) -> int:
        return self._note_counts["undecided"]

    @property
    def handed_notes(self) -> int:
        """Notes a former ombud (or the end) handed to the client."""
        return self._note_counts["handed"]


def team_state(contact: Contact, viewer: User) -> TeamState:
    return TeamState(contact, viewer)
