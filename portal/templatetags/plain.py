"""Template filters that say things the way a person would: "i morgon kl 10",
"Anna (ditt ombud)", "Du". Loaded as builtins, so every template has them."""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.models import Organisation, Task, User, Who

register = template.Library()


def _day(day: datetime.date) -> str:
    today = timezone.localdate()
    delta = (day - today).days
    if delta == 0:
        return _("i dag")
    if delta == 1:
        return _("i morgon")
    if delta == -1:
        return _("i går")
    fmt = "l j F" if day.year == today.year else "l j F Y"
    return date_format(day, fmt)


def _clock(moment: datetime.datetime) -> str:
    if moment.minute == 0:
        return _("kl %(hour)d") % {"hour": moment.hour}
    return _("kl %(hour)d.%(minute)02d") % {"hour": moment.hour, "minute": moment.minute}


@register.filter
def plain_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return _day(value)


@register.filter
def plain_datetime(value) -> str:
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{_day(local.date())} {_clock(local)}"


@register.filter
def person_for(person: User | None, viewer: User) -> str:
    """How the viewer should see a person: "Du", "Anna (ditt ombud)" or just the name
    (as `named_for`, with the ombud's role said to the client)."""
    if person is not None and person.pk != viewer.pk and person.is_ombud and viewer.is_client:
        return _("%(name)s (ditt ombud)") % {"name": person.display_name}
    return named_for(person, viewer)


@register.filter
def who_for(task: Task, viewer: User) -> str:
    """Who does the task, from the viewer's side: "Du", "Anna (ditt ombud)",
    "Du och Anna (ditt ombud)", "Försäkringskassan"."""
    contact = task.contact
    if task.who == Who.OTHER:
        return task.who_other
    if task.who == Who.TOGETHER:
        if viewer.pk in (contact.client_id, contact.ombud_id):
            other = contact.ombud if viewer.pk == contact.client_id else contact.client
            return _("Du och %(other)s") % {"other": person_for(other, viewer)}
        return _("%(client)s och %(ombud)s") % {
            "client": contact.client.display_name,
            "ombud": contact.ombud.display_name,
        }
    person = contact.client if task.who == Who.CLIENT else contact.ombud
    return person_for(person, viewer)


@register.filter
def written_for(item, viewer: User) -> str:
    """Who wrote an assignment, a task or someone in the network: "Du skrev",
    "Maja skrev", "Anna (ditt ombud) skrev"."""
    return _("%(who)s skrev") % {"who": person_for(item.created_by, viewer)}


@register.filter
def may_reword(item, viewer: User) -> bool:
    """May the viewer change these words (portal.actions.plan's rules)?"""
    return item.may_reword(viewer)


@register.filter
def may_remove(item, viewer: User) -> bool:
    return item.may_remove(viewer)


def _decider(task: Task) -> str:
    """Who the decision comes from: the organisation of the task or of the person who
    decides, else the person."""
    person = task.network_person
    if person is not None and person.organisation_name:
        return person.organisation_name
    if task.organisation in Organisation.values:
        return str(Organisation(task.organisation).label)
    return person.label if person is not None else ""


@register.filter
def decision_for(task: Task, viewer: User) -> str:
    """The decision a task waits for, in one plain line: "Beslut från Försäkringskassan
    väntas måndag 2 mars; överklaga inom 3 veckor från att du fick beslutet."

    An appeal window counts from the day the decision was received, so a last day is
    given only once that day is entered; before that, the window is said as it is."""
    expected, received, weeks = (
        task.decision_expected_on,
        task.decision_received_on,
        task.appeal_weeks,
    )
    if not (expected or received or weeks):
        return ""
    source = _decider(task)
    today = timezone.localdate()
    parts = []
    if received:
        if source:
            parts.append(
                _("Beslutet från %(source)s kom %(day)s")
                % {"source": source, "day": plain_date(received)}
            )
        else:
            parts.append(_("Beslutet kom %(day)s") % {"day": plain_date(received)})
        last = task.appeal_last_day
        if last is not None:
            if last >= today:
                parts.append(_("sista dagen att överklaga är %(day)s") % {"day": plain_date(last)})
            else:
                parts.append(_("sista dagen att överklaga var %(day)s") % {"day": plain_date(last)})
    else:
        if expected:
            values = {"source": source, "day": plain_date(expected)}
            if expected >= today:
                if source:
                    parts.append(_("Beslut från %(source)s väntas %(day)s") % values)
                else:
                    parts.append(_("Beslutet väntas %(day)s") % values)
            elif source:
                parts.append(_("Beslutet från %(source)s skulle komma %(day)s") % values)
            else:
                parts.append(_("Beslutet skulle komma %(day)s") % values)
        if weeks:
            contact = task.contact
            if viewer.pk == contact.client_id:
                window = ngettext(
                    "överklaga inom %(n)d vecka från att du fick beslutet",
                    "överklaga inom %(n)d veckor från att du fick beslutet",
                    weeks,
                ) % {"n": weeks}
            else:
                window = ngettext(
                    "överklaga inom %(n)d vecka från att %(name)s fick beslutet",
                    "överklaga inom %(n)d veckor från att %(name)s fick beslutet",
                    weeks,
                ) % {"n": weeks, "name": contact.client.display_name}
            parts.append(window)
    text = "; ".join(parts)
    return f"{text[:1].upper()}{text[1:]}."


@register.filter
def read_shown_to(message, viewer: User) -> bool:
    """Has the other party read it, and may the viewer know? The client always sees when
    the ombud has read; the ombud sees it only if the client has chosen to share it."""
    if message.read_at is None:
        return False
    if viewer.pk != message.contact.client_id:  # the ombud side
        return message.contact.client_shares_read_receipts
    return True


@register.filter
def plain_span(period) -> str:
    """The days of a period (anything with starts_on and ends_on): "1–14 juli",
    "28 juni–3 juli", with the year only when it is not this year's."""
    start: datetime.date = period.starts_on
    end: datetime.date = period.ends_on
    this_year = timezone.localdate().year
    with_year = end.year != this_year or start.year != end.year
    end_text = date_format(end, "j F Y" if with_year else "j F")
    if start.year == end.year and start.month == end.month:
        return f"{start.day}–{end_text}"
    start_text = date_format(start, "j F Y" if start.year != end.year else "j F")
    return f"{start_text}–{end_text}"


# --- For documents read later (the client's copy): never "i morgon", always the day ---


def _full_day(day: datetime.date, year: str = "") -> str:
    """ "tisdag 1 december", with the year when it is not this year's (or when asked)."""
    same_year = day.year == timezone.localdate().year
    return date_format(day, "l j F" if same_year and not year else "l j F Y")


@register.filter
def full_date(value, year: str = "") -> str:
    """A day as a letter says it, in local time: "tisdag 1 december" (`|full_date:"year"`
    always with the year)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return _full_day(value, year)


@register.filter
def full_datetime(value, year: str = "") -> str:
    """A moment as a letter says it, in local time: "tisdag 1 december kl 13"."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{_full_day(local.date(), year)} {_clock(local)}"


@register.filter
def named_for(person: User | None, viewer: User) -> str:
    """A person as a letter to the viewer names them: "Du", or just "Anna"."""
    if person is None:
        return _("Någon som inte längre finns i appen")
    if person.pk == viewer.pk:
        return _("Du")
    return person.display_name


@register.filter
def who_named(task: Task, viewer: User) -> str:
    """Who does the task, as a letter to the viewer says it: "Du", "Anna",
    "Ni tillsammans", "Försäkringskassan"."""
    contact = task.contact
    if task.who == Who.OTHER:
        return task.who_other
    if task.who == Who.TOGETHER:
        return _("Ni tillsammans")
    person = contact.client if task.who == Who.CLIENT else contact.ombud
    return named_for(person, viewer)


@register.filter
def plain_duration(seconds: float | None) -> str:
    """A voice message's length in words: "12 sekunder", "1 minut och 5 sekunder"."""
    if not seconds:
        return ""
    total = max(round(seconds), 1)
    minutes, rest = divmod(total, 60)
    secs = ngettext("%(n)d sekund", "%(n)d sekunder", rest) % {"n": rest}
    if not minutes:
        return secs
    mins = ngettext("%(n)d minut", "%(n)d minuter", minutes) % {"n": minutes}
    return _("%(minutes)s och %(seconds)s") % {"minutes": mins, "seconds": secs} if rest else mins
