"""A contact's files, for its two parties only and never from a public path: a message's
attachment, a letter's page, and a meeting as an .ics file for the phone's own calendar."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from portal import access
from portal.actions.audit import record
from portal.calendar import meeting_ics
from portal.models import Attachment, AuditEntry, LetterPage
from portal.types import AuthedRequest


def _file_response(stored: Attachment | LetterPage, name: str) -> HttpResponse:
    extension = stored.file.name.rsplit(".", 1)[-1]
    # Read whole (at most 10 MB): a streamed file response would be buffered by Django's
    # ASGI handler anyway, with a warning, since file iterators are synchronous.
    with stored.file.open("rb") as file:
        response = HttpResponse(file.read(), content_type=stored.content_type)
    # Photos and voice messages are shown and played in the page; a PDF is downloaded.
    inline = stored.is_image or getattr(stored, "is_audio", False)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}-{stored.pk}.{extension}"'
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def attachment(request: AuthedRequest, attachment_id: int) -> HttpResponse:
    stored = access.get_attachment(request.user, attachment_id)
    record(stored.contact, request.user, AuditEntry.Action.VIEWED_ATTACHMENT)
    return _file_response(stored, "bilaga")


@login_required
@require_GET
def letter_page(request: AuthedRequest, page_id: int) -> HttpResponse:
    """A page of a letter (a photo, or the PDF), for the contact's two parties only."""
    stored = access.get_letter_page(request.user, page_id)
    record(stored.contact, request.user, AuditEntry.Action.VIEWED_LETTER)
    return _file_response(stored, "brev")


@login_required
@require_GET
def meeting_calendar(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, meeting_id)
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="traff-{meeting.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
