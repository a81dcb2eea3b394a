"""`veiligeplek check --deploy` is clean under production settings (issue 6, item 4).

Run in a subprocess, because settings are read once from the environment at start-up."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

PRODUCTION = {
    "DEBUG": "false",
    "SECURE_COOKIES": "true",
    "ALLOWED_HOSTS": "veiligeplek.example.nl",
    "CSRF_TRUSTED_ORIGINS": "https://veiligeplek.example.nl",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO=https",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}
# Settings of the calling environment that must not leak into the production check.
CLEARED = (
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
)


def deploy_check(tmp_path: Path, **overrides: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in CLEARED}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the production settings, not the test ones
    env.update(
        PRODUCTION,
        SECRET_KEY=secrets.token_urlsafe(50),
        VAR_DIR=str(tmp_path),
        VEILIGEPLEK_HOME=str(tmp_path),  # so that no local .env of the checkout is read
        DATABASE_URL=f"sqlite:///{tmp_path / 'check.sqlite3'}",
    )
    env.update(overrides)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "veiligeplek", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_deploy_check_is_clean_under_production_settings(tmp_path: Path) -> None:
    result = deploy_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_catches_weakened_settings(tmp_path: Path) -> None:
    """The check above can fail: one run with HTTPS protections switched off."""
    weakened = {"SECURE_HSTS_SECONDS": "0", "SECURE_COOKIES": "false", "SECURE_SSL_REDIRECT": "0"}
    result = deploy_check(tmp_path, **weakened)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stdout + result.stderr
