"""benchmarks/realtime.py --burst / --storm: lost frames and reconnect storms on ONE daphne.

    .venv/bin/python benchmarks/realtime.py --clients --burst --storm 1000 2000

The same single daphne process as the default mode (in-memory channel layer, SQLite,
DEBUG off), started as `make run` starts it (scripts/serve.py, when the tree has it).

Burst (issue 13): an ombud page that follows --follow contacts (one socket, saying hello
with every contact's number and the parts "message-list" and "caseload": every frame
carries the bubble, the contact's number, the unread badge and the caseload row). The
contacts' clients send --burst-rate messages a second for --burst-seconds (open loop: a
new POST every 1/rate s to /meddelanden/, as htmx posts the form, at most 50 in flight),
each from a random one of them with a unique marker. Then it waits up to --grace seconds
for what is still missing. Reported:
- lost frames: every event number from the hello's to the contact's last in the
  database must have arrived on the ombud's socket, each once (#seq-N data-seq), and
  every message's marker; lost must be 0;
- frames a second during the burst (the numbered frames that arrived while it lasted);
- the POST's round trip p50/p99, and the delivery latency p50/p99 (POST sent -> frame
  with its marker on the ombud's socket).

Storm: N client sockets opened all at once (no retry: a handshake that fails counts as
failed), each saying hello with its contact's number. Reported: how many opened, how long
until the last did, why the others failed. The sockets are closed and daphne left to go
quiet before the next N.

Each phase prints how much CPU other processes on the machine used while it ran.
"""

import asyncio
import contextlib
import json
import os
import random
import re
import secrets
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from measure import cpu_seconds, machine_busy_seconds, pct
from people import Person, last_seqs
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

SEQ = re.compile(r'id="seq-(\d+)" data-contact="\d+" data-seq="(\d+)"')
MARKER = re.compile(r"mk[0-9a-f]{12}")
IN_FLIGHT = 50


@dataclass
class Follower:
    """The ombud's page: every numbered frame and marker, and when it came."""

    ws: ClientConnection
    seqs: Counter = field(default_factory=Counter)
    arrivals: list[float] = field(default_factory=list)  # of numbered frames
    markers: dict[str, float] = field(default_factory=dict)
    frames: int = 0

    async def read(self) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for frame in self.ws:
                now = time.perf_counter()
                text = frame if isinstance(frame, str) else frame.decode(errors="replace")
                self.frames += 1
                for contact, seq in SEQ.findall(text):
                    self.seqs[(int(contact), int(seq))] += 1
                    self.arrivals.append(now)
                for marker in MARKER.findall(text):
                    self.markers.setdefault(marker, now)


@dataclass
class BurstResult:
    sent: int = 0
    posts: list[float] = field(default_factory=list)  # seconds
    latency: list[float] = field(default_factory=list)  # seconds
    failures: list[str] = field(default_factory=list)
    wall: float = 0.0
    events: int = 0
    lost: int = 0
    duplicated: int = 0
    markers_missing: int = 0
    frames_in_burst: int = 0
    late: int = 0  # numbered frames that came after the burst ended
    server_cpu: float = 0.0
    others_cpu: float = 0.0
    harness_cpu: float = 0.0


async def burst(
    args, port: int, pid: int, ombud: Person, clients: list[Person], csrf: str, http_request
):
    """The issue's burst: --burst-rate messages/s from --follow clients to one ombud page."""
    ids = [c.contact_id for c in clients]
    since = await asyncio.to_thread(last_seqs, ids)
    ws = await connect(
        f"ws://127.0.0.1:{port}/ws/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": f"sessionid={ombud.session}; csrftoken={csrf}"},
        compression=None,
        proxy=None,
        ping_interval=None,
        open_timeout=30,
        max_queue=None,
    )
    follower = Follower(ws)
    reader = asyncio.create_task(follower.read())
    hello = {
        "type": "hello",
        "since": {str(k): v for k, v in since.items()},
        "parts": ["message-list", "caseload"],
    }
    await ws.send(json.dumps(hello))
    await asyncio.sleep(1)
    rng = random.Random(args.seed)
    result = BurstResult()
    sent_at: dict[str, float] = {}
    limit = asyncio.Semaphore(IN_FLIGHT)

    async def one() -> None:
        client = clients[rng.randrange(len(clients))]
        marker = f"mk{secrets.token_hex(6)}"
        body = urlencode(
            {"text": f"Hej {marker}", "client_uuid": str(uuid.uuid4()), "csrfmiddlewaretoken": csrf}
        ).encode()
        headers = {
            "Cookie": f"sessionid={client.session}; csrftoken={csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
            "HX-Request": "true",
        }
        async with limit:
            start = time.perf_counter()
            sent_at[marker] = start
            try:
                status, answer = await http_request(port, "POST", "/meddelanden/", headers, body)
            except Exception as error:  # counted; the burst goes on
                result.failures.append(repr(error))
                sent_at.pop(marker, None)
                return
            result.posts.append(time.perf_counter() - start)
        if status != 200:
            result.failures.append(f"POST answered {status}: {answer[:120]!r}")
            sent_at.pop(marker, None)

    cpu_before = cpu_seconds(pid)
    own_before, all_before = cpu_seconds(os.getpid()), machine_busy_seconds()
    start = time.perf_counter()
    tasks = []
    interval = 1 / args.rate
    while time.perf_counter() - start < args.burst_seconds:
        tasks.append(asyncio.create_task(one()))
        result.sent += 1
        next_at = start + result.sent * interval
        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
    await asyncio.gather(*tasks)
    end = time.perf_counter()
    result.wall = end - start
    result.server_cpu = cpu_seconds(pid) - cpu_before
    result.harness_cpu = cpu_seconds(os.getpid()) - own_before
    result.others_cpu = machine_busy_seconds() - all_before - result.harness_cpu - result.server_cpu
    # What is still missing may come late (a catch-up): wait for it, up to --grace.
    deadline = time.perf_counter() + args.grace
    while time.perf_counter() < deadline:
        if all(marker in follower.markers for marker in sent_at):
            break
        await asyncio.sleep(0.2)
    await asyncio.sleep(0.5)
    final = await asyncio.to_thread(last_seqs, ids)
    for contact_id in ids:
        for seq in range(since[contact_id] + 1, final[contact_id] + 1):
            n = follower.seqs.get((contact_id, seq), 0)
            result.events += 1
            result.lost += n == 0
            result.duplicated += max(0, n - 1)
    result.markers_missing = sum(1 for m in sent_at if m not in follower.markers)
    result.latency = [follower.markers[m] - t for m, t in sent_at.items() if m in follower.markers]
    result.frames_in_burst = sum(1 for t in follower.arrivals if start <= t <= end)
    result.late = sum(1 for t in follower.arrivals if t > end)
    with contextlib.suppress(Exception):
        await asyncio.wait_for(ws.close(), 10)
    reader.cancel()
    return result


@dataclass
class StormResult:
    n: int
    opened: int = 0
    failures: Counter = field(default_factory=Counter)
    open_s: float = 0.0  # until the last handshake ended (opened or failed)
    settle_s: float = 0.0  # then until daphne went quiet (the hellos answered)
    server_cpu: float = 0.0
    others_cpu: float = 0.0


def reason(error: BaseException) -> str:
    status = getattr(getattr(error, "response", None), "status_code", None)
    return f"HTTP {status}" if status else type(error).__name__


async def storm(
    n: int, port: int, pid: int, clients: list[Person], csrf: str, settle
) -> StormResult:
    """N sockets at once, as every phone reconnecting after a restart. `settle` waits
    until daphne is quiet (benchmarks/realtime.py)."""
    people = clients[:n]
    since = await asyncio.to_thread(last_seqs, [p.contact_id for p in people])
    result = StormResult(n)
    sockets: list[ClientConnection] = []

    async def one(person: Person) -> None:
        try:
            ws = await connect(
                f"ws://127.0.0.1:{port}/ws/",
                origin=f"http://127.0.0.1:{port}",
                additional_headers={"Cookie": f"sessionid={person.session}; csrftoken={csrf}"},
                compression=None,
                proxy=None,
                ping_interval=None,
                open_timeout=60,
                close_timeout=5,
            )
        except Exception as error:
            result.failures[reason(error)] += 1
            return
        sockets.append(ws)
        hello = {"type": "hello", "since": {str(person.contact_id): since[person.contact_id]}}
        with contextlib.suppress(ConnectionClosed):
            await ws.send(json.dumps(hello))

    cpu_before = cpu_seconds(pid)
    own_before, all_before = cpu_seconds(os.getpid()), machine_busy_seconds()
    start = time.perf_counter()
    await asyncio.gather(*(one(p) for p in people))
    result.open_s = time.perf_counter() - start
    result.opened = len(sockets)
    t = time.perf_counter()
    await settle(pid, limit=60)
    result.settle_s = time.perf_counter() - t
    wall = time.perf_counter() - start
    result.server_cpu = cpu_seconds(pid) - cpu_before
    harness = cpu_seconds(os.getpid()) - own_before
    result.others_cpu = (machine_busy_seconds() - all_before - harness - result.server_cpu) / wall
    limit = asyncio.Semaphore(200)

    async def close(ws: ClientConnection) -> None:
        async with limit:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ws.close(), 10)

    await asyncio.gather(*(close(ws) for ws in sockets))
    await settle(pid, limit=60)
    return result


def report_burst(args, r: BurstResult) -> bool:
    print(
        f"Burst: {args.rate:g} messages/s for {args.burst_seconds:g} s from {args.follow} "
        f"clients to one ombud page following them ({r.sent} sent in {r.wall:.1f} s, "
        f"{len(r.failures)} failed" + (f", e.g. {r.failures[0]}" if r.failures else "") + ")"
    )
    print(
        f"  frames by number: {r.events} events; lost {r.lost}, duplicated {r.duplicated}; "
        f"markers missing {r.markers_missing}; {r.late} numbered frames came after the burst"
    )
    print(
        f"  frames/s during the burst: {r.frames_in_burst / r.wall:.1f} "
        f"(messages sent {r.sent / r.wall:.1f}/s)"
    )
    print(
        f"  POST round trip ms: p50 {pct(r.posts, 50):.1f}, p99 {pct(r.posts, 99):.1f}, "
        f"max {pct(r.posts, 100):.1f}; delivery (POST sent -> frame) ms: "
        f"p50 {pct(r.latency, 50):.1f}, p99 {pct(r.latency, 99):.1f}, "
        f"max {pct(r.latency, 100):.1f}"
    )
    print(
        f"  daphne used {r.server_cpu / r.wall:.0%} of a core, the harness "
        f"{r.harness_cpu / r.wall:.0%}, other processes {max(0.0, r.others_cpu) / r.wall:.0%}"
    )
    return r.lost == 0 and r.markers_missing == 0 and not r.failures


def report_storm(r: StormResult) -> bool:
    failed = r.n - r.opened
    print(
        f"Storm of {r.n}: {r.opened} opened ({r.opened / r.n:.1%}), {failed} failed"
        + (f" ({dict(r.failures)})" if r.failures else "")
        + f"; handshakes done in {r.open_s:.1f} s, daphne quiet {r.settle_s:.1f} s later; "
        f"daphne CPU {1000 * r.server_cpu / r.n:.1f} ms per socket; other processes "
        f"{max(0.0, r.others_cpu):.0%} of a core"
    )
    return failed == 0
