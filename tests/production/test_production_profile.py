"""The production profile end to end: two daphne processes share PostgreSQL and Redis.

The servers come from tests/production/conftest.py; these tests speak plain HTTP to
the daphnes, run manage.py against PostgreSQL, and use Redis through channels_redis.
"""

import asyncio
import datetime
import http.client
import json
import re
import ssl
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import ClassVar
from urllib.parse import urlencode, urlsplit

import pyotp
import pytest
from channels_redis.core import RedisChannelLayer
from websockets.sync.client import connect

from tests.production.conftest import BASE_DIR, PYTHON, free_port

DEMO_PASSWORD = "demo-losenord-1"  # portal/management/commands/demo.py
DEMO_TOTP_SECRET = "BROBYGGAREDEMOBROBYGGAREDEMO2345"  # portal/queries/demo.py, README


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str
    content: bytes = b""


@dataclass
class Visitor:
    """One person's cookies, sent to whichever daphne they talk to (like a browser
    behind a load balancer: all servers answer on the same site)."""

    cookies: dict[str, str] = field(default_factory=dict)
    # For the staff's TOTP step: demo_data sets it for this module; others give their own.
    database_url: ClassVar[str] = ""
    tls: ssl.SSLContext | None = None  # https (through nginx): the certificate to trust

    def request(
        self,
        base_url: str,
        method: str,
        path: str,
        form: dict | None = None,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """`form` is sent urlencoded; or `body` as it is, with its Content-Type in
        `headers` (JSON, multipart)."""
        url = urlsplit(base_url)
        headers = {"Accept-Language": "sv", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if body is not None:
            headers["Origin"] = base_url
            headers["Referer"] = f"{base_url}{path}"
        connection: http.client.HTTPConnection
        if url.scheme == "https":
            connection = http.client.HTTPSConnection(
                url.hostname, url.port, timeout=10, context=self.tls
            )
        else:
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        text = content.decode("utf-8", errors="replace")
        return Response(response.status, response.headers, text, content)

    @property
    def csrf(self) -> str:
        """The CSRF cookie's value: `__Host-csrftoken` over https with DEBUG off (as the
        production profile behind nginx runs), `csrftoken` over plain http."""
        token = self.cookies.get("__Host-csrftoken") or self.cookies.get("csrftoken")
        assert token, "no csrftoken cookie yet: GET a page with a form first"
        return token

    @property
    def signed_in(self) -> bool:
        return "__Host-sessionid" in self.cookies or "sessionid" in self.cookies

    def post(self, base_url: str, path: str, form: dict) -> Response:
        """A form POST with the CSRF token from this visitor's csrftoken cookie."""
        token = self.csrf
        return self.request(base_url, "POST", path, {"csrfmiddlewaretoken": token, **form})

    def log_in(self, base_url: str, username: str, password: str) -> Response:
        page = self.request(base_url, "GET", "/logga-in/")
        assert page.status == 200, page.body[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        assert token, "no CSRF token in the login form"
        form = {
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": password,
        }
        response = self.request(base_url, "POST", "/logga-in/", form)
        assert response.status == 302, f"login as {username!r} failed: {response.body[:500]}"
        if response.headers["Location"] == "/logga-in/steg-2/":
            # Staff: the second step, with a code from the demo's published TOTP secret.
            code = totp_code(self.database_url, username)
            response = self.post(base_url, "/logga-in/steg-2/", {"otp_token": code})
            assert response.status == 302, f"step two for {username!r}: {response.body[:500]}"
        assert "/logga-in/" not in response.headers["Location"]
        assert self.signed_in
        return response


def totp_code(database_url: str, username: str) -> str:
    """The demo app's code for a time step the server has not seen used (each works once):
    the device's last step and drift are read from PostgreSQL."""
    import psycopg

    app = pyotp.TOTP(DEMO_TOTP_SECRET)
    while True:
        with psycopg.connect(database_url) as connection:
            last_t, drift = connection.execute(
                "SELECT d.last_t, d.drift FROM otp_totp_totpdevice d "
                "JOIN portal_user u ON u.id = d.user_id WHERE u.username = %s",
                [username],
            ).fetchone()
        now = int(time.time()) // 30 + drift
        for step in (now, now + 1):
            if step > last_t:
                return app.at(step * 30)
        time.sleep(1)


@pytest.fixture(scope="module")
def demo_data(manage, postgres_url):
    """The demo operation (anna, maja, ...) in the production database."""
    manage("demo")
    Visitor.database_url = postgres_url


def test_every_daphne_is_healthy_against_postgres_and_redis(daphnes):
    assert len(daphnes) == 2
    for base_url in daphnes:
        response = Visitor().request(base_url, "GET", "/healthz")
        assert response.status == 200, response.body
        assert json.loads(response.body) == {
            "status": "ok",
            "database": "ok",
            "channel_layer": "ok",
        }


def test_the_production_profile_really_is_postgres(manage):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; from django.db import connection; "
        "print(connection.vendor, settings.CHANNEL_LAYERS['default']['BACKEND'])",
    )
    last_line = result.stdout.strip().splitlines()[-1]  # after the shell's import notice
    assert last_line.split() == ["postgresql", "realtime.layers.RedisChannelLayer"]


def test_a_session_made_on_one_daphne_works_on_the_other(daphnes, demo_data):
    first, second = daphnes
    anna = Visitor()
    anna.log_in(first, "anna", DEMO_PASSWORD)

    caseload = anna.request(second, "GET", "/ombud/")

    assert caseload.status == 200, caseload.body[:500]
    assert "Maja" in caseload.body


def test_data_written_through_one_daphne_is_read_through_the_other(daphnes, demo_data):
    first, second = daphnes
    anna = Visitor()
    anna.log_in(first, "anna", DEMO_PASSWORD)
    name = f"Testklient{uuid.uuid4().hex[:8]}"  # one word: the name the client is called

    # The one door in asks for the request's facts too (portal/forms/intake.py).
    created = anna.post(
        first,
        "/ombud/ny-klient/",
        {
            "name": name,
            "phone": "070-765 43 21",
            "channel": "phone",
            "referrer": "psychiatry",
            "gender": "declined",
            "birth_year": "",
            "requested_on": datetime.date.today().isoformat(),
            "override_reason": "Ett test av produktionsprofilen",
        },
    )
    assert created.status == 302, created.body[:500]

    caseload = anna.request(second, "GET", "/ombud/")
    assert caseload.status == 200, caseload.body[:500]
    assert name in caseload.body


def test_signing_out_on_one_daphne_signs_out_on_the_other(daphnes, demo_data):
    first, second = daphnes
    anna = Visitor()
    anna.log_in(first, "anna", DEMO_PASSWORD)
    maja = Visitor()
    maja.log_in(first, "maja", DEMO_PASSWORD)

    signed_out = anna.post(second, "/logga-ut/", {})
    assert signed_out.status == 302, signed_out.body[:500]

    after = anna.request(first, "GET", "/ombud/")
    assert after.status == 302
    assert "/logga-in/" in after.headers["Location"]
    still = maja.request(second, "GET", "/")
    assert still.status == 302
    assert "/logga-in/" not in still.headers["Location"]


async def test_the_redis_channel_layer_crosses_processes(redis_url):
    """Two layers, as two processes would have: one listens, the other sends."""
    listener = RedisChannelLayer(hosts=[redis_url])
    sender = RedisChannelLayer(hosts=[redis_url])
    try:
        channel = await listener.new_channel()
        await listener.group_add("production-test", channel)
        await sender.group_send("production-test", {"type": "test.hello", "text": "hej"})
        message = await asyncio.wait_for(listener.receive(channel), timeout=5)
        assert message == {"type": "test.hello", "text": "hej"}
        await listener.group_discard("production-test", channel)
    finally:
        await listener.close_pools()
        await sender.close_pools()


def test_a_message_sent_through_one_daphne_reaches_a_phone_on_the_other(daphnes, demo_data):
    """Anna writes through daphne A; Maja's live socket on daphne B gets it via Redis."""
    first, second = daphnes
    anna, maja = Visitor(), Visitor()
    anna.log_in(first, "anna", DEMO_PASSWORD)
    maja.log_in(second, "maja", DEMO_PASSWORD)
    plan = maja.request(second, "GET", "/min-plan/")
    contact_id, seq = re.search(r'data-contact="(\d+)" data-seq="(\d+)"', plan.body).groups()

    host = urlsplit(second)
    cookie = "; ".join(f"{k}={v}" for k, v in maja.cookies.items())
    with connect(
        f"ws://{host.hostname}:{host.port}/ws/",
        origin=second,
        additional_headers={"Cookie": cookie},
        open_timeout=10,
    ) as socket:
        socket.send(json.dumps({"type": "hello", "since": {contact_id: int(seq)}}))
        anna.request(first, "GET", f"/ombud/klient/{contact_id}/meddelanden/")
        text = f"Hej Maja, via två servrar {uuid.uuid4().hex[:6]}"
        sent = anna.post(
            first,
            f"/ombud/klient/{contact_id}/meddelanden/",
            {"text": text, "client_uuid": str(uuid.uuid4())},
        )
        assert sent.status == 302, sent.body[:500]
        frames = []
        while not any(text in frame for frame in frames):
            frames.append(socket.recv(timeout=10))
    assert "bubble theirs" in frames[-1] and "Nytt meddelande från Anna" in frames[-1]


def test_concurrent_outbox_retries_through_both_daphnes_apply_each_item_once(
    daphnes, demo_data, manage
):
    """The phone's page and its service worker may send the same queue at once, to
    different processes. PostgreSQL's constraints make each item land exactly once."""
    maja = Visitor()
    maja.log_in(daphnes[0], "maja", DEMO_PASSWORD)
    plan = maja.request(daphnes[0], "GET", "/min-plan/")
    contact_id = int(re.search(r'data-contact="(\d+)"', plan.body).group(1))
    # A task of Maja's that is still to do: its form asks to mark it done.
    tick = re.search(
        r'action="/min-plan/uppgift/(\d+)/klar/"[^>]*>\s*<input[^>]*csrfmiddlewaretoken[^>]*>'
        r'\s*<input type="hidden" name="done" value="1">',
        plan.body,
    )
    assert tick, "Maja has no task left to tick in the demo"
    marker = uuid.uuid4().hex[:8]
    items = [
        {
            "id": str(uuid.uuid4()),
            "kind": "message",
            "contact": contact_id,
            "text": f"Offline {marker} {n}",
        }
        for n in range(5)
    ]
    items.append(
        {
            "id": str(uuid.uuid4()),
            "kind": "task_done",
            "contact": contact_id,
            "task": int(tick.group(1)),
        }
    )
    body = json.dumps({"items": items})
    barrier = threading.Barrier(6, timeout=20)
    statuses = []

    def retry(base_url):
        url = urlsplit(base_url)
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        headers = {
            "Content-Type": "application/json",
            "Cookie": "; ".join(f"{k}={v}" for k, v in maja.cookies.items()),
            "X-CSRFToken": maja.csrf,
        }
        barrier.wait()
        connection.request("POST", "/api/outbox", body=body, headers=headers)
        response = connection.getresponse()
        statuses.append((response.status, json.loads(response.read())))
        connection.close()

    threads = [threading.Thread(target=retry, args=(daphnes[n % 2],)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert [status for status, _ in statuses] == [200] * 6, statuses
    assert all(len(answer["applied"]) == 6 for _, answer in statuses), statuses
    result = manage(
        "shell",
        "-c",
        "from portal.models import Message, ContactEvent; "
        f"print(Message.objects.filter(text__startswith='Offline {marker}').count(), "
        f"ContactEvent.objects.filter(contact_id={contact_id}, verb='task_done', "
        f"object_id={tick.group(1)}).count())",
    )
    assert result.stdout.strip().splitlines()[-1].split() == ["5", "1"]


def test_a_real_production_start_refuses_the_demo_accounts(production_env, demo_data):
    """Without ALLOW_DEMO_ACCOUNTS (which only these tests set), check --deploy, migrate
    and daphne all fail while the demo accounts exist, and say how to remove them."""
    env = {k: v for k, v in production_env.items() if k != "ALLOW_DEMO_ACCOUNTS"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PYTHON, *args],
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )

    for args in (["manage.py", "check", "--deploy"], ["manage.py", "migrate", "--noinput"]):
        result = run(*args)
        assert result.returncode != 0, args
        assert "brobyggare.E001" in result.stderr and "demo --remove" in result.stderr, args
    daphne = run(
        "-m", "daphne", "-b", "127.0.0.1", "-p", str(free_port()), "portal.asgi:application"
    )
    assert daphne.returncode != 0
    assert "brobyggare.E001" in daphne.stderr + daphne.stdout
