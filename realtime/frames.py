"""Render a contact's event for one reader, as htmx out-of-band swaps.

The same partials as the pages, so a pushed update looks exactly like a reload. Each
event renders from the current database state, so replaying one is harmless: an adding
event appends the new row (live.js drops a row the page already has), every other
event replaces the row in place, and a deleted object is removed.
"""

from collections.abc import Sequence

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from portal import oob
from portal.forms import PhaseForm, TaskForm
from portal.models import (
    Assignment,
    Consent,
    Contact,
    ContactEvent,
    Letter,
    Message,
    PlanComment,
    Task,
    User,
)
from portal.pages.team import team_parts
from portal.queries.caseload import caseload_row
from portal.queries.consent import consent_lists, consented_organisations
from portal.queries.conversation import badge_count
from portal.queries.letters import letter_cards, letters_involving, letters_query
from portal.queries.network import network_of
from portal.queries.plan import (
    TASK_RELATED,
    assignments_of,
    current_meetings,
    next_steps,
    task_rows,
    tasks_involving,
)
from portal.templatetags.plain import person_for

Verb = ContactEvent.Verb
# Events that change what is unread: their frames carry the badge (and the caseload row).
BADGE_KINDS = ("message", "read")
RELOAD = '<div id="reload-needed" hx-swap-oob="true" data-reload="1"></div>'


def _render(template: str, context: dict) -> str:
    return render_to_string(template, context)


def _task(event: ContactEvent, ctx: dict) -> list[str]:
    task = Task.objects.select_related(*TASK_RELATED).filter(pk=event.object_id or 0).first()
    if task is None or task.contact_id != event.contact_id:
        return [oob.delete(f"#task-{event.object_id}")]
    # Only the ombud's row says that a consent is missing.
    task_rows(ctx["contact"], [task], consent_flag=ctx["viewer"].is_ombud)
    if event.verb in ContactEvent.ADDING:
        return [
            oob.append(
                f"#tasks-{task.assignment_id}",
                _render("partials/task_row.html", {**ctx, "task": task}),
            )
        ]
    # Not over a row the ombud is editing right now: their typing is never lost.
    selector = f"outerHTML:#task-{task.pk}:not(.editing)"
    return [_render("partials/task_row.html", {**ctx, "task": task, "oob": selector})]


def _assignment_list(ctx: dict) -> list[str]:
    """The assignments in their new order. Not over a list in which someone is editing
    or has a form open (live.js marks it): their typing is never lost, and the next
    change or a reload shows the order."""
    contact, viewer = ctx["contact"], ctx["viewer"]
    consented = consented_organisations(contact) if viewer.is_ombud else set()
    assignments = assignments_of(contact, consented, for_client=viewer.is_client)
    network = network_of(contact)
    for assignment in assignments:
        assignment.task_form = TaskForm.for_assignment(assignment, viewer=viewer, network=network)
    selector = "outerHTML:#assignment-list:not(:has(.editing))"
    context = {**ctx, "assignments": assignments, "oob": selector}
    return [_render("partials/assignment_list.html", context)]


def _assignment(event: ContactEvent, ctx: dict) -> list[str]:
    assignment = (
        Assignment.objects.select_related("updated_by", "created_by")
        .filter(pk=event.object_id or 0)
        .first()
    )
    if assignment is None or assignment.contact_id != event.contact_id:
        return [oob.delete(f"#assignment-{event.object_id}")]
    assignment.contact = ctx["contact"]
    if event.verb in (Verb.FIRST_ASSIGNMENT, Verb.MOVED_ASSIGNMENT):
        return _assignment_list(ctx)
    if event.verb in ContactEvent.ADDING:
        assignment.task_form = TaskForm.for_assignment(
            assignment, viewer=ctx["viewer"], network=network_of(ctx["contact"])
        )
        card = _render("partials/assignment_card.html", {**ctx, "assignment": assignment})
        return [oob.append("#assignment-list", card)]
    selector = f"outerHTML:#assignment-{assignment.pk}-head"
    return [
        _render("partials/assignment_head.html", {**ctx, "assignment": assignment, "oob": selector})
    ]


def _network(event: ContactEvent, ctx: dict) -> list[str]:
    """The network list (not over someone editing in it), and on the plan the rows of
    the tasks that name the person who changed."""
    contact = ctx["contact"]
    parts = ctx.get("parts")
    swaps = []
    if parts is None or "network-list" in parts:
        selector = "outerHTML:#network-list:not(:has(.editing))"
        context = {**ctx, "network": network_of(contact), "oob": selector}
        swaps.append(_render("partials/network_list.html", context))
    if event.verb == Verb.CHANGED_NETWORK and (parts is None or "assignment-list" in parts):
        tasks = contact.tasks.filter(network_person_id=event.object_id).select_related(
            *TASK_RELATED
        )
        for task in task_rows(contact, tasks, consent_flag=ctx["viewer"].is_ombud):
            selector = f"outerHTML:#task-{task.pk}:not(.editing)"
            swaps.append(_render("partials/task_row.html", {**ctx, "task": task, "oob": selector}))
    return swaps


def _meetings(event: ContactEvent, ctx: dict) -> list[str]:
    meetings = current_meetings(ctx["contact"])
    selector = "outerHTML:#meeting-list:not(:has(.editing))"
    return [_render("partials/meeting_list.html", {**ctx, "meetings": meetings, "oob": selector})]


def _comment(event: ContactEvent, ctx: dict) -> list[str]:
    comment = PlanComment.objects.select_related("author").filter(pk=event.object_id or 0).first()
    if comment is None or comment.contact_id != event.contact_id:
        return []
    return [
        oob.prepend(
            "#comment-list", _render("partials/comment_item.html", {**ctx, "comment": comment})
        )
    ]


def _phase(event: ContactEvent, ctx: dict) -> list[str]:
    if not ctx["viewer"].is_ombud:
        return []  # the phases are the ombud's way of planning their work
    form = PhaseForm.for_contact(ctx["contact"])
    swaps = [_render("partials/phase_section.html", {**ctx, "phase_form": form, "oob": "true"})]
    if _shown(ctx, "close"):
        # "The work is done" can be proposed only in the ending phase.
        swaps += _team(event, {**ctx, "parts": {"close"}})
    return swaps


def _shown(ctx: dict, part: str) -> bool:
    parts = ctx.get("parts")
    return parts is None or part in parts


def _team(event: ContactEvent, ctx: dict) -> list[str]:
    """Who works with the client and what is proposed to them: the ombud side's close and
    team sections, the client's proposal box (Min plan) and team card (Mer)."""
    viewer, contact = ctx["viewer"], ctx["contact"]
    if viewer.is_client:
        wanted = [
            ("proposal", "partials/client_proposal.html"),
            ("team", "partials/team_card.html"),
        ]
    else:
        wanted = [("close", "partials/close_section.html"), ("team", "partials/team_section.html")]
    wanted = [(part, template) for part, template in wanted if _shown(ctx, part)]
    if not wanted:
        return []
    context = {**team_parts(contact, viewer), "csrf_token": ctx["csrf_token"], "oob": "true"}
    return [_render(template, context) for _part, template in wanted]


def messages_of(events: Sequence[ContactEvent]) -> dict[int, Message]:
    """The messages a batch of events is about, read together (with their attachments)."""
    ids = [e.object_id for e in events if e.object_kind == "message" and e.object_id]
    if not ids:
        return {}
    found = Message.objects.select_related("sender").prefetch_related("attachments")
    return {m.pk: m for m in found.filter(pk__in=ids, contact_id=events[0].contact_id)}


def _message(event: ContactEvent, ctx: dict) -> list[str]:
    preloaded = ctx.get("messages")
    if preloaded is not None:
        message = preloaded.get(event.object_id or 0)
    else:
        message = messages_of([event]).get(event.object_id or 0)
    if message is None:
        return []
    message.contact = ctx["contact"]
    return [
        oob.append(
            "#message-list", _render("partials/message_bubble.html", {**ctx, "message": message})
        )
    ]


def _read(event: ContactEvent, ctx: dict) -> list[str]:
    """The reader's counterpart sees their own messages turn to "Läst" (if they may)."""
    viewer, contact = ctx["viewer"], ctx["contact"]
    if event.actor_id == viewer.pk:
        return []
    mine = list(
        contact.messages.filter(
            sender=viewer, pk__lte=event.object_id, read_at__isnull=False
        ).order_by("-pk")[:50]
    )
    parts = []
    for message in mine:
        message.contact = contact
        parts.append(
            _render("partials/message_state.html", {**ctx, "message": message, "oob": "true"})
        )
    return parts


def _letter(event: ContactEvent, ctx: dict) -> list[str]:
    """A letter's card: added (newest first), read, corrected, its tasks put in the plan,
    or removed. Not over a card whose correction form the ombud has open."""
    contact = ctx["contact"]
    letter = letters_query(contact).filter(pk=event.object_id or 0).first()
    if letter is None:
        return [oob.delete(f"#letter-{event.object_id}")]
    letter_cards(contact, [letter], viewer=ctx["viewer"])
    if event.verb in ContactEvent.ADDING:
        card = _render("partials/letter_card.html", {**ctx, "letter": letter})
        return [oob.prepend("#letter-list", card)]
    selector = f"outerHTML:#letter-{letter.pk}:not(.editing)"
    return [_render("partials/letter_card.html", {**ctx, "letter": letter, "oob": selector})]


def _next(ctx: dict) -> list[str]:
    """The client's "what happens next" box on Min plan."""
    context = {**ctx, **next_steps(ctx["contact"]), "oob": "true"}
    return [_render("partials/next_section.html", context)]


def _consent(event: ContactEvent, ctx: dict) -> list[str]:
    """The consent list, and for the ombud's plan the rows of the tasks that involve the
    consent's organisation: their "Samtycke saknas" comes or goes with it."""
    viewer, contact = ctx["viewer"], ctx["contact"]
    swaps = [
        _render("partials/consent_list.html", {**ctx, **consent_lists(contact), "oob": "true"})
    ]
    parts = ctx.get("parts")
    if not viewer.is_ombud:
        return swaps
    consent = Consent.objects.filter(pk=event.object_id or 0, contact_id=contact.pk).first()
    if consent is None:
        return swaps
    if parts is None or "assignment-list" in parts:
        for task in tasks_involving(contact, consent.organisation):
            selector = f"outerHTML:#task-{task.pk}:not(.editing)"
            swaps.append(_render("partials/task_row.html", {**ctx, "task": task, "oob": selector}))
    if parts is None or "letter-list" in parts:
        for letter in letters_involving(contact, consent.organisation, viewer):
            selector = f"outerHTML:#letter-{letter.pk}:not(.editing)"
            card = {**ctx, "letter": letter, "oob": selector}
            swaps.append(_render("partials/letter_card.html", card))
    return swaps


# Each kind of object, how to render it, and the part of a page it needs to be there.
KINDS = {
    "task": (_task, "assignment-list"),
    "assignment": (_assignment, "assignment-list"),
    "meeting": (_meetings, "meeting-list"),
    "comment": (_comment, "comment-list"),
    "contact": (_phase, "phase"),
    "message": (_message, "message-list"),
    "read": (_read, "message-list"),
    "consent": (_consent, "consent-list"),
    "letter": (_letter, "letter-list"),
    # The network page's list, or the plan's task rows that name the person.
    "network": (_network, ""),
    # Proposals, stand-ins and moves: the render asks which of its parts the page has.
    "team": (_team, ""),
}


def _caseload_row(contact: Contact, viewer: User) -> list[str]:
    """The contact's row on the ombud's caseload: its unread messages (and the rest of
    what it says) as they are now. The row stays where it is: nothing moves live."""
    row = caseload_row(viewer, contact.pk)
    if row is None:
        return []
    selector = f"outerHTML:#caseload-{contact.pk}"
    return [_render("partials/caseload_row.html", {"row": row, "oob": selector})]


def _badge(viewer: User, total: int | None = None) -> str:
    if total is None:
        total = badge_count(viewer)
    return _render("partials/unread_badge.html", {"unread_total": total, "oob": "true"})


def _announce(event: ContactEvent, viewer: User) -> str:
    who = person_for(event.actor, viewer)
    if event.verb == Verb.SENT_MESSAGE:
        text = _("Nytt meddelande från %(who)s.") % {"who": who}
    elif event.verb == Verb.READ_LETTER:
        # Nobody did it: the app has read the letter, or could not.
        status = Letter.objects.filter(pk=event.object_id or 0).values_list("status", flat=True)
        if status.first() == Letter.Status.UNREADABLE:
            text = _("Appen kunde inte läsa brevet.")
        else:
            text = _("Nu har appen läst brevet.")
    else:
        subject = f" ”{event.subject}”" if event.subject else ""
        text = f"{who} {event.get_verb_display()}{subject}."
    return _render("partials/toast.html", {"toast": text})


def render_event(
    event: ContactEvent,
    viewer: User,
    *,
    on_page: bool,
    parts: set[str] | None = None,
    csrf_token: str = "",
    language: str = "sv",
    badge: bool = True,
    unread_total: int | None = None,
    messages: dict[int, Message] | None = None,
) -> str:
    """All the swaps one event makes on the reader's page.

    `on_page` says whether the page shows this contact. If not, the reader only hears of
    new messages (badge and announcement), not every change to that plan. `parts` names
    the page's containers (None: all), so no swap is sent that has nowhere to land.

    A batch of events renders the unread badge and the caseload row once, with its last
    message event (`badge`), from the count read with the events (`unread_total`), and
    its messages read together (`messages`): a frame costs no query a batch can share.
    """

    def shown(part: str) -> bool:
        return parts is None or part in parts

    contact: Contact = event.contact
    if event.verb == Verb.ENDED:
        # Told by gone() once the reader no longer belongs to the contact (the consumer's
        # check finds that before this event is rendered).
        return ""
    with translation.override(language):
        swaps: list[str] = []
        by_other = event.actor_id != viewer.pk
        if on_page:
            ctx = {
                "viewer": viewer,
                "contact": contact,
                "csrf_token": csrf_token,
                "parts": parts,
                "messages": messages,
            }
            render, part = KINDS.get(event.object_kind, (None, ""))
            if render is not None and (not part or shown(part)):
                swaps += render(event, ctx)
            counted = ("task", "meeting", "assignment")  # removing an assignment removes tasks
            if viewer.is_client and event.object_kind in counted and shown("next"):
                swaps += _next(ctx)
            if event.verb in ContactEvent.PLAN_VERBS and shown("change-list"):
                change = _render("partials/change_item.html", {**ctx, "change": event})
                swaps.append(oob.prepend("#change-list", change))
            seq = {"contact": contact, "seq": event.seq, "oob": True}
            swaps.append(_render("partials/seq.html", seq))
        if event.object_kind in BADGE_KINDS and badge:
            swaps.append(_badge(viewer, unread_total))
            if viewer.is_ombud and shown("caseload"):
                swaps += _caseload_row(contact, viewer)
        heard = on_page or event.verb == Verb.SENT_MESSAGE
        if by_other and heard and event.verb != Verb.READ_MESSAGES:
            swaps.append(_announce(event, viewer))
        return "".join(swaps)


def gone(
    contact_id: int, viewer: User, *, on_page: bool, parts: set[str] | None, language: str = "sv"
) -> str:
    """The reader no longer belongs to the contact: it ended, moved to another ombud, or a
    stand-in's time is over. Only the part of the page it is about changes; nothing is
    reloaded and nothing typed is touched.

    On a page about the contact, a calm notice in place says so and keeps what was typed
    until the person leaves (live.js stops the page's forms from sending). Elsewhere the
    contact leaves the caseload and the badge, with a word in the live region. Nothing
    but the client's name is said, which the reader knew until now."""
    contact = Contact.objects.select_related("client").filter(pk=contact_id).first()
    ended = contact is None or contact.status == Contact.Status.ENDED
    name = contact.client.display_name if contact is not None and contact.client else ""
    with translation.override(language):
        if viewer.is_client:
            text = _("Kontakten är avslutad.") if ended else _("Kontakten har ändrats.")
        elif ended:
            text = _("Kontakten med %(name)s har avslutats.") % {"name": name}
        else:
            text = _("Du har inte längre tillgång till kontakten med %(name)s.") % {"name": name}
        if not on_page:
            swaps = [_badge(viewer), _render("partials/toast.html", {"toast": text})]
            if parts is None or "caseload" in parts:
                swaps.insert(0, oob.delete(f"#caseload-{contact_id}"))
            return "".join(swaps)
        return _render(
            "partials/contact_gone.html",
            {"text": text, "contact_id": contact_id, "viewer": viewer, "ended": ended},
        )
