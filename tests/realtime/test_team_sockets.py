"""Who belongs to a contact changes through the actions (a move with the client's yes, a
stand-in added, removed or past their period), and open sockets follow at once: the old
ombud's socket gets nothing new after a move, the stand-in's stops after the removal or
the period, and a proposal and its answer reach the other phone live."""

import datetime
import uuid

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from portal.actions import ending, messaging, proposals, team
from portal.models import Contact, Proposal, StandIn
from tests.realtime.test_socket_rights import _drain, _socket, _tab, _texts

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "Ny tid hos Försäkringskassan på tisdag"


@sync_to_async
def _send(contact, sender, text=SECRET):
    contact = Contact.objects.select_related("client", "ombud").get(pk=contact.pk)
    messaging.send_message(contact, sender, text=text, client_uuid=uuid.uuid4())


@sync_to_async
def _moved(contact, ombud, to, client):
    proposal = team.propose_move(contact, ombud, to=to)
    proposals.answer(proposal, client, yes=True)


@sync_to_async
def _stand_in(contact, ombud, who, days=7) -> StandIn:
    today = timezone.localdate()
    return team.add_stand_in(
        contact,
        ombud,
        ombud=who,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=days),
    )


async def test_after_a_move_the_old_ombuds_socket_gets_nothing_new_and_the_new_one_hears(
    contact, ombud, other_ombud, client_user
):
    anna = await _socket(await _tab(ombud), {contact.pk: 0})
    johan = await _socket(await _tab(other_ombud), {})
    await _drain(anna)
    await _moved(contact, ombud, other_ombud, client_user)
    await _drain(anna)  # the proposal itself was still Anna's to see
    await _send(contact, client_user)
    assert SECRET not in _texts(await _drain(anna))
    assert "Nytt meddelande från Maja." in _texts(await _drain(johan))
    # And Anna's socket is not fooled by what is on her page: nothing more, ever.
    await anna.send_json_to({"type": "hello", "since": {str(contact.pk): 0}})
    assert SECRET not in _texts(await _drain(anna))
    await anna.disconnect()
    await johan.disconnect()


async def test_the_stand_ins_socket_follows_at_once_and_stops_when_removed(
    contact, ombud, other_ombud, client_user
):
    johan = await _socket(await _tab(other_ombud), {})
    stand_in = await _stand_in(contact, ombud, other_ombud)
    await _drain(johan)
    await _send(contact, client_user, text="Hej Johan")
    assert "Nytt meddelande från Maja." in _texts(await _drain(johan))
    await sync_to_async(team.remove_stand_in)(stand_in, ombud)
    await _send(contact, client_user)
    outputs = await _drain(johan)
    assert SECRET not in _texts(outputs) and "Nytt meddelande" not in _texts(outputs)
    await johan.disconnect()


async def test_when_the_period_is_over_the_stand_in_hears_nothing_without_any_event(
    contact, ombud, other_ombud, client_user
):
    stand_in = await _stand_in(contact, ombud, other_ombud)
    johan = await _socket(await _tab(other_ombud), {contact.pk: 0})
    await _drain(johan)
    # The last day was yesterday: only the date changed, nobody told the socket.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    await sync_to_async(StandIn.objects.filter(pk=stand_in.pk).update)(
        starts_on=yesterday - datetime.timedelta(days=3), ends_on=yesterday
    )
    await _send(contact, client_user)
    outputs = await _drain(johan)
    assert SECRET not in _texts(outputs) and "Nytt meddelande" not in _texts(outputs)
    await johan.disconnect()


async def test_the_client_says_no_and_the_stand_ins_socket_stops(
    contact, ombud, other_ombud, client_user
):
    stand_in = await _stand_in(contact, ombud, other_ombud)
    johan = await _socket(await _tab(other_ombud), {contact.pk: 0})
    await _drain(johan)
    await sync_to_async(team.decline_stand_in)(stand_in, client_user)
    await _send(contact, client_user)
    assert SECRET not in _texts(await _drain(johan))
    await johan.disconnect()


async def test_a_proposal_and_its_answer_reach_the_other_phone_live(contact, ombud, client_user):
    maja = await _socket(await _tab(client_user), {contact.pk: contact.last_seq})
    await maja.send_json_to(
        {"type": "hello", "since": {str(contact.pk): 0}, "parts": ["proposal", "next"]}
    )
    anna = await _socket(await _tab(ombud), {})
    await anna.send_json_to(
        {"type": "hello", "since": {str(contact.pk): 0}, "parts": ["close", "team"]}
    )
    await _drain(maja)
    await _drain(anna)

    await sync_to_async(ending.propose_ending)(contact, ombud, reason="other_service")
    heard = _texts(await _drain(maja))
    assert 'id="proposal" hx-swap-oob="true"' in heard
    assert "Anna föreslår att ni avslutar kontakten" in heard and "Ja, vi avslutar" in heard
    assert "väntar på svar från Maja" in _texts(await _drain(anna))

    proposal = await sync_to_async(Proposal.objects.get)()
    await sync_to_async(proposals.answer)(proposal, client_user, yes=False)
    told = _texts(await _drain(anna))
    assert 'id="close" class="section card"' in told
    assert "Maja svarade ”Inte än”" in told
    assert "Maja svarade på förslaget: ”Inte än”." in told  # the live region
    assert "Anna föreslår" not in _texts(await _drain(maja))
    await maja.disconnect()
    await anna.disconnect()
