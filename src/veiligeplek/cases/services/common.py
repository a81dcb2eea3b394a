"""What every case service needs: errors, the timeline, notifications, audit, on-call lookup."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Any

from django import dispatch
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import PLACING_ROLES, Role
from veiligeplek.audit.models import Action
from veiligeplek.audit.services import AuditContext, audit_record
from veiligeplek.cases.models import (
    Case,
    Deadline,
    Notification,
    OnCallShift,
    Signal,
    TimelineEvent,
)
from veiligeplek.cases.workflow import CaseStatus, check_transition
from veiligeplek.domain.enums import PlacementAuthority

log = logging.getLogger(__name__)
CASE_NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U


class CaseError(ValueError):
    """A refused change: ``field`` names the input, ``status`` is 422 (invalid) or 409."""

    def __init__(self, field: str, message: str, *, status: int = 422) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.status = status


class ConflictError(CaseError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(field, message, status=409)


def new_case_number() -> str:
    """A pseudonym that reveals nothing (no date, no sequence): VP-7K3M-Q9TX."""
    while True:
        raw = "".join(secrets.choice(CASE_NUMBER_ALPHABET) for _ in range(8))
        number = f"VP-{raw[:4]}-{raw[4:]}"
        if not Case.objects.filter(number=number).exists():
            return number


def record(
    case: Case, kind: str, *, actor: User | None, at: dt.datetime | None = None, **detail: Any
) -> TimelineEvent:
    return TimelineEvent.objects.create(
        case=case,
        at=at or timezone.now(),
        kind=kind,
        actor=actor,
        actor_organisation=str(actor.organisation or "") if actor else "Veilige Plek",
        detail=detail,
    )


def audit(ctx: AuditContext, case: Case, action: Action, section: str, purpose: str = "") -> None:
    audit_record(
        ctx,
        action=action,
        object_type="case",
        object_pseudonym=case.number,
        section=section,
        purpose=purpose,
    )


def move(case: Case, target: CaseStatus) -> None:
    check_transition(case.status, target)
    case.status = target
    if target == CaseStatus.CLOSED:
        case.closed_at = timezone.now()
    case.save(update_fields=["status", "closed_at"])


def ensure_picked_up(case: Case, user: User) -> None:
    """Acting on a new signal is picking it up: the escalation clock stops, whoever of those
    who place acts first."""
    signal = Signal.objects.filter(case=case).first()
    if signal is None or signal.picked_up_at is not None or user.role not in PLACING_ROLES:
        return
    now = timezone.now()
    signal.picked_up_at, signal.picked_up_by = now, user
    signal.save(update_fields=["picked_up_at", "picked_up_by"])
    case.deadlines.filter(kind=Deadline.Kind.SIGNAL_PICKUP, done_at__isnull=True).update(
        done_at=now
    )
    if case.status == CaseStatus.NEW:
        move(case, CaseStatus.ASSESSING)
    record(case, TimelineEvent.Kind.PICKED_UP, actor=user)


def notify(users: list[User], case: Case | None, message: str) -> None:
    """In-app inbox plus an e-mail, sent once the transaction commits (a slow mail server never
    holds up a booking). Messages name the case number, never the person."""
    now = timezone.now()
    recipients = [u for u in dict.fromkeys(users) if u.is_active]
    Notification.objects.bulk_create(
        [Notification(recipient=u, case=case, created_at=now, message=message) for u in recipients]
    )
    addresses = [u.email for u in recipients if u.email]
    if addresses:
        number = case.number if case else "-"
        transaction.on_commit(lambda: _send_mail(message, addresses, number))


def _send_mail(message: str, addresses: list[str], number: str) -> None:
    body = (
        f"{message}\n\n{settings.SITE_URL}/inbox/\n\n"
        "Veilige Plek (deze e-mail bevat geen persoonsgegevens)"
    )
    try:
        mail.send_mail(f"Veilige Plek: {message[:60]}", body, None, addresses)
    except OSError:
        # The inbox has it; a mail outage must not undo the case change. No personal data.
        log.exception("notification e-mail failed for case %s", number)


def on_duty(scope: str, region: str = "", *, at: dt.datetime | None = None) -> list[User]:
    at = at or timezone.now()
    shifts = OnCallShift.objects.filter(scope=scope, starts_at__lte=at, ends_at__gt=at)
    if scope == OnCallShift.Scope.REGION:
        shifts = shifts.filter(care_region_code=region)
    return [s.user for s in shifts.select_related("user", "user__organisation") if s.user.is_active]


def on_duty_for_authority(
    authority: str, region: str, *, at: dt.datetime | None = None
) -> list[User]:
    if authority == PlacementAuthority.COMENSHA:
        return on_duty(OnCallShift.Scope.COMENSHA, at=at)
    if authority == PlacementAuthority.NLA:
        return on_duty(OnCallShift.Scope.NLA, at=at)
    return on_duty(OnCallShift.Scope.REGION, region, at=at)


def national_fallback() -> list[User]:
    """CoMensha on duty; if the roster is empty, every active CoMensha user (never nobody)."""
    users = on_duty(OnCallShift.Scope.COMENSHA)
    return users or list(User.objects.filter(role=Role.COMENSHA, is_active=True))


# Sent for every deadline stored, with its ``due_at``: ``cases/tasks.py`` then wakes the background
# worker. A signal, so that the services need not import the task that runs them.
deadline_scheduled = dispatch.Signal()


def deadlines_finish(
    case: Case, kind: str, *, at: dt.datetime | None = None, **detail: Any
) -> None:
    """A deadline whose subject is settled (a hold answered, a stay ended) is done: it leaves
    "Geplande termijnen"; what settled it stays in the timeline."""
    rows = case.deadlines.filter(kind=kind, done_at__isnull=True)
    for key, value in detail.items():
        rows = rows.filter(**{f"detail__{key}": value})
    rows.update(done_at=at or timezone.now())


def schedule(case: Case, kind: str, due_at: dt.datetime, rule: str, **detail: Any) -> Deadline:
    """A deadline row (the truth) and a wake-up for the background worker at ``due_at``."""
    deadline = Deadline.objects.create(
        case=case, kind=kind, due_at=due_at, rule=rule, detail=detail
    )
    try:
        with transaction.atomic():  # a savepoint: a queue error must not poison the booking
            deadline_scheduled.send(sender=Deadline, due_at=due_at)
    except Exception:  # a queue outage must not lose the deadline: `process-deadlines` sweeps
        log.exception("could not enqueue the deadline wake-up; the sweep will process it")
    return deadline
