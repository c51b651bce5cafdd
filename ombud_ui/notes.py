"""The ombud's working notes for one client: private to the ombud who wrote them.

Every form works as a plain post (redirect back to the notes page) and with htmx (the
changed part, the undecided count out of band and a confirmation in the live region)."""

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal import access, oob
from portal.actions import notes as note_actions
from portal.actions.audit import record
from portal.decorators import ombud_required
from portal.forms import NoteDispositionForm, NoteForm
from portal.models import AuditEntry, Contact, Proposal, WorkingNote
from portal.queries.notes import note_counts, notes_page
from portal.rendering import done, finished, inline_edit, invalid, render_partial
from portal.types import FormData, HtmxHttpRequest

Disposition = WorkingNote.Disposition


def _own_contact(request: HtmxHttpRequest, contact_id: int) -> Contact:
    contact = access.get_contact(request.user, contact_id)
    if contact.ombud_id != request.user.pk:
        raise Http404
    return contact


def _notes_url(contact_id: int) -> str:
    return reverse("ombud_notes", args=[contact_id])


def _add_form(data: FormData = None) -> NoteForm:
    return NoteForm(data, auto_id="n-%s")


def _page_context(request: HtmxHttpRequest, contact: Contact, **extra: Any) -> dict:
    moving = contact.proposals.filter(kind=Proposal.Kind.MOVE, status=Proposal.Status.OPEN).exists()
    return {"form": _add_form(), "moving": moving, **notes_page(contact, request.user), **extra}


def _with_summary(
    request: HtmxHttpRequest, response: HttpResponse, contact: Contact
) -> HttpResponse:
    """Add the undecided count, swapped out of band, to an htmx answer."""
    counts = note_counts(contact, request.user)
    summary = render_to_string(
        "partials/note_summary.html", {**counts, "oob": True}, request=request
    )
    response.content += summary.encode()
    return response


@ombud_required
@require_http_methods(["GET", "POST"])
def notes(request: HtmxHttpRequest, contact_id: int) -> HttpResponse:
    contact = _own_contact(request, contact_id)
    if request.method == "POST":
        return _add(request, contact)
    record(contact, request.user, AuditEntry.Action.VIEWED_NOTES)
    context = {**_page_context(request, contact), "viewer": request.user}
    return render(request, "ombud/notes.html", context)


def _add(request: HtmxHttpRequest, contact: Contact) -> HttpResponse:
    form = _add_form(request.POST)
    if not form.is_valid():
        if request.htmx:
            context = {"contact": contact, "form": form}
        else:
            context = _page_context(request, contact, form=form)
        return invalid(
            request, partial="partials/note_add.html", page="ombud/notes.html", context=context
        )
    try:
        note = note_actions.add_note(contact, request.user, text=form.cleaned_data["text"])
    except note_actions.MoveProposed:
        # The page now says why there is no form (the move was proposed meanwhile).
        return finished(request, _notes_url(contact.pk), toast=_("Anteckningen sparades inte."))
    toast = _("Anteckningen är sparad. Bara du ser den.")
    if not request.htmx:
        return done(request, _notes_url(contact.pk), toast=toast, anchor=f"note-{note.pk}")
    response = render_partial(
        request, "partials/note_add.html", {"contact": contact, "form": _add_form()}, toast=toast
    )
    item = render_to_string(
        "partials/note_item.html", {"note": note, "viewer": request.user}, request=request
    )
    response.content += oob.prepend("#note-list", item).encode()
    return _with_summary(request, response, contact)


@ombud_required
@require_http_methods(["GET", "POST"])
def note_edit(request: HtmxHttpRequest, note_id: int) -> HttpResponse:
    note = access.get_note(request.user, note_id)
    contact = note.contact
    form = NoteForm(request.POST or None, initial={"text": note.text}, auto_id=f"ne{note.pk}-%s")
    if request.method == "POST" and form.is_valid():
        note_actions.edit_note(note, request.user, text=form.cleaned_data["text"])
        return done(
            request,
            _notes_url(contact.pk),
            toast=_("Anteckningen är sparad."),
            anchor=f"note-{note.pk}",
            template="partials/note_item.html",
            context={"note": note},
        )
    return inline_edit(
        request,
        page="ombud/note_edit.html",
        partial="partials/note_edit.html",
        context={"note": note, "form": form, "contact": contact},
    )


@ombud_required
@require_POST
def note_disposition(request: HtmxHttpRequest, note_id: int) -> HttpResponse:
    note = access.get_note(request.user, note_id)
    contact = note.contact
    form = NoteDispositionForm(request.POST)
    if not form.is_valid():
        error = {"error_note": note.pk, "disposition_error": form.errors["disposition"][0]}
        if request.htmx:
            context = {"note": note, **error}
        else:
            context = _page_context(request, contact, **error)
        return invalid(
            request, partial="partials/note_item.html", page="ombud/notes.html", context=context
        )
    choice = form.cleaned_data["disposition"]
    note_actions.set_disposition(note, request.user, disposition=choice)
    if choice == Disposition.HAND_OVER:
        toast = _("Klart. Anteckningen lämnas till klienten när kontakten slutar.")
    else:
        toast = _("Klart. Anteckningen förstörs när kontakten slutar.")
    response = done(
        request,
        _notes_url(contact.pk),
        toast=toast,
        anchor=f"note-{note.pk}",
        template="partials/note_item.html",
        context={"note": note},
    )
    return _with_summary(request, response, contact) if request.htmx else response


@ombud_required
@require_POST
def note_delete(request: HtmxHttpRequest, note_id: int) -> HttpResponse:
    note = access.get_note(request.user, note_id)
    contact = note.contact
    note_actions.delete_note(note, request.user)
    toast = _("Anteckningen är borttagen för alltid.")
    if not request.htmx:
        return done(request, _notes_url(contact.pk), toast=toast)
    # Only out-of-band parts: the note's row is swapped for nothing, as the note is gone.
    response = HttpResponse(render_to_string("partials/toast.html", {"toast": toast}))
    return _with_summary(request, response, contact)
