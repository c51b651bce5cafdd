"""No lost frames: every socket of this process notices what the channel layer did not bring.

The channel layer is fast but may drop an event: a socket's queue is full (its capacity,
portal/settings.py), the socket was too slow, Redis restarted, a send failed after the
commit. The events themselves are in the database, numbered per contact, and every socket
knows the last number it has sent per contact (`LiveConsumer.seen`). So, every
LIVE_CATCH_UP_SECONDS, one task per process reads the last number of every contact its
sockets follow (one query per 500 contacts, however many sockets follow them) and tells
each socket that is behind to send what it lacks, from the database, in order, exactly
once (`LiveConsumer.catch_up`: the same path as a live event and a reconnect).

A socket that misses an event therefore shows it within the interval, not at the next
event on that contact or the next reconnect. Nothing is asked of the page, and the
database is asked once per interval per process, not once per socket.
"""

import asyncio
import logging
from typing import TYPE_CHECKING

from channels.db import database_sync_to_async
from django.conf import settings

from portal.models import Contact

if TYPE_CHECKING:
    from realtime.consumers import LiveConsumer

logger = logging.getLogger(__name__)

CHUNK = 500  # contact ids per query


def last_numbers(contact_ids: set[int]) -> dict[int, int]:
    """The last event number of each contact (ended or erased ones are simply absent)."""
    ids = sorted(contact_ids)
    found: dict[int, int] = {}
    for start in range(0, len(ids), CHUNK):
        rows = Contact.objects.filter(pk__in=ids[start : start + CHUNK])
        found.update(rows.values_list("pk", "last_seq"))
    return found


class Watch:
    """The sockets of this process, and the one task that looks after them."""

    def __init__(self) -> None:
        self.sockets: set[LiveConsumer] = set()
        self.task: asyncio.Task | None = None

    def join(self, socket: "LiveConsumer") -> None:
        loop = asyncio.get_running_loop()
        if self.task is not None and self.task.get_loop() is not loop:
            # A new event loop (only in tests): the sockets of the old one are gone.
            self.sockets.clear()
            self.task = None
        self.sockets.add(socket)
        if self.task is None or self.task.done():
            self.task = loop.create_task(self._run())

    def leave(self, socket: "LiveConsumer") -> None:
        self.sockets.discard(socket)

    async def _run(self) -> None:
        while self.sockets:
            await asyncio.sleep(settings.LIVE_CATCH_UP_SECONDS)
            try:
                await self.look()
            except Exception:  # the database away for a moment: look again next time
                logger.exception("Could not look for events the live sockets missed")

    async def look(self) -> int:
        """Tell every socket that is behind on a contact to catch up; how many were."""
        sockets = [s for s in self.sockets if s.following()]
        wanted = {contact for s in sockets for contact in s.following()}
        if not wanted:
            return 0
        latest = await database_sync_to_async(last_numbers)(wanted)
        behind = 0
        for socket in sockets:
            contacts = [c for c, seq in socket.following().items() if latest.get(c, 0) > seq]
            if contacts:
                behind += 1
                socket.catch_up_soon(contacts)
        return behind


watch = Watch()
