"""Letter pages shared by the client's and the ombud's side: add a letter (the camera
opens at once on a phone), show one with its pages and the text read from it, put its
suggested tasks in the plan, and remove it. The two sides' views decide only which
contact, which templates and where to go back to."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.actions import letters as letter_actions
from portal.actions.audit import record
from portal.attachments import NOT_SAVED
from portal.forms import LetterForm
from portal.forms.letters import NEW
from portal.models import AuditEntry, Contact, Letter, User
from portal.queries.letters import destination, letter_card, letters_of, tasks_form
from portal.rendering import done, invalid
from portal.storage import StorageFull
from portal.types import HtmxHttpRequest


def section_context(contact: Contact, viewer: User, form: LetterForm | None = None) -> dict:
    """The letters section of a plan page: the form and every card."""
    return {
        "contact": contact,
        "letters": letters_of(contact, viewer),
        "letter_form": form or LetterForm(),
    }


def new_page(request: HtmxHttpRequest, contact: Contact, *, page: str) -> HttpResponse:
    """The form on a page of its own (from the conversation, or without the plan)."""
    return render(request, page, {"contact": contact, "letter_form": LetterForm()})


def upload(request: HtmxHttpRequest, contact: Contact, *, page: str, plan_url: str) -> HttpResponse:
    form = LetterForm(request.POST, request.FILES)
    letter = None
    if form.is_valid():
        try:
            letter = letter_actions.add_letter(
                contact, request.user, pages=form.cleaned_data["pages"]
            )
        except StorageFull:  # the disk is full: no letter, no page kept
            form.add_error("pages", NOT_SAVED)
    if letter is None:
        context = section_context(contact, request.user, form)
        return invalid(request, partial="partials/letter_section.html", page=page, context=context)
    return done(
        request,
        plan_url,
        toast=_("Tack! Nu läser appen brevet. Svaret kommer här om en liten stund."),
        anchor=f"letter-{letter.pk}",
        template="partials/letter_section.html",
        context=section_context(contact, request.user),
    )


def show(
    request: HtmxHttpRequest, letter: Letter, *, page: str, extra: dict | None = None
) -> HttpResponse:
    record(letter.contact, request.user, AuditEntry.Action.VIEWED_LETTER)
    card = letter_card(letter, request.user)
    context = {"letter": card, "contact": letter.contact, "viewer": request.user, **(extra or {})}
    return render(request, page, context)


def add_tasks(
    request: HtmxHttpRequest, letter: Letter, *, page: str, plan_url: str
) -> HttpResponse:
    card = letter_card(letter, request.user)
    anchor = f"letter-{letter.pk}"
    if not card.suggestions:
        # A second tap, or the other party was first: the tasks are there already.
        return done(
            request,
            plan_url,
            toast=_("Det finns redan i planen."),
            anchor=anchor,
            template="partials/letter_card.html",
            context={"letter": card},
        )
    place = destination(letter.contact, letter)
    form = tasks_form(card, place, request.POST)
    if not form.is_valid():
        card.tasks_form = form
        context = {"letter": card, "contact": letter.contact}
        return invalid(request, partial="partials/letter_card.html", page=page, context=context)
    chosen = form.cleaned_data["assignment"]
    assignment = (
        None if chosen == NEW else next(a for a in place.assignments if str(a.pk) == chosen)
    )
    letter_actions.add_letter_tasks(
        letter,
        request.user,
        tasks=form.cleaned_data["tasks"],
        assignment=assignment,
        new_assignment_title=place.new_title,
    )
    return done(
        request,
        plan_url,
        toast=_("Klart! Nu finns det i planen."),
        anchor=anchor,
        template="partials/letter_card.html",
        context={"letter": letter_card(letter, request.user)},
    )


def remove(request: HtmxHttpRequest, letter: Letter, *, plan_url: str) -> HttpResponse:
    contact = letter.contact
    letter_actions.remove_letter(letter, request.user)
    return done(
        request,
        plan_url,
        toast=_("Du tog bort brevet."),
        anchor="letters",
        template="partials/letter_section.html",
        context=section_context(contact, request.user),
    )
