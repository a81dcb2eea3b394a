"""Issue 12, defect 1: on PostgreSQL the application connects as a role that owns nothing and
may only INSERT and SELECT on the audit log, so that it can neither rewrite events nor switch
the append-only triggers off (docs/operations.md, "Database roles"). CI runs the whole suite as
that role (``.ci/run``: DATABASE_URL is the app role, DATABASE_OWNER_URL migrates)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from tests.conftest import require_env

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

REFUSED = {
    "UPDATE": "UPDATE audit_auditevent SET purpose = 'niets gezien'",
    "DELETE": "DELETE FROM audit_auditevent",
    "TRUNCATE": "TRUNCATE audit_auditevent CASCADE",
    "DISABLE TRIGGER": "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update",
    "DISABLE TRIGGER ALL": "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
    "DROP TRIGGER": "DROP TRIGGER audit_event_no_update ON audit_auditevent",
    "DROP TABLE": "DROP TABLE audit_auditevent CASCADE",
    "DELETE migration history": "DELETE FROM django_migrations",
}


@pytest.fixture
def app_role() -> str:
    if connection.vendor != "postgresql":
        if require_env("REQUIRE_POSTGRES"):
            pytest.fail("REQUIRE_POSTGRES is set but the tests run on SQLite")
        pytest.skip("database roles exist on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        user, superuser = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM pg_tables WHERE tableowner = current_user")
        owned = cursor.fetchone()[0]
    if superuser or owned:
        if require_env("REQUIRE_DB_ROLES"):
            pytest.fail(
                f"the tests run as {user}, which owns {owned} tables (superuser: "
                f"{superuser}); they must run as the application role"
            )
        pytest.skip(f"the tests run as the owner {user}; set DATABASE_OWNER_URL (see .ci/run)")
    return str(user)


@pytest.mark.parametrize("what", sorted(REFUSED))
def test_the_application_role_cannot_rewrite_the_audit_log_or_its_guards(
    app_role: str, what: str
) -> None:
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(REFUSED[what])
    message = str(error.value)
    # Refused by the privileges of the role, not by the trigger (which an owner could drop).
    assert "permission denied" in message or "must be owner" in message, message


def test_the_application_role_owns_nothing_and_may_only_append_and_read_the_log(
    app_role: str,
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE grantee = current_user AND table_name = 'audit_auditevent'"
        )
        assert sorted(row[0] for row in cursor.fetchall()) == ["INSERT", "SELECT"]
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
            "WHERE r.rolname = current_user"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT rolcreatedb, rolcreaterole, rolsuper FROM pg_roles WHERE rolname = current_user"
        )
        assert cursor.fetchone() == (False, False, False)
        # ... while the ordinary tables stay writable (the app works as this role).
        cursor.execute("INSERT INTO audit_chainhead (id, sequence, hash) VALUES (99, 0, '')")
        cursor.execute("DELETE FROM audit_chainhead WHERE id = 99")
