"""The channel layers, made to scale with the sockets they hold: in memory (`make run`,
tests) and Redis (production).

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
from channels_redis.core import RedisChannelLayer as ChannelsRedisChannelLayer
from django.conf import settings
from redis.asyncio import BlockingConnectionPool

CLEAN_EVERY = 1.0  # seconds


class InMemoryChannelLayer(ChannelsInMemoryChannelLayer):
    _cleaned = 0.0

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._cleaned < CLEAN_EVERY:
            return
        self._cleaned = now
        super()._clean_expired()


class RedisChannelLayer(ChannelsRedisChannelLayer):
    """channels_redis with a pool that waits for a free connection instead of failing.

    redis-py's asyncio pool holds at most 100 connections and raises MaxConnectionsError
    for the 101st command in flight; in a reconnect storm a daphne runs a `group_add` for
    every socket at once, and each one over 100 failed the socket's `connect`, which
    daphne answers with HTTP 500 (101 of 2,000 in a storm, docs/benchmarks.md). Here a
    command waits for one of REDIS_MAX_CONNECTIONS connections, up to
    REDIS_POOL_TIMEOUT seconds, as the database pool does."""

    def create_pool(self, index):
        host = dict(self.hosts[index])
        address = host.pop("address")
        return BlockingConnectionPool.from_url(
            address,
            max_connections=settings.REDIS_MAX_CONNECTIONS,
            timeout=settings.REDIS_POOL_TIMEOUT,
            **host,
        )
