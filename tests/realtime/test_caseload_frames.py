"""The unread chip on the ombud's caseload row changes live (issue 12, part 8): a message
for a contact re-renders that contact's row, out of band, on a page that has the
caseload; reading them takes the chip away again."""

import uuid

import pytest
from asgiref.sync import sync_to_async

from portal.actions import messaging
from tests.realtime.test_consumer import _frames, _socket

pytestmark = pytest.mark.django_db(transaction=True)


async def _caseload_page(user, parts=("caseload",)):
    """A socket as the caseload page opens it: no contact on the page, the caseload part."""
    communicator, connected = await _socket(user)
    assert connected
    await communicator.send_json_to({"type": "hello", "since": {}, "parts": list(parts)})
    # No contact is on the page, so the hello sends nothing back: give it time to land.
    assert await communicator.receive_nothing(timeout=0.5)
    return communicator


async def test_a_new_message_updates_the_row_on_the_ombuds_caseload(contact, ombud, client_user):
    page = await _caseload_page(ombud)
    await sync_to_async(messaging.send_message)(
        contact, client_user, text="Hej Anna", client_uuid=uuid.uuid4()
    )
    [frame] = await _frames(page, 1)
    assert f'id="caseload-{contact.pk}"' in frame
    assert f'hx-swap-oob="outerHTML:#caseload-{contact.pk}"' in frame
    assert "1 oläst meddelande" in frame
    assert "Hej Anna" not in frame  # the row says how many, never what
    assert 'id="unread-badge"' in frame  # and the menu's badge, as before

    await sync_to_async(messaging.mark_read)(contact, ombud)  # read on another device
    [frame] = await _frames(page, 1)
    assert f'hx-swap-oob="outerHTML:#caseload-{contact.pk}"' in frame
    assert "oläst" not in frame
    assert await page.receive_nothing()
    await page.disconnect()


async def test_a_page_without_the_caseload_gets_no_row(contact, ombud, client_user):
    page = await _caseload_page(ombud, parts=())
    await sync_to_async(messaging.send_message)(
        contact, client_user, text="Hej", client_uuid=uuid.uuid4()
    )
    [frame] = await _frames(page, 1)
    assert "caseload-" not in frame and 'id="unread-badge"' in frame
    await page.disconnect()


async def test_the_client_never_gets_a_caseload_row(contact, ombud, client_user):
    page = await _caseload_page(client_user)
    await sync_to_async(messaging.send_message)(
        contact, ombud, text="Hej Maja", client_uuid=uuid.uuid4()
    )
    [frame] = await _frames(page, 1)
    assert "caseload-" not in frame
    await page.disconnect()
