"""Passkeys (WebAuthn, with the `webauthn` package): adding one to an account, and
signing in with one.

The relying party is WEBAUTHN_RP_ID / WEBAUTHN_ORIGIN when set (production), else the
request's own host (development: http://localhost works, a bare IP address does not).
Each ceremony's challenge lives in the session, for one use. Passkeys are discoverable
(resident) and need user verification (the face, the finger or the phone's PIN), so a
passkey alone is two factors: the phone, and the person unlocking it.
"""

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    parse_authentication_credential_json,
    parse_registration_credential_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from portal.actions import account_changes
from portal.models import AccountChange, Passkey, User

REGISTER_KEY = "webauthn_register"
AUTHENTICATE_KEY = "webauthn_authenticate"
TIMEOUT_MS = 120_000


class PasskeyError(Exception):
    """The browser's answer did not check out (wrong challenge, origin, key, count...)."""


def relying_party(request: HttpRequest) -> tuple[str, str]:
    """(rp_id, origin): from the settings, or from the request in development."""
    host = request.get_host()
    rp_id = settings.WEBAUTHN_RP_ID or host.rsplit(":", 1)[0].strip("[]")
    origin = settings.WEBAUTHN_ORIGIN or f"{request.scheme}://{host}"
    return rp_id, origin


def user_handle(user: User) -> bytes:
    """The account's id inside the passkey: stable, and not the username or the name."""
    return hashlib.sha256(f"brobyggare-user:{user.pk}".encode()).digest()


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    descriptors = []
    for passkey in user.passkeys.all():
        transports = []
        for name in passkey.transports:
            try:
                transports.append(AuthenticatorTransport(name))
            except ValueError:
                continue
        descriptors.append(
            PublicKeyCredentialDescriptor(
                id=base64url_to_bytes(passkey.credential_id), transports=transports or None
            )
        )
    return descriptors


def registration_options(request: HttpRequest, user: User) -> str:
    """Options for navigator.credentials.create(), as JSON; the challenge is remembered."""
    rp_id, _origin = relying_party(request)
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=settings.WEBAUTHN_RP_NAME,
        user_name=user.username,
        user_id=user_handle(user),
        user_display_name=user.display_name,
        timeout=TIMEOUT_MS,
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            require_resident_key=True,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
    )
    request.session[REGISTER_KEY] = {
        "challenge": bytes_to_base64url(options.challenge),
        "user": user.pk,
    }
    return options_to_json(options)


def register(request: HttpRequest, user: User, credential: dict[str, Any], name: str) -> Passkey:
    """Check the browser's answer to the registration options and keep the passkey."""
    state = request.session.pop(REGISTER_KEY, None)
    if not isinstance(state, dict) or state.get("user") != user.pk:
        raise PasskeyError("no registration under way")
    rp_id, origin = relying_party(request)
    try:
        parsed = parse_registration_credential_json(json.dumps(credential))
        verified = verify_registration_response(
            credential=parsed,
            expected_challenge=base64url_to_bytes(state["challenge"]),
            expected_rp_id=rp_id,
            expected_origin=origin,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise PasskeyError("registration did not verify") from error
    transports = [t.value for t in (parsed.response.transports or [])]
    credential_id = bytes_to_base64url(verified.credential_id)
    with transaction.atomic():
        if Passkey.objects.filter(credential_id=credential_id).exists():
            raise PasskeyError("this passkey is already in use")
        passkey = Passkey.objects.create(
            user=user,
            credential_id=credential_id,
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
            transports=transports,
            name=name[:60],
        )
        account_changes.record(user, AccountChange.Kind.PASSKEY_ADDED, request=request)
    return passkey


def authentication_options(request: HttpRequest, user: User | None = None) -> str:
    """Options for navigator.credentials.get(), as JSON. With a user (a staff member's
    second step): only their passkeys. Without: any passkey on the phone (discoverable)."""
    rp_id, _origin = relying_party(request)
    options = generate_authentication_options(
        rp_id=rp_id,
        timeout=TIMEOUT_MS,
        allow_credentials=_descriptors(user) if user is not None else [],
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    request.session[AUTHENTICATE_KEY] = {
        "challenge": bytes_to_base64url(options.challenge),
        "user": user.pk if user is not None else None,
    }
    return options_to_json(options)


def authenticate(request: HttpRequest, credential: dict[str, Any]) -> User:
    """Check the browser's answer to the authentication options. Returns the passkey's
    owner; raises PasskeyError for anything that does not check out."""
    state = request.session.pop(AUTHENTICATE_KEY, None)
    if not isinstance(state, dict):
        raise PasskeyError("no sign-in under way")
    rp_id, origin = relying_party(request)
    try:
        parsed = parse_authentication_credential_json(json.dumps(credential))
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise PasskeyError("not a passkey answer") from error
    with transaction.atomic():
        passkey = (
            Passkey.objects.select_for_update()
            .select_related("user")
            .filter(credential_id=bytes_to_base64url(parsed.raw_id))
            .first()
        )
        if passkey is None or not passkey.user.is_active:
            raise PasskeyError("unknown passkey")
        if state.get("user") is not None and passkey.user_id != state["user"]:
            raise PasskeyError("another person's passkey")
        handle = parsed.response.user_handle
        if handle and handle != user_handle(passkey.user):
            raise PasskeyError("the passkey names another account")
        try:
            verified = verify_authentication_response(
                credential=parsed,
                expected_challenge=base64url_to_bytes(state["challenge"]),
                expected_rp_id=rp_id,
                expected_origin=origin,
                credential_public_key=bytes(passkey.public_key),
                credential_current_sign_count=passkey.sign_count,
                require_user_verification=True,
            )
        except (WebAuthnException, ValueError, KeyError, TypeError) as error:
            raise PasskeyError("the passkey's answer did not verify") from error
        passkey.sign_count = verified.new_sign_count
        passkey.last_used_at = timezone.now()
        passkey.save(update_fields=["sign_count", "last_used_at"])
    return passkey.user


def remove(passkey: Passkey, *, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        passkey.delete()
        account_changes.record(passkey.user, AccountChange.Kind.PASSKEY_REMOVED, request=request)
