"""Contacts: a new client, phases and the one-time invite."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.actions import contacts as actions
from portal.models import ContactEvent, Invite, Phase, Role
from portal.queries.invites import find_usable_invite, normalize_code
from tests.helpers import new_client


def test_ombud_takes_on_a_client_who_has_no_password_yet(ombud):
    contact = new_client(ombud, first_name="Lina")
    assert contact.client.role == Role.CLIENT
    assert not contact.client.has_usable_password()
    assert (contact.ombud, contact.phase) == (ombud, Phase.TRUST)


def test_a_client_cannot_take_on_clients(client_user):
    with pytest.raises(PermissionDenied):
        new_client(client_user, first_name="Lina")


def test_a_phase_change_is_kept_with_its_day_for_the_annual_report(contact, ombud):
    actions.change_phase(contact, ombud, phase=Phase.ACTIVE)
    actions.change_phase(contact, ombud, phase=Phase.ENDING)
    contact.refresh_from_db()
    today = timezone.localdate().isoformat()
    assert contact.phase_changes == [[today, Phase.ACTIVE], [today, Phase.ENDING]]


def test_ombud_moves_the_contact_to_another_phase(contact, ombud):
    actions.change_phase(contact, ombud, phase=Phase.ACTIVE)
    contact.refresh_from_db()
    assert contact.phase == Phase.ACTIVE
    assert contact.events.first().verb == ContactEvent.Verb.PHASE


def test_client_cannot_move_the_phase(contact, client_user):
    with pytest.raises(PermissionDenied):
        actions.change_phase(contact, client_user, phase=Phase.ENDING)


def test_invite_stores_only_hashes(new_contact, ombud):
    invite, token, code = actions.create_invite(new_contact, ombud)
    assert token not in (invite.token_hash, invite.code_hash)
    assert normalize_code(code) not in (invite.token_hash, invite.code_hash)


def test_invite_is_found_by_token_or_by_code_in_any_case(new_contact, ombud):
    invite, token, code = actions.create_invite(new_contact, ombud)
    assert find_usable_invite(token=token) == invite
    assert find_usable_invite(code=code.lower().replace("-", " ")) == invite
    assert find_usable_invite(code="AAAA-AAAA") is None


def test_a_new_invite_replaces_the_old_one(new_contact, ombud):
    _, old_token, _ = actions.create_invite(new_contact, ombud)
    actions.create_invite(new_contact, ombud)
    assert find_usable_invite(token=old_token) is None


def test_an_expired_invite_does_not_work(new_contact, ombud):
    invite, token, _ = actions.create_invite(new_contact, ombud)
    Invite.objects.filter(pk=invite.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert find_usable_invite(token=token) is None


def test_redeeming_sets_the_login_and_works_only_once(new_contact, ombud):
    invite, token, _ = actions.create_invite(new_contact, ombud)
    client = actions.redeem_invite(invite, username="maja2", password="ett-bra-losenord")
    assert client.check_password("ett-bra-losenord")
    assert find_usable_invite(token=token) is None
    with pytest.raises(PermissionDenied):
        actions.redeem_invite(invite, username="someone", password="ett-annat-losenord")


def test_another_ombud_cannot_invite_my_client(contact, other_ombud):
    with pytest.raises(PermissionDenied):
        actions.create_invite(contact, other_ombud)


# Events


def test_a_new_client_tells_the_ombuds_open_pages_to_follow_one_more_contact(
    ombud, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new_client(ombud, first_name="Lina")
    assert published == [(f"user-{ombud.pk}", {"type": "user.contacts"})]


def test_a_new_phase_publishes_the_contacts_next_number(
    contact, ombud, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.change_phase(contact, ombud, phase=Phase.ACTIVE)
        actions.change_phase(contact, ombud, phase=Phase.ACTIVE)  # no change: nothing sent
        actions.change_phase(contact, ombud, phase=Phase.ENDING)
    group = f"contact-{contact.pk}"
    assert published == [
        (group, {"type": "contact.changed", "contact": contact.pk, "seq": 1}),
        (group, {"type": "contact.changed", "contact": contact.pk, "seq": 2}),
    ]
