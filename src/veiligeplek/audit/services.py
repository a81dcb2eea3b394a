"""Appending to the audit log, in the caller's transaction.

Callers (the services and selectors of case data) call ``audit_record`` inside their own
``transaction.atomic`` block: if the audit write fails, the whole operation fails and returns no
data (``AuditUnavailableError`` → HTTP 503 in the middleware).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
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
    break_glass_grant: int | None = None  # the grant under which the actor reads, if any


log = logging.getLogger("veiligeplek.audit.checkpoint")
KEY_ID_LABEL = b"veiligeplek-audit-key-id"


def _key_bytes(key: str) -> bytes:
    return key.encode("utf-8")


def key_id(key: str) -> str:
    """A fingerprint that names a key in the log without revealing it."""
    return hmac.new(_key_bytes(key), KEY_ID_LABEL, hashlib.sha256).hexdigest()[:16]


def chain_keys() -> dict[str, str]:
    """The current key and the previous ones (for verifying events after a rotation), by id."""
    keys = [settings.AUDIT_HMAC_KEY, *settings.AUDIT_HMAC_PREVIOUS_KEYS]
    return {key_id(key): key for key in keys if key}


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
    if event.key_id is not None:  # keyed events also cover the fields added with the key
        payload |= {"break_glass_grant": event.break_glass_grant, "key_id": event.key_id}
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def event_hash(event: AuditEvent, key: str | None) -> str:
    """HMAC-SHA256 of the event under ``key``; plain SHA-256 only for the unkeyed events that
    were written before keyed chaining (``key`` None)."""
    if key is None:
        return hashlib.sha256(_canonical(event)).hexdigest()
    return hmac.new(_key_bytes(key), _canonical(event), hashlib.sha256).hexdigest()


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
    """Append one event to the chain, in the current transaction. An event on a case that the
    actor reads under an active break-the-glass grant (or on a referral or a placement of such a
    case) is marked with that grant."""
    user = context.user
    grant = context.break_glass_grant
    if grant is None:
        grant = active_grants(user, object_type, [object_pseudonym]).get(object_pseudonym)
    context = dataclasses.replace(context, break_glass_grant=grant)
    return _append(
        actor=user,
        who=(user.get_username(), user.role, str(user.organisation or "-")),
        action=action,
        what=(object_type, object_pseudonym, section),
        purpose=purpose or context.purpose or "-",
        result=result,
        client_address=context.client_address or "-",
        break_glass=context.break_glass or context.break_glass_grant is not None,
        break_glass_grant=context.break_glass_grant,
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
    break_glass_grant: int | None = None,
) -> AuditEvent:
    return _append_many(
        actor=actor,
        who=who,
        action=action,
        whats=[what],
        purpose=purpose,
        result=result,
        client_address=client_address,
        break_glass=break_glass,
        break_glass_grant=break_glass_grant,
    )[0]


def _append_many(
    *,
    actor: User | None,
    who: tuple[str, str, str],
    action: Action,
    whats: Sequence[tuple[str, str, str]],
    purpose: str,
    result: Result,
    client_address: str,
    break_glass: bool,
    break_glass_grant: int | None = None,
) -> list[AuditEvent]:
    """Append one event per (object type, pseudonym, section), under one lock of the head."""
    key = settings.AUDIT_HMAC_KEY
    events: list[AuditEvent] = []
    try:
        with transaction.atomic():
            head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
            now, previous = timezone.now(), (head.sequence, head.hash)
            for what in whats:
                event = AuditEvent(
                    sequence=previous[0] + 1,
                    at=now,
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
                    break_glass_grant=break_glass_grant,
                    key_id=key_id(key),
                    previous_hash=previous[1],
                )
                event.hash = event_hash(event, key)
                event.save(force_insert=True)
                events.append(event)
                previous = (event.sequence, event.hash)
            head.sequence, head.hash = previous
            head.save(update_fields=["sequence", "hash"])
    except DatabaseError as exc:
        raise AuditUnavailableError("audit log unavailable") from exc
    every = settings.AUDIT_CHECKPOINT_EVERY
    if events and (events[0].sequence - 1) // every != events[-1].sequence // every:
        last = events[-1]
        transaction.on_commit(lambda: checkpoint_write(last.sequence, last.hash))
    return events


def audit_record_each(
    context: AuditContext,
    *,
    action: Action,
    object_type: str,
    object_pseudonyms: Sequence[str],
    section: str,
    purpose: str = "",
) -> list[AuditEvent]:
    """One event per object shown (a list of cases): so that "who saw this person" also finds
    the lists that showed her details. One lock of the chain head for all of them."""
    if not object_pseudonyms:
        return []
    user = context.user
    grants = active_grants(user, object_type, object_pseudonyms)
    by_grant: dict[int | None, list[str]] = {}
    for pseudonym in object_pseudonyms:
        by_grant.setdefault(grants.get(pseudonym, context.break_glass_grant), []).append(pseudonym)
    events: list[AuditEvent] = []
    for grant, pseudonyms in by_grant.items():
        events += _append_many(
            actor=user,
            who=(user.get_username(), user.role, str(user.organisation or "-")),
            action=action,
            whats=[(object_type, pseudonym, section) for pseudonym in pseudonyms],
            purpose=purpose or context.purpose or "-",
            result=Result.OK,
            client_address=context.client_address or "-",
            break_glass=context.break_glass or grant is not None,
            break_glass_grant=grant,
        )
    return events


GrantLookup = Callable[[User, str, Sequence[str]], dict[str, int]]
_grant_lookups: list[GrantLookup] = []


def grant_lookup_register(lookup: GrantLookup) -> None:
    """The cases app tells the log which break-the-glass grants are active (``ready()``), so
    that the log needs no import of the cases app."""
    if lookup not in _grant_lookups:
        _grant_lookups.append(lookup)


def active_grants(user: User, object_type: str, pseudonyms: Sequence[str]) -> dict[str, int]:
    """Pseudonym (of an object of ``object_type``) → id of the user's active break-the-glass
    grant that covers it."""
    found: dict[str, int] = {}
    for lookup in _grant_lookups:
        found |= lookup(user, object_type, pseudonyms)
    return found


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    hash: str
    at: str


def checkpoint_write(sequence: int, hash_: str) -> Checkpoint:
    """Record the chain head outside the database: a log line and a line appended to
    ``AUDIT_CHECKPOINT_FILE`` (opened append-only; make the file append-only or ship it
    elsewhere too, see docs/operations.md). Whoever later cuts the tail or recomputes the chain
    cannot make it agree with these lines."""
    point = Checkpoint(sequence=sequence, hash=hash_, at=timezone.now().isoformat())
    log.info("audit checkpoint sequence=%s hash=%s at=%s", point.sequence, point.hash, point.at)
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(point.__dict__, sort_keys=True) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)
    return point


def checkpoint_head() -> Checkpoint | None:
    """A checkpoint of the current head (the deadline sweep and `audit-checkpoint` call it)."""
    head = ChainHead.objects.filter(pk=1).first()
    if head is None or head.sequence == 0:
        return None
    return checkpoint_write(head.sequence, head.hash)


def checkpoints_read(path: Path) -> tuple[list[Checkpoint], list[ChainProblem]]:
    points: list[Checkpoint] = []
    problems: list[ChainProblem] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            points.append(Checkpoint(int(data["sequence"]), str(data["hash"]), str(data["at"])))
        except (ValueError, KeyError, TypeError):
            problems.append(ChainProblem(0, f"controlepunt regel {number} onleesbaar"))
    return points, problems


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    message: str


def audit_verify(checkpoints: list[Checkpoint] | None = None) -> list[ChainProblem]:
    """Recompute the chain under the keys: any altered, removed or inserted event is reported,
    and, given the checkpoints written outside the database, a chain that was cut short (head
    moved back) or recomputed without the key."""
    problems: list[ChainProblem] = []
    keys = chain_keys()
    pinned = {point.sequence: point for point in checkpoints or []}
    previous_hash, expected, keyed_seen = "0" * 64, 1, False
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
        problems += _event_problems(event, keys, keyed_seen)
        keyed_seen = keyed_seen or event.key_id is not None
        point = pinned.pop(event.sequence, None)
        if point is not None and point.hash != event.hash:
            problems.append(
                ChainProblem(event.sequence, f"wijkt af van het controlepunt van {point.at}")
            )
        previous_hash, expected = event.hash, event.sequence + 1
    head = ChainHead.objects.filter(pk=1).first()
    if head and head.sequence != expected - 1:
        problems.append(ChainProblem(head.sequence, "de laatste gebeurtenis(sen) ontbreken"))
    for point in sorted(pinned.values(), key=lambda p: p.sequence):
        problems.append(
            ChainProblem(
                point.sequence, f"ontbreekt, maar stond in het controlepunt van {point.at}"
            )
        )
    return problems


def _event_problems(
    event: AuditEvent, keys: dict[str, str], keyed_seen: bool
) -> list[ChainProblem]:
    if event.key_id is None:
        if keyed_seen:
            return [ChainProblem(event.sequence, "zonder sleutel na gesleutelde gebeurtenissen")]
        key = None
    elif event.key_id in keys:
        key = keys[event.key_id]
    else:
        return [ChainProblem(event.sequence, f"onbekende sleutel {event.key_id}")]
    if not hmac.compare_digest(event_hash(event, key), event.hash):
        return [ChainProblem(event.sequence, "inhoud gewijzigd (hash klopt niet)")]
    return []
