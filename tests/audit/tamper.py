"""What an attacker with the database does to the audit log, for the tests of audit-verify.

The events are committed (not in the test's transaction), so that on PostgreSQL the tampering
can be done by the owner role on its own connection while the suite itself runs as the
application role, which cannot do it at all (tests/audit/test_db_roles.py). Afterwards the
events are removed again the same way, so that other tests see the log as it was.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.db import connection, transaction

from veiligeplek.audit.models import Action, AuditEvent, ChainHead
from veiligeplek.audit.services import audit_system

Run = Callable[[str, list[Any]], None]
_APPEND_ONLY = importlib.import_module("veiligeplek.audit.migrations.0002_append_only")


@contextmanager
def guards_off() -> Iterator[Run]:
    """Run SQL on the audit tables with the append-only triggers switched off, as their owner
    (or a superuser) can; committed at once."""
    owner = os.environ.get("DATABASE_OWNER_URL", "")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in ("audit_event_no_update", "audit_event_no_delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            try:
                yield lambda sql, params: cursor.execute(sql, params)
            finally:
                for statement in _APPEND_ONLY.SQLITE_FORWARD:
                    cursor.execute(statement)
        return
    import psycopg

    if owner:
        parts = urlsplit(owner)
        url = urlunsplit(
            parts._replace(scheme="postgresql", path=f"/{connection.settings_dict['NAME']}")
        )
        conn = psycopg.connect(url, autocommit=True)
    else:  # the suite already runs as the owner (a local run without separate roles)
        conn = None
    try:
        execute: Callable[[str, list[Any]], object] = (
            conn.execute if conn else connection.cursor().execute
        )

        def run(sql: str, params: list[Any]) -> None:
            execute(sql, params)

        execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER", [])
        try:
            yield run
        finally:
            execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER", [])
    finally:
        if conn:
            conn.close()


@contextmanager
def committed_events(count: int) -> Iterator[list[AuditEvent]]:
    """``count`` committed system events; removed again afterwards (with the guards off)."""
    head, _ = ChainHead.objects.get_or_create(pk=1)
    before = (head.sequence, head.hash)
    try:
        for number in range(count):
            with transaction.atomic():
                audit_system(
                    action=Action.UPDATE,
                    object_pseudonym=f"VP-TEST-{number:04d}",
                    section="test",
                    purpose="test van de keten",
                )
        yield list(AuditEvent.objects.filter(sequence__gt=before[0]).order_by("sequence"))
    finally:
        with guards_off() as run:
            run("DELETE FROM audit_auditevent WHERE sequence > %s", [before[0]])
            run("UPDATE audit_chainhead SET sequence = %s, hash = %s WHERE id = 1", list(before))
