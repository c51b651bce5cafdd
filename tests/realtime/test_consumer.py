"""The live socket: who may connect, who hears what, and catching up after a gap."""

import re
import uuid

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction
from django.test import Client

from portal.actions import messaging
from portal.actions import plan as plan_actions
from portal.asgi import application
from portal.models import Who
from tests.helpers import new_client

pytestmark = pytest.mark.django_db(transaction=True)


@sync_to_async
def _session_cookie(user) -> str:
    browser = Client()
    browser.force_login(user)
    return browser.cookies["sessionid"].value


async def _socket(user=None, *, origin="http://testserver", language=None):
    headers = [(b"origin", origin.encode())] if origin else []
    cookies = []
    if user is not None:
        cookies.append(f"sessionid={await _session_cookie(user)}")
    if language:
        cookies.append(f"django_language={language}")
    if cookies:
        headers.append((b"cookie", "; ".join(cookies).encode()))
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await communicator.connect()
    return communicator, connected


async def _live(user, since: dict):
    communicator, connected = await _socket(user)
    assert connected
    await communicator.send_json_to(
        {"type": "hello", "since": {str(k): v for k, v in since.items()}}
    )
    return communicator


async def _frames(communicator, count: int) -> list[str]:
    return [await communicator.receive_from(timeout=3) for _ in range(count)]


def _seqs(frames: list[str]) -> list[int]:
    return [
        int(re.search(r'id="seq-\d+" data-contact="\d+" data-seq="(\d+)"', f).group(1))
        for f in frames
    ]


async def test_an_anonymous_socket_is_refused():
    _, connected = await _socket(None)
    assert not connected


async def test_a_socket_from_a_foreign_origin_is_refused(client_user):
    _, connected = await _socket(client_user, origin="https://evil.example")
    assert not connected


async def test_a_socket_without_an_origin_is_refused(client_user):
    _, connected = await _socket(client_user, origin=None)
    assert not connected


async def test_a_coordinator_gets_no_live_socket(coordinator):
    _, connected = await _socket(coordinator)
    assert not connected


async def test_the_client_sees_the_ombuds_new_task_at_once(contact, assignment, ombud, client_user):
    socket = await _live(client_user, {contact.pk: 1})
    await sync_to_async(plan_actions.add_task)(
        assignment, ombud, what="Ringa Kronofogden", who=Who.OMBUD
    )
    [frame] = await _frames(socket, 1)
    assert f'hx-swap-oob="beforeend:#tasks-{assignment.pk}"' in frame
    assert "Ringa Kronofogden" in frame and "Anna (ditt ombud)" in frame
    assert 'hx-swap-oob="innerHTML:#status"' in frame  # announced in the live region
    assert await socket.receive_nothing()
    await socket.disconnect()


async def test_nobody_outside_the_contact_hears_of_it(
    contact, assignment, ombud, other_contact, other_client_user, other_ombud
):
    outsider = await _live(other_client_user, {other_contact.pk: 0})
    other_ombuds = await _live(other_ombud, {other_contact.pk: 0})
    await sync_to_async(plan_actions.add_task)(assignment, ombud, what="Hemlig sak", who=Who.CLIENT)
    await sync_to_async(messaging.send_message)(
        contact, ombud, text="Hej Maja", client_uuid=uuid.uuid4()
    )
    assert await outsider.receive_nothing(timeout=0.3)
    assert await other_ombuds.receive_nothing(timeout=0.3)
    await outsider.disconnect()
    await other_ombuds.disconnect()


async def test_a_rolled_back_action_sends_nothing(contact, assignment, ombud, client_user):
    socket = await _live(client_user, {contact.pk: 1})

    @sync_to_async
    def add_then_fail():
        with transaction.atomic():
            plan_actions.add_task(assignment, ombud, what="Ångras", who=Who.CLIENT)
            raise RuntimeError("a later step failed")

    with pytest.raises(RuntimeError):
        await add_then_fail()
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_catch_up_after_a_gap_delivers_exactly_the_missed_events_in_order(
    contact, assignment, task, ombud, client_user
):
    first = await _live(client_user, {contact.pk: 2})
    assert await first.receive_nothing()
    await first.disconnect()  # the phone sleeps

    await sync_to_async(plan_actions.add_task)(assignment, ombud, what="Ett", who=Who.CLIENT)
    await sync_to_async(plan_actions.set_task_done)(task, ombud, done=True)
    await sync_to_async(messaging.send_message)(
        contact, ombud, text="Tre", client_uuid=uuid.uuid4()
    )

    again = await _live(client_user, {contact.pk: 2})
    frames = await _frames(again, 3)
    assert _seqs(frames) == [3, 4, 5]
    assert "Ett" in frames[0] and f"#task-{task.pk}" in frames[1] and "Tre" in frames[2]
    assert await again.receive_nothing()

    # Live events continue after the catch-up, each once.
    await sync_to_async(plan_actions.add_task)(assignment, ombud, what="Fyra", who=Who.CLIENT)
    [live] = await _frames(again, 1)
    assert _seqs([live]) == [6]
    assert await again.receive_nothing()
    await again.disconnect()


async def test_events_before_hello_are_not_lost_nor_doubled(
    contact, assignment, ombud, client_user
):
    socket, connected = await _socket(client_user)
    assert connected
    await sync_to_async(plan_actions.add_task)(assignment, ombud, what="Före hej", who=Who.CLIENT)
    assert await socket.receive_nothing(timeout=0.3)  # nothing until the page says hello
    await socket.send_json_to({"type": "hello", "since": {str(contact.pk): 1}})
    frames = await _frames(socket, 1)
    assert "Före hej" in frames[0]
    assert await socket.receive_nothing()
    await socket.disconnect()


async def test_a_message_reaches_both_parties_and_the_ombud_sees_it_read(
    contact, ombud, client_user
):
    ombuds = await _live(ombud, {contact.pk: 0})
    clients = await _live(client_user, {contact.pk: 0})
    await sync_to_async(messaging.send_message)(
        contact, ombud, text="Hej! Vi ses i morgon.", client_uuid=uuid.uuid4()
    )
    [to_client] = await _frames(clients, 1)
    [to_ombud] = await _frames(ombuds, 1)
    assert "bubble theirs" in to_client and "Nytt meddelande från Anna (ditt ombud)." in to_client
    assert 'id="unread-badge"' in to_client and ">1<" in to_client
    assert "bubble mine" in to_ombud and "Skickat" in to_ombud

    await clients.send_json_to({"type": "read", "contact": contact.pk})
    [receipt] = await _frames(ombuds, 1)
    # Maja has not chosen to share read receipts: the ombud learns nothing.
    assert "Läst" not in receipt
    [badge] = await _frames(clients, 1)
    assert 'class="badge is-empty"' in badge
    await ombuds.disconnect()
    await clients.disconnect()


async def test_the_client_always_sees_when_the_ombud_has_read(contact, ombud, client_user):
    clients = await _live(client_user, {contact.pk: 0})
    ombuds = await _live(ombud, {contact.pk: 0})
    await sync_to_async(messaging.send_message)(
        contact, client_user, text="Jag fick ett brev", client_uuid=uuid.uuid4()
    )
    await _frames(clients, 1)
    await _frames(ombuds, 1)
    await ombuds.send_json_to({"type": "read", "contact": contact.pk})
    [receipt] = await _frames(clients, 1)
    assert "Läst" in receipt
    await clients.disconnect()
    await ombuds.disconnect()


async def test_frames_follow_the_readers_language(contact, assignment, ombud, client_user):
    socket, _ = await _socket(client_user, language="en")
    await socket.send_json_to({"type": "hello", "since": {str(contact.pk): 1}})
    await sync_to_async(plan_actions.add_task)(assignment, ombud, what="Ringa", who=Who.OMBUD)
    [frame] = await _frames(socket, 1)
    assert "Anna (your ombud)" in frame
    await socket.disconnect()


async def test_only_the_parts_the_page_shows_are_sent(contact, assignment, ombud, client_user):
    socket, _ = await _socket(client_user)
    await socket.send_json_to(
        {"type": "hello", "since": {str(contact.pk): 1}, "parts": ["message-list"]}
    )
    await sync_to_async(plan_actions.add_task)(assignment, ombud, what="Ringa", who=Who.OMBUD)
    [frame] = await _frames(socket, 1)
    assert "#tasks-" not in frame and "change-list" not in frame and 'id="next"' not in frame
    assert 'data-seq="2"' in frame  # the page still learns how far it has come
    assert "Anna (ditt ombud) lade till uppgiften ”Ringa”." in frame
    await socket.disconnect()


async def test_a_socket_follows_a_contact_created_after_it_connected(ombud):
    socket = await _live(ombud, {})
    contact = await sync_to_async(new_client)(ombud, first_name="Nova")
    await socket.receive_nothing(timeout=0.3)  # the socket joins the new contact's group
    client = await sync_to_async(lambda: contact.client)()
    await sync_to_async(messaging.send_message)(
        contact, client, text="Hej Anna, det är Nova", client_uuid=uuid.uuid4()
    )
    [frame] = await _frames(socket, 1)
    assert "Nytt meddelande från Nova." in frame
    await socket.disconnect()
