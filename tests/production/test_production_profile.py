"""The production profile end to end: two daphne processes share PostgreSQL and Redis.

The servers come from tests/production/conftest.py; these tests speak plain HTTP to
the daphnes, run manage.py against PostgreSQL, and use Redis through channels_redis.
"""

import asyncio
import http.client
import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from channels_redis.core import RedisChannelLayer
from websockets.sync.client import connect

DEMO_PASSWORD = "demo-losenord-1"  # portal/management/commands/demo.py


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str


@dataclass
class Visitor:
    """One person's cookies, sent to whichever daphne they talk to (like a browser
    behind a load balancer: all servers answer on the same site)."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, base_url: str, method: str, path: str, form: dict | None = None) -> Response:
        url = urlsplit(base_url)
        headers = {"Accept-Language": "sv"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = base_url
            headers["Referer"] = f"{base_url}{path}"
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Response(response.status, response.headers, text)

    def post(self, base_url: str, path: str, form: dict) -> Response:
        """A form POST with the CSRF token from this visitor's csrftoken cookie."""
        token = self.cookies.get("csrftoken")
        assert token, "no csrftoken cookie yet: GET a page with a form first"
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
        assert "/logga-in/" not in response.headers["Location"]
        assert "sessionid" in self.cookies
        return response


@pytest.fixture(scope="module")
def demo_data(manage):
    """The demo operation (anna, maja, ...) in the production database."""
    manage("demo")


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
    assert last_line.split() == ["postgresql", "channels_redis.core.RedisChannelLayer"]


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
    name = f"Testklient {uuid.uuid4().hex[:8]}"

    created = anna.post(first, "/ombud/ny-klient/", {"first_name": name})
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
            "X-CSRFToken": maja.cookies["csrftoken"],
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
