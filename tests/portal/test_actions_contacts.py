"""Contacts: a new client, phases and the one-time invite."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.actions import contacts as actions
from portal.models import ContactEvent, Invite, Phase, Role
from portal.queries.invites import find_usable_invite, normalize_code


def test_ombud_takes_on_a_client_who_has_no_password_yet(ombud):
    contact = actions.create_client_contact(ombud, first_name="Lina")
    assert contact.client.role == Role.CLIENT
    assert not contact.client.has_usable_password()
    assert (contact.ombud, contact.phase) == (ombud, Phase.TRUST)


def test_a_client_cannot_take_on_clients(client_user):
    with pytest.raises(PermissionDenied):
        actions.create_client_contact(client_user, first_name="Lina")


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
