"""benchmarks/realtime.py --prod: live delivery through the production profile.

    .venv/bin/python benchmarks/realtime.py --prod [--sockets 5000] [--storm 2000]
        [--burst-seconds 600] [--rate 10] [--daphnes 2]

What it starts (and stops at the end, also on failure): the production profile exactly as
`make prod` runs it (scripts/prod.sh, in a temporary folder, on free ports): PostgreSQL,
Redis, --daphnes daphne processes on Unix sockets, the job worker, and nginx with TLS in
front. In this process, Django (against the same PostgreSQL) makes one ombud and --sockets
clients, each with a contact and a signed-in session.

1. Connect storm: --storm client sockets opened at once through nginx (wss://, session
   cookie, Origin), each saying hello with its contact's number; a handshake that fails is
   tried again after a random 0-1 s pause, as htmx's extension does (up to 5 times). Then
   the rest of the --sockets, 200 at a time.
2. Memory per socket: the resident memory of the daphnes (and of nginx and Redis) after
   every socket is open and quiet, minus before, divided by the sockets.
3. Burst: for --burst-seconds, the ombud sends --rate messages a second (open loop: a new
   one every 1/rate s, at most 50 in flight, over keep-alive https connections), each to a
   random client, as htmx posts the message form. Latency = when the client's socket gets
   the frame with the message's marker - just before the POST.
4. CPU per message: the CPU time of every process of the profile (daphnes, nginx, Redis,
   PostgreSQL with its backends, the worker) during the burst, divided by the messages;
   other processes' CPU on the machine is printed beside it.
5. Lost frames, counted by number per contact: each client socket notes every event
   number it receives (#seq-N data-seq); at the end each contact's numbers must be every
   one from its hello's to the contact's last, each once. Lost must be 0.

Exit status: 0 when the run is complete and nothing was lost, 1 otherwise.
"""

import asyncio
import contextlib
import json
import math
import os
import random
import re
import secrets
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from measure import (
    children,
    cpu_seconds,
    machine,
    machine_busy_seconds,
    pct,
    raise_open_files_limit,
    rss_bytes,
)
from people import Person, create_people, last_seqs, setup_django
from servers import BASE_DIR, PYTHON, SetupError, free_port, log_tail
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

SEQ = re.compile(r'id="seq-(\d+)" data-contact="\d+" data-seq="(\d+)"')
MARKER = re.compile(r"mk[0-9a-f]{12}")
HANDSHAKE_TRIES = 5
IN_FLIGHT = 50
POST_CONNECTIONS = 8
SETTLE_LIMIT = 120.0


# The profile.


@dataclass
class Profile:
    folder: Path
    env: dict[str, str]  # scripts/prod.sh's environment
    app: dict[str, str]  # the app's settings (var/prod/env)
    url: str
    port: int
    tls: ssl.SSLContext

    def prod(self, *args: str, timeout: float = 900) -> None:
        result = subprocess.run(
            ["bash", "scripts/prod.sh", *args],
            cwd=BASE_DIR,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise SetupError(
                f"scripts/prod.sh {' '.join(args)}:\n{result.stdout}{result.stderr}\n"
                + log_tail(self.folder / "prod" / "log" / "supervisor.log")
            )

    def pids(self) -> dict[str, list[int]]:
        """Each service's processes: the main one and its children (nginx's workers,
        PostgreSQL's backends)."""
        state = json.loads((self.folder / "prod" / "run" / "state.json").read_text())
        found = {}
        for name, service in state["services"].items():
            if service["pid"]:
                found[name] = [service["pid"], *children(service["pid"])]
        return found


def start_profile(daphnes: int) -> Profile:
    folder = Path(tempfile.mkdtemp(prefix="brobyggare-bench-prod-"))
    folder.chmod(0o711)  # as root: the postgres user and nginx's workers pass through
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        PROD_DIR=str(folder / "prod"),
        PROD_PORT=str(port),
        PROD_PG_PORT=str(free_port()),
        PROD_REDIS_PORT=str(free_port()),
        PROD_DAPHNES=str(daphnes),
        PROD_WATCH_PID=str(os.getpid()),
        PYTHON=PYTHON,
    )
    profile = Profile(folder, env, {}, f"https://localhost:{port}", port, ssl.SSLContext())
    profile.prod("start")
    for line in (folder / "prod" / "env").read_text().splitlines():
        name, _, value = line.partition("=")
        profile.app[name] = value
    profile.tls = ssl.create_default_context(cafile=str(folder / "prod" / "tls" / "cert.pem"))
    return profile


# Client sockets that note event numbers and markers.

HANDSHAKE_FAILURES: Counter[str] = Counter()  # why a handshake had to be tried again


def handshake_failure(error: BaseException) -> str:
    status = getattr(getattr(error, "response", None), "status_code", None)
    return f"HTTP {status}" if status else type(error).__name__


@dataclass
class Client:
    person: Person
    since: int
    ws: ClientConnection | None = None
    seqs: Counter = field(default_factory=Counter)
    pending: dict[str, asyncio.Future] = field(default_factory=dict)
    failed_tries: int = 0
    reader: asyncio.Task | None = None
    closed_with: int | None = None  # the close code, if the socket closed during the run

    async def open(self, profile: Profile, csrf: str) -> None:
        for attempt in range(HANDSHAKE_TRIES):
            try:
                self.ws = await connect(
                    f"wss://localhost:{profile.port}/ws/",
                    ssl=profile.tls,
                    origin=profile.url,
                    additional_headers={
                        "Cookie": f"__Host-sessionid={self.person.session}; __Host-csrftoken={csrf}"
                    },
                    compression=None,
                    proxy=None,
                    ping_interval=None,
                    open_timeout=60,
                    close_timeout=5,
                    max_queue=None,
                )
                break
            except (InvalidHandshake, OSError, TimeoutError) as error:
                self.failed_tries += 1
                HANDSHAKE_FAILURES[handshake_failure(error)] += 1
                if attempt == HANDSHAKE_TRIES - 1:
                    raise
                await asyncio.sleep(random.random() * 2**attempt)
        assert self.ws is not None
        hello = {"type": "hello", "since": {str(self.person.contact_id): self.since}}
        await self.ws.send(json.dumps(hello))
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.ws is not None
        with contextlib.suppress(ConnectionClosed):
            await self._frames()
        self.closed_with = self.ws.close_code

    async def _frames(self) -> None:
        assert self.ws is not None
        async for frame in self.ws:
            arrived = time.perf_counter()
            text = frame if isinstance(frame, str) else frame.decode(errors="replace")
            for contact, seq in SEQ.findall(text):
                if int(contact) == self.person.contact_id:
                    self.seqs[int(seq)] += 1
            for marker in MARKER.findall(text):
                future = self.pending.pop(marker, None)
                if future is not None and not future.done():
                    future.set_result(arrived)

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 10)
        if self.reader is not None:
            self.reader.cancel()


async def open_all(clients: list[Client], profile: Profile, csrf: str, parallel: int | None):
    """Open every client's socket, `parallel` at a time (None: all at once)."""
    limit = asyncio.Semaphore(parallel or len(clients))

    async def one(client: Client) -> None:
        async with limit:
            await client.open(profile, csrf)

    results = await asyncio.gather(*(one(c) for c in clients), return_exceptions=True)
    failed = [r for r in results if isinstance(r, BaseException)]
    if failed:
        raise SetupError(f"{len(failed)} of {len(clients)} sockets did not open: {failed[0]!r}")


# HTTP/1.1 over TLS, kept alive: the ombud's phone posting messages.


class Connection:
    def __init__(self, profile: Profile):
        self.profile = profile
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, headers: dict[str, str], body: bytes) -> int:
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(
                    "127.0.0.1",
                    self.profile.port,
                    ssl=self.profile.tls,
                    server_hostname="localhost",
                )
            assert self.reader is not None
            lines = [f"POST {path} HTTP/1.1", f"Host: localhost:{self.profile.port}"]
            lines += [f"{k}: {v}" for k, v in headers.items()]
            lines.append(f"Content-Length: {len(body)}")
            try:
                self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
                await self.writer.drain()
                return await asyncio.wait_for(self._response(), 30)
            except (OSError, asyncio.IncompleteReadError, ConnectionError):
                self.writer.close()
                self.writer = None  # nginx closed a kept connection: open a new one
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _response(self) -> int:
        assert self.reader is not None
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        if headers.get("connection", "").lower() == "close":
            assert self.writer is not None
            self.writer.close()
            self.writer = None
        return int(status_line.split()[1])


# Measuring.


def cpu_by_service(pids: dict[str, list[int]]) -> dict[str, float]:
    """Each service's CPU seconds: its main process with the children it has reaped, and
    the children alive now (whose own time is not in the main one's yet)."""
    seconds = {}
    for name, (main, *alive) in pids.items():
        parts = [cpu_seconds(main, reaped_children=True), *(cpu_seconds(p) for p in alive)]
        seconds[name] = sum(c for c in parts if not math.isnan(c))
    return seconds


def rss_by_service(pids: dict[str, list[int]]) -> dict[str, int]:
    return {name: sum(rss_bytes(p) for p in group) for name, group in pids.items()}


def group(name: str) -> str:
    return "daphnes" if name.startswith("daphne-") else name


async def settle(pids: list[int], *, idle: float = 0.1, limit: float = SETTLE_LIMIT) -> float:
    """Wait until these processes together use under `idle` of a core; seconds waited."""
    start = time.monotonic()
    await asyncio.sleep(1)
    while time.monotonic() - start < limit:
        before = sum(cpu_seconds(p) for p in pids)
        await asyncio.sleep(1)
        if sum(cpu_seconds(p) for p in pids) - before < idle:
            break
    return time.monotonic() - start


@dataclass
class Burst:
    latency: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    sent: int = 0
    wall: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)
    harness_cpu: float = 0.0
    others_cpu: float = 0.0


async def burst(
    args, profile: Profile, ombud: Person, clients: list[Client], csrf: str, pids
) -> Burst:
    rng = random.Random(args.seed)
    pool: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(POST_CONNECTIONS):
        pool.put_nowait(Connection(profile))
    in_flight = asyncio.Semaphore(IN_FLIGHT)
    headers = {
        "Cookie": f"__Host-sessionid={ombud.session}; __Host-csrftoken={csrf}",
        "Content-Type": "application/x-www-form-urlencoded",
        "HX-Request": "true",
        "Origin": profile.url,
        "Referer": f"{profile.url}/ombud/",
    }
    result = Burst()

    async def one() -> None:
        client = clients[rng.randrange(len(clients))]
        marker = f"mk{secrets.token_hex(6)}"
        arrived = asyncio.get_running_loop().create_future()
        client.pending[marker] = arrived
        body = urlencode(
            {"text": f"Hej {marker}", "client_uuid": str(uuid.uuid4()), "csrfmiddlewaretoken": csrf}
        ).encode()
        path = f"/ombud/klient/{client.person.contact_id}/meddelanden/"
        async with in_flight:
            connection = await pool.get()
            try:
                sent = time.perf_counter()
                status = await connection.post(path, headers, body)
            except Exception as error:  # counted, and the run goes on
                result.failures.append(repr(error))
                client.pending.pop(marker, None)
                return
            finally:
                pool.put_nowait(connection)
        if status != 200:
            result.failures.append(f"POST answered {status}")
            client.pending.pop(marker, None)
            return
        try:
            result.latency.append(await asyncio.wait_for(arrived, 30) - sent)
        except TimeoutError:
            result.failures.append(f"no frame within 30 s for {marker}")
            client.pending.pop(marker, None)

    cpu_before = cpu_by_service(pids)
    own_before, all_before = cpu_seconds(os.getpid()), machine_busy_seconds()
    pids_at_start = pids
    start = time.perf_counter()
    tasks = []
    while time.perf_counter() - start < args.burst_seconds:
        tasks.append(asyncio.create_task(one()))
        result.sent += 1
        await asyncio.sleep(max(0.0, start + result.sent / args.rate - time.perf_counter()))
        if len(tasks) > 1000:
            tasks = [t for t in tasks if not t.done()]
    await asyncio.gather(*tasks)
    result.wall = time.perf_counter() - start
    # Children that ended during the burst are in their parent's reaped time; those born
    # during it are counted whole (their time before the burst is none).
    pids = {name: [group_[0], *children(group_[0])] for name, group_ in pids_at_start.items()}
    cpu_after = cpu_by_service(pids)
    result.cpu = {name: cpu_after[name] - cpu_before.get(name, 0.0) for name in cpu_after}
    result.harness_cpu = cpu_seconds(os.getpid()) - own_before
    result.others_cpu = (
        machine_busy_seconds() - all_before - result.harness_cpu - sum(result.cpu.values())
    )
    return result


# The run.


async def measure_all(args, profile: Profile, ombud: Person, people: list[Person], csrf: str):
    seqs = await asyncio.to_thread(last_seqs, [p.contact_id for p in people])
    clients = [Client(p, seqs[p.contact_id]) for p in people]
    pids = profile.pids()
    daphne_pids = [p for name, group_ in pids.items() if name.startswith("daphne") for p in group_]
    rss_before = rss_by_service(pids)
    figures: dict = {}
    try:
        storm, rest = clients[: args.storm], clients[args.storm :]
        print(f"Connect storm: {len(storm)} sockets at once through nginx ...", flush=True)
        start = time.perf_counter()
        await open_all(storm, profile, csrf, parallel=None)
        figures["storm_s"] = time.perf_counter() - start
        figures["storm_failed_tries"] = sum(c.failed_tries for c in storm)
        figures["storm_settle_s"] = await settle(daphne_pids)
        print(
            f"  open in {figures['storm_s']:.1f} s ({figures['storm_failed_tries']} handshakes "
            f"tried again); hellos done {figures['storm_settle_s']:.1f} s later",
            flush=True,
        )
        if rest:
            print(f"Opening the other {len(rest)} sockets, 200 at a time ...", flush=True)
            start = time.perf_counter()
            await open_all(rest, profile, csrf, parallel=200)
            figures["rest_s"] = time.perf_counter() - start
            figures["rest_failed_tries"] = sum(c.failed_tries for c in rest)
            await settle(daphne_pids)
        pids = profile.pids()  # PostgreSQL's backends and nginx's workers as they are now
        rss_after = rss_by_service(pids)
        figures["rss"] = {
            name: (rss_after.get(name, 0), rss_after.get(name, 0) - rss_before.get(name, 0))
            for name in rss_after
        }
        print(
            f"Burst: {args.rate:g} messages/s for {args.burst_seconds:g} s to random clients ...",
            flush=True,
        )
        figures["burst"] = await burst(args, profile, ombud, clients, csrf, pids)
        await asyncio.sleep(3)  # the last frames
        final = await asyncio.to_thread(last_seqs, [c.person.contact_id for c in clients])
        lost = duplicated = 0
        for client in clients:
            expected = set(range(client.since + 1, final[client.person.contact_id] + 1))
            lost += len(expected - set(client.seqs))
            duplicated += sum(n - 1 for n in client.seqs.values() if n > 1)
        figures["lost_frames"], figures["duplicated_frames"] = lost, duplicated
        figures["events"] = sum(final[c.person.contact_id] - c.since for c in clients)
        early = [c for c in clients if c.reader and c.reader.done()]
        figures["closed_early"] = len(early)
        figures["close_codes"] = dict(Counter(c.closed_with for c in early))
    finally:
        print("Closing the sockets ...", flush=True)
        limit = asyncio.Semaphore(500)

        async def close(client: Client) -> None:
            async with limit:
                await client.close()

        await asyncio.gather(*(close(c) for c in clients))
    return figures


def report(args, figures: dict, started: float, argv: list[str]) -> bool:
    b: Burst = figures["burst"]
    print()
    print(f"Machine: {machine()}")
    print(f"Date: {time.strftime('%Y-%m-%d %H:%M %Z')}")
    print(f"Command: benchmarks/realtime.py {' '.join(argv)}")
    print(
        f"Profile: scripts/prod.sh with {args.daphnes} daphne processes on Unix sockets, nginx "
        "(TLS, HTTP/1.1 to the sockets), Redis, PostgreSQL, the job worker; DEBUG off"
    )
    print()
    print(
        f"Sockets: {args.sockets}; a storm of {args.storm} at once opened in "
        f"{figures['storm_s']:.1f} s ({figures['storm_failed_tries']} handshakes tried again), "
        f"its hellos done {figures['storm_settle_s']:.1f} s later"
        + (f" (tried again after: {dict(HANDSHAKE_FAILURES)})" if HANDSHAKE_FAILURES else "")
        + (
            f"; the other {args.sockets - args.storm} (200 at a time) in "
            f"{figures['rest_s']:.1f} s ({figures['rest_failed_tries']} tried again)"
            if "rest_s" in figures
            else ""
        )
    )
    print("Memory with every socket open (resident; growth since before any socket):")
    for name, (rss, growth) in sorted(figures["rss"].items()):
        # The sockets live in the daphnes, nginx and Redis (group memberships); PostgreSQL
        # and the worker only grew with the work of opening them.
        # (A daphne holds only its share of the sockets: see "daphnes together".)
        per = (
            f"{growth / args.sockets / 1024:6.1f} KiB/socket"
            if name.startswith(("nginx", "redis"))
            else ""
        )
        print(f"  {name:<10} {rss / 2**20:8.1f} MiB  +{growth / 2**20:7.1f} MiB  {per}")
    daphnes = sum(g for n, (_, g) in figures["rss"].items() if n.startswith("daphne"))
    print(f"  daphnes together: {daphnes / args.sockets / 1024:.1f} KiB per socket")
    print()
    delivered = len(b.latency)
    print(
        f"Burst: {b.sent} messages in {b.wall:.0f} s ({b.sent / b.wall:.1f}/s asked "
        f"{args.rate:g}/s); delivered {delivered}, failed {len(b.failures)}"
        + (f", e.g. {b.failures[0]}" if b.failures else "")
    )
    print(
        f"Delivery latency (POST sent -> frame on the client's socket), ms: "
        f"p50 {pct(b.latency, 50):.1f}, p95 {pct(b.latency, 95):.1f}, "
        f"p99 {pct(b.latency, 99):.1f}, max {pct(b.latency, 100):.1f}"
    )
    per = {}
    for name, seconds in b.cpu.items():
        per[group(name)] = per.get(group(name), 0.0) + seconds
    total = sum(per.values())
    print(
        f"CPU per message: {1000 * total / max(1, b.sent):.1f} ms in all ("
        + ", ".join(f"{n} {1000 * s / max(1, b.sent):.1f}" for n, s in sorted(per.items()))
        + f"); the profile used {total / b.wall:.0%} of a core"
    )
    print(
        f"Other processes on the machine used {max(0.0, b.others_cpu) / b.wall:.0%} of a core "
        f"during the burst (the harness {b.harness_cpu / b.wall:.0%})"
    )
    print(
        f"Frames by number: {figures['events']} events for the clients' pages; lost "
        f"{figures['lost_frames']}, duplicated {figures['duplicated_frames']}; sockets closed "
        f"early {figures['closed_early']} (close codes {figures['close_codes']})"
    )
    print(f"\nTotal run time {time.monotonic() - started:.0f} s.")
    return figures["lost_frames"] == 0 and not b.failures and figures["closed_early"] == 0


def print_tracebacks(folder: Path) -> None:
    """The daphnes' tracebacks, before the folder goes: a handshake answered 500 is the
    consumer's `connect` raising (daphne's ws_protocol.handle_exception), and the why is
    only in these logs."""
    for log in sorted(folder.glob("daphne-*.log")):
        text = log.read_text(errors="replace")
        found = text.count("Traceback (most recent call last)")
        if found:
            last = text[text.rindex("Traceback (most recent call last)") :]
            print(f"\n{found} tracebacks in {log.name}; the last:\n{last[-3000:]}")


def main(args, argv: list[str]) -> int:
    started = time.monotonic()
    files = raise_open_files_limit()
    if files < args.sockets + 500:
        print(f"Open-files limit {files} is too low for {args.sockets} sockets.", file=sys.stderr)
        return 1
    profile = None
    csrf = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(32))
    try:
        print("Starting the production profile (scripts/prod.sh start) ...", flush=True)
        profile = start_profile(args.daphnes)
        setup_django(profile.app)
        t = time.monotonic()
        ombud, people = create_people(args.sockets)
        print(f"Created 1 ombud and {args.sockets} clients in {time.monotonic() - t:.0f} s")
        figures = asyncio.run(measure_all(args, profile, ombud, people, csrf))
        if report(args, figures, started, argv):
            return 0
        log = profile.folder / "prod" / "log" / "daphne-1.log"
        print(f"\nNot complete. The end of {log.name}:\n{log_tail(log, 40)}", file=sys.stderr)
        return 1
    except (SetupError, subprocess.TimeoutExpired, OSError) as error:
        print(f"\nBenchmark failed: {error}", file=sys.stderr)
        return 1
    finally:
        if profile is not None:
            with contextlib.suppress(SetupError, subprocess.TimeoutExpired):
                profile.prod("stop")
            print_tracebacks(profile.folder / "prod" / "log")
            shutil.rmtree(profile.folder, ignore_errors=True)
