"""Live-delivery benchmark: how long a message takes from the ombud's POST to the client's socket.

    .venv/bin/python benchmarks/realtime.py [--clients 100 1000] [--messages 200]
    .venv/bin/python benchmarks/realtime.py --prod [--sockets 5000] [--burst-seconds 600]

The second runs through the production profile (benchmarks/realtime_prod.py): thousands
of sockets over two daphnes behind nginx with Redis and PostgreSQL. What follows is the
first, the default:

A script, not a test: it prints figures (see docs/benchmarks.md). Everything it starts
is on 127.0.0.1 and is stopped at the end, also on failure:

1. A fresh SQLite database in a temporary folder (SQLITE_PATH), migrated by
   `manage.py migrate`; one ombud and max(--clients) clients, each with a contact with
   that ombud (portal.actions.contacts.create_client_contact), and a signed-in session
   per user, written straight into django.contrib.sessions (no password hashing).
2. ONE daphne process serving portal.asgi with the in-memory channel layer.
3. For each N in --clients: N client sockets on /ws/ (session cookie, Origin header,
   hello with their contact's last seq and no "parts", i.e. all of them). The ombud then
   sends --messages messages, each to a randomly chosen client, by POST to
   /ombud/klient/<id>/meddelanden/ (as htmx does), at most --concurrency in flight.
   Delivery latency = when the target socket receives the frame holding the message's
   unique marker - just before the POST.
4. Floors, from a bare `websockets` server in a separate process with the same N
   sockets open: the echo round trip (send a frame, receive it back), and a "push"
   floor (an HTTP GET that makes the server send a frame on one socket: the app's path
   without Django, the database or the channel layer).

Percentiles are nearest-rank over the measured messages (with 200, p99 is the
second-slowest). Warm-up messages before each measurement are not counted.

Exit status: 0 when the benchmark ran (whether or not the targets hold), 1 when it
could not be set up or lost messages, 2 on bad arguments.
"""

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import secrets
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import realtime_burst  # noqa: E402  (benchmarks/realtime_burst.py: --burst, --storm)
from measure import (  # noqa: E402  (benchmarks/measure.py, beside this script)
    cpu_seconds,
    machine,
    machine_busy_seconds,
    pct,
    raise_open_files_limit,
)
from people import Person, create_people, last_seqs, setup_django  # noqa: E402
from servers import (  # noqa: E402  (benchmarks/servers.py, beside this script)
    BASE_DIR,
    PYTHON,
    START_TIMEOUT,
    SetupError,
    die_with_parent,
    free_port,
    log_tail,
    manage,
    stop,
    wait_for_healthz,
)
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

SETUP_TIMEOUT = 120.0  # migrate, creating the people
HTTP_TIMEOUT = 15.0  # one request
FRAME_TIMEOUT = 10.0  # from a POST to its frame
CONNECT_PARALLEL = 50  # sockets being opened at once
TARGET_P99_MS = 50.0
TARGET_AT = 1000  # connections
TARGET_FLOOR_RATIO = 5.0

# The floor: echo every frame back, and send a frame on socket <id> for GET /push/<id>/<m>.
ECHO_SERVER = r"""
import asyncio, sys
from http import HTTPStatus
from websockets.asyncio.server import serve

sockets = {}

async def handler(ws):
    key = ws.request.path.rsplit("/", 1)[-1]
    sockets[key] = ws
    try:
        async for frame in ws:
            await ws.send(frame)
    finally:
        if sockets.get(key) is ws:
            del sockets[key]

async def process_request(connection, request):
    if not request.path.startswith("/push/"):
        return None
    _, _, key, marker = request.path.split("/", 3)
    ws = sockets.get(key)
    if ws is None:
        return connection.respond(HTTPStatus.NOT_FOUND, "no such socket\n")
    await ws.send(marker)
    return connection.respond(HTTPStatus.OK, "sent\n")

async def main():
    async with serve(handler, "127.0.0.1", 0, process_request=process_request,
                     compression=None, ping_interval=None, backlog=2048) as server:
        port = server.sockets[0].getsockname()[1]
        with open(sys.argv[1] + ".tmp", "w") as f:
            f.write(str(port))
        import os
        os.replace(sys.argv[1] + ".tmp", sys.argv[1])
        await server.serve_forever()

asyncio.run(main())
"""


# --profile: daphne under a stack sampler. Every 2 ms it notes, for each thread that is
# not idle, every function on its stack (inclusive). SIGUSR1 starts a window, SIGUSR2
# writes it as JSON. A thread waiting for the GIL counts as busy in the function it waits
# in, and the sampler itself costs daphne CPU: read shares, not absolute times.
DAPHNE_SAMPLER = r"""
import collections, json, os, signal, sys, threading, time
out = sys.argv[1]
IDLE = {"select", "wait", "_worker", "get", "poll", "sleep", "acquire", "_run_once"}
state = {"on": False, "busy": 0, "samples": 0, "stacks": collections.Counter(), "gc": []}
pauses = []  # (generation, ms) of every collection over 20 ms since daphne started
began = [0.0]

def collected(phase, info):
    if phase == "start":
        began[0] = time.perf_counter()
        return
    ms = (time.perf_counter() - began[0]) * 1000
    if state["on"]:
        state["gc"].append((info["generation"], round(ms, 1)))
    if ms > 20:
        pauses.append((info["generation"], round(ms, 1)))

import gc
gc.callbacks.append(collected)

names = {}

def where(code):
    name = names.get(code)
    if name is None:
        path = code.co_filename
        for root in sys.path[1:] + [os.getcwd()]:
            if root and path.startswith(root + "/"):
                path = path[len(root) + 1:]
                break
        name = names[code] = f"{path}:{code.co_name}"
    return name

def sample():
    me = threading.get_ident()
    while True:
        time.sleep(0.002)
        if not state["on"]:
            continue
        for ident, frame in sys._current_frames().items():
            if ident == me:
                continue
            state["samples"] += 1
            if frame.f_code.co_name in IDLE:
                continue
            state["busy"] += 1
            seen = set()
            while frame is not None:
                seen.add(where(frame.f_code))
                frame = frame.f_back
            state["stacks"].update(seen)

def start(*_):
    state.update(on=True, busy=0, samples=0, stacks=collections.Counter(), gc=[])

def stop(*_):
    state["on"] = False
    data = {k: state[k] for k in ("busy", "samples", "gc")}
    data["pauses"] = list(pauses)
    data["stacks"] = dict(state["stacks"].most_common(2000))
    with open(out + ".tmp", "w") as f:
        json.dump(data, f)
    os.replace(out + ".tmp", out)

signal.signal(signal.SIGUSR1, start)
signal.signal(signal.SIGUSR2, stop)
threading.Thread(target=sample, daemon=True).start()
from daphne.cli import CommandLineInterface
sys.argv = ["daphne"] + sys.argv[2:]
CommandLineInterface.entrypoint()
"""

# What the profile is summed into: (label, "path:function" anywhere on a busy stack).
PROFILE_PARTS = [
    ("POST view (ombud_ui.views.messages)", "ombud_ui/views.py:messages"),
    ("  send_message action", "portal/actions/messaging.py:send_message"),
    ("    COMMIT", "django/db/backends/base/base.py:commit"),
    ("    publish on commit (group_send)", "realtime/events.py:send"),
    ("  access.get_contact", "portal/access.py:get_contact"),
    ("session + user of the request", "django/contrib/auth/middleware.py:get_user"),
    ("consumer: one frame (_frames)", "realtime/consumers.py:_frames"),
    ("  render_event", "realtime/frames.py:render_event"),
    ("    unread badge (unread_counts)", "portal/queries.py:unread_counts"),
    ("all SQL statements (execute)", "django/db/backends/utils.py:_execute"),
    ("opening SQLite connections", "django/db/backends/base/base.py:connect"),
    ("closing them (close_old_connections)", "django/db/__init__.py:close_old_connections"),
    ("all template rendering", "django/template/backends/django.py:render"),
    ("daphne/Twisted socket I/O", "twisted/internet/asyncioreactor.py:_readOrWrite"),
    ("thread hand-off (call_soon_threadsafe)", "asyncio/base_events.py:call_soon_threadsafe"),
    ("per-request executor shutdown", "concurrent/futures/thread.py:shutdown"),
]


# Processes.


def daphne_flags(port: int) -> list[str]:
    """How `make run` starts daphne (scripts/serve.py: backlog, handshake timeout), on
    127.0.0.1:port; a tree without that script gets daphne's defaults."""
    script = BASE_DIR / "scripts" / "serve.py"
    if not script.exists():
        return ["-b", "127.0.0.1", "-p", str(port)]
    found = subprocess.run(
        [PYTHON, str(script), "--print", "-b", "127.0.0.1", "-p", str(port)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(found.stdout)


def _server_preexec() -> None:
    """In the child: as many open files as allowed, and die with this process."""
    raise_open_files_limit()
    die_with_parent()


def server_work(ombud: Person, client: Person, csrf: str, rounds: int = 30) -> dict:
    """The app's own work per message, timed in this process (no daphne, no sockets):
    the POST view, and the consumer's per-frame work (query + render_event), with the
    number of SQL queries each; and what opening a fresh SQLite connection costs."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.models import Contact, User
    from realtime.consumers import load_frames
    from realtime.standing import Reader

    browser = Client()
    browser.cookies["sessionid"] = ombud.session
    browser.cookies["csrftoken"] = csrf
    url = f"/ombud/klient/{client.contact_id}/meddelanden/"
    post_ms, render_ms = [], []
    post_queries = render_queries = 0
    session = SessionStore(session_key=client.session)
    reader = Reader(User.objects.get(pk=client.user_id), client.session, session["_auth_user_hash"])
    for i in range(rounds):
        data = {
            "text": f"profil {i}",
            "client_uuid": str(uuid.uuid4()),
            "csrfmiddlewaretoken": csrf,
        }
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = browser.post(url, data, HTTP_HX_REQUEST="true")
            post_ms.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SetupError(f"in-process POST answered {response.status_code}")
        post_queries = len(queries)
        seq = Contact.objects.get(pk=client.contact_id).last_seq
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            # What LiveConsumer._frames does for one new event (with the reader's standing).
            frames = load_frames(
                reader,
                client.contact_id,
                seq - 1,
                seq,
                on_page=True,
                parts=None,
                csrf_token=csrf,
                language="sv",
            ).frames
            render_ms.append((time.perf_counter() - start) * 1000)
        if not frames or f"profil {i}" not in frames[0]:
            raise SetupError("in-process render did not contain the message")
        render_queries = len(queries)
    connect_ms = []
    for _ in range(rounds):
        connection.close()
        start = time.perf_counter()
        connection.ensure_connection()
        connect_ms.append((time.perf_counter() - start) * 1000)
    return {
        "post_ms": statistics.median(post_ms),
        "post_queries": post_queries,
        "render_ms": statistics.median(render_ms),
        "render_queries": render_queries,
        "connect_ms": statistics.median(connect_ms),
    }


# A small HTTP/1.1 client on asyncio streams (one connection per request).


async def http_request(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> tuple[int, bytes]:
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection("127.0.0.1", port), HTTP_TIMEOUT
    )
    try:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await writer.drain()
        return await asyncio.wait_for(_read_response(reader), HTTP_TIMEOUT)
    finally:
        writer.close()
        with contextlib.suppress(OSError, TimeoutError):
            await asyncio.wait_for(writer.wait_closed(), 2)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split()[1])
    headers = {}
    for line in header_lines:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                return status, body
            body += await reader.readexactly(size)
            await reader.readexactly(2)
    return status, await reader.read()


# Sockets that note when a frame holding an expected marker arrives.


class Socket:
    def __init__(self, ws: ClientConnection):
        self.ws = ws
        self.pending: dict[str, asyncio.Future] = {}
        self.frames = 0
        self.reader = asyncio.create_task(self._read())

    def expect(self, marker: str) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self.pending[marker] = future
        return future

    async def _read(self) -> None:
        try:
            async for frame in self.ws:
                arrived = time.perf_counter()
                self.frames += 1
                if not self.pending:
                    continue
                if isinstance(frame, bytes):
                    frame = frame.decode(errors="replace")
                for marker in [m for m in self.pending if m in frame]:
                    future = self.pending.pop(marker)
                    if not future.done():
                        future.set_result(arrived)
        except ConnectionClosed:
            pass
        finally:
            for future in self.pending.values():
                if not future.done():
                    future.set_exception(ConnectionError("socket closed"))
            self.pending.clear()


async def open_sockets(uris: list[str], headers: list[dict], origin: str | None) -> list[Socket]:
    limit = asyncio.Semaphore(CONNECT_PARALLEL)

    async def one(uri: str, extra: dict) -> Socket:
        async with limit:
            ws = await connect(
                uri,
                origin=origin,
                additional_headers=extra,
                compression=None,
                proxy=None,
                ping_interval=None,
                open_timeout=30,
                close_timeout=5,
            )
            return Socket(ws)

    results = await asyncio.gather(
        *(one(uri, extra) for uri, extra in zip(uris, headers, strict=True)),
        return_exceptions=True,
    )
    opened = [r for r in results if isinstance(r, Socket)]
    failed = [r for r in results if not isinstance(r, Socket)]
    if failed:
        await close_sockets(opened)
        raise SetupError(f"{len(failed)} of {len(uris)} sockets failed to open: {failed[0]!r}")
    return opened


async def close_sockets(sockets: list[Socket]) -> None:
    async def one(sock: Socket) -> None:
        with contextlib.suppress(OSError, TimeoutError, ConnectionClosed):
            await asyncio.wait_for(sock.ws.close(), 10)
        sock.reader.cancel()

    limit = asyncio.Semaphore(200)

    async def limited(sock: Socket) -> None:
        async with limit:
            await one(sock)

    await asyncio.gather(*(limited(s) for s in sockets))


# Measuring.


@dataclass
class Run:
    latency: list[float] = field(default_factory=list)  # seconds
    rtt: list[float] = field(default_factory=list)  # seconds (HTTP round trip)
    failures: list[str] = field(default_factory=list)
    wall: float = 0.0
    profile: dict | None = None  # --profile: the sampler's counts for this window
    server_cpu: float = math.nan  # CPU seconds of the server process while measuring
    harness_cpu: float = math.nan  # ... of this process
    others_cpu: float = math.nan  # ... of every other process on the machine


Sample = tuple[float, float | None]


async def measure(
    count: int, concurrency: int, one: Callable[[int], Awaitable[Sample]], pid: int | None
) -> Run:
    limit = asyncio.Semaphore(concurrency)

    async def limited(i: int) -> Sample:
        async with limit:
            return await one(i)

    run = Run()
    cpu_before = cpu_seconds(pid) if pid else math.nan
    own_before, all_before = cpu_seconds(os.getpid()), machine_busy_seconds()
    start = time.perf_counter()
    results = await asyncio.wait_for(
        asyncio.gather(*(limited(i) for i in range(count)), return_exceptions=True),
        timeout=count * (HTTP_TIMEOUT + FRAME_TIMEOUT) / concurrency + 30,
    )
    run.wall = time.perf_counter() - start
    run.server_cpu = cpu_seconds(pid) - cpu_before if pid else math.nan
    run.harness_cpu = cpu_seconds(os.getpid()) - own_before
    run.others_cpu = machine_busy_seconds() - all_before - run.harness_cpu - run.server_cpu
    for result in results:
        if isinstance(result, BaseException):
            run.failures.append(repr(result))
        else:
            run.latency.append(result[0])
            if result[1] is not None:
                run.rtt.append(result[1])
    return run


@dataclass
class Round:
    n: int
    app: Run
    echo: Run
    push: Run
    connect_s: float


async def read_profile(pid: int, path: Path) -> dict | None:
    """Close the sampler's window (SIGUSR2) and read what it wrote."""
    os.kill(pid, signal.SIGUSR2)
    for _ in range(100):
        if path.exists():
            data = json.loads(path.read_text())
            path.unlink()
            return data
        await asyncio.sleep(0.05)
    return None


async def settle(pid: int, *, idle: float = 0.15, limit: float = 30.0) -> None:
    """Wait (at most `limit` s) until the server uses under `idle` of a core for 0.5 s."""
    deadline = time.monotonic() + limit
    await asyncio.sleep(0.5)
    while time.monotonic() < deadline:
        before = cpu_seconds(pid)
        await asyncio.sleep(0.5)
        if (cpu_seconds(pid) - before) / 0.5 < idle:
            return


async def app_round(
    n: int, args, port: int, pid: int, ombud: Person, clients: list[Person], csrf: str, rng
) -> tuple[Run, float]:
    people = clients[:n]
    seqs = await asyncio.to_thread(last_seqs, [p.contact_id for p in people])
    start = time.perf_counter()
    sockets = await open_sockets(
        [f"ws://127.0.0.1:{port}/ws/"] * n,
        [{"Cookie": f"sessionid={p.session}; csrftoken={csrf}"} for p in people],
        origin=f"http://127.0.0.1:{port}",
    )
    try:
        await asyncio.gather(
            *(
                s.ws.send(f'{{"type":"hello","since":{{"{p.contact_id}":{seqs[p.contact_id]}}}}}')
                for s, p in zip(sockets, people, strict=True)
            )
        )
        connect_s = time.perf_counter() - start
        # Let the consumers finish their hello (database reads each) before timing.
        await settle(pid)
        cookie = f"sessionid={ombud.session}; csrftoken={csrf}"

        async def one(i: int) -> Sample:
            index = rng.randrange(n)
            sock, person = sockets[index], people[index]
            marker = f"mk{n}x{i}x{secrets.token_hex(4)}"
            arrived = sock.expect(marker)
            body = urlencode(
                {
                    "text": f"Hej {marker}",
                    "client_uuid": str(uuid.uuid4()),
                    "csrfmiddlewaretoken": csrf,
                }
            ).encode()
            headers = {
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "HX-Request": "true",
            }
            path = f"/ombud/klient/{person.contact_id}/meddelanden/"
            sent = time.perf_counter()
            status, answer = await http_request(port, "POST", path, headers, body)
            answered = time.perf_counter()
            if status != 200:
                arrived.cancel()
                sock.pending.pop(marker, None)
                raise RuntimeError(f"POST {path} answered {status}: {answer[:200]!r}")
            return (await asyncio.wait_for(arrived, FRAME_TIMEOUT)) - sent, answered - sent

        warm = await measure(args.warmup, 1, one, None)
        if warm.failures:
            raise SetupError(f"warm-up failed: {warm.failures[0]}")
        if args.profile:
            os.kill(pid, signal.SIGUSR1)
        run = await measure(args.messages, args.concurrency, one, pid)
        if args.profile:
            run.profile = await read_profile(pid, args.profile_path)
        return run, connect_s
    finally:
        await close_sockets(sockets)


async def floor_round(n: int, args, port: int, pid: int, rng) -> tuple[Run, Run]:
    sockets = await open_sockets(
        [f"ws://127.0.0.1:{port}/ws/{i}" for i in range(n)], [{}] * n, origin=None
    )
    try:

        async def echo(i: int) -> Sample:
            sock = sockets[rng.randrange(n)]
            marker = f"ek{n}x{i}x{secrets.token_hex(4)}"
            arrived = sock.expect(marker)
            sent = time.perf_counter()
            await sock.ws.send(marker)
            return (await asyncio.wait_for(arrived, FRAME_TIMEOUT)) - sent, None

        async def push(i: int) -> Sample:
            index = rng.randrange(n)
            marker = f"pk{n}x{i}x{secrets.token_hex(4)}"
            arrived = sockets[index].expect(marker)
            sent = time.perf_counter()
            status, answer = await http_request(port, "GET", f"/push/{index}/{marker}", {})
            answered = time.perf_counter()
            if status != 200:
                raise RuntimeError(f"push answered {status}: {answer[:200]!r}")
            return (await asyncio.wait_for(arrived, FRAME_TIMEOUT)) - sent, answered - sent

        for probe in (echo, push):
            warm = await measure(args.warmup, 1, probe, None)
            if warm.failures:
                raise SetupError(f"floor warm-up failed: {warm.failures[0]}")
        echo_run = await measure(args.messages, args.concurrency, echo, pid)
        push_run = await measure(args.messages, args.concurrency, push, pid)
        return echo_run, push_run
    finally:
        await close_sockets(sockets)


async def benchmark(args, daphne: tuple[int, int], floor: tuple[int, int], ombud, clients, csrf):
    rng = random.Random(args.seed)
    rounds = []
    for n in args.storm or []:
        print(f"Storm: opening {n} sockets at once ...", flush=True)
        args.storms.append(await realtime_burst.storm(n, *daphne, clients, csrf, settle))
        realtime_burst.report_storm(args.storms[-1])
    if args.burst:
        print(
            f"Burst: {args.rate:g} messages/s for {args.burst_seconds:g} s to an ombud page "
            f"following {args.follow} contacts ...",
            flush=True,
        )
        args.burst_result = await realtime_burst.burst(
            args, *daphne, args.follow_ombud, args.follow_clients, csrf, http_request
        )
    for n in args.clients:
        print(f"N={n}: opening {n} live sockets on daphne ...", flush=True)
        app, connect_s = await app_round(n, args, *daphne, ombud, clients, csrf, rng)
        print(
            f"N={n}: app done ({len(app.latency)} delivered, {len(app.failures)} failed);"
            " floor ...",
            flush=True,
        )
        echo, push = await floor_round(n, args, *floor, rng)
        rounds.append(Round(n, app, echo, push, connect_s))
    return rounds


# Reporting.


def report(rounds: list[Round], args, work: dict | None) -> bool:
    def ms(value: float) -> str:
        return "-" if math.isnan(value) else f"{value:.1f}" if value >= 10 else f"{value:.2f}"

    print()
    print(f"Machine: {machine()}")
    date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"Date: {date}; daphne: {' '.join(args.daphne_flags)}")
    complete = True
    for storm in args.storms:
        complete = realtime_burst.report_storm(storm) and complete
    if args.burst:
        complete = realtime_burst.report_burst(args, args.burst_result) and complete
    if not rounds:
        return complete
    print(
        f"Messages per N: {args.messages} (+{args.warmup} warm-up), concurrency "
        f"{args.concurrency}, seed {args.seed}; one daphne process, in-memory channel layer, "
        "SQLite"
    )
    print()
    header = (
        f"{'N':>6} | {'app p50':>8} {'p95':>7} {'p99':>7} {'max':>7} | {'POST p50':>8} "
        f"{'p99':>7} | {'echo p50':>8} {'p95':>6} {'p99':>6} | {'push p50':>8} {'p99':>6} | "
        f"{'p99/echo':>8} {'p99/push':>8}"
    )
    print("All times in ms. app = POST sent -> frame on the client's socket.")
    print(header)
    print("-" * len(header))
    for r in rounds:
        app, echo, push = r.app, r.echo, r.push
        print(
            f"{r.n:>6} | {ms(pct(app.latency, 50)):>8} {ms(pct(app.latency, 95)):>7} "
            f"{ms(pct(app.latency, 99)):>7} {ms(pct(app.latency, 100)):>7} | "
            f"{ms(pct(app.rtt, 50)):>8} {ms(pct(app.rtt, 99)):>7} | "
            f"{ms(pct(echo.latency, 50)):>8} {ms(pct(echo.latency, 95)):>6} "
            f"{ms(pct(echo.latency, 99)):>6} | {ms(pct(push.latency, 50)):>8} "
            f"{ms(pct(push.latency, 99)):>6} | "
            f"{pct(app.latency, 99) / pct(echo.latency, 99):>7.0f}x "
            f"{pct(app.latency, 99) / pct(push.latency, 99):>7.1f}x"
        )
    print()
    for r in rounds:
        per_message = r.app.server_cpu / max(1, len(r.app.latency)) * 1000
        print(
            f"N={r.n}: {r.n} sockets open + hello in {r.connect_s:.1f} s; {args.messages} "
            f"messages in {r.app.wall:.1f} s ({args.messages / r.app.wall:.0f}/s); daphne CPU "
            f"{per_message:.1f} ms per message ({r.app.server_cpu / r.app.wall:.0%} of a core); "
            f"harness {r.app.harness_cpu / r.app.wall:.0%} of a core; other processes "
            f"{max(0.0, r.app.others_cpu) / r.app.wall:.0%} of a core"
        )
        for name, run in (("app", r.app), ("echo", r.echo), ("push", r.push)):
            if run.failures:
                print(f"  {name}: {len(run.failures)} FAILED, e.g. {run.failures[0]}")
    for r in rounds:
        profile = r.app.profile
        if not profile or not profile["busy"]:
            continue
        print(
            f"\nN={r.n}, where daphne's busy threads were ({profile['busy']} busy samples of "
            f"{profile['samples']}; inclusive shares, they overlap):"
        )
        for label, where in PROFILE_PARTS:
            count = sum(v for k, v in profile["stacks"].items() if k.endswith(where))
            print(f"  {100 * count / profile['busy']:5.1f}%  {label}")
        window = profile["gc"]
        full = [ms for gen, ms in window if gen == 2]
        print(
            f"  garbage collections while measuring: {len(window)}, "
            f"{sum(ms for _, ms in window):.0f} ms in all; full (gen 2): {len(full)}"
            + (f", longest {max(full):.0f} ms" if full else "")
        )
        long = profile["pauses"]
        print(
            f"  collections over 20 ms since daphne started: {len(long)}"
            + (f" (gen 2: {', '.join(f'{ms:.0f}' for g, ms in long if g == 2)} ms)" if long else "")
        )
    if work:
        print(
            f"In-process (no daphne): POST view {work['post_ms']:.1f} ms, "
            f"{work['post_queries']} queries; one frame (query + render_event) "
            f"{work['render_ms']:.1f} ms, {work['render_queries']} queries; "
            f"new SQLite connection {work['connect_ms']:.2f} ms"
        )
    print()
    target_rounds = [r for r in rounds if r.n >= TARGET_AT]
    if target_rounds:
        r = target_rounds[0]
        p99 = pct(r.app.latency, 99)
        holds = p99 < TARGET_P99_MS and not r.app.failures
        verdict = "HOLDS" if holds else "MISSED"
        print(
            f"Target p99 < {TARGET_P99_MS:.0f} ms at 1,000 connections on one daphne process: "
            f"{verdict} (p99 {ms(p99)} ms at N={r.n})"
        )
    else:
        print(f"Target p99 < {TARGET_P99_MS:.0f} ms at 1,000 connections: not measured (N<1000)")
    for r in rounds:
        ratio = pct(r.app.latency, 99) / pct(r.echo.latency, 99)
        verdict = "HOLDS" if ratio <= TARGET_FLOOR_RATIO else "MISSED"
        print(
            f"Target within {TARGET_FLOOR_RATIO:.0f}x the bare floor (p99 / echo p99) at "
            f"N={r.n}: {verdict} ({ratio:.0f}x)"
        )
    return not any(r.app.failures or r.echo.failures or r.push.failures for r in rounds)


# Main.


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--clients",
        type=int,
        nargs="*",
        default=[100, 1000],
        metavar="N",
        help="latency rounds (none: skip them)",
    )
    parser.add_argument(
        "--burst",
        action="store_true",
        help="the issue-13 burst: --rate messages/s (40) for --burst-seconds (20) from "
        "--follow clients to one ombud page following them; lost frames, frames/s, POST p99",
    )
    parser.add_argument("--follow", type=int, default=15, help="contacts of the burst's ombud")
    parser.add_argument(
        "--grace", type=float, default=15, help="seconds to wait for late frames after the burst"
    )
    parser.add_argument("--messages", type=int, default=200, help="measured messages per N")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured messages first")
    parser.add_argument("--concurrency", type=int, default=1, help="POSTs in flight (1-10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--time-limit", type=float, default=300, help="seconds for all the socket work"
    )
    parser.add_argument(
        "--sqlite-wal",
        action="store_true",
        help="diagnosis: put the benchmark's database file in WAL mode (the app's default is "
        "SQLite's rollback journal); changes no code",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="diagnosis: run daphne under a stack sampler and print where its time went "
        "(the sampler slows daphne: take latencies from a run without it)",
    )
    parser.add_argument(
        "--keep-debug", action="store_true", help="run daphne with DEBUG on (default: off)"
    )
    prod = parser.add_argument_group(
        "the production profile (--prod; benchmarks/realtime_prod.py says what it measures)"
    )
    prod.add_argument(
        "--prod",
        action="store_true",
        help="through scripts/prod.sh: daphnes behind nginx (TLS) with Redis and PostgreSQL",
    )
    prod.add_argument("--sockets", type=int, default=5000, help="client sockets (--prod)")
    prod.add_argument(
        "--storm",
        type=int,
        nargs="*",
        default=None,
        help="sockets opened at once: --prod one N (2000); else each N in turn, no retry",
    )
    prod.add_argument(
        "--burst-seconds", type=float, default=None, help="how long messages are sent (600; 20)"
    )
    prod.add_argument("--rate", type=float, default=None, help="messages a second (10; 40)")
    prod.add_argument("--daphnes", type=int, default=2, help="daphne processes (--prod)")
    args = parser.parse_args(argv)
    args.storms, args.burst_result = [], None
    if args.prod:
        args.storm = (args.storm or [2000])[0]
        args.burst_seconds = 600 if args.burst_seconds is None else args.burst_seconds
        args.rate = 10 if args.rate is None else args.rate
        if not 1 <= args.storm <= args.sockets <= 10000:
            parser.error("--prod: 1 <= --storm <= --sockets <= 10000")
        if not (0 < args.rate <= 200 and args.burst_seconds > 0 and 1 <= args.daphnes <= 8):
            parser.error("--prod: --rate in (0, 200], --burst-seconds > 0, --daphnes 1-8")
        return args
    args.burst_seconds = 20 if args.burst_seconds is None else args.burst_seconds
    args.rate = 40 if args.rate is None else args.rate
    if not all(1 <= n <= 5000 for n in args.clients + (args.storm or [])):
        parser.error("--clients, --storm: each N between 1 and 5000")
    if not (0 < args.rate <= 200 and args.burst_seconds > 0 and 1 <= args.follow <= 200):
        parser.error("--burst: --rate in (0, 200], --burst-seconds > 0, --follow 1-200")
    if not 1 <= args.messages <= 2000:
        parser.error("--messages: between 1 and 2000")
    if not 0 <= args.warmup <= 200:
        parser.error("--warmup: between 0 and 200")
    if not 1 <= args.concurrency <= 10:
        parser.error("--concurrency: between 1 and 10")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.prod:
        import realtime_prod  # benchmarks/realtime_prod.py, beside this script

        return realtime_prod.main(args, sys.argv[1:] if argv is None else argv)
    most = max(args.clients + (args.storm or []) + [1])
    files = raise_open_files_limit()
    if files < 2 * most + 200:
        print(f"Open-files limit {files} is too low for {most} sockets.", file=sys.stderr)
        return 1
    folder = Path(tempfile.mkdtemp(prefix="brobyggare-bench-"))
    daphne = echo = None
    daphne_log, echo_log = folder / "daphne.log", folder / "echo.log"
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        {
            "SQLITE_PATH": str(folder / "bench.sqlite3"),
            "PRIVATE_MEDIA_ROOT": str(folder / "private"),
            "DEBUG": "true" if args.keep_debug else "false",
            "SECRET_KEY": "benchmark-" + secrets.token_urlsafe(40),
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
        }
    )
    # Django accepts a 32-character secret as both the cookie and the form's token.
    csrf = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(32))
    started = time.monotonic()
    try:
        print(f"Migrating a fresh SQLite database in {folder} ...", flush=True)
        manage(env, "migrate", "--noinput", "-v", "0", timeout=SETUP_TIMEOUT)
        if args.sqlite_wal:
            with sqlite3.connect(env["SQLITE_PATH"]) as db:
                db.execute("PRAGMA journal_mode=WAL")
        setup_django(env)
        t = time.monotonic()
        ombud, clients = create_people(most)
        print(f"Created 1 ombud and {most} client contacts in {time.monotonic() - t:.1f} s")
        if args.burst:
            args.follow_ombud, args.follow_clients = create_people(args.follow, "burst-ombud")

        port = free_port()
        args.profile_path = folder / "profile.json"
        if args.profile:
            launcher = [PYTHON, "-c", DAPHNE_SAMPLER, str(args.profile_path)]
        else:
            launcher = [PYTHON, "-m", "daphne"]
        args.daphne_flags = daphne_flags(port)
        with open(daphne_log, "wb") as log:
            daphne = subprocess.Popen(
                launcher + args.daphne_flags + ["portal.asgi:application"],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_server_preexec,
            )
        wait_for_healthz(port, daphne, daphne_log)
        print(f"daphne (pid {daphne.pid}) answers on 127.0.0.1:{port}")

        port_file = folder / "echo.port"
        with open(echo_log, "wb") as log:
            echo = subprocess.Popen(
                [PYTHON, "-c", ECHO_SERVER, str(port_file)],
                cwd=folder,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_server_preexec,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while not port_file.exists():
            if echo.poll() is not None or time.monotonic() > deadline:
                raise SetupError(f"the echo server did not start:\n{log_tail(echo_log)}")
            time.sleep(0.05)
        echo_port = int(port_file.read_text())
        print(f"echo server (pid {echo.pid}) answers on 127.0.0.1:{echo_port}")

        rounds = asyncio.run(
            asyncio.wait_for(
                benchmark(args, (port, daphne.pid), (echo_port, echo.pid), ombud, clients, csrf),
                args.time_limit,
            )
        )
        if daphne.poll() is not None:
            raise SetupError(f"daphne died during the run:\n{log_tail(daphne_log)}")
        work = server_work(ombud, clients[0], csrf)
        complete = report(rounds, args, work)
        print(f"\nTotal run time {time.monotonic() - started:.0f} s.")
        return 0 if complete else 1
    except TimeoutError:
        print(f"\nBenchmark failed: over the time limit ({args.time_limit:.0f} s)", file=sys.stderr)
        return 1
    except (SetupError, subprocess.TimeoutExpired, OSError) as error:
        print(f"\nBenchmark failed: {error}", file=sys.stderr)
        if daphne is not None:
            print(f"daphne log tail:\n{log_tail(daphne_log)}", file=sys.stderr)
        return 1
    finally:
        stop(daphne)
        stop(echo)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
