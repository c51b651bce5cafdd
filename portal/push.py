"""Web Push: a short, content-free notice to the phones that have opted in.

A notification says only *that* something happened ("Du har ett nytt meddelande"),
never what: no message text, no names, no plan content, no ids of people. The app
fetches the rest after it opens, behind the login. The payload is encrypted for the
browser (RFC 8291, aes128gcm) and signed with our VAPID key (RFC 8292).

Sending happens after the change is committed (transaction.on_commit) and, unless
settings.PUSH_SYNC is true, in a thread pool so the user's request never waits for a
push service. One endpoint never holds more than one worker: while a send to it is under
way, newer notices for it wait as its one pending notice per kind (the push service
would replace an older one of the same Topic anyway), so a slow or hanging push service
cannot delay anyone else's notice. Each send is bounded in time and may only reach a
public address (portal.push_transport).

A push service answering 404 or 410 means the subscription is gone: it is deleted.
Other failures are logged with the subscription id and status only, never the endpoint
(it identifies a person's browser).
"""

import base64
import contextlib
import json
import logging
import os
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils.translation import gettext as _
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from portal.models import PushSubscription, User
from portal.push_transport import (
    AddressRefused,
    PushSession,
    checked_addresses,
    local_http_allowed,
)
from portal.queries.pause import not_paused

logger = logging.getLogger(__name__)

TITLE = "Brobyggare"
TTL_SECONDS = 86400  # a notice older than a day is no longer news
GONE = (404, 410)


@dataclass(frozen=True)
class Kind:
    text: str
    client_url: str
    ombud_url: str


# Swedish only: the language choice lives in a cookie on the phone, not on the account.
KINDS = {
    "message": Kind("Du har ett nytt meddelande", "/meddelanden/", "/ombud/"),
    "plan": Kind("Din plan har ändrats", "/min-plan/", "/ombud/"),
    "meeting_tomorrow": Kind("Du har en träff i morgon", "/traffar/", "/ombud/"),
    "letter_deadline": Kind("Du har ett brev att svara på snart", "/min-plan/#letters", "/ombud/"),
    # A proposal (to end the contact together, to move to another ombud) waits for the
    # client's answer; news about who works with them; the ombud closed the contact.
    "proposal": Kind("Ditt ombud har skickat ett förslag", "/min-plan/", "/ombud/"),
    "notice": Kind("Du har fått ett besked i appen", "/min-plan/", "/ombud/"),
    "ended": Kind("Du har fått ett besked i appen", "/min-kopia/", "/ombud/"),
}

MAX_ENDPOINT: Final = 1000  # PushSubscription.endpoint
WORKERS: Final = 8


# --- VAPID keys -----------------------------------------------------------------------


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _write_new_key(path: Path) -> None:
    """Make a P-256 key and put it at `path` (mode 0600) unless another process won."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # Written whole to a private temporary file, then linked into place: a reader never
    # sees half a key, and two processes starting at once end up with the same one.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".vapid-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(pem)
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        os.unlink(tmp)


@lru_cache(maxsize=4)
def _vapid_for(path_text: str) -> Vapid:
    path = Path(path_text)
    if not path.exists():
        _write_new_key(path)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise ValueError(f"{path} must hold a P-256 private key")
    return Vapid(private_key=key)


def vapid() -> Vapid:
    """Our VAPID signer, from settings.VAPID_PRIVATE_KEY_FILE (made if missing)."""
    return _vapid_for(str(settings.VAPID_PRIVATE_KEY_FILE))


def public_key() -> str:
    """The public key for the browser's applicationServerKey: base64url, no padding."""
    point = vapid().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return _b64url(point)


# --- Which endpoints we accept -------------------------------------------------------


def endpoint_problem(endpoint: str) -> str | None:
    """What is wrong with `endpoint`, in plain Swedish, or None if we may push to it.

    It must be https on a public host (checked after DNS; again at every send), or, where
    settings.PUSH_ALLOW_LOCAL_HTTP allows it (tests), http on this machine."""
    if len(endpoint) > MAX_ENDPOINT:
        return _("Adressen till notistjänsten är för lång.")
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError:
        return _("Adressen till notistjänsten är inte en giltig webbadress.")
    if not parts.hostname or parts.username or parts.password:
        return _("Adressen till notistjänsten är inte en giltig webbadress.")
    if parts.scheme not in ("https", "http"):
        return _("Adressen till notistjänsten måste börja med https://.")
    if parts.scheme == "http" and not local_http_allowed(parts.hostname):
        return _("Adressen till notistjänsten måste börja med https://.")
    default_port = 443 if parts.scheme == "https" else 80
    try:
        checked_addresses(parts.scheme, parts.hostname, port or default_port)
    except AddressRefused:
        return _("Adressen till notistjänsten går inte att använda. Den måste finnas på internet.")
    return None


# --- Sending --------------------------------------------------------------------------


def payload(user: User, kind: str) -> str:
    """What the phone receives, decrypted: the same few words for everyone."""
    spec = KINDS[kind]
    url = spec.ombud_url if user.is_ombud else spec.client_url
    return json.dumps(
        {"title": TITLE, "body": spec.text, "url": url, "tag": kind}, ensure_ascii=False
    )


@dataclass(frozen=True)
class _Target:
    pk: int
    endpoint: str
    p256dh: str
    auth: str


def notify(user: User, kind: str) -> None:
    """Tell each of the user's subscribed phones, after the current transaction commits.

    A user without subscriptions, or who has paused notifications, costs one query and
    registers nothing.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind: {kind!r}")
    # Paused ("Jag orkar inte just nu"): read with the subscriptions, so never stale.
    subscriptions = PushSubscription.objects.filter(not_paused("user__"), user_id=user.pk)
    targets = [
        _Target(*row) for row in subscriptions.values_list("pk", "endpoint", "p256dh", "auth")
    ]
    if not targets:
        return
    data = payload(user, kind)

    def after_commit() -> None:
        for target in targets:
            if settings.PUSH_SYNC:
                _send(target, data, kind)
            else:
                dispatcher.submit(target, data, kind)

    transaction.on_commit(after_commit)


class Dispatcher:
    """A thread pool in which one endpoint never holds more than one worker."""

    def __init__(self, workers: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="push")
        self._lock = threading.Lock()
        # endpoint -> the notices waiting while a send to it is under way, one per kind
        self._busy: dict[str, dict[str, tuple[_Target, str]]] = {}
        self._idle = threading.Condition(self._lock)

    def submit(self, target: _Target, data: str, kind: str) -> None:
        with self._lock:
            waiting = self._busy.get(target.endpoint)
            if waiting is not None:
                waiting[kind] = (target, data)
                return
            self._busy[target.endpoint] = {}
        self._pool.submit(self._run, target, data, kind)

    def _run(self, target: _Target, data: str, kind: str) -> None:
        endpoint = target.endpoint
        while True:
            try:
                close_old_connections()
                _send(target, data, kind)
                close_old_connections()
            except Exception:  # never leave the endpoint marked busy
                logger.exception("The push worker failed.")
            with self._lock:
                waiting = self._busy[endpoint]
                if not waiting:
                    del self._busy[endpoint]
                    self._idle.notify_all()
                    return
                kind = next(iter(waiting))
                target, data = waiting.pop(kind)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until nothing is being sent (tests and a clean shutdown)."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._busy, timeout)


dispatcher = Dispatcher(WORKERS)


def _send(target: _Target, data: str, kind: str) -> None:
    """One push. Never raises: a failed notice must not break anything else."""
    try:
        with PushSession() as session:
            webpush(
                subscription_info={
                    "endpoint": target.endpoint,
                    "keys": {"p256dh": target.p256dh, "auth": target.auth},
                },
                data=data,
                vapid_private_key=vapid(),
                vapid_claims={"sub": settings.VAPID_SUBJECT},  # a fresh dict: webpush adds to it
                ttl=TTL_SECONDS,
                headers={"Topic": kind, "Urgency": "normal"},
                content_encoding="aes128gcm",
                requests_session=session,
            )
    except AddressRefused:
        # The name resolves to somewhere we never send (DNS changed since it was checked).
        logger.warning("Push to subscription %s refused: the address is not public.", target.pk)
    except WebPushException as error:
        status = error.status_code
        if status in GONE:
            PushSubscription.objects.filter(pk=target.pk, endpoint=target.endpoint).delete()
            logger.info("Push subscription %s is gone (%s); removed.", target.pk, status)
        else:
            # str(error) holds the push service's answer; the status is all we log.
            logger.warning("Push to subscription %s failed with status %s.", target.pk, status)
    except Exception as error:  # network errors name the endpoint: log the type only
        logger.warning("Push to subscription %s failed: %s.", target.pk, type(error).__name__)
