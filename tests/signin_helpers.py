"""Test helpers for the staff's second factor: a TOTP device with a known secret, and the
code an authenticator app would show (pyotp, an implementation of RFC 6238 of its own).

Django-otp accepts each time step once (and one step early or late), so `totp_code`
gives the next step this device has not used yet: signing in twice in one test works.
`SoftAuthenticator` plays a phone's passkey for tests that have no browser.
"""

import base64
import hashlib
import json
import os
import time

import cbor2
import pyotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.actions.two_factor import set_totp_secret

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # base32, 20 bytes


def give_totp(user, secret: str = SECRET) -> TOTPDevice:
    """A confirmed TOTP device for `user`, as if they had set up their app."""
    return set_totp_secret(user, secret)


def totp_code(user) -> str:
    """The six digits the user's app shows, for a time step the device has not used."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    secret = base64.b32encode(device.bin_key).decode()
    app = pyotp.TOTP(secret, digits=6, interval=30)
    while True:
        now = int(time.time()) // 30
        for step in (now, now + 1):
            if step > device.last_t:
                return app.at(step * 30)
        time.sleep(1)
        device.refresh_from_db()


class SoftAuthenticator:
    """A passkey authenticator in software, for tests without a browser: it answers
    registration and sign-in options the way a phone does (attestation "none", user
    present and verified, a P-256 key), so the server's checks run for real."""

    def __init__(self, origin: str = "http://testserver", rp_id: str = "testserver"):
        from cryptography.hazmat.primitives.asymmetric import ec

        self.origin, self.rp_id = origin, rp_id
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.user_handle = b""
        self.sign_count = 0

    def _client_data(self, kind: str, challenge: str) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": False}
        ).encode()

    def _auth_data(self, flags: int, extra: bytes = b"") -> bytes:
        rp_hash = hashlib.sha256(self.rp_id.encode()).digest()
        return rp_hash + bytes([flags]) + self.sign_count.to_bytes(4, "big") + extra

    def create(self, options: dict) -> dict:
        numbers = self.key.public_key().public_numbers()
        cose = cbor2.dumps(
            {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )
        attested = bytes(16) + len(self.credential_id).to_bytes(2, "big") + self.credential_id
        auth_data = self._auth_data(0x45, attested + cose)  # UP, UV, AT
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        self.user_handle = _unb64(options["user"]["id"])
        return {
            "id": _b64(self.credential_id),
            "rawId": _b64(self.credential_id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": _b64(self._client_data("webauthn.create", options["challenge"])),
                "attestationObject": _b64(attestation),
                "transports": ["internal"],
            },
        }

    def get(self, options: dict, *, verified: bool = True) -> dict:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec

        self.sign_count += 1
        auth_data = self._auth_data(0x05 if verified else 0x01)  # UP (and UV)
        client_data = self._client_data("webauthn.get", options["challenge"])
        signature = self.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": _b64(self.credential_id),
            "rawId": _b64(self.credential_id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": _b64(client_data),
                "authenticatorData": _b64(auth_data),
                "signature": _b64(signature),
                "userHandle": _b64(self.user_handle) if self.user_handle else None,
            },
        }


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_in(browser, user, password: str):
    """Sign `user` in through the real forms, the way a phone does: the password, and for
    staff the code from their app (a TOTP device is given if they have none). Returns the
    last response."""
    from django.urls import reverse

    staff = user.role in ("ombud", "coordinator")
    if staff and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        give_totp(user)
    response = browser.post(reverse("login"), {"username": user.username, "password": password})
    if staff and response.status_code == 302:
        response = browser.post(reverse("signin_verify"), {"otp_token": totp_code(user)})
    return response
