"""Letters as the pages, the API and the live frames read them: the contact's letters,
each ready for its card (what it says in plain Swedish, what we are unsure of and where
to look, the suggested tasks, and for the ombud whether a consent is missing), and the
letters whose deadline calls for a reminder."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.letters.suggest import Suggestion, suggested_tasks
from portal.models import Assignment, Contact, Letter, LifeArea, Organisation, User
from portal.queries.consent import consented_organisations
from portal.templatetags.plain import plain_datetime

# Organisations a consent can be given for (a letter from "someone else" needs none
# that the app can check).
_CONSENTABLE = {value for value in Organisation.values if value != Organisation.OTHER}


@dataclass(frozen=True)
class Unsure:
    """ "Jag är inte säker på datumet – titta på rad 12", with the line as read."""

    text: str
    line: int | None
    read: str


@dataclass(frozen=True)
class Card:
    title: str
    kind: str
    actions: list[str]
    rule: str
    unsure: list[Unsure]


def _day(day: datetime.date, with_weekday: bool = False) -> str:
    same_year = day.year == timezone.localdate().year
    if with_weekday:
        return date_format(day, "l j F" if same_year else "l j F Y")
    return date_format(day, "j F" if same_year else "j F Y")


def card_text(letter: Letter) -> Card:
    """The card's sentences: short, du-form, what it is and what to do by when."""
    sender, day = letter.sender, letter.letter_date
    if sender and day:
        title = _("Brev från %(sender)s, %(date)s.") % {"sender": sender, "date": _day(day)}
    elif sender:
        title = _("Brev från %(sender)s.") % {"sender": sender}
    elif day:
        title = _("Ett brev från %(date)s.") % {"date": _day(day)}
    else:
        title = _("Ett brev.")

    kinds = {
        Letter.Kind.DECISION: _("Det ser ut som ett beslut."),
        Letter.Kind.COMPLETION: _("Det ser ut som att de vill att du skickar mer information."),
        Letter.Kind.NOTICE: _("Det ser ut som en kallelse till ett möte."),
        Letter.Kind.PAYMENT: _("Det ser ut som ett krav på att betala."),
        Letter.Kind.INFORMATION: _("Det ser ut som information."),
    }
    kind = kinds.get(letter.kind, "")  # type: ignore[call-overload]
    if kind and not letter.certain("kind"):
        kind = _("Jag tror att det är %(kind)s, men jag är inte säker.") % {
            "kind": letter.get_kind_display()
        }

    actions: list[str] = []
    by = _day(letter.deadline, with_weekday=True) if letter.deadline else ""
    if letter.kind == Letter.Kind.NOTICE and letter.meeting_at:
        actions.append(_("Mötet är %(when)s.") % {"when": plain_datetime(letter.meeting_at)})
    if letter.kind == Letter.Kind.PAYMENT and letter.amount:
        actions.append(_("Det gäller %(amount)s.") % {"amount": letter.amount})
    if by:
        sentences = {
            Letter.Kind.DECISION: _("Vill du överklaga? Gör det senast %(date)s."),
            Letter.Kind.COMPLETION: _("Skicka det de vill ha senast %(date)s."),
            Letter.Kind.NOTICE: _("Kan du inte komma? Säg till senast %(date)s."),
            Letter.Kind.PAYMENT: _("Betala eller hör av dig senast %(date)s."),
        }
        sentence = sentences.get(letter.kind, _("Svara senast %(date)s."))  # type: ignore[call-overload]
        actions.append(sentence % {"date": by})
    rule = ""
    if letter.deadline and letter.deadline_rule and not letter.fact("deadline")["corrected"]:
        rule = _(
            "Räknat: %(rule)s (brevets datum). Fick du brevet senare? Då har du lite mer tid."
        ) % {"rule": letter.deadline_rule}
    return Card(title, kind, actions, rule, unsure_notes(letter))


def unsure_notes(letter: Letter) -> list[Unsure]:
    """What the reader should check in the letter itself, each with the line to look at."""
    what = {
        "deadline": _("datumet"),
        "letter_date": _("brevets datum"),
        "sender": _("vem som skickade brevet"),
        "meeting_at": _("tiden för mötet"),
        "amount": _("beloppet"),
    }
    # A time and an amount matter in a notice and a payment demand; elsewhere a sum
    # mentioned in passing ("du får 5 320 kr") is not worth a worry.
    if letter.kind != Letter.Kind.NOTICE:
        del what["meeting_at"]
    if letter.kind != Letter.Kind.PAYMENT:
        del what["amount"]
    notes = []
    for name, words in what.items():
        if letter.certain(name):
            continue
        line = letter.line_of(name)
        has_value = bool(getattr(letter, "sender" if name == "sender" else name))
        if line is None and not has_value:
            if name == "deadline" and letter.kind in (
                Letter.Kind.DECISION,
                Letter.Kind.COMPLETION,
                Letter.Kind.PAYMENT,
            ):
                notes.append(
                    Unsure(
                        _(
                            "Jag hittade inget sista datum i brevet. "
                            "Titta själv, eller fråga ditt ombud."
                        ),
                        None,
                        "",
                    )
                )
            continue
        if line is None:
            notes.append(Unsure(_("Jag är inte säker på %(what)s.") % {"what": words}, None, ""))
        elif not has_value:
            notes.append(
                Unsure(
                    _("Jag kunde inte läsa %(what)s – titta på rad %(line)d.")
                    % {"what": words, "line": line[0]},
                    line[0],
                    line[1],
                )
            )
        else:
            notes.append(
                Unsure(
                    _("Jag är inte säker på %(what)s – titta på rad %(line)d.")
                    % {"what": words, "line": line[0]},
                    line[0],
                    line[1],
                )
            )
    return notes


def suggestions_for(letter: Letter) -> list[Suggestion]:
    """The tasks to offer, until they have been put in the plan."""
    if not letter.is_read or letter.tasks_decided_at is not None:
        return []
    return suggested_tasks(
        kind=letter.kind,
        sender=letter.sender,
        organisation=letter.organisation if letter.organisation in _CONSENTABLE else "",
        deadline=letter.deadline,
        meeting_at=timezone.localtime(letter.meeting_at) if letter.meeting_at else None,
        amount=letter.amount,
        ombud_name=letter.contact.ombud.display_name,
    )


def letter_cards(
    contact: Contact,
    letters: Iterable[Letter],
    *,
    viewer: User,
    consented: set[str] | None = None,
) -> list[Letter]:
    """Ready the letters for their cards (the one builder, as task_rows is for tasks)."""
    letters = list(letters)
    flag = viewer.is_ombud and any(letter.organisation in _CONSENTABLE for letter in letters)
    if flag and consented is None:
        consented = consented_organisations(contact)
    assignments: list[Assignment] | None = None
    for letter in letters:
        letter.contact = contact
        letter.card = card_text(letter) if letter.is_read else None
        letter.suggestions = suggestions_for(letter)
        letter.consent_missing = bool(
            flag
            and letter.organisation in _CONSENTABLE
            and letter.organisation not in (consented or ())
        )
        if letter.suggestions:
            if assignments is None:
                assignments = list(contact.assignments.all())
            letter.tasks_form = tasks_form(letter, destination(contact, letter, assignments))
    return letters


def tasks_form(letter: Letter, place: "Destination", data=None):
    """The form that puts the letter's suggested tasks in the plan (ids unique per card)."""
    from portal.forms.letters import LetterTasksForm

    return LetterTasksForm(
        data,
        suggestions=list(letter.suggestions),
        assignments=place.assignments,
        default=place.default,
        new_title=place.new_title,
        auto_id=f"lt{letter.pk}-%s",
    )


def letters_query(contact: Contact) -> QuerySet[Letter]:
    return contact.letters.select_related("added_by", "corrected_by").prefetch_related("pages")


def letters_of(contact: Contact, viewer: User, consented: set[str] | None = None) -> list[Letter]:
    """Every letter of the contact, newest first, ready for its card. Two queries, and
    one more for the ombud's consent flag unless `consented` is given."""
    return letter_cards(contact, letters_query(contact), viewer=viewer, consented=consented)


def letter_card(letter: Letter, viewer: User) -> Letter:
    """One letter, read afresh, ready for its card."""
    fresh = letters_query(letter.contact).get(pk=letter.pk)
    return letter_cards(letter.contact, [fresh], viewer=viewer)[0]


def letters_involving(contact: Contact, organisation: str, viewer: User) -> list[Letter]:
    """The cards whose consent flag changes with a consent for `organisation`."""
    return letter_cards(
        contact, letters_query(contact).filter(organisation=organisation), viewer=viewer
    )


@dataclass(frozen=True)
class Destination:
    """Where a letter's tasks can go: an assignment, or a new one with `new_title`.
    The default is the first assignment about contacts with authorities, else new."""

    assignments: list[Assignment]
    default: int | None
    new_title: str


def destination(
    contact: Contact, letter: Letter, assignments: list[Assignment] | None = None
) -> Destination:
    if assignments is None:
        assignments = list(contact.assignments.all())
    default = next((a.pk for a in assignments if a.life_area == LifeArea.AUTHORITIES), None)
    title = _("Brev från %(sender)s") % {"sender": letter.sender} if letter.sender else _("Brev")
    return Destination(assignments, default, title)


def letters_to_remind(today: datetime.date) -> QuerySet[Letter]:
    """Read letters of active contacts with a deadline from today up to a week ahead whose
    reminders are not all sent."""
    return (
        Letter.objects.filter(
            status=Letter.Status.READ,
            contact__status=Contact.Status.ACTIVE,
            deadline__gte=today,
            deadline__lte=today + datetime.timedelta(days=7),
            reminded_two_days_at__isnull=True,
        )
        .select_related("contact__client")
        .prefetch_related("tasks")
    )
