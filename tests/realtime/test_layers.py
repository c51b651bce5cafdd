"""The in-memory channel layer of `make run` and the tests: channels' own, with its
clean-up walk once a second instead of on every send and receive."""

import asyncio
import time

from realtime.layers import CLEAN_EVERY, InMemoryChannelLayer


def _crowded(layer: InMemoryChannelLayer, sockets: int) -> None:
    for i in range(sockets):
        channel = f"specific.inmemory!{i:012d}"
        layer.groups.setdefault(f"contact-{i}", {})[channel] = time.time()
        layer.groups.setdefault(f"user-{i}", {})[channel] = time.time()


async def test_an_event_costs_the_same_with_thousands_of_sockets_open():
    """Channels' layer walks all 4,000 memberships on each send and receive (~1-2 ms
    each here, so about 2 s for these 500 events); this one does not."""
    layer = InMemoryChannelLayer(capacity=1000)
    _crowded(layer, 2000)
    channel = "specific.inmemory!listener0000"
    await layer.group_add("contact-busy", channel)
    started = time.perf_counter()
    for n in range(500):
        await layer.group_send("contact-busy", {"type": "contact.changed", "seq": n})
        assert (await layer.receive(channel))["seq"] == n
    assert time.perf_counter() - started < 0.6


async def test_expired_events_are_still_dropped():
    layer = InMemoryChannelLayer(expiry=0)
    await layer.send("specific.inmemory!a", {"type": "old"})
    await asyncio.sleep(CLEAN_EVERY + 0.1)
    await layer.group_send("contact-1", {"type": "new"})  # a send cleans up first
    assert "specific.inmemory!a" not in layer.channels
