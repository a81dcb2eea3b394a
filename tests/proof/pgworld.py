"""A PostgreSQL database of its own for the proof suites (race, crash, backup drill): created
next to the one of ``DATABASE_URL`` (named after it, so it stays in the caller's namespace),
migrated by the owner role, dropped afterwards. Skips without PostgreSQL, fails under
``REQUIRE_POSTGRES``."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.conftest import require_env

ROOT = Path(__file__).resolve().parents[2]
LANDSCAPE = ROOT / "src" / "veiligeplek" / "data" / "landscape_2025.csv"


def postgres_url() -> str:
    """The owner role's URL (it creates databases), or skip/fail without PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        if require_env("REQUIRE_POSTGRES"):
            pytest.fail("REQUIRE_POSTGRES is set but DATABASE_URL is not PostgreSQL")
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    return os.environ.get("DATABASE_OWNER_URL") or url


def _admin(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres", scheme="postgresql"))


def libpq(url: str) -> str:
    """The URL as libpq (psycopg, pg_dump) spells its scheme."""
    return url.replace("postgres://", "postgresql://", 1)


def database_url(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def create_database(url: str, purpose: str) -> tuple[str, str]:
    import psycopg

    base = urlsplit(url).path.lstrip("/") or "veiligeplek"
    name = f"{base}_{purpose}_{os.getpid()}"
    with psycopg.connect(_admin(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return database_url(url, name), name


def drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(_admin(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh_database(purpose: str) -> Iterator[str]:
    owner = postgres_url()
    url, name = create_database(owner, purpose)
    try:
        yield url
    finally:
        drop_database(owner, name)


def command(env: dict[str, str], *args: str, timeout: int = 600) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "veiligeplek", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        cwd=ROOT,
    )
    assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-4000:])
    return result.stdout


def world_env(url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    var_dir.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DATABASE_URL": url,
        "VAR_DIR": str(var_dir),
        "SECRET_KEY": "proof-suite-not-a-secret-" + "x" * 24,
        "AUDIT_HMAC_KEY": "proof-suite-audit-key-not-a-secret-" + "y" * 16,
        "DEBUG": "false",
        "SECURE_COOKIES": "false",
        "DEMO_MODE": "true",
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "veiligeplek.conf.settings.base",
        **extra,
    }


def demo_world(env: dict[str, str], *demo_args: str) -> None:
    """As `make run`: migrate, reference data, the landscape, the demo (``demo_args``: its
    history)."""
    command(env, "migrate", "--no-input", "-v", "0")
    command(env, "load-reference-data")
    command(env, "import-places", str(LANDSCAPE))
    command(env, "load-demo", *demo_args, timeout=1200)
