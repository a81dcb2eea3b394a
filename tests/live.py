"""A real Veilige Plek server for the smoke and browser suites, set up exactly as `make run`
does: its own SQLite file, reference data, the report's landscape, fictitious demo users, static
files collected, gunicorn on a free loopback port. Nothing is shared with the pytest database.

Logging in as a demo user takes the password and, for roles that need a second factor, a code
computed from the demo TOTP secret in var/demo-logins.txt, exactly as an authenticator app
would (``LiveApp.otp_code``)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from veiligeplek.accounts.demo_mfa import demo_code

ROOT = Path(__file__).resolve().parents[1]
LANDSCAPE = ROOT / "src" / "veiligeplek" / "data" / "landscape_2025.csv"
# The 30-second time step in which each demo user last used a code: a code is accepted once
# per user, so a second login of the same user in the same step waits for the next code.
_USED_STEPS: dict[tuple[str, str], int] = {}


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
        """A fresh code of the demo authenticator for ``username`` (never one already used)."""
        step = int(time.time()) // 30
        if _USED_STEPS.get((self.url, username), -1) >= step:
            time.sleep(30 - time.time() % 30 + 0.2)
            step = int(time.time()) // 30
        _USED_STEPS[(self.url, username)] = step
        return demo_code(self._logins_value("totp-geheim"))[0]

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


def start_live_app(var_dir: Path, *, settings: str | None = None) -> Iterator[LiveApp]:
    """A server set up like `make run`. ``settings`` replaces the test settings the server
    inherits from pytest (e.g. the base settings, whose tasks go to the database queue that a
    ``db_worker`` reads; the test settings drop them)."""
    port = free_port()
    env = {
        **os.environ,
        **({"DJANGO_SETTINGS_MODULE": settings} if settings else {}),
        "DATABASE_URL": f"sqlite:///{var_dir / 'live.sqlite3'}",
        "VAR_DIR": str(var_dir),
        "SECRET_KEY": secrets.token_urlsafe(32),
        "DEBUG": "false",
        "SECURE_COOKIES": "false",
        "DEMO_MODE": "true",
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    app = LiveApp(url=f"http://127.0.0.1:{port}", env=env, var_dir=var_dir)
    for args in (
        ("migrate", "--no-input", "-v", "0"),
        ("load-reference-data",),
        ("import-places", str(LANDSCAPE)),
        ("load-demo",),
        ("collectstatic", "--no-input", "-v", "0"),
    ):
        app.command(*args)
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
