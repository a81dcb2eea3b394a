"""Idempotent intake: a retried signal gets the first answer, not a second case.

The semantics of the IETF httpapi ``Idempotency-Key`` draft: the same key with the same request
(fingerprint: SHA-256 of the canonical body) returns the first answer — same status, same body,
same case — without creating anything; the same key with another request is refused (422). A
key is scoped to its user and to the operation, so one user's key never reads another's answer.

Enforced by the unique constraint on (user, scope, key), not by a read-then-write: the key row
is inserted *first*, in the transaction that then creates the case. A second request with the
same key blocks on that insert until the first commits, is refused by the constraint, and reads
the first answer; if the first died (a killed worker), its transaction rolled back with its key
and the retry creates the case. Keys are kept ``IDEMPOTENCY_KEY_HOURS`` (at least 24 h).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veiligeplek.accounts.models import User
from veiligeplek.audit.models import Action
from veiligeplek.audit.services import AuditContext
from veiligeplek.cases.models import Case, IdempotencyKey
from veiligeplek.cases.services.common import CaseError, audit

HEADER = "Idempotency-Key"
# An sf-string (the draft): printable ASCII, quoted; a bare token is accepted as well.
KEY_PATTERN = r'^"?[!#-~]{1,255}"?$'
_KEY = re.compile(KEY_PATTERN)


class IdempotencyKeyError(CaseError):
    """A malformed key, or a key used before with another request (422, naming the header)."""

    location = "header"


@dataclass(frozen=True)
class Answer:
    status_code: int
    body: dict[str, Any]
    case: Case | None
    replayed: bool


def key_parse(raw: str) -> str:
    """The key inside the header value; 422 naming the header when it is not a key."""
    if not _KEY.fullmatch(raw):
        raise IdempotencyKeyError(
            HEADER, _("1 tot 255 zichtbare ASCII-tekens, eventueel tussen aanhalingstekens")
        )
    return raw.strip('"')


def fingerprint(payload: Any) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@transaction.atomic
def answer_once(
    *,
    ctx: AuditContext,
    scope: str,
    key: str,
    payload: Any,
    create: Callable[[], tuple[int, dict[str, Any], Case]],
) -> Answer:
    """``create()`` once per (user, scope, key); every later call gets its answer back."""
    digest, user = fingerprint(payload), ctx.user
    try:
        with transaction.atomic():
            entry = IdempotencyKey.objects.create(
                user=user, scope=scope, key=key, fingerprint=digest, created_at=timezone.now()
            )
    except IntegrityError:
        answer = _replay(user=user, scope=scope, key=key, digest=digest)
        if answer.case is not None:  # the answer shows the case's number and status again
            audit(ctx, answer.case, Action.READ, "signaal herhaald (zelfde Idempotency-Key)")
        return answer
    status_code, body, case = create()
    entry.status_code, entry.response, entry.case = status_code, body, case
    entry.save(update_fields=["status_code", "response", "case"])
    return Answer(status_code, body, case, replayed=False)


def _replay(*, user: User, scope: str, key: str, digest: str) -> Answer:
    entry = IdempotencyKey.objects.select_related("case").get(user=user, scope=scope, key=key)
    if entry.fingerprint != digest:
        raise IdempotencyKeyError(
            HEADER, _("deze sleutel is al gebruikt voor een andere aanvraag; kies een nieuwe")
        )
    if entry.status_code is None:  # only while the first is still running (not under a lock)
        raise CaseError(HEADER, _("de eerste aanvraag met deze sleutel loopt nog"), status=409)
    return Answer(entry.status_code, entry.response, entry.case, replayed=True)


def keys_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the keys older than ``IDEMPOTENCY_KEY_HOURS``; the number deleted."""
    cutoff = (now or timezone.now()) - dt.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
    deleted, _by_model = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
