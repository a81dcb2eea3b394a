"""Demo users of roles that need a second factor share one TOTP secret, kept in the logins file."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import totp_code
from tests.live import STEP, DeviceState
from veiligeplek.accounts.demo_mfa import demo_code
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import MFA_ROLES
from veiligeplek.demo import demo_totp_secret, demo_users_load

pytestmark = pytest.mark.django_db

# Codes compared at one frozen instant, so that a 30-second boundary cannot fall in between.
FROZEN = time_machine.travel(1_790_000_000.0, tick=False)


@pytest.fixture
def var_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_demo_users_that_need_a_second_factor_get_the_shared_secret(var_dir: Path) -> None:
    demo_users_load()
    secret = demo_totp_secret()
    assert secret and f"totp-geheim: {secret}" in (var_dir / "demo-logins.txt").read_text()
    for user in User.objects.filter(is_demo=True):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        assert (device is not None) == (user.role in MFA_ROLES), user.username
        if device is not None:
            with FROZEN:
                assert totp_code(device) == demo_code(secret)[0]


def test_loading_the_demo_again_keeps_the_secret(var_dir: Path) -> None:
    demo_users_load()
    first = demo_totp_secret()
    demo_users_load()
    assert demo_totp_secret() == first
    assert TOTPDevice.objects.filter(user__username="demo-nla").count() == 1


def test_the_demo_code_command_prints_the_current_code(var_dir: Path) -> None:
    demo_users_load()
    out = io.StringIO()
    secret = demo_totp_secret()
    assert secret
    with FROZEN:
        call_command("demo_code", stdout=out)
        assert out.getvalue().startswith(demo_code(secret)[0])


def test_the_live_servers_codes_stay_accepted_after_many_logins_in_one_step(
    var_dir: Path,
) -> None:
    """The code helper of the live test servers (tests/live.py) follows the device's drift:
    logins of one user in quick succession use codes ahead of the clock, which move the
    device's window ahead, and a later login with the current code must still be accepted."""
    demo_users_load()
    secret = demo_totp_secret()
    assert secret
    user = User.objects.get(username="demo-privacy")
    device_state = DeviceState()
    start = 1_790_000_010.0 // STEP * STEP
    # Four logins in one step, two in a later one, five in one after that.
    moments = [start + second for second in range(1, 5)]
    moments += [start + 3 * STEP + second for second in range(1, 3)]
    moments += [start + 5 * STEP + second for second in range(1, 6)]
    # One login a step afterwards, then one after a quiet minute, when the drift comes back.
    moments += [start + step * STEP + 1 for step in (6, 7, 8, 9, 12)]
    for moment in moments:
        with time_machine.travel(moment, tick=False):
            use = device_state.pick(moment)
            assert use is not None
            device = TOTPDevice.objects.get(user=user, confirmed=True)
            assert device.verify_token(demo_code(secret, now=use * STEP + 1)[0]), moment - start
            device_state.accepted(use, moment)
            assert (device_state.last, device_state.drift) == (device.last_t, device.drift)
    assert device_state.drift < 6
