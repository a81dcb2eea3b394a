"""Appending to the audit log, in the caller's transaction.

Callers (the services and selectors of case data) call ``audit_record`` inside their own
``transaction.atomic`` block: if the audit write fails, the whole operation fails and returns no
data (``AuditUnavailableError`` → HTTP 503 in the middleware).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import DatabaseError, transaction
from django.utils import timezone

from veiligeplek.accounts.models import User
from veiligeplek.audit.models import Action, AuditEvent, ChainHead, Result


class AuditUnavailableError(RuntimeError):
    """The audit log could not be written: the request must fail and return nothing."""


@dataclass(frozen=True)
class AuditContext:
    """Who acts, from where, and why: passed from the request to the services."""

    user: User
    client_address: str = ""
    purpose: str = ""
    break_glass: bool = False


def _canonical(event: AuditEvent) -> bytes:
    payload = {
        "sequence": event.sequence,
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "actor_username": event.actor_username,
        "actor_role": event.actor_role,
        "actor_organisation": event.actor_organisation,
        "action": event.action,
        "object_type": event.object_type,
        "object_pseudonym": event.object_pseudonym,
        "section": event.section,
        "purpose": event.purpose,
        "result": event.result,
        "client_address": event.client_address,
        "break_glass": event.break_glass,
        "previous_hash": event.previous_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def audit_record(
    context: AuditContext,
    *,
    action: Action,
    object_type: str,
    object_pseudonym: str,
    section: str,
    purpose: str = "",
    result: Result = Result.OK,
) -> AuditEvent:
    """Append one event to the chain, in the current transaction."""
    user = context.user
    return _append(
        actor=user,
        who=(user.get_username(), user.role, str(user.organisation or "-")),
        action=action,
        what=(object_type, object_pseudonym, section),
        purpose=purpose or context.purpose or "-",
        result=result,
        client_address=context.client_address or "-",
        break_glass=context.break_glass,
    )


SYSTEM = ("veiligeplek-systeem", "system", "Veilige Plek")


def audit_system(
    *, action: Action, object_pseudonym: str, section: str, purpose: str
) -> AuditEvent:
    """An event for what the system itself does to case data (escalation, an expired hold,
    retention), so that the log also shows changes nobody clicked."""
    return _append(
        actor=None,
        who=SYSTEM,
        action=action,
        what=("case", object_pseudonym, section),
        purpose=purpose,
        result=Result.OK,
        client_address="-",
        break_glass=False,
    )


def _append(
    *,
    actor: User | None,
    who: tuple[str, str, str],
    action: Action,
    what: tuple[str, str, str],
    purpose: str,
    result: Result,
    client_address: str,
    break_glass: bool,
) -> AuditEvent:
    try:
        with transaction.atomic():
            head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
            event = AuditEvent(
                sequence=head.sequence + 1,
                at=timezone.now(),
                actor=actor,
                actor_username=who[0],
                actor_role=who[1],
                actor_organisation=who[2],
                action=action,
                object_type=what[0],
                object_pseudonym=what[1],
                section=what[2],
                purpose=purpose,
                result=result,
                client_address=client_address,
                break_glass=break_glass,
                previous_hash=head.hash,
            )
            event.hash = event_hash(event)
            event.save(force_insert=True)
            head.sequence, head.hash = event.sequence, event.hash
            head.save(update_fields=["sequence", "hash"])
            return event
    except DatabaseError as exc:
        raise AuditUnavailableError("audit log unavailable") from exc


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    message: str


def audit_verify() -> list[ChainProblem]:
    """Recompute the chain: any altered, removed or inserted event is reported."""
    problems: list[ChainProblem] = []
    previous_hash, expected = "0" * 64, 1
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        if event.sequence != expected:
            problems.append(
                ChainProblem(
                    expected, f"gebeurtenis(sen) {expected}–{event.sequence - 1} ontbreken"
                )
            )
        if event.previous_hash != previous_hash:
            problems.append(
                ChainProblem(event.sequence, "verwijst niet naar de vorige gebeurtenis")
            )
        if event_hash(event) != event.hash:
            problems.append(ChainProblem(event.sequence, "inhoud gewijzigd (hash klopt niet)"))
        previous_hash, expected = event.hash, event.sequence + 1
    head = ChainHead.objects.filter(pk=1).first()
    if head and head.sequence != expected - 1:
        problems.append(ChainProblem(head.sequence, "de laatste gebeurtenis(sen) ontbreken"))
    return problems
