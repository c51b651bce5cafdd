"""`get_contact` finds the contact by key and asks `is_party`; that must say exactly what
`contacts_for`, the one rule of who is inside a contact, says."""

import datetime

import pytest
from django.utils import timezone

from portal.access import contacts_for, is_party
from portal.actions.team import add_stand_in

pytestmark = pytest.mark.django_db


def agrees(user, contact) -> bool:
    return is_party(user, contact) == contacts_for(user).filter(pk=contact.pk).exists()


def test_the_parties_and_the_outsiders(contact, ombud, client_user, other_ombud, coordinator):
    assert is_party(ombud, contact) and is_party(client_user, contact)
    assert not is_party(other_ombud, contact) and not is_party(coordinator, contact)
    for user in (ombud, client_user, other_ombud, coordinator, contact.client):
        assert agrees(user, contact)


def test_a_stand_in_is_inside_only_while_the_period_runs(contact, ombud, other_ombud):
    today = timezone.localdate()
    later = add_stand_in(
        contact,
        ombud,
        ombud=other_ombud,
        starts_on=today + datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=4),
    )
    assert not is_party(other_ombud, contact) and agrees(other_ombud, contact)
    later.starts_on = today
    later.save(update_fields=["starts_on"])
    assert is_party(other_ombud, contact) and agrees(other_ombud, contact)
