"""The in-memory channel layer (`make run`, tests), made to scale with the sockets it holds.

Channels' InMemoryChannelLayer walks every group membership of every socket to drop
expired ones on each send and each receive: with 2,000 sockets that is ~1.6 ms per event
and per socket that starts listening, so a storm of 2,000 connecting at once did quadratic
work. Here the walk happens at most once a second; an expired event or membership
lingers a second longer at most, which nothing can tell (a socket that misses an event
catches up from the database: realtime/watch.py). Production uses Redis, which expires
by itself.
"""

import time

from channels.layers import InMemoryChannelLayer as ChannelsInMemoryChannelLayer

CLEAN_EVERY = 1.0  # seconds


class InMemoryChannelLayer(ChannelsInMemoryChannelLayer):
    _cleaned = 0.0

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._cleaned < CLEAN_EVERY:
            return
        self._cleaned = now
        super()._clean_expired()
