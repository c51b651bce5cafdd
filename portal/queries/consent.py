"""Consent as the pages read it: which organisations the ombud may contact today, and the
consent list (those in force first)."""

from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from portal.models import Consent, Contact, Organisation

# Other ways people write the name of an organisation, lower case.
_ALIASES = {
    "fk": Organisation.FORSAKRINGSKASSAN,
    "kronofogdemyndigheten": Organisation.KRONOFOGDEN,
    "kfm": Organisation.KRONOFOGDEN,
    "af": Organisation.ARBETSFORMEDLINGEN,
    "socialtjänst": Organisation.SOCIALTJANSTEN,
    "soc": Organisation.SOCIALTJANSTEN,
    "socialen": Organisation.SOCIALTJANSTEN,
    "psykiatri": Organisation.PSYKIATRIN,
    "vårdcentral": Organisation.VARDCENTRAL,
    "överförmyndare": Organisation.OVERFORMYNDAREN,
    "överförmyndarnämnden": Organisation.OVERFORMYNDAREN,
    "bostadsbolag": Organisation.HOUSING,
    "hyresvärden": Organisation.HOUSING,
}


def organisation_named(name: str) -> str:
    """The organisation a name stands for ("Försäkringskassan", "kronofogdemyndigheten"),
    compared without regard to case; "" when it is none of the named ones."""
    wanted = " ".join(name.split()).casefold()
    if not wanted:
        return ""
    with translation.override("sv"):
        for value, label in Organisation.choices:
            if value != Organisation.OTHER and wanted in (value, str(label).casefold()):
                return value
    return _ALIASES.get(wanted, "")


def active_consents(contact: Contact) -> QuerySet[Consent]:
    """Consents in force today: not taken back, and not past their last day."""
    today = timezone.localdate()
    return contact.consents.filter(withdrawn_at__isnull=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )


def consented_organisations(contact: Contact) -> set[str]:
    """The organisations the ombud may be in contact with today, in one query."""
    return set(active_consents(contact).values_list("organisation", flat=True))


def consents_of(contact: Contact) -> list[Consent]:
    """Every consent of the contact, newest first, with who recorded it. One query."""
    consents = list(contact.consents.select_related("recorded_by"))
    for consent in consents:
        consent.contact = contact  # the item names the client and the ombud
    return consents


def consent_lists(contact: Contact, consents: list[Consent] | None = None) -> dict:
    """The contact's consents for the consent list: those in force first, then the ones
    taken back or past their last day. One query, or none if `consents` is given."""
    if consents is None:
        consents = consents_of(contact)
    return {
        "active_consents": [c for c in consents if c.is_active],
        "ended_consents": [c for c in consents if not c.is_active],
    }
