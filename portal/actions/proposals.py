"""The client's answer to a proposal, and taking a proposal back.

A proposal (to end the contact together: portal.actions.ending.propose_ending; to move it
to another ombud: portal.actions.team.propose_move) does nothing until the client says
yes. Only the client answers: "Ja" ends the contact with the proposal's reason, or moves
it; "Inte än" (for a move: "Nej") keeps everything as it is and tells the one who asked,
live on their page. A proposal that is no longer open cannot be answered or taken back
(WrongStatus: someone got there first).

Taking back: an ending proposal by the ombud side; a move by the contact's ombud or a
coordinator of the operation (portal.actions.team.require_team_changer).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.actions import ending, team
from portal.actions.changes import record_change
from portal.actions.errors import WrongStatus
from portal.models import Contact, ContactEvent, Proposal, User
from portal.queries.team import on_ombud_side

Verb = ContactEvent.Verb
Status = Proposal.Status


def _lock_open(proposal: Proposal) -> Proposal:
    locked = (
        Proposal.objects.select_for_update()
        .select_related("contact", "to_ombud")
        .get(pk=proposal.pk)
    )
    if locked.status != Status.OPEN or locked.contact.status != Contact.Status.ACTIVE:
        raise WrongStatus(_("Förslaget gäller inte längre."))
    return locked


def answer(proposal: Proposal, actor: User, *, yes: bool) -> Proposal:
    """The client's yes or "not yet". A yes to a move may raise NotesUndecided (the old
    ombud has a note to decide first): nothing changes then, and the proposal stays open."""
    contact = proposal.contact
    if actor.pk != contact.client_id:
        raise PermissionDenied("Only the client answers a proposal.")
    with transaction.atomic():
        locked = _lock_open(proposal)
        locked.status = Status.ACCEPTED if yes else Status.DECLINED
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answered_at"])
        if yes:
            said = _("Ja")
        elif locked.kind == Proposal.Kind.END:
            said = _("Inte än")
        else:
            said = _("Nej")
        record_change(contact, actor, Verb.ANSWERED_PROPOSAL, said, obj="team", pk=locked.pk)
        if yes and locked.kind == Proposal.Kind.MOVE:
            # Refused (a note to decide first): the whole answer is rolled back.
            team.complete_move(locked, actor)
        elif yes:
            ending.finish(contact, actor, how=locked.reason)
    return locked


def withdraw(proposal: Proposal, actor: User) -> Proposal:
    """Take an open proposal back before the client has answered."""
    contact = proposal.contact
    if proposal.kind == Proposal.Kind.END:
        if not on_ombud_side(actor, contact):
            raise PermissionDenied("Only the ombud side takes back a proposal to end.")
    else:
        team.require_team_changer(actor, contact)
    with transaction.atomic():
        locked = _lock_open(proposal)
        locked.status = Status.WITHDRAWN
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answered_at"])
        record_change(contact, actor, Verb.WITHDREW_PROPOSAL, obj="team", pk=locked.pk)
    return locked
