"""API operations on the conversation between a client and their ombud: a page of
messages, sending a text, and marking what the other party sent as read.

Only the contact's two parties get here (portal.access: 404 for everyone else). Sending
uses the page's MessageForm (422 with its Swedish errors) and portal.actions.messaging,
so a message is stored once per client_uuid, and the live event and the push
notification go out exactly as from the page. Attachments are listed as links to the
/bilaga/<id>/ view, which checks access again; their content never travels in JSON.
"""

import uuid

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from portal import access
from portal.actions import messaging
from portal.actions.audit import record
from portal.api.errors import invalid
from portal.api.schemas import FormErrors, MessageOut
from portal.forms import MessageForm
from portal.models import AuditEntry
from portal.queries.conversation import PAGE_SIZE, load_conversation
from portal.types import AuthedRequest

router = Router(tags=["messages"])


class MessagePageOut(Schema):
    messages: list[MessageOut] = Field(description=f"At most {PAGE_SIZE}, oldest first.")
    has_older: bool
    oldest_id: int | None = Field(description="Ask for ?before=<this> to get the page before.")


class MessageIn(Schema):
    text: str
    client_uuid: uuid.UUID = Field(
        description="Made by the phone once per message: a resend with the same id is stored "
        "once and answered 200 with the stored message."
    )


class ReadOut(Schema):
    marked: int = Field(description="How many messages were newly marked read.")


@router.get(
    "/contacts/{contact_id}/messages", response=MessagePageOut, summary="Meddelanden, en sida"
)
def list_messages(request: AuthedRequest, contact_id: int, before: int | None = None) -> dict:
    """The latest page of messages, or the page before the message `before`. Reading
    does not mark them read: that is its own operation."""
    contact = access.get_contact(request.user, contact_id)
    if before is None:
        # As on the page: paging back is the same opening.
        record(contact, request.user, AuditEntry.Action.VIEWED_MESSAGES, what="api")
    page = load_conversation(contact, before=before)
    return {
        "messages": page["bubbles"],
        "has_older": page["has_older"],
        "oldest_id": page["oldest_id"],
    }


@router.post(
    "/contacts/{contact_id}/messages",
    response={201: MessageOut, 200: MessageOut, 422: FormErrors},
    summary="Skicka ett meddelande",
)
def send_message(request: AuthedRequest, contact_id: int, payload: MessageIn) -> Status:
    """Text only (a photo or a PDF is sent from the page). 201 when stored; 200 with the
    stored message when this client_uuid was sent before."""
    contact = access.get_contact(request.user, contact_id)
    form = MessageForm(data=payload.dict())
    if not form.is_valid():
        return invalid(form, _("Meddelandet skickades inte. Rätta det som står nedan."))
    message, created = messaging.send_message(
        contact,
        request.user,
        text=form.cleaned_data["text"],
        client_uuid=form.cleaned_data["client_uuid"],
    )
    message.contact = contact
    return Status(201 if created else 200, message)


@router.post(
    "/contacts/{contact_id}/messages/read",
    response=ReadOut,
    summary="Markera meddelandena som lästa",
)
def mark_read(request: AuthedRequest, contact_id: int) -> dict:
    """Everything the other party has sent is marked read (their read receipt)."""
    contact = access.get_contact(request.user, contact_id)
    return {"marked": messaging.mark_read(contact, request.user)}
