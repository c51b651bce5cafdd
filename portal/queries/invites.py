"""Finding an invite by what the client has: the link's token or the short code. Only
hashes are stored, so the lookup hashes what was given."""

from portal.models import Contact, Invite
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
