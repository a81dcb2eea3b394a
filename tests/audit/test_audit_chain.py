"""Issue 12, defect 1 (second half): a chain that a rewrite cannot forge. Events are chained with
HMAC-SHA256 under a key outside the database, and checkpoints of the chain head written outside
the database make `audit-verify --checkpoints FILE` catch what a recomputation or a cut tail
would otherwise hide. Each scenario is done as an attacker with full control of the database
would do it: the triggers off, the project's own ``event_hash``, but not the key."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from tests.audit.tamper import committed_events, guards_off
from veiligeplek.audit.models import AuditEvent, ChainHead
from veiligeplek.audit.services import audit_verify, checkpoint_head, event_hash, key_id

EVENTS = 8


@pytest.fixture
def chain(
    django_db_setup: None, django_db_blocker: Any, tmp_path: Path
) -> Iterator[tuple[list[AuditEvent], Path]]:
    """Eight committed events with a checkpoint after the sixth and one after the last."""
    checkpoints = tmp_path / "checkpoints.jsonl"
    with (
        django_db_blocker.unblock(),
        override_settings(AUDIT_CHECKPOINT_FILE=checkpoints),
        committed_events(EVENTS) as events,
    ):
        yield events, checkpoints


def verify(checkpoints: Path | None = None) -> str:
    """Run the command as an operator would; '' when intact, else its complaints."""
    options: dict[str, Any] = {"checkpoints": str(checkpoints)} if checkpoints else {}
    stderr = io.StringIO()
    try:
        call_command("audit_verify", stderr=stderr, stdout=io.StringIO(), **options)
    except CommandError as error:
        assert error.returncode == 1
        return f"{error}\n{stderr.getvalue()}"
    return ""


def rewrite(event: AuditEvent, key: str | None, **changes: Any) -> AuditEvent:
    for field, value in changes.items():
        setattr(event, field, value)
    event.hash = event_hash(event, key)
    return event


def store(run: Any, events: list[AuditEvent]) -> None:
    for event in events:
        run(
            "UPDATE audit_auditevent SET purpose = %s, key_id = %s, previous_hash = %s, hash = %s"
            " WHERE sequence = %s",
            [event.purpose, event.key_id, event.previous_hash, event.hash, event.sequence],
        )
    last = events[-1]
    run(
        "UPDATE audit_chainhead SET sequence = %s, hash = %s WHERE id = 1",
        [last.sequence, last.hash],
    )


def checkpoint(events: list[AuditEvent], upto: int) -> None:
    """The periodic checkpoint as it was written when event ``upto`` was the head."""
    ChainHead.objects.filter(pk=1).update(sequence=events[upto].sequence, hash=events[upto].hash)
    checkpoint_head()
    ChainHead.objects.filter(pk=1).update(sequence=events[-1].sequence, hash=events[-1].hash)


def test_the_chain_is_keyed_and_checkpoints_go_to_the_log_and_the_file(
    chain: tuple[list[AuditEvent], Path], caplog: pytest.LogCaptureFixture
) -> None:
    events, checkpoints = chain
    with caplog.at_level("INFO", logger="veiligeplek.audit.checkpoint"):
        point = checkpoint_head()
    assert point is not None and point.sequence == events[-1].sequence
    assert f"sequence={point.sequence} hash={point.hash}" in caplog.text
    line = json.loads(checkpoints.read_text().splitlines()[-1])
    assert line["sequence"] == events[-1].sequence and line["hash"] == events[-1].hash
    assert {e.key_id for e in events} == {key_id("test-only-audit-key-not-for-production")}
    assert event_hash(events[0], None) != events[0].hash  # not plain SHA-256 any more
    assert verify(checkpoints) == ""


def test_one_changed_event_is_found(chain: tuple[list[AuditEvent], Path]) -> None:
    events, checkpoints = chain
    checkpoint(events, -1)
    with guards_off() as run:
        run(
            "UPDATE audit_auditevent SET purpose = 'niets' WHERE sequence = %s",
            [events[3].sequence],
        )
    assert "1 probleem" in verify()
    assert verify(checkpoints)


def test_a_chain_recomputed_with_the_projects_code_but_without_the_key_is_found(
    chain: tuple[list[AuditEvent], Path],
) -> None:
    events, checkpoints = chain
    checkpoint(events, 5)
    # The attacker changes event 3 and recomputes every hash after it with event_hash: once
    # with a guessed key, once as unkeyed (pre-key) events from the start of the chain.
    previous = events[2].hash
    forged = []
    for event in events[3:]:
        forged.append(rewrite(event, "geraden-sleutel", previous_hash=previous, purpose="x"))
        previous = forged[-1].hash
    with guards_off() as run:
        store(run, forged)
    assert verify()  # wrong key: caught by the key alone
    previous = "0" * 64
    unkeyed = []
    for event in AuditEvent.objects.order_by("sequence"):
        unkeyed.append(rewrite(event, None, previous_hash=previous, key_id=None))
        previous = unkeyed[-1].hash
    with guards_off() as run:
        store(run, unkeyed)
    assert audit_verify() == []  # a consistent unkeyed chain: only the checkpoints show it
    assert "controlepunt" in verify(checkpoints)


def test_a_cut_tail_with_the_head_moved_back_is_found(chain: tuple[list[AuditEvent], Path]) -> None:
    events, checkpoints = chain
    checkpoint(events, -1)
    keep = events[-4]
    with guards_off() as run:
        run("DELETE FROM audit_auditevent WHERE sequence > %s", [keep.sequence])
        run(
            "UPDATE audit_chainhead SET sequence = %s, hash = %s WHERE id = 1",
            [keep.sequence, keep.hash],
        )
    assert verify() == ""  # consistent in itself
    assert f"gebeurtenis {events[-1].sequence}: ontbreekt" in verify(checkpoints)


def test_events_keyed_with_a_previous_key_still_verify_after_a_rotation(
    chain: tuple[list[AuditEvent], Path],
) -> None:
    events, _ = chain
    with override_settings(
        AUDIT_HMAC_KEY="nieuwe-sleutel-na-rotatie",
        AUDIT_HMAC_PREVIOUS_KEYS=["test-only-audit-key-not-for-production"],
    ):
        assert audit_verify() == []
    with override_settings(AUDIT_HMAC_KEY="nieuwe-sleutel-na-rotatie", AUDIT_HMAC_PREVIOUS_KEYS=[]):
        assert {p.message for p in audit_verify()} == {f"onbekende sleutel {events[0].key_id}"}


def test_a_missing_checkpoint_file_is_exit_2(chain: tuple[list[AuditEvent], Path]) -> None:
    with pytest.raises(CommandError) as error:
        call_command("audit_verify", checkpoints="/nonexistent/checkpoints.jsonl")
    assert error.value.returncode == 2
