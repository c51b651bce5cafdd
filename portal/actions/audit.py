"""Recording that someone opened (or changed) a client's data: one plain insert, no
content ever. What is recorded, and why, is in portal.queries.audit, which reads it."""

from portal.models import AuditEntry, Contact, User


def record(contact: Contact, actor: User | None, action: str, what: str = "") -> AuditEntry | None:
    """Note that `actor` opened (or changed) the contact's data. Never pass content."""
    if actor is None or not actor.is_authenticated or actor.pk == contact.client_id:
        return None
    return AuditEntry.objects.create(contact=contact, actor=actor, action=action, what=what[:40])
