"""A live socket has no more rights than a fresh page load: once its session is signed
out, switched off or its password changed, or its user no longer belongs to the contact,
nothing more of the contact reaches it, and it cannot mark messages read."""

import uuid

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.actions import ending, messaging
from portal.asgi import application
from portal.models import Contact, Message
from realtime.consumers import load_frames
from realtime.events import membership_changed
from realtime.frames import render_event
from realtime.standing import Reader
from tests.helpers import new_client

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "Hemligt: ny tid hos Försäkringskassan"


@sync_to_async
def _tab(user) -> Client:
    """A browser tab signed in as `user`: its own session."""
    tab = Client()
    tab.force_login(user)
    return tab


async def _socket(tab: Client, since: dict | None = None) -> WebsocketCommunicator:
    cookie = f"sessionid={tab.cookies['sessionid'].value}"
    headers = [(b"origin", b"http://testserver"), (b"cookie", cookie.encode())]
    socket = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await socket.connect()
    assert connected
    if since is not None:
        hello = {"type": "hello", "since": {str(k): v for k, v in since.items()}}
        await socket.send_json_to(hello)
    return socket


async def _drain(socket: WebsocketCommunicator, wait: float = 0.5) -> list[dict]:
    """Everything the socket sent until it has been quiet for `wait` seconds."""
    out = []
    while not await socket.receive_nothing(timeout=wait):
        out.append(await socket.receive_output())
    return out


def _texts(outputs: list[dict]) -> str:
    return "\n".join(o.get("text", "") for o in outputs if o["type"] == "websocket.send")


def _closed_with(outputs: list[dict]) -> list[int]:
    return [o.get("code") for o in outputs if o["type"] == "websocket.close"]


@sync_to_async
def _send(contact, sender, text=SECRET):
    contact = Contact.objects.select_related("client", "ombud").get(pk=contact.pk)
    messaging.send_message(contact, sender, text=text, client_uuid=uuid.uuid4())


@sync_to_async
def _move(contact, to, *, announce: bool):
    """Move the contact to another ombud, as issue 11's action will: the row, and (with
    `announce`) the membership event. Without it, only the ORM changed."""
    with transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(ombud=to)
        if announce:
            membership_changed(contact, joined=[to])


async def test_signing_out_in_another_tab_closes_the_socket_and_no_message_arrives(
    contact, ombud, client_user
):
    tab = await _tab(client_user)
    key = tab.cookies["sessionid"].value
    socket = await _socket(tab, {contact.pk: 0})
    await sync_to_async(tab.post)(reverse("logout"))

    await _send(contact, ombud)
    outputs = await _drain(socket)
    assert _closed_with(outputs) == [4401]
    assert SECRET not in _texts(outputs) and "Nytt meddelande" not in _texts(outputs)
    # The session is gone on the server: the same cookie opens no new socket.
    assert not await sync_to_async(Session.objects.filter(session_key=key).exists)()
    again = WebsocketCommunicator(
        application,
        "/ws/",
        headers=[(b"origin", b"http://testserver"), (b"cookie", f"sessionid={key}".encode())],
    )
    connected, _ = await again.connect()
    assert not connected
    await socket.disconnect()


async def test_signing_out_keeps_the_other_sessions_sockets(contact, ombud, client_user):
    phone, tablet = await _tab(client_user), await _tab(client_user)
    on_phone = await _socket(phone, {contact.pk: 0})
    on_tablet = await _socket(tablet, {contact.pk: 0})
    await sync_to_async(phone.post)(reverse("logout"))
    await _send(contact, ombud)
    assert _closed_with(await _drain(on_phone)) == [4401]
    kept = await _drain(on_tablet)
    assert _closed_with(kept) == [] and SECRET in _texts(kept)
    await on_phone.disconnect()
    await on_tablet.disconnect()


async def test_a_session_deleted_without_a_word_sends_nothing_more(contact, ombud, client_user):
    """However the session went (another server, `clearsessions`, the admin), the next
    frame finds out: the check is in the query that loads the events."""
    tab = await _tab(client_user)
    socket = await _socket(tab, {contact.pk: 0})
    key = tab.cookies["sessionid"].value
    await sync_to_async(Session.objects.filter(session_key=key).delete)()
    await _send(contact, ombud)
    outputs = await _drain(socket)
    assert _closed_with(outputs) == [4401]
    assert SECRET not in _texts(outputs)
    await socket.disconnect()


async def test_a_switched_off_account_loses_its_socket_at_once(contact, ombud, client_user):
    socket = await _socket(await _tab(ombud), {contact.pk: 0})

    @sync_to_async
    def switch_off():
        ombud.is_active = False
        ombud.save(update_fields=["is_active"])

    await switch_off()
    assert _closed_with(await _drain(socket)) == [4403]
    await _send(contact, client_user)
    assert SECRET not in _texts(await _drain(socket, wait=0.3))
    await socket.disconnect()


async def test_a_password_change_closes_every_socket_of_the_person(contact, ombud, client_user):
    sockets = [await _socket(await _tab(ombud), {contact.pk: 0}) for _ in range(2)]

    @sync_to_async
    def change_password():
        ombud.set_password("ett-helt-nytt-losenord")
        ombud.save()

    await change_password()
    await _send(contact, client_user)
    for socket in sockets:
        outputs = await _drain(socket)
        assert _closed_with(outputs) == [4401]
        assert SECRET not in _texts(outputs)
        await socket.disconnect()


async def test_after_the_contact_ends_the_ombuds_socket_gets_nothing_more_of_it(
    contact, ombud, client_user
):
    socket = await _socket(await _tab(ombud), {contact.pk: 0})
    await sync_to_async(ending.end_contact)(contact, client_user)
    # The page about Maja stays, and says so in place, once: nothing typed is lost.
    told = _texts(await _drain(socket))
    assert told.count('id="gone"') == 1
    assert "Kontakten med Maja har avslutats." in told
    assert "Det du skrev finns kvar tills du lämnar sidan." in told
    assert "reload" not in told
    # Anything still recorded on the ended contact never reaches the old ombud.
    await _send(contact, client_user)
    outputs = await _drain(socket)
    assert outputs == []
    await socket.disconnect()


async def test_an_ended_contact_leaves_the_caseload_of_a_page_about_another_client(
    contact, ombud, client_user
):
    """On any other page the ended contact only disappears from lists, with a calm word."""
    socket = await _socket(await _tab(ombud), {})
    await socket.send_json_to({"type": "hello", "since": {}, "parts": ["caseload"]})
    await sync_to_async(ending.end_contact)(contact, client_user)
    told = _texts(await _drain(socket))
    assert f'hx-swap-oob="delete:#caseload-{contact.pk}"' in told
    assert "Kontakten med Maja har avslutats." in told
    assert 'id="gone"' not in told and "reload" not in told
    await socket.disconnect()


async def test_after_a_move_the_old_ombud_hears_nothing_and_the_new_one_does(
    contact, ombud, other_ombud, client_user
):
    anna = await _socket(await _tab(ombud), {contact.pk: 0})
    johan = await _socket(await _tab(other_ombud), {})
    await _move(contact, other_ombud, announce=True)
    # Anna's page about Maja says she no longer has access, and keeps what she typed.
    told = _texts(await _drain(anna))
    assert "Du har inte längre tillgång till kontakten med Maja." in told
    assert SECRET not in told
    await _send(contact, client_user)
    assert (await _drain(anna)) == []
    heard = _texts(await _drain(johan))
    assert "Nytt meddelande från Maja." in heard
    await anna.disconnect()
    await johan.disconnect()


async def test_a_move_made_only_in_the_database_still_stops_the_old_ombuds_frames(
    contact, ombud, other_ombud, client_user
):
    anna = await _socket(await _tab(ombud), {contact.pk: 0})
    await _move(contact, other_ombud, announce=False)
    await _send(contact, client_user)
    outputs = await _drain(anna)
    assert SECRET not in _texts(outputs) and "Nytt meddelande" not in _texts(outputs)
    await anna.disconnect()


@sync_to_async
def _unread(contact) -> list:
    return list(Message.objects.filter(contact=contact, read_at__isnull=True))


async def test_read_after_signing_out_marks_nothing(contact, ombud, client_user):
    tab = await _tab(client_user)
    socket = await _socket(tab, {contact.pk: 0})
    await _send(contact, ombud, text="Hej Maja")
    assert "Hej Maja" in _texts(await _drain(socket))
    # The session goes without a word reaching this socket (e.g. another server).
    await sync_to_async(Session.objects.filter(session_key=tab.cookies["sessionid"].value).delete)()
    await socket.send_json_to({"type": "read", "contact": contact.pk})
    assert _closed_with(await _drain(socket)) == [4401]
    assert len(await _unread(contact)) == 1
    await socket.disconnect()


async def test_read_after_a_move_marks_nothing(contact, ombud, other_ombud, client_user):
    anna = await _socket(await _tab(ombud), {contact.pk: 0})
    await _send(contact, client_user, text="Hej Anna")
    assert "Hej Anna" in _texts(await _drain(anna))
    await _move(contact, other_ombud, announce=False)
    await anna.send_json_to({"type": "read", "contact": contact.pk})
    # Only the calm word that Maja's page is no longer hers to use.
    told = _texts(await _drain(anna))
    assert 'id="gone"' in told and "Hej Anna" not in told
    assert len(await _unread(contact)) == 1
    await anna.disconnect()


def test_the_check_costs_no_query_of_its_own_per_frame(contact, ombud, client_user, other_ombud):
    """The reader's standing comes in the query that loads the events: a frame costs
    that one query plus the rendering, however many sessions and contacts there are."""
    tab = Client()
    tab.force_login(ombud)
    session = tab.session
    reader = Reader(ombud, session.session_key, session["_auth_user_hash"])
    options = {"on_page": True, "parts": None, "csrf_token": "", "language": "sv"}

    def one_frame() -> tuple[int, int]:
        messaging.send_message(contact, client_user, text="Hej", client_uuid=uuid.uuid4())
        event = contact.events.order_by("-seq").select_related("actor", "contact").first()
        with CaptureQueriesContext(connection) as rendering:
            # The unread count for the badge comes with the events too (unread_total).
            render_event(event, ombud, on_page=True, unread_total=0)
        with CaptureQueriesContext(connection) as loading:
            batch = load_frames(reader, contact.pk, event.seq - 1, event.seq, **options)
        assert batch.frames and "Hej" in batch.frames[0]
        return len(loading), len(rendering)

    small = one_frame()
    for _ in range(5):
        Client().force_login(ombud)  # more sessions of the same person
    for n in range(3):
        new_client(ombud, first_name=f"Klient {n}")  # more contacts
    large = one_frame()
    assert small == large
    loading, rendering = small
    assert loading == rendering + 1  # the events (with the standing, the badge), the rendering
