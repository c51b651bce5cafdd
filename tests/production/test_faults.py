"""Faults in the production profile, under load, and nothing lost.

The profile runs as `make prod` starts it (tests/production/conftest.py `profile`:
PostgreSQL, Redis, two daphnes, the job worker, nginx with TLS). Three clients and two
ombud write to each other and follow their conversations live over WebSockets through
nginx (tests/production/live_load.py). Then one part fails: a daphne is killed or stopped
for a release, Redis or PostgreSQL restarts, the media disk fills up. Each test prints and
asserts the counts: messages sent (taken by the server), delivered to the other party's
page, lost (0), duplicated (0), and how many the database holds (each once).

The load is small on purpose (tens of messages, seconds): the machine is shared. The long
runs are in benchmarks/realtime.py --prod.
"""

import errno
import io
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from PIL import Image

from tests.production.conftest import Profile
from tests.production.live_load import Conversation, Load, Page, multipart, person
from tests.production.test_production_profile import Response, Visitor

MESSAGES = 24  # at least, in each test: tens, not thousands (the machine is shared)
NGINX_FAIL_TIMEOUT = 2  # scripts/prod.py: max_fails=3 fail_timeout=2s

# (client username, their ombud)
CLIENTS = [("maja", "anna"), ("demo-klient-2", "anna"), ("demo-klient-8", "johan")]


@pytest.fixture(scope="module")
def visitors(profile: Profile) -> dict[str, Visitor]:
    """Everyone signed in once (a staff TOTP code works once per 30 s)."""
    names = {name for pair in CLIENTS for name in pair}
    return {name: person(profile, name) for name in sorted(names)}


@pytest.fixture
def conversations(profile, visitors) -> list[Conversation]:
    """Each client's conversation, open on the client's phone and on the ombud's."""
    opened: list[Page] = []
    result = []
    try:
        for client, ombud in CLIENTS:
            client_page = Page(profile, visitors[client], "/meddelanden/", client)
            opened.append(client_page)
            contact = client_page.contact
            ombud_page = Page(
                profile,
                visitors[ombud],
                f"/ombud/klient/{contact}/meddelanden/",
                f"{ombud}-{client}",
            )
            opened.append(ombud_page)
            result.append(
                Conversation(contact, visitors[ombud], visitors[client], ombud_page, client_page)
            )
        yield result
    finally:
        for page in opened:
            page.stop()


def all_up(profile: Profile) -> bool:
    return all(s["state"] == "up" for s in profile.state()["services"].values())


def healthz(profile: Profile) -> int:
    return Visitor(tls=profile.tls).request(profile.url, "GET", "/healthz").status


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.2)


# The close codes after which htmx's WebSocket extension (2.0.4) opens a new socket; any
# other closes the page's socket for good (static/vendor/htmx-ext-ws-2.0.4.min.js).
RECONNECTING = {None, 1006, 1011, 1012, 1013}  # None: no close frame, seen as 1006


def assert_reconnecting_closes(conversations: list[Conversation]) -> None:
    """Every socket that closed did so in a way the real page reconnects after."""
    for conversation in conversations:
        for page in (conversation.ombud_page, conversation.client_page):
            assert set(page.closes) <= RECONNECTING, (page.name, page.closes)


def assert_no_socket_closed(conversations: list[Conversation]) -> None:
    """Nothing in this fault gives a live socket a reason to close."""
    for conversation in conversations:
        for page in (conversation.ombud_page, conversation.client_page):
            assert (page.opened, page.closes) == (1, []), page.name


def assert_nothing_lost(counts: dict[str, int]) -> None:
    assert counts["sent"] >= MESSAGES, counts
    assert counts["not_taken"] == 0, counts
    assert counts["lost"] == 0, counts
    assert counts["duplicated"] == 0 and counts["events_repeated"] == 0, counts
    assert counts["stored"] == counts["sent"] and counts["stored_twice"] == 0, counts


def test_a_killed_daphne_its_sockets_reconnect_to_the_other_and_catch_up(profile, conversations):
    victim = "daphne-1"
    with Load(profile, conversations) as load:
        time.sleep(2)
        os.kill(profile.pid(victim), signal.SIGKILL)
        time.sleep(4)  # the supervisor starts it again only after 8 s
        survivors = profile.state()["services"]
        assert survivors[victim]["state"] == "down", survivors
        load.until_taken(MESSAGES)
    load.wait_for_delivery()
    counts = load.report("daphne-1 killed (SIGKILL)")

    assert_nothing_lost(counts)
    # Its sockets closed and opened again, through nginx, on the daphne that was left.
    assert counts["reconnects"] >= 1, counts
    assert_reconnecting_closes(conversations)
    wait_until(lambda: profile.state()["services"][victim]["state"] == "up", 30, "restarted")
    assert profile.state()["services"][victim]["restarts"] >= 1


def test_a_daphne_stopped_for_a_release_nginx_skips_it_and_its_sockets_move(
    profile, conversations, visitors
):
    """A release restarts the daphnes one at a time (SIGTERM). Meanwhile every request
    still answers (nginx tries the other: passive health check, next upstream), and the
    stopped daphne's sockets open again on the other one and catch up."""
    wait_until(lambda: all_up(profile), 30, "every service up")
    time.sleep(NGINX_FAIL_TIMEOUT + 0.5)  # nginx tries a daphne that failed before again
    with Load(profile, conversations) as load:
        time.sleep(1)
        profile.prod("stop", "daphne-2")
        statuses = [healthz(profile) for _ in range(10)]
        plans = [
            visitors["maja"].request(profile.url, "GET", "/min-plan/").status for _ in range(10)
        ]
        load.until_taken(MESSAGES)
        profile.prod("start", "daphne-2")
    load.wait_for_delivery()
    counts = load.report("daphne-2 stopped (SIGTERM) and started again")

    assert statuses == [200] * 10 and plans == [200] * 10
    assert_nothing_lost(counts)
    assert counts["reconnects"] >= 1, counts
    assert_reconnecting_closes(conversations)


def test_redis_restarts_live_delivery_resumes_and_the_gap_is_caught_up(profile, conversations):
    with Load(profile, conversations) as load:
        time.sleep(2)
        profile.prod("stop", "redis")
        # Messages are still taken (they are in PostgreSQL); their live events cannot travel.
        time.sleep(3)
        assert healthz(profile) == 503
        profile.prod("start", "redis")
        time.sleep(2)
        load.until_taken(MESSAGES)
    load.wait_for_delivery()
    counts = load.report("Redis restarted")

    assert_nothing_lost(counts)
    assert_reconnecting_closes(conversations)
    assert healthz(profile) == 200


def test_postgres_restarts_calm_503_meanwhile_and_the_outbox_applies_once_after(
    profile, conversations, visitors
):
    maja = visitors["maja"]
    contact = conversations[0].contact  # Maja's, followed by Anna's page
    marker = uuid.uuid4().hex[:8]
    items = [
        {
            "id": str(uuid.uuid4()),
            "kind": "message",
            "contact": contact,
            "text": f"Ute {marker} {n}",
        }
        for n in range(3)
    ]

    def send_outbox() -> Response:
        return maja.request(
            profile.url,
            "POST",
            "/api/outbox",
            body=json.dumps({"items": items}).encode(),
            headers={
                "Content-Type": "application/json",
                "X-CSRFToken": maja.csrf,
                "X-Background": "1",
            },
        )

    with Load(profile, conversations) as load:
        time.sleep(2)
        profile.prod("stop", "postgres")
        health = Visitor(tls=profile.tls).request(profile.url, "GET", "/healthz")
        page = maja.request(profile.url, "GET", "/min-plan/")
        during = send_outbox()
        time.sleep(2)
        profile.prod("start", "postgres")
        wait_until(lambda: healthz(profile) == 200, 30, "/healthz answers 200 again")
        after = send_outbox()
        again = send_outbox()
        load.until_taken(MESSAGES)
    load.wait_for_delivery()
    counts = load.report("PostgreSQL restarted")

    # Meanwhile: calm 503s, in Swedish for a page, JSON for the API, both with Retry-After.
    assert health.status == 503 and json.loads(health.body)["database"] == "fail"
    assert page.status == 503 and page.headers["Retry-After"] == "10"
    assert page.headers["Content-Type"].startswith("text/html")
    assert "Vi är strax tillbaka" in page.body
    assert during.status == 503 and during.headers["Retry-After"] == "10"
    assert json.loads(during.body)["detail"].startswith("Det går inte att nå uppgifterna")
    # The phone kept its items (outbox.js keeps them on any answer but 2xx) and sent them
    # again: applied once, and a retry after that changes nothing.
    ids = [item["id"] for item in items]
    assert after.status == 200 and json.loads(after.body)["applied"] == ids
    assert again.status == 200 and json.loads(again.body)["applied"] == ids
    stored = stored_messages(profile, f"Ute {marker} %")
    assert sorted(stored) == sorted(ids), stored
    anna_page = conversations[0].ombud_page
    with anna_page.lock:
        assert [anna_page.bubbles[i] for i in ids] == [1, 1, 1]
    print(
        f"  outbox: 3 items; during the outage {during.status}, after {after.status} "
        f"(applied {len(json.loads(after.body)['applied'])}), a retry {again.status}; "
        f"stored {len(stored)}, each once; on Anna's page once each"
    )
    # Messages written meanwhile waited on the phones and arrived once. A socket that needed
    # the database meanwhile (a frame to read) was closed, and reconnected as pages do.
    assert_nothing_lost(counts)
    assert_reconnecting_closes(conversations)
    assert counts["retried"] >= 1, counts
    # The job worker stops on the lost connection; the supervisor starts it again.
    wait_until(lambda: profile.state()["services"]["worker"]["state"] == "up", 30, "worker up")
    print(
        f"  the job worker was started again {profile.state()['services']['worker']['restarts']}"
        " times"
    )


def stored_messages(profile: Profile, pattern: str) -> list[str]:
    import psycopg

    with psycopg.connect(profile.database_url) as connection:
        rows = connection.execute(
            "SELECT client_uuid::text FROM portal_message WHERE text LIKE %s", [pattern]
        ).fetchall()
    return [row[0] for row in rows]


def photo(colour: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(out, "JPEG")
    return out.getvalue()


def post_photo(profile: Profile, client: Visitor, text: str, image: bytes | None = None):
    """The client sends a message with a photo from the conversation page (no htmx)."""
    body, content_type = multipart(
        {
            "text": text,
            "client_uuid": str(uuid.uuid4()),
            "csrfmiddlewaretoken": client.csrf,
        },
        [("file", "foto.jpg", "image/jpeg", image or photo())],
    )
    return client.request(
        profile.url, "POST", "/meddelanden/", body=body, headers={"Content-Type": content_type}
    )


@pytest.fixture
def small_media_disk(profile):
    """PRIVATE_MEDIA_ROOT on a real filesystem of its own, 1 MiB (tmpfs), mounted over
    the profile's media folder and unmounted afterwards; what was written on it is copied
    back, so the rows that point at those files keep them. Needs root (mount); without it
    the test fails and says so: it is never skipped."""
    media = profile.media
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "brobyggare-test-media", str(media)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.fail(
            "The full-disk test mounts a 1 MiB tmpfs over the media folder and needs root "
            f"for it (mount said: {mounted.stderr.strip() or mounted.returncode})."
        )
    saved = Path(tempfile.mkdtemp(prefix="brobyggare-media-"))
    try:
        yield media
    finally:
        for path in media.iterdir():
            if path.name != FILLER:
                target = saved / path.name
                if path.is_dir():
                    shutil.copytree(path, target)
                else:
                    shutil.copy2(path, target)
        subprocess.run(["umount", str(media)], check=True)
        shutil.copytree(saved, media, dirs_exist_ok=True)
        shutil.rmtree(saved, ignore_errors=True)


FILLER = "filler"
NOT_SAVED = "Det gick inte att spara filen just nu."


def fill(folder: Path) -> int:
    """Write one file until the filesystem says it is full (ENOSPC); its size."""
    written = 0
    with open(folder / FILLER, "wb") as filler:
        try:
            while True:
                written += filler.write(b"\0" * 65536)
                filler.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC, error
    return written


def test_a_full_media_disk_refuses_uploads_in_swedish_and_nothing_else_breaks(
    profile, conversations, small_media_disk, visitors
):
    maja = visitors["maja"]
    contact = conversations[0].contact
    filled = fill(small_media_disk)
    assert shutil.disk_usage(small_media_disk).free == 0
    marker = uuid.uuid4().hex[:8]

    with Load(profile, conversations) as load:
        time.sleep(1)
        refused = post_photo(profile, maja, f"Foto {marker} när disken är full")
        body, content_type = multipart(
            {"csrfmiddlewaretoken": maja.csrf},
            [("pages", "brev.jpg", "image/jpeg", photo("white"))],
        )
        letter = maja.request(
            profile.url,
            "POST",
            "/min-plan/brev/",
            body=body,
            headers={"Content-Type": content_type},
        )
        body, content_type = multipart({}, [("pages", "brev.jpg", "image/jpeg", photo("white"))])
        letter_api = maja.request(
            profile.url,
            "POST",
            f"/api/contacts/{contact}/letters",
            body=body,
            headers={"Content-Type": content_type, "X-CSRFToken": maja.csrf},
        )
        pages = [maja.request(profile.url, "GET", path).status for path in PAGES]
        load.until_taken(MESSAGES)
    load.wait_for_delivery()
    counts = load.report("the media disk full")
    left_on_disk = sorted(
        str(p.relative_to(small_media_disk)) for p in small_media_disk.rglob("*") if p.is_file()
    )

    # Uploads are refused, plainly, with the text kept; nothing half-written stays behind.
    assert refused.status == 422, refused.body[:300]
    assert (
        NOT_SAVED in refused.body and f"Foto {marker} när disken är full</textarea>" in refused.body
    )
    assert letter.status == 422 and NOT_SAVED in letter.body
    assert letter_api.status == 507 and NOT_SAVED in json.loads(letter_api.body)["detail"]
    assert left_on_disk == [FILLER]
    assert stored_messages(profile, f"Foto {marker} %") == []
    # Everything else goes on: pages load, messages without files come and go.
    assert pages == [200] * len(PAGES)
    assert_nothing_lost(counts)
    assert_no_socket_closed(conversations)
    print(
        f"  disk: {filled} bytes of filler; photo {refused.status}, letter page "
        f"{letter.status}, letter API {letter_api.status}; pages {pages}; left on the disk: "
        f"{left_on_disk}"
    )

    # Space again: the same upload is kept, and served byte for byte.
    (small_media_disk / FILLER).unlink()
    kept = post_photo(profile, maja, f"Foto {marker} med plats igen")
    assert kept.status == 302, kept.body[:300]
    attachment_id, name = attachment_of(profile, f"Foto {marker} med plats igen")
    served = maja.request(profile.url, "GET", f"/bilaga/{attachment_id}/")
    assert served.status == 200
    assert served.content == (small_media_disk / name).read_bytes()


PAGES = ["/min-plan/", "/meddelanden/", "/traffar/", "/mer/"]


def attachment_of(profile: Profile, text: str) -> tuple[int, str]:
    import psycopg

    with psycopg.connect(profile.database_url) as connection:
        row = connection.execute(
            "SELECT a.id, a.file FROM portal_attachment a "
            "JOIN portal_message m ON m.id = a.message_id WHERE m.text = %s",
            [text],
        ).fetchone()
    assert row is not None, f"no attachment for {text!r}"
    return row[0], row[1]
