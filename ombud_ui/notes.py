"""The ombud's working notes for one client: private to the contact's ombud.

Every form works as a plain post (redirect back to the notes page) and with htmx (the
changed part, the undecided count out of band and a confirmation in the live region)."""

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ombud_ui.views import _edit_form, ombud_required
from portal import access, audit, oob
from portal.actions import notes as note_actions
from portal.forms import NoteDispositionForm, NoteForm
from portal.models import AuditEntry, Contact, WorkingNote
from portal.rendering import done, render_partial

Disposition = WorkingNote.Disposition


def _own_contact(request: HttpRequest, contact_id: int) -> Contact:
    contact = access.get_contact(request.user, contact_id)
    if contact.ombud_id != request.user.pk:
        raise Http404
    return contact


def _notes_url(contact_id: int) -> str:
    return reverse("ombud_notes", args=[contact_id])


def _add_form(data=None) -> NoteForm:
    return NoteForm(data, auto_id="n-%s")


def _counts(contact: Contact) -> dict:
    return contact.notes.aggregate(
        total=Count("pk"), undecided=Count("pk", filter=Q(disposition=Disposition.UNDECIDED))
    )


def _page_context(contact: Contact, form: NoteForm | None = None) -> dict:
    notes = list(contact.notes.all())
    for note in notes:
        note.contact = contact
    return {
        "contact": contact,
        "notes": notes,
        "total": len(notes),
        "undecided": sum(1 for note in notes if note.disposition == Disposition.UNDECIDED),
        "form": form or _add_form(),
    }


def _with_summary(request: HttpRequest, response: HttpResponse, contact: Contact) -> HttpResponse:
    """Add the undecided count, swapped out of band, to an htmx answer."""
    summary = render_to_string(
        "partials/note_summary.html", {**_counts(contact), "oob": True}, request=request
    )
    response.content += summary.encode()
    return response


@ombud_required
@require_http_methods(["GET", "POST"])
def notes(request: HttpRequest, contact_id: int):
    contact = _own_contact(request, contact_id)
    if request.method == "POST":
        return _add(request, contact)
    audit.record(contact, request.user, AuditEntry.Action.VIEWED_NOTES)
    return render(request, "ombud/notes.html", {**_page_context(contact), "viewer": request.user})


def _add(request: HttpRequest, contact: Contact) -> HttpResponse:
    form = _add_form(request.POST)
    if not form.is_valid():
        if request.htmx:
            context = {"contact": contact, "form": form}
            return render_partial(request, "partials/note_add.html", context, status=422)
        context = {**_page_context(contact, form), "viewer": request.user}
        return render(request, "ombud/notes.html", context, status=422)
    note = note_actions.add_note(contact, request.user, text=form.cleaned_data["text"])
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
def note_edit(request: HttpRequest, note_id: int):
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
    return _edit_form(request, "note", {"note": note, "form": form, "contact": contact})


@ombud_required
@require_POST
def note_disposition(request: HttpRequest, note_id: int):
    note = access.get_note(request.user, note_id)
    contact = note.contact
    form = NoteDispositionForm(request.POST)
    if not form.is_valid():
        context = {"error_note": note.pk, "disposition_error": form.errors["disposition"][0]}
        if request.htmx:
            context["note"] = note
            return render_partial(request, "partials/note_item.html", context, status=422)
        page = {**_page_context(contact), **context, "viewer": request.user}
        return render(request, "ombud/notes.html", page, status=422)
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
def note_delete(request: HttpRequest, note_id: int):
    note = access.get_note(request.user, note_id)
    contact = note.contact
    note_actions.delete_note(note, request.user)
    toast = _("Anteckningen är borttagen för alltid.")
    if not request.htmx:
        return done(request, _notes_url(contact.pk), toast=toast)
    # Only out-of-band parts: the note's row is swapped for nothing, as the note is gone.
    response = HttpResponse(render_to_string("partials/toast.html", {"toast": toast}))
    return _with_summary(request, response, contact)
