"""Who looked: the trail of who opened or changed a client's data, which the client sees
in the app (Mer → Vem har tittat och ändrat). Who, what kind, when: never the content.

Decisions:

- **Openings are AuditEntry rows**, written by `portal.actions.audit.record()` where a
  page shows the client's data to someone: the ombud's plan page, the conversation page
  (either side), the ombud's working-notes page, an attachment, and the API's plan read. Only full
  pages count: paging back through older messages is the same opening.
- **Changes are not copied.** Every change to the client's data already is a numbered
  ContactEvent (portal.actions.changes.record_change), with its actor and time. The
  client's page reads both tables in one query and shows them as one list. Messaging
  events stay out of it: sending is not a change to the client's data, and the ombud
  reading the messages is already the "öppnade meddelandena" opening. AuditEntry's
  CHANGED action is there for changes that leave no event; none do today.
- **The client's own openings are not recorded.** It is their own data; the trail
  answers "who else has looked". `record()` ignores them, so callers need not ask.
- **Cheap.** One plain insert: no row lock, no event number, nothing pushed to a phone,
  no de-duplication (an ombud who opens the plan twice is listed twice).
- **No content, ever.** An entry holds the contact, the actor, the action and at most a
  short kind in `what` (e.g. "api"): never a text, a title or a file name. The change
  rows are shown by the kind of change only, without their subject.
- **Only the client reads it.** The entries are erased with the contact. There is no
  coordinator view: coordinators see figures only.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import CharField, F, Value
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from portal.models import AuditEntry, Contact, ContactEvent, User

Action = AuditEntry.Action
Verb = ContactEvent.Verb
PAGE_SIZE = 50


# How each change reads in the trail: its kind only, never what it said.
CHANGE_WORDS: dict[str, StrOrPromise] = {
    Verb.ADDED_ASSIGNMENT: _("lade till ett uppdrag"),
    Verb.CHANGED_ASSIGNMENT: _("ändrade ett uppdrag"),
    Verb.ADDED_TASK: _("lade till en uppgift"),
    Verb.CHANGED_TASK: _("ändrade en uppgift"),
    Verb.DONE_TASK: _("markerade en uppgift som klar"),
    Verb.REOPENED_TASK: _("markerade en uppgift som inte klar"),
    Verb.REMOVED_TASK: _("tog bort en uppgift"),
    Verb.ADDED_MEETING: _("lade till en träff"),
    Verb.CHANGED_MEETING: _("ändrade en träff"),
    Verb.REMOVED_MEETING: _("tog bort en träff"),
    Verb.COMMENTED: _("skrev en önskan eller kommentar"),
    Verb.PHASE: _("flyttade kontakten till en ny fas"),
    Verb.ANSWERED_MEETING: _("svarade på en träff"),
    Verb.GAVE_CONSENT: _("gav ett samtycke"),
    Verb.WITHDREW_CONSENT: _("tog tillbaka ett samtycke"),
    Verb.ENDED: _("avslutade kontakten"),
    Verb.REMOVED_ASSIGNMENT: _("tog bort ett uppdrag"),
    Verb.FIRST_ASSIGNMENT: _("satte ett uppdrag först, som det viktigaste nu"),
    Verb.MOVED_ASSIGNMENT: _("ändrade ordningen på uppdragen"),
    Verb.ADDED_NETWORK: _("lade till någon i ditt nätverk"),
    Verb.CHANGED_NETWORK: _("ändrade något i ditt nätverk"),
    Verb.REMOVED_NETWORK: _("tog bort någon ur ditt nätverk"),
    Verb.PROPOSED_ENDING: _("föreslog att avsluta kontakten"),
    Verb.PROPOSED_MOVE: _("föreslog ett nytt ombud"),
    Verb.ANSWERED_PROPOSAL: _("svarade på ett förslag"),
    Verb.WITHDREW_PROPOSAL: _("tog tillbaka ett förslag"),
    Verb.CHANGED_OMBUD: _("bytte ombud"),
    Verb.ADDED_STAND_IN: _("lade till en ersättare"),
    Verb.REMOVED_STAND_IN: _("tog bort en ersättare"),
    Verb.DECLINED_STAND_IN: _("sa nej till en ersättare"),
    Verb.RESTORED_TASK: _("ångrade att en uppgift togs bort"),
    Verb.RESTORED_CONSENT: _("ångrade att ett samtycke togs tillbaka"),
}
SOMETHING_CHANGED = _("ändrade något")
TRAIL_VERBS = ContactEvent.PLAN_VERBS


@dataclass(frozen=True)
class TrailRow:
    actor: User | None
    did: str
    at: datetime.datetime


def _did(kind: str, code: str) -> str:
    if kind == "opened":
        return str(Action(code).label) if code in Action.values else str(SOMETHING_CHANGED)
    return str(CHANGE_WORDS.get(code, SOMETHING_CHANGED))


def trail(contact: Contact, page_number: str | int | None = 1) -> Page:
    """One page of openings and changes, newest first, in a fixed number of queries:
    one count, one page (a UNION of the two tables) and, only if someone other than the
    contact's two parties appears, one for those people."""
    columns = ("at", "actor_id", "kind", "code")
    openings = (
        AuditEntry.objects.filter(contact=contact)
        .annotate(
            at=F("created_at"), kind=Value("opened", output_field=CharField()), code=F("action")
        )
        .order_by()
        .values_list(*columns)
    )
    changes = (
        ContactEvent.objects.filter(contact=contact, verb__in=TRAIL_VERBS)
        .annotate(
            at=F("created_at"), kind=Value("changed", output_field=CharField()), code=F("verb")
        )
        .order_by()
        .values_list(*columns)
    )
    both = openings.union(changes, all=True).order_by("-at")
    page = Paginator(both, PAGE_SIZE).get_page(page_number)
    people = {user.pk: user for user in (contact.client, contact.ombud)}
    others = {row[1] for row in page.object_list} - people.keys() - {None}
    if others:
        people.update(User.objects.in_bulk(others))
    page.object_list = [
        TrailRow(actor=people.get(actor_id), did=_did(kind, code), at=at)
        for at, actor_id, kind, code in page.object_list
    ]
    return page
