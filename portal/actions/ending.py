"""Ending a contact, and erasing it once the client has had their copy.

The client can end the contact at any time, in one step; the ombud can close it together
with the client once it is in the ending phase. At the end, notes marked "destroy" (and
notes nobody decided about: the safe choice) are deleted at once, an anonymous statistics
record is written, and the client can fetch their copy for a window of days. After the
window, `erase` deletes the client's account and with it, by cascade, every row of the
contact, and the attachment files."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from portal.actions.changes import record_change
from portal.actions.push import unsubscribe_all
from portal.actions.sessions import end_all_sessions
from portal.models import (
    Contact,
    ContactEvent,
    EndedHow,
    Phase,
    StatisticsRecord,
    User,
    WorkingNote,
)
from portal.models.statistics import age_band
from portal.queries.notes import undecided_notes
from realtime.events import membership_changed


class NotesUndecided(Exception):
    """The ombud must decide about every note before closing the contact."""

    def __init__(self, count: int):
        self.count = count
        self.message = ngettext(
            "Bestäm först vad som ska hända med %(count)d anteckning: lämnas till "
            "klienten eller förstörs.",
            "Bestäm först vad som ska hända med %(count)d anteckningar: lämnas till "
            "klienten eller förstörs.",
            count,
        ) % {"count": count}
        super().__init__(self.message)


# What the ombud may record as the reason when they close a contact; "the client ended it"
# is the client's own step.
OMBUD_REASONS = frozenset(EndedHow) - {EndedHow.CLIENT}


def end_contact(contact: Contact, actor: User, *, how: str = EndedHow.DONE) -> None:
    """End the contact: by the client at any time (their own reason), or by the ombud with
    a recorded reason — the work done and support in place only in the ending phase — once
    every working note is decided."""
    if actor.pk == contact.client_id:
        how = EndedHow.CLIENT
    elif actor.pk == contact.ombud_id:
        if how not in OMBUD_REASONS:
            raise ValueError(f"Not a reason the ombud records: {how!r}")
        if how == EndedHow.DONE and contact.phase != Phase.ENDING:
            raise PermissionDenied("The work is done only in the ending phase.")
        undecided = undecided_notes(contact, actor).count()
        if undecided:
            raise NotesUndecided(undecided)
    else:
        raise PermissionDenied("Only the two parties end a contact.")
    now = timezone.now()
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        if contact.status != Contact.Status.ACTIVE:
            return
        # Destroyed at once, for real; undecided ones too, since the client may end
        # the contact before the ombud has decided, and destroying is the safe side.
        contact.notes.exclude(disposition=WorkingNote.Disposition.HAND_OVER).delete()
        contact.invites.all().delete()
        contact.status = Contact.Status.ENDED
        contact.ended_at = now
        contact.ended_on = timezone.localdate(now)
        contact.ended_how = how
        contact.erase_after = now + datetime.timedelta(days=settings.COPY_WINDOW_DAYS)
        contact.save(update_fields=["status", "ended_at", "ended_on", "ended_how", "erase_after"])
        _write_statistics(contact)
        record_change(contact, actor, ContactEvent.Verb.ENDED, obj="contact", pk=contact.pk)
        # Nobody belongs to an ended contact: every socket following it drops it.
        membership_changed(contact)
    # Nothing more to notify the client about.
    unsubscribe_all(contact.client)


def _write_statistics(contact: Contact) -> StatisticsRecord:
    assert contact.ended_on is not None  # set by end_contact just before
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
