"""Web Push against a real local push service (an HTTP server on 127.0.0.1).

The "browser" is a P-256 key pair and a 16-byte auth secret, as a phone makes them.
What reaches the push service must be encrypted for that browser (RFC 8291, aes128gcm),
signed with our VAPID key (RFC 8292), and, once decrypted, say only that something
happened: no message text, no names, no plan content.
"""

import base64
import datetime
import io
import json
import logging
import os
import socket
import stat
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal import public_address, push
from portal.actions import plan as plan_actions
from portal.actions import push as push_actions
from portal.actions.messaging import send_message
from portal.actions.pause import pause_notifications, resume_notifications
from portal.management.commands.send_letter_reminders import (
    send_reminders as send_letter_reminders,
)
from portal.management.commands.send_meeting_reminders import send_reminders
from portal.models import Contact, LifeArea, Meeting, PushSubscription, Who

MESSAGE_TEXT = "Hej Maja! Kronofogden har svarat om skulden på 12 400 kr."
PLAN_WORDS = ["Få ordning på min ekonomi", "Öppna posten från Kronofogden", "Biblioteket"]
NAMES = ["Maja", "Anna", "maja", "anna"]


# --- The local push service ----------------------------------------------------------


class PushService:
    """Answers 201, except under /gone/ (410), /missing/ (404), /fail/ (500), /moved/ (307
    to /moved-here/) and /hold/ (201 once `release` is set)."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.arrived = threading.Event()
        self.release = threading.Event()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                service.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body,
                    }
                )
                service.arrived.set()
                if self.path.startswith("/hold/"):
                    service.release.wait(5)
                status = 201
                for prefix, code in (
                    ("/gone/", 410),
                    ("/missing/", 404),
                    ("/fail/", 500),
                    ("/moved/", 307),
                ):
                    if self.path.startswith(prefix):
                        status = code
                self.send_response(status)
                if status == 307:
                    self.send_header("Location", service.url("/moved-here/"))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.origin + path

    def to(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["path"] == path]


@pytest.fixture
def push_service():
    service = PushService()
    service.thread.start()
    yield service
    service.release.set()
    service.server.shutdown()
    service.server.server_close()
    service.thread.join(5)


# A public address (not documentation space, which counts as not public) for test names.
PUBLIC_ADDRESS = "93.184.215.14"


@pytest.fixture(autouse=True)
def _push_settings(settings, tmp_path, monkeypatch):
    settings.PUSH_SYNC = True
    settings.PUSH_ALLOW_LOCAL_HTTP = True  # the local push service speaks plain http
    real_resolve = public_address.resolve

    def resolve(host: str, port: int) -> list[str]:
        if host.endswith(".example.net"):  # no DNS in tests: these names are "public"
            return [PUBLIC_ADDRESS]
        return real_resolve(host, port)

    monkeypatch.setattr(public_address, "resolve", resolve)
    settings.VAPID_PRIVATE_KEY_FILE = tmp_path / "var" / "vapid-private.pem"
    settings.VAPID_SUBJECT = "mailto:test@example.se"


# --- The "browser" --------------------------------------------------------------------


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Browser:
    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)

    @property
    def p256dh(self) -> str:
        return b64url(
            self.key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    def subscription(self, endpoint: str) -> dict:
        return {"endpoint": endpoint, "keys": {"p256dh": self.p256dh, "auth": b64url(self.auth)}}

    def subscribe(self, user, endpoint: str) -> PushSubscription:
        return push_actions.subscribe(
            user, endpoint=endpoint, p256dh=self.p256dh, auth=b64url(self.auth)
        )

    def read(self, request: dict) -> dict:
        plain = http_ece.decrypt(
            request["body"], private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain.decode("utf-8"))


def verify_vapid(header: str, audience: str) -> dict:
    """Check `Authorization: vapid t=<JWT>,k=<key>` by hand: our key, a valid ES256 JWT."""
    scheme, _, params = header.partition(" ")
    assert scheme == "vapid"
    parts = dict(part.split("=", 1) for part in params.split(","))
    assert parts["k"] == push.public_key()
    signing_input, _, signature = parts["t"].rpartition(".")
    head, claims = (json.loads(unb64url(p)) for p in signing_input.split("."))
    assert head["alg"] == "ES256"
    raw = unb64url(signature)
    assert len(raw) == 64
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(parts["k"]))
    public.verify(  # raises InvalidSignature if it does not verify
        encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
        signing_input.encode(),
        ec.ECDSA(hashes.SHA256()),
    )
    assert claims["aud"] == audience
    assert claims["sub"] == "mailto:test@example.se"
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    return claims


def assert_content_free(text: str, *forbidden: str) -> None:
    for word in (MESSAGE_TEXT, *PLAN_WORDS, *NAMES, *forbidden):
        assert word not in text
    assert not any(ch.isdigit() for ch in text)  # no ids of anything


def tomorrow_at(hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# --- A new message --------------------------------------------------------------------


def test_a_new_message_arrives_encrypted_signed_and_content_free(
    contact, ombud, client_user, push_service, django_capture_on_commit_callbacks
):
    maja, anna = Browser(), Browser()
    maja.subscribe(client_user, push_service.url("/maja"))
    anna.subscribe(ombud, push_service.url("/anna"))

    with django_capture_on_commit_callbacks(execute=True):
        send_message(contact, ombud, text=MESSAGE_TEXT, client_uuid=uuid.uuid4())

    assert len(push_service.requests) == 1  # Maja's phone only, not the sender's
    request = push_service.requests[0]
    assert request["method"] == "POST" and request["path"] == "/maja"
    headers = request["headers"]
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["ttl"] == "86400"
    assert headers["topic"] == "message" and headers["urgency"] == "normal"
    verify_vapid(headers["authorization"], push_service.origin)

    # On the wire: nothing readable.
    assert b"Du har" not in request["body"] and b"Maja" not in request["body"]
    # Only Maja's browser can read it...
    with pytest.raises(http_ece.ECEException):
        Browser().read(request)
    # ...and what it says is only that something happened.
    notice = maja.read(request)
    assert notice == {
        "title": "Brobyggare",
        "body": "Du har ett nytt meddelande",
        "url": "/meddelanden/",
        "tag": "message",
    }
    assert_content_free(json.dumps(notice, ensure_ascii=False))


def test_a_message_from_the_client_tells_the_ombud_where_to_look(
    contact, ombud, client_user, push_service, django_capture_on_commit_callbacks
):
    anna = Browser()
    anna.subscribe(ombud, push_service.url("/anna"))
    with django_capture_on_commit_callbacks(execute=True):
        send_message(contact, client_user, text=MESSAGE_TEXT, client_uuid=uuid.uuid4())
    [request] = push_service.requests
    notice = anna.read(request)
    assert notice["body"] == "Du har ett nytt meddelande" and notice["url"] == "/ombud/"
    assert_content_free(json.dumps(notice, ensure_ascii=False))


def test_a_retried_message_is_not_announced_twice(
    contact, ombud, client_user, push_service, django_capture_on_commit_callbacks
):
    Browser().subscribe(client_user, push_service.url("/maja"))
    once = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        send_message(contact, ombud, text="Hej", client_uuid=once)
        send_message(contact, ombud, text="Hej", client_uuid=once)
    assert len(push_service.requests) == 1


def test_without_subscriptions_nothing_is_even_registered(
    contact, ombud, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_message(contact, ombud, text="Hej", client_uuid=uuid.uuid4())
    # The one callback is the live update, and this is what it sent.
    assert len(callbacks) == 1
    assert published == [
        (f"contact-{contact.pk}", {"type": "contact.changed", "contact": contact.pk, "seq": 1})
    ]


def test_a_rolled_back_message_sends_nothing(
    contact, ombud, client_user, push_service, published, django_capture_on_commit_callbacks
):
    Browser().subscribe(client_user, push_service.url("/maja"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                send_message(contact, ombud, text="Hej", client_uuid=uuid.uuid4())
                raise RuntimeError("something later failed")
        except RuntimeError:
            pass
    assert callbacks == [] and published == [] and push_service.requests == []


def test_sending_happens_in_the_background_without_holding_up_the_request(
    contact, ombud, client_user, push_service, settings, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.PUSH_SYNC = False
    maja = Browser()
    maja.subscribe(client_user, push_service.url("/hold/maja"))
    try:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            send_message(contact, ombud, text=MESSAGE_TEXT, client_uuid=uuid.uuid4())
        # The push service is still holding the request: the sender did not wait for it.
        assert time.monotonic() - started < 4
        assert push_service.arrived.wait(5)
        assert not push_service.release.is_set()
    finally:
        push_service.release.set()
        assert push.dispatcher.wait_idle(10)
    assert maja.read(push_service.requests[0])["body"] == "Du har ett nytt meddelande"


# --- Gone, failing and unreachable push services -----------------------------------------


@pytest.mark.parametrize("path", ["/gone/maja", "/missing/maja"])
def test_an_expired_subscription_is_removed(
    path, contact, ombud, client_user, push_service, django_capture_on_commit_callbacks
):
    subscription = Browser().subscribe(client_user, push_service.url(path))
    kept = Browser().subscribe(client_user, push_service.url("/maja-other-phone"))
    with django_capture_on_commit_callbacks(execute=True):
        send_message(contact, ombud, text="Hej", client_uuid=uuid.uuid4())
    assert len(push_service.requests) == 2
    assert not PushSubscription.objects.filter(pk=subscription.pk).exists()
    assert PushSubscription.objects.filter(pk=kept.pk).exists()


def test_other_failures_are_logged_without_the_endpoint(
    contact, ombud, client_user, push_service, caplog, django_capture_on_commit_callbacks
):
    failing = Browser().subscribe(client_user, push_service.url("/fail/maja-secret-endpoint"))
    # A port nobody listens on: the connection is refused.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    refused = Browser().subscribe(
        client_user, f"http://127.0.0.1:{closed_port}/maja-secret-endpoint"
    )
    with (
        caplog.at_level(logging.INFO, logger="portal.push"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        message, _ = send_message(contact, ombud, text="Hej", client_uuid=uuid.uuid4())
    assert message.pk is not None  # the message is stored whatever the push services say
    assert PushSubscription.objects.filter(pk__in=[failing.pk, refused.pk]).count() == 2
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"subscription {failing.pk} failed with status 500" in logged
    assert f"subscription {refused.pk} failed: ConnectionError" in logged
    assert "secret-endpoint" not in logged and "127.0.0.1" not in logged
    assert "Maja" not in logged and "Hej" not in logged


# --- The plan ------------------------------------------------------------------------


OMBUD_CHANGES = {
    "add_assignment": lambda c, o, a, t, m: plan_actions.add_assignment(
        c, o, title="Hitta en bostad", life_area=LifeArea.HOUSING
    ),
    "edit_assignment": lambda c, o, a, t, m: plan_actions.edit_assignment(
        a, o, title="Hitta en bostad", life_area=LifeArea.HOUSING
    ),
    "add_task": lambda c, o, a, t, m: plan_actions.add_task(
        a, o, what="Ring hyresvärden", who=Who.CLIENT
    ),
    "edit_task": lambda c, o, a, t, m: plan_actions.edit_task(
        t, o, what="Ring hyresvärden", who=Who.OMBUD
    ),
    "tick_task": lambda c, o, a, t, m: plan_actions.set_task_done(t, o, done=True),
    "remove_task": lambda c, o, a, t, m: plan_actions.remove_task(t, o),
    "add_meeting": lambda c, o, a, t, m: plan_actions.add_meeting(
        c, o, starts_at=tomorrow_at(14), place="Hyresvärden", about="Visning"
    ),
    "edit_meeting": lambda c, o, a, t, m: plan_actions.edit_meeting(
        m, o, starts_at=tomorrow_at(11), place="Hyresvärden", about="Visning"
    ),
    "remove_meeting": lambda c, o, a, t, m: plan_actions.remove_meeting(m, o),
}


@pytest.mark.parametrize("change", OMBUD_CHANGES)
def test_a_plan_change_by_the_ombud_tells_the_client_only(
    change, contact, ombud, client_user, assignment, task, meeting, push_service,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    maja = Browser()
    maja.subscribe(client_user, push_service.url("/maja"))
    Browser().subscribe(ombud, push_service.url("/anna"))
    with django_capture_on_commit_callbacks(execute=True):
        OMBUD_CHANGES[change](contact, ombud, assignment, task, meeting)
    assert [r["path"] for r in push_service.requests] == ["/maja"]
    notice = maja.read(push_service.requests[0])
    assert notice == {
        "title": "Brobyggare",
        "body": "Din plan har ändrats",
        "url": "/min-plan/",
        "tag": "plan",
    }
    assert_content_free(
        json.dumps(notice, ensure_ascii=False), "Hitta en bostad", "Ring hyresvärden", "Visning"
    )


def test_the_clients_own_changes_and_comments_tell_nobody(
    contact, ombud, client_user, task, meeting, push_service, django_capture_on_commit_callbacks
):
    Browser().subscribe(client_user, push_service.url("/maja"))
    Browser().subscribe(ombud, push_service.url("/anna"))
    with django_capture_on_commit_callbacks(execute=True):
        plan_actions.set_task_done(task, client_user, done=True)
        plan_actions.answer_meeting(meeting, client_user, answer=Meeting.Answer.COMING)
        plan_actions.add_comment(contact, client_user, text="Helst förmiddagar")
        plan_actions.add_comment(contact, ombud, text="Då säger vi förmiddag")
    assert push_service.requests == []


# --- Meeting reminders ----------------------------------------------------------------


def _all_day_long() -> dict:
    return {"from_hour": 0, "until_hour": 24, "stdout": io.StringIO()}


def test_the_reminder_goes_out_once_for_a_meeting_tomorrow(
    contact, other_contact, client_user, push_service, django_capture_on_commit_callbacks
):
    maja, omar = Browser(), Browser()
    maja.subscribe(client_user, push_service.url("/maja"))
    omar.subscribe(other_contact.client, push_service.url("/omar"))
    tomorrow = Meeting.objects.create(contact=contact, starts_at=tomorrow_at(9), place="Hemma")
    also_tomorrow = Meeting.objects.create(
        contact=contact, starts_at=tomorrow_at(15), place="Biblioteket"
    )
    today = Meeting.objects.create(
        contact=contact, starts_at=tomorrow_at(10) - datetime.timedelta(days=1), place="Hemma"
    )
    later = Meeting.objects.create(
        contact=contact, starts_at=tomorrow_at(10) + datetime.timedelta(days=1), place="Hemma"
    )
    # An ended contact gets no reminders.
    Contact.objects.filter(pk=other_contact.pk).update(status=Contact.Status.ENDED)
    Meeting.objects.create(contact=other_contact, starts_at=tomorrow_at(9), place="Hemma")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_reminders", **_all_day_long())
    assert [r["path"] for r in push_service.requests] == ["/maja"]  # one notice, two meetings
    notice = maja.read(push_service.requests[0])
    assert notice == {
        "title": "Brobyggare",
        "body": "Du har en träff i morgon",
        "url": "/traffar/",
        "tag": "meeting_tomorrow",
    }
    assert_content_free(json.dumps(notice, ensure_ascii=False), "Hemma")
    reminded = set(
        Meeting.objects.filter(reminder_sent_at__isnull=False).values_list("pk", flat=True)
    )
    assert reminded == {tomorrow.pk, also_tomorrow.pk}
    assert today.pk not in reminded and later.pk not in reminded

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_reminders", **_all_day_long())
        assert send_reminders() == 0
    assert len(push_service.requests) == 1  # never twice


def test_no_reminders_at_night(contact, client_user, push_service, settings):
    Browser().subscribe(client_user, push_service.url("/maja"))
    meeting = Meeting.objects.create(contact=contact, starts_at=tomorrow_at(9), place="Hemma")
    hour = timezone.localtime().hour
    window = {"from_hour": hour + 1, "until_hour": 24} if hour < 23 else {"until_hour": 23}
    out = io.StringIO()
    call_command("send_meeting_reminders", **window, stdout=out)
    assert "inget skickat" in out.getvalue()
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is None


def test_a_moved_meeting_gets_a_new_reminder(contact, ombud, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(reminder_sent_at=timezone.now())
    meeting.refresh_from_db()
    plan_actions.edit_meeting(meeting, ombud, starts_at=meeting.starts_at, place="Hemma")
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is not None  # same time: still reminded
    plan_actions.edit_meeting(meeting, ombud, starts_at=tomorrow_at(13), place="Biblioteket")
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is None


# --- VAPID key -------------------------------------------------------------------------


def test_the_vapid_key_is_made_once_and_kept_private(settings):
    path = settings.VAPID_PRIVATE_KEY_FILE
    assert not path.exists()
    key = push.public_key()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"BEGIN PRIVATE KEY" in path.read_bytes()
    raw = unb64url(key)
    assert len(raw) == 65 and raw[0] == 0x04 and "=" not in key
    push._vapid_for.cache_clear()
    assert push.public_key() == key  # read back from the file, not made again


# --- The API ----------------------------------------------------------------------------

KEY_URL = "/api/push/key"
SUBSCRIPTIONS_URL = "/api/push/subscriptions"


def _post(browser, body, **extra):
    return browser.post(SUBSCRIPTIONS_URL, body, content_type="application/json", **extra)


def _delete(browser, endpoint, **extra):
    return browser.delete(
        SUBSCRIPTIONS_URL, {"endpoint": endpoint}, content_type="application/json", **extra
    )


def test_the_api_gives_the_public_key(client_client, ombud_client):
    for browser in (client_client, ombud_client):
        response = browser.get(KEY_URL)
        assert response.status_code == 200
        assert response.json() == {"public_key": push.public_key()}


def test_a_subscription_made_through_the_api_receives_notices(
    contact, ombud, client_user, client_client, push_service, django_capture_on_commit_callbacks
):
    maja = Browser()
    body = maja.subscription(push_service.url("/maja"))
    body["expirationTime"] = None  # as the browser's toJSON() has it
    response = _post(client_client, body)
    assert response.status_code == 201
    stored = PushSubscription.objects.get()
    assert stored.user == client_user and stored.endpoint == push_service.url("/maja")
    with django_capture_on_commit_callbacks(execute=True):
        send_message(contact, ombud, text=MESSAGE_TEXT, client_uuid=uuid.uuid4())
    assert maja.read(push_service.requests[0])["body"] == "Du har ett nytt meddelande"


def test_the_same_user_may_subscribe_the_same_endpoint_again(client_client, client_user):
    body = Browser().subscription("https://push.example.net/maja-phone")
    assert _post(client_client, body).status_code == 201
    assert _post(client_client, body).status_code == 201  # again: still one row
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [client_user.pk]


def _bad(**changes) -> dict:
    body = Browser().subscription("https://push.example.net/abc")
    body.update({k: v for k, v in changes.items() if k == "endpoint"})
    body["keys"].update({k: v for k, v in changes.items() if k != "endpoint"})
    return body


@pytest.mark.parametrize(
    "body, field",
    [
        (_bad(endpoint="http://push.example.net/abc"), "endpoint"),
        (_bad(endpoint="ftp://push.example.net/abc"), "endpoint"),
        (_bad(endpoint="not a url"), "endpoint"),
        (_bad(endpoint="https://push.example.net/" + "a" * 1000), "endpoint"),
        (_bad(p256dh=b64url(b"\x04" + b"\x01" * 31)), "p256dh"),
        (_bad(p256dh=b64url(b"\x05" + b"\x01" * 64)), "p256dh"),
        (_bad(p256dh=b64url(b"\x04" + b"\x00" * 64)), "p256dh"),  # not on the curve
        (_bad(p256dh="not base64!"), "p256dh"),
        (_bad(auth=b64url(os.urandom(15))), "auth"),
        (_bad(auth=base64.b64encode(b"\xfb\xff" * 8).decode()), "auth"),  # + and /: not url-safe
    ],
)
def test_bad_subscriptions_are_refused_in_plain_swedish(client_client, body, field):
    response = _post(client_client, body)
    assert response.status_code == 422
    answer = response.json()
    assert answer["detail"] == "Notiserna kunde inte slås på. Försök igen."
    assert list(answer["errors"]) == [field]
    assert not PushSubscription.objects.exists()


def test_a_subscription_without_keys_is_refused(client_client):
    response = _post(client_client, {"endpoint": "https://push.example.net/abc"})
    assert response.status_code == 422
    assert not PushSubscription.objects.exists()


def test_plain_http_endpoints_only_to_this_machine_and_only_where_allowed(client_client, settings):
    remote = Browser().subscription("http://push.example.net/abc")
    local = Browser().subscription("http://127.0.0.1:9/abc")
    settings.PUSH_ALLOW_LOCAL_HTTP = True
    assert _post(client_client, remote).status_code == 422
    assert _post(client_client, local).status_code == 201
    settings.PUSH_ALLOW_LOCAL_HTTP = False  # production: never make the server post to us
    assert _post(client_client, Browser().subscription("http://localhost:9/x")).status_code == 422


def test_coordinators_get_no_notifications(coordinator_client, coordinator):
    body = Browser().subscription("https://push.example.net/abc")
    assert coordinator_client.get(KEY_URL).status_code == 404
    assert _post(coordinator_client, body).status_code == 404
    assert _delete(coordinator_client, body["endpoint"]).status_code == 404
    assert not PushSubscription.objects.exists()
    with pytest.raises(PermissionDenied):
        push_actions.subscribe(coordinator, endpoint=body["endpoint"], p256dh="x", auth="y")


def test_the_api_needs_a_signed_in_user(client):
    body = Browser().subscription("https://push.example.net/abc")
    assert client.get(KEY_URL).status_code == 401
    assert _post(client, body).status_code == 401
    assert _delete(client, body["endpoint"]).status_code == 401


def test_push_writes_need_the_csrf_token(client_user, password):
    browser = Client(enforce_csrf_checks=True)
    browser.login(username=client_user.username, password=password)
    body = Browser().subscription("https://push.example.net/abc")
    assert _post(browser, body).status_code == 403
    assert not PushSubscription.objects.exists()
    browser.get(reverse("client_more"))  # any page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    assert _post(browser, body, HTTP_X_CSRFTOKEN=token).status_code == 201
    assert _delete(browser, body["endpoint"]).status_code == 403
    assert PushSubscription.objects.exists()
    assert _delete(browser, body["endpoint"], HTTP_X_CSRFTOKEN=token).status_code == 204
    assert not PushSubscription.objects.exists()


def test_unsubscribing_removes_only_ones_own(
    client_client, ombud_client, client_user, ombud, other_client_user
):
    majas = Browser().subscribe(client_user, "https://push.example.net/maja")
    annas = Browser().subscribe(ombud, "https://push.example.net/anna")
    # Anna cannot turn off Maja's notices, and learns nothing by trying.
    assert _delete(ombud_client, majas.endpoint).status_code == 204
    assert PushSubscription.objects.filter(pk=majas.pk).exists()
    assert _delete(client_client, majas.endpoint).status_code == 204
    assert not PushSubscription.objects.filter(pk=majas.pk).exists()
    assert PushSubscription.objects.filter(pk=annas.pk).exists()
    # Everything of one person, and no one else's.
    Browser().subscribe(ombud, "https://push.example.net/anna-tablet")
    omars = Browser().subscribe(other_client_user, "https://push.example.net/omar")
    assert push_actions.unsubscribe_all(ombud) == 2
    assert list(PushSubscription.objects.values_list("pk", flat=True)) == [omars.pk]
    assert push_actions.unsubscribe(ombud, endpoint=omars.endpoint) == 0


# --- The pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["client_more", "ombud_caseload"])
def test_the_settings_pages_offer_notifications(page, client_client, ombud_client):
    browser = client_client if page == "client_more" else ombud_client
    html = browser.get(reverse(page)).content.decode()
    assert 'id="push-settings"' in html
    assert "Notisen säger bara att något har hänt. Den säger aldrig vad." in html
    assert 'data-text-turn-on="Slå på notiser"' in html
    assert 'data-text-turn-off="Stäng av notiser"' in html
    assert "kan inte få notiser från appen. Du ser allt nytt när du öppnar appen." in html
    assert "Notiser fungerar bara om appen ligger på hemskärmen." in html
    assert "Notiser är avstängda i telefonens inställningar." in html
    assert "/static/js/push.js" in html
    assert "/static/bundle/live.js" in html  # the base template's scripts are still there


# --- Push that cannot be turned against the server -----------------------------------------

NOT_PUBLIC = "Adressen till notistjänsten går inte att använda. Den måste finnas på internet."
TAKEN = (
    "Notiserna kunde inte slås på här, för någon annan är inloggad med notiser i den här "
    "webbläsaren. Be den personen logga ut först."
)


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://127.0.0.1/abc",
        "https://127.1/abc",  # short form of 127.0.0.1
        "https://2130706433/abc",  # 127.0.0.1 as one number
        "https://localhost/abc",
        "https://app.localhost/abc",
        "https://169.254.169.254/latest/meta-data/",  # a cloud's metadata service
        "https://10.0.0.1/abc",
        "https://192.168.1.1/abc",
        "https://172.16.0.1/abc",
        "https://100.64.0.1/abc",  # carrier-grade NAT
        "https://0.0.0.0/abc",
        "https://224.0.0.1/abc",
        "https://255.255.255.255/abc",
        "https://192.0.2.1/abc",  # documentation
        "https://[::1]/abc",
        "https://[::]/abc",
        "https://[fd00::1]/abc",
        "https://[fe80::1]/abc",
        "https://[ff02::1]/abc",
        "https://[::ffff:127.0.0.1]/abc",  # IPv4-mapped
        "https://[::ffff:a9fe:a9fe]/abc",  # 169.254.169.254, mapped
        "https://[64:ff9b::a00:1]/abc",  # NAT64 of 10.0.0.1
        "https://[2002:a00:1::1]/abc",  # 6to4 of 10.0.0.1
    ],
)
def test_endpoints_on_this_machine_or_a_private_network_are_refused(client_client, endpoint):
    response = _post(client_client, Browser().subscription(endpoint))
    assert response.status_code == 422
    assert response.json()["errors"] == {"endpoint": [NOT_PUBLIC]}
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "addresses",
    [["10.1.2.3"], ["127.0.0.1"], ["fd12:3456::1"], [PUBLIC_ADDRESS, "192.168.0.10"], []],
    ids=["private", "loopback", "unique-local", "one-of-two-private", "no-address"],
)
def test_a_name_that_resolves_to_a_private_address_is_refused(
    client_client, monkeypatch, addresses
):
    monkeypatch.setattr(public_address, "resolve", lambda host, port: addresses)
    body = Browser().subscription("https://push.intranet.example.org/abc")
    response = _post(client_client, body)
    assert response.status_code == 422
    assert response.json()["errors"] == {"endpoint": [NOT_PUBLIC]}
    assert not PushSubscription.objects.exists()


def test_a_name_that_does_not_resolve_is_refused(client_client, monkeypatch):
    def no_such_name(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(public_address, "resolve", no_such_name)
    response = _post(client_client, Browser().subscription("https://nowhere.example.org/"))
    assert response.status_code == 422
    assert response.json()["errors"] == {"endpoint": [NOT_PUBLIC]}


def test_a_public_name_is_accepted(client_client, monkeypatch):
    seen = []

    def resolve(host: str, port: int) -> list[str]:
        seen.append((host, port))
        return [PUBLIC_ADDRESS, "2606:4700::1111"]

    monkeypatch.setattr(public_address, "resolve", resolve)
    body = Browser().subscription("https://fcm.googleapis.com/fcm/send/abc")
    assert _post(client_client, body).status_code == 201
    assert seen == [("fcm.googleapis.com", 443)]


@pytest.fixture
def tcp_listener():
    """A TCP port on 127.0.0.1 that counts the connections made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.05)
    accepted: list[int] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            accepted.append(1)
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], accepted
    stop.set()
    thread.join(2)
    server.close()


def test_a_stored_endpoint_on_this_machine_is_never_connected_to(
    contact, ombud, client_user, tcp_listener, caplog, django_capture_on_commit_callbacks
):
    port, accepted = tcp_listener
    browser = Browser()
    # Stored as if it had been accepted before these rules (or by another door).
    stored = PushSubscription.objects.create(
        user=client_user,
        endpoint=f"https://localhost:{port}/maja",
        p256dh=browser.p256dh,
        auth=b64url(browser.auth),
    )
    with (
        caplog.at_level(logging.INFO, logger="portal.push"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_message(contact, ombud, text="Hej", client_uuid=uuid.uuid4())
    time.sleep(0.2)
    assert accepted == []
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"subscription {stored.pk} refused: the address is not public" in logged


def test_dns_that_changes_after_subscribing_is_checked_again_when_sending(
    contact, ombud, client_user, tcp_listener, caplog, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    port, accepted = tcp_listener
    answers = {"rebind.example.org": [PUBLIC_ADDRESS]}
    asked = []

    def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        return answers[host]

    monkeypatch.setattr(public_address, "resolve", resolve)
    stored = Browser().subscribe(client_user, f"https://rebind.example.org:{port}/maja")
    answers["rebind.example.org"] = ["127.0.0.1"]  # the name now points at us
    asked.clear()
    with (
        caplog.at_level(logging.INFO, logger="portal.push"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_message(contact, ombud, text="Hej", client_uuid=uuid.uuid4())
    time.sleep(0.2)
    assert asked == ["rebind.example.org"]
    assert accepted == []
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"subscription {stored.pk} refused: the address is not public" in logged
    assert PushSubscription.objects.filter(pk=stored.pk).exists()


def test_a_redirect_from_the_push_service_is_not_followed(
    contact, ombud, client_user, push_service, caplog, django_capture_on_commit_callbacks
):
    stored = Browser().subscribe(client_user, push_service.url("/moved/maja"))
    with (
        caplog.at_level(logging.INFO, logger="portal.push"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_message(contact, ombud, text="Hej", client_uuid=uuid.uuid4())
    assert [r["path"] for r in push_service.requests] == ["/moved/maja"]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"subscription {stored.pk} failed with status 307" in logged


def test_a_push_service_that_never_answers_is_given_up_on(
    contact, ombud, client_user, push_service, caplog, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from portal import push_transport

    monkeypatch.setattr(push_transport, "TOTAL_SECONDS", 0.5)
    stored = Browser().subscribe(client_user, push_service.url("/hold/maja"))
    started = time.monotonic()
    with (
        caplog.at_level(logging.INFO, logger="portal.push"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_message(contact, ombud, text="Hej", client_uuid=uuid.uuid4())
    assert time.monotonic() - started < 3  # the service holds for 5 s
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"Push to subscription {stored.pk} failed:" in logged


def test_a_hanging_push_service_does_not_delay_another_users_notice(
    contact, ombud, client_user, other_contact, other_ombud, other_client_user,
    push_service, settings, django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.PUSH_SYNC = False
    Browser().subscribe(client_user, push_service.url("/hold/maja"))
    omar = Browser()
    omar.subscribe(other_client_user, push_service.url("/omar"))
    try:
        # Maja's push service hangs, and Anna writes to her three times.
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(3):
                send_message(contact, ombud, text="Hej", client_uuid=uuid.uuid4())
        assert push_service.arrived.wait(5)
        time.sleep(0.2)
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            send_message(other_contact, other_ombud, text="Hej Omar", client_uuid=uuid.uuid4())
        while not push_service.to("/omar") and time.monotonic() - started < 2:
            time.sleep(0.02)
        assert push_service.to("/omar"), "Omar's notice waited for Maja's push service"
        assert omar.read(push_service.to("/omar")[0])["body"] == "Du har ett nytt meddelande"
        # One send to the hanging service at a time; the others wait their turn.
        assert len(push_service.to("/hold/maja")) == 1
    finally:
        push_service.release.set()
        assert push.dispatcher.wait_idle(15)
    # Three notices of one kind while one was under way: the waiting ones became one.
    assert len(push_service.to("/hold/maja")) == 2


def test_the_eleventh_subscription_pushes_out_the_least_recently_confirmed(client_user):
    made = [
        Browser().subscribe(client_user, f"https://push.example.net/phone-{number}")
        for number in range(10)
    ]
    now = timezone.now()
    for age, subscription in enumerate(reversed(made), start=1):  # phone-0 is the oldest
        PushSubscription.objects.filter(pk=subscription.pk).update(
            confirmed_at=now - datetime.timedelta(days=age)
        )
    # Phone 0 is used again (push.js confirms on every visit): now phone 1 is the oldest.
    Browser().subscribe(client_user, made[0].endpoint)
    Browser().subscribe(client_user, "https://push.example.net/phone-10")

    endpoints = set(
        PushSubscription.objects.filter(user=client_user).values_list("endpoint", flat=True)
    )
    assert len(endpoints) == push_actions.MAX_PER_USER == 10
    assert made[1].endpoint not in endpoints
    assert {made[0].endpoint, "https://push.example.net/phone-10"} <= endpoints


def test_another_user_cannot_take_over_an_endpoint_while_its_owner_is_signed_in(
    client_client, ombud_client, client_user
):
    body = Browser().subscription("https://push.example.net/majas-phone")
    assert _post(client_client, body).status_code == 201
    response = _post(ombud_client, body)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Notiserna kunde inte slås på. Försök igen.",
        "errors": {"endpoint": [TAKEN]},
    }
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [client_user.pk]


def test_on_a_shared_phone_the_endpoint_moves_once_the_last_person_has_signed_out(
    client_client, ombud_client, ombud
):
    body = Browser().subscription("https://push.example.net/family-phone")
    assert _post(client_client, body).status_code == 201
    assert client_client.post(reverse("logout")).status_code == 302
    assert _post(ombud_client, body).status_code == 201
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [ombud.pk]


def test_an_endpoint_moves_when_its_owners_session_has_ended_without_signing_out(
    client_client, ombud_client, ombud
):
    body = Browser().subscription("https://push.example.net/family-phone")
    assert _post(client_client, body).status_code == 201
    client_client.session.delete()  # expired, or someone signed in over it in that browser
    assert _post(ombud_client, body).status_code == 201
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [ombud.pk]


def test_signing_out_removes_this_devices_subscription_only(client_user, password):
    phone, tablet = Client(), Client()
    for device in (phone, tablet):
        device.force_login(client_user)
    on_phone = Browser().subscription("https://push.example.net/maja-phone")
    on_tablet = Browser().subscription("https://push.example.net/maja-tablet")
    assert _post(phone, on_phone).status_code == 201
    assert _post(tablet, on_tablet).status_code == 201

    assert phone.post(reverse("logout")).status_code == 302

    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [
        on_tablet["endpoint"]
    ]


# --- Paused notifications ("Jag orkar inte just nu") ----------------------------------


def test_nothing_is_pushed_to_a_client_who_has_paused(
    contact, ombud, client_user, task, push_service, django_capture_on_commit_callbacks
):
    maja = Browser()
    maja.subscribe(client_user, push_service.url("/maja"))
    Browser().subscribe(ombud, push_service.url("/anna"))
    pause_notifications(client_user, "3d")
    with django_capture_on_commit_callbacks(execute=True):
        send_message(contact, ombud, text=MESSAGE_TEXT, client_uuid=uuid.uuid4())
        plan_actions.set_task_done(task, ombud, done=True)
        # The client's own message still reaches the ombud: only hers are paused.
        send_message(contact, client_user, text="Tack", client_uuid=uuid.uuid4())
    assert [r["path"] for r in push_service.requests] == ["/anna"]
    resume_notifications(client_user)
    with django_capture_on_commit_callbacks(execute=True):
        plan_actions.set_task_done(task, ombud, done=False)
    assert [r["path"] for r in push_service.requests] == ["/anna", "/maja"]


def test_a_pause_ends_by_itself_at_its_time(
    client_user, push_service, django_capture_on_commit_callbacks
):
    Browser().subscribe(client_user, push_service.url("/maja"))
    pause_notifications(client_user, "1d")
    until = client_user.notifications_paused_until
    assert until - timezone.now() >= datetime.timedelta(days=1)
    assert timezone.localtime(until).minute == 0  # "i morgon kl 15", a whole hour
    assert client_user.notifications_paused() is True
    assert client_user.notifications_paused(until + datetime.timedelta(seconds=1)) is False
    client_user.__class__.objects.filter(pk=client_user.pk).update(
        notifications_paused_until=timezone.now() - datetime.timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        push.notify(client_user, "plan")
    assert [r["path"] for r in push_service.requests] == ["/maja"]


def test_until_turned_on_again_means_until_then(
    client_user, push_service, django_capture_on_commit_callbacks
):
    Browser().subscribe(client_user, push_service.url("/maja"))
    pause_notifications(client_user, "open")
    far = timezone.now() + datetime.timedelta(days=400)
    assert client_user.notifications_paused(far) is True
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        push.notify(client_user, "message")
    assert callbacks == [] and push_service.requests == []


def test_no_meeting_reminder_while_paused_and_it_comes_after(
    contact, client_user, push_service, django_capture_on_commit_callbacks
):
    Browser().subscribe(client_user, push_service.url("/maja"))
    meeting = Meeting.objects.create(contact=contact, starts_at=tomorrow_at(15), place="Hemma")
    pause_notifications(client_user, "open")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 0
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is None  # still to come
    resume_notifications(client_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 1
    assert [r["path"] for r in push_service.requests] == ["/maja"]


def test_no_letter_reminder_while_paused_and_it_comes_after(
    contact, client_user, letter_read, push_service, django_capture_on_commit_callbacks
):
    Browser().subscribe(client_user, push_service.url("/maja"))
    letter = letter_read(contact, client_user)
    week_before = timezone.make_aware(
        datetime.datetime.combine(letter.deadline - datetime.timedelta(days=7), datetime.time(10))
    )
    pause_notifications(client_user, "1d", now=week_before - datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_letter_reminders(week_before) == 0
    letter.refresh_from_db()
    assert letter.reminded_week_at is None
    a_day_later = week_before + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_letter_reminders(a_day_later) == 1
    assert [r["path"] for r in push_service.requests] == ["/maja"]
