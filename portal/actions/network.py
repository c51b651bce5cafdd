"""Actions on the client's network ("Mitt nätverk"): the people who support the client
besides the ombud. Written with the client, so:

- **Either party** adds someone and edits anyone in it.
- **The client removes anyone**: it is their network. The ombud removes only those the
  client did not add.

Each change is a numbered event, so the other party's page shows it live.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from portal.actions.changes import record_change
from portal.models import Contact, ContactEvent, NetworkPerson, Organisation, User
from portal.push import notify
from portal.queries.team import on_ombud_side

Verb = ContactEvent.Verb

FIELDS = ("role", "name", "organisation", "organisation_other", "phone", "email", "reach")


def _require_party(actor: User, contact: Contact) -> None:
    if actor.pk != contact.client_id and not on_ombud_side(actor, contact):
        raise PermissionDenied("Only the two parties of a contact may change the network.")


def _tell_client(contact: Contact, actor: User) -> None:
    if on_ombud_side(actor, contact):
        notify(contact.client, "plan")


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Not a network field: {sorted(unknown)}")
    values = {name: fields.get(name) or "" for name in FIELDS}
    if values["organisation"] != Organisation.OTHER:
        values["organisation_other"] = ""  # only "Annan" needs a name of its own
    return values


def add_person(contact: Contact, actor: User, **fields: Any) -> NetworkPerson:
    _require_party(actor, contact)
    with transaction.atomic():
        person = NetworkPerson.objects.create(
            contact=contact, created_by=actor, updated_by=actor, **_clean(fields)
        )
        record_change(contact, actor, Verb.ADDED_NETWORK, person.label, obj="network", pk=person.pk)
        _tell_client(contact, actor)
    return person


def edit_person(person: NetworkPerson, actor: User, **fields: Any) -> None:
    contact = person.contact
    _require_party(actor, contact)
    with transaction.atomic():
        values = _clean(fields)
        for name, value in values.items():
            setattr(person, name, value)
        person.updated_by = actor
        person.updated_at = timezone.now()
        person.save(update_fields=[*values, "updated_by", "updated_at"])
        record_change(
            contact, actor, Verb.CHANGED_NETWORK, person.label, obj="network", pk=person.pk
        )
        _tell_client(contact, actor)


def remove_person(person: NetworkPerson, actor: User) -> None:
    """The client removes anyone; the ombud only those the client did not add. A task
    that named them keeps its decision dates and forgets who decides."""
    contact = person.contact
    _require_party(actor, contact)
    if not person.may_remove(actor):
        raise PermissionDenied("Only the client removes whom the client added.")
    with transaction.atomic():
        record_change(
            contact, actor, Verb.REMOVED_NETWORK, person.label, obj="network", pk=person.pk
        )
        person.delete()
        _tell_client(contact, actor)
