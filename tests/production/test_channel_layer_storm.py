"""The Redis channel layer in a reconnect storm: every socket's `group_add` at once.
redis-py's pool holds 100 connections and raised for the 101st command in flight, which
failed the socket's `connect` (HTTP 500); realtime.layers.RedisChannelLayer waits for a
free connection instead."""

import asyncio

import pytest

from realtime.layers import RedisChannelLayer

pytestmark = pytest.mark.production

SOCKETS = 600
CONTACTS = 40


async def storm(url: str) -> list[int]:
    """Every socket joins its contact's group at once; then the size of each group."""
    layer = RedisChannelLayer(hosts=[{"address": url}])
    try:
        await asyncio.gather(
            *(
                layer.group_add(f"contact-{i % CONTACTS}", f"specific.storm!{i}")
                for i in range(SOCKETS)
            )
        )
        async with layer.connection(0) as redis:
            return [await redis.zcard(layer._group_key(f"contact-{c}")) for c in range(CONTACTS)]
    finally:
        await layer.flush()
        await layer.close_pools()


async def test_a_storm_of_joins_waits_for_a_connection_and_every_one_joins(redis_url, settings):
    settings.REDIS_MAX_CONNECTIONS = 20  # far fewer than the joins in flight
    sizes = await storm(redis_url)
    assert sum(sizes) == SOCKETS
    assert set(sizes) == {SOCKETS // CONTACTS}
