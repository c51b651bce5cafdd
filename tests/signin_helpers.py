"""Test helpers for the staff's second factor: a TOTP device with a known secret, and the
code an authenticator app would show (pyotp, an implementation of RFC 6238 of its own).

Django-otp accepts each time step once (and one step early or late), so `totp_code`
gives the next step this device has not used yet: signing in twice in one test works.
"""

import base64
import time

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
