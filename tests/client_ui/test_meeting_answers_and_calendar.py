"""Meetings on the client's phone: one-tap answers and "Lägg till i kalendern"."""

import datetime

from django.urls import reverse
from icalendar import Calendar

from portal.models import ContactEvent, Meeting

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_client_answers_jag_kommer_with_one_tap(client_client, meeting):
    response = client_client.post(
        reverse("client_meeting_answer", args=[meeting.pk]), {"answer": "coming"}, **HTMX
    )
    body = response.content.decode()
    meeting.refresh_from_db()
    assert meeting.client_answer == Meeting.Answer.COMING
    assert 'aria-pressed="true"' in body and "Tack! Ditt ombud ser att du kommer." in body
    assert meeting.contact.events.first().verb == ContactEvent.Verb.ANSWERED_MEETING


def test_the_ombud_sees_the_answer(client_client, ombud_client, meeting, contact):
    client_client.post(
        reverse("client_meeting_answer", args=[meeting.pk]), {"answer": "not_coming"}
    )
    page = ombud_client.get(reverse("ombud_plan", args=[contact.pk])).content.decode()
    assert "Maja kan inte" in page


def test_a_made_up_answer_is_refused(client_client, meeting):
    response = client_client.post(
        reverse("client_meeting_answer", args=[meeting.pk]), {"answer": "maybe"}
    )
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.client_answer == ""


def test_only_the_client_answers(person, browsers, meeting):
    url = reverse("client_meeting_answer", args=[meeting.pk])
    response = browsers[person].post(url, {"answer": "coming"})
    assert response.status_code == (302 if person == "client" else 404)


def test_the_calendar_file_goes_to_the_two_parties_only(person, browsers, meeting):
    response = browsers[person].get(reverse("meeting_calendar", args=[meeting.pk]))
    assert response.status_code == (200 if person in ("client", "ombud") else 404)


def test_the_calendar_file_is_a_valid_event(client_client, meeting):
    response = client_client.get(reverse("meeting_calendar", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "Budgeten för våren"
    assert str(event["location"]) == "Biblioteket"
    assert event.decoded("dtstart") == meeting.starts_at
    assert event.decoded("dtend") - event.decoded("dtstart") == datetime.timedelta(hours=1)
    assert str(event["uid"]) == f"meeting-{meeting.pk}@brobyggare"


def test_meetings_page_offers_the_calendar_and_the_answers(client_client, meeting):
    body = client_client.get(reverse("client_meetings")).content.decode()
    assert "Lägg till i kalendern" in body and "Jag kommer" in body and "Jag kan inte" in body
