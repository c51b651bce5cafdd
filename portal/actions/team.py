"""Who works with the client: moving the contact to another ombud, and a stand-in for a
period. The same ombud over time is the rule (personkontinuitet); these are the
exceptions, and the client has the last word on each.

Who may do what:
- The contact's ombud or a coordinator of its operation proposes a move to a named
  ombud of the operation, and adds or removes a stand-in. A stand-in does neither, nor
  does the client (PermissionDenied).
- **A move needs the client's yes** (portal.actions.proposals) and the old ombud's notes
  decided: at the proposal (NotesUndecided), and again when it is completed. While a move
  is proposed the old ombud writes no new notes (portal.actions.notes), so the client's
  yes is not refused for a note written after it was asked. At the move, the old ombud's
  part of the contact ends as a contact ends: notes marked "destroy" are deleted, those
  marked "hand over" become the client's (in their copy) at once.
- **The caseload check applies to the new ombud** at the proposal, as when a request is
  assigned (portal.actions.intake.assign): their active contacts *and the moves already
  proposed to them* count, so two proposals cannot both take the last place; over the
  limit needs a written reason, which is kept on the proposal. The client's yes is then
  never refused for the caseload.
- **A stand-in** belongs to the contact from `starts_on` to `ends_on` (both included):
  they act as an ombud of the contact (portal.queries.team), except that they do not read
  the ombud's working notes and the contact does not count in their caseload. The client
  is told who and when, and can say no: the stand-in is then removed at once.
Every change of who belongs to the contact calls `membership_changed`, so sockets drop
or pick up the contact at once; a period that simply ends needs no event (contacts_for
asks with today's date).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.actions.changes import record_change
from portal.actions.ending import require_notes_decided
from portal.actions.errors import WrongStatus
from portal.actions.intake import CaseloadFull
from portal.models import (
    Contact,
    ContactEvent,
    OmbudPeriod,
    Proposal,
    StandIn,
    User,
    WorkingNote,
)
from portal.push import notify
from realtime.events import membership_changed

Verb = ContactEvent.Verb


class NotAColleague(ValueError):
    """The chosen person is not an active ombud of the contact's operation (or is its
    ombud already). `message` says so plainly."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class BadPeriod(ValueError):
    """The stand-in's days do not work. `field` and `message` say which and why."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(message)


def require_team_changer(actor: User, contact: Contact) -> None:
    """The contact's ombud, or a coordinator of its operation."""
    if actor.pk is not None and actor.pk == contact.ombud_id:
        return
    if (
        getattr(actor, "is_coordinator", False)
        and actor.operation_id is not None
        and actor.operation_id == contact.operation_id
    ):
        return
    raise PermissionDenied("Only the contact's ombud or a coordinator changes who works with it.")


def _require_colleague(person: User, contact: Contact) -> None:
    if (
        not person.is_ombud
        or not person.is_active
        or person.operation_id is None
        or person.operation_id != contact.operation_id
    ):
        raise NotAColleague(_("Välj ett ombud i verksamheten."))
    if person.pk == contact.ombud_id:
        raise NotAColleague(
            _("%(name)s är redan ombud för klienten.") % {"name": person.display_name}
        )


def moves_proposed_to(ombud: User) -> int:
    return Proposal.objects.filter(
        kind=Proposal.Kind.MOVE, status=Proposal.Status.OPEN, to_ombud=ombud
    ).count()


def propose_move(
    contact: Contact, actor: User, *, to: User, override_reason: str = "", words: str = ""
) -> Proposal:
    """Ask the client whether `to` may become their ombud. CaseloadFull if `to` is at
    their limit and no reason is given; NotesUndecided while the ombud has undecided
    notes; WrongStatus if another proposal waits for an answer."""
    require_team_changer(actor, contact)
    _require_colleague(to, contact)
    override_reason = override_reason.strip()
    with transaction.atomic():
        # The contact first, then the new ombud: one order, so no deadlock.
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if locked.status != Contact.Status.ACTIVE:
            raise WrongStatus(_("Kontakten är redan avslutad."))
        if locked.proposals.filter(status=Proposal.Status.OPEN).exists():
            raise WrongStatus(_("Det finns redan ett förslag som väntar på svar."))
        require_notes_decided(locked, actor)
        person = User.objects.select_for_update().get(pk=to.pk)
        count = Contact.objects.filter(
            ombud=person, status=Contact.Status.ACTIVE
        ).count() + moves_proposed_to(person)
        limit = person.caseload_limit()
        if count >= limit and not override_reason:
            raise CaseloadFull(person, count=count, limit=limit)
        proposal = Proposal.objects.create(
            contact=contact,
            kind=Proposal.Kind.MOVE,
            proposed_by=actor,
            to_ombud=person,
            words=words.strip()[:500],
            override_reason=override_reason[:300] if count >= limit else "",
        )
        record_change(
            contact, actor, Verb.PROPOSED_MOVE, person.display_name, obj="team", pk=proposal.pk
        )
        notify(contact.client, "proposal")
    return proposal


def complete_move(proposal: Proposal, client: User) -> None:
    """The client said yes: the contact moves, inside the caller's transaction (which has
    locked the proposal). The old ombud's notes are handed over or destroyed, their
    period ends and the new one's starts; a stand-in period of the new ombud ends, since
    they are the ombud now. Sockets re-check at once: the old ombud's drop the contact,
    the new ombud's pick it up."""
    contact = Contact.objects.select_for_update().get(pk=proposal.contact_id)
    to = proposal.to_ombud
    if to is None or not to.is_active or to.operation_id != contact.operation_id:
        raise WrongStatus(_("Det ombudet kan inte ta emot klienten längre."))
    old = contact.ombud
    require_notes_decided(contact, client)
    now = timezone.now()
    today = timezone.localdate(now)
    notes = contact.notes.filter(author=old, handed_over_at__isnull=True)
    notes.filter(disposition=WorkingNote.Disposition.DESTROY).delete()
    notes.filter(disposition=WorkingNote.Disposition.HAND_OVER).update(handed_over_at=now)
    OmbudPeriod.objects.filter(contact=contact, ended_on__isnull=True).update(ended_on=today)
    OmbudPeriod.objects.create(contact=contact, ombud=to, started_on=today)
    contact.stand_ins.filter(ombud=to, removed_at__isnull=True).update(removed_at=now)
    contact.ombud = to
    contact.save(update_fields=["ombud", "updated_at"])
    record_change(contact, client, Verb.CHANGED_OMBUD, to.display_name, obj="team", pk=proposal.pk)
    membership_changed(contact, joined=[to])


def _period_words(stand_in: StandIn) -> str:
    """ "Johan, 1 juli–14 juli": who and when, for the change list."""
    start = date_format(stand_in.starts_on, "j F")
    end = date_format(stand_in.ends_on, "j F")
    return f"{stand_in.ombud.display_name}, {start}–{end}"


def add_stand_in(
    contact: Contact,
    actor: User,
    *,
    ombud: User,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> StandIn:
    """A stand-in for a period. BadPeriod if the days do not work or overlap another
    stand-in's; NotAColleague for anyone but another ombud of the operation."""
    require_team_changer(actor, contact)
    _require_colleague(ombud, contact)
    today = timezone.localdate()
    if starts_on < today:
        raise BadPeriod("starts_on", _("Välj i dag eller en senare dag."))
    if ends_on < starts_on:
        raise BadPeriod("ends_on", _("Sista dagen kan inte komma före den första."))
    if (ends_on - starts_on).days > 366:
        raise BadPeriod("ends_on", _("En ersättare kan vara med i högst ett år åt gången."))
    with transaction.atomic():
        Contact.objects.select_for_update().get(pk=contact.pk)
        overlapping = contact.stand_ins.filter(
            Q(starts_on__lte=ends_on) & Q(ends_on__gte=starts_on), removed_at__isnull=True
        )
        if overlapping.exists():
            raise BadPeriod("starts_on", _("Klienten har redan en ersättare under den tiden."))
        stand_in = StandIn.objects.create(
            contact=contact, ombud=ombud, starts_on=starts_on, ends_on=ends_on, added_by=actor
        )
        record_change(
            contact, actor, Verb.ADDED_STAND_IN, _period_words(stand_in), obj="team", pk=stand_in.pk
        )
        membership_changed(contact, joined=[ombud] if starts_on <= today else [])
        notify(contact.client, "notice")
    return stand_in


def _end_stand_in(stand_in: StandIn, actor: User, *, declined: bool) -> StandIn:
    contact = stand_in.contact
    with transaction.atomic():
        locked = StandIn.objects.select_for_update().select_related("ombud").get(pk=stand_in.pk)
        if locked.removed_at is not None or locked.ends_on < timezone.localdate():
            raise WrongStatus(_("Ersättaren är redan borta."))
        locked.removed_at = timezone.now()
        locked.declined = declined
        locked.save(update_fields=["removed_at", "declined"])
        verb = Verb.DECLINED_STAND_IN if declined else Verb.REMOVED_STAND_IN
        record_change(contact, actor, verb, _period_words(locked), obj="team", pk=locked.pk)
        # The stand-in's open pages drop the contact at once.
        membership_changed(contact)
    return locked


def remove_stand_in(stand_in: StandIn, actor: User) -> StandIn:
    """The ombud or a coordinator ends a stand-in's period now (or cancels one to come)."""
    require_team_changer(actor, stand_in.contact)
    return _end_stand_in(stand_in, actor, declined=False)


def decline_stand_in(stand_in: StandIn, actor: User) -> StandIn:
    """The client says no to the stand-in: it ends at once. Only the client."""
    if actor.pk != stand_in.contact.client_id:
        raise PermissionDenied("Only the client says no to a stand-in.")
    return _end_stand_in(stand_in, actor, declined=True)
