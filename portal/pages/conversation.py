"""The conversation page, shared by the client's and the ombud's side: show it (which
marks what the other party sent as read), send a message, and page back through history.
The two sides' views only decide which contact and which templates."""

import uuid

from django.contrib import messages as flash
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from portal import oob, pagecache
from portal.actions import messaging
from portal.actions.audit import record
from portal.attachments import NOT_SAVED
from portal.forms import MessageForm
from portal.models import AuditEntry, Contact
from portal.queries.conversation import load_conversation
from portal.rendering import invalid, render_partial
from portal.storage import StorageFull
from portal.types import HtmxHttpRequest


def _before(request: HtmxHttpRequest) -> int | None:
    value = request.GET.get("fore", "")
    return int(value) if value.isdigit() else None


def new_form() -> MessageForm:
    return MessageForm(initial={"client_uuid": uuid.uuid4()})


def show(request: HtmxHttpRequest, contact: Contact, *, page: str, urls: dict) -> HttpResponse:
    before = _before(request)
    if request.htmx and before is not None:
        context = {**load_conversation(contact, before=before), "urls": urls}
        return render_partial(request, "partials/message_older.html", context)
    # Marking read gives the contact its next number (when anything was unread), so the
    # list below is kept for the number after it.
    messaging.mark_read(contact, request.user)
    # Paging back (above) is the same opening; the client's own is not recorded.
    record(contact, request.user, AuditEntry.Action.VIEWED_MESSAGES)
    context = {
        "contact": contact,
        "urls": urls,
        "form": new_form(),  # a new id for each page: never kept
        "viewer": request.user,
        "paged": before is not None,
    }
    if before is None:
        # The latest page of messages: kept for the contact's number (portal/pagecache.py).
        # Whether the client shares read receipts has no number: it is in the key.
        context["parts"] = pagecache.contact_parts(
            request,
            "messages",
            contact,
            ("partials/message_list.html",),
            lambda: {**load_conversation(contact), "urls": urls, "viewer": request.user},
            extra=(contact.client_shares_read_receipts,),
        )
    else:
        context.update(load_conversation(contact, before=before))
    return render(request, page, context)


def send(request: HtmxHttpRequest, contact: Contact, *, page: str, urls: dict) -> HttpResponse:
    form = MessageForm(request.POST, request.FILES)

    def refused() -> HttpResponse:
        context = {"form": form, "urls": urls, "contact": contact}
        if not request.htmx:
            context.update(load_conversation(contact))
        return invalid(request, partial="partials/message_form.html", page=page, context=context)

    if not form.is_valid():
        return refused()
    try:
        message, _created = messaging.send_message(
            contact,
            request.user,
            text=form.cleaned_data["text"],
            client_uuid=form.cleaned_data["client_uuid"],
            attachment=form.cleaned_data["file"],
            voice=form.cleaned_data["voice"],
        )
    except StorageFull:
        # The disk is full: nothing was stored. The text stays in the form.
        form.add_error("file", NOT_SAVED)
        return refused()
    if not request.htmx:
        flash.success(request, _("Skickat."))
        return redirect(f"{urls['page']}#msg-{message.pk}")
    message.contact = contact
    response = render_partial(
        request,
        "partials/message_form.html",
        {"form": new_form(), "urls": urls, "contact": contact},
        toast=_("Skickat."),
    )
    bubble = render_to_string(
        "partials/message_bubble.html",
        {"message": message, "viewer": request.user},
        request=request,
    )
    # The same bubble may also arrive over the socket; the page keeps the first (live.js).
    response.content += oob.append("#message-list", bubble).encode()
    return response
