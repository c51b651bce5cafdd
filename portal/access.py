"""One helper per object kind: return the object if the user is inside its contact,
otherwise raise Http404, so an outsider cannot even learn that it exists.

Inside a contact are its client, its ombud, and a stand-in while their period runs
(portal.queries.team). A coordinator is never inside a contact: they see figures, not
people. Only for changing who works with the client (a move to another ombud, a stand-in)
does a coordinator reach the active contacts of their own operation (`team_contacts_for`),
and then without any of their content.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from portal.models import (
    Assignment,
    Attachment,
    Consent,
    Contact,
    DeviceSession,
    Intake,
    Letter,
    LetterPage,
    Meeting,
    NetworkPerson,
    Proposal,
    StandIn,
    Task,
    User,
    WorkingNote,
)
from portal.queries.team import running_stand_ins


def contacts_for(user: User) -> QuerySet[Contact]:
    """The active contacts this user is a party to: as their client, their ombud, or a
    stand-in whose period runs today (by today's date, so a period that has ended closes
    the door with no event: every page load and every socket frame asks again)."""
    if not user.is_authenticated or user.is_coordinator:
        return Contact.objects.none()
    standing_in = Q(pk__in=running_stand_ins().filter(ombud=user).values("contact"))
    return Contact.objects.filter(
        Q(client=user) | Q(ombud=user) | standing_in, status=Contact.Status.ACTIVE
    ).select_related("client", "ombud", "operation")


def team_contacts_for(user: User) -> QuerySet[Contact]:
    """Where the user may ask to change who works with the client: their own contacts
    (the actions decide who may do what: 403), and for a coordinator every active contact
    of their operation."""
    if user.is_authenticated and user.is_coordinator and user.operation_id is not None:
        return Contact.objects.filter(
            operation_id=user.operation_id, status=Contact.Status.ACTIVE
        ).select_related("client", "ombud", "operation")
    return contacts_for(user)


def get_team_contact(user: User, contact_id: int) -> Contact:
    contact = team_contacts_for(user).filter(pk=contact_id).first()
    if contact is None:
        raise Http404
    return contact


def get_proposal(user: User, proposal_id: int) -> Proposal:
    """A proposal to end or move a contact: for its parties, and for a coordinator of the
    operation a proposed move (which they may propose and take back), never an ending."""
    proposals = Proposal.objects.filter(pk=proposal_id, contact__in=team_contacts_for(user))
    if user.is_authenticated and user.is_coordinator:
        proposals = proposals.filter(kind=Proposal.Kind.MOVE)
    proposal = proposals.select_related(
        "contact__client", "contact__ombud", "contact__operation", "to_ombud"
    ).first()
    if proposal is None:
        raise Http404
    return proposal


def get_stand_in(user: User, stand_in_id: int) -> StandIn:
    stand_in = (
        StandIn.objects.filter(pk=stand_in_id, contact__in=team_contacts_for(user))
        .select_related("contact__client", "contact__ombud", "contact__operation", "ombud")
        .first()
    )
    if stand_in is None:
        raise Http404
    return stand_in


def get_contact(user: User, contact_id: int) -> Contact:
    # One lookup by key, then contacts_for's rule for this one contact: on every ombud
    # page, and cheaper than building contacts_for's subqueries to find one row.
    contact = (
        Contact.objects.filter(pk=contact_id, status=Contact.Status.ACTIVE)
        .select_related("client", "ombud", "operation")
        .first()
    )
    if contact is None or not is_party(user, contact):
        raise Http404
    return contact


def is_party(user: User, contact: Contact) -> bool:
    """Is `user` inside this active contact, by contacts_for's rule (its client, its ombud,
    or a stand-in whose period runs today)?"""
    if not user.is_authenticated or user.is_coordinator:
        return False
    if user.pk in (contact.client_id, contact.ombud_id):
        return True
    return running_stand_ins().filter(ombud=user, contact=contact).exists()


def _in_users_contacts(model, user: User, pk: int):
    obj = (
        model.objects.filter(pk=pk, contact__in=contacts_for(user))
        .select_related("contact__client", "contact__ombud")
        .first()
    )
    if obj is None:
        raise Http404
    return obj


def get_assignment(user: User, assignment_id: int) -> Assignment:
    return _in_users_contacts(Assignment, user, assignment_id)


def get_task(user: User, task_id: int) -> Task:
    return _in_users_contacts(Task, user, task_id)


def get_removed_task(user: User, task_id: int) -> Task:
    """A task removed a moment ago (to undo it): hidden from get_task, same rule."""
    task = (
        Task.with_removed.filter(
            pk=task_id, removed_at__isnull=False, contact__in=contacts_for(user)
        )
        .select_related("contact__client", "contact__ombud")
        .first()
    )
    if task is None:
        raise Http404
    return task


def get_meeting(user: User, meeting_id: int) -> Meeting:
    return _in_users_contacts(Meeting, user, meeting_id)


def get_network_person(user: User, person_id: int) -> NetworkPerson:
    return _in_users_contacts(NetworkPerson, user, person_id)


def get_consent(user: User, consent_id: int) -> Consent:
    return _in_users_contacts(Consent, user, consent_id)


def client_contact(user: User) -> Contact:
    """The signed-in client's own active contact."""
    if not user.is_authenticated or not user.is_client:
        raise Http404
    # contacts_for(user) narrowed to the client's side, without its ombud and stand-in
    # branches (a client is never either): every client page asks this first.
    contact = (
        Contact.objects.filter(client=user, status=Contact.Status.ACTIVE)
        .select_related("client", "ombud", "operation")
        .first()
    )
    if contact is None:
        raise Http404
    return contact


def get_attachment(user: User, attachment_id: int) -> Attachment:
    return _in_users_contacts(Attachment, user, attachment_id)


def get_letter(user: User, letter_id: int) -> Letter:
    return _in_users_contacts(Letter, user, letter_id)


def get_letter_page(user: User, page_id: int) -> LetterPage:
    return _in_users_contacts(LetterPage, user, page_id)


def clients_own_contact(user: User) -> Contact:
    """The client's contact, also after it has ended (until it is erased): for their copy."""
    if not user.is_authenticated or not user.is_client:
        raise Http404
    contact = (
        Contact.objects.filter(client=user)
        .select_related("client", "ombud", "operation")
        .order_by("-pk")
        .first()
    )
    if contact is None:
        raise Http404
    return contact


def get_note(user: User, note_id: int) -> WorkingNote:
    """A working note, for its author only, while its contact is active.

    Access follows the author, not whoever the contact's ombud is now: after a change of
    ombud the new one never reads the old one's notes, and the author can still decide
    what happens to theirs. The client gets 404 as well: the notes are the ombud's own
    until they are handed over (when the contact ends or moves to another ombud); a
    handed-over note is the client's, and no longer its author's."""
    if not user.is_authenticated or not user.is_ombud:
        raise Http404
    note = (
        WorkingNote.objects.filter(
            pk=note_id,
            author_id=user.pk,
            contact__status=Contact.Status.ACTIVE,
            handed_over_at__isnull=True,
        )
        .select_related("contact__client", "contact__ombud")
        .first()
    )
    if note is None:
        raise Http404
    return note


def get_waiting_intake(user: User, intake_id: int) -> Intake:
    """A request still waiting in the queue of the user's operation, or 404."""
    if user.operation_id is None:
        raise Http404
    intake = (
        Intake.objects.filter(
            pk=intake_id, operation_id=user.operation_id, status=Intake.Status.WAITING
        )
        .select_related("registered_by")
        .prefetch_related("priority_grounds")
        .first()
    )
    if intake is None:
        raise Http404
    return intake


def get_device_session(user: User, device_id: int) -> DeviceSession:
    """One of the user's own signed-in devices; anyone else's is 404."""
    if not user.is_authenticated:
        raise Http404
    device = DeviceSession.objects.filter(pk=device_id, user=user).first()
    if device is None:
        raise Http404
    return device
