"""What signing in keeps: passkeys, recovery codes, and a client's request for a new
password. (TOTP devices are django-otp's TOTPDevice; throttling is django-axes'.)"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Passkey(models.Model):
    """A WebAuthn credential: the public key of a passkey on the person's phone or key.

    Staff use it as their second factor, clients (if they like) instead of the password.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passkeys"
    )
    # base64url of the authenticator's credential id, as the browser sends it back.
    credential_id = models.CharField(max_length=1400, unique=True)
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    transports = models.JSONField(default=list, blank=True)
    name = models.CharField(_("namn"), max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Passkey {self.pk}"


class RecoveryCode(models.Model):
    """One of a staff member's one-time recovery codes. Only a salted hash is kept; the
    codes are shown once, when they are made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    salt = models.CharField(max_length=32)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"RecoveryCode {self.pk}"


class PasswordResetRequest(models.Model):
    """A client asked in the app for a new password. Their ombud sees it on the plan and
    may then make an invite; redeeming it clears the request."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reset_request"
    )
    requested_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"PasswordResetRequest {self.pk}"
