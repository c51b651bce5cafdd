"""Staff's second factor: a TOTP app (django-otp's TOTPDevice: RFC 6238, SHA-1, six
digits, 30 seconds) and one-time recovery codes. Passkeys are in portal/actions/passkeys.py.

Secrets never leave this module except to be shown once to their owner: the TOTP
secret while it is being set up, the recovery codes when they are made. Neither is
logged; recovery codes are kept only as salted SHA-256 hashes, compared in constant
time.
"""

import base64
import hashlib
import hmac
import secrets
import time

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import security_log
from portal.actions import account_changes
from portal.actions.contacts import CODE_ALPHABET
from portal.models import AccountChange, RecoveryCode, User

TOTP_NAME = "Autentiseringsapp"
RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_LENGTH = 10  # 31 symbols ** 10: about 50 bits, with a 128-bit salt each


def _digits(token: str) -> str:
    """ "123 456" and "123-456" are the same six digits; anything else is no code."""
    token = "".join(ch for ch in token if not ch.isspace() and ch != "-")
    return token if len(token) == 6 and token.isascii() and token.isdigit() else ""


def start_totp(user: User) -> TOTPDevice:
    """The device being set up: unconfirmed until the person types a code from it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def drop_unconfirmed_totp(user: User) -> None:
    """A secret shown during set-up but never confirmed (a passkey was chosen instead)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()


def confirm_totp(user: User, token: str, *, request: HttpRequest | None = None) -> bool:
    """The person typed a code from the new app: it becomes their TOTP device (the one)."""
    code = _digits(token)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None or not code or not device.verify_token(code):
            return False
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        account_changes.record(user, AccountChange.Kind.APP_ADDED, request=request)
    return True


def verify_totp(user: User, token: str) -> bool:
    """A code from the person's app. A code is accepted once only (django-otp keeps the
    last time step used), one step early or late is fine (clocks drift)."""
    code = _digits(token)
    if not code:
        return False
    with transaction.atomic():
        for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(code):
                return True
    return False


def refused_as_used(user: User, token: str, *, request: HttpRequest | None = None) -> bool:
    """After verify_totp said no: was it a right code that had been used already (a
    time step at or before the last one accepted)? Then someone else may have seen it:
    it is logged and the person is told (OWASP ASVS 2.8.5). Returns whether it was."""
    code = _digits(token)
    if not code:
        return False
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        if totp.verify(int(code), device.tolerance) and totp.t() <= device.last_t:
            security_log.event("totp.reused", request=request, user_id=user.pk)
            account_changes.record(user, AccountChange.Kind.CODE_REUSED, request=request)
            return True
    return False


def base32_secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


def grouped(secret: str, size: int = 4) -> str:
    """ "ABCDEFGH..." → "ABCD EFGH ..." for typing it into an app by hand."""
    return " ".join(secret[i : i + size] for i in range(0, len(secret), size))


def set_totp_secret(user: User, base32: str) -> TOTPDevice:
    """A confirmed TOTP device with a known secret. For `manage.py demo` only: a real
    person's secret is made at random (start_totp) and confirmed with a code."""
    key = base64.b32decode(base32).hex()
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, key=key, confirmed=True)


def _digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def _normalize_recovery(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def make_recovery_codes(user: User, *, request: HttpRequest | None = None) -> list[str]:
    """Ten new one-time codes; any earlier ones stop working. Shown once: only their
    hashes are kept."""
    codes = [
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        rows = []
        for code in codes:
            salt = secrets.token_hex(16)
            rows.append(RecoveryCode(user=user, salt=salt, digest=_digest(salt, code)))
        RecoveryCode.objects.bulk_create(rows)
        account_changes.record(user, AccountChange.Kind.RECOVERY_CODES, request=request)
    half = RECOVERY_CODE_LENGTH // 2
    return [f"{code[:half]}-{code[half:]}" for code in codes]


def use_recovery_code(user: User, code: str) -> bool:
    """True, once, for each of the user's codes. Every unused code is compared, in
    constant time, so the answer takes as long whichever code matched."""
    typed = _normalize_recovery(code)
    if len(typed) != RECOVERY_CODE_LENGTH:
        return False
    with transaction.atomic():
        matched = None
        for row in RecoveryCode.objects.select_for_update().filter(user=user, used_at=None):
            if hmac.compare_digest(row.digest, _digest(row.salt, typed)):
                matched = row
        if matched is None:
            return False
        matched.used_at = timezone.now()
        matched.save(update_fields=["used_at"])
    return True


def remove_second_factors(user: User) -> None:
    """Every second factor and recovery code of the user (a lost phone: an administrator
    runs `manage.py reset_second_factor`); they set up a new one at their next sign-in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        user.passkeys.all().delete()
        account_changes.record(user, AccountChange.Kind.FACTORS_RESET)
