"""Issue 17, point 1, on PostgreSQL: the unique constraint — not the code path — refuses the
second insert of a key when two transactions race, and N simultaneous requests with one key
make one case and get one answer (tests/proof/idempotency_race.py, a database of its own)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.proof.idempotency_race import CONSTRAINT
from tests.proof.pgworld import ROOT, fresh_database

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def race(url: str, *extra: str) -> dict[str, dict[str, object]]:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tests.proof.idempotency_race", *extra],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    report: dict[str, dict[str, object]] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def test_the_constraint_refuses_the_second_insert_of_racing_transactions() -> None:
    with fresh_database("race") as url:
        report = race(url, "--clients", "8")
    inserts = report["inserts"]
    assert inserts["both_read_none"] is True  # a read-then-write would have let both through
    assert inserts["outcomes"] == ["inserted", f"refused:{CONSTRAINT}"]
    assert inserts["rows"] == 1
    service = report["service"]
    assert service["errors"] == []
    assert service["cases"] == 1 and service["keys"] == 1
    assert service["answers"] == 8 and service["distinct_answers"] == 1
    assert service["replayed"] == 7
