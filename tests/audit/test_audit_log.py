"""The audit log (NEN 7513): append-only in the database, hash-chained, verified, and required."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from tests.audit.tamper import committed_events, guards_off
from tests.audit_check import REQUIRED
from tests.cases.conftest import ctx, facts
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.audit.models import AuditEvent
from veiligeplek.audit.services import audit_verify
from veiligeplek.cases.services.intake import signal_submit


@pytest.fixture
def some_events(people: dict[str, User]) -> list[AuditEvent]:
    for name in ("sandra", "maria", "radek"):
        signal_submit(
            ctx=ctx(people["police"]),
            facts_data=facts(name),
            urgency="normal",
            callback_name="Agent",
            callback_phone="06 1234 5678",
        )
    return list(AuditEvent.objects.order_by("sequence"))


def test_every_event_has_every_field_filled(some_events: list[AuditEvent]) -> None:
    assert [e.sequence for e in some_events] == [1, 2, 3]
    for event in some_events:
        for field in REQUIRED:
            assert getattr(event, field), field
    assert audit_verify() == []


def test_the_database_refuses_to_change_or_remove_an_event(some_events: list[AuditEvent]) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=some_events[0].pk).update(purpose="niets gezien")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=some_events[1].pk).delete()
    assert AuditEvent.objects.count() == 3


def test_audit_verify_reports_an_event_altered_behind_the_applications_back(
    django_db_setup: None, django_db_blocker: Any
) -> None:
    with django_db_blocker.unblock(), committed_events(3) as events:
        call_command("audit_verify", stdout=io.StringIO())
        with guards_off() as run:  # what only the owner or a superuser can do
            run(
                "UPDATE audit_auditevent SET actor_username = 'iemand-anders' WHERE sequence = %s",
                [events[1].sequence],
            )
        with pytest.raises(CommandError) as error:
            call_command("audit_verify", stderr=io.StringIO())
        assert error.value.returncode == 1
        problems = audit_verify()
        assert [(p.sequence, "gewijzigd" in p.message) for p in problems] == [
            (events[1].sequence, True)
        ]


def test_audit_verify_reports_a_removed_event(
    django_db_setup: None, django_db_blocker: Any
) -> None:
    with django_db_blocker.unblock(), committed_events(3) as events:
        with guards_off() as run:
            run("DELETE FROM audit_auditevent WHERE sequence = %s", [events[1].sequence])
        messages = [p.message for p in audit_verify()]
        assert any("ontbreken" in m for m in messages)
        assert any("verwijst niet" in m for m in messages)


def test_when_the_audit_log_cannot_be_written_the_request_fails_with_503_and_no_data(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    case = signal_submit(
        ctx=ctx(people["police"]),
        facts_data=facts("sandra"),
        urgency="normal",
        callback_name="Agent",
        callback_phone="06 1234 5678",
    )
    client = client_for(Role.REGIONAL_COORDINATOR, user=people["flevoland"])
    before = AuditEvent.objects.count()
    with mock.patch(
        "veiligeplek.audit.services.ChainHead.objects.select_for_update",
        side_effect=DatabaseError("disk full"),
    ):
        response = client.get(reverse("cases:detail", args=[case.number]))
    assert response.status_code == 503
    assert case.number not in response.content.decode()
    assert AuditEvent.objects.count() == before
    # The chain head is locked, then the event itself cannot be written: the same 503.
    with mock.patch.object(AuditEvent, "save", side_effect=DatabaseError("disk full")):
        response = client.get(reverse("cases:detail", args=[case.number]))
    assert response.status_code == 503
    assert case.number not in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_the_privacy_officer_sees_who_looked_at_a_case_and_that_look_is_logged(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    case = signal_submit(
        ctx=ctx(people["police"]),
        facts_data=facts("sandra"),
        urgency="normal",
        callback_name="Agent",
        callback_phone="06 1234 5678",
    )
    client_for(Role.REGIONAL_COORDINATOR, user=people["flevoland"]).get(
        reverse("cases:detail", args=[case.number])
    )
    officer_user = User.objects.create_user("officer", role=Role.PRIVACY_OFFICER)
    officer = client_for(Role.PRIVACY_OFFICER, user=officer_user)
    html = officer.get(reverse("audit:case", args=[case.number])).content.decode()
    assert people["flevoland"].username in html
    assert "dossier" in html
    assert (
        AuditEvent.objects.filter(
            object_type="auditlog", object_pseudonym=case.number, actor=officer_user
        ).count()
        == 1
    )
    html = officer.get(reverse("audit:user", args=[people["flevoland"].username])).content.decode()
    assert case.number in html


@pytest.mark.parametrize("role", [Role.REGIONAL_COORDINATOR, Role.ADMINISTRATOR, Role.COMENSHA])
def test_only_the_privacy_officer_sees_the_audit_log(
    client_for: Callable[..., Client], role: Role
) -> None:
    client = client_for(role)
    assert client.get(reverse("audit:home")).status_code == 404
    assert client.get(reverse("audit:case", args=["VP-0000-0000"])).status_code == 404


@pytest.mark.postgres  # TRUNCATE exists on PostgreSQL only (SQLite's DELETE trigger covers it)
def test_the_audit_log_cannot_be_truncated_on_postgresql(some_events: list[AuditEvent]) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent CASCADE")
    assert AuditEvent.objects.count() == 3
