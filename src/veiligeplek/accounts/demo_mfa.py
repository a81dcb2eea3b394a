"""The second factor of the fictitious demo users: one shared TOTP secret for all of them.

One secret, so that someone trying the demo adds a single entry to an authenticator app and can
log in as every role; each user still has a device of their own, so a code used for one user
can still be used for another but never twice for the same user (replay protection).
Only ever for ``is_demo`` users; the secret sits in var/demo-logins.txt like the password.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import time
from collections.abc import Iterable
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from veiligeplek.accounts.mfa import TOTP_NAME
from veiligeplek.accounts.models import User

DEMO_LABEL = "demo (alle rollen)"


def _secret_to_hex(secret: str) -> str | None:
    try:
        return base64.b32decode(secret.upper()).hex()
    except (binascii.Error, ValueError):
        return None


@transaction.atomic
def demo_totp_load(users: Iterable[User], *, secret: str | None) -> str:
    """Give every demo user in ``users`` a confirmed TOTP device with ``secret`` (kept when it
    is valid, otherwise a new one); returns the secret in base32."""
    key = _secret_to_hex(secret) if secret else None
    if key is None:
        key = secrets.token_hex(20)
    for user in users:
        if not user.is_demo:
            raise ValueError(f"{user.username} is not a demo user")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            TOTPDevice.objects.create(user=user, name=TOTP_NAME, key=key, confirmed=True)
        elif device.key != key:
            device.key, device.last_t = key, -1
            device.save(update_fields=["key", "last_t"])
    return base64.b32encode(bytes.fromhex(key)).decode("ascii")


def demo_totp_uri(secret: str) -> str:
    issuer = settings.OTP_TOTP_ISSUER
    label = quote(f"{issuer}:{DEMO_LABEL}")
    params = urlencode(
        {"secret": secret, "issuer": issuer, "digits": 6, "period": 30}, quote_via=quote
    )
    return f"otpauth://totp/{label}?{params}"


def demo_code(secret: str, *, now: float | None = None) -> tuple[str, int]:
    """The current six-digit code for ``secret`` and the seconds it stays valid."""
    key = bytes.fromhex(_secret_to_hex(secret) or "")
    totp = TOTP(key, step=30, digits=6)
    totp.time = time.time() if now is None else now
    remaining = 30 - int(totp.time) % 30
    return f"{totp.token():06d}", remaining
