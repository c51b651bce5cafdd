"""Plain helpers the tests share (fixtures live in the conftest files)."""

import datetime
from typing import Any

from portal.actions.intake import take_on
from portal.models import Contact, User

FACTS = {
    "channel": "phone",
    "referrer": "self",
    "phone": "070-000 00 00",
    "gender": "woman",
    "birth_year": 1990,
}


def new_client(
    ombud: User,
    *,
    first_name: str,
    started_on: datetime.date | None = None,
    override_reason: str = "",
    **facts: Any,
) -> Contact:
    """A new client of `ombud` through the one door in (a request, then the caseload
    check), with ordinary facts unless the test gives its own."""
    contact = take_on(
        ombud, override_reason=override_reason, **{"name": first_name, **FACTS, **facts}
    )
    if started_on is not None:
        contact.started_on = started_on
        contact.save(update_fields=["started_on"])
        contact.ombud_periods.update(started_on=started_on)
    return contact
