"""The application's database role on PostgreSQL (docs/operations.md, "Database roles").

Migrations run as the owner role; the application connects as ``DATABASE_APP_ROLE``, a role that
owns nothing. After every ``migrate`` (as the owner) this grants that role what the application
needs and no more: reading and writing the ordinary tables, reading the migration history, and
only INSERT and SELECT on the audit log. Owning nothing, it cannot ALTER, DISABLE or DROP a
trigger, TRUNCATE, or change a table; lacking UPDATE and DELETE on the audit log, it cannot
rewrite an event even with the triggers gone.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connections

AUDIT_TABLE = "audit_auditevent"
READ_ONLY = ("django_migrations",)


def grant_statements(role: str, tables: list[str]) -> list[str]:
    quoted = '"' + role.replace('"', '""') + '"'
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
    ]
    for table in sorted(tables):
        if table == AUDIT_TABLE or table in READ_ONLY:
            privileges = "SELECT, INSERT" if table == AUDIT_TABLE else "SELECT"
        else:
            privileges = "SELECT, INSERT, UPDATE, DELETE"
        statements.append(f'GRANT {privileges} ON TABLE "{table}" TO {quoted}')
    return statements


def app_role_grant(using: str = "default", **_: Any) -> None:
    """post_migrate: (re)grant the application role; a no-op without DATABASE_APP_ROLE or on
    SQLite (one file, one user: the triggers and the keyed chain are its protection)."""
    role = getattr(settings, "DATABASE_APP_ROLE", "")
    connection = connections[using]
    if not role or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for statement in grant_statements(role, tables):
            cursor.execute(statement)
