"""Ending a session from a page closes that session's live sockets at once, and only
those: "Logga ut den här", "Logga ut alla andra", a password change, the ombud's "Logga ut
Maja från alla enheter", and a session that timed out."""

import datetime
import uuid

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.actions import messaging
from portal.asgi import application
from portal.models import Contact, DeviceSession
from portal.queries.sessions import ACTIVE, STARTED

pytestmark = pytest.mark.django_db(transaction=True)


@sync_to_async
def _tab(user) -> Client:
    tab = Client()
    tab.force_login(user)
    return tab


async def _socket(tab: Client, since: dict) -> WebsocketCommunicator:
    cookie = f"sessionid={tab.cookies['sessionid'].value}"
    headers = [(b"origin", b"http://testserver"), (b"cookie", cookie.encode())]
    socket = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await socket.connect()
    assert connected
    await socket.send_json_to({"type": "hello", "since": {str(k): v for k, v in since.items()}})
    return socket


async def _drain(socket: WebsocketCommunicator, wait: float = 0.5) -> list[dict]:
    out = []
    while not await socket.receive_nothing(timeout=wait):
        out.append(await socket.receive_output())
    return out


def _closed_with(outputs: list[dict]) -> list[int]:
    return [o.get("code") for o in outputs if o["type"] == "websocket.close"]


def _texts(outputs: list[dict]) -> str:
    return "\n".join(o.get("text", "") for o in outputs if o["type"] == "websocket.send")


@sync_to_async
def _send(contact, sender, text):
    contact = Contact.objects.select_related("client", "ombud").get(pk=contact.pk)
    messaging.send_message(contact, sender, text=text, client_uuid=uuid.uuid4())


async def test_logging_out_all_others_closes_their_sockets_and_keeps_this_one(
    contact, ombud, client_user
):
    here, there, elsewhere = await _tab(ombud), await _tab(ombud), await _tab(ombud)
    sockets = [await _socket(tab, {contact.pk: 0}) for tab in (here, there, elsewhere)]
    await sync_to_async(here.post)(reverse("ombud_devices_end_others"))
    await _send(contact, client_user, "Hej Anna")
    kept, *ended = [await _drain(socket) for socket in sockets]
    assert _closed_with(kept) == [] and "Hej Anna" in _texts(kept)
    for outputs in ended:
        assert _closed_with(outputs) == [4401] and "Hej Anna" not in _texts(outputs)
    for socket in sockets:
        await socket.disconnect()


async def test_logging_out_one_device_closes_only_its_socket(contact, ombud):
    here, there = await _tab(ombud), await _tab(ombud)
    on_here, on_there = await _socket(here, {contact.pk: 0}), await _socket(there, {contact.pk: 0})
    key = there.cookies["sessionid"].value
    device = await sync_to_async(DeviceSession.objects.get)(session_id=key)
    await sync_to_async(here.post)(reverse("ombud_device_end", args=[device.pk]))
    assert _closed_with(await _drain(on_there)) == [4401]
    assert _closed_with(await _drain(on_here, wait=0.3)) == []
    await on_here.disconnect()
    await on_there.disconnect()


async def test_a_password_change_on_the_page_closes_the_other_devices_sockets(
    contact, client_user, password
):
    here, there = await _tab(client_user), await _tab(client_user)
    on_there = await _socket(there, {contact.pk: 0})
    new = "en-ny-fin-mening"
    await sync_to_async(here.post)(
        reverse("client_password"),
        {"old_password": password, "new_password1": new, "new_password2": new},
    )
    assert _closed_with(await _drain(on_there)) == [4401]
    await on_there.disconnect()


async def test_the_ombuds_sign_out_everywhere_closes_the_clients_sockets(
    contact, ombud, client_user
):
    phone = await _socket(await _tab(client_user), {contact.pk: 0})
    ombuds = await _socket(await _tab(ombud), {contact.pk: 0})
    anna = await _tab(ombud)
    await sync_to_async(anna.post)(reverse("ombud_client_sign_out", args=[contact.pk]))
    await _send(contact, ombud, "Ny tid på tisdag")
    outputs = await _drain(phone)
    assert _closed_with(outputs) == [4401] and "Ny tid" not in _texts(outputs)
    assert _closed_with(await _drain(ombuds)) == []  # the ombud's own socket lives on
    await phone.disconnect()
    await ombuds.disconnect()


async def test_a_session_that_timed_out_closes_its_sockets_on_the_next_request(contact, ombud):
    tab = await _tab(ombud)
    socket = await _socket(tab, {contact.pk: 0})

    @sync_to_async
    def idle_for_31_minutes_then_open_a_page():
        session = tab.session
        then = timezone.now().timestamp() - 31 * 60
        session[ACTIVE] = session[STARTED] = then
        session.save()
        return tab.get(reverse("ombud_caseload")).status_code

    assert await idle_for_31_minutes_then_open_a_page() == 302
    assert _closed_with(await _drain(socket)) == [4401]
    await socket.disconnect()


async def test_a_socket_closes_by_itself_when_its_session_runs_out(contact, ombud):
    """No frame, no request: the socket's own timer finds the session expired."""
    tab = await _tab(ombud)
    key = tab.cookies["sessionid"].value
    soon = timezone.now() + datetime.timedelta(milliseconds=300)
    await sync_to_async(Session.objects.filter(session_key=key).update)(expire_date=soon)
    socket = await _socket(tab, {contact.pk: 0})
    outputs = await _drain(socket, wait=2.5)
    assert _closed_with(outputs) == [4401]
    await socket.disconnect()


async def test_what_the_socket_does_is_not_activity(contact, ombud, client_user):
    tab = await _tab(ombud)
    socket = await _socket(tab, {contact.pk: 0})
    before = await sync_to_async(lambda: tab.session[ACTIVE])()
    await _send(contact, client_user, "Hej")
    await _drain(socket)
    await socket.send_json_to({"type": "read", "contact": contact.pk})
    await _drain(socket)
    assert await sync_to_async(lambda: tab.session[ACTIVE])() == before
    await socket.disconnect()


async def test_erasing_a_client_closes_the_socket_still_open_on_their_copy(contact, client_user):
    from portal.actions import ending

    socket = await _socket(await _tab(client_user), {contact.pk: 0})
    await sync_to_async(ending.end_contact)(contact, client_user)
    await _drain(socket)  # the front door; the socket stays for the copy page
    await sync_to_async(lambda: ending.erase(Contact.objects.get(pk=contact.pk)))()
    assert _closed_with(await _drain(socket)) == [4401]
    await socket.disconnect()
