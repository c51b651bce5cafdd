"""The badge counts with one plain statement (`badge_count`); it must say what
`unread_counts`, the one definition of "unread", says: for a client, an ombud, and an
ombud standing in today (not one whose period has not begun)."""

import datetime
import uuid

import pytest
from django.utils import timezone

from portal.actions.messaging import mark_read, send_message
from portal.actions.team import add_stand_in
from portal.models import Message
from portal.queries.conversation import badge_count, unread_counts

pytestmark = pytest.mark.django_db


def send(contact, sender, text):
    return send_message(contact, sender, text=text, client_uuid=uuid.uuid4())[0]


def test_the_clients_badge_counts_what_unread_counts_counts(
    contact, ombud, client_user, other_contact, other_ombud
):
    send(contact, ombud, "Hej Maja")
    mark_read(contact, client_user)  # read: not counted
    send(contact, ombud, "Glöm inte torsdag")
    send(contact, ombud, "Jag har ringt Försäkringskassan")
    send(contact, client_user, "Tack!")  # her own: not counted
    Message.objects.create(
        contact=contact, sender=None, text="Från en borttagen person", client_uuid=uuid.uuid4()
    )
    send(other_contact, other_ombud, "Till någon annan")  # another client's: not counted
    assert badge_count(client_user) == 3
    assert badge_count(client_user) == sum(unread_counts(client_user).values())
    assert badge_count(other_contact.client) == 1


def test_an_ended_contact_has_no_unread(contact, ombud, client_user):
    send(contact, ombud, "Hej Maja")
    contact.status = contact.Status.ENDED
    contact.save(update_fields=["status"])
    assert badge_count(client_user) == 0 == sum(unread_counts(client_user).values())


def test_the_ombuds_badge_counts_their_own_and_where_they_stand_in_today(
    contact, ombud, client_user, other_contact, other_ombud
):
    send(contact, client_user, "Hej Anna")
    send(contact, client_user, "Är du där?")
    send(contact, ombud, "Ja!")  # her own: not counted
    send(other_contact, other_contact.client, "Till Erik")
    assert badge_count(ombud) == 2 == sum(unread_counts(ombud).values())
    assert badge_count(other_ombud) == 1 == sum(unread_counts(other_ombud).values())

    today = timezone.localdate()
    add_stand_in(other_contact, other_ombud, ombud=ombud, starts_on=today, ends_on=today)
    assert badge_count(ombud) == 3 == sum(unread_counts(ombud).values())


def test_a_stand_in_period_that_has_not_begun_counts_nothing(
    contact, ombud, other_contact, other_ombud
):
    send(other_contact, other_contact.client, "Till Erik")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    add_stand_in(other_contact, other_ombud, ombud=ombud, starts_on=tomorrow, ends_on=tomorrow)
    assert badge_count(ombud) == 0 == sum(unread_counts(ombud).values())
