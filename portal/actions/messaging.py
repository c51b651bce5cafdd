"""Messages between the two parties of a contact, read receipts and the client's choice
about them."""

import uuid

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.actions.changes import record_change
from portal.attachments import CleanFile
from portal.models import Attachment, Contact, ContactEvent, Message, User
from portal.push import notify
from portal.queries.conversation import unread_for
from portal.queries.team import on_ombud_side, running_stand_ins

Verb = ContactEvent.Verb


def _require_party(contact: Contact, user: User) -> None:
    """The client, and the ombud side: the ombud, or a stand-in while their period runs."""
    if user.pk != contact.client_id and not on_ombud_side(user, contact):
        raise PermissionDenied("Only the two parties of a contact exchange messages.")


def _recipients(contact: Contact, sender: User) -> list[User]:
    """Who hears of a new message: the client, or the whole ombud side."""
    if sender.pk != contact.client_id:
        return [contact.client]
    stand_ins = running_stand_ins().filter(contact=contact).select_related("ombud")
    return [contact.ombud, *(stand_in.ombud for stand_in in stand_ins)]


def send_message(
    contact: Contact,
    sender: User,
    *,
    text: str,
    client_uuid: uuid.UUID,
    attachment: CleanFile | None = None,
    voice: CleanFile | None = None,
) -> tuple[Message, bool]:
    """Store the message once, however often the phone retries. Returns (message, created).

    A retry with the same client_uuid returns the stored message and publishes nothing.
    """
    _require_party(contact, sender)
    existing = Message.objects.filter(contact=contact, client_uuid=client_uuid).first()
    if existing is not None:
        return existing, False
    saved: list[Attachment] = []
    try:
        with transaction.atomic():
            message = Message.objects.create(
                contact=contact, sender=sender, client_uuid=client_uuid, text=text
            )
            for upload in (attachment, voice):
                if upload is not None:
                    saved.append(_store(message, upload))
            record_change(contact, sender, Verb.SENT_MESSAGE, obj="message", pk=message.pk)
            # After commit, and only "you have a new message": never the text.
            for recipient in _recipients(contact, sender):
                notify(recipient, "message")
    except BaseException as error:
        # The rows are rolled back; the file on disk must go too, or it would outlive
        # every record of it.
        for stored in saved:
            stored.file.storage.delete(stored.file.name)
        if isinstance(error, IntegrityError):
            # Two retries raced past the check above; the other one stored it.
            return Message.objects.get(contact=contact, client_uuid=client_uuid), False
        raise
    return message, True


def _store(message: Message, attachment: CleanFile) -> Attachment:
    stored = Attachment(
        message=message,
        contact=message.contact,
        content_type=attachment.content_type,
        size=len(attachment.content),
        width=attachment.width,
        height=attachment.height,
        seconds=attachment.seconds,
    )
    stored.file.save(f"upload.{attachment.extension}", ContentFile(attachment.content), save=False)
    stored.save()
    return stored


def mark_read(contact: Contact, reader: User) -> int:
    """The reader has seen everything the other party sent. Returns how many were new."""
    _require_party(contact, reader)
    with transaction.atomic():
        unread = list(unread_for(contact, reader).select_for_update().values_list("pk", flat=True))
        if not unread:
            return 0
        Message.objects.filter(pk__in=unread).update(read_at=timezone.now())
        record_change(contact, reader, Verb.READ_MESSAGES, obj="read", pk=max(unread))
    return len(unread)


def set_read_receipts(contact: Contact, client: User, *, share: bool) -> None:
    if client.pk != contact.client_id:
        raise PermissionDenied("Only the client decides about their read receipts.")
    contact.client_shares_read_receipts = share
    contact.save(update_fields=["client_shares_read_receipts", "updated_at"])
