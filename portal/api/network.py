"""API operations on the client's network ("Mitt nätverk"): list, add, edit, remove.

The same access helpers (404 outside the contact), form (422 in Swedish) and actions
(portal.actions.network: either party adds and edits; the client removes anyone, the
ombud only whom the client did not add, else 403) as the pages."""

from django.utils.translation import gettext as _
from ninja import Router, Status

from portal import access
from portal.actions import network as network_actions
from portal.actions.audit import record
from portal.api.errors import invalid
from portal.api.schemas import FormErrors, NetworkPersonIn, NetworkPersonOut
from portal.forms import NetworkPersonForm
from portal.models import AuditEntry, NetworkPerson
from portal.queries.network import network_of
from portal.types import AuthedRequest

router = Router(tags=["network"])


def _not_saved() -> str:
    return _("Det sparades inte. Rätta det som står nedan.")


@router.get(
    "/contacts/{contact_id}/network",
    response=list[NetworkPersonOut],
    summary="Klientens nätverk",
)
def list_network(request: AuthedRequest, contact_id: int) -> list[NetworkPerson]:
    """Everyone in the network, oldest first."""
    contact = access.get_contact(request.user, contact_id)
    record(contact, request.user, AuditEntry.Action.VIEWED_NETWORK, what="api")
    return network_of(contact)


@router.post(
    "/contacts/{contact_id}/network",
    response={201: NetworkPersonOut, 422: FormErrors},
    summary="Lägg till någon i nätverket",
)
def add_person(request: AuthedRequest, contact_id: int, payload: NetworkPersonIn) -> Status:
    """Either party."""
    contact = access.get_contact(request.user, contact_id)
    form = NetworkPersonForm(data=payload.dict())
    if not form.is_valid():
        return invalid(form, _not_saved())
    person = network_actions.add_person(contact, request.user, **form.cleaned_data)
    return Status(201, person)


@router.put(
    "/network/{person_id}",
    response={200: NetworkPersonOut, 422: FormErrors},
    summary="Ändra någon i nätverket",
)
def edit_person(
    request: AuthedRequest, person_id: int, payload: NetworkPersonIn
) -> Status | NetworkPerson:
    """Either party; replaces every field."""
    person = access.get_network_person(request.user, person_id)
    form = NetworkPersonForm(data=payload.dict())
    if not form.is_valid():
        return invalid(form, _not_saved())
    network_actions.edit_person(person, request.user, **form.cleaned_data)
    return person


@router.delete("/network/{person_id}", response={204: None}, summary="Ta bort ur nätverket")
def remove_person(request: AuthedRequest, person_id: int) -> Status:
    """The client anyone; the ombud only whom the client did not add (403)."""
    person = access.get_network_person(request.user, person_id)
    network_actions.remove_person(person, request.user)
    return Status(204, None)
