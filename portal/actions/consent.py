"""Consent (samtycke): the client's yes to the ombud being in contact with one
organisation, about one thing, for as long as the client wants.

The client gives it in the app (reads what it means, ticks, confirms), or signs it on
paper and the ombud records that. The client sees every consent and can take any of
them back, in one step, at any time. A withdrawn consent keeps its row, marked
withdrawn: while the contact lasts, the record that it was taken back matters. It is
erased with the contact.

Callers have already checked that the actor belongs to the contact (portal.access);
the rules here are the ones about *who* may do what.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from portal.actions.changes import record_change
from portal.models import Consent, Contact, ContactEvent, Organisation, User
from portal.queries.team import on_ombud_side
from portal.undo import UndoTooLate, still_undoable

Verb = ContactEvent.Verb


def _create(
    contact: Contact,
    actor: User,
    *,
    via: str,
    organisation: str,
    organisation_other: str = "",
    covers: str,
    valid_until: datetime.date | None = None,
) -> Consent:
    if organisation not in Organisation.values:
        raise ValueError(f"Not an organisation: {organisation!r}")
    other = organisation_other.strip() if organisation == Organisation.OTHER else ""
    if organisation == Organisation.OTHER and not other:
        raise ValueError("Name the other organisation.")
    covers = covers.strip()
    if not covers:
        raise ValueError("Say what the consent covers.")
    with transaction.atomic():
        consent = Consent.objects.create(
            contact=contact,
            organisation=organisation,
            organisation_other=other,
            covers=covers,
            valid_until=valid_until,
            given_via=via,
            recorded_by=actor,
        )
        record_change(
            contact,
            actor,
            # On paper the client said yes, the ombud writes it in: say who did what.
            Verb.GAVE_CONSENT if via == Consent.Via.APP else Verb.RECORDED_CONSENT,
            consent.organisation_name,
            obj="consent",
            pk=consent.pk,
        )
    consent.contact = contact
    return consent


def give_consent(contact: Contact, actor: User, **terms) -> Consent:
    """The client says yes in the app, having read what it means. Only the client can.

    `terms`: organisation, organisation_other, covers, valid_until (see _create)."""
    if actor.pk != contact.client_id:
        raise PermissionDenied("Only the client gives their consent in the app.")
    return _create(contact, actor, via=Consent.Via.APP, **terms)


def record_paper_consent(contact: Contact, actor: User, **terms) -> Consent:
    """The client has signed a consent on paper; the contact's ombud records it."""
    if not on_ombud_side(actor, contact):
        raise PermissionDenied("Only the contact's ombud records a consent given on paper.")
    return _create(contact, actor, via=Consent.Via.PAPER, **terms)


def withdraw_consent(consent: Consent, actor: User) -> Consent:
    """The client takes their consent back: one step, at any time. A second tap, or a
    consent already taken back, changes nothing."""
    contact = consent.contact
    if actor.pk != contact.client_id:
        raise PermissionDenied("Only the client takes back their consent.")
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_at is None:
            locked.withdrawn_at = timezone.now()
            locked.save(update_fields=["withdrawn_at"])
            record_change(
                contact,
                actor,
                Verb.WITHDREW_CONSENT,
                locked.organisation_name,
                obj="consent",
                pk=locked.pk,
            )
    consent.withdrawn_at = locked.withdrawn_at
    return consent


def restore_consent(consent: Consent, actor: User) -> bool:
    """ "Ångra" right after taking a consent back: it is in force again, as it was. The
    client only, within the undo window (portal.undo); False when it is already back."""
    contact = consent.contact
    if actor.pk != contact.client_id:
        raise PermissionDenied("Only the client takes back their consent, or undoes it.")
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_at is None:
            return False
        if not still_undoable(locked.withdrawn_at):
            raise UndoTooLate
        locked.withdrawn_at = None
        locked.save(update_fields=["withdrawn_at"])
        record_change(
            contact,
            actor,
            Verb.RESTORED_CONSENT,
            locked.organisation_name,
            obj="consent",
            pk=locked.pk,
        )
    consent.withdrawn_at = None
    return True
