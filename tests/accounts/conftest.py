"""Helpers that log in through the real pages: password, then the code from the app."""

from __future__ import annotations

import time
from typing import Any

from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD
from veiligeplek.accounts.models import User


def totp_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app with this device's secret shows now (or a step later,
    within the device's tolerance, for a second login in the same 30 seconds)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def password_login(client: Client, username: str, password: str = TEST_PASSWORD) -> Any:
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def code_submit(client: Client, code: str, next_url: str = "") -> Any:
    return client.post(reverse("accounts:mfa_verify"), {"code": code, "next": next_url})


def full_login(client: Client, user: User, device: TOTPDevice) -> Any:
    """Password, then the current code; returns the answer to the code."""
    first = password_login(client, user.username)
    assert first.status_code == 302
    assert first["Location"].startswith(reverse("accounts:mfa_verify"))
    return code_submit(client, totp_code(device))


def code_wait_skip(client: Client) -> None:
    """Let this login attempt's wait after a wrong code pass (1, 2, 4 … seconds); the key is
    ``accounts.throttle.CODE_WAIT_UNTIL`` (were it renamed, the tests that wait would fail)."""
    session = client.session
    session.pop("vp_mfa_wait_until", None)
    session.save()
