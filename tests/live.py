"""A real Veilige Plek server for the smoke and browser suites, set up exactly as `make run`
does: its own SQLite file, reference data, the report's landscape, fictitious demo users, static
files collected, gunicorn on a free loopback port. Nothing is shared with the pytest database;
the set-up commands run once per test session, and each server starts from a copy of their result.

Logging in as a demo user takes the password and, for roles that need a second factor, a code
computed from the demo TOTP secret in var/demo-logins.txt, exactly as an authenticator app
would (``LiveApp.otp_code``)."""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from veiligeplek.accounts.demo_mfa import demo_code

ROOT = Path(__file__).resolve().parents[1]
LANDSCAPE = ROOT / "src" / "veiligeplek" / "data" / "landscape_2025.csv"
STEP = 30
# Closer than this to the end of a time step, a code waits for the next step: the server must
# judge it in the same step the code was chosen in.
STEP_MARGIN = 3.0


@dataclass
class DeviceState:
    """What the server's authenticator device of one demo user remembers (django-otp): the last
    time step whose code it accepted (a code is accepted once) and its drift, the steps the
    user's clock was found to run ahead. It accepts a later step within one of now + drift,
    and moves its drift to the step it accepted."""

    last: int = -1
    drift: int = 0

    def pick(self, now: float) -> int | None:
        """The step to use at ``now``: of those the device accepts, the one nearest the real
        clock (so the drift comes back when it can); None when it accepts none in this step."""
        step = int(now) // STEP
        low, high = max(self.last + 1, step + self.drift - 1), step + self.drift + 1
        if low > high:
            return None
        return min(range(low, high + 1), key=lambda use: (abs(use - step), use))

    def accepted(self, use: int, now: float) -> None:
        self.last, self.drift = use, use - int(now) // STEP


_DEVICES: dict[tuple[str, str], DeviceState] = {}


@dataclass(frozen=True)
class LiveApp:
    url: str
    env: dict[str, str]
    var_dir: Path

    def _logins_value(self, label: str) -> str:
        text = (self.var_dir / "demo-logins.txt").read_text(encoding="utf-8")
        return text.split(f"{label}: ", 1)[1].split()[0]

    @property
    def demo_password(self) -> str:
        return self._logins_value("wachtwoord")

    def otp_code(self, username: str) -> str:
        """A code of the demo authenticator for ``username`` that the server accepts: the
        current step's or, when a login in this step used it, a step within the device's
        tolerance (as of a phone whose clock runs ahead); only when none is left, or the step
        is about to end, it waits for the next step."""
        device = _DEVICES.setdefault((self.url, username), DeviceState())
        while True:
            now = time.time()
            use = None if now % STEP > STEP - STEP_MARGIN else device.pick(now)
            if use is not None:
                device.accepted(use, now)
                return demo_code(self._logins_value("totp-geheim"), now=use * STEP + 1)[0]
            time.sleep(STEP - now % STEP + 0.2)

    def command(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603
            [sys.executable, "-m", "veiligeplek", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# The world every server starts from, made once per test session (and per settings module):
# the set-up commands take about half a minute, copying their result a fraction of a second.
_WORLDS: dict[str | None, tuple[Path, str]] = {}
_WORLD_LOCK = threading.Lock()  # servers may be started from several threads (the API fuzzing)
SETUP = (
    ("migrate", "--no-input", "-v", "0"),
    ("load-reference-data",),
    ("import-places", str(LANDSCAPE)),
    ("load-demo",),
    ("collectstatic", "--no-input", "-v", "0"),
)


def _environment(var_dir: Path, secret_key: str, settings: str | None) -> dict[str, str]:
    return {
        **os.environ,
        **({"DJANGO_SETTINGS_MODULE": settings} if settings else {}),
        "DATABASE_URL": f"sqlite:///{var_dir / 'live.sqlite3'}",
        "VAR_DIR": str(var_dir),
        "SECRET_KEY": secret_key,
        "DEBUG": "false",
        "SECURE_COOKIES": "false",
        "DEMO_MODE": "true",
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }


def _world(settings: str | None) -> tuple[Path, str]:
    """The folder (database, demo logins, static files) set up by the commands of `make run`,
    and the secret key it was made with; made on first use, removed when the session ends."""
    with _WORLD_LOCK:
        return _world_made(settings)


def _world_made(settings: str | None) -> tuple[Path, str]:
    if settings not in _WORLDS:
        folder = Path(tempfile.mkdtemp(prefix="vp-live-world-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        secret_key = secrets.token_urlsafe(32)
        env = _environment(folder, secret_key, settings)
        for args in SETUP:
            subprocess.run(  # noqa: S603
                [sys.executable, "-m", "veiligeplek", *args],
                env=env,
                capture_output=True,
                text=True,
                check=True,
                timeout=600,
            )
        _WORLDS[settings] = (folder, secret_key)
    return _WORLDS[settings]


def start_live_app(
    var_dir: Path, *, settings: str | None = None, extra_env: Mapping[str, str] | None = None
) -> Iterator[LiveApp]:
    """A server set up like `make run`, in ``var_dir`` (a copy of the session's freshly made
    world, so that what one server's tests create never reaches another's). ``settings``
    replaces the test settings the server inherits from pytest; ``extra_env`` adds to the
    server's environment without changing its world (e.g. ``TEST_TASKS_BACKEND``, so that its
    tasks go to the database queue that a ``db_worker`` reads; the test settings drop them)."""
    world, secret_key = _world(settings)
    shutil.copytree(world, var_dir, dirs_exist_ok=True)
    port = free_port()
    env = {**_environment(var_dir, secret_key, settings), **(extra_env or {})}
    app = LiveApp(url=f"http://127.0.0.1:{port}", env=env, var_dir=var_dir)
    server = subprocess.Popen(  # noqa: S603
        [
            *(sys.executable, "-m", "gunicorn", "veiligeplek.conf.wsgi:application"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"),
        ],
        env=env,
    )
    try:
        wait_until_up(f"{app.url}/api/v1/health", server)
        yield app
    finally:
        server.terminate()
        server.wait(timeout=20)


def wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 180) -> None:
    """Until ``url`` answers 200 (a shared, busy 2-core machine boots gunicorn slowly)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer {url} within {seconds:.0f} s")
