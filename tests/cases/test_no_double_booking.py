"""Acceptance: 100 concurrent attempts to place different cases on the same 3 beds on
PostgreSQL → exactly 3 succeed, the rest get a conflict, no bed has two active placements, and
the database itself refuses a second active placement (so the test fails without the index)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_env

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "contention.py"


def test_100_concurrent_attempts_on_3_beds_place_exactly_3() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        if require_env("REQUIRE_POSTGRES"):
            pytest.fail("REQUIRE_POSTGRES is set but DATABASE_URL is not PostgreSQL")
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    # The script creates (and drops) a database of its own: that takes the owner role, where the
    # suite itself runs as the restricted application role (docs/operations.md).
    env = {**os.environ, "DATABASE_URL": os.environ.get("DATABASE_OWNER_URL") or url}
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(SCRIPT), "--attempts", "100", "--beds", "3"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["outcomes"] == {"placed": 3, "conflict:409": 97}
    assert report["double_bookings"] == 0
    assert report["database_refuses_double_booking"] is True
