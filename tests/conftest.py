"""Shared fixtures: the reference data and the report's landscape are loaded once per test
database; each test runs in a transaction that is rolled back."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import organisation_get, user_create
from tests.live import LiveApp, start_live_app
from veiligeplek.accounts.mfa import mfa_required
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.data.landscape import shipped_landscape
from veiligeplek.registry.reference import reference_data_load
from veiligeplek.registry.services import landscape_import


def load_registry() -> None:
    reference_data_load()
    landscape_import(acting_user=None, rows=shipped_landscape())


@pytest.fixture(autouse=True)
def _dutch_after_each_test() -> Iterator[None]:
    """A request with Accept-Language: en activates English for the thread; start every test
    in the default language, whatever the previous test asked for."""
    from django.utils import translation

    translation.activate("nl")
    yield
    translation.activate("nl")


def _connect_as(url: str) -> None:
    """Point the default connection at the role of ``url`` (same server, same test database)."""
    from urllib.parse import unquote, urlsplit

    from django.conf import settings
    from django.db import connections

    parts = urlsplit(url)
    connections["default"].close()
    for config in {
        id(d): d for d in (settings.DATABASES["default"], connection.settings_dict)
    }.values():
        config["USER"] = unquote(parts.username or "")
        config["PASSWORD"] = unquote(parts.password or "")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """On PostgreSQL with separate roles (``DATABASE_OWNER_URL``, as in CI), the test database
    is created and migrated by the owner role, as in production; the tests then run as the
    application role of ``DATABASE_URL``, which owns nothing (docs/operations.md)."""
    owner = os.environ.get("DATABASE_OWNER_URL", "")
    if owner and connection.vendor == "postgresql":
        _connect_as(owner)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    owner = os.environ.get("DATABASE_OWNER_URL", "")
    restricted = bool(owner) and connection.vendor == "postgresql"
    if restricted:
        _connect_as(os.environ["DATABASE_URL"])
    with django_db_blocker.unblock():
        load_registry()
    yield
    if restricted:  # the owner drops the test database again
        _connect_as(owner)


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    """Create a user with a role (``tests/factories.UserFactory``); shelter staff default to
    HVO Querido CTM, regional coordinators to VT01."""
    counter = iter(range(1, 10_000))

    def make(
        role: Role, *, organisation: str | None = None, region: str = "", **extra: Any
    ) -> User:
        fields: dict[str, Any] = {
            "role": role,
            "username": f"{role.value}-{next(counter)}",
            # Named after the role, so that a page shows whose view it is ("Welkom, Test").
            "first_name": "Test",
            "last_name": role.label,
        }
        if organisation:
            fields["organisation"] = organisation_get(organisation)
        if region:
            fields["care_region_code"] = region
        return user_create(**{**fields, **extra})

    return make


def totp_device_for(user: User) -> TOTPDevice:
    """The user's confirmed authenticator device, created if missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def session_verify(client: Client, user: User) -> None:
    """Mark the client's session as having passed the second factor, as django_otp.login does
    after a right code (the login pages themselves are tested in tests/accounts)."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
    session.save()


class VerifiedClient(Client):
    """A test client whose ``force_login`` also passes the second factor where needed."""

    def force_login(self, user: Any, backend: str | None = None) -> None:
        super().force_login(user, backend)
        if mfa_required(user):
            session_verify(self, user)


@pytest.fixture
def client_for(make_user: Callable[..., User]) -> Callable[..., Client]:
    """A test client logged in as a new user of ``role`` (or ``user=``). Where the role needs a
    second factor the session has passed it, also after a new ``force_login``, unless
    ``verified=False`` (a password-only session)."""

    def login(role: Role, *, verified: bool = True, **kwargs: Any) -> Client:
        user = kwargs.pop("user", None) or make_user(role, **kwargs)
        client = VerifiedClient() if verified else Client()
        client.force_login(user)
        client.user = user  # type: ignore[attr-defined]
        return client

    return login


@pytest.fixture(autouse=True)
def _postgres_only(request: pytest.FixtureRequest) -> None:
    """A test marked ``postgres`` is skipped on SQLite, and fails there when
    ``REQUIRE_POSTGRES`` is set (CI): it never passes without having run."""
    if request.node.get_closest_marker("postgres") is None:
        return
    if connection.vendor != "postgresql":
        if require_env("REQUIRE_POSTGRES"):
            pytest.fail("REQUIRE_POSTGRES is set but DATABASE_URL is not PostgreSQL")
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def require_env(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0", "false")


FROZEN_NOW = dt.datetime(2026, 11, 28, 3, 0, tzinfo=dt.UTC)


def run_cli(
    args: list[str], env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``veiligeplek`` command the way a user would."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "veiligeplek", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=180,
    )


@pytest.fixture(scope="session")
def cli_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment for CLI subprocesses: their own SQLite database with the reference data."""
    db = tmp_path_factory.mktemp("cli") / "cli.sqlite3"
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{db}"}
    for command in (["migrate", "-v", "0"], ["load-reference-data"]):
        result = run_cli(command, env)
        assert result.returncode == 0, result.stderr
    return env


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """A running server set up like `make run` (SQLite, demo data); see tests/live.py."""
    yield from start_live_app(tmp_path_factory.mktemp("live"))
