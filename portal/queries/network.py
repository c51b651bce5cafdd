"""The client's network as the pages, the API, the live frames and the copy read it."""

from portal.models import Contact, NetworkPerson


def network_of(contact: Contact) -> list[NetworkPerson]:
    """Everyone in the network, oldest first, each knowing its contact and who wrote it."""
    people = list(contact.network.select_related("created_by", "updated_by"))
    for person in people:
        person.contact = contact
    return people
