"""Ending a contact, and erasing it once the client has had their copy.

Who ends a contact, and how (the reason is what the anonymous statistics record keeps):
- **The client, alone, at any time**, in one step: "client". Also while a proposal is
  open: their choice never waits for anyone.
- **Together**: the ombud side (the ombud, or a stand-in while their period runs)
  *proposes* ending, with a reason (the work is done and the support is in place: only
  in the ending phase; another service takes over; the client is moving) and optional
  words to the client. Only the client's yes ends it, with the proposal's reason
  (portal.actions.proposals). "Inte än" keeps the contact and tells the ombud.
- **The ombud side alone**, only when the client can no longer answer: "lost_contact"
  (the client stopped answering) or "died", after a confirm step. The client keeps their
  copy window and, if they can still be reached, gets a content-free push; their copy
  page says in kind words why it ended.
Every working note must be decided (hand over or destroy) before the ombud side proposes
or closes (NotesUndecided).

At the end, notes marked "destroy" (and notes nobody decided about: the safe choice) are
deleted at once, those marked "hand over" become the client's, an anonymous statistics
record is written, and the client can fetch their copy for a window of days. After the
window, `erase` deletes the client's account and with it, by cascade, every row of the
contact, and the attachment files."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.actions.changes import record_change
from portal.actions.errors import WrongStatus
from portal.actions.push import unsubscribe_all
from portal.actions.sessions import end_all_sessions
from portal.models import (
    Contact,
    ContactEvent,
    EndedHow,
    OmbudPeriod,
    Phase,
    Proposal,
    StatisticsRecord,
    User,
    WorkingNote,
)
from portal.models.statistics import age_band
from portal.push import notify
from portal.queries.notes import undecided_on_contact
from portal.queries.team import on_ombud_side
from realtime.events import membership_changed

Verb = ContactEvent.Verb


class NotesUndecided(Exception):
    """Every working note must be decided before the ombud side proposes ending, closes
    the contact or moves it. `owner` names the ombud who must decide, when it is not the
    one asking (a stand-in, a coordinator)."""

    def __init__(self, count: int, owner: User | None = None):
        self.count = count
        if owner is None:
            self.message = ngettext(
                "Bestäm först vad som ska hända med %(count)d anteckning: lämnas till "
                "klienten eller förstörs.",
                "Bestäm först vad som ska hända med %(count)d anteckningar: lämnas till "
                "klienten eller förstörs.",
                count,
            ) % {"count": count}
        else:
            self.message = ngettext(
                "%(name)s behöver först bestämma vad som ska hända med %(count)d "
                "anteckning: lämnas till klienten eller förstörs.",
                "%(name)s behöver först bestämma vad som ska hända med %(count)d "
                "anteckningar: lämnas till klienten eller förstörs.",
                count,
            ) % {"count": count, "name": owner.display_name}
        super().__init__(self.message)


# The reasons a proposal to end together may give; the client's yes records it.
PROPOSAL_REASONS = (EndedHow.DONE, EndedHow.OTHER_SERVICE, EndedHow.MOVED)
# The reasons the ombud side may record alone: only when the client cannot answer.
ALONE_REASONS = (EndedHow.LOST_CONTACT, EndedHow.DIED)
# EndedHow.OTHER is kept for the figures of contacts ended before proposals existed.


def require_notes_decided(contact: Contact, actor: User) -> None:
    """NotesUndecided unless every note on the contact is marked."""
    undecided = undecided_on_contact(contact).count()
    if undecided:
        owner = None if actor.pk == contact.ombud_id else contact.ombud
        raise NotesUndecided(undecided, owner)


def end_contact(contact: Contact, actor: User, *, how: str = "") -> None:
    """End the contact: by the client at any time (recorded "client", whatever `how`
    says), or by the ombud side alone with one of ALONE_REASONS once every note is
    decided. Ending together goes through a proposal and the client's yes."""
    if actor.pk == contact.client_id:
        how = EndedHow.CLIENT
    elif on_ombud_side(actor, contact):
        if how not in ALONE_REASONS:
            raise PermissionDenied("Ending together takes the client's yes: propose it.")
        require_notes_decided(contact, actor)
    else:
        raise PermissionDenied("Only the two parties end a contact.")
    finish(contact, actor, how=how)


def finish(contact: Contact, actor: User, *, how: str) -> bool:
    """The end itself, whoever decided it (callers check who may): notes, invites, the
    statistics record, the numbered event, and every socket told. False if the contact
    had already ended. The client hears of it by push only when the ombud side closed it
    because they lost contact (they chose it themselves otherwise, or cannot be reached)."""
    now = timezone.now()
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        if contact.status != Contact.Status.ACTIVE:
            return False
        notes = contact.notes.filter(handed_over_at__isnull=True)
        # Destroyed at once, for real; undecided ones too, since the client may end
        # the contact before the ombud has decided, and destroying is the safe side.
        notes.exclude(disposition=WorkingNote.Disposition.HAND_OVER).delete()
        notes.filter(disposition=WorkingNote.Disposition.HAND_OVER).update(handed_over_at=now)
        contact.invites.all().delete()
        contact.status = Contact.Status.ENDED
        contact.ended_at = now
        contact.ended_on = timezone.localdate(now)
        contact.ended_how = how
        contact.erase_after = now + datetime.timedelta(days=settings.COPY_WINDOW_DAYS)
        contact.save(update_fields=["status", "ended_at", "ended_on", "ended_how", "erase_after"])
        OmbudPeriod.objects.filter(contact=contact, ended_on__isnull=True).update(
            ended_on=contact.ended_on
        )
        _write_statistics(contact)
        record_change(contact, actor, Verb.ENDED, obj="contact", pk=contact.pk)
        if how == EndedHow.LOST_CONTACT:
            # The subscriptions are read now, so the notice goes though they are removed
            # below; it says only that there is news (their copy page says the rest).
            notify(contact.client, "ended")
        # Nobody belongs to an ended contact: every socket following it drops it.
        membership_changed(contact)
    # Nothing more to notify the client about.
    unsubscribe_all(contact.client)
    return True


def propose_ending(contact: Contact, actor: User, *, reason: str, words: str = "") -> Proposal:
    """The ombud side proposes ending together; the client answers (portal.actions.
    proposals). One open proposal at a time (WrongStatus otherwise)."""
    if not on_ombud_side(actor, contact):
        raise PermissionDenied("Only the contact's ombud proposes ending it.")
    if reason not in PROPOSAL_REASONS:
        raise ValueError(f"Not a reason for ending together: {reason!r}")
    if reason == EndedHow.DONE and contact.phase != Phase.ENDING:
        raise PermissionDenied("The work is done only in the ending phase.")
    require_notes_decided(contact, actor)
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if locked.status != Contact.Status.ACTIVE:
            raise WrongStatus(_("Kontakten är redan avslutad."))
        if locked.proposals.filter(status=Proposal.Status.OPEN).exists():
            raise WrongStatus(_("Det finns redan ett förslag som väntar på svar."))
        proposal = Proposal.objects.create(
            contact=contact,
            kind=Proposal.Kind.END,
            proposed_by=actor,
            reason=reason,
            words=words.strip()[:500],
        )
        label = proposal.reason_label
        record_change(contact, actor, Verb.PROPOSED_ENDING, label, obj="team", pk=proposal.pk)
        notify(contact.client, "proposal")
    return proposal


def _write_statistics(contact: Contact) -> StatisticsRecord:
    assert contact.ended_on is not None  # set by finish just before
    areas = sorted(set(contact.assignments.values_list("life_area", flat=True)))
    return StatisticsRecord.objects.create(
        operation=contact.operation,
        gender=contact.gender or "unknown",
        age_band=age_band(contact.birth_year, contact.started_on),
        channel=contact.channel,
        referrer=contact.referrer,
        requested_on=contact.requested_on,
        municipality=contact.municipality,
        phase_changes=contact.phase_changes,
        started_on=contact.started_on,
        ended_on=contact.ended_on,
        highest_phase=contact.highest_phase,
        life_areas=areas,
        ended_how=contact.ended_how,
    )


def erase(contact: Contact) -> None:
    """Delete the client and everything of the contact, for real. The files go after commit
    (portal.signals); the anonymous statistics record stays."""
    client = contact.client
    with transaction.atomic():
        # Sessions hold only the account id, but an erased account keeps no sessions;
        # any socket still open closes.
        end_all_sessions(client)
        # The account cascades to the contact, and the contact to everything it owns.
        client.delete()


def erase_due(now: datetime.datetime | None = None) -> int:
    """Erase every ended contact whose copy window has passed. Returns how many."""
    now = now or timezone.now()
    due = Contact.objects.filter(status=Contact.Status.ENDED, erase_after__lte=now)
    count = 0
    for contact in due.select_related("client"):
        erase(contact)
        count += 1
    return count
