"""The outbox: items a phone queued offline, sent when it is back online."""

import uuid
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from portal import access
from portal.actions import outbox
from portal.types import AuthedRequest

router = Router(tags=["outbox"])

MAX_ITEMS = 50


class OutboxItemIn(Schema):
    id: uuid.UUID
    kind: Literal["message", "task_done"]
    contact: int
    text: str = Field(default="", max_length=4000)
    task: int | None = None
    done: bool = True


class OutboxIn(Schema):
    items: list[OutboxItemIn] = Field(max_length=MAX_ITEMS)


class Refused(Schema):
    id: uuid.UUID
    reason: str


class OutboxOut(Schema):
    applied: list[uuid.UUID]
    refused: list[Refused]


def _item(request: AuthedRequest, raw: OutboxItemIn) -> outbox.Item:
    contact = access.get_contact(request.user, raw.contact)
    task = None
    if raw.kind == "message":
        if not raw.text.strip():
            raise ValueError(_("Meddelandet är tomt."))
    else:
        if raw.task is None:
            raise ValueError(_("Uppgiften saknas."))
        task = access.get_task(request.user, raw.task)
        if task.contact_id != contact.pk:
            raise Http404
    return outbox.Item(
        id=raw.id, kind=raw.kind, contact=contact, text=raw.text.strip(), task=task, done=raw.done
    )


@router.post("/outbox", response=OutboxOut, summary="Skicka det som väntade i telefonen")
def send_outbox(request: AuthedRequest, payload: OutboxIn) -> dict:
    """Apply queued items in order. Each is applied exactly once, however often it is sent;
    an item that cannot be applied is refused with a reason and the rest go on."""
    applied, refused = [], []
    for raw in payload.items:
        try:
            outbox.apply(_item(request, raw), request.user)
        except Http404:
            refused.append({"id": raw.id, "reason": _("Det här finns inte längre.")})
        except PermissionDenied:
            refused.append({"id": raw.id, "reason": _("Det här får du inte ändra.")})
        except ValueError as error:
            refused.append({"id": raw.id, "reason": str(error)})
        else:
            applied.append(raw.id)
    return {"applied": applied, "refused": refused}
