"""No lost frames (issue 13): an event the channel layer does not bring still reaches the
page, within the catch-up interval, once and in order; a frame and a connect cost the
queries they must and no more; a message is answered without waiting for the channel
layer or a push service."""

import asyncio
import re
import socket
import threading
import time
import uuid
from unittest.mock import patch

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.db.backends.utils import CursorWrapper
from django.test import AsyncClient, Client

from portal.actions import messaging
from portal.actions import push as push_actions
from portal.asgi import application
from realtime import events, watch
from tests.conftest import PASSWORD
from tests.helpers import new_client
from tests.signin_helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SEQ = re.compile(r'id="seq-(\d+)" data-contact="(\d+)" data-seq="(\d+)"')
INTERVAL = 0.3  # LIVE_CATCH_UP_SECONDS in these tests


@pytest.fixture(autouse=True)
def _short_interval(settings):
    settings.LIVE_CATCH_UP_SECONDS = INTERVAL


@sync_to_async
def _session_cookie(user) -> str:
    browser = Client()
    browser.force_login(user)
    return browser.cookies["sessionid"].value


async def _open(user) -> WebsocketCommunicator:
    cookie = f"sessionid={await _session_cookie(user)}"
    headers = [(b"origin", b"http://testserver"), (b"cookie", cookie.encode())]
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def _hello(communicator, since: dict, parts=None) -> None:
    hello = {"type": "hello", "since": {str(k): v for k, v in since.items()}}
    if parts is not None:
        hello["parts"] = parts
    await communicator.send_json_to(hello)


async def _numbers_until(communicator, count: int, timeout: float) -> list[int]:
    """The event numbers of the frames that arrive, until `count` have or time is up."""
    numbers: list[int] = []
    deadline = time.monotonic() + timeout
    while len(numbers) < count and time.monotonic() < deadline:
        try:
            frame = await communicator.receive_from(timeout=deadline - time.monotonic())
        except TimeoutError:
            break
        numbers += [int(m.group(3)) for m in SEQ.finditer(frame)]
    return numbers


def _send(contact, sender, n: int, prefix: str = "Hej") -> None:
    for i in range(n):
        messaging.send_message(contact, sender, text=f"{prefix} {i}", client_uuid=uuid.uuid4())


async def test_an_event_the_layer_never_brings_arrives_through_the_catch_up(
    contact, ombud, client_user, monkeypatch
):
    """The send after commit never happens (Redis away, a failed send): the page still
    gets every event, in order, exactly once, within the interval."""
    page = await _open(client_user)
    await _hello(page, {contact.pk: contact.last_seq})
    monkeypatch.setattr(events, "send_now", lambda group, event: None)
    await sync_to_async(_send)(contact, ombud, 3)
    started = time.monotonic()
    numbers = await _numbers_until(page, 3, timeout=INTERVAL * 4)
    assert numbers == [1, 2, 3]
    assert time.monotonic() - started < INTERVAL * 3
    # Later rounds of the watch find nothing more to send: exactly once.
    assert await page.receive_nothing(timeout=INTERVAL * 3)
    await page.disconnect()


async def test_a_flooded_layer_drops_nothing_the_page_sees(contact, ombud, client_user, settings):
    """An in-memory layer that holds one event per socket, flooded: the events it drops
    are sent from the database, in order, once."""
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "realtime.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 1}}
    }
    assert get_channel_layer().capacity == 1
    page = await _open(client_user)
    await _hello(page, {contact.pk: contact.last_seq})
    await sync_to_async(_send)(contact, ombud, 8)
    numbers = await _numbers_until(page, 8, timeout=INTERVAL * 4)
    assert numbers == list(range(1, 9))
    assert await page.receive_nothing(timeout=INTERVAL * 3)
    await page.disconnect()


async def test_a_socket_that_was_behind_is_not_sent_anything_twice(contact, ombud, client_user):
    """The watch and a live event that find the same gap at once send it once."""
    page = await _open(client_user)
    await _hello(page, {contact.pk: contact.last_seq})
    await sync_to_async(_send)(contact, ombud, 2)
    await watch.watch.look()  # as if the watch ran while the live events were on their way
    numbers = await _numbers_until(page, 2, timeout=2)
    assert numbers == [1, 2]
    assert await page.receive_nothing(timeout=INTERVAL * 3)
    await page.disconnect()


# --- What a connect and a frame cost --------------------------------------------------


class Queries:
    """Every SQL statement run while inside, from any thread: the consumers' database
    work runs in asgiref's worker thread, not the test's (so Django's
    CaptureQueriesContext, which watches one thread's connection, would see none)."""

    async def __aenter__(self):
        self.captured: list[str] = []
        original = CursorWrapper.execute

        def execute(cursor, sql, params=None):
            self.captured.append(sql)
            return original(cursor, sql, params)

        self.patch = patch.object(CursorWrapper, "execute", execute)
        self.patch.start()
        return self

    async def __aexit__(self, *exc):
        self.patch.stop()

    def sql(self) -> list[str]:
        return list(self.captured)


async def test_connecting_costs_one_query_besides_the_session(ombud, settings):
    """The session and the user (channels' AuthMiddleware), then one query for the
    contacts with their numbers and the socket's standing; a hello from a page that is up
    to date costs nothing."""
    settings.LIVE_CATCH_UP_SECONDS = 60  # the watch's own query is not the connect's
    contacts = [await sync_to_async(new_client)(ombud, first_name=f"K{i}") for i in range(5)]
    cookie = f"sessionid={await _session_cookie(ombud)}"
    headers = [(b"origin", b"http://testserver"), (b"cookie", cookie.encode())]
    page = WebsocketCommunicator(application, "/ws/", headers=headers)
    async with Queries() as connecting:
        connected, _ = await page.connect()
    assert connected
    sql = connecting.sql()
    assert len(sql) == 3, sql
    assert "django_session" in sql[0] and "portal_user" in sql[1]
    async with Queries() as saying_hello:
        await _hello(page, {c.pk: c.last_seq for c in contacts})
        assert await page.receive_nothing(timeout=0.3)
    assert saying_hello.sql() == []
    await page.disconnect()


async def test_a_frame_costs_its_events_and_its_message_and_a_batch_no_more(
    contact, ombud, client_user, monkeypatch, settings
):
    """A new message on the ombud's page (the conversation and the caseload shown): the
    events with the standing and the unread count, the message with its attachments, the
    caseload row. Eight messages caught up at once cost the same four queries."""
    settings.LIVE_CATCH_UP_SECONDS = 60  # the watch runs when this test says
    page = await _open(ombud)
    await _hello(page, {contact.pk: contact.last_seq}, parts=["message-list", "caseload"])
    await page.receive_nothing(timeout=0.2)
    async with Queries() as one:
        await sync_to_async(_send)(contact, client_user, 1)
        assert await _numbers_until(page, 1, timeout=2) == [1]
    frame_sql = [q for q in one.sql() if "portal_contactevent" in q or "SELECT" in q]
    reads = [q for q in frame_sql if q.startswith("SELECT") and "FOR UPDATE" not in q]
    # What the action itself read and wrote is not the frame's: count from the event read.
    start = next(i for i, q in enumerate(reads) if 'FROM "portal_contactevent"' in q)
    frame = reads[start:]
    assert len(frame) == 4, frame
    assert "django_session" in frame[0] and "COUNT" in frame[0]  # standing and badge
    monkeypatch.setattr(events, "send_now", lambda group, event: None)
    await sync_to_async(_send)(contact, client_user, 8)
    async with Queries() as batch:
        await watch.watch.look()
        assert await _numbers_until(page, 8, timeout=2) == list(range(2, 10))
    reads = [q for q in batch.sql() if q.startswith("SELECT")]
    assert len(reads) == 1 + 4, reads  # the watch's look, then the batch
    await page.disconnect()


# --- A message is answered without waiting for the layer or a push service ------------


class HangingPushService:
    """Accepts connections and never answers."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.accepted = threading.Event()
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.held.append(conn)
            self.accepted.set()

    def close(self) -> None:
        self.server.close()
        for conn in self.held:
            conn.close()


def _subscribe(user, endpoint: str) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from tests.portal.test_push import b64url

    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    push_actions.subscribe(user, endpoint=endpoint, p256dh=b64url(point), auth=b64url(b"0" * 16))


@pytest.mark.django_db(transaction=True)
def test_a_hanging_push_service_does_not_delay_the_message_post(
    contact, ombud, client_user, settings, tmp_path
):
    from portal import push

    settings.PUSH_SYNC = False
    settings.PUSH_ALLOW_LOCAL_HTTP = True
    settings.VAPID_PRIVATE_KEY_FILE = tmp_path / "vapid-private.pem"
    settings.VAPID_SUBJECT = "mailto:test@example.se"
    service = HangingPushService()
    try:
        _subscribe(client_user, f"http://127.0.0.1:{service.port}/maja")
        browser = Client()
        sign_in(browser, ombud, PASSWORD)
        url = f"/ombud/klient/{contact.pk}/meddelanden/"
        started = time.monotonic()
        answer = browser.post(
            url, {"text": "Hej Maja", "client_uuid": str(uuid.uuid4())}, HTTP_HX_REQUEST="true"
        )
        took = time.monotonic() - started
        assert answer.status_code == 200
        assert service.accepted.wait(5), "the push was never tried"
        # The push service would hold it for push_transport's READ_SECONDS (5 s) at least.
        assert took < 2.5, f"the POST waited {took:.1f} s for the push service"
    finally:
        service.close()
        push.dispatcher.wait_idle(15)


async def test_a_slow_channel_layer_does_not_delay_the_message_post(
    contact, ombud, client_user, monkeypatch
):
    """The request thread hands the event to the server's loop and answers: a layer that
    takes seconds (Redis far away, restarting) is not waited for."""
    layer = get_channel_layer()
    delivered = asyncio.Event()

    async def slow_group_send(group, message):
        await asyncio.sleep(4)
        delivered.set()

    monkeypatch.setattr(layer, "group_send", slow_group_send)
    sync_browser = Client()
    await sync_to_async(sign_in)(sync_browser, ombud, PASSWORD)
    browser = AsyncClient()
    browser.cookies = sync_browser.cookies
    started = time.monotonic()
    answer = await browser.post(
        f"/ombud/klient/{contact.pk}/meddelanden/",
        {"text": "Hej Maja", "client_uuid": str(uuid.uuid4())},
        headers={"HX-Request": "true"},
    )
    took = time.monotonic() - started
    assert answer.status_code == 200
    assert took < 3, f"the POST waited {took:.1f} s for the channel layer"
    assert not delivered.is_set()
    await asyncio.wait_for(delivered.wait(), 8)  # and it was sent all the same
