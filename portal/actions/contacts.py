"""Actions on contacts: a new client for an ombud, moving between phases, invites."""

import datetime
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from portal.actions import account_changes
from portal.actions.changes import record_change
from portal.actions.sessions import end_all_sessions
from portal.models import (
    AccountChange,
    Contact,
    ContactEvent,
    Invite,
    OmbudPeriod,
    PasswordResetRequest,
    Phase,
    Role,
    User,
)
from portal.models.contact import hash_secret
from portal.queries.invites import free_username, may_invite
from portal.queries.team import on_ombud_side
from realtime.events import publish_after_commit, user_group

# No 0/O, 1/I/L: the code is read aloud and typed on a small screen.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def open_contact(ombud: User, *, first_name: str, **facts) -> Contact:
    """The client's account and the contact, with `facts` (gender, birth year, how the
    request came in...) copied onto it. No check of who asks, and no caseload check: the
    only caller is an assigned request (portal.actions.intake.assign), the one door in.
    The client chooses a password through an invite."""
    operation = ombud.operation
    if operation is None:
        raise PermissionDenied("An ombud without an operation has no clients.")
    with transaction.atomic():
        client = User.objects.create(
            username=f"new-{uuid.uuid4().hex[:12]}",
            first_name=first_name,
            role=Role.CLIENT,
            operation=operation,
        )
        client.set_unusable_password()
        client.save(update_fields=["password"])
        contact = Contact.objects.create(operation=operation, client=client, ombud=ombud, **facts)
        OmbudPeriod.objects.create(contact=contact, ombud=ombud, started_on=contact.started_on)
        # The ombud's open pages start following the new contact at once.
        publish_after_commit(user_group(ombud), {"type": "user.contacts"})
        return contact


def change_phase(contact: Contact, actor: User, *, phase: int) -> None:
    if not on_ombud_side(actor, contact):
        raise PermissionDenied("Only the contact's ombud moves it between phases.")
    with transaction.atomic():
        if contact.phase == phase:
            return
        contact.phase = phase
        contact.highest_phase = max(contact.highest_phase, phase)
        # Kept for the phase on 31 December in the annual report (day and phase only).
        contact.phase_changes = [*contact.phase_changes, [timezone.localdate().isoformat(), phase]]
        contact.save(update_fields=["phase", "highest_phase", "phase_changes", "updated_at"])
        label = str(Phase(phase).label)
        record_change(contact, actor, ContactEvent.Verb.PHASE, label, obj="contact", pk=contact.pk)


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def create_invite(contact: Contact, actor: User) -> tuple[Invite, str, str]:
    """Make a fresh invite; earlier unused ones stop working. Returns (invite, token, code).

    The token and code are only ever shown once, to the ombud; we keep their hashes.
    """
    if not on_ombud_side(actor, contact):
        raise PermissionDenied("Only the contact's ombud invites the client.")
    if not may_invite(contact):
        raise PermissionDenied("The client has a password and has not asked for a new one.")
    token = secrets.token_urlsafe(32)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    now = timezone.now()
    with transaction.atomic():
        contact.invites.filter(used_at__isnull=True).delete()
        invite = Invite.objects.create(
            contact=contact,
            token_hash=hash_secret(token),
            code_hash=hash_secret(code),
            created_by=actor,
            expires_at=now + datetime.timedelta(hours=settings.INVITE_VALID_HOURS),
        )
    return invite, token, format_code(code)


def redeem_invite(invite: Invite, *, password: str, username: str = "") -> User:
    """The invite makes the account: the client chooses only a password. The username is
    the one the account has (a client who asked for a new password keeps theirs), or the
    one given (the welcome page made it and showed it checking the password), or one made
    from their first name if it is missing or was taken in the meantime
    (portal.queries.invites.free_username). The invite can be used once only.

    A new password (the client had asked for one, or lost their phone) also ends every
    session the account had (portal.actions.sessions) and clears the request. The caller
    signs this browser in afterwards.
    """
    with transaction.atomic():
        locked = Invite.objects.select_for_update().get(pk=invite.pk)
        if not locked.is_usable():
            raise PermissionDenied("The invite has been used or has expired.")
        locked.used_at = timezone.now()
        locked.save(update_fields=["used_at"])
        client = locked.contact.client
        if not client.has_usable_password():
            wanted = username or client.username
            taken = User.objects.filter(username__iexact=wanted).exclude(pk=client.pk).exists()
            if not username or taken:
                wanted = free_username(client.first_name)
            client.username = wanted
        client.set_password(password)
        client.save(update_fields=["username", "password"])
        PasswordResetRequest.objects.filter(user=client).delete()
        end_all_sessions(client)
        account_changes.record(client, AccountChange.Kind.PASSWORD_BY_INVITE)
    return client
