"""API operation on the client's "who looked": who opened or changed their data, and
when, never what it said (portal.queries.audit). The client only: the ombud side gets
403, anyone outside the contact 404."""

import datetime

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from portal import access
from portal.api.schemas import PersonOut
from portal.queries.audit import PAGE_SIZE, trail
from portal.templatetags.plain import person_for
from portal.types import AuthedRequest

router = Router(tags=["who looked"])


class TrailRowOut(Schema):
    actor: PersonOut | None
    who: str = Field(description='As the client reads it: "Du", "Anna (ditt ombud)", …')
    did: str = Field(description="What kind of thing they did, never its content.")
    at: datetime.datetime


class TrailOut(Schema):
    page: int
    pages: int
    count: int
    rows: list[TrailRowOut] = Field(description=f"At most {PAGE_SIZE}, newest first.")


class TrailQuery(Schema):
    page: int = Field(default=1, ge=1, le=100_000)


@router.get("/contacts/{contact_id}/trail", response=TrailOut, summary="Vem har tittat och ändrat")
def who_looked(request: AuthedRequest, contact_id: int, query: Query[TrailQuery]) -> dict:
    contact = access.get_contact(request.user, contact_id)
    if request.user.pk != contact.client_id:
        raise PermissionDenied("The trail is the client's to read.")
    page = trail(contact, query.page)
    return {
        "page": page.number,
        "pages": page.paginator.num_pages,
        "count": page.paginator.count,
        "rows": [
            {
                "actor": row.actor,
                "who": person_for(row.actor, request.user),
                "did": row.did,
                "at": row.at,
            }
            for row in page.object_list
        ],
    }
