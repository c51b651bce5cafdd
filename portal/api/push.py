"""Notifications: the VAPID public key, and turning Web Push on and off for a browser.

Only clients and ombud get notifications; for anyone else these operations do not exist
(404). The browser sends its PushSubscription as JSON; we check it before storing it,
so a bad subscription fails here, plainly, and not later in the background. The rules
(public https endpoints only, ten per user, no takeover) are portal.actions.push's.
"""

import base64
import binascii
import re

from cryptography.hazmat.primitives.asymmetric import ec
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from portal import push
from portal.actions import push as push_actions
from portal.api.errors import invalid_fields
from portal.api.schemas import FormErrors
from portal.models import User
from portal.types import AuthedRequest

router = Router(tags=["push"])

B64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


class KeyOut(Schema):
    public_key: str


class SubscriptionKeysIn(Schema):
    p256dh: str
    auth: str


class SubscriptionIn(Schema):
    """PushSubscription.toJSON() from the browser (expirationTime is ignored)."""

    endpoint: str
    keys: SubscriptionKeysIn


class SubscriptionRemoveIn(Schema):
    endpoint: str


class Subscribed(Schema):
    detail: str


def _require_notified_role(user: User) -> None:
    if not (user.is_client or user.is_ombud):
        raise Http404


def _b64url(text: str) -> bytes | None:
    if not B64URL.match(text):
        return None
    try:
        return base64.urlsafe_b64decode(text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4))
    except (binascii.Error, ValueError):
        return None


def _p256dh_error(text: str) -> str | None:
    raw = _b64url(text)
    if raw is None or len(raw) != 65 or raw[0] != 0x04:
        return _("Telefonens nyckel (p256dh) ska vara 65 byte i base64url och börja med 0x04.")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError:
        return _("Telefonens nyckel (p256dh) är inte en giltig P-256-nyckel.")
    return None


def _auth_error(text: str) -> str | None:
    raw = _b64url(text)
    if raw is None or len(raw) != 16:
        return _("Telefonens hemlighet (auth) ska vara 16 byte i base64url.")
    return None


def _unpadded(text: str) -> str:
    return text.rstrip("=")


@router.get("/key", response=KeyOut, summary="Den publika nyckeln för notiser")
def key(request: AuthedRequest) -> dict:
    """The VAPID public key, for pushManager.subscribe({applicationServerKey})."""
    _require_notified_role(request.user)
    return {"public_key": push.public_key()}


@router.post(
    "/subscriptions",
    response={201: Subscribed, 422: FormErrors},
    summary="Slå på notiser i den här webbläsaren",
)
def subscribe(request: AuthedRequest, payload: SubscriptionIn) -> Status:
    _require_notified_role(request.user)
    failed = _("Notiserna kunde inte slås på. Försök igen.")
    errors = {}
    for field, error in (
        ("p256dh", _p256dh_error(payload.keys.p256dh)),
        ("auth", _auth_error(payload.keys.auth)),
    ):
        if error:
            errors[field] = [error]
    if errors:
        return invalid_fields(failed, errors)
    try:
        push_actions.subscribe(
            request.user,
            endpoint=payload.endpoint,
            p256dh=_unpadded(payload.keys.p256dh),
            auth=_unpadded(payload.keys.auth),
            session_key=request.session.session_key or "",
        )
    except push_actions.SubscriptionRefused as refused:
        return invalid_fields(failed, {refused.field: [str(refused.message)]})
    return Status(201, {"detail": _("Notiser är påslagna.")})


@router.delete(
    "/subscriptions", response={204: None}, summary="Stäng av notiser i den här webbläsaren"
)
def unsubscribe(request: AuthedRequest, payload: SubscriptionRemoveIn) -> Status:
    """Removes the subscription if it is the user's own; 204 either way."""
    _require_notified_role(request.user)
    push_actions.unsubscribe(request.user, endpoint=payload.endpoint)
    return Status(204, None)
