"""Backup and restore drill (issue 17, point 7; docs/operations.md, "Backup and restore"), on
PostgreSQL, as an operator would do it: a database with the demo and its history, an audit
checkpoint written outside the database, ``pg_dump -Fc``, ``pg_restore`` into a fresh database,
then — on the restored copy — the same row count in every table, ``audit-verify`` against the
checkpoints with the same ``AUDIT_HMAC_KEY`` (and refused with another key: the key is part of
the backup, kept apart from it), and a server on the restored copy that answers.

History: ``load-demo --history-years 1 --history-per-year 150`` (``BACKUP_DRILL_YEARS`` and
``BACKUP_DRILL_PER_YEAR`` for more): one year of every kind of record the history makes
(signals, referrals, placements, outflow, waiting, audit events) through the real services,
in about a tenth of the time of the default 900 signals a year. The drill proves that every
table and the audit chain survive the round trip; its volume does not change what it proves.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.live import free_port, wait_until_up
from tests.proof.pgworld import (
    command,
    create_database,
    demo_world,
    drop_database,
    fresh_database,
    libpq,
    postgres_url,
    world_env,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
YEARS = int(os.environ.get("BACKUP_DRILL_YEARS", "1"))
PER_YEAR = int(os.environ.get("BACKUP_DRILL_PER_YEAR", "150"))


def pg_tool(name: str) -> str:
    """The newest PostgreSQL client tool on the machine (pg_dump must not be older than the
    server)."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3])
    )
    found = str(candidates[-1]) if candidates else shutil.which(name)
    if not found:
        pytest.fail(f"{name} not found (postgresql-client)")
    return found


def table_counts(url: str) -> dict[str, int]:
    import psycopg
    from psycopg import sql

    with psycopg.connect(libpq(url)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            ).fetchall()
        ]
        counts = {}
        for table in tables:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            row = conn.execute(query).fetchone()
            counts[table] = int(row[0]) if row else -1
    return counts


def get_json(url: str, token: str) -> object:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
        assert response.status == 200
        return json.loads(response.read())


def test_a_dump_restored_into_a_fresh_database_is_complete_verified_and_served(
    tmp_path: Path,
) -> None:
    owner = postgres_url()
    with fresh_database("backup") as source:
        env = world_env(source, tmp_path / "source")
        demo_world(env, "--history-years", str(YEARS), "--history-per-year", str(PER_YEAR))
        token = command(env, "api-token", "create", "demo-comensha", "--name", "drill").split()[0]
        command(env, "audit-checkpoint")
        checkpoints = tmp_path / "source" / "audit-checkpoints.jsonl"
        assert checkpoints.is_file()
        dump = tmp_path / "veiligeplek.dump"
        subprocess.run(  # noqa: S603
            [pg_tool("pg_dump"), "--format=custom", f"--file={dump}", libpq(source)],
            check=True,
            timeout=600,
        )
        before = table_counts(source)
    restored, name = create_database(owner, "restored")
    try:
        subprocess.run(  # noqa: S603
            [pg_tool("pg_restore"), "--exit-on-error", f"--dbname={libpq(restored)}", str(dump)],
            check=True,
            timeout=600,
        )
        after = table_counts(restored)
        copy = world_env(restored, tmp_path / "restored")
        verified = command(copy, "audit-verify", "--checkpoints", str(checkpoints))
        other_key = {**copy, "AUDIT_HMAC_KEY": "another-key-than-the-one-of-the-backup-" + "z" * 9}
        refused = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "veiligeplek", "audit-verify"],
            env=other_key,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [
                *(sys.executable, "-m", "gunicorn", "veiligeplek.conf.wsgi:application"),
                *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"),
            ],
            env=copy,
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/api/v1/health", server, 240)
            served = get_json(f"http://127.0.0.1:{port}/api/v1/cases", token)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        drop_database(owner, name)
    assert after == before
    for table in ("cases_case", "cases_placement", "cases_referral", "audit_auditevent"):
        assert before[table] > 0, table
    assert verified.startswith("auditlog intact"), verified
    assert refused.returncode != 0
    assert isinstance(served, list) and served, "the restored copy serves the cases"
