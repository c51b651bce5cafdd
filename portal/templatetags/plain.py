"""Template filters that say things the way a person would: "i morgon kl 10",
"Anna (ditt ombud)", "Du". Loaded as builtins, so every template has them."""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.models import Task, User, Who

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
    """How the viewer should see a person: "Du", "Anna (ditt ombud)" or just the name."""
    if person is None:
        return _("Någon som inte längre finns i appen")
    if person.pk == viewer.pk:
        return _("Du")
    if person.is_ombud and viewer.is_client:
        return _("%(name)s (ditt ombud)") % {"name": person.display_name}
    return person.display_name


@register.filter
def who_for(task: Task, viewer: User) -> str:
    """Who does the task, from the viewer's side: "Du", "Anna (ditt ombud)", "Försäkringskassan"."""
    contact = task.contact
    if task.who == Who.OTHER:
        return task.who_other
    person = contact.client if task.who == Who.CLIENT else contact.ombud
    return person_for(person, viewer)


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
