"""Finding an invite by what the client has: the link's token or the short code. Only
hashes are stored, so the lookup hashes what was given."""

import secrets
from dataclasses import dataclass

from django.utils.text import slugify

from portal.models import Contact, Invite, PasswordResetRequest, User
from portal.models.contact import hash_secret


def normalize_code(code: str) -> str:
    """ "abcd-2345" and "ABCD 2345" are the same code."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def find_usable_invite(*, token: str = "", code: str = "") -> Invite | None:
    """The unused, unexpired invite of an active contact that the token or code opens."""
    if token:
        lookup = {"token_hash": hash_secret(token)}
    elif code:
        lookup = {"code_hash": hash_secret(normalize_code(code))}
    else:
        return None
    invite = (
        Invite.objects.select_related("contact__client", "contact__ombud")
        .filter(**lookup, contact__status=Contact.Status.ACTIVE)
        .first()
    )
    return invite if invite and invite.is_usable() else None


def username_taken(username: str) -> bool:
    return User.objects.filter(username__iexact=username).exists()


def free_username(first_name: str) -> str:
    """A username made from the invite: the first name in plain letters and four digits,
    "maja-4821" ("Åsa" → "asa-…"). Not a secret (the password and the lockout are the
    protection), just easy to write down and to type on a phone."""
    base = slugify(first_name)[:20].strip("-") or "klient"
    for digits in (4, 4, 4, 4, 4, 6, 6, 6):
        candidate = f"{base}-{secrets.randbelow(9 * 10 ** (digits - 1)) + 10 ** (digits - 1)}"
        if not username_taken(candidate):
            return candidate
    return f"{base}-{secrets.token_hex(6)}"


def usable_invite(invite_id: int | None) -> Invite | None:
    """The invite the session points to, if it can still be used."""
    if invite_id is None:
        return None
    invite = (
        Invite.objects.select_related("contact__client", "contact__ombud")
        .filter(pk=invite_id)
        .first()
    )
    return invite if invite and invite.is_usable() else None


@dataclass(frozen=True)
class InviteState:
    """The plan's "app for the client" section: an open request for a new password, and
    whether the ombud may make an invite now."""

    reset_request: PasswordResetRequest | None
    may_invite: bool


def invite_state(contact: Contact) -> InviteState:
    """An invite lets its holder choose the account's password. So there is one only for
    a client who has none yet, or who asked for a new one in the app: never a way for
    anyone, the ombud included, to take over an account in use."""
    reset_request = PasswordResetRequest.objects.filter(user_id=contact.client_id).first()
    may = reset_request is not None or not contact.client.has_usable_password()
    return InviteState(reset_request=reset_request, may_invite=may)


def may_invite(contact: Contact) -> bool:
    return invite_state(contact).may_invite
