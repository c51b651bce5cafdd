"""Meetings as iCalendar (RFC 5545) events for the phone's calendar."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from portal.models import Meeting

# Meetings have a start only; an hour is what most of them take.
DEFAULT_LENGTH = datetime.timedelta(hours=1)


def meeting_ics(meeting: Meeting) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Brobyggare//personligt ombud//SV")
    calendar.add("version", "2.0")
    event = Event()
    # Stable per meeting, so adding it again after a change updates the same entry.
    event.add("uid", f"meeting-{meeting.pk}@brobyggare")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + DEFAULT_LENGTH)
    event.add("summary", meeting.about or _("Träff"))
    event.add("location", meeting.place)
    if meeting.with_whom:
        event.add("description", _("Med: %(who)s") % {"who": meeting.with_whom})
    calendar.add_component(event)
    return calendar.to_ical()
