"""A few people using the production profile at once, through nginx, for the fault tests.

Clients and ombud send each other messages, and each has the conversation open on a page
that follows it live. A page here plays what static/js/live.js (on htmx's WebSocket
extension) does: it opens wss://…/ws/ with the session cookie and Origin, says
{"type": "hello", "since": {contact: seq}, "parts": [...]} with the numbers the page shows,
reads each frame's new number (#seq-N data-seq) and bubbles (data-uuid), and when the socket
closes (except 4401/4403: signed out) it opens a new one after a short pause and says hello
with the numbers it has, as htmx's extension reconnects.

A sender retries a message that did not get through (a 502 from nginx, a 503 while the
database is away, a dropped connection) with the same client_uuid, as the phone's outbox
does, until the server takes it. Everything is counted: `Load.counts()` says how many
messages were taken, how many reached the other party's page, how many were lost and how
many arrived twice (by message and by event number), and the database is asked how many
of each message it holds.
"""

import json
import re
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
from websockets.sync.client import connect

from tests.production.conftest import Profile
from tests.production.test_production_profile import DEMO_PASSWORD, Visitor

# static/js/live.js PARTS: the containers a page may have.
PARTS = [
    "assignment-list",
    "meeting-list",
    "comment-list",
    "change-list",
    "next",
    "phase",
    "message-list",
    "consent-list",
    "letter-list",
]
SEQ = re.compile(r'id="seq-(\d+)" data-contact="\d+" data-seq="(\d+)"')
BUBBLE = re.compile(r'<li id="msg-\d+" data-uuid="([0-9a-f-]{36})"')
SIGNED_OUT = (4401, 4403)
RETRY_STATUSES = (502, 503, 504)


def person(profile: Profile, username: str) -> Visitor:
    """A signed-in visitor of the profile's nginx (staff through the TOTP step)."""
    visitor = Visitor(tls=profile.tls)
    visitor.database_url = profile.database_url  # type: ignore[misc]  # instance, not class
    visitor.log_in(profile.url, username, DEMO_PASSWORD)
    return visitor


class Page:
    """One open page following its contact live, reconnecting like live.js."""

    def __init__(self, profile: Profile, visitor: Visitor, path: str, name: str):
        self.profile, self.visitor, self.path, self.name = profile, visitor, path, name
        page = visitor.request(profile.url, "GET", path)
        assert page.status == 200, f"{name}: GET {path} answered {page.status}"
        self.since = {int(c): int(s) for c, s in SEQ.findall(page.body)}
        assert self.since, f"{name}: no #sync numbers on {path}"
        self.contact = next(iter(self.since))
        self.parts = [part for part in PARTS if f'id="{part}"' in page.body]
        self.lock = threading.Lock()
        self.seqs: Counter[tuple[int, int]] = Counter()  # (contact, seq) -> times received
        self.bubbles: Counter[str] = Counter()  # client_uuid -> times appended
        self.opened = 0  # sockets opened (1 + reconnects)
        self.closes: list[int | None] = []  # close codes seen (None: no close frame)
        self.failed_opens = 0  # tries that did not get a socket (e.g. Redis away)
        self.open_now = threading.Event()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"page-{name}", daemon=True)
        self.thread.start()
        assert self.open_now.wait(20), f"{name}: the socket did not open"

    def _run(self) -> None:
        url = urlsplit(self.profile.url)
        cookie = "; ".join(f"{k}={v}" for k, v in self.visitor.cookies.items())
        pause = 0.2
        while not self.stopping.is_set():
            try:
                with connect(
                    f"wss://{url.hostname}:{url.port}/ws/",
                    ssl=self.profile.tls,
                    origin=self.profile.url,
                    additional_headers={"Cookie": cookie},
                    open_timeout=10,
                    close_timeout=2,
                ) as socket:
                    with self.lock:
                        self.opened += 1
                        since = {str(c): s for c, s in self.since.items()}
                    socket.send(json.dumps({"type": "hello", "since": since, "parts": self.parts}))
                    self.open_now.set()
                    pause = 0.2
                    while not self.stopping.is_set():
                        try:
                            frame = socket.recv(timeout=0.5)
                        except TimeoutError:
                            continue
                        self._read(str(frame))
                    return
            except ConnectionClosed as closed:
                code = closed.rcvd.code if closed.rcvd is not None else None
                with self.lock:
                    self.closes.append(code)
                if code in SIGNED_OUT:
                    return
            except (InvalidStatus, InvalidHandshake, OSError, TimeoutError):
                with self.lock:
                    self.failed_opens += 1
            # htmx's extension waits a little (with jitter) and tries again.
            self.open_now.clear()
            self.stopping.wait(pause)
            pause = min(pause * 2, 2.0)

    def _read(self, frame: str) -> None:
        with self.lock:
            for contact, seq in SEQ.findall(frame):
                key = (int(contact), int(seq))
                self.seqs[key] += 1
                self.since[key[0]] = max(self.since.get(key[0], 0), key[1])
            for client_uuid in BUBBLE.findall(frame):
                self.bubbles[client_uuid] += 1

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=10)


@dataclass
class Conversation:
    """One contact: who writes on each side, and each side's open page."""

    contact: int
    ombud: Visitor
    client: Visitor
    ombud_page: Page
    client_page: Page

    def sender(self, side: str) -> tuple[Visitor, str, Page]:
        """(who sends, where they post, the other party's page)."""
        if side == "ombud":
            return self.ombud, f"/ombud/klient/{self.contact}/meddelanden/", self.client_page
        return self.client, "/meddelanden/", self.ombud_page


@dataclass
class Sent:
    client_uuid: str
    text: str
    receiver: Page
    tries: int = 0
    taken: bool = False


@dataclass
class Load:
    """Messages back and forth in every conversation, one every `interval` seconds."""

    profile: Profile
    conversations: list[Conversation]
    interval: float = 0.15
    marker: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    sent: list[Sent] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)  # answers to every try
    slowest: float = 0.0  # seconds, the slowest try
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> "Load":
        self._thread = threading.Thread(target=self._send_all, name="load", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop_sending()

    def stop_sending(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=120)

    def _send_all(self) -> None:
        number = 0
        while not self._stop.is_set():
            conversation = self.conversations[number % len(self.conversations)]
            side = "ombud" if (number // len(self.conversations)) % 2 == 0 else "client"
            visitor, path, receiver = conversation.sender(side)
            message = Sent(str(uuid.uuid4()), f"Last {self.marker} nr {number}", receiver)
            self.sent.append(message)
            self._deliver(visitor, path, message)
            number += 1
            self._stop.wait(self.interval)

    def _deliver(self, visitor: Visitor, path: str, message: Sent) -> None:
        """Until the server takes it, as the phone would: the same client_uuid each time."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            message.tries += 1
            began = time.monotonic()
            try:
                answer = visitor.post(
                    self.profile.url,
                    path,
                    {"text": message.text, "client_uuid": message.client_uuid},
                )
                status = str(answer.status)
            except OSError as error:
                status = type(error).__name__
            self.statuses[status] += 1
            self.slowest = max(self.slowest, time.monotonic() - began)
            if status == "302":
                message.taken = True
                return
            if status.isdigit() and int(status) not in RETRY_STATUSES:
                return  # refused for good: counted as not taken (the tests expect none)
            time.sleep(0.3)

    def until_taken(self, count: int, timeout: float = 60) -> None:
        """Keep sending until the server has taken at least `count` messages."""
        deadline = time.monotonic() + timeout
        while sum(m.taken for m in self.sent) < count and time.monotonic() < deadline:
            time.sleep(0.1)

    def wait_for_delivery(self, timeout: float = 30) -> None:
        """Until every message the server took is on the other party's page (or time out)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._missing():
            time.sleep(0.2)

    def _missing(self) -> list[Sent]:
        missing = []
        for message in self.sent:
            if message.taken:
                with message.receiver.lock:
                    if not message.receiver.bubbles[message.client_uuid]:
                        missing.append(message)
        return missing

    def counts(self) -> dict[str, int]:
        taken = [m for m in self.sent if m.taken]
        delivered = duplicated = 0
        for message in taken:
            with message.receiver.lock:
                times = message.receiver.bubbles[message.client_uuid]
            delivered += times > 0
            duplicated += max(0, times - 1)
        pages = {id(p): p for c in self.conversations for p in (c.ombud_page, c.client_page)}
        repeated = 0
        for page in pages.values():
            with page.lock:
                repeated += sum(n - 1 for n in page.seqs.values() if n > 1)
        stored = self._stored()
        return {
            "sent": len(taken),
            "delivered": delivered,
            "lost": len(taken) - delivered,
            "duplicated": duplicated,
            "events_repeated": repeated,
            "stored": sum(stored.values()),
            "stored_twice": sum(1 for n in stored.values() if n > 1),
            "not_taken": len(self.sent) - len(taken),
            "retried": sum(m.tries - 1 for m in self.sent),
            "reconnects": sum(max(0, p.opened - 1) for p in pages.values()),
        }

    def _stored(self) -> Counter[str]:
        import psycopg

        with psycopg.connect(self.profile.database_url) as connection:
            rows = connection.execute(
                "SELECT client_uuid::text FROM portal_message WHERE text LIKE %s",
                [f"Last {self.marker} %"],
            ).fetchall()
        return Counter(row[0] for row in rows)

    def report(self, title: str) -> dict[str, int]:
        """Print the counts (pytest -s shows them; a failure shows them too)."""
        counts = self.counts()
        print(f"\n{title}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        print(
            f"  answers to the senders' tries: {dict(self.statuses)}; the slowest took "
            f"{self.slowest:.2f} s"
        )
        for conversation in self.conversations:
            for page in (conversation.ombud_page, conversation.client_page):
                print(
                    f"  page {page.name}: sockets opened {page.opened}, closes {page.closes}, "
                    f"failed opens {page.failed_opens}"
                )
        return counts


def multipart(
    fields: dict[str, str], files: list[tuple[str, str, str, bytes]]
) -> tuple[bytes, str]:
    """A multipart/form-data body and its Content-Type: `files` as (field, file name,
    content type, bytes)."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, filename, content_type, content in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"
