"""The second factor (django-otp): who needs it, enrolment, verification, recovery codes.

Rule (issue 6, item 3; docs/adr/0004-authentication.md): every role that can see personal data or
shelter addresses (``roles.MFA_ROLES``), and every staff or superuser account, must verify a
second factor before any page; anyone who has enrolled a device is always asked for it. A
password-only session reaches only the login, second-factor and logout pages.

Factors: TOTP (RFC 6238) in an authenticator app, enrolled by QR code (inline SVG drawn here,
no external service) or by typing the secret; ten single-use recovery codes for a lost phone.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass

import segno
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import MFA_ROLES

TOTP_NAME = "Authenticator-app"
RECOVERY_NAME = "Herstelcodes"
RECOVERY_CODE_COUNT = 10
_CACHE_ATTRIBUTE = "_vp_mfa_required"


def mfa_required(user: object) -> bool:
    """Must this (authenticated) user verify a second factor? Cached on the user object, which
    lives for one request."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = (
            user.role in MFA_ROLES
            or user.is_staff
            or user.is_superuser
            or has_confirmed_device(user)
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return bool(cached)


def is_verified(user: object) -> bool:
    """Did this session verify a second factor? (``OTPMiddleware`` installs ``is_verified``.)"""
    check = getattr(user, "is_verified", None)
    return bool(callable(check) and check())


def mfa_pending(user: object) -> bool:
    """An authenticated session that still owes its second factor."""
    return mfa_required(user) and not is_verified(user)


def has_confirmed_device(user: User) -> bool:
    return bool(
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticDevice.objects.filter(user=user, confirmed=True).exists()
    )


def confirmed_totp(user: User) -> TOTPDevice | None:
    device: TOTPDevice | None = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device


def pending_totp(user: User) -> TOTPDevice:
    """The not yet confirmed TOTP device that enrolment shows, created on first visit."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": TOTP_NAME}
    )
    return device


@dataclass(frozen=True)
class Enrolment:
    secret: str  # base32, as authenticator apps expect when typed in
    uri: str  # otpauth://totp/… for the QR code
    qr_svg: str  # inline SVG, no script, no style attribute


def enrolment_for(device: TOTPDevice) -> Enrolment:
    uri = str(device.config_url)
    return Enrolment(secret=totp_secret(device), uri=uri, qr_svg=qr_svg(uri))


def totp_secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii")


def qr_svg(data: str) -> str:
    qr = segno.make(data, error="m")
    return str(
        qr.svg_inline(
            scale=4, dark="#000", light="#fff", svgclass="vp-qr", title="QR-code", omitsize=True
        )
    )


@transaction.atomic
def enrolment_confirm(request: HttpRequest, user: User, device: TOTPDevice, code: str) -> bool:
    """Confirm ``device`` when ``code`` is right; the session is then verified with it."""
    if not _verify(device, code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    verified_login(request, device)
    return True


def recovery_codes_create(user: User) -> list[str]:
    """Replace the user's recovery codes with new ones; shown once, stored as given (the
    static device compares them in the database, like django-otp's own admin)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


class ThrottledError(Exception):
    """Too many wrong codes in a row for this device: wait (1, 2, 4 … seconds)."""


def code_verify(user: User, code: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts ``code``: six digits for the app, otherwise a recovery code."""
    code = "".join(code.split()).lower()
    device: TOTPDevice | StaticDevice | None
    if code.isdigit() and len(code) == 6:
        device = confirmed_totp(user)
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, _ = locked.verify_is_allowed()
        if not allowed:
            raise ThrottledError
        return locked if locked.verify_token(code) else None


def code_reused(user: User, code: str) -> bool:
    """Whether ``code`` is an app code that was right but is already used: a code is accepted
    once, so a second login in the same 30 seconds needs the next one."""
    code = "".join(code.split())
    device = confirmed_totp(user)
    if device is None or not (code.isdigit() and len(code) == 6) or device.last_t < 0:
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = time.time()
    for offset in range(-device.tolerance, device.tolerance + 1):
        totp.time = now + offset * device.step
        if totp.t() <= device.last_t and totp.token() == int(code):
            return True
    return False


def _verify(device: TOTPDevice, code: str) -> bool:
    code = "".join(code.split())
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise ThrottledError
    return bool(code.isdigit() and device.verify_token(code))


def verified_login(request: HttpRequest, device: TOTPDevice | StaticDevice) -> None:
    """Mark the session verified, under a new session id (a step up in privilege)."""
    otp_login(request, device)
    request.session.cycle_key()


@transaction.atomic
def mfa_reset(user: User) -> None:
    """Remove every device (lost phone): the user enrols again at the next login, and every
    session verified with the old device ends."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.session_epoch += 1
    user.save(update_fields=["session_epoch"])
